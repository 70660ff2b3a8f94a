"""A father's name written into the name field, in either script and in any position.

Lists often write the father into the name: ``محمد حسینی فرزند علی``, ``زهرا کریمی دختر
حسن``, ``محمد بن علی``, ``Mohammad Hosseini, son of Ali``, ``Zahra Karimi d/o Hassan``,
``Mohammad Hosseini (father: Ali)``. `split_patronymic` takes the father out, so that he
never becomes part of a given or family name, and hands back the rest of the name as it
was written (its comma, if any, still there for the "SURNAME, Given" rule).

Markers: Persian فرزند, پسر, دختر, ولد; Arabic بن, ابن, بنت (only after a name word: at the
start of a name بن and ابن are part of a surname, as in بن‌علی or ابن‌یمین); English
``son of``, ``daughter of``, ``child of``, ``s/o``, ``d/o``, ``bin``, ``ibn``, ``bint``
(again only after a name word); and ``(father: X)``, ``(پدر: X)``, ``father's name X``,
``نام پدر: X``. ``Bani``, ``Abu``, ``Al-`` and ``Bu`` are parts of Arab family names, never
markers.

Where the father ends: at a comma, a bracket or the end of the field. When the marker
follows a given name alone (one word, or titles and words the lexicon knows as given names:
``سید محمد حسین``) and more than one word follows it without a comma (Arabic
nasab order, ``محمد بن علی حسینی``, ``Mohammad son of Ali Hosseini``), the last of those
words is the family name and goes back to the name. Lists write the family name after the
father's (``حسین فرزند رامین شمسی``: Hossein son of Ramin, family Shamsi): so the same holds
after any marker, when that last word is a surname by the lexicon, or a rare given name with
a surname's ending (-ی/-i, -pour, -zadeh, -nejad); an Arab family name in two words after
the father (``علی بن احمد أبو شهاب``) is glued and taken the same way. The father never
enters the given or family name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Canonical marker kinds.
SON, DAUGHTER, CHILD = "son_of", "daughter_of", "child_of"

_PERSIAN_MARKERS: dict[str, str] = {
    "فرزند": CHILD,
    "پسر": SON,
    "دختر": DAUGHTER,
    "ولد": SON,
}
# Arabic nasab markers: a marker only after a name word (a name starting with them is a
# surname: ابن‌یمین, بن‌علی).
_ARABIC_MARKERS: dict[str, str] = {"بن": SON, "ابن": SON, "بنت": DAUGHTER}
_LATIN_NASAB: dict[str, str] = {"bin": SON, "ibn": SON, "bint": DAUGHTER}

_LATIN_PHRASE = re.compile(
    r"(?<![\w/])(?:(?P<son>son)|(?P<daughter>daughter)|(?P<child>child))\s+of(?!\w)"
    r"|(?<![\w/])(?:(?P<s>s)|(?P<d>d))\s*[/.]\s*o\b\.?",
    re.IGNORECASE,
)
# "(father: Ali)", "[father Ali]", "(پدر: علی)", "(نام پدر: علی)", "(father's name: Ali)"
_BRACKETED = re.compile(
    r"[(\[]\s*(?:father(?:'s|’s)?(?:\s+name)?|f\.?\s*name|نام\s*پدر|پدر)\s*[:=\-–]?\s*"
    r"(?P<father>[^)\]]+?)\s*[)\]]",
    re.IGNORECASE,
)
# "father: Ali" or "نام پدر: علی" after a comma or at the end, without brackets
_LABELLED = re.compile(
    r"(?:^|[,\u060c;]\s*|\s+)(?:father(?:'s|’s)?(?:\s+name)?|نام\s*پدر|پدر)\s*[:=]\s*"
    r"(?P<father>[^,\u060c;]+?)\s*(?=[,\u060c;]|$)",
    re.IGNORECASE,
)
_COMMA = re.compile(r"[,\u060c;]")
# A bracket that opens on a marker: "(فرزند ایمان)", "(s/o Peyman)", "[son of Ali]". The
# brackets become commas, so the father ends where the bracket closes.
_OPEN_ON_MARKER = re.compile(
    r"[(\[]\s*(?=(?:فرزند|پسر|دختر|ولد|بن|ابن|بنت)(?:\s|$)"
    r"|(?:son|daughter|child)\s+of\b|[sd]\s*[/.]\s*o\b|(?:bin|ibn|bint)\b)",
    re.IGNORECASE,
)
# A cheap first look: a field with none of these has no patronymic.
_ANY_MARKER = re.compile(
    r"(?i)\bof\b|[/(\[:=]|\bs\.o\b|\bd\.o\b|\bbin|\bibn\b|"
    "فرزند|پسر|دختر|ولد|بن|بنت"
)
_ARABIC_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})


@dataclass(frozen=True)
class Patronymic:
    """A name field with its patronymic taken out.

    name
        The rest of the field as written (its own comma kept; empty when nothing else).
    father
        The father's name as written ("" when the field has no patronymic).
    marker
        How the father was introduced: ``son_of``, ``daughter_of`` or ``child_of``
        (``"father"`` for a labelled ``(father: X)``); "" without a patronymic.
    """

    name: str
    father: str = ""
    marker: str = ""


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,\u060c;-–")


def _persian_marker(token: str) -> tuple[str, bool] | None:
    """(kind, is_nasab) for a Persian/Arabic-script marker word."""
    t = token.translate(_ARABIC_FORMS).replace("\u200c", "")
    if t in _PERSIAN_MARKERS:
        return _PERSIAN_MARKERS[t], False
    if t in _ARABIC_MARKERS:
        return _ARABIC_MARKERS[t], True
    return None


def _latin_marker(token: str) -> tuple[str, bool] | None:
    t = token.lower().strip(".")
    if t in _LATIN_NASAB:
        return _LATIN_NASAB[t], True
    return None


@lru_cache(maxsize=200_000)
def split_patronymic(raw: str | None) -> Patronymic:
    """The field without its patronymic, and the father as written (see module doc).

    Never raises; a field without a patronymic comes back unchanged (``father=""``)."""
    text = unicodedata.normalize("NFC", raw or "")
    if not text.strip() or not _ANY_MARKER.search(text):
        return Patronymic(text)
    m = _BRACKETED.search(text)
    if m:
        rest = _clean(text[: m.start()] + " " + text[m.end() :])
        return Patronymic(rest, _clean(m.group("father")), "father")
    m = _OPEN_ON_MARKER.search(text)
    if m:
        close = re.compile(r"[)\]]").search(text, m.end())
        end = close.start() if close else len(text)
        after = text[close.end() :] if close else ""
        text = f"{text[: m.start()]} , {text[m.end() : end]} , {after}"
    m = _LABELLED.search(text)
    if m and text[: m.start()].strip():
        rest = _clean(text[: m.start()] + " " + text[m.end() :])
        return Patronymic(rest, _clean(m.group("father")), "father")
    # English phrases: "son of", "s/o": turned into one marker token
    m = _LATIN_PHRASE.search(text)
    if m:
        kind = SON if (m.group("son") or m.group("s")) else DAUGHTER
        if m.group("child"):
            kind = CHILD
        return _split_at(text[: m.start()], text[m.end() :], kind, nasab=False)
    tokens = text.replace("\u060c", " \u060c ").replace(",", " , ").split()
    for i, tok in enumerate(tokens):
        found = _persian_marker(tok) or _latin_marker(tok)
        if found is None:
            continue
        kind, nasab = found
        before = [t for t in tokens[:i] if t not in {",", "\u060c"}]
        if nasab and not before:
            continue  # بن/ابن/bin at the start: part of a surname
        if not before and i + 1 >= len(tokens):
            continue
        return _split_at(" ".join(tokens[:i]), " ".join(tokens[i + 1 :]), kind, nasab=nasab)
    return Patronymic(text)


def _surname_like(word: str) -> bool:
    """A word the lexicon knows better as a surname than as a given name (Hosseini, not
    Reza), or does not know at all (Golnia): "Ali son of Gholam Reza" has no family name,
    "محمدرضا بن یعقوب گلنیا" has."""
    from vigil.names.dictionary import load_roles
    from vigil.names.latin import canonical_affixes, normalize_latin
    from vigil.names.persian import has_persian_letters, normalize_persian
    from vigil.names.segment import attested_family, attested_given

    roles = load_roles()
    if has_persian_letters(word):
        w = normalize_persian(word).replace(" ", "")
        given, surname = roles.given, roles.surname
    else:
        w = canonical_affixes(normalize_latin(word).replace("-", "").replace(" ", ""))
        given, surname = roles.latin_given, roles.latin_surname
    if w in surname or w in given:
        if surname.get(w, 0) > given.get(w, 0):
            return True
        # a rare given name with a surname's ending (شمسی Shamsi, -pour, -zadeh): in the
        # father's place, a family name; a common given name (مهدی, Hadi, علی) is not
        return given.get(w, 0) <= _RARE_GIVEN and w.endswith(_FAMILY_ENDINGS) and len(w) >= 4
    # a word the lexicon does not know: a surname unless it reads as a given name
    return attested_family(w) or not attested_given(w)


# How often a word may be seen as a given name in the lexicon and still be read as a family
# name by its ending (`_surname_like`).
_RARE_GIVEN = 5
_FAMILY_ENDINGS: tuple[str, ...] = ("ی", "i", "y", "pour", "zadeh", "nejad", "پور", "زاده", "نژاد")


def _given_only(words: list[str]) -> bool:
    """True when the words before a marker are a given name alone: one word, or up to four
    words that are titles or names the lexicon knows better as given names than as surnames
    (``محمد حسین``, ``سید حسن``, ``Amir Hussein``); then a family name can only come after
    the father's."""
    if len(words) == 1:
        return True
    if not 2 <= len(words) <= 4:
        return False
    from vigil.names.dictionary import load_roles
    from vigil.names.latin import canonical_affixes, normalize_latin
    from vigil.names.persian import has_persian_letters, normalize_persian
    from vigil.names.segment import _latin_key_counts
    from vigil.names.titles import title_of

    roles = load_roles()
    names = 0
    for word in words:
        if title_of(word) is not None:
            continue
        if has_persian_letters(word):
            w = normalize_persian(word).replace(" ", "")
            given, surname = roles.given, roles.surname
        else:
            w = canonical_affixes(normalize_latin(word).replace("-", "").replace(" ", ""))
            given, surname = roles.latin_given, roles.latin_surname
        g, f = given.get(w, 0), surname.get(w, 0)
        if not has_persian_letters(word) and not g:  # a spelling the lexicon lacks: by key
            g, f = _latin_key_counts(w)
        if g < 2 or g <= f:
            return False
        names += 1
    return names >= 1


def _join_split_prefix(words: list[str]) -> list[str]:
    """An Arab family name written in two words (``أبو شهاب``, ``Abu Shahab``, ``آل کثیر``)
    after a father's name is one family name: its prefix joins the last word."""
    from vigil.names.compounds import glue, is_prefix

    if len(words) >= 3 and is_prefix(words[-2]):
        return [*words[:-2], glue([words[-2], words[-1]])]
    return words


def _join_split_suffix(words: list[str]) -> list[str]:
    """A surname suffix written as a word of its own (``دزفول نژاد``, ``Yazd Nejad``) goes
    back onto the word before it, so it cannot pass for the family name by itself."""
    from vigil.names.compounds import glue, is_suffix

    if len(words) >= 2 and is_suffix(words[-1]):
        return [*words[:-2], glue([words[-2], words[-1]])]
    return words


def _split_at(before: str, after: str, kind: str, *, nasab: bool) -> Patronymic:
    before = before.replace(" , ", ", ").replace(" \u060c ", "\u060c ")
    after = after.replace(" , ", ", ").replace(" \u060c ", "\u060c ")
    parts = _COMMA.split(after, maxsplit=1)
    father_words = parts[0].split()
    tail = parts[1] if len(parts) == 2 else ""
    # an Arabic chain "محمد بن علی بن حسین": the father is the first link
    for j, w in enumerate(father_words):
        if j and (
            (_persian_marker(w) or (None, False))[1] or (_latin_marker(w) or (None, False))[1]
        ):
            father_words = father_words[:j]
            break
    father_words = _join_split_prefix(_join_split_suffix(father_words))
    before_words = _clean(before).split()
    if not father_words:
        return Patronymic(_clean(before + " " + tail))
    if not before_words and tail.strip():
        # "son of Ali, Mohammad Hosseini": the name follows the comma
        return Patronymic(_clean(tail), " ".join(father_words), kind)
    if (
        _given_only(before_words)
        and len(father_words) >= 2
        and not tail.strip()
        and _surname_like(father_words[-1])
    ):
        # "محمد بن علی حسینی", "Mohammad son of Ali Hosseini", "سید محمد حسین فرزند رضا
        # جمشیدان": given, father, family
        family = father_words[-1]
        given = " ".join(before_words)
        return Patronymic(_clean(f"{given} {family}"), " ".join(father_words[:-1]), kind)
    name = _clean(before)
    if tail.strip():
        name = _clean(f"{name}, {tail}") if "," not in name else _clean(f"{name} {tail}")
    return Patronymic(name, " ".join(father_words), kind)
