"""Uploaded files awaiting their import confirmation, sealed in the store.

Between the preview of an uploaded list and its confirmation, the file (with its name and
the source it is for) is kept in `pending_uploads`, sealed with AES-256-GCM under a key
derived by HKDF-SHA256 from the server's secret; the associated data binds the blob to
its token and its user. Every server process can then confirm an upload another one
previewed, and no plaintext of it is written to disk. A pending upload is deleted when it
is imported, cancelled, or older than its time to live (`purge_expired`, run on every
upload request and now and then by the web app).
"""

from __future__ import annotations

import json
import secrets
import struct
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vigil.services.sessions import token_digest
from vigil.store.models import PendingUpload

_INFO = b"vigil pending uploads v1"
_VERSION = 1
_NONCE = 12


def upload_key(secret: str) -> bytes:
    """The AES-256 key of pending uploads, derived from the server's secret."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(secret.encode("utf-8"))


@dataclass(frozen=True)
class Upload:
    file_name: str
    source: str
    kind: str | None
    group: str | None
    user: str
    data: bytes


def _aad(digest: str, user: str) -> bytes:
    return f"{digest}\0{user}".encode()


def _seal(key: bytes, digest: str, upload: Upload) -> bytes:
    head = json.dumps(
        {
            "file_name": upload.file_name,
            "source": upload.source,
            "kind": upload.kind,
            "group": upload.group,
        },
        ensure_ascii=False,
    ).encode("utf-8")
    plain = struct.pack(">I", len(head)) + head + upload.data
    nonce = secrets.token_bytes(_NONCE)
    return bytes([_VERSION]) + nonce + AESGCM(key).encrypt(nonce, plain, _aad(digest, upload.user))


def _open(key: bytes, digest: str, user: str, blob: bytes) -> Upload | None:
    if len(blob) < 1 + _NONCE or blob[0] != _VERSION:
        return None
    try:
        plain = AESGCM(key).decrypt(blob[1 : 1 + _NONCE], blob[1 + _NONCE :], _aad(digest, user))
    except InvalidTag:  # another server secret (a restart without VIGIL_SECRET_KEY) or edited
        return None
    (n,) = struct.unpack(">I", plain[:4])
    head = json.loads(plain[4 : 4 + n].decode("utf-8"))
    return Upload(
        head["file_name"], head["source"], head["kind"], head["group"], user, plain[4 + n :]
    )


def put(s: Session, key: bytes, upload: Upload, ttl_s: float, now: float | None = None) -> str:
    """Keep `upload` sealed until confirmed; returns its token (only its hash is stored)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(24)
    digest = token_digest(token)
    s.add(
        PendingUpload(
            token_sha256=digest,
            username=upload.user,
            created_at=now,
            expires_at=now + ttl_s,
            sealed=_seal(key, digest, upload),
        )
    )
    return token


def get(s: Session, key: bytes, token: str, user: str, now: float | None = None) -> Upload | None:
    """The pending upload `token` of `user`, or None if there is none (another user's,
    expired, already imported or cancelled, or sealed under another key)."""
    now = time.time() if now is None else now
    row = s.get(PendingUpload, token_digest(token))
    if row is None or row.username != user or row.expires_at <= now:
        return None
    return _open(key, row.token_sha256, user, row.sealed)


def discard(s: Session, token: str, user: str) -> bool:
    """Delete the pending upload `token` of `user` (imported or cancelled)."""
    result = s.execute(
        delete(PendingUpload).where(
            PendingUpload.token_sha256 == token_digest(token), PendingUpload.username == user
        )
    )
    return bool(getattr(result, "rowcount", 0))


def purge_expired(s: Session, now: float | None = None) -> int:
    """Delete every pending upload past its time to live."""
    now = time.time() if now is None else now
    result = s.execute(delete(PendingUpload).where(PendingUpload.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def pending_count(s: Session) -> int:
    return len(list(s.scalars(select(PendingUpload.token_sha256))))
