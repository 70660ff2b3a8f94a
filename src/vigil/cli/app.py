"""The `vigil` command: global options, error handling, and the command modules.

Each topic lives in its own module with a `register(app)` function; this file only
wires them together and turns VigilError into a message and an exit code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from vigil import __version__
from vigil.cli import context as ctxmod
from vigil.cli.context import CliState, err_console
from vigil.config import Config
from vigil.errors import IntegrityError, VigilError


def os_message(e: OSError) -> str:
    """An OS error as one line naming the path and what is wrong with it."""
    what = e.strerror or type(e).__name__
    if e.filename is None:
        return f"{what} ({e})" if str(e) != what else what
    path = Path(os.fsdecode(e.filename))
    where = f"{path} -> {os.fsdecode(e.filename2)}" if e.filename2 else str(path)
    hint = ""
    if isinstance(e, FileNotFoundError) and not path.parent.exists():
        hint = f" (the folder {path.parent} does not exist)"
    elif isinstance(e, NotADirectoryError):
        hint = " (a part of this path is a file, not a folder)"
    elif isinstance(e, PermissionError):
        hint = " (not allowed for this user)"
    return f"{where}: {what}{hint}"


class VigilGroup(TyperGroup):
    """Root group that reports Vigil and OS errors as one clear message, not a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VigilError as e:
            err_console.print(f"[bold red]error:[/] {e}", highlight=False, markup=True)
            raise typer.Exit(1 if isinstance(e, IntegrityError) else 2) from None
        except OSError as e:  # a file or folder that cannot be read or written
            err_console.print(f"[bold red]error:[/] {escape(os_message(e))}", highlight=False)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=VigilGroup,
    help="Vigil: record, link, grade, estimate and publish auditable casualty counts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vigil {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="Store URL (sqlite:///file.db or postgresql://...); else $VIGIL_DB."
    ),
    user: str | None = typer.Option(None, "--user", help="Acting user; else $VIGIL_USER."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    # The one place the command reads the environment (README, "Configuration").
    ctx.obj = CliState(Config.from_env(db=db, user=user))


def _register_all() -> None:
    from vigil.cli import (
        attribution,
        demo,
        estimate,
        forms,
        inbox,
        ingest,
        link,
        protect,
        statement,
        store_cmds,
        synth,
        tokens,
        web,
    )

    modules = (store_cmds, ingest, forms, inbox, synth, link, estimate, statement, attribution)
    for module in (*modules, protect, tokens, web, demo):
        module.register(app)


_register_all()


def main() -> None:
    try:
        app()
    except VigilError as e:  # raised outside a command (e.g. in the root callback)
        err_console.print(f"[bold red]error:[/] {e}")
        sys.exit(2)


__all__ = ["app", "ctxmod", "main"]
