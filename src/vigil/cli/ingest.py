"""`vigil import`, `vigil sources`, `vigil records`: getting reports in and looking at them."""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli.context import console, err_console, state
from vigil.domain import SourceKind

# Below this many rows a progress bar is only noise.
PROGRESS_FROM = 5_000
KINDS = ", ".join(kind.value for kind in SourceKind)


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
    app.command("sources")(sources)
    app.command("records")(records)


def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV (UTF-8), XLSX or JSON Lines file."),
    source: str = typer.Option(..., "--source", "-s", help="Name of the reporting source."),
    kind: str | None = typer.Option(None, "--kind", help=f"Source kind for a new source: {KINDS}."),
    group: str | None = typer.Option(
        None, "--group", help="Independence group (sources copying one another share one)."
    ),
    mapping: Path | None = typer.Option(None, "--mapping", "-m", help="YAML column mapping."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Store the good rows; write bad ones to the rejects file."
    ),
    rejects: Path | None = typer.Option(
        None, "--rejects", help="Rejects file (default: FILE.rejects.csv)."
    ),
) -> None:
    """Import a file of reports from one source (all or nothing unless --skip-invalid)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from vigil.services.importing import import_file, parse_kind

    st = state(ctx)
    store = st.store()
    with Progress(
        TextColumn("[bold]importing[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(file.name, total=None, visible=False)

        def progress(done: int, total: int | None) -> None:
            visible = (total or done) >= PROGRESS_FROM
            bar.update(task, completed=done, total=total, visible=visible)

        result = import_file(
            store,
            file,
            source=source,
            kind=parse_kind(kind),
            group=group,
            mapping=mapping,
            skip_invalid=skip_invalid,
            rejects=rejects,
            actor=st.actor,
            progress=progress,
        )
    console.print(result.summary(), highlight=False, soft_wrap=True)


def sources(ctx: typer.Context) -> None:
    """List sources with their kind, independence group and record count."""
    from rich.table import Table

    from vigil.services.sources import list_sources

    store = state(ctx).store()
    table = Table(title="Sources")
    for col in ("id", "name", "kind", "group", "records"):
        table.add_column(col, justify="right" if col in ("id", "records") else "left")
    with store.session() as s:
        for src in list_sources(s):
            table.add_row(str(src.id), src.name, src.kind, src.group, f"{src.records:,}")
    console.print(table)


def records(
    ctx: typer.Context,
    search: str | None = typer.Option(
        None, "--search", "-q", help="Text in the name, record id or notes."
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many records to show."),
) -> None:
    """Show source records as stored (newest first)."""
    from rich.table import Table

    from vigil.domain import Role
    from vigil.places import Gazetteer
    from vigil.security.permissions import Actor
    from vigil.services.persons import list_records

    st = state(ctx)
    store = st.store()
    table = Table(title="Source records")
    for col in ("source", "id", "name", "sex", "age", "date", "province", "city", "violation"):
        table.add_column(col)
    places = Gazetteer.load()
    with store.session() as s:  # the operator holding the store reads every field
        rows = list_records(
            s, Actor(st.actor, Role.ADMIN), text=search, newest_first=True, limit=limit
        )
    for rec in rows:
        date = ""
        if rec.date_start is not None:
            same = rec.date_start == rec.date_end
            date = str(rec.date_start) if same else f"{rec.date_start}..{rec.date_end}"
        province = places.provinces.get(rec.province_code or "")
        city = places.places.get(rec.city_id) if rec.city_id is not None else None
        place_flag = "" if rec.place_resolved else " (?)"
        table.add_row(
            rec.source,
            rec.source_record_id,
            rec.name_raw,
            rec.sex or "",
            "" if rec.age is None else str(rec.age),
            date,
            (province.name_en if province else "") + place_flag,
            city.name_en if city else "",
            rec.violation or "",
        )
    shown = len(rows)
    console.print(table)
    if shown == 0:
        console.print("no records match" if search else "no records yet")
