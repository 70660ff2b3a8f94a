"""The role table, the one permission check, and the redaction helpers."""

from __future__ import annotations

import pytest

from vigil.domain import Role
from vigil.errors import PermissionDenied
from vigil.security.permissions import (
    ALLOWED,
    WITHHELD,
    WITHHELD_MINOR,
    Action,
    Actor,
    can,
    public_projection,
    redact_record,
    require,
)

VIEWER = Actor("v", Role.VIEWER)
ANALYST = Actor("a", Role.ANALYST)
EDITOR = Actor("e", Role.EDITOR)
ADMIN = Actor("root", Role.ADMIN)


def test_roles_are_cumulative() -> None:
    assert ALLOWED[Role.VIEWER] < ALLOWED[Role.ANALYST] < ALLOWED[Role.EDITOR]
    assert ALLOWED[Role.EDITOR] < ALLOWED[Role.ADMIN] == frozenset(Action)


@pytest.mark.parametrize(
    ("actor", "action", "allowed"),
    [
        (VIEWER, Action.READ_RECORDS, True),
        (VIEWER, Action.READ_SENSITIVE, False),
        (VIEWER, Action.IMPORT, False),
        (ANALYST, Action.ESTIMATE, True),
        (ANALYST, Action.READ_SENSITIVE, False),
        (ANALYST, Action.REVIEW_LINKS, False),
        (EDITOR, Action.READ_SENSITIVE, True),
        (EDITOR, Action.MANAGE_USERS, False),
        (EDITOR, Action.RESTORE, False),
        (ADMIN, Action.RESTORE, True),
        (None, Action.READ_PUBLIC, False),
    ],
)
def test_can(actor: Actor | None, action: Action, allowed: bool) -> None:
    assert can(actor, action) is allowed


def test_require_names_who_and_what() -> None:
    require(EDITOR, Action.IMPORT)
    with pytest.raises(PermissionDenied, match=r"v \(viewer\) may not read sensitive"):
        require(VIEWER, Action.READ_SENSITIVE)


def test_unknown_role_gets_nothing() -> None:
    class Odd:
        role = "superuser"

    assert not can(Odd(), Action.READ_PUBLIC)


RECORD = {
    "id": 7,
    "name_raw": "Synthetic Person",
    "witness_name": "Synthetic Witness",
    "private_notes": "met at the hospital",
    "sealed": b"\x01cipher",
    "raw": {"name": "Synthetic Person", "witness_name": "Synthetic Witness"},
    "age": 15,
}


def test_redact_for_viewer_and_editor() -> None:
    seen = redact_record(RECORD, VIEWER)
    assert seen["witness_name"] == seen["private_notes"] == WITHHELD
    assert seen["raw"]["witness_name"] == WITHHELD
    assert "sealed" not in seen and seen["name_raw"] == "Synthetic Person"
    full = redact_record(RECORD, EDITOR)
    assert full["witness_name"] == "Synthetic Witness" and "sealed" not in full
    custom = redact_record({"informant": "x"}, VIEWER, sensitive_fields=["informant"])
    assert custom["informant"] == WITHHELD


def test_public_projection_is_an_allow_list_and_withholds_minors() -> None:
    person = {**RECORD, "display_name": "Synthetic Child", "grade": "confirmed", "notes": "n"}
    out = public_projection(person)
    assert set(out) == {"id", "display_name", "age", "grade"}
    assert out["display_name"] == WITHHELD_MINOR
    assert public_projection(person, withhold_minor_names=False)["display_name"] == (
        "Synthetic Child"
    )
    adult = public_projection({**person, "age": 30})
    assert adult["display_name"] == "Synthetic Child"
    assert public_projection({"name": "X", "age_group": "0-17"})["name"] == WITHHELD_MINOR
    assert "notes" not in public_projection(person, fields=["notes", "id"])
