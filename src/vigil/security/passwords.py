"""Password hashing with Argon2id, and the strength rule every new password must meet.

Hashes use argon2-cffi's RFC 9106 "low memory" profile (Argon2id, t=3, m=64 MiB, p=4,
16-byte salt, 32-byte tag): `PARAMETERS` says so, and the README's protection section
quotes it. A new password needs at least `MIN_PASSWORD_LENGTH` characters and a zxcvbn
score of at least `MIN_STRENGTH` (0-4; Dropbox's estimator, maintained on PyPI as
`zxcvbn`, which knows common and breached passwords, names, keyboard walks, repeats and
dates). The user name is given to the estimator, so a password built from it scores low.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY
from zxcvbn import zxcvbn

from vigil.errors import InputError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1000  # the estimator's cost grows with length; the web form's limit
MIN_STRENGTH = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attack"
PARAMETERS = RFC_9106_LOW_MEMORY
_hasher = PasswordHasher.from_parameters(PARAMETERS)


def check_strength(password: str, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a password that is short or easy to guess, saying why (InputError)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters "
            f"(this one has {len(password)}); a few unrelated words make a good one"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    # The estimator looks at the first 100 characters; beyond that a password is long enough.
    result = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])
    if result["score"] < MIN_STRENGTH:
        feedback = result["feedback"]
        why = feedback.get("warning") or "it is easy to guess"
        hint = " ".join(feedback.get("suggestions") or [])
        raise InputError(
            f"this password is too easy to guess: {why.rstrip('.')}." + (f" {hint}" if hint else "")
        )


def hash_password(password: str, user_inputs: Iterable[str] = ()) -> str:
    """The Argon2id hash of a new password that passes `check_strength`."""
    check_strength(password, user_inputs)
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches; never raises for a wrong password or a bad hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so timing does not tell."""
    return _hasher.hash("vigil-no-such-user-dummy-password")
