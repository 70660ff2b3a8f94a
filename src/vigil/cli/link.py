"""`vigil link`, `vigil review`, `vigil export links|persons` and `vigil person show`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from vigil.cli.context import console, state
from vigil.errors import InputError
from vigil.linkage.backend import ENGINES

if TYPE_CHECKING:  # Splink, DuckDB and pandas load only when a linkage command runs
    from vigil.services import review
    from vigil.store import Store

export_app = typer.Typer(help="Write linkage results to files.", no_args_is_help=True)
person_app = typer.Typer(help="Find persons, look at one.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("link")(link_cmd)
    app.command("review")(review_cmd)
    app.add_typer(export_app, name="export")
    app.add_typer(person_app, name="person")
    export_app.command("links")(export_links_cmd)
    export_app.command("persons")(export_persons_cmd)
    person_app.command("show")(person_show_cmd)
    person_app.command("search")(person_search_cmd)


def link_cmd(
    ctx: typer.Context,
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Match probability needed to join two records (0-1)."
    ),
    confirm: tuple[str, str] | None = typer.Option(
        None, "--confirm", help="Record that records A and B are one person (id or SOURCE:ID)."
    ),
    separate: tuple[str, str] | None = typer.Option(
        None, "--separate", help="Record that records A and B are different people."
    ),
    note: str | None = typer.Option(None, "--note", help="Why (kept with the decision)."),
    decide_only: bool = typer.Option(
        False, "--decide-only", help="Record the decision without re-linking now."
    ),
) -> None:
    """Link all records into persons (decisions recorded first are obeyed)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from vigil.services import linking

    if engine not in ENGINES:
        raise InputError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    st = state(ctx)
    store = st.store()
    for pair, decision in ((confirm, "confirm"), (separate, "separate")):
        if pair:
            a, b = linking.record_decision(store, *pair, decision, actor=st.actor, note=note)
            console.print(f"Recorded: records {a} and {b} [bold]{decision}[/].")
    if decide_only:
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("linking", total=None)
        report = linking.run_linkage(
            store,
            engine=engine,
            threshold=threshold,
            actor=st.actor,
            progress=lambda m: bar.update(task, description=m),
        )
    ch = report.changes
    console.print(
        f"Run {report.run_id} ({report.engine}, threshold {report.threshold}): "
        f"{report.n_records:,} records -> [bold]{report.n_persons:,} persons[/] "
        f"in {report.seconds:.1f}s; {report.n_pairs:,} scored pairs kept, and "
        f"{report.n_same_letters:,} unscored same-letters pairs for review."
    )
    console.print(
        f"Ids: {len(ch.kept):,} kept, {len(ch.created):,} created, {len(ch.merged):,} merged, "
        f"{len(ch.split):,} split, {len(ch.retired):,} retired."
    )
    for old, new in list(ch.merged.items())[:20]:
        console.print(f"  merged {old} -> {new}")
    for old, parts in list(ch.split.items())[:20]:
        console.print(f"  split {old} -> also {', '.join(parts)}")
    for note_text in report.notes:
        console.print(f"[dim]note: {note_text}[/]")
    _print_diagnostics(report.diagnostics)


def _print_diagnostics(d: Any) -> None:
    """The run's linkage diagnostics, and a warning when they call the persons unreliable."""
    if d is None:
        return
    console.print("[bold]Linkage diagnostics[/] (no truth needed; stored with the run):")
    for line in d.lines():
        console.print(f"  {line}", markup=False)
    if d.warnings:
        console.print(
            "[bold red]WARNING:[/] the persons of this run are unreliable, and so is any "
            "total built on them:"
        )
        for w in d.warnings:
            console.print(f"  - {w}", markup=False)
    else:
        console.print("  [green]within every limit[/]")


def _fmt(v: Any) -> str:
    """A value as shown; a list (charges, several codes one text named) joined by commas."""
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


#: Record fields shown side by side by `vigil review` and `vigil person show`.
_SHOWN = (
    "source",
    "source_record_id",
    "name_raw",
    "father_name",
    "sex",
    "age",
    "date_start",
    "date_end",
    "province_code",
    "city_id",
    "violation",
    "person_id",
)


def _operator(ctx: typer.Context) -> Any:
    """Who reads through the CLI: whoever holds the store, with every right."""
    from vigil.domain import Role
    from vigil.security.permissions import Actor

    return Actor(state(ctx).actor, Role.ADMIN)


def _pair_table(item: review.ReviewItem, title: str) -> Table:
    t = Table(title=title, show_lines=False)
    t.add_column("field")
    t.add_column(f"record {item.record_l}")
    t.add_column(f"record {item.record_r}")
    for key in _SHOWN:
        t.add_row(key, _fmt(item.left.get(key)), _fmt(item.right.get(key)))
    return t


def _weights_table(ex: dict[str, Any]) -> Table:
    t = Table(show_header=True)
    t.add_column("comparison")
    t.add_column("level")
    t.add_column("match weight", justify="right")
    t.add_row("prior", "two random records", f"{ex['prior']:+.2f}")
    for f in ex["fields"]:
        weight = float(f["weight"])
        colour = "green" if weight > 0 else "red" if weight < 0 else "white"
        t.add_row(str(f["field"]), str(f["level"]), f"[{colour}]{weight:+.2f}[/]")
    if abs(ex["adjustment"]) > 0.005:
        t.add_row("name frequency", "term-frequency adjustment", f"{ex['adjustment']:+.2f}")
    t.add_row(
        "[bold]total[/]", f"probability {ex['probability']:.3f}", f"[bold]{ex['total']:+.2f}[/]"
    )
    return t


def review_cmd(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", help="How many pairs to show."),
    by_impact: bool = typer.Option(
        False,
        "--by-impact",
        help="Order by how much each decision is expected to move the total of deaths "
        "(instead of nearest the threshold first).",
    ),
) -> None:
    """Uncertain pairs, nearest the threshold first (or by impact on the total), explained
    field by field."""
    from vigil.services import review

    store = state(ctx).store()
    with store.session() as s:
        items = review.review_items(s, _operator(ctx), limit=limit, by_impact=by_impact)
    if not items:
        console.print("No uncertain pairs left to review.")
        return
    for i, item in enumerate(items, 1):
        title = f"match probability {item.probability:.3f}"
        if item.note:
            title = "not scored by the model"
        console.print(_pair_table(item, f"[{i}] {title}"))
        if item.impact is not None:
            console.print(f"  expected move of the total of deaths if decided: {item.impact:,.2f}")
        if item.note:
            console.print(f"  why it is here: {item.note}", markup=False, highlight=False)
        else:
            console.print(_weights_table(item.explanation))
        console.print(
            f"  decide: vigil link --confirm {item.record_l} {item.record_r}   |   "
            f"vigil link --separate {item.record_l} {item.record_r}\n"
        )


def export_links_cmd(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--output", help="CSV file to write."),
) -> None:
    """Every record with its person id and match probability (CSV)."""
    from vigil.services import linking

    n = linking.export_links(state(ctx).store(), output)
    console.print(f"Wrote {n:,} records to {output}")


def export_persons_cmd(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--output", help="File to write (.csv or .json)."),
) -> None:
    """Every active person with the facts derived from its records."""
    from vigil.services import linking

    n = linking.export_persons(state(ctx).store(), output)
    console.print(f"Wrote {n:,} persons to {output}")


def person_search_cmd(
    ctx: typer.Context,
    text: str = typer.Argument("", help="Name words, in either script (Ali finds علی)."),
    province: str | None = typer.Option(None, "--province", help="Province code."),
    violation: str | None = typer.Option(None, "--violation", help="Violation type."),
    grade: str | None = typer.Option(None, "--grade", help="Corroboration grade."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=500, help="Persons to show."),
    after: str | None = typer.Option(None, "--after", help="Show persons after this id."),
) -> None:
    """Persons whose records match every name word typed, as the victims page finds them."""
    from vigil.services.search import VictimFilter, search_victims

    found = VictimFilter(q=text, province=province, violation=violation, grade=grade, after=after)
    store = state(ctx).store()
    with store.session() as s:
        result = search_victims(s, found, page_size=limit)
    t = Table(title=f"Persons matching {text!r}" if text.strip() else "Persons")
    for col in ("id", "name", "latin", "sex", "age", "province", "date", "grade", "sources"):
        t.add_column(col)
    for r in result.rows:
        same = r.date_start == r.date_end
        date = _fmt(r.date_start) if same else f"{_fmt(r.date_start)}..{_fmt(r.date_end)}"
        t.add_row(
            r.id, r.display_name, _fmt(r.display_name_latin), _fmt(r.sex), _fmt(r.age),
            _fmt(r.province_code), date, _fmt(r.grade), str(r.n_sources),
        )  # fmt: skip
    console.print(t)
    if not result.rows:
        console.print("no person matches")
    elif result.has_next:
        console.print(f"more: vigil person search {text!r} --after {result.rows[-1].id}")


def person_show_cmd(ctx: typer.Context, person_id: str = typer.Argument(...)) -> None:
    """A person's records side by side and why they were linked."""
    from vigil.services import persons

    store = state(ctx).store()
    with store.session() as s:
        view = persons.person_view(s, person_id, _operator(ctx))
    p = view.person
    console.print(
        f"[bold]{p.id}[/] {p.display_name}"
        + (f" ({p.display_name_latin})" if p.display_name_latin else "")
        + ("" if p.active else " [red](inactive: merged or retired)[/]")
    )
    console.print(
        f"sex {_fmt(p.sex) or '?'}, age {_fmt(p.age) or '?'}, province {_fmt(p.province_code)}, "
        f"date {_fmt(p.date_start)}..{_fmt(p.date_end)}; "
        f"{p.n_sources} source(s), {p.n_groups} independent group(s)"
    )
    _print_grade(store, p)
    t = Table(title="Records")
    t.add_column("field")
    for r in view.records:
        t.add_column(f"{r.source} #{r.id}")
    for key in _SHOWN:
        if key == "person_id":
            continue
        if key == "source":
            t.add_row(key, *(r.source for r in view.records))
        elif key == "source_record_id":
            t.add_row(key, *(r.source_record_id for r in view.records))
        else:
            t.add_row(key, *(_fmt(r.fields.get(key)) for r in view.records))
    console.print(t)
    if view.acts:
        from rich.markup import escape

        acts = Table(title="How it happened, by source")
        acts.add_column("field")
        acts.add_column("as each source reports it")
        acts.add_column("sources")
        for a in view.acts:
            told = "\n".join(
                f"{_fmt(x.value)} ({x.source} #{x.record_id}"
                + (f", as reported: {x.raw}" if x.raw and x.raw != x.value else "")
                + (f", attributed by {x.by}" if x.by else "")
                + ")"
                for x in a.values
            )
            agreement = "[red]differ[/]" if a.agreement == "differ" else str(a.agreement)
            acts.add_row(a.field, escape(told), agreement)
        console.print(acts)
    inside = {r.id for r in view.records}
    links = [x for x in view.pairs if x["record_l"] in inside and x["record_r"] in inside]
    if links:
        console.print("[bold]Why linked[/] (scored pairs between these records):")
        for link in links:
            console.print(f"records {link['record_l']} & {link['record_r']}:")
            console.print(_weights_table(link["explanation"]))
    elif len(view.records) > 1:
        console.print("Linked by a human decision (no scored pair kept).")


def _print_grade(store: Store, person: Any) -> None:
    """Grade and reasons as the rules give them now, and the stored grade if it differs."""
    for line in explain_grade(store, person.id):
        console.print(line)


def explain_grade(store: Store, person_id: str) -> list[str]:
    """`person show` lines: the stored grade, and the grade the rules give now if different."""
    from vigil.services.grading import person_grade, stored_grade

    with store.session() as s:
        stored = stored_grade(s, person_id)
        now = person_grade(s, person_id)
    lines = [f"grade: {now.grade.value}"] + [f"  - {r}" for r in now.reasons]
    if stored is None:
        lines.append("  (not stored yet: run `vigil grade`)")
    elif stored != now.grade.value:
        lines.append(f"  (stored grade is {stored}: run `vigil grade` to update)")
    return lines
