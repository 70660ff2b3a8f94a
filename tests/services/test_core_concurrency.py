"""Concurrency defects of issue 13: a link run and a web report saved while it runs; person ids."""

from __future__ import annotations

import multiprocessing as mp

from sqlalchemy import select

from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from vigil.services import linking
from vigil.services.intake import Report, intake_report
from vigil.store import Store, open_store
from vigil.store.models import Person, SourceRecord, Violation


def _intake(store: Store, name: str) -> str:
    report = Report(name=name, violation="killed", date="2019-11-16")
    return intake_report(store, report, actor="tester")


def test_link_run_keeps_a_report_saved_while_it_ran(store: Store) -> None:
    rows, _truth = population(40, seed=5)
    _load(store, rows)
    saved: list[str] = []
    said: list[str] = []

    def progress(message: str) -> None:
        said.append(message)
        # Between the run's read of the store and its write-back, a report arrives.
        if message == "writing persons" and not saved:
            saved.append(_intake(store, "Zartosht Bahramzadeh"))

    linking.run_linkage(store, actor="tester", progress=progress)
    assert saved
    assert "the store changed while linking; linking again" in said
    with store.session() as s:
        record = s.scalars(
            select(SourceRecord).where(SourceRecord.name_raw == "Zartosht Bahramzadeh")
        ).one()
        assert record.person_id is not None
        person = s.get(Person, record.person_id)
        assert person is not None and person.active
        kinds = s.scalars(select(Violation.type).where(Violation.record_id == record.id)).all()
        assert kinds == ["killed"]
        assert (
            s.scalars(select(Violation.person_id).where(Violation.record_id == record.id)).one()
            == record.person_id
        )


def _save_many(url: str, n: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    store = open_store(url)
    try:
        out.put([_intake(store, f"Person Number{i}") for i in range(n)])
    finally:
        store.close()


def test_person_ids_from_two_processes_never_collide(store: Store) -> None:
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [ctx.Process(target=_save_many, args=(store.url, 15, out)) for _ in range(2)]
    for p in procs:
        p.start()
    got = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    ids = [i for part in got for i in part]
    assert len(ids) == 30 and len(set(ids)) == 30
