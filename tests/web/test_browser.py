"""The web application in a real browser: Debian's Chromium driven by Playwright, headless.

Set VIGIL_SCREENSHOTS=DIR to also write screenshots of the small test world there; the
checked-in docs/screenshot-*.png come from scripts/web_screenshots.py on the demo store.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from tests.web.seed import PASSWORD, World, seed
from vigil.store import Store
from vigil.web import WebSettings, create_app

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser]  # and so `serial` (tests/conftest.py)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(sqlite_store: Store) -> Iterator[tuple[str, World]]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; run scripts/install_browser.sh")
        pytest.skip(f"{CHROMIUM} is missing; run scripts/install_browser.sh")
    world = seed(sqlite_store)
    port = _free_port()
    config = uvicorn.Config(
        create_app(sqlite_store, WebSettings(secret_key="browser-test")),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", world
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_browser_journey(server: tuple[str, World], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = server
    shots = Path(os.environ.get("VIGIL_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)

        # A wrong password gives a clear page; the right one signs in.
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", "not the password")
        page.click("button[type=submit]")
        expect(page.locator("#signin-error")).to_contain_text("Wrong user name or password")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("#n-persons")).to_have_text("4")

        # Search across scripts, as one types (htmx).
        page.goto(f"{base}/victims")
        page.fill("#q", "Mohammad")
        expect(page.locator("#victim-table")).to_contain_text("محمد حسینی")
        expect(page.locator("#victim-table")).to_contain_text("Mohammad Hosseini")
        expect(page.locator("#victim-table")).not_to_contain_text("Zahra")
        page.fill("#q", "کریمی")
        expect(page.locator("#victim-table")).to_contain_text("رضا کریمی")
        expect(page.locator("#victim-table tbody tr")).to_have_count(1)

        # The person page, right-to-left name, records side by side.
        page.goto(f"{base}/persons/{world.persons['mohammad_fa']}")
        expect(page.locator("#person-name")).to_have_attribute("dir", "auto")
        expect(page.locator("#records article")).to_have_count(1)
        page.screenshot(path=str(shots / "screenshot-person.png"), full_page=True)

        # Enter a report: the form warns of the persons already recorded.
        page.goto(f"{base}/intake")
        page.fill("input[name=name]", "Muhammad Hosseini")
        page.select_option("select[name=violation]", "killed")
        page.fill("input[name=date]", "1398-08-25")
        page.fill("input[name=city]", "Tehran")
        page.click("#check")
        expect(page.locator("#duplicate-warning")).to_be_visible()
        expect(page.locator("#duplicate-warning")).to_contain_text(world.persons["mohammad_fa"])

        # Resolve the review pair in one click; the dashboard follows.
        page.goto(f"{base}/review")
        expect(page.locator(f"#pair-{world.pair_id}")).to_contain_text("exact key")
        page.screenshot(path=str(shots / "screenshot-review.png"), full_page=True)
        page.click(f"#pair-{world.pair_id} button.confirm")
        expect(page.locator(f"#decided-{world.pair_id}")).to_be_visible()
        page.goto(f"{base}/dashboard")
        expect(page.locator("#n-persons")).to_have_text("3")
        expect(page.locator("svg circle").first).to_be_attached()
        page.screenshot(path=str(shots / "screenshot-dashboard.png"), full_page=True)

        # Persian interface: right-to-left, Jalali dates.
        page.select_option("select[name=lang]", "fa")
        page.select_option("select[name=calendar]", "jalali")
        page.click("form.prefs button")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1")).to_have_text("داشبورد")
        page.screenshot(path=str(shots / "screenshot-dashboard-fa.png"), full_page=True)
        browser.close()
    for name in ("person", "review", "dashboard"):
        assert (shots / f"screenshot-{name}.png").stat().st_size > 10_000


def test_browser_attribution_by_event(
    server: tuple[str, World], sqlite_store: Store, tmp_path: Path
) -> None:
    """The dashboard's attribution section, and the event chosen from its list."""
    from playwright.sync_api import expect, sync_playwright

    from vigil.services.events import add_event
    from vigil.store.models import Act

    base, world = server
    add_event(sqlite_store, "nov2019", "November 2019 protests", "2019-11-15", "2019-11-30")
    add_event(sqlite_store, "y2022", "2022 protests", "2022-09-16", "2023-03-31")
    with sqlite_store.session() as s:
        s.add(Act(record_id=world.records["r1"], wound="head", method="live_ammunition"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)  # the first dashboard starts an estimate
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "viewer")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/dashboard")
        table = page.locator("#attribution-shares")
        expect(table).to_contain_text("wounded in the head, neck or chest")
        expect(table).to_contain_text("100% (1 / 1)")
        page.select_option("#event-select", "y2022")
        page.click("#event-show")
        expect(page).to_have_url(f"{base}/dashboard?event=y2022")
        expect(page.locator("#attribution-shares")).to_contain_text("0 / 0")
        page.locator("#attribution").screenshot(path=str(tmp_path / "attribution.png"))
        browser.close()
    assert (tmp_path / "attribution.png").stat().st_size > 5_000
