"""Linkage diagnostics (issue 12, item 4): the pure function and the `vigil link` service.

A store whose linkage is poor gets the warning; a good one does not.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from vigil.linkage.diagnostics import LIMITS, MIN_SINGLETON_EVENTS, diagnose
from vigil.services import linking
from vigil.store import Store
from vigil.store.models import LinkRun


def _pure(clusters: list[list[int]], pairs: list[tuple[int, int, float]], **kw: Any) -> Any:
    lenient = np.array(kw.pop("lenient", []), dtype=np.int64).reshape(-1, 2)
    ids = sorted(r for c in clusters for r in c)
    src = kw.pop("sources", {r: "AB"[r % 2] for r in ids})
    sex = kw.pop("sex", dict.fromkeys(ids, "male"))
    age = kw.pop("age", dict.fromkeys(ids, 30.0))
    low = kw.pop("low", dict.fromkeys(ids, False))
    arr = np.array(pairs, dtype=float).reshape(-1, 3)
    return diagnose(
        record_ids=ids,
        sources=[src[r] for r in ids],
        sex=[sex[r] for r in ids],
        age=[age[r] for r in ids],
        low_confidence=[low[r] for r in ids],
        left=arr[:, 0].astype(np.int64),
        right=arr[:, 1].astype(np.int64),
        probability=arr[:, 2],
        clusters=clusters,
        threshold=0.4,
        lenient_left=lenient[:, 0],
        lenient_right=lenient[:, 1],
        same_name=kw.pop("same_name", None),
    )


def test_clean_run_has_no_warning() -> None:
    clusters = [[2 * i, 2 * i + 1] for i in range(50)] + [[100 + i] for i in range(20)]
    pairs = [(2 * i, 2 * i + 1, 0.999) for i in range(50)] + [(0, 100, 0.001)]
    d = _pure(clusters, pairs)
    assert d.warnings == [] and d.reliable
    assert d.links == 50 and d.near_threshold_pairs == 0
    assert d.multi_record_persons == 50 and d.constraint_breaks == 0
    assert sum(n for _k, n in d.weight_histogram) == len(pairs)
    assert d.to_json()["reliable"] is True


def test_each_signal_warns_on_its_own() -> None:
    clusters = [[2 * i, 2 * i + 1] for i in range(50)] + [[100 + i] for i in range(20)]
    good = [(2 * i, 2 * i + 1, 0.999) for i in range(50)]
    # Low-confidence names.
    low = {r: r < 40 for c in clusters for r in c}
    d = _pure(clusters, good, low=low)
    assert len(d.warnings) == 1 and "low confidence" in d.warnings[0]
    # Mass near the threshold (weight within 2 bits of logit2(0.4)).
    near = [(2 * i, 2 * i + 1, 0.45 if i < 10 else 0.999) for i in range(50)]
    d = _pure(clusters, near)
    assert any("near the threshold" in w for w in d.warnings)
    # Singletons with a candidate in another person (missed links).
    missed = good + [(100 + i, 2 * i, 0.3) for i in range(10)]
    d = _pure(clusters, missed)
    assert d.near_miss_singletons == pytest.approx(0.5)
    assert any("scored candidate" in w for w in d.warnings)
    # Persons of both sexes / far-apart ages / same-source records with no direct evidence.
    sex = {r: "female" if r in (1, 3, 5, 7) else "male" for c in clusters for r in c}
    d = _pure(clusters, good, sex=sex)
    assert d.sex_breaks == 4 and any("namesakes" in w for w in d.warnings)
    chained = [[0, 1, 2]] + [[2 * i, 2 * i + 1] for i in range(2, 50)] + [[3]]
    pairs = [(0, 1, 0.99), (1, 2, 0.99), (0, 2, 0.1), *good[2:]]
    src = {r: "AB"[r % 2] for c in chained for r in c}  # records 0 and 2 are both on A
    d = _pure(chained, pairs, sources=src)
    assert d.same_source_breaks == 1
    pairs[2] = (0, 2, 0.9)  # a supported within-source duplicate is no break
    d = _pure(chained, pairs, sources=src)
    assert d.same_source_breaks == 0 and d.same_source_duplicates == 1
    # Scored 0.45 (over the 0.4 threshold, under SAME_SOURCE_P): a break unless the two
    # records carry the same whole name, which is how the clustering joins them.
    pairs[2] = (0, 2, 0.45)
    assert _pure(chained, pairs, sources=src).same_source_breaks == 1
    named = np.array([i == 2 for i in range(len(pairs))])
    d = _pure(chained, pairs, sources=src, same_name=named)
    assert d.same_source_breaks == 0 and d.same_source_duplicates == 1


def _namesakes(single_hits: int, linked_hits: int) -> Any:
    """100 linked persons of 2 records and 100 singletons; `single_hits` singletons and
    `linked_hits` linked records have a same-letters record in another person."""
    clusters = [[2 * i, 2 * i + 1] for i in range(100)] + [[1000 + i] for i in range(100)]
    pairs = [(2 * i, 2 * i + 1, 0.999) for i in range(100)]
    lenient = [(1000 + i, 2000 + i) for i in range(single_hits)]  # partners: other linked...
    lenient += [(2 * i, 3000 + i) for i in range(linked_hits)]
    # ...records; ids 2000+/3000+ are not in the store, only their partners are counted
    return _pure(clusters, pairs, lenient=lenient)


def test_same_letters_singletons_are_judged_against_the_namesake_rate() -> None:
    # 12% of singletons and 12% of linked records have a same-letters partner: namesakes
    # (dense common names), not missed links; the raw share alone used to warn.
    d = _namesakes(12, 24)
    assert d.lenient_singletons == pytest.approx(0.12)
    assert d.lenient_linked == pytest.approx(0.12)
    assert d.lenient_excess == pytest.approx(0.0) and d.warnings == []
    # The same 12% of singletons where linked records hardly have one: missed links.
    d = _namesakes(12, 2)
    assert d.lenient_excess == pytest.approx(0.12 - 0.01)
    assert len(d.warnings) == 1 and "same letters" in d.warnings[0]
    assert d.signals()["lenient_excess"] == d.lenient_excess


def test_a_few_singletons_are_not_judged() -> None:
    # 25% of 20 singletons are near misses, but 5 are too few to tell from chance.
    clusters = [[2 * i, 2 * i + 1] for i in range(50)] + [[100 + i] for i in range(20)]
    good = [(2 * i, 2 * i + 1, 0.999) for i in range(50)]
    few = MIN_SINGLETON_EVENTS // 2
    d = _pure(clusters, good + [(100 + i, 2 * i, 0.3) for i in range(few)])
    assert d.near_miss_singletons == pytest.approx(few / 20)
    assert d.near_miss_singletons > LIMITS["near_miss_singletons"]
    assert d.near_miss_count == few and d.warnings == []
    # Same-letters partners: 40% of 20 singletons against none of the linked records,
    # but only 8 singletons.
    d = _pure(clusters, good, lenient=[(100 + i, 500 + i) for i in range(8)])
    assert d.lenient_excess == pytest.approx(0.4) and d.warnings == []


def _run(store: Store, rows: list[dict[str, Any]]) -> tuple[linking.LinkReport, dict[str, Any]]:
    _load(store, rows)
    report = linking.run_linkage(store)
    with store.session() as s:
        stored = linking.latest_diagnostics(s)
        run = s.execute(select(LinkRun)).scalars().one()
        assert run.summary["diagnostics"] == stored
    assert stored is not None
    return report, stored


def test_a_well_linked_store_gets_no_warning(store: Store) -> None:
    rows, _truth = population(150, seed=11)
    report, stored = _run(store, rows)
    assert report.diagnostics is not None
    assert report.diagnostics.warnings == [], report.diagnostics.lines()
    assert stored["reliable"] is True and stored["records"] == len(rows)


def test_a_poorly_linked_store_gets_the_warning(store: Store) -> None:
    rows, _truth = population(150, seed=11)
    rng = random.Random(5)
    for r in rows:  # names as they come from a careless list: one word, or garbled
        if rng.random() < 0.5:
            r["family_key"] = None
            r["family_latin"] = ""  # the name as written is one word
        r["sex"] = rng.choice(["male", "female"])
        r["age"] = rng.randint(14, 60)
    report, stored = _run(store, rows)
    assert report.diagnostics is not None and report.diagnostics.warnings
    assert stored["reliable"] is False
    assert stored["low_confidence_names"] > LIMITS["low_confidence_names"]


def test_a_store_linked_at_too_high_a_threshold_gets_the_warning(store: Store) -> None:
    # The names are fine; the links are missed: singletons with candidates elsewhere,
    # decisions near the threshold, same-letters partners beyond the namesake rate.
    rows, _truth = population(150, seed=11)
    _load(store, rows)
    report = linking.run_linkage(store, threshold=0.99)
    d = report.diagnostics
    assert d is not None and d.warnings, d.lines()
    assert d.low_confidence_names == 0.0
    assert d.near_miss_singletons > LIMITS["near_miss_singletons"]
    assert d.lenient_excess > LIMITS["lenient_excess"]
    with store.session() as s:
        stored = linking.latest_diagnostics(s)
    assert stored is not None and stored["reliable"] is False
    assert stored["lenient_excess"] == pytest.approx(d.lenient_excess)


def test_the_dashboard_shows_the_stored_diagnostics(sqlite_store: Store) -> None:
    from fastapi.testclient import TestClient

    from tests.web.conftest import sign_in
    from tests.web.seed import add_user
    from vigil.web import WebSettings, create_app

    rows, _truth = population(150, seed=11)
    rng = random.Random(5)
    for r in rows:
        if rng.random() < 0.5:
            r["family_key"] = None
            r["family_latin"] = ""  # the name as written is one word
    _run(sqlite_store, rows)
    add_user(sqlite_store, "viewer", "viewer")
    app = create_app(
        sqlite_store, WebSettings(secret_key="k", estimate_method="chao", estimate_wait_s=0.1)
    )
    client = sign_in(TestClient(app, follow_redirects=False), "viewer")
    html = client.get("/dashboard").text
    assert 'id="linkage-diagnostics"' in html and 'id="linkage-warning"' in html
    assert "parsed with low confidence" in html
