"""Request limits in the store: one count for every server process, keys kept as HMACs."""

from __future__ import annotations

from sqlalchemy import select

from vigil.services import ratelimits
from vigil.store import Store, open_store
from vigil.store.models import RequestWindow


def test_the_limit_is_shared_by_two_processes_and_resets_after_its_window(store: Store) -> None:
    other = open_store(store.url)  # a second worker: its own engine and connections
    try:
        key = ratelimits.window_key(b"secret", "api_writes", "token:abc")
        waits = []
        for i in range(4):
            with (store if i % 2 == 0 else other).session() as s:
                waits.append(ratelimits.hit(s, key, 3, 60.0, now=1000.0 + i))
        assert waits[:3] == [0.0, 0.0, 0.0]
        assert waits[3] == 57.0  # the window opened at 1000 and ends at 1060
        with other.session() as s:
            assert ratelimits.retry_after(s, key, 3, now=1010.0) == 50.0
            assert ratelimits.retry_after(s, key, 3, now=1060.0) == 0.0
        with store.session() as s:
            assert ratelimits.hit(s, key, 3, 60.0, now=1061.0) == 0.0  # a new window
    finally:
        other.close()


def test_keys_are_stored_as_hmacs_and_old_windows_are_forgotten(store: Store) -> None:
    key = ratelimits.window_key(b"secret", "api_token_failures", "203.0.113.7")
    assert "203.0.113.7" not in key and len(key) == 64
    assert key != ratelimits.window_key(b"other secret", "api_token_failures", "203.0.113.7")
    with store.session() as s:
        ratelimits.hit(s, key, 5, 60.0, now=0.0)
    late = ratelimits.FORGET_AFTER_S + 120.0
    with store.session() as s:
        ratelimits.hit(s, "another", 5, 60.0, now=late)
    with store.session() as s:
        assert list(s.scalars(select(RequestWindow.key_sha256))) == ["another"]
