from __future__ import annotations

import pytest

from vigil.errors import InputError
from vigil.security.passwords import dummy_hash, hash_password, verify_password


def test_argon2id_hash_and_verify() -> None:
    h = hash_password("a long passphrase")
    assert h.startswith("$argon2id$")
    assert "a long passphrase" not in h
    assert verify_password(h, "a long passphrase")
    assert not verify_password(h, "a long passphrasf")
    assert not verify_password("not a hash", "x")
    assert not verify_password(dummy_hash(), "a long passphrase")


def test_short_password_refused() -> None:
    with pytest.raises(InputError, match="at least"):
        hash_password("short")
