"""`vigil serve --workers N`: every process opens the same store and shares one signing key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vigil.cli.app import app
from vigil.errors import InputError
from vigil.store import open_store


def test_serve_with_workers_hands_store_and_key_to_the_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    url = f"sqlite:///{tmp_path / 'v.db'}"
    open_store(url, create=True).close()
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    monkeypatch.delenv("VIGIL_DB", raising=False)
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    res = CliRunner().invoke(app, ["--db", url, "serve", "--workers", "2", "--port", "8123"])
    assert res.exit_code == 0, res.output
    target, kw = calls[0]
    assert target == "vigil.web.asgi:app_from_env"
    assert kw["factory"] is True and kw["workers"] == 2 and kw["port"] == 8123

    import os

    assert os.environ["VIGIL_DB"] == url
    assert len(os.environ["VIGIL_SECRET_KEY"]) >= 32

    from vigil.web.asgi import app_from_env

    asgi_app = app_from_env()  # what each worker process builds
    assert asgi_app.title


def test_factory_refuses_without_a_shared_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from vigil.web.asgi import app_from_env

    monkeypatch.setenv("VIGIL_DB", "sqlite:///nowhere.db")
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="VIGIL_SECRET_KEY"):
        app_from_env()
