"""The offline report page in a real browser (Debian's Chromium, Playwright, headless) against
`vigil serve` as an operator starts it: one visit, then offline; three reports (one in
Persian, one with a photo) encrypted and queued; online again, all sent; the server's store,
its WAL and its log hold no witness name; `vigil inbox open` on the analyst's side brings
them into the store as one import batch. All names are synthetic.

Set VIGIL_SCREENSHOTS=DIR to keep the screenshots (docs/screenshot-inbox-fa.png comes from
``VIGIL_SCREENSHOTS=docs uv run pytest tests/web/test_inbox_browser.py``).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.web.test_browser import CHROMIUM, LAUNCH_ARGS, _free_port
from vigil.cli.app import app
from vigil.security.crypto import write_key_file
from vigil.security.envelope import write_key_pair
from vigil.services import inbox
from vigil.store import open_store
from vigil.store.models import EvidenceLink, ImportBatch, InboxReport, SourceRecord

pytestmark = [pytest.mark.browser]

WITNESSES = ("شاهد نمونه‌ای", "Witnessa Fictiva", "Testwitness Imaginary")
VICTIM_FA = "رستم آزمایشی"


@dataclass
class Server:
    base: str
    url: str
    db: Path
    log: Path
    private_key: Path
    token: str


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; run scripts/install_browser.sh")
        pytest.skip(f"{CHROMIUM} is missing; run scripts/install_browser.sh")
    # The analyst's machine holds the private key; the server folder only the public one.
    private, public, _ = write_key_pair(tmp_path / "analyst")
    served = tmp_path / "server"
    served.mkdir()
    (served / "inbox_public.pem").write_bytes(public.read_bytes())
    db = served / "vigil.db"
    url = f"sqlite:///{db}"
    store = open_store(url, create=True)
    _, token = inbox.new_invite(store, "reporter 7")
    store.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env["VIGIL_INBOX_PUBLIC_KEY"] = str(served / "inbox_public.pem")
    log = served / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "vigil"), "--db", url, "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"vigil serve exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/inbox/sw.js", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("vigil serve did not answer in 60 s")
            time.sleep(0.3)
        yield Server(base, url, db, log, private, token)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _photo() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _fill(page, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        selector = f"#f-{name}"
        if name in ("sex", "violation"):
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def test_report_page_offline_then_sent_then_opened(server: Server, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("VIGIL_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    photo = _photo()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 480, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)

        # A wrong invitation gets no page.
        assert page.goto(f"{server.base}/inbox/r/not-an-invitation").status == 403

        # One visit online: the page caches itself and its scripts.
        errors: list[str] = []
        page.on(
            "console",
            lambda m: (
                errors.append(f"{m.text} {m.location.get('url')}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server.base}/inbox/r/{server.token}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("body")).to_have_attribute("data-offline-ready", "1")

        # Offline: the page still opens (from the service worker's cache).
        context.set_offline(True)
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-ready", "1")
        expect(page.locator("#net")).to_have_attribute("data-state", "offline")
        expect(page.locator("#report")).to_be_visible()

        # Three reports: in Persian, with a photo, in English.
        _fill(
            page,
            {
                "name": VICTIM_FA,
                "father_name": "سهراب",
                "sex": "male",
                "age": "19",
                "date": "2019-11-16",
                "city": "اهواز",
                "violation": "killed",
                "witness_name": WITNESSES[0],
                "witness_contact": "۰۹۱۲۰۰۰۰۰۰۰",
            },
        )
        page.screenshot(path=str(shots / "screenshot-inbox-fa.png"), full_page=True)
        page.click("#queue-report")
        expect(page.locator("#queue li")).to_have_count(1)
        _fill(
            page,
            {
                "given_name": "Sohrab",
                "family_name": "Imaginari",
                "violation": "injured",
                "city": "Shiraz",
                "witness_name": WITNESSES[1],
            },
        )
        page.set_input_files(
            "#f-files", files=[{"name": "photo.png", "mimeType": "image/png", "buffer": photo}]
        )
        page.click("#queue-report")
        expect(page.locator("#queue li")).to_have_count(2)
        page.click("button.lang[data-lang=en]")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        _fill(
            page,
            {
                "name": "Kaveh Placeholder",
                "violation": "arrested",
                "date": "2019-11-17",
                "city": "Tehran",
                "witness_name": WITNESSES[2],
            },
        )
        page.click("#queue-report")
        expect(page.locator("#queue li[data-status=queued]")).to_have_count(3)
        page.click("button.lang[data-lang=fa]")
        page.screenshot(path=str(shots / "screenshot-inbox-queue-fa.png"), full_page=True)

        # What the phone keeps is ciphertext: no witness name in its IndexedDB.
        stored = page.evaluate(
            """async () => {
                const db = await new Promise((ok, no) => {
                    const r = indexedDB.open("vigil-inbox"); r.onsuccess = () => ok(r.result);
                    r.onerror = () => no(r.error); });
                const all = await new Promise((ok) => {
                    const r = db.transaction("reports").objectStore("reports").getAll();
                    r.onsuccess = () => ok(r.result); });
                return all.map((e) => new TextDecoder().decode(e.box)).join("\\n");
            }"""
        )
        assert stored and not any(w in stored for w in WITNESSES) and VICTIM_FA not in stored

        # Online again: the queue is sent.
        context.set_offline(False)
        expect(page.locator("#queue li[data-status=sent]")).to_have_count(3)
        # No script error, nothing blocked by the strict CSP (Chromium's own favicon probe aside).
        assert [e for e in errors if "/favicon.ico" not in e] == []

        # An optional passphrase locks the queue on this device.
        page.click("#lock-box summary")
        page.fill("#lock-pass", "a long passphrase")
        page.click("#lock-form button")
        expect(page.locator("#message")).to_have_attribute("data-key", "lock_set")
        page.reload()
        expect(page.locator("#unlock")).to_be_visible()
        expect(page.locator("#report")).to_be_hidden()
        page.fill("#unlock-pass", "wrong passphrase")
        page.click("#unlock-form button")
        expect(page.locator("#message")).to_have_attribute("data-key", "wrong_passphrase")
        page.fill("#unlock-pass", "a long passphrase")
        page.click("#unlock-form button")
        expect(page.locator("#queue li[data-status=sent]")).to_have_count(3)
        browser.close()

    # The server holds ciphertext only: no witness (or victim) name in its store, WAL or log.
    opened = open_store(server.url)
    with opened.session() as s:
        rows = s.scalars(select(InboxReport)).all()
        assert len(rows) == 3
        rids = [r.report_id for r in rows]
    opened.close()
    wal = server.db.with_name("vigil.db-wal")
    assert wal.exists() and server.log.exists()  # the server is still running: WAL mode
    # The search below reads stored text as it is: the report ids are found that way.
    stored_bytes = server.db.read_bytes() + wal.read_bytes()
    assert all(rid.encode() in stored_bytes for rid in rids)
    for path in (server.db, wal, server.log):
        if path.exists():
            data = path.read_bytes()
            for secret in (*WITNESSES, VICTIM_FA):
                assert secret.encode("utf-8") not in data, f"{secret!r} in {path.name}"
    assert not any(
        b"PRIVATE KEY" in p.read_bytes() for p in server.db.parent.iterdir() if p.is_file()
    )

    # The analyst opens them with the private key into their own store: one import batch,
    # witness fields sealed, the photo as evidence.
    analysis = tmp_path / "analyst" / "vigil.db"
    seal_key = tmp_path / "analyst" / "seal.key"
    write_key_file(seal_key)
    open_store(f"sqlite:///{analysis}", create=True).close()
    runner = CliRunner()
    args = ["--db", f"sqlite:///{analysis}", "inbox", "open"]
    args += ["--key", str(server.private_key), "--store", server.url]
    result = runner.invoke(app, args, env={"VIGIL_KEY_FILE": str(seal_key)})
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output and "1 file(s) added" in result.output
    store = open_store(f"sqlite:///{analysis}")
    with store.session() as s:
        records = s.scalars(select(SourceRecord)).all()
        assert len(records) == 3 and all(r.sealed for r in records)
        assert {r.name_raw for r in records} >= {VICTIM_FA, "Kaveh Placeholder"}
        assert len(s.scalars(select(ImportBatch)).all()) == 1
        assert len(s.scalars(select(EvidenceLink)).all()) == 1
    store.close()
    # Opening again adds nothing.
    again = runner.invoke(app, args, env={"VIGIL_KEY_FILE": str(seal_key)})
    assert again.exit_code == 0 and "already imported" in again.output
