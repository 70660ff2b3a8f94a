"""An app factory that reads its store from the environment, for multi-process serving.

`vigil serve --workers N` starts N uvicorn processes; each imports this factory and opens
its own connection to the store named by $VIGIL_DB, where sessions, sign-in limits and
pending uploads live, so any worker answers any request. They share $VIGIL_SECRET_KEY,
which keys the pending uploads' encryption and the stored sign-in limit keys.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def app_from_env() -> FastAPI:
    from vigil.errors import InputError
    from vigil.store import open_store
    from vigil.web import WebSettings, create_app

    url = os.environ.get("VIGIL_DB")
    if not url:
        raise InputError("VIGIL_DB must name the store for a multi-process server")
    if not os.environ.get("VIGIL_SECRET_KEY"):
        raise InputError("VIGIL_SECRET_KEY must be shared by every server process")
    return create_app(open_store(url), WebSettings.from_env())
