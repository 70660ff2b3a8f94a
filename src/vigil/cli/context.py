"""What every command shares: the store URL and the acting user, from global options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:  # the store pulls in SQLAlchemy: loaded by the first command that needs it
    from vigil.store import Store

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    db: str | None = None
    user: str | None = None
    _store: Store | None = field(default=None, repr=False)

    @property
    def actor(self) -> str:
        """The name recorded as creator of rows and author of audit entries."""
        return self.user or os.environ.get("VIGIL_USER") or "cli"

    def store(self, *, create: bool = False) -> Store:
        """The store named by --db / VIGIL_DB, opened on first use."""
        if self._store is None or create:
            import vigil.services  # noqa: F401  (registers the audit net on every store)
            from vigil.store import open_store

            self._store = open_store(self.db, create=create)
        return self._store


def state(ctx: typer.Context) -> CliState:
    """The CliState of the root command, from any subcommand's context."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj
