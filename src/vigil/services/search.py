"""Person search: persons whose records match every name typed, in either script, plus filters.

One use case for the victims page, `GET /api/persons`, `vigil person search` and
`Vigil.search_persons`; `VictimRow` is also the API's person row (no second definition).

A typed name is cut into words and each word turned into the cross-script key that
`vigil.names` stores on every source record (given, family and father name keys), so
``Mohammad`` and ``محمد`` look up the same key. The keys are looked up in a `NameIndex`
held in memory (key → sorted person positions), built once from the store and rebuilt when
the audit head moves; the database then only fetches the page's rows by primary key.
Filters narrow on the person (grade, place, dates) or on their records (violation,
source). Only one page is fetched, plus one row to know whether another page follows:
counting every match would cost more than the search itself on a large store. `after`
is a keyset cursor (the last id shown), so "next page" never re-reads earlier pages.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from bisect import bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from vigil.names import parse_name, split_patronymic, split_titles, word_key
from vigil.normalize.text import words
from vigil.store.models import AuditEntry, Person, SourceRecord, Violation

MAX_WORDS = 6


def query_keys(text: str) -> list[str]:
    """One key per name word typed (titles dropped), in order, without repeats.

    `word_key` gives Mohammad, Muhammad and محمد the same key, so each word finds the
    records whose given, family or father name has that key in either script. The words
    are read as the importer reads a name field: a patronymic marker (``فرزند``, ``son
    of``) is not a word to find, the father's name after it is; a word typed glued
    (``محمدحسینی``) is cut as `parse_name` cuts it, so it finds محمد حسینی.
    """
    pat = split_patronymic(text)
    typed = f"{pat.name} {pat.father}" if pat.father else text
    tokens = words(typed)[: MAX_WORDS * 2]
    _, kept = split_titles(tokens) if tokens else ([], [])
    keys: list[str] = []
    for token in kept[:MAX_WORDS]:
        parsed = parse_name(token)
        parts = [parsed.given, parsed.family] if parsed.order == "glued" else [token]
        for part in parts:
            key = word_key(part)
            if key and key not in keys:
                keys.append(key)
    return keys


@dataclass(frozen=True)
class VictimFilter:
    q: str = ""
    province: str | None = None
    city: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    violation: str | None = None
    grade: str | None = None
    source: int | None = None
    page: int = 1
    after: str | None = None  # keyset cursor: show persons with ids after this one

    def with_page(self, page: int, after: str | None = None) -> VictimFilter:
        return replace(self, page=page, after=after)

    def query_params(self) -> dict[str, str]:
        """The filter as URL parameters (for next/previous links)."""
        out: dict[str, str] = {}
        for key, value in self.__dict__.items():
            if value not in (None, "") and not (key == "page" and value == 1):
                out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    @property
    def narrows(self) -> bool:
        """Whether anything beyond the name narrows the search (needs the database)."""
        return any(
            v is not None
            for v in (
                self.province,
                self.city,
                self.date_from,
                self.date_to,
                self.violation,
                self.grade,
                self.source,
            )
        )


@dataclass(frozen=True)
class VictimRow:
    id: str
    display_name: str
    display_name_latin: str | None
    sex: str | None
    age: int | None
    province_code: str | None
    city_id: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    grade: str | None
    n_sources: int


@dataclass(frozen=True)
class VictimPage:
    rows: list[VictimRow]
    page: int
    has_next: bool
    keys: list[str]


ROW_COLUMNS = (
    Person.id,
    Person.display_name,
    Person.display_name_latin,
    Person.sex,
    Person.age,
    Person.province_code,
    Person.city_id,
    Person.date_start,
    Person.date_end,
    Person.grade,
    Person.n_sources,
)
CHUNK = 500  # person ids per IN (...) when filters must be checked in the database
EMPTY = np.zeros(0, dtype=np.int64)


class NameIndex:
    """Name key → positions (in sorted person-id order) of the active persons whose records
    carry that key as given, family or father name. Sorted positions intersect quickly and
    page in id order with no sort."""

    def __init__(self, ids: list[str], postings: dict[str, np.ndarray], version: int) -> None:
        self.ids = ids
        self.postings = postings
        self.version = version
        self.built_at = time.monotonic()

    @classmethod
    def build(cls, s: Session, version: int | None = None) -> NameIndex:
        version = data_version(s) if version is None else version
        rows = s.execute(
            select(
                SourceRecord.person_id,
                SourceRecord.given_key,
                SourceRecord.family_key,
                SourceRecord.father_key,
            )
            .join(Person, Person.id == SourceRecord.person_id)
            .where(Person.active.is_(True))
        ).all()
        ids = sorted({str(r[0]) for r in rows})
        pos = {pid: i for i, pid in enumerate(ids)}
        lists: defaultdict[str, set[int]] = defaultdict(set)
        for pid, *keys in rows:
            i = pos[str(pid)]
            for key in keys:
                if key:
                    lists[key].add(i)
        postings = {k: np.fromiter(sorted(v), np.int64, len(v)) for k, v in lists.items()}
        return cls(ids, postings, version)

    def matches(self, keys: list[str]) -> np.ndarray:
        """Sorted positions of the persons having every key."""
        found = [self.postings.get(k, EMPTY) for k in keys]
        found.sort(key=len)
        out = found[0]
        for other in found[1:]:
            if not len(out):
                break
            out = np.intersect1d(out, other, assume_unique=True)
        return out


def _filters(f: VictimFilter) -> list[Any]:
    conds: list[Any] = [Person.active.is_(True)]
    if f.grade:
        conds.append(Person.grade == f.grade)
    if f.province:
        conds.append(Person.province_code == f.province)
    if f.city is not None:
        conds.append(Person.city_id == f.city)
    if f.date_from:
        conds.append(or_(Person.date_end >= f.date_from, Person.date_start >= f.date_from))
    if f.date_to:
        conds.append(Person.date_start <= f.date_to)
    if f.violation:
        conds.append(
            or_(
                exists(
                    select(Violation.id).where(
                        Violation.person_id == Person.id, Violation.type == f.violation
                    )
                ),
                exists(
                    select(SourceRecord.id).where(
                        SourceRecord.person_id == Person.id,
                        SourceRecord.violation == f.violation,
                    )
                ),
            )
        )
    if f.source is not None:
        conds.append(
            exists(
                select(SourceRecord.id).where(
                    SourceRecord.person_id == Person.id, SourceRecord.source_id == f.source
                )
            )
        )
    return conds


def victims_query(f: VictimFilter) -> Select[Any]:
    """The SELECT of persons passing the filter's non-name conditions (without paging)."""
    stmt: Select[Any] = select(*ROW_COLUMNS).where(and_(*_filters(f)))  # type: ignore[assignment]
    return stmt


def _rows(s: Session, stmt: Select[Any]) -> list[VictimRow]:
    return [VictimRow(*r) for r in s.execute(stmt).all()]


def search_victims(
    s: Session, f: VictimFilter, page_size: int = 50, index: NameIndex | None = None
) -> VictimPage:
    """One page of matches in id order (`f.after` if given, else `f.page`, picks the page)."""
    keys = query_keys(f.q) if f.q.strip() else []
    page = max(1, f.page)
    want = page_size + 1
    skip = 0 if f.after else (page - 1) * page_size
    if not keys:
        stmt = victims_query(f)
        if f.after:
            stmt = stmt.where(Person.id > f.after)
        rows = _rows(s, stmt.order_by(Person.id).limit(want).offset(skip))
        return VictimPage(rows[:page_size], page, len(rows) > page_size, keys)

    index = index or NameIndex.build(s)
    positions = index.matches(keys)
    if f.after:
        positions = positions[bisect_right(index.ids, f.after) <= positions]
    ids = [index.ids[i] for i in positions.tolist()] if len(positions) else []
    if not f.narrows:
        chosen = ids[skip : skip + want]
        found = {r.id: r for r in _rows(s, victims_query(f).where(Person.id.in_(chosen)))}
        rows = [found[i] for i in chosen if i in found]
        return VictimPage(rows[:page_size], page, len(rows) > page_size, keys)

    rows = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        got = _rows(s, victims_query(f).where(Person.id.in_(chunk)).order_by(Person.id))
        if skip >= len(got):
            skip -= len(got)
            continue
        rows.extend(got[skip:])
        skip = 0
        if len(rows) >= want:
            break
    return VictimPage(rows[:page_size], page, len(rows) > page_size, keys)


def data_version(s: Session) -> int:
    """The audit log head: every change to records, persons and decisions appends to it."""
    return s.scalar(select(func.max(AuditEntry.seq))) or 0


class SearchCache:
    """The name index and recent result pages, valid while the store's audit head has not
    moved. Changes made outside Vigil do not move it: pages expire after `ttl_s` seconds
    and the index is rebuilt after `index_ttl_s`."""

    def __init__(self, size: int = 1024, ttl_s: float = 60.0, index_ttl_s: float = 300.0) -> None:
        self.size = size
        self.ttl_s = ttl_s
        self.index_ttl_s = index_ttl_s
        self._pages: OrderedDict[tuple[VictimFilter, int, int], tuple[float, VictimPage]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index: NameIndex | None = None
        self._html: OrderedDict[tuple[Hashable, int], tuple[float, str]] = OrderedDict()

    def index(self, s: Session, version: int) -> NameIndex:
        """The name index for store version `version`, built (once, under a lock) if stale."""
        idx = self._index
        if (
            idx is not None
            and idx.version == version
            and time.monotonic() - idx.built_at < self.index_ttl_s
        ):
            return idx
        with self._index_lock:
            idx = self._index
            if (
                idx is None
                or idx.version != version
                or time.monotonic() - idx.built_at >= self.index_ttl_s
            ):
                idx = self._index = NameIndex.build(s, version)
            return idx

    def fragment(self, key: Hashable, version: int, render: Callable[[], str]) -> str:
        """Rendered HTML for `key` at store version `version` (rendering a page of results
        costs more than finding them, so finished fragments are kept like result pages)."""
        if self.size <= 0:
            return render()
        full = (key, version)
        now = time.monotonic()
        with self._lock:
            hit = self._html.get(full)
            if hit is not None and now - hit[0] < self.ttl_s:
                self._html.move_to_end(full)
                return hit[1]
        html = render()
        with self._lock:
            self._html[full] = (now, html)
            while len(self._html) > self.size:
                self._html.popitem(last=False)
        return html

    def search(
        self, s: Session, f: VictimFilter, page_size: int, version: int | None = None
    ) -> VictimPage:
        version = data_version(s) if version is None else version
        needs_index = bool(f.q.strip())
        if self.size <= 0:
            return search_victims(s, f, page_size, self.index(s, version) if needs_index else None)
        key = (f, page_size, version)
        now = time.monotonic()
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None and now - hit[0] < self.ttl_s:
                self._pages.move_to_end(key)
                return hit[1]
        page = search_victims(s, f, page_size, self.index(s, version) if needs_index else None)
        with self._lock:
            self._pages[key] = (now, page)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page
