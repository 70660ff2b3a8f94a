"""CSV upload: preview with row-by-row errors; nothing stored before the confirmation."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.web.conftest import csrf_of
from vigil.store import Store
from vigil.store.models import SourceRecord

GOOD = (
    "id,name,sex,age,date,province,city,violation\n"
    "u1,Ali Rezaei,male,22,1398-08-25,Tehran,Tehran,killed\n"
    "u2,مریم کاظمی,female,30,2019-11-17,Fars,Shiraz,arrested\n"
)
BAD = GOOD + "u3,Hamid Nouri,robot,abc,2019-02-30,Tehran,Tehran,killed\n"


def _count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(SourceRecord.id))) or 0


def _preview(c: TestClient, text: str) -> str:
    token = csrf_of(c, "/upload")
    r = c.post(
        "/upload",
        data={"source": "Uploaded list", "kind": "ngo", "csrf_token": token},
        files={"file": ("list.csv", text.encode(), "text/csv")},
    )
    assert r.status_code == 200, r.text
    return r.text


def test_preview_then_confirm(client_as: Callable[[str], TestClient], sqlite_store: Store) -> None:
    c = client_as("editor")
    before = _count(sqlite_store)
    html = _preview(c, GOOD)
    assert "Ali Rezaei" in html and "مریم کاظمی" in html
    assert _count(sqlite_store) == before  # nothing stored by the preview
    action = re.search(r'action="(/upload/[^"]+)"', html)
    assert action
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 200 and 'id="import-result"' in r.text
    assert _count(sqlite_store) == before + 2


def test_errors_row_by_row_and_nothing_imported(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    c = client_as("editor")
    before = _count(sqlite_store)
    html = _preview(c, BAD)
    table = html.split('id="upload-errors"')[1].split("</table>")[0]
    assert table.count("<tr>") >= 3  # header + one row per problem on line 4
    assert ">4<" in table
    action = re.search(r'action="(/upload/[^"]+)"', html)
    assert action
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 422 and 'id="import-rejected"' in r.text
    assert _count(sqlite_store) == before


def test_viewer_cannot_upload(client_as: Callable[[str], TestClient]) -> None:
    assert client_as("viewer").get("/upload").status_code == 403


# --- nothing in plaintext at rest; removed on import, cancel and expiry ------------------

MARKER = "Zyxwvq Plmoknij"  # a synthetic name found nowhere else
SECRET_LIST = (
    "id,name,sex,age,date,province,city,violation\n"
    f"s1,{MARKER},male,22,1398-08-25,Tehran,Tehran,killed\n"
)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder of this test alone (tempfile, and so Starlette, use it)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _disk_holds(store: Store, needle: bytes) -> list[str]:
    """Every file in the temporary folder and beside the store that contains `needle`
    (the store lives in the test's folder, which holds its temporary folder too)."""
    db = Path(store.url.split("///", 1)[1])
    found = []
    for p in db.parent.rglob("*"):
        if p.is_file() and not p.is_symlink() and needle in p.read_bytes():
            found.append(str(p))
    return found


def _pending_rows(store: Store) -> int:
    from vigil.store.models import PendingUpload

    with store.session() as s:
        return s.scalar(select(func.count()).select_from(PendingUpload)) or 0


def _leftover_folders() -> list[str]:
    return [str(p) for p in Path(tempfile.gettempdir()).glob("vigil-upload-*")]


def test_a_pending_upload_is_sealed_in_the_store_and_nowhere_on_disk(
    client_as: Callable[[str], TestClient], sqlite_store: Store, private_tmp: Path
) -> None:
    c = client_as("editor")
    folders: set[str] = set()
    html = _preview(c, SECRET_LIST)
    assert MARKER in html  # the preview shows it to the uploader
    assert _pending_rows(sqlite_store) == 1
    assert _disk_holds(sqlite_store, MARKER.encode()) == []
    assert _disk_holds(sqlite_store, b"list.csv") == []  # even the file name is sealed
    assert set(_leftover_folders()) == folders
    action = re.search(r'action="(/upload/[^"]+)"', html)
    assert action
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 200 and 'id="import-result"' in r.text
    assert "/tmp" not in r.text and "/proc" not in r.text  # no server path shown
    assert _pending_rows(sqlite_store) == 0  # removed on import
    assert set(_leftover_folders()) == folders
    # The records are in the store now, as imported records are; the upload itself is gone.
    # Confirming twice finds nothing to import.
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 404 and "expired" in r.text


def test_cancel_removes_the_pending_upload(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    c = client_as("editor")
    html = _preview(c, SECRET_LIST)
    assert 'id="cancel-upload"' in html
    token = re.search(r'action="/upload/([^"]+)"', html)
    assert token
    r = c.post(f"/upload/{token.group(1)}/cancel", data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 303
    assert _pending_rows(sqlite_store) == 0
    r = c.post(f"/upload/{token.group(1)}", data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 404


def test_expired_uploads_are_removed(sqlite_store: Store, world: object) -> None:
    from sqlalchemy import update

    from tests.web.conftest import sign_in
    from vigil.store.models import PendingUpload
    from vigil.web import WebSettings, create_app

    app = create_app(sqlite_store, WebSettings(secret_key="k", upload_ttl_s=60))
    c = sign_in(TestClient(app, follow_redirects=False), "editor")
    html = _preview(c, SECRET_LIST)
    _preview(c, GOOD)
    with sqlite_store.session() as s:  # let the first one age past its time to live
        s.execute(update(PendingUpload).values(expires_at=PendingUpload.expires_at - 61))
    action = re.search(r'action="(/upload/[^"]+)"', html)
    assert action
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 404 and "expired" in r.text
    assert _pending_rows(sqlite_store) == 0  # both were past their time: purged


def test_another_worker_confirms_an_upload_another_user_cannot(
    sqlite_store: Store, world: object
) -> None:
    """Two app instances over one store with one secret behave as one server."""
    from tests.web.conftest import sign_in
    from vigil.web import WebSettings, create_app

    def worker(secret: str = "shared") -> TestClient:
        app = create_app(sqlite_store, WebSettings(secret_key=secret))
        return TestClient(app, follow_redirects=False)

    a, b = worker(), worker()
    sign_in(a, "editor")
    b.cookies.set("vigil_session", a.cookies["vigil_session"])  # the browser's next request
    before = _count(sqlite_store)
    html = _preview(a, GOOD)
    action = re.search(r'action="(/upload/[^"]+)"', html)
    assert action
    other = sign_in(worker(), "admin")  # another user never sees it
    r = other.post(action.group(1), data={"csrf_token": csrf_of(other, "/upload")})
    assert r.status_code == 404
    r = b.post(action.group(1), data={"csrf_token": csrf_of(b, "/upload")})
    assert r.status_code == 200 and 'id="import-result"' in r.text
    assert _count(sqlite_store) == before + 2


def test_xlsx_upload_is_read_from_memory(
    client_as: Callable[[str], TestClient], sqlite_store: Store
) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    buf = io.BytesIO()
    book.save(buf)
    c = client_as("editor")
    token = csrf_of(c, "/upload")
    r = c.post(
        "/upload",
        data={"source": "Workbook list", "csrf_token": token},
        files={"file": ("list.xlsx", buf.getvalue(), "application/octet-stream")},
    )
    assert r.status_code == 200 and "Ali Rezaei" in r.text
    action = re.search(r'action="(/upload/[^"]+)"', r.text)
    assert action
    before = _count(sqlite_store)
    r = c.post(action.group(1), data={"csrf_token": csrf_of(c, "/upload")})
    assert r.status_code == 200 and 'id="import-result"' in r.text
    assert _count(sqlite_store) == before + 2


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    sqlite_store: Store, world: object
) -> None:
    from tests.web.conftest import sign_in
    from vigil.web import WebSettings, create_app

    app = create_app(sqlite_store, WebSettings(secret_key="k", upload_max_bytes=1000))
    c = sign_in(TestClient(app, follow_redirects=False), "editor")
    token = csrf_of(c, "/upload")
    big = GOOD + "x," * 50_000
    r = c.post(
        "/upload",
        data={"source": "Big", "csrf_token": token},
        files={"file": ("list.csv", big.encode(), "text/csv")},
    )
    assert r.status_code == 413
    assert _pending_rows(sqlite_store) == 0


def test_pending_upload_service_on_both_stores(store: Store) -> None:
    """Sealed at rest, bound to its user and key, gone on discard and expiry (SQLite and
    PostgreSQL)."""
    from vigil.services import uploads
    from vigil.store.models import PendingUpload

    key = uploads.upload_key("server secret")
    item = uploads.Upload("list.csv", "NGO", "ngo", None, "editor", SECRET_LIST.encode())
    with store.session() as s:
        token = uploads.put(s, key, item, ttl_s=60, now=1000.0)
        stale = uploads.put(s, key, item, ttl_s=60, now=900.0)
    with store.session() as s:
        (row,) = [r for r in s.scalars(select(PendingUpload)) if r.expires_at == 1060.0]
        assert MARKER.encode() not in row.sealed and b"list.csv" not in row.sealed
        assert token not in row.token_sha256
        assert uploads.get(s, key, token, "editor", now=1001.0) == item
        assert uploads.get(s, key, token, "viewer", now=1001.0) is None  # another user's
        assert uploads.get(s, uploads.upload_key("other"), token, "editor", now=1001.0) is None
        assert uploads.get(s, key, token, "editor", now=1060.0) is None  # expired
        assert uploads.purge_expired(s, now=1001.0) == 1  # `stale` expired at 960
        assert uploads.get(s, key, stale, "editor", now=1001.0) is None
        assert not uploads.discard(s, token, "viewer")
        assert uploads.discard(s, token, "editor")
        assert s.scalars(select(PendingUpload)).all() == []
