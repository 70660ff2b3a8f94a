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
        result.admin_password = create_admin(store) or None
    finally:
        store.close()
    return result
