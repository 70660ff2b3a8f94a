"""`vigil event add|list` and `vigil stats --by FIELD`: events and attribution shares.

Thin: options become an event or a Scope and go to `services.events` and
`services.attribution`; results are printed (or written as JSON).
"""

from __future__ import annotations

import json

import typer

from vigil.cli.context import console, state
from vigil.cli.statement import EVENT, WHERE, make_scope
from vigil.errors import InvalidValue
from vigil.security.permissions import Action

event_app = typer.Typer(
    help="Named events (crackdowns) and their date ranges.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(event_app, name="event")
    app.command("stats")(stats_cmd)


@event_app.command("add")
def event_add_cmd(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Short id, e.g. nov2019."),
    name: str = typer.Option(..., "--name", help="The event's name."),
    date_from: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD)."),
    date_to: str = typer.Option(..., "--to", help="Last day (YYYY-MM-DD)."),
    description: str | None = typer.Option(None, "--description", help="A sentence or two."),
) -> None:
    """Register an event; scopes name it with --event SLUG."""
    from vigil.cli.protect import acting_user
    from vigil.services.events import add_event

    store = state(ctx).store()
    with store.session() as s:
        who = acting_user(ctx, s, Action.EDIT_RECORDS).name
    e = add_event(store, slug, name, date_from, date_to, description=description, actor=who)
    console.print(f"event {e.slug} registered: {e.name}, {e.date_start} to {e.date_end}")


@event_app.command("list")
def event_list_cmd(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """Every event of the store, by start date."""
    from vigil.cli.protect import acting_user
    from vigil.services.events import list_events

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.READ_PUBLIC)
        events = list_events(s)
    if as_json:
        typer.echo(json.dumps([e.to_json() for e in events], ensure_ascii=False, indent=2))
        return
    if not events:
        console.print("no events registered (see `vigil event add`)")
    for e in events:
        console.print(f"{e.slug}: {e.name} ({e.date_start} to {e.date_end})", markup=False)


def stats_cmd(
    ctx: typer.Context,
    by: list[str] | None = typer.Option(
        None,
        "--by",
        help="Field (repeat): method, weapon, wound, perpetrator, place_kind, custody, "
        "sentence (default: all).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    interval: str = typer.Option("wilson", "--interval", help="wilson or exact."),
    level: float = typer.Option(0.95, "--level", help="Interval level."),
    date_from: str | None = typer.Option(None, "--from", help="Victims from this date."),
    date_to: str | None = typer.Option(None, "--to", help="Victims up to this date."),
    province: list[str] | None = typer.Option(None, "--province", help="Province (repeat)."),
    violation: list[str] | None = typer.Option(
        None, "--violation", help="Violation type (repeat; default: deaths)."
    ),
    event: str | None = EVENT,
    where: list[str] | None = WHERE,
) -> None:
    """Shares of the documented victims of a scope by attribute, with intervals and the
    share unknown."""
    from vigil.cli.protect import acting_user
    from vigil.services.figures import scope_shares
    from vigil.statement.attributes import FIELDS

    fields = list(dict.fromkeys(by or FIELDS))
    for f in fields:
        if f not in FIELDS:
            raise InvalidValue(f"--by {f!r}: use one of {', '.join(FIELDS)}")
    if interval not in ("wilson", "exact"):
        raise InvalidValue(f"--interval {interval!r}: use wilson or exact")
    scope = make_scope(date_from, date_to, province, violation, event, where)
    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.READ_PUBLIC)
        result = scope_shares(s, scope, fields, level=level, method=interval)  # type: ignore[arg-type]
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    pct = round(level * 100)
    console.print(f"[bold]Scope[/]: {result.description}", highlight=False)
    for name, fs in result.fields.items():
        t = Table(title=f"{name.replace('_', ' ')}: {fs.known:,} of {fs.persons:,} known")
        t.add_column("category")
        t.add_column("persons", justify="right")
        t.add_column("share of known", justify="right")
        t.add_column(f"{pct}% interval ({fs.method})", justify="right")
        for sh in fs.shares:
            share = f"{sh.share * 100:.1f}%" if sh.share is not None else "—"
            t.add_row(
                sh.category, f"{sh.count:,}", share, f"{sh.lower * 100:.1f}–{sh.upper * 100:.1f}%"
            )
        console.print(t)
        unknown = f" ({fs.unknown_share * 100:.1f}%)" if fs.unknown_share is not None else ""
        console.print(
            f"  unknown: {fs.unknown:,} of {fs.persons:,}{unknown}; "
            + (
                f"disputed (sources disagree, counted in each category given): {fs.disputed:,}"
                if fs.exclusive
                else "the categories overlap (one person can be in several)"
            )
        )
        if fs.multiple:
            console.print(
                f"  in more than one category: {fs.multiple:,} (a person counts once in every "
                "category their sources name: IRGC and Basij in one report, or police and "
                "IRGC in two), so the shares sum above 100%"
            )
