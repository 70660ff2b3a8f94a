from __future__ import annotations

from pathlib import Path

import pytest

HEADER = "source_record_id,name,father_name,sex,age,date,province,city,violation,notes\n"
GOOD_ROWS = (
    "A1,محمد حسینی,علی,مرد,۱۷ ساله,۱۳۹۸/۰۸/۲۶,خوزستان,ماهشهر,کشته,\n"
    'A2,"HOSSEINI, Reza",Hassan,m,22,2019-11-16,,Ahwaz,killed,"shot, near the bridge"\n'
    "A3,Sara Ahmadi,,f,,1398/08,,Nowhereabad,injured,\n"
)


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    return path


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "B1,Ali Karimi,,x,17,1398/13/01,,Tehran,killed,\n"  # bad sex and bad date
        + "B2,,,m,20,2019-11-16,,Tehran,killed,\n"  # no name
        + "B3,Nika Rahimi,,f,16,2019-11-17,,Karaj,killed,\n"  # good
        + "B1,Omid Nouri,,m,30,2019-11-18,,Shiraz,killed,\n",  # duplicate id
        encoding="utf-8",
    )
    return path
