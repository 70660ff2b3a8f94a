"""A content-addressed file store: ``<root>/ab/cdef…`` named by the file's SHA-256.

Following the Berkeley Protocol's preservation guidance, the original is copied once,
hashed while copying, made read-only and never modified; the same content added twice is
stored once. `check` re-hashes a stored file to show it is still what was added.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vigil.errors import InputError

CHUNK = 1 << 20

# Leading bytes of common evidence formats (checked before the file name's extension).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"fLaC", "audio/flac"),
)


def detect_media_type(head: bytes, name: str = "") -> str:
    """The media type from the file's first bytes, else its extension, else octet-stream."""
    for magic, media in _MAGIC:
        if head.startswith(magic):
            return media
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1"):
            return "image/heic"
        if brand.startswith(b"M4A"):
            return "audio/mp4"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    guessed, _ = mimetypes.guess_type(name)
    if guessed:
        return guessed
    try:
        head.decode("utf-8")
        return "text/plain" if head else "application/octet-stream"
    except UnicodeDecodeError:
        return "application/octet-stream"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    path: Path
    already_present: bool


@dataclass(frozen=True)
class FileProblem:
    sha256: str
    kind: str  # "missing" | "changed" | "size"
    detail: str

    def __str__(self) -> str:
        return f"evidence {self.sha256}: {self.kind}: {self.detail}"


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class EvidenceFiles:
    """Files under `root`, each at ``root/<first two hex digits>/<remaining 62>``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if not _is_sha256(sha256):
            raise InputError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def put(self, source: Path) -> StoredFile:
        """Copy `source` in (hashing as it goes); return where it is. Never overwrites."""
        if not source.is_file():
            raise InputError(f"{source}: not a readable file")
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        head = b""
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with source.open("rb") as src, os.fdopen(fd, "wb") as out:
                while chunk := src.read(CHUNK):
                    if len(head) < 64:
                        head += chunk[: 64 - len(head)]
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path(sha)
            present = target.exists()
            if present:
                tmp.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP)
                os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StoredFile(sha, size, detect_media_type(head, source.name), target, present)

    def read(self, sha256: str) -> bytes:
        path = self.path(sha256)
        if not path.is_file():
            raise InputError(f"evidence file {sha256} is missing from {self.root}")
        return path.read_bytes()

    def check(self, sha256: str, size: int | None = None) -> FileProblem | None:
        """Re-hash one stored file: None when it is intact."""
        path = self.path(sha256)
        if not path.is_file():
            return FileProblem(sha256, "missing", f"no file at {path}")
        digest = hashlib.sha256()
        n = 0
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                n += len(chunk)
        if digest.hexdigest() != sha256:
            return FileProblem(sha256, "changed", f"content now hashes to {digest.hexdigest()}")
        if size is not None and n != size:
            return FileProblem(sha256, "size", f"{n} bytes, {size} recorded")
        return None

    def stored(self) -> Iterator[str]:
        """Every digest present on disk."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for f in sorted(sub.iterdir()):
                    if _is_sha256(sub.name + f.name):
                        yield sub.name + f.name
