"""Rule-based romanization of a Persian word, for names the dictionary does not know.

Persian script leaves most short vowels unwritten, so no rule can recover the exact Latin
spelling of an unseen name; this romanizer aims at a spelling close enough, under
`canonical_latin` and Jaro-Winkler, to what a human transliterator writes (خسروی ->
khosravi-like "khasravi"). Long vowels and consonants, which carry most of the identity of a
name, come out exactly. Short vowels are guessed: "a" in the first syllable, "e" after.
"""

from __future__ import annotations

from functools import lru_cache

_CONSONANTS: dict[str, str] = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ط": "t",
    "ث": "s",
    "س": "s",
    "ص": "s",
    "ج": "j",
    "ژ": "zh",
    "چ": "ch",
    "ح": "h",
    "ه": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "z",
    "ز": "z",
    "ض": "z",
    "ظ": "z",
    "ر": "r",
    "ش": "sh",
    "غ": "gh",
    "ق": "gh",
    "ف": "f",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_SILENT = frozenset("عءئأإ")
_ALEFS = frozenset("اآ")


_PREFIXES: tuple[tuple[str, str], ...] = (("عبدال", "abdol"), ("ابوال", "abol"), ("عبد", "abd"))
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("الله", "ollah"),
    ("اله", "ollah"),
    ("الدین", "oddin"),
    ("زاده", "zadeh"),
    ("پور", "pour"),
    ("نژاد", "nejad"),
    ("العابدین", "olabedin"),
)


@lru_cache(maxsize=200_000)
def romanize_persian_word(word: str) -> str:
    """Lower-case Latin for one normalized Persian word (no spaces); "" for no letters.

    Affixes with a fixed reading (عبدال abdol-, ابوال abol-, -الله -ollah, -الدین -oddin,
    -زاده -zadeh, -پور -pour, -نژاد -nejad) are romanized as units, the rest by letters."""
    for fa, la in _PREFIXES:
        if word.startswith(fa) and len(word) > len(fa) + 1:
            return la + romanize_persian_word(word[len(fa) :])
    for fa, la in _SUFFIXES:
        if word.endswith(fa) and len(word) > len(fa) + 1:
            return _letters(word[: -len(fa)]) + la
    return _letters(word)


def _letters(word: str) -> str:
    letters = [ch for ch in word if ch in _CONSONANTS or ch in _SILENT or ch in "اآوی"]
    out: list[str] = []
    n = len(letters)
    vowel_slots = 0
    prev_was_consonant = False
    for i, ch in enumerate(letters):
        nxt = letters[i + 1] if i + 1 < n else ""
        prv = letters[i - 1] if i > 0 else ""
        if i == 0 and (ch in _ALEFS or ch in _SILENT):
            if nxt == "ی":
                out.append("i")
                letters[1] = "\x00"  # consumed
            elif nxt == "و" and i + 2 < n and letters[i + 2] not in _ALEFS:
                out.append("o")
                letters[1] = "\x00"
            else:
                out.append("a" if ch == "آ" or ch in _ALEFS else "e")
            prev_was_consonant = False
            vowel_slots += 1
            continue
        if ch == "\x00":
            continue
        if ch in _ALEFS:
            out.append("a")
            prev_was_consonant = False
            vowel_slots += 1
        elif ch in _SILENT:
            prev_was_consonant = False
        elif ch == "و":
            if i == 0 or nxt in _ALEFS or nxt == "ی" or prv in _ALEFS:
                if prev_was_consonant and i > 0 and prv not in _ALEFS:
                    out.append("a" if vowel_slots == 0 else "e")
                    vowel_slots += 1
                out.append("v")
                prev_was_consonant = True
            else:
                out.append("o" if i == n - 1 else "ou")
                prev_was_consonant = False
                vowel_slots += 1
        elif ch == "ی":
            if i == 0 or nxt in _ALEFS or nxt == "و" or prv in _ALEFS:
                out.append("y")
                prev_was_consonant = True
            else:
                out.append("i")
                prev_was_consonant = False
                vowel_slots += 1
        else:
            if ch == "ه" and i == n - 1 and prev_was_consonant:
                out.append("eh")
                continue
            if prev_was_consonant:
                out.append("a" if vowel_slots == 0 else "e")
                vowel_slots += 1
            out.append(_CONSONANTS[ch])
            prev_was_consonant = True
    return "".join(out)
