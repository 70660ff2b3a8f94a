"""`vigil init` and `vigil status`: create the store and say what it holds."""

from __future__ import annotations

import typer

from vigil.cli.context import console, state


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("status")(status)


def init(ctx: typer.Context) -> None:
    """Create the store (or bring its schema up to date)."""
    store = state(ctx).store(create=True)
    console.print(f"Store ready at [bold]{store.url}[/]")


def status(ctx: typer.Context) -> None:
    """Counts of what the store holds."""
    from rich.table import Table
    from sqlalchemy import func, select

    from vigil.store.models import (
        AuditEntry,
        Claim,
        Event,
        Evidence,
        ImportBatch,
        LinkRun,
        Person,
        Source,
        SourceRecord,
    )

    store = state(ctx).store()
    table = Table(title=f"Vigil store: {store.url}")
    table.add_column("what")
    table.add_column("count", justify="right")
    with store.session() as s:
        for label, model in (
            ("sources", Source),
            ("imports", ImportBatch),
            ("source records", SourceRecord),
            ("persons", Person),
            ("link runs", LinkRun),
            ("claims", Claim),
            ("events", Event),
            ("evidence files", Evidence),
            ("audit entries", AuditEntry),
        ):
            n = s.scalar(select(func.count()).select_from(model)) or 0
            table.add_row(label, f"{n:,}")
        unlinked = s.scalar(
            select(func.count()).select_from(SourceRecord).where(SourceRecord.person_id.is_(None))
        )
        table.add_row("records not yet linked", f"{unlinked or 0:,}")
    console.print(table)
