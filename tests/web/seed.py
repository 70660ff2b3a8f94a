"""A small synthetic world for the web tests: users, sources, records, persons, a link run.

Names are common synthetic names (not real victims). Records are keyed with vigil.names
exactly as the importer keys them, so cross-script search is tested on real keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from vigil.names import father_key, name_keys, parse_name
from vigil.security.passwords import hash_password
from vigil.store import Store
from vigil.store.models import (
    Claim,
    LinkPair,
    LinkRun,
    Person,
    Source,
    SourceRecord,
    User,
    Violation,
)

PASSWORD = "correct horse battery"
TEHRAN = "26"  # GeoNames admin-1 code
TEHRAN_CITY = 112931  # GeoNames id of Tehran
SHIRAZ_PROVINCE = "07"
SHIRAZ_CITY = 115019


@dataclass
class World:
    persons: dict[str, str]  # label -> person id
    records: dict[str, int]  # label -> record id
    pair_id: int


MODEL: dict[str, Any] = {
    "probability_two_random_records_match": 0.001,
    "comparisons": [
        {
            "output_column_name": "given",
            "comparison_levels": [
                {"label_for_charts": "null", "is_null_level": True},
                {"label_for_charts": "exact key", "m_probability": 0.9, "u_probability": 0.01},
                {"label_for_charts": "else", "m_probability": 0.1, "u_probability": 0.99},
            ],
        },
        {
            "output_column_name": "age",
            "comparison_levels": [
                {"label_for_charts": "null", "is_null_level": True},
                {"label_for_charts": "within 2 years", "m_probability": 0.8, "u_probability": 0.1},
                {"label_for_charts": "else", "m_probability": 0.2, "u_probability": 0.9},
            ],
        },
    ],
}


def _record(
    source: Source, srid: str, name: str, *, father: str | None = None, **kw: Any
) -> SourceRecord:
    parsed = parse_name(name)
    keys = name_keys(parsed)
    raw = {"name": name, **{k: str(v) for k, v in kw.items() if v is not None}}
    return SourceRecord(
        source_id=source.id,
        source_record_id=srid,
        raw=raw,
        content_sha256=hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest(),
        name_raw=name,
        given_name=parsed.given,
        family_name=parsed.family,
        father_name=father,
        given_key=keys.given_key,
        family_key=keys.family_key,
        father_key=father_key(father) or None,
        given_latin=keys.given_latin,
        family_latin=keys.family_latin,
        full_key=keys.full_key,
        **kw,
    )


def add_user(store: Store, username: str, role: str, locale: str = "en") -> None:
    with store.session() as s:
        s.add(
            User(username=username, role=role, password_hash=hash_password(PASSWORD), locale=locale)
        )


def seed(store: Store) -> World:
    for name, role in (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer")):
        add_user(store, name, role)
    with store.session() as s:
        ngo = Source(name="NGO list", kind="ngo", independence_group="ngo-a")
        media = Source(name="Media reports", kind="media", independence_group="media-b")
        s.add_all([ngo, media])
        s.flush()
        day = dt.date(2019, 11, 16)
        r1 = _record(
            ngo,
            "n1",
            "محمد حسینی",
            father="علی",
            sex="male",
            age=24,
            date_start=day,
            date_end=day,
            date_precision="day",
            province_code=TEHRAN,
            city_id=TEHRAN_CITY,
            violation="killed",
        )
        r1.raw["witness_name"] = "should never be shown"
        r2 = _record(
            media,
            "m1",
            "Mohammad Hosseini",
            sex="male",
            age=25,
            date_start=day,
            date_end=day,
            date_precision="day",
            province_code=TEHRAN,
            city_id=TEHRAN_CITY,
            violation="killed",
        )
        r3 = _record(
            ngo,
            "n2",
            "Zahra Ahmadi",
            sex="female",
            age=31,
            date_start=day + dt.timedelta(1),
            date_end=day + dt.timedelta(1),
            date_precision="day",
            province_code=SHIRAZ_PROVINCE,
            city_id=SHIRAZ_CITY,
            violation="arrested",
        )
        r4 = _record(
            media,
            "m2",
            "رضا کریمی",
            sex="male",
            age=40,
            date_start=day + dt.timedelta(2),
            date_end=day + dt.timedelta(2),
            date_precision="day",
            province_code=SHIRAZ_PROVINCE,
            city_id=SHIRAZ_CITY,
            violation="died_in_custody",
        )
        s.add_all([r1, r2, r3, r4])
        s.flush()
        people = {
            "mohammad_fa": Person(
                id="P-000001",
                display_name="محمد حسینی",
                display_name_latin="Mohammad Hosseini",
                sex="male",
                age=24,
                province_code=TEHRAN,
                city_id=TEHRAN_CITY,
                date_start=day,
                date_end=day,
                grade="weak",
                grade_reasons=["one source"],
                n_sources=1,
                n_groups=1,
            ),
            "mohammad_en": Person(
                id="P-000002",
                display_name="Mohammad Hosseini",
                display_name_latin="Mohammad Hosseini",
                sex="male",
                age=25,
                province_code=TEHRAN,
                city_id=TEHRAN_CITY,
                date_start=day,
                date_end=day,
                grade="weak",
                grade_reasons=["one source"],
                n_sources=1,
                n_groups=1,
            ),
            "zahra": Person(
                id="P-000003",
                display_name="Zahra Ahmadi",
                display_name_latin="Zahra Ahmadi",
                sex="female",
                age=31,
                province_code=SHIRAZ_PROVINCE,
                city_id=SHIRAZ_CITY,
                date_start=r3.date_start,
                date_end=r3.date_end,
                grade="weak",
                grade_reasons=["one source"],
                n_sources=1,
                n_groups=1,
            ),
            "reza": Person(
                id="P-000004",
                display_name="رضا کریمی",
                display_name_latin="Reza Karimi",
                sex="male",
                age=40,
                province_code=SHIRAZ_PROVINCE,
                city_id=SHIRAZ_CITY,
                date_start=r4.date_start,
                date_end=r4.date_end,
                grade="fair",
                grade_reasons=["two independent sources"],
                n_sources=1,
                n_groups=1,
            ),
        }
        s.add_all(people.values())
        s.flush()
        for rec, pid in ((r1, "P-000001"), (r2, "P-000002"), (r3, "P-000003"), (r4, "P-000004")):
            rec.person_id = pid
            s.add(
                Violation(
                    person_id=pid,
                    record_id=rec.id,
                    type=rec.violation,
                    date_start=rec.date_start,
                    date_end=rec.date_end,
                )
            )
        run = LinkRun(engine="duckdb", threshold=0.9, model=MODEL, summary={})
        s.add(run)
        s.flush()
        pair = LinkPair(
            run_id=run.id,
            record_l=r1.id,
            record_r=r2.id,
            match_weight=1.5,
            match_probability=0.74,
            explanation={"gamma": {"given": 1, "age": 1}},
        )
        s.add(pair)
        s.add(
            Claim(
                actor="Official source",
                kind="official",
                figure=2,
                date=dt.date(2020, 5, 31),
                scope="deaths, November 2019",
                citation="synthetic citation",
            )
        )
        s.flush()
        return World(
            persons={k: p.id for k, p in people.items()},
            records={"r1": r1.id, "r2": r2.id, "r3": r3.id, "r4": r4.id},
            pair_id=pair.id,
        )
