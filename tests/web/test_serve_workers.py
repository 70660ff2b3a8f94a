"""`vigil serve --workers N`: every process opens the same store and shares one signing key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.errors import InputError
from vigil.store import Store, open_store

if TYPE_CHECKING:
    import httpx


def test_serve_with_workers_hands_store_and_key_to_the_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    url = f"sqlite:///{tmp_path / 'v.db'}"
    open_store(url, create=True).close()
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    monkeypatch.delenv("VIGIL_DB", raising=False)
    monkeypatch.setenv("VIGIL_TRUSTED_PROXIES", "")
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    res = CliRunner().invoke(app, ["--db", url, "serve", "--workers", "2", "--port", "8123"])
    assert res.exit_code == 0, res.output
    target, kw = calls[0]
    assert target == "vigil.web.asgi:app_from_env"
    assert kw["factory"] is True and kw["workers"] == 2 and kw["port"] == 8123
    assert kw["proxy_headers"] is False  # no proxy named: X-Forwarded-* believed from nobody

    import os

    assert os.environ["VIGIL_DB"] == url
    assert len(os.environ["VIGIL_SECRET_KEY"]) >= 32

    from vigil.web.asgi import app_from_env

    asgi_app = app_from_env()  # what each worker process builds
    assert asgi_app.title


def test_serve_trusts_only_the_proxies_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    url = f"sqlite:///{tmp_path / 'v.db'}"
    open_store(url, create=True).close()
    monkeypatch.setenv("VIGIL_TRUSTED_PROXIES", "")  # restored after the test
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append(kw))
    args = ["--db", url, "serve", "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "::1"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert calls[0]["proxy_headers"] is True
    assert calls[0]["forwarded_allow_ips"] == ["10.0.0.0/8", "::1/128"]
    import os

    for name in ("VIGIL_DB", "VIGIL_SECRET_KEY"):  # serve --workers sets them: restored after
        monkeypatch.delenv(name, raising=False)
    res = CliRunner().invoke(app, [*args, "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert calls[1]["forwarded_allow_ips"] == ["10.0.0.0/8", "::1/128"]
    assert os.environ["VIGIL_TRUSTED_PROXIES"] == "10.0.0.0/8,::1"  # for worker processes
    res = CliRunner().invoke(app, ["--db", url, "serve", "--trusted-proxy", "my-proxy"])
    assert res.exit_code == 2 and "'my-proxy' is not an IP address" in res.output


def test_factory_refuses_without_a_shared_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from vigil.web.asgi import app_from_env

    monkeypatch.setenv("VIGIL_DB", "sqlite:///nowhere.db")
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="VIGIL_SECRET_KEY"):
        app_from_env()


# --- a real two-worker server -------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """`vigil serve --workers 2` on a seeded SQLite store, as an operator starts it."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    from tests.web.seed import seed

    folder = tmp_path_factory.mktemp("workers")
    url = f"sqlite:///{folder / 'vigil.db'}"
    store = open_store(url, create=True)
    seed(store)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "vigil"),
            "--db",
            url,
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--trusted-proxy",
            "127.0.0.1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise AssertionError(f"vigil serve exited: {err}")
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("vigil serve --workers 2 did not answer in 120 s")
            time.sleep(0.5)
        yield base, store
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        store.close()


def _browser(base: str, address: str) -> httpx.Client:
    """A client that opens a new connection for every request, so that requests are
    spread over both worker processes as a browser's would be over time. The server trusts
    127.0.0.1 as its proxy, so each test's `address` is a client of its own."""
    import httpx

    return httpx.Client(
        base_url=base,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"Connection": "close", "X-Forwarded-For": address},
        timeout=60,
    )


def _csrf(c: httpx.Client, path: str) -> str:
    import re

    m = re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text)
    assert m, path
    return m.group(1)


def _login(c: httpx.Client, username: str, password: str) -> int:
    r = c.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": _csrf(c, "/login")},
    )
    return r.status_code


@pytest.mark.serial
def test_two_workers_confirm_every_upload(two_workers: tuple[str, Store]) -> None:
    import re

    from sqlalchemy import func, select

    from tests.web.seed import PASSWORD
    from vigil.store.models import PendingUpload, SourceRecord

    base, store = two_workers
    c = _browser(base, "198.51.100.1")
    assert _login(c, "editor", PASSWORD) == 303
    with store.session() as s:
        before = s.scalar(select(func.count(SourceRecord.id))) or 0
    done = 0
    for i in range(6):
        text = (
            "id,name,sex,age,date,province,city,violation\n"
            f"w{i},Ali Rezaei {i},male,2{i},2019-11-16,Tehran,Tehran,killed\n"
        )
        r = c.post(
            "/upload",
            data={"source": f"Worker list {i}", "csrf_token": _csrf(c, "/upload")},
            files={"file": (f"list{i}.csv", text.encode(), "text/csv")},
        )
        assert r.status_code == 200, r.text
        action = re.search(r'action="(/upload/[^"]+)"', r.text)
        assert action
        r = c.post(action.group(1), data={"csrf_token": _csrf(c, "/upload")})
        done += r.status_code == 200 and 'id="import-result"' in r.text
    assert done == 6
    with store.session() as s:
        assert (s.scalar(select(func.count(SourceRecord.id))) or 0) == before + 6
        assert (s.scalar(select(func.count()).select_from(PendingUpload)) or 0) == 0


@pytest.mark.serial
def test_two_workers_hold_the_sign_in_limit(two_workers: tuple[str, Store]) -> None:
    c = _browser(two_workers[0], "198.51.100.2")
    statuses = [_login(c, "admin", "wrong password") for _ in range(8)]
    assert statuses == [401] * 5 + [429] * 3  # 5 allowed (the default), not 5 per worker


@pytest.mark.serial
def test_two_workers_sign_out_everywhere(two_workers: tuple[str, Store]) -> None:
    from tests.web.seed import PASSWORD

    base = two_workers[0]
    c = _browser(base, "198.51.100.3")
    assert _login(c, "viewer", PASSWORD) == 303
    saved = c.cookies["vigil_session"]
    assert [c.get("/victims").status_code for _ in range(4)] == [200] * 4
    assert c.post("/logout", data={"csrf_token": _csrf(c, "/victims")}).status_code == 303
    replay = _browser(base, "198.51.100.4")
    replay.cookies.set("vigil_session", saved)
    assert [replay.get("/victims").status_code for _ in range(6)] == [303] * 6


def test_figures_follow_the_store_in_every_worker(sqlite_store: Store) -> None:
    """Each worker keeps its own figures cache, keyed by the store's audit head: a change
    made anywhere (here: a claim added at the command line) is seen by every worker."""
    import datetime as dt

    from fastapi.testclient import TestClient

    from tests.web.conftest import sign_in
    from tests.web.seed import seed
    from vigil.claims.register import ClaimInput
    from vigil.services.claims import add_claim
    from vigil.web import WebSettings, create_app

    seed(sqlite_store)

    def worker() -> TestClient:
        settings = WebSettings(secret_key="shared", estimate_method="chao", estimate_wait_s=60)
        return sign_in(
            TestClient(create_app(sqlite_store, settings), follow_redirects=False), "viewer"
        )

    a, b = worker(), worker()
    for c in (a, b):
        assert [x["actor"] for x in c.get("/api/claims").json()] == ["Official source"]
    add_claim(
        sqlite_store,
        ClaimInput("Another actor", 1_000, dt.date(2020, 6, 1), "deaths", "synthetic"),
        actor="admin",
    )
    for c in (a, b):
        claims = c.get("/api/claims").json()
        assert [x["actor"] for x in claims] == ["Official source", "Another actor"]
        assert all(x["verdict"] for x in claims)
