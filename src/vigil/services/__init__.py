"""Application services: orchestrate the store and the algorithms, one module per topic.

Importing this package registers what the services need done to every store the store
layer opens (the store imports no service): the audit log's safety net on its sessions,
and, for a new store, the stamp of the name rules its keys are computed with.
"""

from __future__ import annotations

from vigil.store import db as _db


def _install_audit_net(store: _db.Store) -> None:
    from vigil.services.audit import install  # ORM changes get logged

    install(store.sessions)


def _stamp_name_rules(store: _db.Store) -> None:
    # Whatever is stored from now on is keyed by the names rules of this version.
    from vigil.services.rekeying import stamp_if_unkeyed

    with store.session() as s:
        stamp_if_unkeyed(s)


_db.on_open(_install_audit_net)
_db.on_create(_stamp_name_rules)
