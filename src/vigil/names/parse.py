"""Split a reported full name into given name, family name and titles.

Iranian names are written given-first (محمد حسینی, Mohammad Hosseini); the press and
many NGO lists write "HOSSEINI, Mohammad" or "HOSSEINI Mohammad". A comma, or an all-caps
first word followed by a mixed-case one, marks family-first order; otherwise the last name
unit is the family name and everything before it the given name (glued into one compound,
so "Gholam Reza" and "Gholamreza" are the same given name). When a source has separate
given and family columns, pass them and no order is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from vigil.names.compounds import ALBU, ARTICLES, glue, is_prefix, is_suffix, join_affixes
from vigil.names.dictionary import load_roles
from vigil.names.latin import canonical_suffix_word, normalize_latin
from vigil.names.patronymic import split_patronymic
from vigil.names.persian import has_persian_letters, normalize_persian
from vigil.names.segment import (
    LOW_CONFIDENCE,
    Reading,
    _latin_key_counts,
    _surname_weight,
    attested_family,
    attested_given,
    segment,
    split_camel,
)
from vigil.names.titles import split_titles, title_of

Script = Literal["fa", "latin", "mixed", "empty"]
Order = Literal["given_first", "family_first", "fields", "single", "glued"]

# Titles that stand before a given name and never after it.
_GIVEN_OPENERS: frozenset[str] = frozenset(
    {"seyed", "seyedeh", "haj", "sheikh", "mashhadi", "karbalaei", "shahid", "dr", "mr", "mrs"}
)
_COMMA = re.compile(r"[,\u060c;]")
_PERSIAN_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")
_SCRIPT_RUNS = re.compile(r"[\u0600-\u06ff\u200c]+|[^\u0600-\u06ff\u200c]+")


@dataclass(frozen=True)
class ParsedName:
    """A name taken apart. Text fields are normalized (`normalize_persian` / lower-case
    `normalize_latin`) and glued; `*_parts` keep the words as written (normalized, hyphenated
    words split, bound prefixes kept with their word), for keying compounds part by part."""

    raw: str
    given: str
    family: str
    titles: tuple[str, ...]
    script: Script
    order: Order
    given_parts: tuple[str, ...] = ()
    family_parts: tuple[str, ...] = ()
    father: str = ""
    readings: tuple[Reading, ...] = ()
    confidence: float = 1.0

    @property
    def low_confidence(self) -> bool:
        """True when the parse is a guess more than a reading (`LOW_CONFIDENCE`)."""
        return self.confidence < LOW_CONFIDENCE


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a]")


def _script_of(text: str) -> Script:
    fa = has_persian_letters(text)
    la = bool(_LATIN_LETTER.search(text))
    if fa and la:
        return "mixed"
    if fa:
        return "fa"
    return "latin" if la else "empty"


def _words(text: str) -> list[str]:
    """Normalized words in either script (each word by its own script's rules)."""
    out: list[str] = []
    for chunk in unicodedata.normalize("NFKC", text).split():
        out.extend(_chunk_words(chunk))
    return out


@lru_cache(maxsize=300_000)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    words: list[str] = []
    # a chunk mixing scripts (سیدAli) is cut where the script changes, order kept
    for piece in _SCRIPT_RUNS.findall(chunk):
        if has_persian_letters(piece):
            words += normalize_persian(piece).split()
        else:
            words += normalize_latin(piece).split()
    return tuple(p for w in words if w.strip("-") for p in _article_seam(w))


# A given name glued to an Arab family name with its article (Abbasal-Zuhairi,
# Kuroshal-Sakhrawi): the hyphen shows where the article's word begins.
_LATIN_ARTICLE_SEAM = re.compile(r"^([a-z]{3,})al-([a-z]{4,})$")


def _article_seam(word: str) -> tuple[str, ...]:
    """``abbasal-zuhairi`` -> (``abbas``, ``al-zuhairi``) when the part before the article
    is an attested given name and, with the article's a-l, none (Jamal-Zadeh, Kamal-Pour
    stay whole), and what follows is no surname suffix."""
    m = _LATIN_ARTICLE_SEAM.match(word)
    if m is None:
        return (word,)
    left, right = m.group(1), m.group(2)
    if (
        not attested_given(left)
        or attested_given(left + "al")
        or canonical_suffix_word(right) != right
        or right in ("zade", "zada")
    ):
        return (word,)
    return (left, "al-" + right)


def parts_of(units: list[list[str]]) -> list[str]:
    """The words of a name, hyphenated words split (Amir-Husain -> amir, husain), a bound
    prefix kept with the word after it (Abdul-Rahman -> abdulrahman): the pieces that
    `compound_key` keys one by one."""
    pieces = [p for unit in units for w in unit for p in w.split("-") if p]
    # an Arabic article hyphenated to a word (al-Husseini) is not part of the name
    pieces = [p for p in pieces if p not in ARTICLES] or pieces
    out: list[str] = []
    pending = ""
    for p in pieces:
        if is_prefix(p):
            pending += "albu" if p in ALBU else p  # Bu Ghubaish, Al Bu Ghubaish: Albu
            continue
        out.append(pending + p)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _given(words: list[str]) -> tuple[list[str], list[str], str]:
    titles, rest = split_titles(words, given_only=True)
    units = join_affixes(rest, min_units=1)
    return titles, parts_of(units), glue([glue(u) for u in units])


def _family(words: list[str]) -> tuple[list[str], str]:
    units = join_affixes(words, min_units=1)
    return parts_of(units), glue([glue(u) for u in units])


# Surname endings that no given name has (-pour has Shahpour, -vand Alvand, -i Ali and
# Mehdi): a name unit ending so, ahead of one that does not, is a family name written first.
_SURNAME_ENDINGS: tuple[str, ...] = (
    "nejad",
    "zadeh",
    "abadi",
    "pour",
    "نژاد",
    "زاده",
    "آبادی",
    "پور",
)
_GIVEN_NAMES_LIKE_SURNAMES: frozenset[str] = frozenset({"shahpour", "shapour", "شاهپور", "شاپور"})


def _surname_form(unit: str) -> bool:
    """True for a glued name unit with a surname-only ending after a root of 3+ letters."""
    if unit in _GIVEN_NAMES_LIKE_SURNAMES:
        return False
    return any(unit.endswith(e) and len(unit) >= len(e) + 3 for e in _SURNAME_ENDINGS)


def _surname_first_by_lexicon(first: str, last: str) -> bool:
    """True when the lexicon reads the first unit as a surname (seen as one at least three
    times, and more than twice as often as a given name: Karimi, Rezaei) and the last as a
    given name it has never seen as a surname (Alireza, Zahra; ``last`` is all the units
    after the first, glued: "Ghorbani Ali Reza"): a family-first name. A given
    name also seen as a surname (Mohammad, Ali) leaves the order unknown (given-first
    default; ``tokens_key`` still meets the other order)."""
    roles = load_roles()
    persian = has_persian_letters(first)
    given, surname = (
        (roles.given, roles.surname) if persian else (roles.latin_given, roles.latin_surname)
    )
    first_s, first_g = surname.get(first, 0), given.get(first, 0)
    last_s, last_g = surname.get(last, 0), given.get(last, 0)
    if not persian and not (first_s or first_g):  # a spelling the lexicon lacks: by key
        first_g, first_s = _latin_key_counts(first)
    if not persian and not (last_s or last_g):
        last_g, last_s = _latin_key_counts(last)
    if not (first_s or first_g):  # an attested name with a surname suffix (Sohrablou)
        first_s = int(_surname_weight(first, persian))
    return (
        first_s >= 3
        and first_s > 2 * first_g
        and last_g >= 3
        and last_s == 0
        and not _surname_form(last)
    )


def _has_article(word: str) -> bool:
    return word in ARTICLES or word.startswith(("al-", "el-"))


def _article_first(words: list[str]) -> bool:
    """The first word of a Latin name is (or carries) the Arabic article and no later one
    does: Arab lists write the family name, which alone takes the article, first."""
    return bool(words) and _has_article(words[0]) and not any(map(_has_article, words[1:]))


def _is_caps_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=500_000)
def parse_name(raw: str | None, given: str | None = None, family: str | None = None) -> ParsedName:
    """Take a name apart; never raises on odd input (empty fields give empty parts).

    - a patronymic anywhere in a field (``محمد حسینی فرزند علی``, ``Mohammad Hosseini, son
      of Ali``, ``(father: Ali)``; `vigil.names.patronymic`) is taken out first and returned
      in ``father``, as written; it is never part of the given or family name;
    - camel-case glued words are cut at the capitals (``MohammadHosseini``);
    - a name left as one glued word (``محمدحسینی``, ``mohammadhosseini``) is cut against
      the name lexicon (`vigil.names.segment`): the best reading becomes given and family
      (``order="glued"``), every plausible reading is kept in ``readings``;
    - ``confidence`` (0-1) says how sure the parse is (`_confidence`).

    The rest is `_parse`:

    - ``given`` and ``family`` given (non-blank): used as they are (titles still taken out
      of ``given``); blank columns count as missing, and when only one is filled while
      ``raw`` is not blank, ``raw`` is parsed instead.
    - ``"HOSSEINI, Mohammad"`` / ``"حسینی، محمد"``: family before the comma.
    - ``"HOSSEINI Mohammad"``: an all-caps first word before mixed-case words is the family.
    - otherwise given-first: the last unit (bound affixes joined: Hossein Zadeh -> one
      unit only when a given name stays in front) is the family name.
    - a single word is a given name (``order="single"``).
    Titles anywhere in front of the given name are returned in ``titles``.
    """
    raw_text = raw or ""
    fathers: list[str] = []

    def unfathered(text: str | None) -> str | None:
        if not text or not text.strip():
            return text
        pat = split_patronymic(text)
        if pat.father:
            fathers.append(pat.father)
            return pat.name
        return text

    def uncamel(text: str | None) -> str | None:
        return " ".join(split_camel(c) for c in text.split()) if text else text

    body = uncamel(unfathered(raw_text)) or ""
    g_field = uncamel(unfathered(given))
    f_field = uncamel(unfathered(family))
    parsed = _parse(body, g_field, f_field)
    readings: tuple[Reading, ...] = ()
    changes: dict[str, object] = {}
    if parsed.given and not parsed.family and _one_glued_word(parsed.given_parts):
        readings = segment(parsed.given)
    elif _suffix_alone(parsed):
        # "حامدحسین زاده": given and family glued, the surname's weak suffix left apart
        # (a family name that is only "zadeh" is rare): cut the whole as one glued word
        readings = segment(glue([parsed.given, parsed.family]))
        if not readings or not readings[0].family:
            readings = ()
    top = readings[0] if readings else None
    if top is not None and top.family:
        changes = {
            "given": top.given,
            "family": top.family,
            "order": "glued",
            "given_parts": (top.given,),
            "family_parts": (top.family,),
        }
    if raw_text and raw_text != parsed.raw:
        changes["raw"] = raw_text
    if fathers:
        changes["father"] = " ".join(fathers)
    if readings:
        changes["readings"] = readings
    if changes:
        parsed = replace(parsed, **changes)  # type: ignore[arg-type]
    confidence = _confidence(parsed)
    if confidence != parsed.confidence:
        parsed = replace(parsed, confidence=confidence)
    return parsed


def _one_glued_word(parts: tuple[str, ...]) -> bool:
    """Whether a one-unit name may be given and family glued: one word, or one word and a
    surname suffix written apart from it (``پیمانگلشن پور``: Peyman Golshanpour glued, the
    suffix split off). A given name does not end in a surname suffix, so the unit is cut
    against the lexicon like a single glued word; a surname alone (حسین زاده) stays whole
    because the lexicon reads it as one name."""
    return len(parts) <= 1 or (len(parts) == 2 and is_suffix(parts[1]))


def _suffix_alone(p: ParsedName) -> bool:
    """A given-first parse of one word and a bare surname suffix (``حامدحسین زاده``)."""
    return (
        p.order == "given_first"
        and len(p.given_parts) == 1
        and len(p.family_parts) == 1
        and is_suffix(p.family)
    )


def _confidence(p: ParsedName) -> float:
    """How sure the parse is, 0-1: high when the order was marked (separate columns, a
    comma, capitals) and both parts are names the lexicon knows; lower when the order was
    guessed, a part is unknown, the name is one word, or a glued word had several readings
    (then the best reading's share)."""
    if not p.given and not p.family:
        return 0.0
    base = {
        "fields": 1.0,
        "family_first": 0.95,
        "given_first": 0.9,
        "glued": 0.9,
        "single": 0.5,
    }[p.order]
    if p.order == "glued" and p.readings:
        base *= p.readings[0].confidence
    given_parts = p.given_parts or ((p.given,) if p.given else ())
    if (
        given_parts
        and not any(attested_given(g) for g in given_parts)
        and not attested_given(p.given)
    ):
        base *= 0.8
    if p.family and not attested_family(p.family):
        base *= 0.85
    if p.script == "mixed":
        base *= 0.8
    if p.father:
        base *= 0.95
    return round(base, 3)


def _parse(raw_text: str, given: str | None, family: str | None) -> ParsedName:
    """The order rules of `parse_name` on a field without patronymic."""
    given = given if given and given.strip() else None
    family = family if family and family.strip() else None
    # one column filled and the other empty: the full name, when there is one, says more
    if (given is None) != (family is None) and raw_text.strip():
        given = family = None
    if given is not None or family is not None:
        titles, g_units, g = _given(_words(given or ""))
        fam_words = _words(family or "")
        fam_titles, fam_words = split_titles(fam_words) if len(fam_words) > 1 else ([], fam_words)
        f_units, f = _family(fam_words)
        text = f"{given or ''} {family or ''}"
        return ParsedName(
            raw_text or text.strip(),
            g,
            f,
            tuple(titles + fam_titles),
            _script_of(text),
            "fields",
            tuple(g_units),
            tuple(f_units),
        )
    script = _script_of(raw_text)
    parts = _COMMA.split(raw_text, maxsplit=1)
    if len(parts) == 2 and _words(parts[0]) and _words(parts[1]):
        fam_words = _words(parts[0])
        lead_titles: list[str] = []
        while len(fam_words) > 1 and title_of(fam_words[0]):
            lead_titles.append(title_of(fam_words[0]) or "")
            fam_words.pop(0)
        titles, g_units, g = _given(_words(parts[1]))
        f_units, f = _family(fam_words)
        return ParsedName(
            raw_text,
            g,
            f,
            tuple(lead_titles + titles),
            script,
            "family_first",
            tuple(g_units),
            tuple(f_units),
        )
    chunks = raw_text.replace(",", " ").split()
    words = _words(raw_text)
    if not words:
        return ParsedName(raw_text, "", "", (), script, "single")
    if (
        script == "latin"
        and len(chunks) >= 2
        and _is_caps_word(chunks[0])
        and not all(_is_caps_word(c) for c in chunks)
        and title_of(chunks[0]) is None
    ):
        n_caps = 0
        while n_caps < len(chunks) and _is_caps_word(chunks[n_caps]):
            n_caps += 1
        fam_words = _words(" ".join(chunks[:n_caps]))
        titles, g_units, g = _given(_words(" ".join(chunks[n_caps:])))
        f_units, f = _family(fam_words)
        return ParsedName(
            raw_text, g, f, tuple(titles), script, "family_first", tuple(g_units), tuple(f_units)
        )
    # "SALEHI Seyed Mohammad": a leading-type title after the first word starts the given
    # name, so the words before it are the family name
    for k in range(1, len(words) - 1):
        t = title_of(words[k])
        if t in _GIVEN_OPENERS and title_of(words[0]) is None:
            f_units, f = _family(words[:k])
            titles, g_units, g = _given(words[k:])
            return ParsedName(
                raw_text,
                g,
                f,
                tuple(titles),
                script,
                "family_first",
                tuple(g_units),
                tuple(f_units),
            )
    titles, rest = split_titles(words)
    units = join_affixes(rest, min_units=2)
    if not units:  # only articles ("al", "ال")
        return ParsedName(raw_text, "", "", tuple(titles), script, "single")
    if len(units) >= 2 and (
        # "Al-Hamidawi Ali Akbar": the Arabic article marks the family name, written first
        _article_first(rest)
        # "Mahdinejad Mohammad Reza": a surname by its form first, the given name after it
        or (_surname_form(glue(units[0])) and not _surname_form(glue(units[-1])))
    ):
        given_titles, g_units, g = _given([w for u in units[1:] for w in u])
        f_units, f = _family(units[0])
        return ParsedName(
            raw_text,
            g,
            f,
            tuple(titles + given_titles),
            script,
            "family_first",
            tuple(g_units),
            tuple(f_units),
        )
    if len(units) >= 2 and _surname_first_by_lexicon(
        glue(units[0]), glue([glue(u) for u in units[1:]])
    ):
        # "Karimi Alireza", "کریمی علی رضا": a name the lexicon knows as a surname first, one
        # it knows as a given name last: family-first, however the given name is cut
        given_titles, g_units, g = _given([w for u in units[1:] for w in u])
        f_units, f = _family(units[0])
        return ParsedName(
            raw_text,
            g,
            f,
            tuple(titles + given_titles),
            script,
            "family_first",
            tuple(g_units),
            tuple(f_units),
        )
    if len(units) == 1:
        return ParsedName(
            raw_text,
            glue(units[0]),
            "",
            tuple(titles),
            script,
            "single",
            tuple(parts_of(units)),
            (),
        )
    return ParsedName(
        raw_text,
        glue([glue(u) for u in units[:-1]]),
        glue(units[-1]),
        tuple(titles),
        script,
        "given_first",
        tuple(parts_of(units[:-1])),
        tuple(parts_of(units[-1:])),
    )
