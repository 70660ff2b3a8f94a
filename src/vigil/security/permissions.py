"""Who may do what: the one place where a role is turned into allowed actions.

The CLI and the web layer both call `require(user, Action.X)` (raises PermissionDenied)
or `can(user, Action.X)`; neither keeps its own rules. Roles are cumulative:

    viewer  < analyst < editor < admin

- viewer: reads records without sensitive fields, public exports, verification.
- analyst: + linkage runs, grading, estimates, the audit log, internal exports.
- editor: + imports, edits, link review decisions, claims, evidence, sealing and reading
  sensitive fields (witness names and contacts, private notes).
- admin: + users, settings, backups and restores, publishing a signed statement.

`redact_record` shows a record to a given user (sensitive fields withheld unless the role
may read them); `public_projection` is the allow-list used for anything published: only
the fields named in PUBLIC_FIELDS survive, so a field an organization marks sensitive later
can never leak through it, and names of minors can be withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from vigil.domain import Role
from vigil.errors import PermissionDenied
from vigil.security import redaction

WITHHELD = redaction.WITHHELD
WITHHELD_MINOR = redaction.WITHHELD_MINOR
ADULT_AGE = redaction.ADULT_AGE

# Fields sealed by default; an organization adds more through the `sensitive_fields` setting.
DEFAULT_SENSITIVE_FIELDS: tuple[str, ...] = ("witness_name", "witness_contact", "private_notes")


class Action(StrEnum):
    READ_PUBLIC = "read_public"
    READ_RECORDS = "read_records"
    VERIFY = "verify"
    EXPORT_PUBLIC = "export_public"
    READ_EVIDENCE_PUBLIC = "read_evidence_public"
    RUN_LINKAGE = "run_linkage"
    GRADE = "grade"
    ESTIMATE = "estimate"
    READ_AUDIT = "read_audit"
    EXPORT_INTERNAL = "export_internal"
    IMPORT = "import"
    EDIT_RECORDS = "edit_records"
    REVIEW_LINKS = "review_links"
    OVERRIDE_PERSON = "override_person"
    ADD_CLAIMS = "add_claims"
    ADD_EVIDENCE = "add_evidence"
    READ_EVIDENCE_ORIGINAL = "read_evidence_original"
    READ_SENSITIVE = "read_sensitive"
    SEAL_FIELDS = "seal_fields"
    PUBLISH_STATEMENT = "publish_statement"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    RESTORE = "restore"


_VIEWER = frozenset(
    {
        Action.READ_PUBLIC,
        Action.READ_RECORDS,
        Action.VERIFY,
        Action.EXPORT_PUBLIC,
        Action.READ_EVIDENCE_PUBLIC,
    }
)
_ANALYST = _VIEWER | {
    Action.RUN_LINKAGE,
    Action.GRADE,
    Action.ESTIMATE,
    Action.READ_AUDIT,
    Action.EXPORT_INTERNAL,
}
_EDITOR = _ANALYST | {
    Action.IMPORT,
    Action.EDIT_RECORDS,
    Action.REVIEW_LINKS,
    Action.OVERRIDE_PERSON,
    Action.ADD_CLAIMS,
    Action.ADD_EVIDENCE,
    Action.READ_EVIDENCE_ORIGINAL,
    Action.READ_SENSITIVE,
    Action.SEAL_FIELDS,
}
_ADMIN = frozenset(Action)

ALLOWED: Mapping[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset(_VIEWER),
    Role.ANALYST: frozenset(_ANALYST),
    Role.EDITOR: frozenset(_EDITOR),
    Role.ADMIN: _ADMIN,
}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """The person acting: a name (recorded in the audit log) and a role."""

    name: str
    role: Role

    @property
    def username(self) -> str:
        return self.name


def role_of(user: HasRole | None) -> Role | None:
    if user is None:
        return None
    try:
        return Role(str(user.role))
    except ValueError:
        return None


def can(user: HasRole | None, action: Action) -> bool:
    """Whether `user` (anything with a `role`; None = anonymous) may perform `action`."""
    role = role_of(user)
    if role is None:
        return False
    return action in ALLOWED[role]


def require(user: HasRole | None, action: Action) -> None:
    """Raise PermissionDenied unless `user` may perform `action`."""
    if not can(user, action):
        who = getattr(user, "username", None) or getattr(user, "name", None) or "anonymous"
        role = role_of(user)
        raise PermissionDenied(
            f"{who} ({role.value if role else 'no role'}) may not {action.value.replace('_', ' ')}"
        )


def redact_record(
    record: Mapping[str, Any],
    user: HasRole | None,
    *,
    sensitive_fields: Iterable[str] = DEFAULT_SENSITIVE_FIELDS,
) -> dict[str, Any]:
    """A copy of `record` as `user` may see it (`vigil.security.redaction.redact`).

    Sensitive fields (at top level and inside a nested ``raw`` dict) read as "[withheld]"
    unless the user may read them; the ciphertext column ``sealed`` is always dropped.
    """
    return redaction.redact(
        record,
        sees_sensitive=can(user, Action.READ_SENSITIVE),
        sensitive_fields=sensitive_fields,
    )


# The only fields a public export or statement may carry.
PUBLIC_FIELDS: tuple[str, ...] = (
    "id",
    "person_id",
    "display_name",
    "display_name_latin",
    "name",
    "name_latin",
    "sex",
    "age",
    "age_group",
    "province_code",
    "province",
    "city_id",
    "city",
    "date_start",
    "date_end",
    "date_precision",
    "violation",
    "grade",
    "n_sources",
    "n_groups",
    # Act codes only (never the sources' free words, facility names or dates).
    "method",
    "weapon",
    "wound",
    "perpetrator",
    "place_kind",
    "sentence_kind",
    "charges",
    "burial",
    "acts_differ",
)
NAME_FIELDS: frozenset[str] = frozenset(
    {"display_name", "display_name_latin", "name", "name_latin"}
)


is_minor = redaction.is_minor


def public_projection(
    record: Mapping[str, Any],
    *,
    withhold_minor_names: bool = True,
    fields: Iterable[str] = PUBLIC_FIELDS,
) -> dict[str, Any]:
    """The public view of a record or person: allow-listed fields only.

    With `withhold_minor_names`, names of people under 18 read "[withheld: minor]".
    """
    allow = set(fields) & set(PUBLIC_FIELDS)  # callers may narrow, never widen
    out = {k: v for k, v in record.items() if k in allow}
    if withhold_minor_names and is_minor(record):
        for k in NAME_FIELDS & out.keys():
            out[k] = WITHHELD_MINOR
    return out
