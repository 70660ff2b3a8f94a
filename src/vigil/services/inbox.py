"""The field-report inbox: invitations, encrypted reports the server cannot read, and
opening them on an analyst's machine into an ordinary import batch.

The server side (`new_invite` … `receive`, `export_bundle`) never holds the private key: it
checks an envelope's shape, its invitation and its report id, and stores the ciphertext with
the least metadata (the hour it arrived, its size, its invitation). `open_envelopes` needs the
private key and runs where it is kept; `import_opened` hands the reports to the same importer
as a file (`importing.import_read_table`: validation, sealing of witness fields, audit), and their
files to the evidence store.

Refused by name: an unknown or revoked invitation, an invitation over its rate limit, an
envelope of the wrong shape or for another key, a report id already received (a replay), and
at opening a ciphertext that does not authenticate (tampered, or moved to another invitation
or report id) or that appears twice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import and_, case, func, select, update
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from vigil.domain import SourceKind
from vigil.errors import InputError, IntegrityError, NotFound, PermissionDenied, VigilError
from vigil.ingest import RawRow, RawTable
from vigil.security.envelope import (
    REPORT_FIELDS,
    Envelope,
    TamperedEnvelope,
    check_shape,
    key_id,
    open_envelope,
)
from vigil.security.permissions import Action, HasRole, require
from vigil.services import audit
from vigil.services.importing import ImportResult, import_read_table
from vigil.store import Store
from vigil.store.models import InboxInvite, InboxReport, Source, SourceRecord

INBOX_SOURCE = "Field inbox"
HOUR = 3600.0


@dataclass(frozen=True)
class InboxPolicy:
    reports_per_hour: int = 30  # per invitation, in a fixed one-hour window


class InviteRefused(PermissionDenied):
    """No such invitation, or it was revoked."""


class TooManyReports(PermissionDenied):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(retry_after, 0.0)
        super().__init__(
            f"too many reports from this invitation; try again in {int(self.retry_after) + 1} s"
        )


class ReplayedReport(VigilError):
    """A report id the inbox has already received. `same` when the ciphertext is identical
    (a retry whose answer was lost: nothing new is stored either way)."""

    def __init__(self, report_id: str, same: bool) -> None:
        self.report_id = report_id
        self.same = same
        what = "the same ciphertext" if same else "a different ciphertext"
        super().__init__(f"report {report_id} was already received ({what}); replay refused")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- invitations (server) ------------------------------------------------------------------


@dataclass(frozen=True)
class InviteInfo:
    id: str
    label: str
    created_at: float
    revoked_at: float | None
    reports: int = 0


def new_invite(store: Store, label: str, actor: str = "system") -> tuple[InviteInfo, str]:
    """A new invitation; returns it and its token (shown once; only its hash is stored)."""
    label = label.strip()
    if not label or len(label) > 200:
        raise InputError("an invitation needs a label of 1 to 200 characters")
    token = secrets.token_urlsafe(32)
    now = time.time()
    with store.session() as s:
        invite = InboxInvite(
            id="inv_" + secrets.token_hex(8),
            label=label,
            token_sha256=token_digest(token),
            created_by=actor,
            created_at=now,
            window_start=0.0,
            window_count=0,
        )
        s.add(invite)
        s.flush()
        audit.record(
            s, actor, "inbox_invite_new", "inbox_invites", invite.id, after={"label": label}
        )
        info = InviteInfo(invite.id, label, now, None)
    return info, token


def list_invites(store: Store) -> list[InviteInfo]:
    with store.session() as s:
        counts = dict(
            s.execute(
                select(InboxReport.invite_id, func.count())
                .where(InboxReport.envelope != "")
                .group_by(InboxReport.invite_id)
            ).all()
        )
        return [
            InviteInfo(i.id, i.label, i.created_at, i.revoked_at, int(counts.get(i.id, 0)))
            for i in s.scalars(select(InboxInvite).order_by(InboxInvite.created_at))
        ]


def revoke_invite(store: Store, invite_id: str, actor: str = "system") -> InviteInfo:
    with store.session() as s:
        invite = s.get(InboxInvite, invite_id)
        if invite is None:
            raise NotFound(f"no invitation {invite_id!r} (see `vigil inbox invite list`)")
        if invite.revoked_at is None:
            invite.revoked_at = time.time()
            audit.record(s, actor, "inbox_invite_revoke", "inbox_invites", invite.id)
        return InviteInfo(invite.id, invite.label, invite.created_at, invite.revoked_at)


def invite_for_token(store: Store, token: str) -> InviteInfo:
    """The live invitation of `token`; InviteRefused otherwise."""
    with store.session() as s:
        invite = s.scalar(
            select(InboxInvite).where(InboxInvite.token_sha256 == token_digest(token or ""))
        )
        if invite is None or invite.revoked_at is not None:
            raise InviteRefused("this invitation is not valid or was revoked")
        return InviteInfo(invite.id, invite.label, invite.created_at, None)


# --- receiving (server) --------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    report_id: str
    invite_id: str
    size: int


def _count_report(s: Session, digest: str, policy: InboxPolicy, now: float) -> InboxInvite:
    """Count one report against the invitation in ONE statement (a write: it locks the row on
    PostgreSQL and the database on SQLite), so parallel workers cannot slip past the limit."""
    fresh = InboxInvite.window_start <= now - HOUR
    s.execute(
        update(InboxInvite)
        .where(and_(InboxInvite.token_sha256 == digest, InboxInvite.revoked_at.is_(None)))
        .values(
            window_count=case((fresh, 1), else_=InboxInvite.window_count + 1),
            window_start=case((fresh, now), else_=InboxInvite.window_start),
        )
    )
    invite = s.scalar(
        select(InboxInvite)
        .where(InboxInvite.token_sha256 == digest)
        .execution_options(populate_existing=True)
    )
    if invite is None or invite.revoked_at is not None:
        raise InviteRefused("this invitation is not valid or was revoked")
    if invite.window_count > policy.reports_per_hour:
        raise TooManyReports(invite.window_start + HOUR - now)
    return invite


def receive(
    store: Store,
    token: str,
    body: bytes,
    *,
    public_key: ec.EllipticCurvePublicKey,
    policy: InboxPolicy | None = None,
    now: float | None = None,
) -> Receipt:
    """Store one encrypted report sent with invitation `token`; see the module docstring for
    what is refused. Nothing is stored unless everything passes."""
    policy = policy or InboxPolicy()
    now = time.time() if now is None else now
    digest = token_digest(token or "")
    with store.session() as s:
        invite = _count_report(s, digest, policy, now)
        invite_id = invite.id
    # The count stands even if the envelope is refused below: a flood of bad envelopes is
    # limited like a flood of good ones.
    envelope = check_shape(body)
    kid = key_id(public_key)
    if envelope.kid != kid:
        raise InputError(
            f"report {envelope.report_id}: encrypted to key {envelope.kid}, not to this "
            f"inbox's key {kid} (reload the report page)"
        )
    if envelope.invite_id != invite_id:
        raise InputError(
            f"report {envelope.report_id}: made for invitation {envelope.invite_id}, "
            f"not {invite_id}"
        )
    text = envelope.to_json()
    with store.session() as s:
        seen = s.get(InboxReport, envelope.report_id)
        if seen is not None:
            raise ReplayedReport(envelope.report_id, same=seen.envelope == text)
        s.add(
            InboxReport(
                report_id=envelope.report_id,
                invite_id=invite_id,
                received_at=float(int(now // HOUR) * HOUR),
                size=len(body),
                envelope=text,
            )
        )
        try:
            s.flush()
        except DbIntegrityError:  # the same id sent twice at once by two workers
            s.rollback()
            raise ReplayedReport(envelope.report_id, same=False) from None
    return Receipt(envelope.report_id, invite_id, len(body))


def stored_envelopes(store: Store) -> list[str]:
    """Every stored envelope (ciphertext JSON) not yet deleted, oldest first."""
    with store.session() as s:
        return list(
            s.scalars(
                select(InboxReport.envelope)
                .where(InboxReport.envelope != "")
                .order_by(InboxReport.received_at, InboxReport.report_id)
            )
        )


def export_bundle(store: Store, path: Path) -> int:
    """Write every stored envelope to `path` (JSON Lines, ciphertext only); returns how many."""
    envelopes = stored_envelopes(store)
    path.write_text("".join(e + "\n" for e in envelopes), encoding="utf-8")
    return len(envelopes)


def read_bundle(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the bundle ({e})") from e
    return [line for line in text.splitlines() if line.strip()]


def delete_reports(store: Store, report_ids: Iterable[str]) -> int:
    """Drop the ciphertext of reports opened and imported elsewhere. The row stays as a
    tombstone (id, invitation, hour, size; envelope emptied), so the same report sent again
    is still refused as a replay."""
    ids = list(report_ids)
    with store.session() as s:
        result = s.execute(
            update(InboxReport)
            .where(InboxReport.report_id.in_(ids), InboxReport.envelope != "")
            .values(envelope="")
        )
        return int(getattr(result, "rowcount", 0) or 0)


# --- opening (analyst's machine) -----------------------------------------------------------


@dataclass(frozen=True)
class OpenedReport:
    report_id: str
    invite_id: str
    fields: dict[str, str]
    files: list[dict[str, Any]]


@dataclass(frozen=True)
class Opened:
    reports: list[OpenedReport]
    refused: list[str]  # one message per refused envelope, naming it
    digest: str  # SHA-256 of the opened ciphertexts: the import batch's identity


def open_envelopes(private_key: ec.EllipticCurvePrivateKey, envelopes: list[str]) -> Opened:
    """Decrypt every envelope; a malformed, tampered or duplicated one is refused by name
    (listed in `refused`, never opened twice)."""
    reports: list[OpenedReport] = []
    refused: list[str] = []
    seen: set[str] = set()
    digest = hashlib.sha256()
    for n, text in enumerate(envelopes, 1):
        try:
            envelope: Envelope = check_shape(text)
        except InputError as e:
            refused.append(f"envelope {n}: {e}")
            continue
        if envelope.report_id in seen:
            refused.append(f"report {envelope.report_id}: appears twice; replay refused")
            continue
        seen.add(envelope.report_id)
        try:
            report = open_envelope(private_key, envelope)
        except (TamperedEnvelope, InputError) as e:
            refused.append(str(e))
            continue
        digest.update(envelope.to_json().encode("utf-8") + b"\n")
        fields = {k: v.strip() for k, v in report["fields"].items() if v and v.strip()}
        reports.append(
            OpenedReport(envelope.report_id, envelope.invite_id, fields, report["files"])
        )
    return Opened(reports, refused, digest.hexdigest())


@dataclass(frozen=True)
class InboxImport:
    result: ImportResult | None
    refused: list[str]
    files_added: int


def _table(opened: Opened) -> RawTable:
    headers = ["source_record_id", *REPORT_FIELDS]
    rows = (
        RawRow(line, {"source_record_id": r.report_id, **r.fields})
        for line, r in enumerate(opened.reports, 1)
    )
    return RawTable(Path("inbox"), headers, iter(rows), len(opened.reports))


def rejects_path(store: Store, given: Path | None = None) -> Path:
    """Where refused reports are written: `given` (`--rejects`), else the configuration's
    `inbox_rejects` ($VIGIL_INBOX_REJECTS), else `inbox.rejects.csv` beside the store's
    evidence folder. Never the current directory: it changes from one run to the next, and
    the file holds what reporters sent."""
    from vigil.services import evidence

    if given is not None:
        return given
    if store.config.inbox_rejects is not None:
        return store.config.inbox_rejects
    try:
        folder = evidence.evidence_dir(store.url, store.config.evidence_dir)
    except InputError:
        raise InputError(
            "this store has no folder to write the inbox's refused reports beside: give "
            "--rejects, or set VIGIL_INBOX_REJECTS (or VIGIL_EVIDENCE_DIR)"
        ) from None
    return folder.parent / "inbox.rejects.csv"


def import_opened(
    store: Store,
    opened: Opened,
    *,
    evidence_actor: HasRole,
    source: str = INBOX_SOURCE,
    kind: SourceKind | None = SourceKind.FIELD_NETWORK,
    group: str | None = None,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    actor: str = "system",
) -> InboxImport:
    """Import opened reports as one batch of `source` (the importer's validation, sealing of
    witness fields and audit), then store each report's files as evidence of its record.

    Refused envelopes stop everything unless `skip_invalid` (then they are left out, and
    listed)."""
    from vigil.services import evidence

    if opened.refused and not skip_invalid:
        raise IntegrityError(
            f"{len(opened.refused)} report(s) refused, nothing imported:\n  "
            + "\n  ".join(opened.refused)
        )
    if not opened.reports:
        return InboxImport(None, opened.refused, 0)
    with_files = {r.report_id: r.files for r in opened.reports if r.files}
    # Where the files go is known before anything is imported (a PostgreSQL store needs it named).
    files = evidence.files_for(store) if with_files else None
    if with_files:
        require(evidence_actor, Action.ADD_EVIDENCE)  # before anything is imported
    result = import_read_table(
        store,
        _table(opened),
        sha256=opened.digest,
        source=source,
        kind=kind,
        group=group,
        skip_invalid=skip_invalid,
        rejects=rejects_path(store, rejects) if skip_invalid else None,
        actor=actor,
    )
    added = 0
    if files is not None:
        with store.session() as s, tempfile.TemporaryDirectory(prefix="vigil-inbox-") as tmp:
            rows = s.execute(
                select(SourceRecord.id, SourceRecord.source_record_id)
                .join(Source, Source.id == SourceRecord.source_id)
                .where(SourceRecord.source_record_id.in_(list(with_files)))
                .where(Source.name == source.strip())
            ).all()
            for record_id, rid in rows:
                for i, f in enumerate(with_files[rid], 1):
                    path = Path(tmp) / f"{rid}-{i}-{f['name']}"
                    path.write_bytes(f["data"])
                    done = evidence.add_evidence(
                        s,
                        files,
                        evidence_actor,
                        path,
                        record_id,
                        note=f"sent with field report {rid}",
                        how="field inbox (encrypted in the reporter's browser)",
                        kind="photo" if str(f.get("type", "")).startswith("image/") else None,
                    )
                    added += 0 if done.already_linked else 1
                    path.unlink()
    return InboxImport(result, opened.refused, added)


def describe(invites: list[InviteInfo]) -> list[dict[str, Any]]:
    """Invitations as plain rows (for `vigil inbox invite list --json`)."""
    return [
        {
            "id": i.id,
            "label": i.label,
            "created_at": i.created_at,
            "revoked": i.revoked_at is not None,
            "reports": i.reports,
        }
        for i in invites
    ]


def dumps(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
