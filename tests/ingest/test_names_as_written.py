"""Import, search and linkage read a name field the way `vigil.names` parses it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from vigil.linkage.frame import prepare_frame
from vigil.names import father_key, name_keys, parse_name
from vigil.services.importing import father_from_name, import_file
from vigil.services.search import query_keys
from vigil.store import Store
from vigil.store.models import SourceRecord

from .conftest import HEADER


def test_father_in_the_name_fills_the_father_column_and_raw_stays_verbatim(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "fathers.csv"
    path.write_text(
        HEADER
        + "F1,محمد حسینی فرزند علی,,مرد,17,2019-11-16,,Tehran,killed,\n"
        + 'F2,"Mohammad Hosseini, son of Ali",,m,17,2019-11-16,,Tehran,killed,\n'
        + "F3,Zahra Karimi d/o Hassan,Hossein,f,20,2019-11-16,,Tehran,killed,\n"
        + "F4,محمدحسینی,,مرد,17,2019-11-16,,Tehran,killed,\n",
        encoding="utf-8",
    )
    import_file(sqlite_store, path, source="Field")
    with sqlite_store.session() as s:
        rows = {r.source_record_id: r for r in s.scalars(select(SourceRecord))}
    f1, f2, f3, f4 = rows["F1"], rows["F2"], rows["F3"], rows["F4"]
    assert f1.name_raw == "محمد حسینی فرزند علی"  # verbatim
    assert (f1.given_name, f1.family_name, f1.father_name) == ("محمد", "حسینی", "علی")
    assert f1.father_key == f2.father_key == father_key("Ali")
    assert f1.full_key == f2.full_key == f4.full_key
    # the father column names another father: it stands, the name's father is noted
    assert f3.father_name == "Hossein" and f3.father_key == father_key("Hossein")
    assert f3.notes and "Hassan" in f3.notes


def test_father_from_name_rules() -> None:
    assert father_from_name(None, "Ali", None) == ("Ali", None)
    assert father_from_name("علی", "Ali", "x") == ("علی", "x")  # same father by key
    assert father_from_name("Reza", "Ali", None) == ("Reza", "father in the name field: Ali")
    assert father_from_name("Reza", "", "n") == ("Reza", "n")


def test_search_reads_glued_words_and_patronymics() -> None:
    spaced = query_keys("محمد حسینی")
    assert query_keys("محمدحسینی") == spaced
    assert query_keys("mohammadhosseini") == spaced
    assert query_keys("محمد حسینی فرزند علی") == [*spaced, father_key("علی")]


def test_linkage_frame_has_a_glued_key_that_meets_glued_and_spaced() -> None:
    rows = []
    for uid, name in enumerate(["رحیمزاده", "رحیم زاده", "محمد حسینی", "Mohammad Hassani"]):
        k = name_keys(parse_name(name))
        rows.append({"unique_id": uid, "given_key": k.given_key, "family_key": k.family_key})
    frame = prepare_frame(pd.DataFrame(rows))
    assert frame.loc[0, "glued_key"] == frame.loc[1, "glued_key"]
    assert frame.loc[2, "glued_key"] != frame.loc[3, "glued_key"]


def test_rekeying_reads_the_father_out_of_parts_stored_by_older_rules() -> None:
    from vigil.services.rekeying import name_key_columns

    # older rules stored the marker and father inside the parts
    cols = name_key_columns("محمد حسینی فرزند علی", "محمدحسینیفرزند", "علی", None)
    keys = name_keys(parse_name("محمد حسینی"))
    assert (cols["given_key"], cols["family_key"]) == (keys.given_key, keys.family_key)
    assert cols["father_key"] == father_key("علی")
    glued = name_key_columns("محمدحسینی", "محمدحسینی", None, None)
    assert glued["family_key"] == keys.family_key
