"""Sign-in check in constant time whether or not the user exists (vigil.security hashes)."""

from __future__ import annotations

from vigil.security.passwords import dummy_hash, verify_password


def verify(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash`; hashes against a dummy when there is none."""
    ok = verify_password(stored_hash or dummy_hash(), password)
    return ok and stored_hash is not None
