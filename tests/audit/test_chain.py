"""Pure hash-chain checks: every kind of tampering with the entry list is detected."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vigil.audit import GENESIS, canonical, content_hash, entry_hash, verify_chain


def make_chain(n: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    prev = GENESIS
    for i in range(1, n + 1):
        e: dict[str, Any] = {
            "seq": i,
            "ts": f"2024-01-01T00:00:{i:02d}+00:00",
            "actor": "alice",
            "action": "create",
            "entity": "claims",
            "entity_id": str(i),
            "before": None,
            "after": {"figure": i * 10, "name": "نام"},
            "prev_hash": prev,
        }
        e["hash"] = entry_hash(prev, e)
        prev = e["hash"]
        entries.append(e)
    return entries


def kinds(entries: list[dict[str, Any]], anchor: str | None = None) -> set[str]:
    return {p.kind for p in verify_chain(entries, anchor=anchor)}


def test_intact_chain_verifies() -> None:
    assert verify_chain(make_chain(5)) == []
    assert verify_chain([]) == []


def test_canonical_is_order_independent_and_keeps_unicode() -> None:
    assert canonical({"b": 1, "a": "نام"}) == canonical({"a": "نام", "b": 1})
    assert "نام".encode() in canonical({"a": "نام"})
    assert content_hash({"x": 1}) != content_hash({"x": 2})


def test_edited_entry_is_named() -> None:
    chain = make_chain(5)
    chain[2]["after"] = {"figure": 9999, "name": "نام"}
    problems = verify_chain(chain)
    assert [(p.seq, p.kind) for p in problems] == [(3, "edited")]


def test_edited_entry_with_recomputed_hash_breaks_the_next_link() -> None:
    chain = make_chain(5)
    chain[2]["actor"] = "mallory"
    chain[2]["hash"] = entry_hash(chain[2]["prev_hash"], chain[2])
    problems = verify_chain(chain)
    assert [(p.seq, p.kind) for p in problems] == [(4, "broken_link")]


def test_deleted_entry() -> None:
    chain = make_chain(5)
    del chain[1]
    assert kinds(chain) == {"sequence_gap", "broken_link"}


def test_inserted_entry() -> None:
    chain = make_chain(5)
    forged = copy.deepcopy(chain[1])
    forged["after"] = {"figure": 1}
    forged["hash"] = entry_hash(forged["prev_hash"], forged)
    chain.insert(2, forged)
    assert "out_of_order" in kinds(chain) or "broken_link" in kinds(chain)
    assert verify_chain(chain)


def test_reordered_entries() -> None:
    chain = make_chain(5)
    chain[1], chain[2] = chain[2], chain[1]
    assert "broken_link" in kinds(chain)
    # swapping the seq numbers too does not help: seq is inside the hash
    chain = make_chain(5)
    chain[1]["seq"], chain[2]["seq"] = 3, 2
    chain[1], chain[2] = chain[2], chain[1]
    assert "edited" in kinds(chain)


def test_truncated_tail_is_caught_by_a_published_anchor() -> None:
    chain = make_chain(5)
    anchor = chain[-1]["hash"]
    assert verify_chain(chain, anchor=anchor) == []
    assert kinds(chain[:-1], anchor=anchor) == {"anchor_missing"}


@given(
    st.integers(min_value=2, max_value=12),
    st.data(),
)
def test_any_single_field_edit_is_detected(n: int, data: st.DataObject) -> None:
    chain = make_chain(n)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    field = data.draw(st.sampled_from(["ts", "actor", "action", "entity", "entity_id", "after"]))
    value = data.draw(st.text(min_size=1, max_size=8))
    if chain[i][field] == value:
        value += "x"
    chain[i][field] = value
    assert verify_chain(chain)
