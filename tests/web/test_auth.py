"""Sign-in, session cookie, CSRF and rate limiting."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in


def test_pages_need_sign_in(app_client: TestClient) -> None:
    r = app_client.get("/victims")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login")
    assert app_client.get("/api/persons").status_code == 401


def test_sign_in_sets_a_safe_session_cookie(app_client: TestClient) -> None:
    token = csrf_of(app_client)
    r = app_client.post(
        "/login",
        data={"username": "editor", "password": "correct horse battery", "csrf_token": token},
    )
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert app_client.get("/victims").status_code == 200


def test_cookie_is_secure_over_https(sqlite_store, world) -> None:  # type: ignore[no-untyped-def]
    from vigil.web import WebSettings, create_app

    client = TestClient(
        create_app(sqlite_store, WebSettings(secret_key="k")),
        base_url="https://testserver",
        follow_redirects=False,
    )
    r = client.get("/login")
    assert "secure" in r.headers["set-cookie"].lower()


def test_wrong_password_gives_a_clear_page(app_client: TestClient) -> None:
    token = csrf_of(app_client)
    r = app_client.post(
        "/login", data={"username": "editor", "password": "wrong", "csrf_token": token}
    )
    assert r.status_code == 401
    assert "Wrong user name or password" in r.text
    assert app_client.get("/victims").status_code == 303  # still signed out


def test_unknown_user_reads_the_same_as_a_wrong_password(app_client: TestClient) -> None:
    token = csrf_of(app_client)
    r = app_client.post("/login", data={"username": "nobody", "password": "x", "csrf_token": token})
    assert r.status_code == 401
    assert "Wrong user name or password" in r.text


def test_sign_in_is_rate_limited(app_client: TestClient) -> None:
    token = csrf_of(app_client)
    statuses = []
    for _ in range(7):
        r = app_client.post(
            "/login", data={"username": "editor", "password": "nope", "csrf_token": token}
        )
        statuses.append(r.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429 and "Retry-After" in r.headers
    # Even the right password is refused while the limit holds.
    r = app_client.post(
        "/login",
        data={"username": "editor", "password": "correct horse battery", "csrf_token": token},
    )
    assert r.status_code == 429


def test_post_without_csrf_token_is_refused(app_client: TestClient) -> None:
    sign_in(app_client, "editor")
    r = app_client.post("/intake", data={"name": "Ali Rezaei", "violation": "killed"})
    assert r.status_code == 403
    r = app_client.post(
        "/intake",
        data={"name": "Ali Rezaei", "violation": "killed", "csrf_token": "forged"},
    )
    assert r.status_code == 403
    r = app_client.post("/login", data={"username": "editor", "password": "x"})
    assert r.status_code == 403


def test_every_form_carries_the_csrf_token(app_client: TestClient) -> None:
    sign_in(app_client, "admin")
    for path in ("/victims", "/intake", "/upload", "/review", "/dashboard", "/persons/P-000001"):
        html = app_client.get(path).text
        assert html.count("<form") <= html.count('name="csrf_token"') + html.count(
            'method="get"'
        ), path


def test_sign_out(app_client: TestClient) -> None:
    sign_in(app_client, "viewer")
    token = csrf_of(app_client, "/victims")
    assert app_client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert app_client.get("/victims").status_code == 303


def test_next_parameter_cannot_leave_the_site(app_client: TestClient) -> None:
    token = csrf_of(app_client)
    r = app_client.post(
        "/login",
        data={
            "username": "viewer",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert r.headers["location"] == "/"
