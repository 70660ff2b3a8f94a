"""Vigil's configuration: one frozen object, built once from arguments and the environment.

`Config.from_env()` is the only place Vigil reads a `VIGIL_*` variable. It is called at the
three entry points (the `vigil` command's root, the web app factory `web.asgi.app_from_env`,
and the Python facade `vigil.open`); everything below them receives the object, or the part
of it it needs, as an argument. Explicit arguments win over the environment. `VARIABLES`
lists every variable; the README's table is checked against it (tests/test_config.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.errors import InputError

DUCKDB_MEMORY = "3GB"
"""DuckDB's memory budget for linkage; beyond it, it spills to the temporary folder."""


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, the `Config` field it sets, and what it means."""

    name: str
    field: str
    meaning: str
    default: str


VARIABLES: tuple[Variable, ...] = (
    Variable("VIGIL_DB", "db", "store URL (`sqlite:///file.db`, `postgresql://…`)", "./vigil.db"),
    Variable("VIGIL_USER", "user", "acting user of CLI commands and the facade", "none"),
    Variable("VIGIL_PASSWORD", "password", "that user's password (else a prompt)", "none"),
    Variable("VIGIL_KEY_FILE", "key_file", "key file that seals/opens sensitive fields", "none"),
    Variable("VIGIL_PASSPHRASE", "passphrase", "passphrase instead of a key file", "none"),
    Variable(
        "VIGIL_INBOX_PUBLIC_KEY",
        "inbox_public_key",
        "the organisation's inbox public key (`vigil inbox keys new`); field reports are "
        "encrypted to it in the browser",
        "none (no report page)",
    ),
    Variable(
        "VIGIL_EVIDENCE_DIR",
        "evidence_dir",
        "folder of evidence files",
        "beside a SQLite file (required for PostgreSQL)",
    ),
    Variable(
        "VIGIL_INBOX_REJECTS",
        "inbox_rejects",
        "file the inbox's refused reports are written to (`vigil inbox open --skip-invalid`)",
        "inbox.rejects.csv beside the evidence folder",
    ),
    Variable(
        "VIGIL_SECRET_KEY",
        "secret_key",
        "signs web session cookies; shared by all workers",
        "random per start",
    ),
    Variable("VIGIL_HTTPS_ONLY", "https_only", "mark cookies Secure (`1`, `true`, `yes`)", "off"),
    Variable(
        "VIGIL_SEARCH_CACHE", "search_cache", "web search result pages cached (0: off)", "1024"
    ),
    Variable(
        "VIGIL_TRUSTED_PROXIES",
        "trusted_proxies",
        "proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated)",
        "none",
    ),
    Variable("VIGIL_DUCKDB_THREADS", "duckdb_threads", "DuckDB threads for linkage", "all cores"),
    Variable("VIGIL_DUCKDB_MEMORY", "duckdb_memory", "DuckDB memory budget", DUCKDB_MEMORY),
    Variable("VIGIL_SPARK_CORES", "spark_cores", "local Spark cores (`--engine spark`)", "2"),
    Variable("VIGIL_SPARK_MEMORY", "spark_memory", "Spark driver memory", "2g"),
)


def _text(value: str) -> str | None:
    return value or None


def _path(value: str) -> Path | None:
    return Path(value) if value else None


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Config:
    """Every setting Vigil takes from outside; `None` means "not given" (the default applies)."""

    db: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    key_file: Path | None = None
    passphrase: str | None = field(default=None, repr=False)
    inbox_public_key: Path | None = None
    evidence_dir: Path | None = None
    inbox_rejects: Path | None = None
    secret_key: str | None = field(default=None, repr=False)
    https_only: bool = False
    search_cache: int | None = None
    trusted_proxies: str | None = None
    duckdb_threads: int | None = None
    duckdb_memory: str = DUCKDB_MEMORY
    spark_cores: int = 2
    spark_memory: str = "2g"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Config:
        """The configuration from `environ` (default: the process environment), with the
        explicitly `given` values (those not None) taking precedence. A variable that cannot
        be read raises InputError naming it."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for var in VARIABLES:
            raw = env.get(var.name)
            if raw is None or raw == "":
                continue
            values[var.field] = _parse(var, raw)
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values).checked()

    def replace(self, **changes: Any) -> Config:
        """A copy with `changes` (those not None) applied."""
        return dataclasses.replace(
            self, **{k: v for k, v in changes.items() if v is not None}
        ).checked()

    def checked(self) -> Config:
        if self.search_cache is not None and self.search_cache < 0:
            raise InputError(f"VIGIL_SEARCH_CACHE must be >= 0, got {self.search_cache}")
        if self.duckdb_threads is not None and self.duckdb_threads < 1:
            raise InputError(f"VIGIL_DUCKDB_THREADS must be >= 1, got {self.duckdb_threads}")
        if self.spark_cores < 1:
            raise InputError(f"VIGIL_SPARK_CORES must be >= 1, got {self.spark_cores}")
        return self

    def to_env(self) -> dict[str, str]:
        """The variables that rebuild this configuration in another process (for the worker
        processes of `vigil serve --workers N`)."""
        out: dict[str, str] = {}
        for var in VARIABLES:
            value = getattr(self, var.field)
            if value is None or value is False:
                continue
            out[var.name] = "1" if value is True else str(value)
        return out

    def export(self) -> None:
        """Set `to_env()` in this process's environment: the worker processes uvicorn starts
        for `vigil serve --workers N` inherit it and rebuild this configuration."""
        os.environ.update(self.to_env())


def child_environment(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment for a child process (pg_dump, pg_restore): this process's, plus the
    `extra` variables that are not None (libpq reads PGPASSWORD and the like there)."""
    env = dict(os.environ)
    env.update({k: v for k, v in (extra or {}).items() if v is not None})
    return env


_INT_FIELDS = {"search_cache", "duckdb_threads", "spark_cores"}


def _parse(var: Variable, raw: str) -> Any:
    if var.field in _INT_FIELDS:
        try:
            return int(raw)
        except ValueError:
            raise InputError(f"{var.name} must be a whole number, got {raw!r}") from None
    if var.field in ("key_file", "evidence_dir", "inbox_public_key", "inbox_rejects"):
        return _path(raw)
    if var.field == "https_only":
        return _flag(raw)
    return _text(raw)


__all__ = ["DUCKDB_MEMORY", "VARIABLES", "Config", "Variable"]
