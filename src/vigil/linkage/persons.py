"""What a person's row says, derived only from the records linked to it.

Nothing here is typed in by hand: re-linking recomputes it, so a person can never claim
more than its records do. Where records disagree the most common value wins, ties going
to the earliest record; dates take the most precise interval reported.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T", bound=Hashable)

_PERSIAN = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class PersonFacts:
    display_name: str
    display_name_latin: str | None
    sex: str | None
    age: int | None
    province_code: str | None
    city_id: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    n_sources: int
    n_groups: int


def _mode(values: Sequence[T | None]) -> T | None:
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)


def _latin_name(r: Mapping[str, Any]) -> str | None:
    parts = [str(r[k]).title() for k in ("given_latin", "family_latin") if r.get(k)]
    return " ".join(parts) or None


def _date(records: Sequence[Mapping[str, Any]]) -> tuple[dt.date | None, dt.date | None]:
    spans = [
        (r["date_start"], r.get("date_end") or r["date_start"])
        for r in records
        if r.get("date_start") is not None
    ]
    if not spans:
        return None, None
    narrowest = min((e - s).days for s, e in spans)
    return _mode([(s, e) for s, e in spans if (e - s).days == narrowest]) or (None, None)


def person_facts(records: Sequence[Mapping[str, Any]]) -> PersonFacts:
    """Facts of one person from its records (dicts with SourceRecord column names plus
    ``source`` and ``group``), oldest record first."""
    if not records:
        raise ValueError("a person needs at least one record")
    names = [str(r.get("name_raw") or "").strip() for r in records]
    persian = [n for n in names if _PERSIAN.search(n)]
    display = _mode(persian) or _mode(names) or "?"
    province = _mode([r.get("province_code") for r in records])
    city = _mode([r.get("city_id") for r in records if r.get("province_code") in (province, None)])
    ages = [int(r["age"]) for r in records if r.get("age") is not None]
    start, end = _date(records)
    return PersonFacts(
        display_name=display,
        display_name_latin=_mode([_latin_name(r) for r in records]),
        sex=_mode([r.get("sex") for r in records]),
        age=round(statistics.median(ages)) if ages else None,
        province_code=province,
        city_id=city,
        date_start=start,
        date_end=end,
        n_sources=len({r.get("source") for r in records}),
        n_groups=len({r.get("group") for r in records}),
    )
