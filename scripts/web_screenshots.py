"""Screenshots of the web application on a demo store, for docs/.

    uv run vigil demo --dir /tmp/webdemo --no-serve      # prints the admin password
    uv run python scripts/web_screenshots.py --db /tmp/webdemo/vigil.db \
        --password '...' --out docs --statement /tmp/webdemo/statement

Serves the store on a free loopback port, signs in as `admin` with Debian's Chromium
(headless, through Playwright) and saves the dashboard, a person page (a person with at
least three records, in both Persian and Latin script), the review queue, the Persian
dashboard (Jalali dates) and the dashboard's attribution section for one event; with
`--statement DIR`, the statement page and its attribution section too.
"""

from __future__ import annotations

import argparse
import re
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import func, select

from vigil.store import open_store
from vigil.store.models import Person, SourceRecord
from vigil.web import WebSettings, create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PERSIAN = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z]")


def bilingual_person(db: str, min_records: int = 3) -> str:
    """The first person with `min_records` or more records, named in both scripts."""
    store = open_store(f"sqlite:///{db}")
    with store.session() as s:
        many = (
            select(SourceRecord.person_id)
            .join(Person, Person.id == SourceRecord.person_id)
            .where(Person.active.is_(True))
            .group_by(SourceRecord.person_id)
            .having(func.count() >= min_records)
            .order_by(SourceRecord.person_id)
        )
        for pid in s.scalars(many):
            names = s.scalars(select(SourceRecord.name_raw).where(SourceRecord.person_id == pid))
            text = " ".join(n or "" for n in names)
            if PERSIAN.search(text) and LATIN.search(text):
                store.close()
                return str(pid)
    store.close()
    raise SystemExit(f"no person with {min_records}+ records in both scripts in {db}")


def choose(page: Page, lang: str, calendar: str) -> None:
    page.select_option("select[name=lang]", lang)
    page.select_option("select[name=calendar]", calendar)
    page.click("form.prefs button")
    page.wait_for_selector(f"html[lang={lang}]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--user", default="admin")
    ap.add_argument("--password", required=True)
    ap.add_argument("--out", default="docs")
    ap.add_argument("--event", default="nov2019", help="Event of the attribution screenshot.")
    ap.add_argument("--statement", help="A statement folder: screenshot its statement.html too.")
    args = ap.parse_args()
    out = Path(args.out)
    person = bilingual_person(args.db)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(open_store(f"sqlite:///{args.db}"), WebSettings(estimate_wait_s=120))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.1)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(180_000)
            page.goto(f"{base}/login")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("button[type=submit]")
            page.wait_for_selector("#n-persons")
            choose(page, "en", "gregorian")  # the language is kept per user
            page.goto(f"{base}/dashboard")  # the estimate is ready now
            page.screenshot(path=str(out / "screenshot-dashboard.png"), full_page=True)
            page.goto(f"{base}/dashboard?event={args.event}")
            page.locator("#attribution").screenshot(path=str(out / "screenshot-attribution.png"))
            page.goto(f"{base}/persons/{person}")
            page.screenshot(path=str(out / "screenshot-person.png"), full_page=True)
            page.goto(f"{base}/review")
            # The queue is long: the first screenfuls show what a reviewer sees.
            page.set_viewport_size({"width": 1280, "height": 1800})
            page.screenshot(path=str(out / "screenshot-review.png"))
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"{base}/dashboard")
            choose(page, "fa", "jalali")
            page.wait_for_selector("html[dir=rtl]")
            page.screenshot(path=str(out / "screenshot-dashboard-fa.png"), full_page=True)
            if args.statement:
                page.goto(Path(args.statement, "statement.html").resolve().as_uri())
                page.screenshot(path=str(out / "statement.png"), full_page=True)
                page.locator("#attribution").screenshot(path=str(out / "statement-attribution.png"))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(f"person page: {person}; screenshots in {out}/")


if __name__ == "__main__":
    main()
