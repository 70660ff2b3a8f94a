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

    from vigil.cli.protect import acting_user
    from vigil.security.permissions import Action
    from vigil.services.dashboard import store_counts

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.READ_PUBLIC)  # the rule `Vigil.status()` applies
        n = store_counts(s)
    table = Table(title=f"Vigil store: {store.url}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, count in (
        ("sources", n.sources),
        ("imports", n.imports),
        ("source records", n.records),
        ("persons", n.persons),
        ("link runs", n.link_runs),
        ("claims", n.claims),
        ("events", n.events),
        ("evidence files", n.evidence_files),
        ("audit entries", n.audit_entries),
        ("records not yet linked", n.unlinked),
    ):
        table.add_row(label, f"{count:,}")
    console.print(table)
