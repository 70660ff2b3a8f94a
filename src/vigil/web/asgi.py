"""An app factory that builds its configuration from the environment, for multi-process
serving.

`vigil serve --workers N` starts N uvicorn processes; each imports this factory, builds its
`Config` from the variables the parent set (`Config.to_env`) and opens its own connection to
the store named by $VIGIL_DB, where sessions, sign-in limits and pending uploads live, so any
worker answers any request. They share $VIGIL_SECRET_KEY, which keys the pending uploads'
encryption and the stored sign-in limit keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def app_from_env() -> FastAPI:
    from vigil.config import Config
    from vigil.errors import InputError
    from vigil.store import open_store
    from vigil.web import WebSettings, create_app

    config = Config.from_env()
    if not config.db:
        raise InputError("VIGIL_DB must name the store for a multi-process server")
    if not config.secret_key:
        raise InputError("VIGIL_SECRET_KEY must be shared by every server process")
    return create_app(open_store(config=config), WebSettings.from_config(config))
