"""The audit hash chain: canonical entries, their hashes, and chain verification.

Each entry's hash is ``sha256(prev_hash || canonical_json(entry))`` where the canonical JSON
covers every field except the hash itself, *including* the sequence number and the previous
hash. Changing any field changes that entry's hash; deleting, inserting or reordering entries
breaks the link from one entry to the next. Truncating the tail leaves a valid but shorter
chain, which is why the head hash should be published (anchored) and checked later.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

GENESIS = "0" * 64

# The fields of an entry that are hashed (everything but `hash`).
HASHED_FIELDS = (
    "seq",
    "ts",
    "actor",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "prev_hash",
)


def jsonable(value: Any) -> Any:
    """A JSON-ready copy of `value`: dates as ISO text, bytes as base64, enums as values.

    Whatever is hashed must survive a trip through the database's JSON column unchanged,
    so every value is reduced to str/int/float/bool/None/list/dict first.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "b64:" + base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return str(value)


def canonical(obj: Any) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(
        jsonable(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def content_hash(obj: Any) -> str:
    """SHA-256 hex of the canonical JSON of `obj` (rows, batches of rows, snapshots)."""
    return hashlib.sha256(canonical(obj)).hexdigest()


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of one entry, chained to the previous entry's hash."""
    body = {k: entry.get(k) for k in HASHED_FIELDS}
    body["prev_hash"] = prev_hash
    return hashlib.sha256(prev_hash.encode("utf-8") + canonical(body)).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """One way in which the stored chain differs from an untouched one."""

    seq: int
    kind: str  # "edited" | "broken_link" | "sequence_gap" | "out_of_order" | "anchor_missing"
    detail: str

    def __str__(self) -> str:
        return f"audit entry {self.seq}: {self.kind}: {self.detail}"


def verify_chain(
    entries: Iterable[Mapping[str, Any]], *, anchor: str | None = None
) -> list[ChainProblem]:
    """Every problem in a chain read in storage order (by seq); empty when intact.

    - an entry whose stored hash differs from the recomputed one was **edited**;
    - an entry whose prev_hash is not the previous entry's hash follows a **deleted**,
      **inserted** or **reordered** entry (broken_link);
    - a jump in seq numbers shows a deletion (sequence_gap), a non-increasing one a reorder;
    - `anchor` (a published head hash) must be the hash of some entry, else the chain was
      rewritten or truncated since it was published.
    """
    problems: list[ChainProblem] = []
    prev_hash = GENESIS
    prev_seq: int | None = None
    seen_hashes: set[str] = set()
    for e in entries:
        try:
            seq = int(e["seq"])
        except (TypeError, ValueError):
            seq = (prev_seq or 0) + 1
            problems.append(
                ChainProblem(seq, "edited", f"sequence number {e['seq']!r} is malformed")
            )
        if prev_seq is not None and seq != prev_seq + 1:
            if seq <= prev_seq:
                problems.append(ChainProblem(seq, "out_of_order", f"follows entry {prev_seq}"))
            else:
                problems.append(
                    ChainProblem(
                        seq, "sequence_gap", f"entries {prev_seq + 1}..{seq - 1} are missing"
                    )
                )
        elif prev_seq is None and seq != 1:
            problems.append(ChainProblem(seq, "sequence_gap", "the chain does not start at 1"))
        if e["prev_hash"] != prev_hash:
            problems.append(
                ChainProblem(
                    seq,
                    "broken_link",
                    "prev_hash does not match the previous entry "
                    "(an entry was deleted, inserted or reordered)",
                )
            )
        expected = entry_hash(str(e["prev_hash"]), e)
        if expected != e["hash"]:
            problems.append(
                ChainProblem(seq, "edited", "content does not match its hash (entry was edited)")
            )
        seen_hashes.add(str(e["hash"]))
        prev_hash = str(e["hash"])
        prev_seq = seq
    if anchor is not None and anchor not in seen_hashes and anchor != GENESIS:
        problems.append(
            ChainProblem(
                prev_seq or 0,
                "anchor_missing",
                f"published head {anchor[:16]}… is not in the chain (history rewritten or "
                "truncated since it was published)",
            )
        )
    return problems
