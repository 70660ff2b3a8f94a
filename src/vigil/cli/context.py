"""What every command shares: the configuration (store URL, acting user, ...) built once at
the root from the global options and the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from vigil.config import Config

if TYPE_CHECKING:  # the store pulls in SQLAlchemy: loaded by the first command that needs it
    from vigil.store import Store

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    config: Config = field(default_factory=Config)
    _store: Store | None = field(default=None, repr=False)

    @property
    def db(self) -> str | None:
        return self.config.db

    @property
    def user(self) -> str | None:
        return self.config.user

    @property
    def actor(self) -> str:
        """The name recorded as creator of rows and author of audit entries."""
        return self.config.user or "cli"

    def store(self, *, create: bool = False) -> Store:
        """The store named by --db / VIGIL_DB, opened on first use."""
        if self._store is None or create:
            import vigil.services  # noqa: F401  (registers the audit net on every store)
            from vigil.store import open_store

            self._store = open_store(create=create, config=self.config)
        return self._store


def state(ctx: typer.Context) -> CliState:
    """The CliState of the root command, from any subcommand's context."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):  # a command registered on an app of its own
        root.obj = CliState(Config.from_env())
    return root.obj
