"""Capture tables from the store (services/capture.py) on SQLite and PostgreSQL.

Synthetic people are written with known list memberships, dates and violations; the expected
tables are recomputed here from that design, independently of the service's queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from vigil.errors import EstimationRefused, InvalidValue
from vigil.estimate.table import CaptureTable
from vigil.services.capture import capture_tables
from vigil.statement.settings import Scope
from vigil.store import Store
from vigil.store.models import Person, Source, SourceRecord, Violation

SOURCES = [("S1", "G1"), ("S1-copy", "G1"), ("S2", "G2"), ("S3", "G3")]
VIOLATIONS = ("killed", "detained")
BOTH = Scope.of(violations=VIOLATIONS)
DATES = (dt.date(2019, 11, 16), dt.date(2019, 11, 25), dt.date(2019, 12, 3))


def _design(n: int = 240, seed: int = 4) -> list[dict[str, object]]:
    """Who is on which source, with a date and a violation; everyone is on >= 1 source."""
    rng = np.random.default_rng(seed)
    people: list[dict[str, object]] = []
    for i in range(n):
        seen = rng.random(len(SOURCES)) < np.array([0.5, 0.3, 0.5, 0.45])
        if not seen.any():
            continue
        people.append(
            {
                "id": f"P-{i:06d}",
                "on": [SOURCES[j][0] for j in np.flatnonzero(seen)],
                "date": DATES[i % 3],
                "violation": VIOLATIONS[i % 2],
                "active": i % 17 != 0,  # some persons were merged away
            }
        )
    return people


def _fill(store: Store, people: list[dict[str, object]]) -> None:
    with store.session() as s:
        src = {n: Source(name=n, kind="other", independence_group=g) for n, g in SOURCES}
        s.add_all(src.values())
        s.flush()
        for p in people:
            pid = str(p["id"])
            s.add(
                Person(
                    id=pid,
                    display_name=pid,
                    date_start=p["date"],
                    active=bool(p["active"]),
                )
            )
            s.flush()
            s.add(Violation(person_id=pid, type=str(p["violation"])))
            for name in p["on"]:  # type: ignore[attr-defined]
                s.add(
                    SourceRecord(
                        source_id=src[name].id,
                        source_record_id=f"{pid}-{name}",
                        raw={},
                        content_sha256=f"{pid}-{name}".ljust(64, "0")[:64],
                        name_raw=pid,
                        person_id=pid,
                    )
                )


def _expected(people: list[dict[str, object]], lists: str, key: str | None) -> dict[str, Counter]:
    group = dict(SOURCES)
    out: dict[str, Counter] = {}
    for p in people:
        if not p["active"]:
            continue
        labels = frozenset(
            n if lists == "source" else group[n]
            for n in p["on"]  # type: ignore[attr-defined]
        )
        d: dt.date = p["date"]  # type: ignore[assignment]
        stratum = {
            None: "all",
            "violation": str(p["violation"]),
            "month": d.strftime("%Y-%m"),
            "week": f"{d.isocalendar().year}-W{d.isocalendar().week:02d}",
        }[key]
        out.setdefault(stratum, Counter())[labels] += 1
    return out


def _as_counter(t: CaptureTable) -> Counter:
    c: Counter = Counter()
    for row, n in zip(t.patterns, t.counts, strict=True):
        c[frozenset(name for name, bit in zip(t.lists, row, strict=True) if bit)] += int(n)
    return c


@pytest.mark.parametrize("lists", ["group", "source"])
def test_tables_match_the_design(store: Store, lists: str) -> None:
    people = _design()
    _fill(store, people)
    with store.session() as s:
        tables = capture_tables(s, scope=BOTH, lists=lists)
    want = _expected(people, lists, None)
    assert set(tables) == {"all"}
    t = tables["all"]
    assert _as_counter(t) == want["all"]
    assert t.observed == sum(want["all"].values())  # inactive persons left out
    if lists == "group":
        assert list(t.lists) == ["G1", "G2", "G3"]
    else:
        assert list(t.lists) == ["S1", "S1-copy", "S2", "S3"]


@pytest.mark.parametrize("field", ["violation", "month", "week"])
def test_strata_tables_match_the_design(store: Store, field: str) -> None:
    people = _design(n=600)
    _fill(store, people)
    with store.session() as s:
        tables = capture_tables(s, scope=BOTH, lists="group", strata=field)
    want = _expected(people, "group", field)
    assert set(tables) == set(want)
    for name, table in tables.items():
        assert _as_counter(table) == want[name], name
    if field == "month":
        assert set(tables) == {"2019-11", "2019-12"}
    if field == "week":
        assert set(tables) == {"2019-W46", "2019-W48", "2019-W49"}
    if field == "violation":
        assert set(tables) == set(VIOLATIONS)


def test_thin_stratum_is_refused_by_name(store: Store) -> None:
    people = _design(n=600)
    # One extra person in a week of their own: far too thin for MSE.
    people.append(
        {
            "id": "P-999999",
            "on": ["S1", "S2"],
            "date": dt.date(2020, 1, 6),
            "violation": "killed",
            "active": True,
        }
    )
    _fill(store, people)
    with store.session() as s, pytest.raises(EstimationRefused, match=r"week=2020-W02"):
        capture_tables(s, scope=BOTH, lists="group", strata="week")


def test_unknown_field_and_empty_store(store: Store) -> None:
    with store.session() as s, pytest.raises(EstimationRefused, match="no linked persons"):
        capture_tables(s)
    _fill(store, _design(n=60))
    with store.session() as s, pytest.raises(InvalidValue, match="shoe_size"):
        capture_tables(s, strata="shoe_size")


def test_default_scope_counts_the_statements_persons(store: Store) -> None:
    """Default scope is deaths (as the statement's) and discounted persons are left out."""
    people = _design(n=600)
    _fill(store, people)
    with store.session() as s:
        for i, pid in enumerate(sorted(str(p["id"]) for p in people)):
            if i % 11 == 0:
                person = s.get(Person, pid)
                assert person is not None
                person.grade = "discounted"
    discounted = {
        str(p["id"])
        for i, p in enumerate(sorted(people, key=lambda p: str(p["id"])))
        if i % 11 == 0
    }
    kept = [p for p in people if p["violation"] == "killed" and str(p["id"]) not in discounted]
    with store.session() as s:
        t = capture_tables(s)["all"]
    assert _as_counter(t) == _expected(kept, "group", None)["all"]
    assert t.observed < sum(1 for p in people if p["active"])
