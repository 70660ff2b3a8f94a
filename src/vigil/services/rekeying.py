"""Name keys that follow the rules in force, even for records keyed under older ones.

Keys are computed at import and stored beside the names. When `vigil.names` changes (a new
dictionary entry, a new folding rule), records imported earlier would keep their old keys and
silently stop meeting new spellings of the same name. The store remembers a fingerprint of
the rules its records were keyed with (setting `name_keys`); when it differs from the
current one, linkage recomputes every record's keys from its stored name parts before
comparing. The stored columns are left as imported: they are covered by the audit log's row
hashes, and a re-import refreshes them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.names import RECORD_KEY_COLUMNS, ParsedName, father_key, name_keys, parse_name
from vigil.store.models import Setting, SourceRecord

FINGERPRINT_SETTING = "name_keys"


#: Spellings whose keys make up the fingerprint: common names in both scripts, compounds,
#: titles, Arabic letter forms and the transliteration variants the rules exist for.
_PROBES: tuple[str, ...] = (
    "محمد حسینی",
    "محمد حسيني",
    "Mohammad Hosseini",
    "HOSSEINI, Muhammad",
    "Mohamed Husseini",
    "سید علی موسوی",
    "Seyed Ali Mousavi",
    "Sayyid Ali Musavi",
    "غلامرضا رضایی",
    "غلام رضا رضائی",
    "Gholam-Reza Rezaei",
    "Gholamreza Rezaee",
    "حاج حسن کرمانشاهی نژاد",
    "Haj Hassan Kermanshahi-Nejad",
    "فاطمه احمدی",
    "Fatemeh Ahmadi",
    "Fatima Ahmadi",
    "زهرا قاسمی",
    "Zahra Ghasemi",
    "Zahra Qasemi",
    "امیرحسین خسروی",
    "Amir Hossein Khosravi",
    "Amirhossein Xosravi",
    "Mirza Mahmoud Sadeghzadeh",
    "Sheikh Abdollah Jafari",
    "عبدالله جعفری",
    "Pouya Bakhtiari",
    "پویا بختیاری",
    "Navid Afkari",
    "Mehrdad Ebrahimpour",
    "محمد حسینی فرزند علی",
    "Mohammad Hosseini, son of Ali",
    "مصطفی جعفری (فرزند ایمان)",
    "یاسین بن حسین دزفول نژاد",
    "محمدحسینی",
    "علیرضاکریمی",
    "mohammadhosseini",
    "رحیم‌زاده",
    "Şêrko Bêrîvan",
    "شێرکۆ",
    "Məmməd Hüseynzadə",
    "Sa'di Al-Kaabi",
    "عبّاس العموري",
    "الهام الوندی",
    "پدرامالكعبي",
    "حسین فرزند رامین شمسی",
    "Cemal Cafari",
    "Karimi Alireza",
)


@lru_cache(maxsize=1)
def keying_fingerprint() -> str:
    """A digest of the rules: the source of `vigil.names`, the version of the name
    dictionary it reads, and what they make of the probe names. Any change to the code
    changes it (at worst one needless re-keying); the probes catch a change elsewhere."""
    import vigil.names

    h = hashlib.sha256()
    for path in sorted(Path(vigil.names.__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(_dictionary_version().encode())
    for name in _PROBES:
        parsed = parse_name(name)
        h.update(repr((name, name_keys(parsed), father_key(parsed.given), parsed.father)).encode())
    return h.hexdigest()[:16]


def _dictionary_version() -> str:
    try:
        return importlib.metadata.version("arabic-name-romanizer")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a core dependency
        return "absent"


def key_columns(parsed: ParsedName, father: str | None) -> dict[str, str | None]:
    """The key columns of one report's parsed name and father's name (empty keys: NULL)."""
    keys = name_keys(parsed)
    return {
        "given_key": keys.given_key or None,
        "family_key": keys.family_key or None,
        # a father written into the name field counts when the father column is empty
        "father_key": father_key(father or parsed.father or None) or None,
        "given_latin": keys.given_latin or None,
        "family_latin": keys.family_latin or None,
        "full_key": keys.full_key.strip() or None,
    }


def name_key_columns(
    name_raw: str | None, given: str | None, family: str | None, father: str | None
) -> dict[str, str | None]:
    """`key_columns` of a stored record, from its name as reported and the parts kept.

    The name as reported is parsed again when that gives the stored parts (the parse keeps
    how a compound was split, which the glued parts have lost); otherwise the stored parts
    are used as they are (a file with separate given and family columns, or parsing rules
    that have changed since).
    """
    parsed = parse_name(name_raw)
    # a father or a glued name the current rules find in the name as reported was part of
    # the stored parts under older rules: the name as reported decides then
    found_more = bool(parsed.father) or parsed.order == "glued"
    if (
        (given or family)
        and (parsed.given, parsed.family) != (given or "", family or "")
        and not found_more
    ):
        parsed = parse_name(name_raw, given, family)
    return key_columns(parsed, father)


def stamp_if_unkeyed(session: Session) -> None:
    """Record the current fingerprint on a store that holds no records yet (an import is
    about to key them with the current rules)."""
    if session.get(Setting, FINGERPRINT_SETTING) is not None:
        return
    if session.execute(select(func.count()).select_from(SourceRecord)).scalar_one():
        return  # records keyed by rules of unknown age: leave the fingerprint unset
    session.add(Setting(key=FINGERPRINT_SETTING, value={"fingerprint": keying_fingerprint()}))


def keys_are_current(session: Session) -> bool:
    setting = session.get(Setting, FINGERPRINT_SETTING)
    return setting is not None and setting.value.get("fingerprint") == keying_fingerprint()


def current_keys(session: Session, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Every record's key columns under the current rules, indexed by record id.

    A father's name sealed at import (kept only encrypted) leaves its stored key in place.
    """
    say = progress or (lambda _m: None)
    say("recomputing name keys (the store was keyed by older rules)")
    stmt = select(
        SourceRecord.id,
        SourceRecord.name_raw,
        SourceRecord.given_name,
        SourceRecord.family_name,
        SourceRecord.father_name,
        SourceRecord.father_key,
    ).order_by(SourceRecord.id)
    ids: list[int] = []
    rows: list[dict[str, Any]] = []
    for rid, raw, given, family, father, stored_father in session.execute(stmt):
        cols = name_key_columns(raw, given, family, father)
        if father is None and stored_father is not None:
            cols["father_key"] = stored_father  # sealed at import: the stored key stands
        ids.append(rid)
        rows.append(cols)
    return pd.DataFrame(rows, index=pd.Index(ids, name="id"), columns=list(RECORD_KEY_COLUMNS))


def with_current_keys(records: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """`records` (with an ``id`` column) with its key columns replaced by `keys`."""
    out = records.copy()
    aligned = keys.reindex(out["id"].to_numpy())
    for col in RECORD_KEY_COLUMNS:
        if col in out.columns:
            out[col] = aligned[col].to_numpy()
    return out


def stale_records(records: pd.DataFrame, keys: pd.DataFrame) -> int:
    """How many records' stored keys differ from the current ones."""
    aligned = keys.reindex(records["id"].to_numpy())
    cols = [c for c in RECORD_KEY_COLUMNS if c in records.columns]
    old = records[cols].astype(object).where(records[cols].notna(), None).to_numpy()
    new = aligned[cols].astype(object).where(aligned[cols].notna(), None).to_numpy()
    return int((old != new).any(axis=1).sum())
