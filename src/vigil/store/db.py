"""Opening the store: engine, sessions and schema migrations.

SQLite is the embedded default (WAL journal, foreign keys on, one writer at a time);
PostgreSQL is selected by a ``postgresql://`` URL. Nothing here runs at import time:
callers open a `Store` explicitly and pass it down (no global engine).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVarTuple

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import Result, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.selectable import TypedReturnsRows

from vigil.config import Config
from vigil.errors import InputError

DEFAULT_URL = "sqlite:///vigil.db"
BACKENDS = ("sqlite", "postgresql")  # the databases a store may live in
MIGRATIONS = Path(__file__).parent / "migrations"
_Row = TypeVarTuple("_Row")


def resolve_url(url: str | None = None) -> str:
    """The store URL: explicit (`Config.db`: --db or $VIGIL_DB), else ./vigil.db; normalizes
    the PG driver."""
    raw = url or DEFAULT_URL
    if "://" not in raw:  # a bare path means a SQLite file
        raw = f"sqlite:///{raw}"
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    try:
        parsed = make_url(raw)
    except ArgumentError as e:
        raise InputError(f"not a database URL: {raw!r} ({e})") from e
    if parsed.get_backend_name() not in BACKENDS:
        raise InputError(
            f"{shown_url(raw)}: not a store Vigil opens (use sqlite:///file.db or "
            "postgresql://host/database)"
        )
    return raw


def shown_url(url: str) -> str:
    """`url` fit for a message: its password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _why_not(url: str) -> str:
    """Why a SQLite file cannot be opened, when its folder says so ("" otherwise)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return ""
    folder = Path(parsed.database).absolute().parent
    if not os.path.isdir(folder):  # False also when a folder above may not be entered
        return f" (the folder {folder} does not exist or cannot be entered)"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f" (the folder {folder} cannot be written by this user)"
    return ""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass(eq=False)  # one open store is itself, whatever its URL
class Store:
    """An open store: the engine plus a session factory, and the configuration it was opened
    with (services read the evidence folder, sealing key and linkage budgets from it)."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    config: Config = field(default_factory=Config)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        s = self.sessions()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def is_initialized(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    def close(self) -> None:
        self.engine.dispose()


#: What the layers above want done to every open store (the services layer installs the
#: audit log's safety net on its sessions) and to every store `vigil init` creates. The
#: store imports nothing above it: `vigil.services` registers these when it is imported.
StoreHook = Callable[[Store], None]
_ON_OPEN: list[StoreHook] = []
_ON_CREATE: list[StoreHook] = []
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()


def on_open(hook: StoreHook) -> None:
    """Run `hook` on every store opened from now on and on those already open."""
    if hook in _ON_OPEN:
        return
    _ON_OPEN.append(hook)
    for store in list(_OPEN):
        hook(store)


def on_create(hook: StoreHook) -> None:
    """Run `hook` on every store `open_store(create=True)` initializes."""
    if hook not in _ON_CREATE:
        _ON_CREATE.append(hook)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def open_store(
    url: str | None = None, *, create: bool = False, config: Config | None = None
) -> Store:
    """Open a store (`url`, else `config.db`, else ./vigil.db); with `create`, bring its
    schema up to date (``vigil init``). The store keeps `config` for the services."""
    config = config or Config()
    resolved = resolve_url(url or config.db)
    engine = make_engine(resolved)
    store = Store(resolved, engine, sessionmaker(engine, expire_on_commit=False), config)
    _OPEN.add(store)
    for hook in _ON_OPEN:
        hook(store)
    try:
        initialized = store.is_initialized()
    except OperationalError as e:
        raise InputError(
            f"cannot open the store at {shown_url(resolved)}: {e.orig}{_why_not(resolved)}"
        ) from e
    if create:
        upgrade(store)
        if not initialized:
            for hook in _ON_CREATE:
                hook(store)
    elif not initialized:
        raise InputError(f"no Vigil store at {shown_url(resolved)}; run `vigil init` first")
    return store


def upgrade(store: Store) -> None:
    """Apply every pending Alembic migration."""
    from alembic import command

    cfg = alembic_config(store.url)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def plain_rows(session: Session, statement: TypedReturnsRows[*_Row]) -> Result[*_Row]:
    """Rows of a column query through the session's connection, without the ORM's row
    handling (a third less time on the tens of thousands of rows the figures read). The
    session is flushed first when it autoflushes, so the rows see its pending changes as
    `session.execute` would."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement)
