"""Sessions that end, and sign-in limits that hold: server-side sessions in the store,
revoked by sign-out, password, role and active-flag changes, idle and absolute timeouts;
rows bound to the server's secret, so that SQL access alone opens no session;
failed sign-ins counted per account and per address with exponential back-off, shared by
every process; X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from tests.web.conftest import csrf_of, sign_in
from tests.web.seed import PASSWORD, seed
from vigil.domain import Role
from vigil.errors import PermissionDenied
from vigil.security.permissions import Actor
from vigil.services import sessions, users
from vigil.services.sessions import SignInPolicy, TooManyAttempts
from vigil.store import Store
from vigil.store.models import SignInLimit, WebSession
from vigil.web import WebSettings, create_app
from vigil.web.ratelimit import client_address
from vigil.web.settings import parse_proxies

ADMIN = Actor("admin", Role.ADMIN)
SECRET = "test-secret-key"


def _client(store: Store, **settings: object) -> TestClient:
    values: dict[str, object] = {"secret_key": SECRET, "estimate_method": "chao"}
    values.update(settings)
    app = create_app(store, WebSettings(**values))  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


def _signed_in(store: Store, username: str = "editor", **settings: object) -> TestClient:
    return sign_in(_client(store, **settings), username)


def _attempt(c: TestClient, username: str, password: str, **headers: str) -> int:
    token = csrf_of(c)
    r = c.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers=headers,
    )
    return r.status_code


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


# --- sessions ---------------------------------------------------------------------------


def test_cookie_is_a_random_token_and_the_store_keeps_only_its_hash(seeded: Store) -> None:
    c = _signed_in(seeded)
    token = c.cookies["vigil_session"]
    assert len(token) >= 40 and "." not in token  # not a signed session payload
    with seeded.session() as s:
        rows = list(s.scalars(select(WebSession).where(WebSession.username == "editor")))
    assert [r.token_sha256 for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in repr([(r.token_sha256, r.data) for r in rows])


def test_a_cookie_saved_before_sign_out_does_not_work_after_it(seeded: Store) -> None:
    c = _signed_in(seeded)
    saved = c.cookies["vigil_session"]
    assert c.get("/victims").status_code == 200
    assert c.post("/logout", data={"csrf_token": csrf_of(c, "/victims")}).status_code == 303

    replay = _client(seeded)
    replay.cookies.set("vigil_session", saved)
    r = replay.get("/victims")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert replay.get("/api/persons").status_code == 401


def test_sign_in_replaces_the_anonymous_session(seeded: Store) -> None:
    c = _client(seeded)
    csrf_of(c)  # the login form opens an anonymous session (its CSRF token)
    before = c.cookies["vigil_session"]
    sign_in(c, "viewer")
    after = c.cookies["vigil_session"]
    assert after != before
    with seeded.session() as s:
        digests = set(s.scalars(select(WebSession.token_sha256)))
    assert hashlib.sha256(before.encode()).hexdigest() not in digests


@pytest.mark.parametrize("change", ["password", "role", "deactivate"])
def test_user_changes_end_every_session_of_that_user(seeded: Store, change: str) -> None:
    first, second, other = (
        _signed_in(seeded, "editor"),
        _signed_in(seeded, "editor"),
        _signed_in(seeded, "viewer"),
    )
    with seeded.session() as s:
        if change == "password":
            users.set_password(s, ADMIN, "editor", "a brand new editor passphrase")
        elif change == "role":
            users.set_role(s, ADMIN, "editor", "viewer")
        else:
            users.set_active(s, ADMIN, "editor", False)
    for c in (first, second):
        assert c.get("/victims").status_code == 303
    assert other.get("/victims").status_code == 200  # another user's session is untouched
    if change == "deactivate":
        assert _attempt(_client(seeded), "editor", PASSWORD) == 401
    elif change == "password":
        assert _attempt(_client(seeded), "editor", PASSWORD) == 401
        assert _attempt(_client(seeded), "editor", "a brand new editor passphrase") == 303


def test_idle_and_absolute_timeouts(seeded: Store) -> None:
    c = _signed_in(seeded, session_idle_s=600, session_max_age_s=3600)
    digest = hashlib.sha256(c.cookies["vigil_session"].encode()).hexdigest()
    where = WebSession.token_sha256 == digest

    def age(**back: float) -> None:
        """Time passes: the row is rewritten as the server would have written it earlier."""
        with seeded.session() as s:
            row = s.scalars(select(WebSession).where(where)).one()
            values = {k: getattr(row, k) - v for k, v in back.items()}
            created = values.get("created_at", row.created_at)
            values["mac"] = sessions.row_mac(SECRET.encode(), digest, row.username, created)
            s.execute(update(WebSession).where(where).values(**values))

    age(last_seen_at=500)  # idle for less than the limit: still signed in
    assert c.get("/victims").status_code == 200
    age(last_seen_at=601)  # idle too long
    assert c.get("/victims").status_code == 303

    c = _signed_in(seeded, session_idle_s=600, session_max_age_s=3600)
    digest = hashlib.sha256(c.cookies["vigil_session"].encode()).hexdigest()
    where = WebSession.token_sha256 == digest
    age(created_at=3500)
    assert c.get("/victims").status_code == 200  # active all along, not yet 1 hour old
    age(created_at=101)
    assert c.get("/victims").status_code == 303  # past the absolute lifetime, however active


def _digest(c: TestClient) -> str:
    return hashlib.sha256(c.cookies["vigil_session"].encode()).hexdigest()


def _row(store: Store, digest: str) -> WebSession | None:
    with store.session() as s:
        return s.get(WebSession, digest)


def _insert_row(store: Store, token: str, username: str, mac: str, now: float) -> None:
    """What an insider with SQL access writes: a session row for a token of their choice."""
    with store.session() as s:
        s.execute(
            insert(WebSession.__table__).values(
                token_sha256=sessions.token_digest(token),
                username=username,
                data={},
                created_at=now,
                last_seen_at=now,
                mac=mac,
            )
        )


@pytest.mark.parametrize("forgery", ["no_secret", "other_secret", "copied_mac", "empty"])
def test_a_session_row_written_by_sql_signs_nobody_in(seeded: Store, forgery: str) -> None:
    """Issue 14: SQL access without the server's secret cannot open an admin session."""
    real_admin = _signed_in(seeded, "admin")
    genuine = _row(seeded, _digest(real_admin))
    assert genuine is not None
    now = genuine.created_at
    token = sessions.new_token()
    digest = sessions.token_digest(token)
    mac = {
        "no_secret": sessions.row_mac(b"", digest, "admin", now),
        "other_secret": sessions.row_mac(b"a guessed secret", digest, "admin", now),
        "copied_mac": genuine.mac,  # a real admin row's MAC, over another token hash
        "empty": "",
    }[forgery]
    _insert_row(seeded, token, "admin", mac, now)

    intruder = _client(seeded)
    intruder.cookies.set("vigil_session", token)
    r = intruder.get("/victims")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert intruder.get("/api/persons").status_code == 401
    assert _row(seeded, digest) is None  # refused and deleted
    assert real_admin.get("/victims").status_code == 200  # the real admin is untouched


def test_a_row_written_with_the_secret_does_open_a_session(seeded: Store) -> None:
    """The control for the test above: the same row with the right MAC works, so it is the
    MAC, not the way the row was written, that refuses the forgeries."""
    token, now = sessions.new_token(), time.time()
    mac = sessions.row_mac(SECRET.encode(), sessions.token_digest(token), "admin", now)
    _insert_row(seeded, token, "admin", mac, now)
    c = _client(seeded)
    c.cookies.set("vigil_session", token)
    assert c.get("/victims").status_code == 200
    loaded = sessions.open_session(seeded, token, WebSettings(secret_key=SECRET).session_policy)
    assert loaded is not None and (loaded.username, loaded.role) == ("admin", "admin")


@pytest.mark.parametrize(
    "start, edit",
    [
        ("viewer", {"username": "admin"}),  # escalation
        ("anonymous", {"username": "admin"}),  # an anonymous row given a user
        ("viewer", {"created_at": 1e6}),  # moved forward: a longer life
    ],
)
def test_a_session_row_edited_by_sql_stops_working(
    seeded: Store, start: str, edit: dict[str, object]
) -> None:
    c = _client(seeded)
    if start == "anonymous":
        csrf_of(c)  # the login form opens an anonymous session
    else:
        sign_in(c, start)
        assert c.get("/victims").status_code == 200
    digest = _digest(c)
    row = _row(seeded, digest)
    assert row is not None
    if "created_at" in edit:
        edit = {"created_at": row.created_at + float(str(edit["created_at"]))}
    with seeded.session() as s:
        s.execute(update(WebSession).where(WebSession.token_sha256 == digest).values(**edit))
    r = c.get("/victims")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert _row(seeded, digest) is None


def test_sessions_hold_across_apps_sharing_the_secret_and_end_with_a_new_one(
    seeded: Store,
) -> None:
    first = _signed_in(seeded, "editor")
    token = first.cookies["vigil_session"]
    second = _client(seeded)  # another worker, same VIGIL_SECRET_KEY
    second.cookies.set("vigil_session", token)
    assert second.get("/victims").status_code == 200

    rotated = _client(seeded, secret_key="a new secret key")  # the secret was changed
    rotated.cookies.set("vigil_session", token)
    assert rotated.get("/victims").status_code == 303
    assert _row(seeded, sessions.token_digest(token)) is None  # deleted, for every worker
    assert first.get("/victims").status_code == 303
    assert (
        _signed_in(seeded, "editor", secret_key="a new secret key").get("/victims").status_code
        == 200
    )  # signing in again works under the new secret


def test_last_admin_cannot_be_demoted_or_deactivated(seeded: Store) -> None:
    from vigil.errors import InputError

    with seeded.session() as s, pytest.raises(InputError, match="last active admin"):
        users.set_role(s, ADMIN, "admin", "viewer")
    with seeded.session() as s, pytest.raises(InputError, match="last active admin"):
        users.set_active(s, ADMIN, "admin", False)
    with seeded.session() as s, pytest.raises(PermissionDenied):
        users.set_password(s, Actor("viewer", Role.VIEWER), "editor", "some other passphrase x")


# --- sign-in limits ---------------------------------------------------------------------


def test_back_off_doubles_and_the_right_password_works_after_it(seeded: Store) -> None:
    policy = SignInPolicy(free_attempts=3, backoff_s=10, backoff_max_s=60, forget_after_s=600)
    t = 1_000_000.0

    def attempt(password: str, at: float) -> str:
        try:
            users.sign_in(seeded, "editor", password, client="198.51.100.7", policy=policy, now=at)
        except TooManyAttempts as e:
            return f"wait {e.retry_after:.0f}"
        except PermissionDenied:
            return "denied"
        return "ok"

    assert [attempt("wrong", t + i) for i in range(3)] == ["denied"] * 3  # the 3rd blocks 10 s
    assert attempt(PASSWORD, t + 5) == "wait 7"  # even the right password waits
    assert attempt("wrong", t + 13) == "denied"  # 4th failure: 20 s
    assert attempt("wrong", t + 20) == "wait 13"
    assert attempt("wrong", t + 34) == "denied"  # 5th failure: 40 s
    assert attempt("wrong", t + 80) == "denied"  # 6th: capped at 60 s
    assert attempt(PASSWORD, t + 139) == "wait 1"
    assert attempt(PASSWORD, t + 141) == "ok"  # never locked out for good
    assert attempt("wrong", t + 142) == "denied"  # and the account starts afresh


def test_failures_are_forgotten_after_a_quiet_hour(seeded: Store) -> None:
    policy = SignInPolicy(free_attempts=2, backoff_s=10, backoff_max_s=60, forget_after_s=600)
    t = 2_000_000.0
    for i in range(2):
        with pytest.raises(PermissionDenied):
            users.sign_in(seeded, "viewer", "bad", client="c", policy=policy, now=t + i)
    with pytest.raises(TooManyAttempts):
        users.sign_in(seeded, "viewer", "bad", client="c", policy=policy, now=t + 5)
    with pytest.raises(PermissionDenied):  # 11 minutes later: the count starts again
        users.sign_in(seeded, "viewer", "bad", client="c", policy=policy, now=t + 661)
    with pytest.raises(PermissionDenied):
        users.sign_in(seeded, "viewer", "bad", client="c", policy=policy, now=t + 662)
    with seeded.session() as s:
        sessions.purge(s, sessions.SessionPolicy(), policy, t + 662 + 601)
        assert s.scalars(select(SignInLimit)).all() == []


def test_parallel_attempts_cannot_pass_the_limit(seeded: Store) -> None:
    """Ten wrong passwords at once, as from several server processes: the count is taken
    before the password is checked, so exactly `free_attempts` are checked."""
    policy = SignInPolicy(free_attempts=5, backoff_s=300, backoff_max_s=900)
    outcomes: list[str] = []
    lock = threading.Lock()
    go = threading.Barrier(10)

    def attempt(i: int) -> None:
        go.wait()
        try:
            users.sign_in(seeded, "editor", f"wrong {i}", client=f"10.1.0.{i}", policy=policy)
            out = "ok"
        except TooManyAttempts:
            out = "limited"
        except PermissionDenied:
            out = "denied"
        with lock:
            outcomes.append(out)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["denied"] * 5 + ["limited"] * 5


def test_sign_in_limit_per_address_and_account_over_http(seeded: Store) -> None:
    c = _client(seeded)
    assert [_attempt(c, "editor", "nope") for _ in range(5)] == [401] * 5
    r_status = _attempt(c, "editor", PASSWORD)
    assert r_status == 429
    # Another account from the same address is also refused once the address is blocked.
    assert _attempt(c, "viewer", PASSWORD) == 429


def test_rotating_x_forwarded_for_does_not_escape_the_limit(seeded: Store) -> None:
    """No trusted proxy: the header is ignored, whatever it says."""
    c = _client(seeded)
    statuses = [
        _attempt(c, f"nobody{i}", "nope", **{"X-Forwarded-For": f"203.0.113.{i}"}) for i in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2


def test_x_forwarded_for_is_believed_from_a_trusted_proxy(seeded: Store) -> None:
    app = create_app(
        seeded,
        WebSettings(secret_key="k", trusted_proxies=parse_proxies("10.0.0.0/8")),
    )
    proxy = TestClient(app, follow_redirects=False, client=("10.0.0.5", 40000))
    for i in range(5):  # five accounts guessed from one client behind the proxy
        assert _attempt(proxy, f"nobody{i}", "nope", **{"X-Forwarded-For": "203.0.113.9"}) == 401
    assert _attempt(proxy, "viewer", PASSWORD, **{"X-Forwarded-For": "203.0.113.9"}) == 429
    # Another client behind the same proxy is not blocked by it.
    assert _attempt(proxy, "viewer", PASSWORD, **{"X-Forwarded-For": "198.51.100.4"}) == 303
    # A forged left-most hop does not help the blocked client either.
    spoofed = "1.2.3.4, 203.0.113.9"
    assert _attempt(proxy, "viewer", PASSWORD, **{"X-Forwarded-For": spoofed}) == 429


def test_back_off_over_http_then_the_right_password(seeded: Store) -> None:
    c = _client(seeded, signin_attempts=2, signin_backoff_s=30, signin_backoff_max_s=60)
    assert [_attempt(c, "editor", "nope") for _ in range(2)] == [401, 401]
    token = csrf_of(c)
    r = c.post("/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 31
    with seeded.session() as s:  # half a minute passes
        s.execute(update(SignInLimit).values(blocked_until=SignInLimit.blocked_until - 31))
    assert _attempt(c, "editor", PASSWORD) == 303


def test_client_address_rules() -> None:
    proxies = parse_proxies("10.0.0.1, 192.168.0.0/16")
    assert client_address("203.0.113.5", ["9.9.9.9"], proxies) == "203.0.113.5"
    assert client_address("10.0.0.1", ["9.9.9.9"], proxies) == "9.9.9.9"
    assert client_address("10.0.0.1", ["9.9.9.9, 192.168.1.1"], proxies) == "9.9.9.9"
    assert client_address("10.0.0.1", ["6.6.6.6", "9.9.9.9"], proxies) == "9.9.9.9"
    assert client_address("10.0.0.1", [], proxies) == "10.0.0.1"
    assert client_address("10.0.0.1", ["garbage, 9.9.9.9"], proxies) == "9.9.9.9"
    v6 = client_address("2001:db8:1:2:aaaa::1", [], proxies)
    assert v6 == client_address("2001:db8:1:2:bbbb::7", [], proxies) == "2001:db8:1:2::/64"
    assert client_address("testclient", [], proxies) == "testclient"
    from vigil.errors import InputError

    with pytest.raises(InputError, match="not an IP address"):
        parse_proxies("proxy.example")
