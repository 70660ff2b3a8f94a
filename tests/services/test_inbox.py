"""The field-report inbox: the server stores ciphertext it cannot read; the analyst's key
opens it into an ordinary import batch; tampered, moved and replayed reports are refused by
name. All names here are synthetic."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text

from vigil.errors import InputError, IntegrityError
from vigil.security.crypto import write_key_file
from vigil.security.envelope import (
    REPORT_FIELDS,
    check_shape,
    key_id,
    open_envelope,
    read_private_key,
    read_public_key,
    seal_report,
    write_key_pair,
)
from vigil.security.permissions import Actor, Role
from vigil.services import inbox
from vigil.store import Store
from vigil.store.models import Evidence, EvidenceLink, InboxReport, Source, SourceRecord

WITNESS = "Witnessname Syntheticus"
ADMIN = Actor("admin", Role.ADMIN)


def _report(name: str = "Rostam Testi", **extra: str) -> dict[str, object]:
    fields = {
        "name": name,
        "violation": "killed",
        "date": "2019-11-16",
        "city": "Tehran",
        "witness_name": WITNESS,
        "witness_contact": "+98 900 000 0000",
        **extra,
    }
    return {"fields": fields, "files": []}


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public, _ = write_key_pair(tmp_path / "keys")
    return private, public


@pytest.fixture
def sealing_store(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    key = tmp_path / "seal.key"
    write_key_file(key)
    config = store.config.replace(key_file=key, evidence_dir=tmp_path / "evidence")
    monkeypatch.setattr(store, "config", config)
    return store


def _all_rows(store: Store) -> list[tuple[object, ...]]:
    from vigil.store.models import Base

    with store.session() as s:
        return [tuple(r) for t in Base.metadata.sorted_tables for r in s.execute(t.select())]


def _send(store: Store, public: Path, token: str, invite_id: str, report: dict) -> str:
    envelope = seal_report(read_public_key(public), invite_id, report)
    body = json.dumps(envelope).encode()
    inbox.receive(store, token, body, public_key=read_public_key(public))
    return str(envelope["rid"])


def test_key_files(keys: tuple[Path, Path], tmp_path: Path) -> None:
    private, public = keys
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert b"PRIVATE" not in public.read_bytes()
    with pytest.raises(InputError, match="refusing to overwrite"):
        write_key_pair(tmp_path / "keys")
    locked, _, _ = write_key_pair(tmp_path / "locked", passphrase="correct horse")
    with pytest.raises(InputError, match="passphrase"):
        read_private_key(locked)
    with pytest.raises(InputError, match="wrong passphrase"):
        read_private_key(locked, "wrong")
    assert read_private_key(locked, "correct horse")


def test_server_stores_only_ciphertext_and_cannot_open_it(
    store: Store, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    info, token = inbox.new_invite(store, "reporter A")
    rid = _send(store, public, token, info.id, _report())
    with store.session() as s:
        row = s.get(InboxReport, rid)
        assert row is not None
        assert row.invite_id == info.id and row.size > 0 and row.received_at % 3600 == 0
        stored = row.envelope
        columns = set(s.execute(text("SELECT * FROM inbox_reports")).keys())
    assert columns == {"report_id", "invite_id", "received_at", "size", "envelope"}
    assert WITNESS not in stored and "Rostam" not in stored
    # The server holds the public key only: it cannot derive the report's key.
    envelope = check_shape(stored)
    with pytest.raises(InputError, match="needs the inbox's private key"):
        open_envelope(read_public_key(public), envelope)  # type: ignore[arg-type]
    # Nothing the server holds (its whole database) shows the report in clear.
    dump = json.dumps([list(map(str, row)) for row in _all_rows(store)], ensure_ascii=False)
    assert WITNESS not in dump and "Rostam" not in dump
    # Nor can another private key open it.
    other, _, _ = write_key_pair(public.parent.parent / "other")
    with pytest.raises(IntegrityError, match="not to this key"):
        open_envelope(read_private_key(other), envelope)
    opened = open_envelope(read_private_key(private), envelope)
    assert opened["fields"]["witness_name"] == WITNESS


def test_invitation_refused_revoked_and_rate_limited(store: Store, keys: tuple[Path, Path]) -> None:
    _, public = keys
    info, token = inbox.new_invite(store, "reporter B")
    key = read_public_key(public)
    body = json.dumps(seal_report(key, info.id, _report())).encode()
    with pytest.raises(inbox.InviteRefused):
        inbox.receive(store, "not-a-token", body, public_key=key)
    policy = inbox.InboxPolicy(reports_per_hour=2)
    for _ in range(2):
        body = json.dumps(seal_report(key, info.id, _report())).encode()
        inbox.receive(store, token, body, public_key=key, policy=policy, now=1000.0)
    with pytest.raises(inbox.TooManyReports):
        inbox.receive(store, token, body, public_key=key, policy=policy, now=1001.0)
    # A new window an hour later.
    body = json.dumps(seal_report(key, info.id, _report())).encode()
    inbox.receive(store, token, body, public_key=key, policy=policy, now=1000.0 + 3600)
    inbox.revoke_invite(store, info.id)
    with pytest.raises(inbox.InviteRefused, match="revoked"):
        inbox.invite_for_token(store, token)
    body = json.dumps(seal_report(key, info.id, _report())).encode()
    with pytest.raises(inbox.InviteRefused):
        inbox.receive(store, token, body, public_key=key)
    assert [i.reports for i in inbox.list_invites(store)] == [3]


def test_replayed_moved_and_foreign_key_refused_by_the_server(
    store: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    _, public = keys
    key = read_public_key(public)
    a, token_a = inbox.new_invite(store, "reporter A")
    _, token_b = inbox.new_invite(store, "reporter B")
    body = json.dumps(seal_report(key, a.id, _report())).encode()
    inbox.receive(store, token_a, body, public_key=key)
    with pytest.raises(inbox.ReplayedReport, match="already received") as replay:
        inbox.receive(store, token_a, body, public_key=key)
    assert replay.value.same
    with pytest.raises(InputError, match=f"made for invitation {a.id}"):
        inbox.receive(store, token_b, body, public_key=key)
    _, other_public, _ = write_key_pair(tmp_path / "other")
    foreign = seal_report(read_public_key(other_public), a.id, _report())
    with pytest.raises(InputError, match="not to this inbox's key"):
        inbox.receive(store, token_a, json.dumps(foreign).encode(), public_key=key)
    with pytest.raises(InputError, match="not JSON"):
        inbox.receive(store, token_a, b"{nope", public_key=key)
    with store.session() as s:
        assert len(s.scalars(select(InboxReport)).all()) == 1


def test_tampered_and_moved_ciphertexts_refused_when_opened(keys: tuple[Path, Path]) -> None:
    private, public = keys
    key = read_public_key(public)
    good = seal_report(key, "inv_aaaaaaaaaaaaaaaa", _report())
    flipped = dict(good)
    ct = bytearray(base64.urlsafe_b64decode(good["ct"] + "=" * (-len(good["ct"]) % 4)))
    ct[5] ^= 1
    flipped["ct"] = base64.urlsafe_b64encode(bytes(ct)).rstrip(b"=").decode()
    moved = dict(good, inv="inv_bbbbbbbbbbbbbbbb")
    renamed = dict(good, rid="another-report-id")
    opener = read_private_key(private)

    def refused(*envelopes: dict[str, object]) -> list[str]:
        return inbox.open_envelopes(opener, [json.dumps(e) for e in envelopes]).refused

    assert refused(good) == []
    [changed] = refused(flipped)
    assert "tampered ciphertext" in changed and str(good["rid"]) in changed
    [moved_message] = refused(moved)
    assert "inv_bbbbbbbbbbbbbbbb" in moved_message and "does not authenticate" in moved_message
    [renamed_message] = refused(renamed)
    assert "another-report-id" in renamed_message
    [twice] = refused(good, good)
    assert "appears twice" in twice
    [shape] = refused({**good, "v": 2})
    assert "version 2" in shape


def test_open_imports_a_batch_with_sealed_witness_and_photo(
    sealing_store: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    store = sealing_store
    private, public = keys
    info, token = inbox.new_invite(store, "reporter C")
    photo = b"\x89PNG\r\n\x1a\n" + b"synthetic photo bytes" * 10
    with_photo = _report("Sohrab Testi")
    with_photo["files"] = [
        {"name": "p.png", "type": "image/png", "data": base64.b64encode(photo).decode()}
    ]
    rids = [
        _send(store, public, token, info.id, _report("رستم آزمایشی", city="اهواز")),
        _send(store, public, token, info.id, with_photo),
    ]
    bundle = tmp_path / "bundle.jsonl"
    assert inbox.export_bundle(store, bundle) == 2
    assert WITNESS not in bundle.read_text()
    opened = inbox.open_envelopes(read_private_key(private), inbox.read_bundle(bundle))
    done = inbox.import_opened(store, opened, evidence_actor=ADMIN, actor="analyst")
    assert done.result is not None and done.result.rows_added == 2
    assert done.files_added == 1
    with store.session() as s:
        records = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
        assert set(records) == set(rids)
        for r in records.values():
            assert r.sealed is not None and WITNESS not in json.dumps(r.raw, ensure_ascii=False)
        assert records[rids[0]].city_id is not None
        link = s.scalars(select(EvidenceLink)).one()
        assert link.record_id == records[rids[1]].id
        assert s.get(Evidence, link.evidence_sha256) is not None
    # Opening the same reports again adds nothing.
    again = inbox.import_opened(store, opened, evidence_actor=ADMIN)
    assert again.result is not None and again.result.already_imported
    # A batch with a tampered report is refused whole, by name.
    tampered = dict(
        json.loads(inbox.read_bundle(bundle)[0]),
        iv=base64.urlsafe_b64encode(b"\0" * 12).rstrip(b"=").decode(),
    )
    bad = inbox.open_envelopes(read_private_key(private), [json.dumps(tampered)])
    with pytest.raises(IntegrityError, match="tampered"):
        inbox.import_opened(store, bad, evidence_actor=ADMIN)
    assert key_id(read_public_key(public)) in inbox.read_bundle(bundle)[0]


def test_rate_limit_is_shared_by_two_server_processes(
    store: Store, keys: tuple[Path, Path]
) -> None:
    """Two stores opened on one database (as two workers do) share one limit: of 10 reports
    sent at once with a limit of 4, exactly 4 are taken."""
    from concurrent.futures import ThreadPoolExecutor

    from vigil.store import open_store

    _, public = keys
    key = read_public_key(public)
    info, token = inbox.new_invite(store, "reporter D")
    other = open_store(store.url)
    policy = inbox.InboxPolicy(reports_per_hour=4)
    bodies = [json.dumps(seal_report(key, info.id, _report())).encode() for _ in range(10)]

    def send(i: int) -> str:
        worker = store if i % 2 else other
        try:
            inbox.receive(worker, token, bodies[i], public_key=key, policy=policy, now=5000.0)
        except inbox.TooManyReports:
            return "limited"
        return "taken"

    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            outcomes = list(pool.map(send, range(10)))
    finally:
        other.close()
    assert outcomes.count("taken") == 4 and outcomes.count("limited") == 6
    assert [i.reports for i in inbox.list_invites(store)] == [4]


@pytest.mark.parametrize(
    ("report", "problem"),
    [
        ([1, 2], "not a JSON object"),
        ({"fields": {"shoe_size": "42"}}, "unknown field(s) shoe_size"),
        ({"fields": {"name": 7}}, "field name is not text"),
        ({"fields": {}, "files": [{"data": "%%%"}]}, "file 1 is not base64"),
        ({"fields": {}, "files": [{"data": ""}] * 4}, "4 files (at most 3)"),
        ({"fields": {}, "files": [{"name": "x"}]}, "file 1 has no data"),
    ],
)
def test_a_decrypted_report_that_is_not_one_is_refused_by_name(
    keys: tuple[Path, Path], report: object, problem: str
) -> None:
    private, public = keys
    envelope = seal_report(read_public_key(public), "inv_cccccccccccccccc", report)  # type: ignore[arg-type]
    opened = inbox.open_envelopes(read_private_key(private), [json.dumps(envelope)])
    assert opened.reports == []
    [message] = opened.refused
    assert problem in message and str(envelope["rid"]) in message


def test_opened_reports_go_through_linkage_like_a_file(
    sqlite_store: Store, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    """Synthetic sources imported as files, then an inbox report that repeats one of their
    rows: the ordinary `vigil link` puts it with that row's person, or in the review queue."""
    import csv

    from vigil.services import linking, review
    from vigil.services.importing import import_file
    from vigil.synth import SynthConfig, generate, write_dataset

    store = sqlite_store
    private, public = keys
    ds = generate(SynthConfig(people=300, seed=16))
    write_dataset(ds, tmp_path / "synth")
    with (tmp_path / "synth" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    for src in sources:
        import_file(
            store,
            tmp_path / "synth" / src["file"],
            source=src["name"],
            group=src["independence_group"],
        )
    with (tmp_path / "synth" / sources[0]["file"]).open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r.get("date") and r.get("city"))
    fields = {k: v for k, v in row.items() if k in REPORT_FIELDS and v}
    info, token = inbox.new_invite(store, "reporter E")
    rid = _send(store, public, token, info.id, {"fields": fields, "files": []})
    opened = inbox.open_envelopes(read_private_key(private), inbox.stored_envelopes(store))
    done = inbox.import_opened(store, opened, evidence_actor=ADMIN)
    assert done.result is not None and done.result.rows_added == 1
    linking.run_linkage(store)
    with store.session() as s:
        mine = s.scalars(select(SourceRecord).where(SourceRecord.source_record_id == rid)).one()
        theirs = s.scalars(
            select(SourceRecord)
            .join(Source, Source.id == SourceRecord.source_id)
            .where(Source.name == sources[0]["name"])
            .where(SourceRecord.source_record_id == row["source_record_id"])
        ).one()
        assert theirs is not None and mine.person_id is not None
        in_review = [
            item
            for item in review.review_items(s, None, limit=10_000)
            if mine.id in (item.record_l, item.record_r)
        ]
    assert mine.source_id != theirs.source_id
    assert mine.person_id == theirs.person_id or in_review


def test_refused_rows_go_beside_the_evidence_folder_not_the_current_one(
    sealing_store: Store,
    keys: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With `--skip-invalid` the invalid reports are written to the configured rejects file:
    by default `inbox.rejects.csv` beside the evidence folder, whatever folder the command
    runs in; `inbox_rejects` ($VIGIL_INBOX_REJECTS) and `--rejects` name another."""
    store = sealing_store
    private, public = keys
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    info, token = inbox.new_invite(store, "reporter F")
    _send(store, public, token, info.id, _report("Sohrab Testi"))
    bad = _send(store, public, token, info.id, _report("Kaveh Testi", date="not a date"))
    opened = inbox.open_envelopes(read_private_key(private), inbox.stored_envelopes(store))

    done = inbox.import_opened(store, opened, evidence_actor=ADMIN, skip_invalid=True)
    assert done.result is not None and (done.result.rows_added, done.result.rows_rejected) == (1, 1)
    default = tmp_path / "inbox.rejects.csv"  # the evidence folder is tmp_path / "evidence"
    assert done.result.rejects_file == str(default)
    assert bad in default.read_text(encoding="utf-8")
    assert WITNESS not in default.read_text(encoding="utf-8")
    assert list(elsewhere.iterdir()) == []

    configured = tmp_path / "conf" / "refused.csv"
    monkeypatch.setattr(store, "config", store.config.replace(inbox_rejects=configured))
    assert inbox.rejects_path(store) == configured
    given = tmp_path / "given.csv"
    assert inbox.rejects_path(store, given) == given


def test_a_store_without_a_folder_needs_the_rejects_file_named() -> None:
    from vigil.store import open_store

    store = open_store("sqlite://", create=True)  # in memory: no file to be beside
    try:
        with pytest.raises(InputError, match="VIGIL_INBOX_REJECTS"):
            inbox.rejects_path(store)
        assert inbox.rejects_path(store, Path("r.csv")) == Path("r.csv")
    finally:
        store.close()
