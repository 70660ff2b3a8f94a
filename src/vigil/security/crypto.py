"""AES-256-GCM sealing of sensitive fields, with a key file or an Argon2id passphrase.

A sealed blob is ``version byte || 12-byte nonce || ciphertext+tag``. The associated data
binds the blob to the record it belongs to, so ciphertext copied onto another record does
not open. A *key check value* (an HMAC of a fixed label under the key) is kept in the store
so a wrong key or passphrase is refused with a clear message instead of failing on every
record. Nothing here touches the database; `vigil.services.sealing` does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vigil.errors import InputError, IntegrityError

KEY_BYTES = 32
NONCE_BYTES = 12
BLOB_VERSION = 1
WITHHELD = "[withheld]"
_CHECK_LABEL = b"vigil key check v1"
_FINGERPRINT_LABEL = b"vigil content fingerprint v1"

# Argon2id parameters for passphrase-derived keys (RFC 9106 second recommended option,
# with memory lowered to 64 MiB so modest laptops can open the store).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 4


class WrongKey(InputError):
    """The key or passphrase given is not the one this store was sealed with."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def write_key_file(path: Path) -> bytes:
    """Create a new random key file readable only by its owner; refuses to overwrite."""
    key = new_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise InputError(f"{path}: already exists; refusing to overwrite a key file") from e
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(base64.b64encode(key).decode("ascii") + "\n")
    return key


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the key file ({e})") from e
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError as e:
        raise InputError(f"{path}: not a Vigil key file (expected base64)") from e
    if len(key) != KEY_BYTES:
        raise InputError(f"{path}: key is {len(key)} bytes, expected {KEY_BYTES}")
    return key


def derive_key(
    passphrase: str,
    salt: bytes,
    *,
    time_cost: int = ARGON2_TIME_COST,
    memory_kib: int = ARGON2_MEMORY_KIB,
    parallelism: int = ARGON2_PARALLELISM,
) -> bytes:
    """A 32-byte key from a passphrase with Argon2id (salt kept in the store, not secret)."""
    if not passphrase:
        raise InputError("the passphrase is empty")
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def key_check_value(key: bytes) -> str:
    """A public fingerprint of the key: reveals nothing about it, tells a wrong key apart."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sealer:
    """Seals and opens JSON dicts of sensitive fields under one AES-256 key."""

    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise InputError(f"a sealing key must be {KEY_BYTES} bytes")

    @property
    def check_value(self) -> str:
        return key_check_value(self.key)

    def seal(self, fields: dict[str, Any], aad: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        plain = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return bytes([BLOB_VERSION]) + nonce + AESGCM(self.key).encrypt(nonce, plain, aad)

    def fingerprint(self, fields: dict[str, Any], aad: bytes) -> str:
        """A keyed digest (HMAC-SHA256) of sealed values: equal values, equal fingerprint.

        Lets re-imports recognise an unchanged record without a plain hash of sensitive
        text, which could be brute-forced from a short list of likely names; without the key
        the fingerprint says nothing. A sub-key keeps it apart from the sealing key's uses.
        """
        subkey = hmac.new(self.key, _FINGERPRINT_LABEL, hashlib.sha256).digest()
        plain = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hmac.new(subkey, aad + b"\x00" + plain, hashlib.sha256).hexdigest()

    def open(self, blob: bytes, aad: bytes) -> dict[str, Any]:
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[0] != BLOB_VERSION:
            raise IntegrityError("sealed fields are malformed (unknown version or truncated)")
        nonce, ct = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            plain = AESGCM(self.key).decrypt(nonce, ct, aad)
        except InvalidTag as e:
            raise IntegrityError(
                "sealed fields do not open: the ciphertext was altered or moved from another "
                "record, or the key is wrong"
            ) from e
        value = json.loads(plain.decode("utf-8"))
        if not isinstance(value, dict):
            raise IntegrityError("sealed fields do not hold a JSON object")
        return value


def record_aad(source_id: int, source_record_id: str) -> bytes:
    """Associated data binding sealed fields to one record's stable identity."""
    return f"vigil/source_record/{source_id}/{source_record_id}".encode()
