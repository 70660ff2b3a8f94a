"""A small store built by Vigil's own services from synthetic data, for the tamper tests.

Every table a published figure or a permission rests on gets rows the way a project gets
them: import, linkage, grading, events, claims, users, API tokens, settings, a link decision,
an override and evidence. Nothing here is real personal data.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from vigil.domain import Role
from vigil.security.permissions import Actor
from vigil.services import audit, tokens
from vigil.services.demo import (
    add_demo_events,
    add_synthetic_claims,
    import_sources,
    synthesize,
)
from vigil.services.evidence import add_evidence, files_for
from vigil.services.grading import grade_all
from vigil.services.linking import record_decision, run_linkage
from vigil.services.sealing import add_sensitive_fields
from vigil.services.users import add_user
from vigil.store import open_store
from vigil.store.models import Incident, Person, PersonOverride, SourceRecord

ADMIN = Actor("admin", Role.ADMIN)


def build_store(folder: Path, *, people: int = 40, seed: int = 11) -> Path:
    """A SQLite store in `folder` (checkpointed, one file); returns its path."""
    db = folder / "vigil.db"
    build_world(f"sqlite:///{db}", folder, people=people, seed=seed)
    return db


def build_world(url: str, folder: Path, *, people: int = 40, seed: int = 11) -> None:
    """Fill a new store at `url` (any backend); `folder` takes the synthetic files."""
    store = open_store(url, create=True)
    try:
        sources = synthesize(folder / "data", people, seed)
        import_sources(store, folder / "data", sources[:3], lambda _m: None)
        run_linkage(store, actor="tester")
        grade_all(store, actor="tester")
        add_demo_events(store)
        add_synthetic_claims(store)
        with store.session() as s:
            add_user(s, ADMIN, "admin", "admin", "a long synthetic passphrase")
            add_user(s, ADMIN, "viewer", "viewer", "another synthetic passphrase")
            add_sensitive_fields(s, ADMIN, ["contact_phone"])
            # API tokens are permissions: one live, one with an expiry, one revoked.
            tokens.create_token(s, ADMIN, "admin", ["read", "records:write"], label="sync")
            tokens.create_token(s, ADMIN, "viewer", ["read"], expires_days=30)
            gone = tokens.create_token(s, ADMIN, "admin", ["read"])
            tokens.revoke_token(s, ADMIN, gone.row.id)
            ids = list(s.scalars(select(SourceRecord.id).order_by(SourceRecord.id).limit(4)))
            person = s.scalars(select(Person.id).order_by(Person.id)).first()
            audit.bind_actor(s, "admin")
            s.add(
                PersonOverride(
                    person_id=person, grade="discounted", reason="synthetic", created_by="admin"
                )
            )
            s.add(Incident(kind="protest", place_text="synthetic square", created_by="admin"))
        record_decision(store, str(ids[0]), str(ids[1]), "separate", actor="admin")
        proof = folder / "certificate.txt"
        proof.write_text("synthetic certificate", encoding="utf-8")
        with store.session() as s:
            add_evidence(
                s, files_for(store, folder / "evidence"), ADMIN, proof, ids[2], note="synthetic"
            )
        if url.startswith("sqlite"):
            with store.engine.begin() as c:
                c.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        store.close()
