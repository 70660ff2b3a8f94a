"""API tokens: made once, hashed at rest, scoped, never above the user's role, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, text, update

from vigil.domain import Role
from vigil.errors import InputError, NotFound, PermissionDenied
from vigil.security.permissions import Action, Actor, can, require
from vigil.services import audit, tokens, users
from vigil.store import Store
from vigil.store.models import ApiToken

ADMIN = Actor("root", Role.ADMIN)
PASSWORDS = {"root": "root password 1", "ed": "editor password", "vi": "viewer password"}


@pytest.fixture
def people(store: Store) -> Store:
    with store.session() as s:
        users.add_user(s, ADMIN, "root", "admin", PASSWORDS["root"])
        users.add_user(s, ADMIN, "ed", "editor", PASSWORDS["ed"])
        users.add_user(s, ADMIN, "vi", "viewer", PASSWORDS["vi"])
    return store


def _new(store: Store, actor: Actor, user: str, *scopes: str, **kw: object) -> tokens.NewToken:
    with store.session() as s:
        return tokens.create_token(s, actor, user, scopes, **kw)  # type: ignore[arg-type]


def test_token_is_shown_once_and_only_its_hash_is_stored(people: Store) -> None:
    made = _new(people, ADMIN, "ed", "records:write", "read", label="field sync")
    assert made.token.startswith(f"vgl_{made.row.id}_")
    assert len(made.token) == len("vgl_") + 12 + 1 + 43  # 32 random bytes, base64url
    with people.session() as s:
        row = s.get(ApiToken, made.row.id)
        assert row is not None
        assert row.secret_sha256 == hashlib.sha256(made.token.encode()).hexdigest()
        assert row.scopes == ["read", "records:write"]
        secret = made.token.split("_", 2)[2]
        cells = [str(v) for v in s.execute(text("SELECT * FROM api_tokens")).one()]
        assert not any(secret in c or made.token in c for c in cells)
        # The history shows the stored hash only as a digest of it, never the token.
        log = " ".join(str(e) for e in s.execute(text("SELECT after FROM audit_log")).scalars())
        assert secret not in log and row.secret_sha256 not in log
        actor = tokens.authenticate(s, made.token)
    assert (actor.name, actor.role) == ("ed", Role.EDITOR)
    assert actor.scopes == {"read", "records:write"}


def test_scopes_narrow_the_role_and_never_widen_it(people: Store) -> None:
    write_only = _new(people, ADMIN, "ed", "records:write")
    read_only = _new(people, ADMIN, "root", "read")
    with people.session() as s:
        w = tokens.authenticate(s, write_only.token)
        r = tokens.authenticate(s, read_only.token)
    assert can(w, Action.IMPORT) and not can(w, Action.READ_RECORDS)
    with pytest.raises(PermissionDenied, match="needs read"):
        require(w, Action.READ_RECORDS)
    # An admin's read token still cannot import, manage users or read sensitive fields.
    for action in (Action.IMPORT, Action.MANAGE_USERS, Action.READ_SENSITIVE):
        assert not can(r, action)
    with pytest.raises(PermissionDenied, match="needs records:write"):
        require(r, Action.IMPORT)
    with pytest.raises(PermissionDenied, match="a scope no token can have"):
        require(r, Action.MANAGE_USERS)


def test_role_limits_when_a_token_is_made(people: Store) -> None:
    vi = Actor("vi", Role.VIEWER)
    with pytest.raises(PermissionDenied, match="viewer; a token of theirs cannot have scope"):
        _new(people, ADMIN, "vi", "records:write")
    assert _new(people, vi, "vi", "read").row.username == "vi"  # one's own token
    with pytest.raises(PermissionDenied, match="may not manage users"):
        _new(people, vi, "ed", "read")  # only admins make tokens for others
    with pytest.raises(InputError, match="unknown scope 'admin'"):
        _new(people, ADMIN, "ed", "admin")
    with pytest.raises(InputError, match="at least one scope"):
        _new(people, ADMIN, "ed")
    with pytest.raises(InputError, match="no user 'ghost'"):
        _new(people, ADMIN, "ghost", "read")
    with pytest.raises(InputError, match="expires-days"):
        _new(people, ADMIN, "ed", "read", expires_days=0)


def test_a_demoted_users_token_acts_at_the_new_role(people: Store) -> None:
    """Even if the role changes behind the service's back (no revocation), the token is
    checked against the user's role as it is now."""
    made = _new(people, ADMIN, "ed", "records:write")
    with people.session() as s:
        s.execute(update(ApiToken).values(revoked_at=None))
        s.execute(text("UPDATE users SET role = 'viewer' WHERE username = 'ed'"))
    with people.session() as s:
        actor = tokens.authenticate(s, made.token)
    assert actor.role is Role.VIEWER and not can(actor, Action.IMPORT)


def test_revocation_expiry_and_unknown_tokens_are_refused(people: Store) -> None:
    made = _new(people, ADMIN, "ed", "read", expires_days=1)
    now = dt.datetime.now(dt.UTC)
    with people.session() as s:
        assert tokens.authenticate(s, made.token, now).name == "ed"
        with pytest.raises(tokens.BadToken, match="expired on"):
            tokens.authenticate(s, made.token, now + dt.timedelta(days=1, seconds=1))
        with pytest.raises(tokens.BadToken, match="unknown API token"):
            tokens.authenticate(s, made.token[:-1] + ("A" if made.token[-1] != "A" else "B"))
        with pytest.raises(tokens.BadToken, match="unknown API token"):
            tokens.authenticate(s, "vgl_0123456789ab_" + "x" * 43)
        with pytest.raises(tokens.BadToken, match="not a Vigil API token"):
            tokens.authenticate(s, "Bearer something")
    with people.session() as s:
        tokens.revoke_token(s, Actor("ed", Role.EDITOR), made.row.id)  # the owner may
    with people.session() as s:
        with pytest.raises(tokens.BadToken, match="revoked"):
            tokens.authenticate(s, made.token)
        with pytest.raises(NotFound):
            tokens.revoke_token(s, Actor("vi", Role.VIEWER), made.row.id)  # others may not
        row = s.get(ApiToken, made.row.id)
        assert row is not None and row.revoked_by == "ed"
        assert tokens.status(row) == "revoked"


def test_deactivation_and_role_change_revoke_every_token(people: Store) -> None:
    ed1 = _new(people, ADMIN, "ed", "records:write")
    ed2 = _new(people, ADMIN, "ed", "read")
    vi = _new(people, ADMIN, "vi", "read")
    with people.session() as s:
        users.set_active(s, ADMIN, "ed", False)
    with people.session() as s:
        for made in (ed1, ed2):
            with pytest.raises(tokens.BadToken, match="revoked \\(user deactivated\\)"):
                tokens.authenticate(s, made.token)
        assert tokens.authenticate(s, vi.token).name == "vi"
        users.set_role(s, ADMIN, "vi", "analyst")
    with people.session() as s:
        with pytest.raises(tokens.BadToken, match="role changed from viewer to analyst"):
            tokens.authenticate(s, vi.token)
        with pytest.raises(InputError, match="deactivated"):
            tokens.create_token(s, ADMIN, "ed", ["read"])


def test_a_deactivated_users_token_is_refused_even_unrevoked(people: Store) -> None:
    made = _new(people, ADMIN, "ed", "records:write")
    with people.session() as s:  # behind Vigil's back: the token stays unrevoked
        s.execute(text("UPDATE users SET active = false WHERE username = 'ed'"))
    with people.session() as s, pytest.raises(tokens.BadToken, match="ed\\) is deactivated"):
        tokens.authenticate(s, made.token)


def test_listing_shows_own_tokens_or_all_for_admins(people: Store) -> None:
    a = _new(people, ADMIN, "ed", "read")
    b = _new(people, ADMIN, "vi", "read")
    with people.session() as s:
        tokens.revoke_all_of(s, ADMIN, "vi")
    with people.session() as s:
        assert {t.id for t in tokens.list_tokens(s, ADMIN)} == {a.row.id, b.row.id}
        mine = tokens.list_tokens(s, Actor("vi", Role.VIEWER))
        assert [(t.id, tokens.status(t)) for t in mine] == [(b.row.id, "revoked")]
        with pytest.raises(PermissionDenied):
            tokens.list_tokens(s, Actor("vi", Role.VIEWER), "ed")


def test_token_rows_are_in_the_audit_history(people: Store) -> None:
    made = _new(people, ADMIN, "ed", "read")
    with people.session() as s:
        tokens.revoke_token(s, ADMIN, made.row.id)
    with people.session() as s:
        assert audit.verify(s).problems() == []
        actions = list(
            s.scalars(select(text("action")).select_from(text("audit_log")).order_by(text("seq")))
        )
        assert actions[-2:] == ["token_new", "token_revoke"]
        s.execute(text("UPDATE api_tokens SET revoked_at = NULL"))  # un-revoke behind its back
    with people.session() as s:
        problems = audit.verify(s).problems()
    assert any(p.startswith(f"api_tokens {made.row.id}:") and "revoked_at" in p for p in problems)
