"""A store keyed by older name rules is linked with the current keys, and says so."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from vigil.services import audit, linking, rekeying
from vigil.services.importing import import_file
from vigil.store import Store
from vigil.store.models import Setting, SourceRecord
from vigil.synth import SynthConfig, generate, write_dataset


def _import_synth(store: Store, folder: Path, people: int = 150, seed: int = 5) -> None:
    write_dataset(generate(SynthConfig(people=people, seed=seed)), folder)
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        for s in csv.DictReader(fh):
            import_file(store, folder / s["file"], source=s["name"], group=s["independence_group"])


def _grouping(store: Store) -> set[frozenset[int]]:
    with store.session() as s:
        rows = s.execute(select(SourceRecord.id, SourceRecord.person_id)).all()
    by: dict[str, set[int]] = {}
    for rid, pid in rows:
        by.setdefault(pid, set()).add(rid)
    return {frozenset(v) for v in by.values()}


def test_a_new_store_is_stamped_and_links_with_its_stored_keys(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _import_synth(sqlite_store, tmp_path)
    with sqlite_store.session() as s:
        assert rekeying.keys_are_current(s)
    report = linking.run_linkage(sqlite_store)
    assert not any("name keys recomputed" in n for n in report.notes)


def test_stale_keys_are_recomputed_for_linking_and_left_stored(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _import_synth(sqlite_store, tmp_path)
    linking.run_linkage(sqlite_store)
    expected = _grouping(sqlite_store)
    # An older version's keys: a store with no fingerprint, some records keyed differently.
    with sqlite_store.session() as s:
        s.execute(delete(Setting).where(Setting.key == rekeying.FINGERPRINT_SETTING))
        ids = s.execute(select(SourceRecord.id).order_by(SourceRecord.id)).scalars().all()
        old = ids[::7]
        s.execute(
            update(SourceRecord)
            .where(SourceRecord.id.in_(old))
            .values(family_key="OLDKEY", given_latin="old")
        )
    report = linking.run_linkage(sqlite_store)
    note = next(n for n in report.notes if "name keys recomputed" in n)
    assert f"{len(old):,} of {len(ids):,}" in note
    assert _grouping(sqlite_store) == expected  # linked as if the keys were current
    with sqlite_store.session() as s:
        kept = s.execute(select(SourceRecord.family_key).where(SourceRecord.id.in_(old))).scalars()
        assert set(kept) == {"OLDKEY"}  # the stored (audited) columns are not rewritten


def test_recomputed_keys_equal_the_keys_stored_at_import(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _import_synth(sqlite_store, tmp_path, people=300, seed=9)
    with sqlite_store.session() as s:
        records = linking.load_records(s)
        keys = rekeying.current_keys(s)
    assert len(keys) == len(records) > 300
    assert rekeying.stale_records(records, keys) == 0


def test_the_fingerprint_follows_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    before = rekeying.keying_fingerprint()
    real = rekeying.name_keys

    def changed(parsed):  # type: ignore[no-untyped-def]
        keys = real(parsed)
        return type(keys)(**{**keys.__dict__, "family_key": keys.family_key + "X"})

    monkeypatch.setattr(rekeying, "name_keys", changed)
    rekeying.keying_fingerprint.cache_clear()
    try:
        assert rekeying.keying_fingerprint() != before
    finally:
        monkeypatch.undo()
        rekeying.keying_fingerprint.cache_clear()
    assert rekeying.keying_fingerprint() == before


def test_relinking_a_rekeyed_store_leaves_the_audit_log_verifiable(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _import_synth(sqlite_store, tmp_path)
    with sqlite_store.session() as s:  # a store keyed before fingerprints (logged removal)
        s.delete(s.get(Setting, rekeying.FINGERPRINT_SETTING))
    linking.run_linkage(sqlite_store)
    with sqlite_store.session() as s:
        report = audit.verify(s)
    assert report.ok, report
