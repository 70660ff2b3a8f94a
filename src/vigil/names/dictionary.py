"""Attested spellings of Iranian names, from the `arabic-name-romanizer` dictionary.

The package ships a SQLite table of name units (Arabic-script key, Latin spelling, country,
role, count) built from Wikidata. Vigil reads it both ways, once, into memory:

- forward: Persian word -> its most common Latin spellings in Iranian/Afghan use;
- reverse: a Latin spelling -> the Persian word it most often stands for.

Only the table is read here, never the package's neural model: per-record linkage must be
fast and deterministic (`candidates` offers the model's output for review screens). A
spelling that is rare or split between several Persian words is not trusted: rules decide.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vigil.names.latin import canonical_affixes, normalize_latin
from vigil.names.persian import normalize_persian

PERSIAN_COUNTRIES = ("IR", "AF")
# A reverse mapping is trusted when its best Persian word has this many attestations and
# this share of all attestations of the Latin spelling (keys.py also checks that the
# reading agrees with the letters, which screens the table's mis-aligned rows).
MIN_COUNT = 1
MIN_SHARE = 0.6


@dataclass(frozen=True)
class Dictionary:
    """Both directions of the table; empty when the package or its table is missing."""

    forward: dict[str, tuple[tuple[str, int], ...]]
    reverse: dict[str, tuple[tuple[str, int], ...]]

    def latin_spellings(self, persian: str) -> tuple[tuple[str, int], ...]:
        """Latin spellings of a normalized Persian word, most frequent first."""
        return self.forward.get(persian, ())

    def persian_for(self, latin: str) -> str | None:
        """The Persian word a normalized Latin spelling stands for, when attested clearly."""
        hits = self.reverse.get(latin, ())
        if not hits:
            return None
        best, count = hits[0]
        total = sum(c for _, c in hits)
        if count >= MIN_COUNT and count >= MIN_SHARE * total:
            return best
        return None


def _table_path() -> Path | None:
    try:
        from arabic_name_romanizer.api import default_resources_dir
    except ImportError:  # pragma: no cover - the package is a declared dependency
        return None
    path = Path(default_resources_dir()) / "names.sqlite3"
    return path if path.exists() else None


@cache
def load_dictionary() -> Dictionary:
    """Read the table once (about 0.2 s); later calls return the same object."""
    path = _table_path()
    if path is None:  # pragma: no cover
        return Dictionary({}, {})
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT arabic_key, latin, country, count FROM units").fetchall()
    finally:
        conn.close()
    fwd: dict[str, Counter[str]] = defaultdict(Counter)
    rev_fa: dict[str, Counter[str]] = defaultdict(Counter)
    rev_any: dict[str, Counter[str]] = defaultdict(Counter)
    for arabic_key, latin, country, count in rows:
        if " " in arabic_key:
            continue
        fa = normalize_persian(arabic_key)
        la = normalize_latin(latin).replace("-", "").replace(" ", "")
        if not fa or not la:
            continue
        # also under the canonical affix spelling, which is what parse_name hands on
        spellings = {la, canonical_affixes(la)}
        if country in PERSIAN_COUNTRIES:
            fwd[fa][la] += int(count)
            for sp in spellings:
                rev_fa[sp][fa] += int(count)
        else:
            read = _without_article(fa, la)
            for sp in spellings:
                rev_any[sp][read] += int(count)
    reverse = {la: tuple(c.most_common(4)) for la, c in rev_any.items()}
    # Iranian/Afghan use wins over Arab use of the same spelling.
    reverse.update({la: tuple(c.most_common(4)) for la, c in rev_fa.items()})
    forward = {fa: tuple(c.most_common(6)) for fa, c in fwd.items()}
    return Dictionary(forward, reverse)


def _without_article(persian: str, latin: str) -> str:
    """An Arab row's Persian word without the article ال when its Latin spelling has none
    (Hashimi -> الهاشمی): Persian names do not carry the article, so the reading of the
    Latin spelling is the bare word (هاشمی)."""
    if persian.startswith("ال") and len(persian) > 4 and not latin.startswith(("al", "el", "l")):
        return persian[2:]
    return persian


def persian_for_latin(word: str) -> str | None:
    """Trusted Persian reading of one normalized, glued Latin word, or None."""
    return load_dictionary().persian_for(word)


def reading_count(word: str) -> int:
    """Attestations of the best Persian reading of a Latin word (0 when unknown)."""
    hits = load_dictionary().reverse.get(word, ())
    return hits[0][1] if hits else 0


def readings(word: str) -> tuple[str, ...]:
    """Every Persian word a normalized Latin spelling is attested for, most frequent first
    (trusted or not)."""
    return tuple(fa for fa, _ in load_dictionary().reverse.get(word, ()))


def latin_for_persian(word: str) -> tuple[str, ...]:
    """Iranian Latin spellings of one normalized Persian word, most frequent first."""
    return tuple(latin for latin, _ in load_dictionary().latin_spellings(word))


def candidates(name: str, role: str = "given", top_k: int = 4) -> list[str]:
    """Romanizations from the package's full pipeline (dictionary, then its neural model):
    slow, for review screens and benchmarks, not for per-record keys. Treat as suggestions."""
    from arabic_name_romanizer import transliterate

    out = transliterate(name, top_k=top_k, country="IR", role=role)
    return [c.text for c in out] if isinstance(out, list) else [str(out)]


class _MaddaBlind(dict[str, int]):
    """Counts of Persian words, looked up with آ read as ا: the table keys words in Arabic
    letters, without the madda (ارمین), while reports and `normalize_persian` keep it
    (آرمین, آرش, آزاده), so a lookup of the written word found nothing."""

    @staticmethod
    def _fold(key: str) -> str:
        return key.replace("آ", "ا")

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(self._fold(key), default)

    def __getitem__(self, key: str) -> int:
        return super().__getitem__(self._fold(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._fold(key) if isinstance(key, str) else key)


@dataclass(frozen=True)
class Roles:
    """How often each Persian word and each Latin spelling is attested as a given name and
    as a surname in Iranian/Afghan use: the lexicon that glued names are cut against."""

    given: dict[str, int]
    surname: dict[str, int]
    latin_given: dict[str, int]
    latin_surname: dict[str, int]


@cache
def load_roles() -> Roles:
    """Read the table's name roles once (about 0.1 s)."""
    path = _table_path()
    given: Counter[str] = Counter()
    surname: Counter[str] = Counter()
    lgiven: Counter[str] = Counter()
    lsurname: Counter[str] = Counter()
    if path is None:  # pragma: no cover
        return Roles({}, {}, {}, {})
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT arabic_key, latin, role, count FROM units WHERE country IN (?, ?)"
            " AND role IN ('given', 'surname')",
            PERSIAN_COUNTRIES,
        ).fetchall()
    finally:
        conn.close()
    for arabic_key, latin, role, count in rows:
        if " " in arabic_key:
            continue
        fa = normalize_persian(arabic_key)
        la = canonical_affixes(normalize_latin(latin).replace("-", "").replace(" ", ""))
        if not fa or not la:
            continue
        if role == "given":
            given[fa] += int(count)
            lgiven[la] += int(count)
        else:
            surname[fa] += int(count)
            lsurname[la] += int(count)
    return Roles(_MaddaBlind(given), _MaddaBlind(surname), dict(lgiven), dict(lsurname))
