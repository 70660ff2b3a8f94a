from __future__ import annotations

import pytest
from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from vigil.errors import InputError
from vigil.security.passwords import (
    MIN_PASSWORD_LENGTH,
    PARAMETERS,
    check_strength,
    dummy_hash,
    hash_password,
    verify_password,
)


def test_argon2id_hash_and_verify() -> None:
    h = hash_password("a long passphrase")
    assert h.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # the README's parameters
    assert "a long passphrase" not in h
    assert verify_password(h, "a long passphrase")
    assert not verify_password(h, "a long passphrasf")
    assert not verify_password("not a hash", "x")
    assert not verify_password(dummy_hash(), "a long passphrase")


def test_parameters_are_rfc_9106_argon2id() -> None:
    assert PARAMETERS == RFC_9106_LOW_MEMORY and PARAMETERS.type is Type.ID
    assert (PARAMETERS.time_cost, PARAMETERS.memory_cost, PARAMETERS.parallelism) == (3, 65536, 4)


def test_short_password_refused() -> None:
    with pytest.raises(InputError, match="at least 12 characters"):
        hash_password("short")


def test_aaaaaaaa_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InputError, match=r"at least 12 characters \(this one has 8\)"):
        hash_password("aaaaaaaa")
    with pytest.raises(InputError, match="too easy to guess: Repeats like"):
        hash_password("a" * MIN_PASSWORD_LENGTH)


@pytest.mark.parametrize(
    "weak",
    [
        "password1234",  # common
        "qwertyuiopasdf",  # keyboard walk
        "123456789012",  # digits
        "iloveyou2019!",  # common with a year
        "abcdefghijklm",  # sequence
    ],
)
def test_common_and_guessable_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InputError, match="too easy to guess"):
        check_strength(weak)


def test_a_password_built_from_the_user_name_is_refused() -> None:
    check_strength("mahsa.rezaei.2024")  # fine for someone else
    with pytest.raises(InputError, match="too easy to guess"):
        check_strength("mahsa.rezaei.2024", ["mahsa.rezaei"])


@pytest.mark.parametrize(
    "strong", ["correct horse battery", "tulip-orbit-saffron-42", "Kj8#qL2!vZp9"]
)
def test_strong_passwords_pass(strong: str) -> None:
    check_strength(strong)


def test_overlong_password_refused() -> None:
    with pytest.raises(InputError, match="at most 1000"):
        check_strength("x" * 1001)
