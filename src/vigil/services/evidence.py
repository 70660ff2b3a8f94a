"""Evidence files attached to source records: add, verify, public derivatives.

Files live beside the database (``<db dir>/evidence/`` for SQLite) unless
$VIGIL_EVIDENCE_DIR names another folder (required for PostgreSQL stores).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.evidence import EvidenceFiles, FileProblem, strip_metadata
from vigil.security.permissions import Action, HasRole, require
from vigil.services import audit
from vigil.store import Store
from vigil.store.models import Evidence, EvidenceLink, SourceRecord

ENV_DIR = "VIGIL_EVIDENCE_DIR"


def evidence_dir(store_url: str, folder: str | Path | None = None) -> Path:
    """Where a store's evidence files are kept: the one rule, used everywhere.

    `folder` (the configuration's `evidence_dir`, $VIGIL_EVIDENCE_DIR), else beside a SQLite
    store's file. A PostgreSQL (or in-memory) store has no file to be beside, so its folder
    must be named; it is never taken from the current directory.
    """
    if folder is not None:
        return Path(folder)
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database)).resolve().parent / "evidence"
    raise InputError(
        f"the {url.get_backend_name()} store at {url.render_as_string(hide_password=True)} keeps "
        f"its evidence files in a folder you name: set {ENV_DIR} to it"
    )


def files_for(store: Store, folder: str | Path | None = None) -> EvidenceFiles:
    return EvidenceFiles(evidence_dir(store.url, folder or store.config.evidence_dir))


@dataclass(frozen=True)
class Added:
    evidence: Evidence
    already_stored: bool
    already_linked: bool


def _name(actor: HasRole) -> str:
    return str(getattr(actor, "name", None) or getattr(actor, "username", None) or "system")


def add_evidence(
    session: Session,
    files: EvidenceFiles,
    actor: HasRole,
    path: Path,
    record_id: int,
    *,
    note: str | None = None,
    how: str | None = None,
    kind: str | None = None,
) -> Added:
    """Store `path` content-addressed and link it to a source record (both audited)."""
    require(actor, Action.ADD_EVIDENCE)
    if session.get(SourceRecord, record_id) is None:
        raise NotFound(f"no source record with id {record_id}")
    stored = files.put(path)
    by = _name(actor)
    ev = session.get(Evidence, stored.sha256)
    existed = ev is not None
    if ev is None:
        ev = Evidence(
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            original_name=path.name,
            obtained_how=how,
            kind=kind,
            created_by=by,
        )
        session.add(ev)
        audit.record(session, by, "evidence_add", ev)
    link = session.scalar(
        select(EvidenceLink).where(
            EvidenceLink.evidence_sha256 == stored.sha256, EvidenceLink.record_id == record_id
        )
    )
    linked = link is not None
    if link is None:
        link = EvidenceLink(
            evidence_sha256=stored.sha256, record_id=record_id, note=note, created_by=by
        )
        session.add(link)
        audit.record(session, by, "evidence_link", link)
    return Added(ev, existed, linked)


def evidence_count(session: Session) -> int:
    """How many evidence files the store knows of (what `verify_evidence` re-hashes)."""
    return session.scalar(select(func.count()).select_from(Evidence)) or 0


def verify_evidence(session: Session, files: EvidenceFiles) -> list[FileProblem]:
    """Re-hash every evidence file the store knows of; report any changed or missing."""
    problems: list[FileProblem] = []
    for sha, size in session.execute(select(Evidence.sha256, Evidence.size)).all():
        problem = files.check(sha, size)
        if problem is not None:
            problems.append(problem)
    return problems


def public_derivative(session: Session, files: EvidenceFiles, sha256: str) -> tuple[bytes, str]:
    """An image's public copy without EXIF/GPS metadata (the original is untouched)."""
    ev = session.get(Evidence, sha256)
    if ev is None:
        raise NotFound(f"no evidence with hash {sha256}")
    if not ev.media_type.startswith("image/"):
        raise InputError(f"evidence {sha256} is {ev.media_type}, not an image")
    problem = files.check(sha256, ev.size)
    if problem is not None:
        raise InputError(str(problem))
    return strip_metadata(files.read(sha256))
