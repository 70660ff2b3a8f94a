"""The web application: `create_app(store, settings)` builds it; `vigil serve` runs it."""

from vigil.web.app import create_app
from vigil.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
