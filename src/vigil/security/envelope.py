"""Field-report envelopes: a report encrypted in the reporter's browser to the organisation's
public key, which the server stores and cannot read (pure: bytes in, bytes out).

Version 1, the same in the browser (WebCrypto, `web/static/inbox/envelope.js`) and here:

- the organisation's key pair is ECDH P-256; its key id `kid` is the first 16 hex digits
  of the SHA-256 of the public key's uncompressed point;
- each report draws an ephemeral P-256 key pair; the ECDH secret with the organisation's
  public key goes through HKDF-SHA256 (random 16-byte salt, info ``vigil-inbox v1 <kid>``)
  to a 256-bit AES-GCM key; the 12-byte IV is random;
- the associated data is ``vigil-inbox v1|<kid>|<invite id>|<report id>``: a ciphertext moved
  to another invitation or given another report id does not open, and neither does one
  whose bytes were changed;
- the plaintext is the report as JSON: Vigil's fields and any files (base64).

An envelope is JSON: ``{"v":1,"kid":…,"inv":…,"rid":…,"epk":…,"salt":…,"iv":…,"ct":…}``,
binary values in unpadded base64url. `check_shape` is what a server without the private
key can check; `open_envelope` needs the private key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigil.errors import InputError, IntegrityError

VERSION = 1
MAX_FILES = 3
MAX_FILE_BYTES = 3 * 1024 * 1024  # one photo, before base64 (all fit the 20 MB POST limit)
MAX_FIELDS_BYTES = 64 * 1024  # the report's text fields, as JSON
# The whole envelope as JSON: files and fields, base64 (4/3) and the envelope's own keys.
MAX_ENVELOPE_BYTES = (MAX_FILES * MAX_FILE_BYTES + MAX_FIELDS_BYTES) * 4 // 3 * 4 // 3 + 4096
REPORT_FIELDS = (
    "given_name",
    "family_name",
    "name",
    "father_name",
    "sex",
    "age",
    "date",
    "province",
    "city",
    "violation",
    "notes",
    "witness_name",
    "witness_contact",
)
_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_KEYS = ("v", "kid", "inv", "rid", "epk", "salt", "iv", "ct")


class TamperedEnvelope(IntegrityError):
    """An envelope that does not open: changed, moved to another invitation or report id,
    or not encrypted to this key."""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str, what: str) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise InputError(f"envelope {what}: not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as e:
        raise InputError(f"envelope {what}: not base64url") from e


# --- keys ---------------------------------------------------------------------------------


def public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def key_id(key: ec.EllipticCurvePublicKey) -> str:
    return hashlib.sha256(public_point(key)).hexdigest()[:16]


def new_key_pair() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def write_key_pair(
    folder: Path, passphrase: str | None = None
) -> tuple[Path, Path, ec.EllipticCurvePrivateKey]:
    """Write ``inbox_private.pem`` (PKCS#8, mode 0600, encrypted when a passphrase is given)
    and ``inbox_public.pem`` into `folder`; refuses to overwrite either."""
    folder.mkdir(parents=True, exist_ok=True)
    private_path, public_path = folder / "inbox_private.pem", folder / "inbox_public.pem"
    for p in (private_path, public_path):
        if p.exists():
            raise InputError(f"{p}: already exists; refusing to overwrite a key")
    key = new_key_pair()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path, key


def read_public_key(path: Path) -> ec.EllipticCurvePublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a PEM public key ({e})") from e
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise InputError(f"{path}: not a P-256 public key (make one with `vigil inbox keys new`)")
    return key


def read_private_key(path: Path, passphrase: str | None = None) -> ec.EllipticCurvePrivateKey:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read the private key ({e.strerror})") from e
    try:
        key = serialization.load_pem_private_key(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except TypeError as e:
        raise InputError(f"{path}: the private key is passphrase-protected; give it") from e
    except ValueError as e:
        raise InputError(f"{path}: not a P-256 private key, or a wrong passphrase") from e
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise InputError(f"{path}: not a P-256 private key")
    return key


# --- envelopes ----------------------------------------------------------------------------


def associated_data(kid: str, invite_id: str, report_id: str) -> bytes:
    return f"vigil-inbox v{VERSION}|{kid}|{invite_id}|{report_id}".encode()


def _aes_key(shared: bytes, salt: bytes, kid: str) -> bytes:
    info = f"vigil-inbox v{VERSION} {kid}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(shared)


def new_report_id() -> str:
    return secrets.token_urlsafe(16)


def seal_report(
    public_key: ec.EllipticCurvePublicKey,
    invite_id: str,
    report: dict[str, Any],
    report_id: str | None = None,
) -> dict[str, Any]:
    """Encrypt `report` as the browser does (for tests and tools); returns the envelope."""
    kid = key_id(public_key)
    rid = report_id or new_report_id()
    ephemeral = new_key_pair()
    shared = ephemeral.exchange(ec.ECDH(), public_key)
    salt, iv = secrets.token_bytes(16), secrets.token_bytes(12)
    plaintext = json.dumps(report, ensure_ascii=False).encode("utf-8")
    ct = AESGCM(_aes_key(shared, salt, kid)).encrypt(
        iv, plaintext, associated_data(kid, invite_id, rid)
    )
    return {
        "v": VERSION,
        "kid": kid,
        "inv": invite_id,
        "rid": rid,
        "epk": b64(public_point(ephemeral.public_key())),
        "salt": b64(salt),
        "iv": b64(iv),
        "ct": b64(ct),
    }


@dataclass(frozen=True)
class Envelope:
    """An envelope whose shape was checked (not opened)."""

    kid: str
    invite_id: str
    report_id: str
    epk: bytes
    salt: bytes
    iv: bytes
    ct: bytes

    def to_json(self) -> str:
        return json.dumps(
            {
                "v": VERSION,
                "kid": self.kid,
                "inv": self.invite_id,
                "rid": self.report_id,
                "epk": b64(self.epk),
                "salt": b64(self.salt),
                "iv": b64(self.iv),
                "ct": b64(self.ct),
            },
            separators=(",", ":"),
        )


def check_shape(data: bytes | str | dict[str, Any]) -> Envelope:
    """What a server without the private key can check: JSON of the right keys, version 1,
    ids of the allowed form, an ephemeral key that is a P-256 point, sizes within limits.
    InputError naming the problem otherwise."""
    if isinstance(data, bytes | str):
        if len(data) > MAX_ENVELOPE_BYTES:
            raise InputError(f"envelope larger than {MAX_ENVELOPE_BYTES:,} bytes")
        try:
            obj = json.loads(data)
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError("envelope: not JSON") from e
    else:
        obj = data
    if not isinstance(obj, dict):
        raise InputError("envelope: not a JSON object")
    missing = [k for k in _KEYS if k not in obj]
    if missing:
        raise InputError(f"envelope: missing {', '.join(missing)}")
    extra = sorted(set(obj) - set(_KEYS))
    if extra:
        raise InputError(f"envelope: unknown key(s) {', '.join(extra)}")
    if obj["v"] != VERSION:
        raise InputError(f"envelope version {obj['v']!r} is not supported (expected {VERSION})")
    for k in ("kid", "inv", "rid"):
        if not isinstance(obj[k], str) or not _ID.match(obj[k]):
            raise InputError(f"envelope {k}: not an id (8-64 letters, digits, - or _)")
    epk = unb64(obj["epk"], "epk")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
    except ValueError as e:
        raise InputError("envelope epk: not a P-256 public key") from e
    salt, iv, ct = unb64(obj["salt"], "salt"), unb64(obj["iv"], "iv"), unb64(obj["ct"], "ct")
    if len(salt) != 16 or len(iv) != 12 or len(ct) < 16:
        raise InputError("envelope: salt, iv or ciphertext of the wrong length")
    return Envelope(obj["kid"], obj["inv"], obj["rid"], epk, salt, iv, ct)


def open_envelope(private_key: ec.EllipticCurvePrivateKey, envelope: Envelope) -> dict[str, Any]:
    """The report inside `envelope`; TamperedEnvelope (naming the report) when it does not
    open under this key, invitation and report id, InputError when its content is not a
    report."""
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise InputError("opening a report needs the inbox's private key, not a public key")
    kid = key_id(private_key.public_key())
    rid = envelope.report_id
    if envelope.kid != kid:
        raise TamperedEnvelope(
            f"report {rid}: encrypted to key {envelope.kid}, not to this key ({kid})"
        )
    epk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), envelope.epk)
    shared = private_key.exchange(ec.ECDH(), epk)
    aad = associated_data(kid, envelope.invite_id, rid)
    try:
        plaintext = AESGCM(_aes_key(shared, envelope.salt, kid)).decrypt(
            envelope.iv, envelope.ct, aad
        )
    except InvalidTag:
        raise TamperedEnvelope(
            f"report {rid} (invitation {envelope.invite_id}): tampered ciphertext: it does not "
            "authenticate (changed, moved to another invitation or report id)"
        ) from None
    try:
        report = json.loads(plaintext)
    except ValueError as e:
        raise InputError(f"report {rid}: its content is not JSON") from e
    return check_report(report, rid)


def check_report(report: Any, rid: str) -> dict[str, Any]:
    """A decrypted report: known text fields and at most `MAX_FILES` files within limits."""
    if not isinstance(report, dict):
        raise InputError(f"report {rid}: not a JSON object")
    fields = report.get("fields", {})
    files = report.get("files", [])
    if not isinstance(fields, dict) or not isinstance(files, list):
        raise InputError(f"report {rid}: 'fields' must be an object and 'files' a list")
    unknown = sorted(set(fields) - set(REPORT_FIELDS))
    if unknown:
        raise InputError(f"report {rid}: unknown field(s) {', '.join(unknown)}")
    for k, v in fields.items():
        if not isinstance(v, str):
            raise InputError(f"report {rid}: field {k} is not text")
    if len(json.dumps(fields, ensure_ascii=False).encode()) > MAX_FIELDS_BYTES:
        raise InputError(f"report {rid}: fields longer than {MAX_FIELDS_BYTES:,} bytes")
    if len(files) > MAX_FILES:
        raise InputError(f"report {rid}: {len(files)} files (at most {MAX_FILES})")
    out_files = []
    for i, f in enumerate(files, 1):
        if not isinstance(f, dict) or not isinstance(f.get("data"), str):
            raise InputError(f"report {rid}: file {i} has no data")
        try:
            data = base64.b64decode(f["data"], validate=True)
        except ValueError:
            raise InputError(f"report {rid}: file {i} is not base64") from None
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"report {rid}: file {i} larger than {MAX_FILE_BYTES:,} bytes")
        name = str(f.get("name") or f"file-{i}")
        name = re.sub(r"[^\w.\-]+", "_", os.path.basename(name))[:100] or f"file-{i}"
        out_files.append({"name": name, "type": str(f.get("type") or ""), "data": data})
    return {"fields": dict(fields), "files": out_files}
