"""AES-GCM sealing and key handling, without a database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vigil.errors import InputError, IntegrityError
from vigil.security.crypto import (
    Sealer,
    derive_key,
    key_check_value,
    new_key,
    read_key_file,
    record_aad,
    write_key_file,
)

FIELDS = {"witness_name": "Synthetic Witness Ḥasan", "witness_contact": "+00 000 0000"}


def test_round_trip_and_no_plaintext_in_blob() -> None:
    sealer = Sealer(new_key())
    blob = sealer.seal(FIELDS, record_aad(1, "r1"))
    assert b"Synthetic Witness" not in blob
    assert sealer.open(blob, record_aad(1, "r1")) == FIELDS
    assert sealer.seal(FIELDS, record_aad(1, "r1")) != blob  # fresh nonce each time


def test_wrong_key_moved_blob_and_flipped_bit_do_not_open() -> None:
    sealer = Sealer(new_key())
    blob = sealer.seal(FIELDS, record_aad(1, "r1"))
    with pytest.raises(IntegrityError):
        Sealer(new_key()).open(blob, record_aad(1, "r1"))
    with pytest.raises(IntegrityError):
        sealer.open(blob, record_aad(1, "r2"))  # copied onto another record
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(IntegrityError):
        sealer.open(bytes(flipped), record_aad(1, "r1"))
    with pytest.raises(IntegrityError):
        sealer.open(blob[:10], record_aad(1, "r1"))


def test_key_file(tmp_path: Path) -> None:
    path = tmp_path / "seal.key"
    key = write_key_file(path)
    assert read_key_file(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(InputError, match="refusing to overwrite"):
        write_key_file(path)
    bad = tmp_path / "bad.key"
    bad.write_text("not base64 !!!")
    with pytest.raises(InputError, match="not a Vigil key file"):
        read_key_file(bad)


def test_passphrase_derivation_is_salted_and_deterministic() -> None:
    fast = {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}
    k1 = derive_key("correct horse", b"s" * 16, **fast)
    assert k1 == derive_key("correct horse", b"s" * 16, **fast)
    assert k1 != derive_key("correct horse", b"t" * 16, **fast)
    assert k1 != derive_key("correct horsf", b"s" * 16, **fast)
    assert len(k1) == 32
    assert key_check_value(k1) != key_check_value(new_key())
    with pytest.raises(InputError):
        derive_key("", b"s" * 16)
