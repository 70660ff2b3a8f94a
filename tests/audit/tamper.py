"""What the tamper tests share: the edit values, what counts as named, and the table.

See `tests.audit.test_tamper` (SQLite, edits with sqlite3) and
`tests.audit.test_tamper_pg` (PostgreSQL, edits with SQL in a rolled-back transaction).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
from collections import Counter
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary

from vigil.services.audit_state import Malformed, normalize

DERIVED = frozenset({"link_pairs", "counters"})  # see tests.audit.test_tamper and the README
# Operational state of the web server, not evidence: no figure, grade or role reads them.
OPERATIONAL = frozenset(
    {
        "web_sessions",
        "signin_limits",
        "pending_uploads",
        "inbox_invites",
        "inbox_reports",
        "request_windows",
    }
)
NOT_REQUIRED = DERIVED | OPERATIONAL


def other_value(rng: random.Random, kind: Any, old: Any) -> Any:
    """A value for a cell of column type `kind` that differs from `old`."""
    if old is not None and rng.random() < 0.12:
        return None
    if rng.random() < 0.06:
        return rng.choice(["garbage", "", "\x00", "1e999", "-"])  # malformed for most types
    if isinstance(kind, Boolean):
        return 0 if old else 1
    if isinstance(kind, Integer):
        return (old if isinstance(old, int) else 0) + rng.choice([1, -1, 7, 300])
    if isinstance(kind, Float):
        return (old if isinstance(old, float | int) else 0.0) + rng.choice([0.125, -0.5, 3.0])
    if isinstance(kind, DateTime):
        base = dt.datetime(2020, 1, 1)
        if isinstance(old, str):
            with contextlib.suppress(ValueError):
                base = dt.datetime.fromisoformat(old)
        return (base + dt.timedelta(seconds=rng.choice([1, 3600, -86400]))).isoformat(" ")
    if isinstance(kind, Date):
        base_d = dt.date(2019, 11, 16)
        if isinstance(old, str):
            with contextlib.suppress(ValueError):
                base_d = dt.date.fromisoformat(old)
        return (base_d + dt.timedelta(days=rng.choice([1, -1, 365]))).isoformat()
    if isinstance(kind, JSON):
        try:
            value = json.loads(old) if isinstance(old, str) else None
        except ValueError:
            value = None
        if isinstance(value, dict) and value and rng.random() < 0.6:
            key = rng.choice(sorted(value))
            value[key] = "tampered"
            return json.dumps(value)
        if isinstance(value, list) and rng.random() < 0.6:
            return json.dumps([*value, "tampered"])
        return json.dumps({"tampered": True})
    if isinstance(kind, LargeBinary):
        raw = bytes(old) if isinstance(old, bytes) else b"\x00"
        return bytes([raw[0] ^ 1]) + raw[1:]
    text = old if isinstance(old, str) else ""
    return rng.choice([text + "x", text[:-1] if text else "y", "=HYPERLINK(1)", text.upper() + "!"])


def same(kind: Any, old: Any, now: Any) -> bool:
    """Vigil reads both as one value (JSON 'null' and SQL NULL): no change was made."""
    a, b = normalize(kind, old), normalize(kind, now)
    return not isinstance(a, Malformed) and type(a) is type(b) and a == b


def named(problems: list[str], table: str, key: str, column: str, pk: list[str]) -> bool:
    if table == "audit_log":  # named as the edited entry, or as the one now missing
        return any(p.startswith(f"audit entry {key}:") or f"entries {key}.." in p for p in problems)
    head = f"{table} {key}:"
    if column in pk:  # a changed key: the old row is missing, a new one appeared
        return any(p.startswith(head) for p in problems)
    return any(p.startswith(head) and column in p for p in problems)


def print_table(
    tables: list[str], edits: Counter[str], caught: Counter[str], named_: Counter[str]
) -> None:
    print(f"\n{'table':<18}{'edits':>7}{'caught':>8}{'named':>7}{'not caught':>12}")
    for table in tables:
        print(
            f"{table:<18}{edits[table]:>7}{caught[table]:>8}{named_[table]:>7}"
            f"{edits[table] - caught[table]:>12}"
        )
    print(f"{'all':<18}{sum(edits.values()):>7}{sum(caught.values()):>8}{sum(named_.values()):>7}")
