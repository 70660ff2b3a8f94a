"""The statement bundle's files, byte for byte, and its MANIFEST.

Pure: given the statement payload and the public victim rows, produce the bytes of
statement.json, victims.csv and the MANIFEST (SHA-256 of every file and of the data
snapshot, the Vigil version, the settings). Output is deterministic, so a verifier who
recomputes the payload from the same store gets the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vigil.security.permissions import public_projection
from vigil.security.spreadsheet import safe_dict

STATEMENT_JSON = "statement.json"
STATEMENT_HTML = "statement.html"
VICTIMS_CSV = "victims.csv"
MANIFEST = "MANIFEST"
SIGNATURE = "MANIFEST.sig"
PUBLIC_KEY = "public_key.pem"
HASHED_FILES = (STATEMENT_JSON, STATEMENT_HTML, VICTIMS_CSV)
MANIFEST_FORMAT = "vigil-statement/1"

VICTIM_COLUMNS = (
    "person_id",
    "display_name",
    "display_name_latin",
    "sex",
    "age",
    "age_group",
    "province_code",
    "province",
    "city_id",
    "city",
    "date_start",
    "date_end",
    "violation",
    "grade",
    "n_sources",
    "n_groups",
    # How it happened (`vigil.services.acts`): every source's codes, ";"-joined.
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "sentence_kind",
    "charges",
    "burial",
    "acts_differ",
)


def _default(o: Any) -> Any:
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, set | frozenset | tuple):
        return sorted(o) if isinstance(o, set | frozenset) else list(o)
    raise TypeError(f"cannot write {type(o).__name__} to JSON")


def jsonable(obj: Any) -> Any:
    """`obj` as plain JSON values (what a reader of the JSON file gets back)."""
    return json.loads(json.dumps(obj, default=_default))


def json_bytes(obj: Any) -> bytes:
    """Readable, key-sorted JSON (UTF-8, LF, trailing newline)."""
    text = json.dumps(obj, default=_default, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def canonical(obj: Any) -> bytes:
    """Compact key-sorted JSON: the form that is hashed."""
    return json.dumps(
        obj, default=_default, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def victims_csv(rows: Sequence[Mapping[str, Any]], *, withhold_minor_names: bool = True) -> bytes:
    """Public fields only (the permissions allow-list), one row per counted person."""
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=VICTIM_COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in rows:
        public = public_projection(row, withhold_minor_names=withhold_minor_names)
        w.writerow(
            safe_dict({k: "" if public.get(k) is None else public[k] for k in VICTIM_COLUMNS})
        )
    return buf.getvalue().encode("utf-8")


def manifest_doc(
    files: Mapping[str, bytes],
    *,
    snapshot_sha256: str,
    version: str,
    created: str,
    settings: Mapping[str, Any],
    signer: str | None,
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "vigil_version": version,
        "created": created,
        "data_snapshot_sha256": snapshot_sha256,
        "settings": dict(settings),
        "signer": signer,
        "files": {name: sha256(files[name]) for name in sorted(files)},
    }


def parse_manifest(data: bytes) -> dict[str, Any]:
    """The MANIFEST as a mapping; ValueError says what is wrong with it."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"MANIFEST is not valid JSON ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"MANIFEST is not a {MANIFEST_FORMAT} manifest")
    if not isinstance(doc.get("files"), dict):
        raise ValueError("MANIFEST lists no files")
    return doc
