"""Persistence: SQLAlchemy models, engine/session handling and Alembic migrations."""

from vigil.store.db import Store, open_store, resolve_url

__all__ = ["Store", "open_store", "resolve_url"]
