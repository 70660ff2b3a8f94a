"""The demo pipeline: synthetic sources → store → linkage → grades → estimate → statement.

It runs every step a real project runs, on data that is synthetic from end to end, so a
newcomer sees the whole product in one command and nothing real is ever shipped.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.domain import Role, SourceKind
from vigil.security.permissions import Actor
from vigil.store import Store, open_store

Say = Callable[[str], None]


@dataclass
class DemoResult:
    workdir: Path
    store_url: str
    records: int = 0
    persons: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    statement_dir: Path | None = None
    statement_lines: list[str] = field(default_factory=list)
    admin_password: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def synthesize(datadir: Path, people: int, seed: int) -> list[dict[str, str]]:
    """Write the synthetic sources; returns the rows of sources.csv."""
    from vigil.synth import SynthConfig, generate, write_dataset

    dataset = generate(SynthConfig(people=people, sources=4, seed=seed, hidden_fraction=0.05))
    write_dataset(dataset, datadir)
    with (datadir / "sources.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def import_sources(store: Store, datadir: Path, sources: list[dict[str, str]], say: Say) -> int:
    from vigil.services.importing import import_file

    added = 0
    for src in sources:
        res = import_file(
            store,
            datadir / src["file"],
            source=src["name"],
            kind=SourceKind(src["kind"]),
            group=src["independence_group"],
            actor="demo",
        )
        added += res.rows_added
        say(res.summary())
    return added


def create_admin(store: Store) -> str:
    """A demo admin with a random password (printed once, never stored in clear)."""
    from vigil.services.users import add_user, has_users

    password = secrets.token_urlsafe(12)
    with store.session() as s:
        if has_users(s):
            return ""
        add_user(s, Actor("demo", Role.ADMIN), "admin", "admin", password)
    return password


DEMO_EVENTS = (
    ("dec2017", "December 2017 to January 2018 protests", "2017-12-28", "2018-01-31"),
    ("nov2019", "November 2019 protests", "2019-11-15", "2019-12-31"),
    ("2022", "2022 protests", "2022-09-16", "2023-03-31"),
    ("1988", "1988 executions", "1988-07-19", "1988-12-31"),
)
"""Events every demo store holds (crackdowns by date range, as a project would register
them); the synthetic victims fall in November 2019."""


def add_demo_events(store: Store) -> int:
    """Register the demo's events (already registered ones are left as they are)."""
    from sqlalchemy import select

    from vigil.services.events import add_event
    from vigil.store.models import Event

    with store.session() as s:
        have = set(s.scalars(select(Event.slug)))
    added = 0
    for slug, name, start, end in DEMO_EVENTS:
        if slug not in have:
            add_event(store, slug, name, start, end, actor="demo")
            added += 1
    return added


HEAD_NECK_CHEST = ("chest", "head", "neck")


def add_synthetic_claims(store: Store) -> int:
    """Three invented claims placed around the synthetic counts and one about a share (of
    the dead wounded in the head, neck or chest), clearly labelled.

    Real published claims (src/vigil/claims/examples/) are about real events; comparing
    them with invented victims would put false verdicts beside real organisations' names,
    so the demo invents its claimants too.
    """
    import datetime as dt

    from vigil.claims.register import ClaimedShare, ClaimInput
    from vigil.services.capture import person_rows
    from vigil.services.claims import add_claim
    from vigil.services.figures import scope_statistics
    from vigil.statement.settings import Scope
    from vigil.statement.shares import scope_combined_share

    with store.session() as s:
        stats = scope_statistics(s)
    floor, total = stats.floor, stats.documented
    note = "SYNTHETIC claim invented for the Vigil demo; not a real statement"
    claims = [
        ("Synthetic official spokesperson", "official", max(1, floor * 2 // 3), "2020-05-31"),
        ("Synthetic rights group", "ngo", total, "2020-05-20"),
        ("Synthetic opposition council", "opposition", total * 4, "2019-12-15"),
    ]
    for actor, kind, figure, day in claims:
        add_claim(
            store,
            ClaimInput(
                actor=actor,
                figure=int(figure),
                date=dt.date.fromisoformat(day),
                scope="deaths, synthetic November 2019 protests",
                citation=note,
                kind=kind,
            ),
            actor="demo",
        )
    # A claim about a share, placed near the documented share of head, neck or chest
    # wounds (rounded to a multiple of 5, as such claims usually are).
    with store.session() as s:
        share, _ = scope_combined_share(person_rows(s), Scope(), "wound", HEAD_NECK_CHEST)
    documented = share.share if share.share is not None else 0.5
    add_claim(
        store,
        ClaimInput(
            actor="Synthetic medical association",
            figure=None,
            date=dt.date(2020, 2, 10),
            scope="deaths, synthetic November 2019 protests: shot in the head, neck or chest",
            citation=note,
            kind="ngo",
            share=ClaimedShare(float(5 * round(documented * 20)), "wound", HEAD_NECK_CHEST),
        ),
        actor="demo",
    )
    return len(claims) + 1


def write_demo_statement(store: Store, workdir: Path, say: Say) -> tuple[Path, list[str]]:
    from vigil.services.statement import write_statement
    from vigil.statement.signing import PRIVATE_NAME, new_keypair

    keys = workdir / "keys"
    private = keys / PRIVATE_NAME
    if not private.exists():  # the demo's signing key is kept across re-runs
        private = new_keypair(keys)[0]
    out = workdir / "statement"
    say("estimating the undocumented total and writing the signed statement")
    result = write_statement(store, out, key=private, synthetic=True, actor="demo")
    return out, result.summary()[1:]


def run_demo(workdir: Path, *, people: int = 1500, seed: int = 2019, say: Say) -> DemoResult:
    """Build a fresh demo store in `workdir` from synthetic data and return what it made."""
    from vigil.services.grading import grade_all
    from vigil.services.linking import run_linkage

    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "vigil.db"
    for old in (db, db.with_suffix(".db-wal"), db.with_suffix(".db-shm")):
        old.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{db}", create=True)
    result = DemoResult(workdir=workdir, store_url=store.url)
    try:
        say(f"generating {people:,} synthetic victims and 4 sources that record them")
        sources = synthesize(workdir / "data", people, seed)
        result.records = import_sources(store, workdir / "data", sources, say)
        say("linking records into persons (Splink, DuckDB)")
        report = run_linkage(store, actor="demo", progress=say)
        result.persons = report.n_persons
        say("grading every person")
        result.grades = grade_all(store, actor="demo").counts
        add_demo_events(store)
        add_synthetic_claims(store)
        result.statement_dir, result.statement_lines = write_demo_statement(store, workdir, say)
        result.admin_password = create_admin(store) or None
    finally:
        store.close()
    return result
