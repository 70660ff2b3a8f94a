"""CSV upload: preview with row-by-row errors; nothing stored before the confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable

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
