"""Sealed sensitive fields on source records: key set-up, sealing, reading, import split.

The store keeps only a key check value (and, for a passphrase, the Argon2id salt) in the
`seal_key` setting; the key itself lives in a key file or a person's head. Without a key
everything else works and sensitive fields read as "[withheld]".

For importers: `split_and_seal(sealer, raw, fields, aad)` removes sensitive columns from a
row's raw dict before it is stored and returns their ciphertext for `SourceRecord.sealed`;
it refuses (InputError) when a row has a sensitive value and no key was given, so plaintext
is never written.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.security.crypto import (
    ARGON2_MEMORY_KIB,
    ARGON2_PARALLELISM,
    ARGON2_TIME_COST,
    WITHHELD,
    Sealer,
    WrongKey,
    derive_key,
    read_key_file,
    record_aad,
)
from vigil.security.permissions import (
    DEFAULT_SENSITIVE_FIELDS,
    Action,
    HasRole,
    can,
    require,
)
from vigil.services import audit
from vigil.store import Store
from vigil.store.models import Setting, SourceRecord

KEY_SETTING = "seal_key"
FIELDS_SETTING = "sensitive_fields"
ENV_KEY_FILE = "VIGIL_KEY_FILE"
ENV_PASSPHRASE = "VIGIL_PASSPHRASE"


def field_name(name: str) -> str:
    """Column names compare as lower-case snake case ("Witness Name" == "witness_name")."""
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


def sensitive_fields(session: Session) -> tuple[str, ...]:
    """The default sensitive fields plus those the organization added."""
    setting = session.get(Setting, FIELDS_SETTING)
    extra = list(setting.value.get("fields", [])) if setting else []
    out = list(DEFAULT_SENSITIVE_FIELDS)
    out += [field_name(f) for f in extra if field_name(f) not in out]
    return tuple(out)


# Record columns holding the normalized text of a field that can be marked sensitive.
SEALABLE_COLUMNS: Mapping[str, str] = {"notes": "notes", "father_name": "father_name"}


def add_sensitive_fields(
    session: Session,
    actor: HasRole,
    fields: Iterable[str],
    *,
    sealer: Sealer | None = None,
) -> tuple[str, ...]:
    """Mark more fields sensitive, and seal the values of those fields already stored.

    Every stored record holding a value of a newly marked field (in its raw input or in the
    matching column) gets it moved into its sealed part: removed from the raw JSON and the
    column, its content digest recomputed without it. Refused (InputError, nothing
    changed) when such values exist and no `sealer` was given. One audit entry names the
    fields and how many records were sealed; each record's change is logged as well.
    """
    require(actor, Action.MANAGE_SETTINGS)
    current = set(sensitive_fields(session)) - set(DEFAULT_SENSITIVE_FIELDS)
    added = {field_name(f) for f in fields if f.strip()} - set(sensitive_fields(session))
    new = sorted(current | added)
    before = sorted(current)
    sealed = _seal_stored(session, _name(actor), sorted(added), sealer) if added else 0
    setting = session.get(Setting, FIELDS_SETTING)
    if setting is None:
        session.add(Setting(key=FIELDS_SETTING, value={"fields": new}))
    else:
        setting.value = {"fields": new}
    audit.record(
        session,
        _name(actor),
        "update",
        "settings",
        FIELDS_SETTING,
        {"fields": before},
        {"fields": new, "records_sealed": sealed},
    )
    return sensitive_fields(session)


def remove_sensitive_fields(
    session: Session, actor: HasRole, fields: Iterable[str]
) -> tuple[str, ...]:
    """Unmark fields (admins only, audited). Values sealed so far stay sealed; only
    future imports keep these fields in clear. The default fields cannot be unmarked."""
    require(actor, Action.MANAGE_SETTINGS)
    gone = {field_name(f) for f in fields if f.strip()}
    defaults = sorted(gone & set(DEFAULT_SENSITIVE_FIELDS))
    if defaults:
        raise InputError(f"{', '.join(defaults)}: sensitive by default, cannot be unmarked")
    current = set(sensitive_fields(session)) - set(DEFAULT_SENSITIVE_FIELDS)
    unknown = sorted(gone - current)
    if unknown:
        raise InputError(f"not a sensitive field: {', '.join(unknown)}")
    new = sorted(current - gone)
    setting = session.get(Setting, FIELDS_SETTING)
    if setting is not None:
        setting.value = {"fields": new}
    audit.record(
        session,
        _name(actor),
        "unmark_sensitive",
        "settings",
        FIELDS_SETTING,
        {"fields": sorted(current)},
        {"fields": new},
    )
    return sensitive_fields(session)


def scrub_old_pages(store: Store) -> None:
    """Rewrite the store so no old page version keeps values that were just sealed.

    SQLite keeps earlier versions of pages in its WAL and deleted cells in free pages, so a
    value sealed after import could still be read from the file: checkpoint, VACUUM and
    truncate the WAL. PostgreSQL keeps dead row versions until vacuumed: VACUUM FULL the
    records table (its server-side WAL archive is the operator's to rotate).
    """
    with store.engine.connect() as c:
        auto = c.execution_options(isolation_level="AUTOCOMMIT")
        if store.is_sqlite:
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            auto.exec_driver_sql("VACUUM")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            auto.exec_driver_sql("VACUUM FULL source_records")


def _seal_stored(session: Session, actor: str, added: list[str], sealer: Sealer | None) -> int:
    """Seal the stored values of newly marked fields; returns the records changed."""
    from sqlalchemy import select

    from vigil.ingest.validate import content_hash
    from vigil.store.models import ImportBatch

    wanted = set(added)
    columns = [SEALABLE_COLUMNS[f] for f in added if f in SEALABLE_COLUMNS]
    todo: list[tuple[SourceRecord, dict[str, Any]]] = []
    for rec in session.scalars(select(SourceRecord).order_by(SourceRecord.id)):
        keys = [k for k in (rec.raw or {}) if field_name(str(k)) in wanted]
        moved = {field_name(str(k)): rec.raw[k] for k in keys if rec.raw[k] not in (None, "")}
        for col in columns:
            value = getattr(rec, col)
            if value not in (None, "") and col not in moved:
                moved[col] = value
        if keys or moved:
            todo.append((rec, moved))
    holding = sum(1 for _, moved in todo if moved)
    if not todo:
        return 0
    if sealer is None and any(moved or rec.sealed for rec, moved in todo):
        raise InputError(
            f"{holding} stored record(s) hold values of {', '.join(added)}; give the sealing "
            f"key (--key-file, ${ENV_KEY_FILE} or ${ENV_PASSPHRASE}) so they can be sealed; "
            "nothing was changed"
        )
    defaults: dict[int, dict[str, str]] = {}
    for batch in session.scalars(select(ImportBatch)):
        mapping = batch.mapping or {}
        defaults[batch.id] = dict(mapping.get("defaults") or {})

    session.flush()
    for rec, moved in todo:
        # The history keeps the row as it was, with the values now sealed left out (its
        # hash still covers them, so the import's digests keep verifying).
        before = audit.snapshot("source_records", audit.orm_values(rec))
        before["raw"] = {
            k: ("[sealed]" if field_name(str(k)) in wanted else v)
            for k, v in (before.get("raw") or {}).items()
        }
        for col in columns:
            if before.get(col) not in (None, ""):
                before[col] = "[sealed]"
        aad = aad_for(rec)
        secret = sealer.open(rec.sealed, aad) if rec.sealed and sealer else {}
        secret.update(moved)
        public = {k: v for k, v in (rec.raw or {}).items() if field_name(str(k)) not in wanted}
        rec.raw = public
        for col in columns:
            setattr(rec, col, None)
        plain = content_hash(
            {str(k): str(v) for k, v in public.items()},
            defaults.get(rec.import_id or -1, {}),
        )
        if secret and sealer is not None:
            rec.sealed = sealer.seal(secret, aad)
            rec.content_sha256 = with_fingerprint(plain, sealer.fingerprint(secret, aad))
        else:
            rec.content_sha256 = plain
        session.flush()
        audit.record(session, actor, "seal_marked", rec, before=before)
    _blank_acts(session, added)
    return holding


def _blank_acts(session: Session, added: list[str]) -> None:
    """Blank the act columns read from newly sensitive input fields (their words now live
    only sealed, in the record), and their unknown-term notes."""
    from sqlalchemy import or_, select

    from vigil.ingest.acts import STORED_FROM
    from vigil.store.models import Act

    fields = [f for f in added if f in STORED_FROM]
    if not fields:
        return
    columns = [c for f in fields for c in STORED_FROM[f]]
    holding = or_(*(getattr(Act, c).is_not(None) for c in columns), Act.unknown_terms.is_not(None))
    for act in session.scalars(select(Act).where(holding).order_by(Act.id)):
        for c in columns:
            setattr(act, c, None)
        if act.unknown_terms:
            kept = [t for t in act.unknown_terms if t.get("field") not in fields]
            if kept != act.unknown_terms:
                act.unknown_terms = kept or None
    session.flush()


def _name(actor: Any) -> str:
    return str(getattr(actor, "name", None) or getattr(actor, "username", None) or actor)


def get_sealer(
    session: Session,
    *,
    key_file: Path | None = None,
    passphrase: str | None = None,
    actor: str = "system",
    create: bool = False,
) -> Sealer | None:
    """The sealer for this store, or None when no key was given.

    The key comes from `key_file` or `passphrase` (callers pass the configured ones,
    `Config.key_file` / `passphrase`: $VIGIL_KEY_FILE / $VIGIL_PASSPHRASE).
    On first use with `create`, the key's check value (and the passphrase salt) is stored;
    afterwards a different key is refused with WrongKey.
    """
    if key_file is None and passphrase is None:
        return None
    setting = session.get(Setting, KEY_SETTING)
    info: dict[str, Any] = dict(setting.value) if setting else {}
    mode = "keyfile" if key_file is not None else "passphrase"
    if info and info.get("mode") != mode:
        words = {"keyfile": "key file", "passphrase": "passphrase"}
        raise WrongKey(
            f"this store's fields are sealed with a {words.get(str(info.get('mode')), '?')}; "
            f"a {words[mode]} was given"
        )
    if key_file is not None:
        key = read_key_file(key_file)
    elif passphrase is None:
        return None  # unreachable: one of the two was given
    else:
        if info:
            salt = bytes.fromhex(info["salt"])
            params = info.get("argon2", {})
            key = derive_key(
                passphrase,
                salt,
                time_cost=int(params.get("t", ARGON2_TIME_COST)),
                memory_kib=int(params.get("m", ARGON2_MEMORY_KIB)),
                parallelism=int(params.get("p", ARGON2_PARALLELISM)),
            )
        elif create:
            salt = secrets.token_bytes(16)
            key = derive_key(passphrase, salt)
            info = {
                "salt": salt.hex(),
                "argon2": {"t": ARGON2_TIME_COST, "m": ARGON2_MEMORY_KIB, "p": ARGON2_PARALLELISM},
            }
        else:
            return None  # nothing has been sealed yet, so there is nothing to open
    sealer = Sealer(key)
    if "check" in info:
        if info["check"] != sealer.check_value:
            raise WrongKey(
                "wrong key or passphrase: it does not match the key this store was sealed with"
            )
    elif create:
        info.update({"mode": mode, "check": sealer.check_value})
        session.add(Setting(key=KEY_SETTING, value=info))
        audit.record(
            session,
            actor,
            "seal_key_init",
            "settings",
            KEY_SETTING,
            None,
            {"mode": mode, "check": sealer.check_value},
        )
    return sealer


def aad_for(record: SourceRecord) -> bytes:
    return record_aad(record.source_id, record.source_record_id)


def split_sensitive(
    raw: Mapping[str, Any], fields: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(raw without sensitive columns, the non-empty sensitive values by field name)."""
    wanted = set(fields)
    public: dict[str, Any] = {}
    secret: dict[str, Any] = {}
    for key, value in raw.items():
        if field_name(str(key)) in wanted:
            if value not in (None, ""):
                secret[field_name(str(key))] = value
        else:
            public[key] = value
    return public, secret


def need_sealer(sealer: Sealer | None, secret: Mapping[str, Any], where: str) -> Sealer:
    """The sealer, or InputError naming the sensitive fields that cannot be sealed."""
    if sealer is None:
        raise InputError(
            f"{where}: has sensitive field(s) {', '.join(sorted(secret))} but no sealing key was "
            f"given (--key-file, ${ENV_KEY_FILE} or ${ENV_PASSPHRASE}); nothing was stored"
        )
    return sealer


def split_and_seal(
    sealer: Sealer | None,
    raw: Mapping[str, Any],
    fields: Iterable[str],
    aad: bytes,
    *,
    where: str = "row",
) -> tuple[dict[str, Any], bytes | None]:
    """(raw without sensitive columns, ciphertext of those columns or None)."""
    public, secret = split_sensitive(raw, fields)
    if not secret:
        return public, None
    return public, need_sealer(sealer, secret, where).seal(secret, aad)


def read_sensitive(
    session: Session, record: SourceRecord, sealer: Sealer | None, user: HasRole | None
) -> dict[str, Any]:
    """The record's sensitive fields as `user` may see them ("[withheld]" otherwise)."""
    if record.sealed is None:
        return {}
    if sealer is None or not can(user, Action.READ_SENSITIVE):
        return dict.fromkeys(sensitive_fields(session), WITHHELD)
    return sealer.open(record.sealed, aad_for(record))


def seal_fields(
    session: Session,
    actor: HasRole,
    sealer: Sealer,
    record_id: int,
    values: Mapping[str, str | None],
) -> list[str]:
    """Set (or with None, clear) sensitive fields of one record; returns the fields now set."""
    require(actor, Action.SEAL_FIELDS)
    record = session.get(SourceRecord, record_id)
    if record is None:
        raise NotFound(f"no source record with id {record_id}")
    allowed = set(sensitive_fields(session))
    unknown = [k for k in values if field_name(k) not in allowed]
    if unknown:
        raise InputError(
            f"not a sensitive field: {', '.join(unknown)} (sensitive: {', '.join(sorted(allowed))})"
        )
    current = sealer.open(record.sealed, aad_for(record)) if record.sealed else {}
    for key, value in values.items():
        if value is None or value == "":
            current.pop(field_name(key), None)
        else:
            current[field_name(key)] = value
    record.sealed = sealer.seal(current, aad_for(record)) if current else None
    audit.record(session, _name(actor), "seal", record)
    return sorted(current)


def with_fingerprint(public_digest: str, fingerprint: str) -> str:
    """A record's content digest: its public fields' hash joined with its sealed fields'
    keyed fingerprint, so a change to either is seen and neither reveals sealed text."""
    return hashlib.sha256(f"{public_digest}:{fingerprint}".encode("ascii")).hexdigest()
