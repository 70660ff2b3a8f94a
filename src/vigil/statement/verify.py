"""Checking a statement bundle: signature, file hashes, and figure-by-figure differences.

Pure: `check_bundle` works on the bundle's bytes; `diff_figures` compares a published
statement with one recomputed from the store and names every figure that differs, so an
edited number is caught even when the bundle was re-signed with another key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vigil.errors import IntegrityError
from vigil.statement import signing
from vigil.statement.bundle import (
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    parse_manifest,
    sha256,
)


@dataclass
class VerifyReport:
    """What passed, what failed and what a reader should know."""

    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def n_problems(self) -> int:
        return len(self.problems)

    def lines(self) -> list[str]:
        return (
            [f"ok: {p}" for p in self.passed]
            + [f"FAIL: {p}" for p in self.problems]
            + [f"note: {n}" for n in self.notes]
        )


def check_bundle(files: Mapping[str, bytes], trusted_key_pem: bytes | None = None) -> VerifyReport:
    """Check the MANIFEST signature and the hash of every file it lists.

    With `trusted_key_pem` (the publisher's announced public key) the signature proves who
    signed; without it the key shipped in the bundle is used, which proves only that the
    files are as signed by *that* key.
    """
    r = VerifyReport()
    raw = files.get(MANIFEST)
    if raw is None:
        r.problems.append("no MANIFEST in the folder")
        return r
    try:
        doc = parse_manifest(raw)
    except ValueError as e:
        r.problems.append(str(e))
        doc = None
    r.manifest = doc
    _check_signature(files, raw, doc, trusted_key_pem, r)
    if doc is None:
        return r
    listed: dict[str, str] = doc["files"]
    for name in sorted(listed):
        data = files.get(name)
        if data is None:
            r.problems.append(f"{name}: listed in the MANIFEST but missing")
        elif sha256(data) != listed[name]:
            r.problems.append(f"{name}: SHA-256 differs from the MANIFEST (the file was changed)")
        else:
            r.passed.append(f"{name}: SHA-256 matches the MANIFEST")
    extra = sorted(set(files) - set(listed) - {MANIFEST, SIGNATURE, PUBLIC_KEY})
    for name in extra:
        r.problems.append(f"{name}: not listed in the MANIFEST")
    return r


def _check_signature(
    files: Mapping[str, bytes],
    manifest: bytes,
    doc: dict[str, Any] | None,
    trusted_key_pem: bytes | None,
    r: VerifyReport,
) -> None:
    sig = files.get(SIGNATURE)
    if sig is None:
        r.problems.append("the statement is not signed (no MANIFEST.sig)")
        return
    try:
        bundled = (
            signing.load_public(files[PUBLIC_KEY], PUBLIC_KEY) if PUBLIC_KEY in files else None
        )
    except IntegrityError as e:
        r.problems.append(str(e))
        bundled = None
    if trusted_key_pem is not None:
        key = signing.load_public(trusted_key_pem, "--key")
        source = "the given public key"
        if bundled is not None and signing.fingerprint(bundled) != signing.fingerprint(key):
            r.problems.append(f"{PUBLIC_KEY} in the bundle is not the given publisher's key")
    elif bundled is not None:
        key = bundled
        source = "the key shipped in the bundle"
        r.notes.append(
            f"signature checked with the bundle's own key {signing.fingerprint(key)}; compare "
            "it with the publisher's announced fingerprint, or pass --key"
        )
    else:
        r.problems.append(f"no {PUBLIC_KEY} in the bundle and no --key given")
        return
    fp = signing.fingerprint(key)
    if doc is not None and doc.get("signer") not in (None, fp):
        r.problems.append(f"the MANIFEST names signer {doc.get('signer')}, not {fp}")
    if signing.verify(manifest, sig, key):
        r.passed.append(f"MANIFEST signature valid ({source}, {fp})")
    else:
        r.problems.append(f"MANIFEST signature is NOT valid for {source} ({fp})")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def diff_figures(published: Any, recomputed: Any, path: str = "") -> list[str]:
    """Every place where two JSON documents differ, as 'path: published X, recomputed Y'."""
    here = path or "(top)"
    if isinstance(published, dict) and isinstance(recomputed, dict):
        out: list[str] = []
        for k in sorted(set(published) | set(recomputed), key=str):
            sub = f"{path}.{k}" if path else str(k)
            if k not in recomputed:
                out.append(f"{sub}: published but not recomputed")
            elif k not in published:
                out.append(f"{sub}: recomputed ({_short(recomputed[k])}) but not published")
            else:
                out.extend(diff_figures(published[k], recomputed[k], sub))
        return out
    if isinstance(published, list) and isinstance(recomputed, list):
        if len(published) != len(recomputed):
            return [f"{here}: {len(published)} items published, {len(recomputed)} recomputed"]
        out = []
        for i, (a, b) in enumerate(zip(published, recomputed, strict=True)):
            out.extend(diff_figures(a, b, f"{path}[{i}]"))
        return out
    num = (int, float)
    if (
        isinstance(published, num)
        and isinstance(recomputed, num)
        and not isinstance(published, bool)
        and not isinstance(recomputed, bool)
    ):
        if _close(float(published), float(recomputed)):
            return []
    elif published == recomputed:
        return []
    return [f"{here}: published {_short(published)}, recomputed {_short(recomputed)}"]


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 80 else text[:77] + "..."
