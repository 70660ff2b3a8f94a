"""The cross-script phonetic key: where محمد, Mohammad, Muhammad and Mohamed meet.

A key is a string of sound classes, one ASCII character each, computed from Persian letters
directly (`persian_key`) and from a Latin spelling either through the dictionary (Latin ->
attested Persian word -> `persian_key`) or, for spellings the dictionary does not know, by
rules (`latin_rule_key`). The classes merge what Latin transliteration cannot tell apart
and keep what it can:

    B p->P t,ط->T  ث,س,ص->S  ج,ژ->J  چ->C  ح,ه->H  خ->X  د->D  ذ,ز,ض,ظ->Z  ر->R  ش->W
    غ,ق->Q  ف->F  ک->K  گ->G  ل->L  م->M  ن->N  و->V  ی->Y (initial) / I (after)

Short vowels, which Persian does not write, are dropped; long vowels stay (ی -> I, و ->
V), so حسن Hassan (HSN) and حسین Hossein (HSIN) stay apart. A word-initial vowel is "'",
a final ا is "A" (رضا Reza RZA vs. زهره Zohreh ZHR), a final ه/h is dropped (Fatemeh =
فاطمه) except in the female ending یه -ieh, which is "E" (Mahdieh MHDIE vs. Mehdi MHDI),
and repeated classes collapse (Hosseini = Hoseini).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from vigil.names.compounds import glue
from vigil.names.dictionary import (
    latin_for_persian,
    load_roles,
    persian_for_latin,
    reading_count,
    readings,
)
from vigil.names.latin import (
    canonical_affixes,
    canonical_latin,
    canonical_suffix_word,
    normalize_latin,
)
from vigil.names.parse import ParsedName, parse_name
from vigil.names.persian import article_before_arabic_letter
from vigil.names.romanize import romanize_persian_word

_PERSIAN_CLASS: dict[str, str] = {
    "ب": "B",
    "پ": "P",
    "ت": "T",
    "ط": "T",
    "ث": "S",
    "س": "S",
    "ص": "S",
    "ج": "J",
    "ژ": "J",
    "چ": "C",
    "ح": "H",
    "ه": "H",
    "خ": "X",
    "د": "D",
    "ذ": "Z",
    "ز": "Z",
    "ض": "Z",
    "ظ": "Z",
    "ر": "R",
    "ش": "W",
    "غ": "Q",
    "ق": "Q",
    "ف": "F",
    "ک": "K",
    "گ": "G",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "و": "V",
    "ی": "I",
}
_VOWEL_SEATS = frozenset("اآعءئأإؤ")
_QULU_FA = re.compile("^قولو|قولو$|قولو(?=زاده)")
_QULU_LATIN = re.compile(r"^(?:q|gh)ulu|(?:q|gh)ulu$|(?:q|gh)ulu(?=zadeh)")
_BANI_NISBA = re.compile(r"^(b[ae]ni[a-z]{3,}?)(?:i|y|ee)$")
# Persian names whose final ی is read "a" (alef maksura): Mostafa, Morteza, Mojtaba...
_MAKSURA_NAMES: frozenset[str] = frozenset(
    {
        "مصطفی",
        "مرتضی",
        "مجتبی",
        "موسی",
        "عیسی",
        "یحیی",
        "کبری",
        "صغری",
        "هدی",
        "مولی",
        "عظمی",
        "مقتدی",
        "طوبی",
    }
)


# Family names that a people's own lists write with another letter than Persian lists do,
# as whole-word keys: the Baluch Rigi (ریگی) write their name as they say it, Rēkī (ریکی,
# Reki); the Khuzestani Arab Zergani (زرگانی) are al-Zarqani (الزرقاني) in Arabic, whose
# ق Khuzestani Arabic says g. Whole keys only: no letter is folded in any other name
# (Hassan/Hossein, Asghar/Asgar, Gholi/Goli stay apart).
_OWN_FORMS: dict[str, str] = {"RIKI": "RIGI", "ZRQNI": "ZRGNI"}


# A written i that is the short vowel Persian leaves unwritten: Sorani spells every vowel
# (فاتیمە = فاطمه), Kurdish and Arabic-style Latin write the kasra as i (Fatime, Xalid).
# Dropped only from a spelling the dictionary does not know, between two consonants, when
# the key with it belongs to no attested name and the key without it to a common one
# (کریم Karim keeps its long i; so does any unknown spelling of it).
_SHORT_I_MIN = 5
_NOT_CONSONANT = frozenset("'IVAYE")


@lru_cache(maxsize=1)
def _attested_keys() -> dict[str, int]:
    """Keys of the dictionary's given names and surnames, with their attestations."""
    roles = load_roles()
    out: dict[str, int] = {}
    for table in (roles.given, roles.surname):
        for fa, count in table.items():
            k = _persian_key_plain(fa)
            out[k] = out.get(k, 0) + count
    return out


@lru_cache(maxsize=200_000)
def _short_i(key: str) -> str:
    """The key without a short i (module doc above `_SHORT_I_MIN`), or the key unchanged."""
    if "I" not in key[1:-1]:
        return key
    keys = _attested_keys()
    if key in keys:
        return key
    best: tuple[int, str] | None = None
    for p in range(1, len(key) - 1):
        if key[p] != "I" or key[p - 1] in _NOT_CONSONANT or key[p + 1] in _NOT_CONSONANT:
            continue
        shorter = key[:p] + key[p + 1 :]
        count = keys.get(shorter, 0)
        if count >= _SHORT_I_MIN and (best is None or count > best[0]):
            best = (count, shorter)
    return best[1] if best else key


def _unattested_fa(w: str) -> bool:
    roles = load_roles()
    return roles.given.get(w, 0) + roles.surname.get(w, 0) == 0 and not latin_for_persian(w)


def _collapse(symbols: list[str], final: bool = True) -> str:
    """Join the symbols, repeated classes once; a final H is dropped (Fatemeh = فاطمه = FTM)
    unless the key is that of a non-final part of a compound (Kouh of Kouhnejad: KVH)."""
    out: list[str] = []
    for s in symbols:
        if s and (not out or out[-1] != s):
            out.append(s)
    key = "".join(out)
    if not final:
        return key
    key = key[:-1] if len(key) > 1 and key.endswith("H") else key
    return _OWN_FORMS.get(key, key)


# خوا is read "kha" (the vav is not pronounced: Khansari, Khajeh), and so is an initial خو
# before a final ی (Khoy, Khoei): the Latin spellings write no vowel letter for that vav.
_SILENT_VAV = re.compile("^خو(?=ی(?!ا))|خوا")


def _real_h(stem: str) -> bool:
    """A final ه that is pronounced: after ا or ل (Shah, Allah) or after a vowel و (Kuh),
    not after a consonant (Saveh, Maragheh, ساوه with a consonant و after ا)."""
    prev = stem[-2:-1]
    return prev in ("ا", "ل") or (prev == "و" and stem[-3:-2] != "ا")


def _maksura_prefix(w: str) -> str:
    """An alef-maksura name at the front of a longer word (مصطفیلو Mostafalou, مرتضیان
    Mortezan, موسیفر Musafar) has its ی read "a", which inside a word is not keyed."""
    for name in _MAKSURA_NAMES:
        if w.startswith(name) and len(w) > len(name) + 1:
            return name[:-1] + w[len(name) :]
    return w


# The Arab tribe "Al Bu X" (البوغبیش, Albu Ghubaish) and its members' nisba surname X-awi
# (غبیشاوی, Ghobeishavi) are one family name as lists write it.
_ALBU_FA = ("البو", "آلبو")


def _tribe_as_nisba(w: str) -> str:
    """البوX (the tribe Al Bu X) as its nisba Xاوی, when the word is not itself an attested
    name and X has three letters or more."""
    for prefix in _ALBU_FA:
        if w.startswith(prefix) and len(w) >= len(prefix) + 3:
            roles = load_roles()
            if roles.given.get(w, 0) + roles.surname.get(w, 0) == 0:
                return w[len(prefix) :] + "اوی"
    return w


# The Azerbaijani surname suffix -lı/-li/-lu/-lü after a given name is the -lou (لو) of the
# Persian spelling: رحیملی / Rəhimli = رحیملو / Rahimlou. Only after a common given name
# (Jalali, Khalili, Esmaili end in the root's own ل and an -i).
_AZERI_LI_ROOT_MIN = 20


def _azeri_li_root(persian_root: str) -> bool:
    return len(persian_root) >= 3 and load_roles().given.get(persian_root, 0) >= _AZERI_LI_ROOT_MIN


def _azeri_li(w: str) -> str:
    """رحیملی -> رحیملو: the Azerbaijani -li after a common given name."""
    if w.endswith("لی") and _azeri_li_root(w[:-2]):
        return w[:-1] + "و"
    return w


def _ta_marbuta(rest: str) -> bool:
    """A final ه after a consonant (مزرعه, from المزرعة): with the article, an Arabic noun
    in -a (the ta marbuta), not a Persian name that begins with ال (الهه, الهام)."""
    return rest.endswith("ه") and rest[-2] not in "اوی"


def _without_article(w: str) -> str:
    """The word without a glued Arabic article (العموري, الکعبی), as Latin lists drop
    `Al-` (Al-Amuri, Al-Kaabi), unless the word is a Persian name that begins with ال
    (الهام, الیاس, الوندی, الماسی): the article goes when the name dictionary knows the word
    without it better than with it, or knows neither and a sun letter or an Arabic moon
    letter follows (`persian.article_before_arabic_letter`)."""
    if not w.startswith("ال") or len(w) < 5 or w.startswith("الله"):
        return w
    rest = w[2:]
    roles = load_roles()
    here = roles.given.get(w, 0) + roles.surname.get(w, 0)
    there = roles.given.get(rest, 0) + roles.surname.get(rest, 0)
    if there > here or (
        here == 0
        and there == 0
        and (article_before_arabic_letter(w) or (len(rest) >= 4 and _ta_marbuta(rest)))
    ):
        return rest
    return w


@lru_cache(maxsize=200_000)
def persian_key(word: str, use_dictionary: bool = True, final: bool = True) -> str:
    """Key of one normalized, glued Persian word (see module doc); "" without letters.

    A final ی is read "a" (key "A") for alef-maksura names (Mostafa, Morteza) from a built-in
    list, or when ``use_dictionary`` and the word's attested romanization ends in "a".
    ``final=False`` keys the word as the first part of a compound: a final ه stays (کوه of
    کوهنژاد) and یه is not the female ending."""
    w = "".join(ch for ch in word if ch in _PERSIAN_CLASS or ch in _VOWEL_SEATS)
    if not w:
        return ""
    if use_dictionary:
        w = _tribe_as_nisba(w)
        w = _without_article(w)
        w = _azeri_li(w)
    if w == "ممد":
        w = "محمد"  # Mammad, Azerbaijani Məmməd: the spoken form of Mohammad
    w = _QULU_FA.sub("قلی", w)  # Azerbaijani Qulu (قولوزاده) is the Persian Gholi (قلیزاده)
    if w.startswith("بنی") and w.endswith("ی") and len(w) > 6:
        w = w[:-1]  # the tribe Bani X and its nisba Bani-X-i: بنی‌طرفی = بنی طرف
    if w.endswith("زهی") and len(w) > 4:
        w = w[:-2] + "ی"  # Baluch -zehi is the -zai of Balochi spelling (ملازهی = ملازئی)
    if w.endswith("اء") and len(w) > 2:
        w = w[:-1]  # a final hamza after alef is not written in Latin: علاء Ala, ضیاء Zia
    if w.startswith("ابو") and len(w) > 4:
        w = "اب" + w[3:]  # Abolfazl, Abubakr: the و is a short vowel before the article
    if len(w) > 5:
        w = w[:1] + w[1:].replace("الدین", "دین")  # -oddin, not -oldin
    if "خو" in w:
        w = _SILENT_VAV.sub(lambda m: "خ" + m.group()[2:], w)
    w = _maksura_prefix(w)
    if w.endswith("های") and len(w) > 4 and not _real_h(w[:-2]):
        # ساوه‌ای Savei, مراغه‌ای Maraghei: the ه of -eh is silent before -i (not that of
        # الله, شاه, کوه: Abdollahi, Kermanshahi)
        w = w[:-3] + "ای"
    maksura = w.endswith("ی") and (
        w in _MAKSURA_NAMES or (use_dictionary and _first_compatible_spelling(word).endswith("a"))
    )
    symbols: list[str] = []
    i = 0
    if w[0] in _VOWEL_SEATS:
        symbols.append("'")
        i = 1
        if len(w) > 2 and w[1] == "ی":
            i = 2  # Iraj, Iman: alef + yeh is one initial vowel
    elif w[0] == "ی":
        symbols.append("Y")
        i = 1
    last = len(w) - 1
    for j in range(i, len(w)):
        ch = w[j]
        if ch in _VOWEL_SEATS:
            if j == last and ch in "اآ":
                symbols.append("A")
            continue
        if j == last and ch == "ی" and maksura:
            symbols.append("A")
            continue
        if final and j == last and ch == "ه" and w[j - 1] == "ی":
            symbols.append("E")  # -ieh: Mahdieh is not Mehdi, Marzieh not Marzi
            continue
        symbols.append(_PERSIAN_CLASS[ch])
    key = _collapse(symbols, final)
    if use_dictionary and final:
        shorter = _short_i(key)
        if shorter != key and _unattested_fa(w):
            return shorter
    return key


_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tch", "C"),
    ("sch", "W"),
    ("ch", "C"),
    ("sh", "W"),
    ("kh", "X"),
    ("gh", "Q"),
    ("zh", "J"),
    ("dj", "J"),
    ("ph", "F"),
    ("ck", "K"),
)
_LATIN_CLASS: dict[str, str] = {
    "b": "B",
    "p": "P",
    "t": "T",
    "s": "S",
    "j": "J",
    "h": "H",
    "d": "D",
    "z": "Z",
    "r": "R",
    "f": "F",
    "q": "Q",
    "k": "K",
    "c": "K",
    "g": "G",
    "l": "L",
    "m": "M",
    "n": "N",
    "v": "V",
    "w": "V",
    "x": "X",
}
_VOWELS = frozenset("aeiouy")
_FINAL_H = re.compile(r"(?<=[a-z])[ae]+h$")
# -ieh / -iyeh / -yeh / -iye / -ye: the female ending یه (Mahdieh, Somayeh), kept apart from -i
_FINAL_IEH = re.compile(r"(?:i?ye|ie)h$|i?ye$")
# the same ending in Arabic-style spelling: Sumayya(h), Roqayya, Zakiyya
_FINAL_IYYA = re.compile(r"[ai]?yyah?$")
_KHWA = re.compile(r"kh[vw](?=a)")
_ZEHI = re.compile(r"(?<=[a-z]{2})z[ae]hi$")


def _vowel_run(run: str, final: bool, u_is_long: bool) -> str:
    out = ""
    if "ou" in run or "oo" in run or "uu" in run or (u_is_long and "u" in run):
        out += "V"
    if "i" in run or "y" in run or "ee" in run:
        out += "I"
    if final and run == "oi":
        return "VI"  # Naroi, Brahoi: the -ویی of Narouei, Brahouei, as Balochi Latin writes it
    if final:
        last = run[-1]
        if last == "a":
            out += "A"  # Reza, Pouya, Kiana: a final alef
        elif last in "ou" and not out:
            out = "V"  # Khosro: a final vav
    return out


def _consonants_ahead(w: str, j: int) -> int:
    """How many consonant sounds follow position j before the next vowel (digraphs count
    once, a doubled letter twice)."""
    count = 0
    n = len(w)
    while j < n and w[j] not in _VOWELS:
        for dg, _ in _DIGRAPHS:
            if w.startswith(dg, j):
                j += len(dg)
                break
        else:
            j += 1
        count += 1
    return count


@lru_cache(maxsize=200_000)
def latin_rule_key(word: str, u_rule: str = "syllable", final: bool = True) -> str:
    """Key of one Latin word by rules alone (no dictionary); see module doc.

    A lone "u" is ambiguous: Arabic-style spellings use it for the short vowel (Muhammad,
    Hussein, Mustafa, Abdullah, Muradi), Persian-style ones for the long و (Mahmud, Masud,
    Mansuri). ``u_rule="syllable"`` (default) reads it short in the first syllable and before
    two consonants, long after the first syllable before one consonant or at the end;
    ``"short"`` always drops it, ``"long"`` always keeps it. "ou"/"oo" are always long.
    ``final=False`` keys the word as the first part of a compound (see `persian_key`).
    """
    w = canonical_affixes(normalize_latin(word).replace("-", "").replace(" ", ""))
    if not w:
        return ""
    w = _KHWA.sub("kha", w)  # Khwansari = Khansari = خوانساری
    w = _ZEHI.sub("zai", w)  # Baluch -zehi/-zahi is the -zai of Balochi spelling
    ieh = (_FINAL_IEH.search(w) or _FINAL_IYYA.search(w)) if final else None
    if ieh and ieh.start() > 1:
        w = w[: ieh.start()] + "i"
    if final:
        w = _FINAL_H.sub("", w) or w
    symbols: list[str] = []
    i = 0
    n = len(w)
    if w[0] in _VOWELS and not (w[0] == "y" and n > 1 and w[1] in _VOWELS):
        while i < n and w[i] in _VOWELS:
            i += 1
        symbols.append("'")
    elif w[0] == "y":
        symbols.append("Y")
        i = 1
    while i < n:
        for dg, sym in _DIGRAPHS:
            if w.startswith(dg, i):
                symbols.append(sym)
                i += len(dg)
                break
        else:
            ch = w[i]
            if ch in _VOWELS:
                j = i
                while j < n and w[j] in _VOWELS:
                    j += 1
                run = w[i:j]
                u_long = (
                    u_rule == "long"
                    or (
                        u_rule == "syllable"
                        and "u" in run
                        and (
                            (len(symbols) > 1 and _consonants_ahead(w, j) <= 1)
                            # not the first syllable (Muhammad, Husaini, Muradi), unless before
                            # an h that ends the syllable (Kuh, Kuhfar = کوه‌فر)
                            or (
                                run == "u"
                                and w[j : j + 1] == "h"
                                and w[j + 1 : j + 2] not in _VOWELS
                            )
                        )
                    )
                )
                symbols.append(_vowel_run(run, j == n, u_long))
                i = j
            else:
                symbols.append(_LATIN_CLASS.get(ch, ""))
                i += 1
    if ieh and ieh.start() > 1:
        symbols.append("E")
    return _collapse(symbols, final)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _consonants(key: str) -> str:
    return "".join(ch for ch in key if ch not in "IVAY")


def compatible(key_a: str, key_b: str, first: frozenset[str] = frozenset()) -> bool:
    """True when two keys have nearly the same consonant skeleton (at most one edit, same
    first consonant): the guard that keeps the dictionary's mis-aligned rows (Gholam ->
    غلامحسین, ابوبکر -> "bakr") from deciding a key. ``first`` names first consonants
    that may differ ({"G", "Q"}: Golam is an attested spelling of غلام)."""
    la, lb = _consonants(key_a), _consonants(key_b)
    if not la or not lb:
        return la == lb
    same_first = la[0] == lb[0] or {la[0], lb[0]} <= first
    return same_first and _edit_distance(la, lb) <= 1


_G_FOR_Q = frozenset("GQ")


_D_FOR_Z = frozenset({("Z", "D")})
_G_FOR_Q_TOO = frozenset({("Z", "D"), ("Q", "G")})


def _same_consonants(
    persian_key_: str, latin_key_: str, swaps: frozenset[tuple[str, str]] = _D_FOR_Z
) -> bool:
    """Strict agreement for a fragment of a word (one half of a glued compound, the root
    before a suffix): the same consonants in the same order, where only a Latin d may stand
    for ض/ذ/ظ (Rida; ``swaps`` lists the (Persian, Latin) classes that may differ), no long
    u (V) the Persian does not write (a و may be a short o, as in Kourosh = کوروش) and the
    same final vowel class. One free edit, as `compatible` allows whole words, lets a
    fragment become another name (zarg -> زرق, ian -> فائف, buri -> بری)."""
    a, b = _consonants(persian_key_), _consonants(latin_key_)
    if len(a) != len(b) or persian_key_.count("V") < latin_key_.count("V"):
        return False
    if (persian_key_[-1:] in "IAV" or latin_key_[-1:] in "IAV") and (
        persian_key_[-1:] != latin_key_[-1:]
    ):
        return False
    return all(x == y or (x, y) in swaps for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=200_000)
def _first_compatible_spelling(persian_word: str) -> str:
    """The most frequent attested Latin spelling that agrees with the word's letters."""
    pk = _persian_key_plain(persian_word)
    for latin in latin_for_persian(persian_word):
        if compatible(pk, latin_rule_key(latin)):
            return latin
    return ""


def _persian_key_plain(word: str) -> str:
    """persian_key without the dictionary's alef-maksura hint (avoids a lookup cycle)."""
    return persian_key.__wrapped__(word, use_dictionary=False)


def _agrees(persian: str, word: str) -> bool:
    """The Persian reading agrees with the Latin letters (the dictionary-row guard); an
    attested g may stand for غ/ق at the start (Golam = غلام), and an attested French-style
    ch for ش (Chehab = شهاب, as Lebanese and Maghreb lists write it): the dictionary's
    majority reading of the spelling decides, so Chamran (چمران) keeps its ch."""
    pk = _persian_key_plain(persian)
    if compatible(pk, latin_rule_key(word), _G_FOR_Q):
        return True
    return (
        "ch" in word
        and "ش" in persian
        and compatible(pk, latin_rule_key(word.replace("ch", "sh")), _G_FOR_Q)
    )


# Mohammad as Azerbaijani and Turkmen write and say it (Məmməd, Mamed, Mämmet, Muhammet,
# Mehmet), and the spoken Persian Mammad: the d is devoiced in Turkmen, the h dropped.
_TURKIC_MOHAMMAD = re.compile(r"m[aeu]mm?[aeu][dt]|m[aeou]h[aeu]mm?[aeu]t|mehmet")
_MOHAMMAD_FA = "محمد"


def _fragment_reading(word: str, swaps: frozenset[tuple[str, str]] = _D_FOR_Z) -> str | None:
    """The dictionary's reading of a fragment of a glued word, when it spells the
    fragment's letters closely (`_same_consonants`)."""
    if _TURKIC_MOHAMMAD.fullmatch(word):
        return _MOHAMMAD_FA
    fa = persian_for_latin(word)
    if fa is not None and _same_consonants(_persian_key_plain(fa), latin_rule_key(word), swaps):
        return fa
    return None


def _dictionary_reading(word: str) -> str | None:
    """A trusted Persian reading of a glued Latin word, whole or as two attested halves."""
    if _TURKIC_MOHAMMAD.fullmatch(word):
        return _MOHAMMAD_FA
    rule = latin_rule_key(word)
    fa = persian_for_latin(word)
    if fa is not None and _agrees(fa, word):
        return fa
    best: tuple[int, str] | None = None
    for i in range(3, len(word) - 2):
        left, right = _fragment_reading(word[:i]), _fragment_reading(word[i:])
        if left and right and compatible(_persian_key_plain(left + right), rule):
            score = min(reading_count(word[:i]), reading_count(word[i:]))
            if best is None or score > best[0]:
                best = (score, left + right)
    return best[1] if best else None


# Arabic-style transliteration against the Persian-style spellings the dictionary holds:
# u for o (Muhsin = Mohsen), i for a short e (Qasim = Ghasem, Hashimi = Hashemi), dh for
# ذ/ض/ظ (Kadhim = Kazem), th for ث (Othman = Osman = عثمان, Haitham). The rules alone
# never read "dh" or "th" as one letter: glued compounds put d + h at a seam
# (Mohammadhossein) and Persian spellings write ت + ح as t + h (Fathi = فتحی), so only a
# fold that lands on an attested name is taken.
_ARABIC_STYLE = re.compile(r"dh|th|(?<![aeiou])u(?![aeiou])|(?<![aeiouy])i(?![aeiouy])")
_ARABIC_STYLE_AS = {"dh": "z", "th": "s", "u": "o", "i": "e"}


@lru_cache(maxsize=200_000)
def _arabic_style_reading(word: str) -> str | None:
    """The attested Persian reading of an unattested Latin spelling after folding
    Arabic-style letters to their Persian-style spelling (fewest changes first, at most
    three). The dictionary is the arbiter: a fold must land on an attested name whose
    letters it spells exactly, and a spelling that is itself attested and agrees with its
    reading (Amir, Hamid, Majid) never gets here, so Amir does not become Amer."""
    return _folded_reading(word, _ARABIC_STYLE, _ARABIC_STYLE_AS, check_i=True)


# Azerbaijani and Turkmen Latin against the Persian-style spellings: e for the a Persian
# lists write (ə: Əsgər, Həsən), g for the غ/ق they write gh, u for their o (Əsgər =
# Asghar, Gurban = Ghorban). Taken only when the fold lands on an attested name whose
# letters it spells.
_TURKIC_STYLE = re.compile(r"e|(?<!g)g(?!h)|(?<![aeiou])u(?![aeiou])")
_TURKIC_STYLE_AS = {"e": "a", "g": "gh", "u": "o"}


@lru_cache(maxsize=200_000)
def _turkic_style_reading(word: str) -> str | None:
    """The attested Persian reading of an unattested Latin spelling after folding
    Azerbaijani/Turkmen letters, as `_arabic_style_reading` folds Arabic-style ones."""
    return _folded_reading(word, _TURKIC_STYLE, _TURKIC_STYLE_AS, check_i=False)


def _folded_reading(
    word: str, pattern: re.Pattern[str], replace_as: dict[str, str], *, check_i: bool
) -> str | None:
    """Fold the letters `pattern` finds (fewest changes first, at most three of the first
    six spots) and return the best attested reading that spells the folded word exactly;
    with `check_i`, a fold of i alone must pass `_i_fold_allowed`."""
    spots = list(pattern.finditer(word))[:6]
    for n in range(1, min(3, len(spots)) + 1):
        best: tuple[int, str] | None = None
        for chosen in combinations(spots, n):
            out, last = [], 0
            for m in chosen:
                out += [word[last : m.start()], replace_as[m.group()]]
                last = m.end()
            variant = "".join(out) + word[last:]
            fa = persian_for_latin(variant)
            if (
                check_i
                and fa is not None
                and all(m.group() == "i" for m in chosen)
                and not _i_fold_allowed(word, fa)
            ):
                continue
            # exact agreement, not mere compatibility: the fold must not move a long vowel
            if fa is not None and _persian_key_plain(fa) == latin_rule_key(variant):
                count = reading_count(variant)
                if best is None or count > best[0]:
                    best = (count, fa)
        if best is not None:
            return best[1]
    return None


def _i_fold_allowed(word: str, fa: str) -> bool:
    """An i read as a short e (Qasim = قاسم) is no sign of Arabic style by itself: Amir
    spells امیر, a name of its own, and Lahij would fold onto an unrelated لاحج. The fold is
    taken only when the folded reading is the dictionary's most frequent reading of the
    spelling itself (Nasir, read نصیر more often than ناصر, stays Nasir)."""
    return readings(word)[:1] == (fa,)


def _join(keys: list[str]) -> str:
    """Keys of the parts of a compound joined as Persian glues them: without the
    initial-vowel mark of later parts (Mohammad Ali = MHMD+LI) or the final alef of
    earlier ones (Reza Ali = RZ+LI, as in رضاعلی)."""
    keys = [k for k in keys if k]
    joined = [k[:-1] if (k.endswith("A") and i < len(keys) - 1) else k for i, k in enumerate(keys)]
    joined = [k[1:] if (i > 0 and k.startswith("'")) else k for i, k in enumerate(joined)]
    return _collapse(list("".join(joined)))


@lru_cache(maxsize=200_000)
def _part_key(word: str) -> str:
    """Key of a Latin word that is the first part of a compound (Kouh of Kouh Nejad,
    Mostafa of Mostafalou): its reading as `latin_key` finds it, but keyed as a non-final
    part, so that a final h stays (KVH, as in کوهنژاد) whether the parts are written apart,
    hyphenated or glued."""
    w = _latin_peoples_forms(
        canonical_affixes(normalize_latin(word).replace("-", "").replace(" ", ""))
    )
    if not w:
        return ""
    fa = _dictionary_reading(w) or _arabic_style_reading(w)
    if fa is not None:
        return persian_key(fa, final=False)
    return latin_rule_key(w, final=False)


# Surname suffixes after a root (Mostafa+lou, Mehdi+an, Kazem+nejad), longest first; the
# canonical affix spellings (canonical_affixes) stand for their variants.
_SUFFIXES: tuple[str, ...] = (
    "abadi",
    "nejad",
    "zadeh",
    "pour",
    "niya",
    "fard",
    "mehr",
    "vand",
    "wand",
    "nia",
    "far",
    "rad",
    "lou",
    "loo",
    "lu",
    "an",
)


def _suffixed_key(word: str) -> str | None:
    """Key of an unattested glued surname made of an attested root and a common suffix
    (Mostafalou = مصطفیلو, Muhsinniya = محسننیا, Kadhimnejad = کاظمنژاد): the root read by
    the dictionary (or an Arabic-style fold onto it), the suffix by rules, joined as
    `compound_key` joins parts. Both readings are checked against their letters, so the
    join needs no further guard."""
    if word.endswith("li") and len(word) >= 5:
        # Rəhimli = رحیملو (`_azeri_li`); Azerbaijani ə (e here) is the Persian a
        for root in dict.fromkeys((word[:-2], word[:-2].replace("e", "a"))):
            fa = _fragment_reading(root, _G_FOR_Q_TOO) or _arabic_style_reading(root)
            if fa is not None and _azeri_li_root(fa):
                return _join([persian_key(fa, final=False), latin_rule_key("lou")])
    for suffix in _SUFFIXES:
        root = word[: -len(suffix)]
        if not word.endswith(suffix) or len(root) < 3:
            continue
        # the root is a whole name, so an attested g for غ/ق counts (Asgarfar = اصغرفر)
        fa = _fragment_reading(root, _G_FOR_Q_TOO) or _arabic_style_reading(root)
        if fa is not None:
            return _join([persian_key(fa, final=False), latin_rule_key(suffix)])
    return None


# The Arabic nisba ending -awi (Persian -اوی): Hamidawi = حمیداوی, Obeidawi = عبیداوی.
_NISBA = re.compile(r"(?<=[a-z]{3})[ae]?[wv]i$")


def _nisba_key(word: str) -> str | None:
    """Key of an unattested surname made of an attested name and the nisba -awi/-avi
    (Hamidawi, Obeidavi): the root read by the dictionary, the ending by rules. Tried before
    cutting the word into two attested halves, which can land on an unrelated reading
    (Hami + Dawi, حامی + ضاوی, for Hamidawi)."""
    m = _NISBA.search(word)
    if m is None or persian_for_latin(word) is not None:
        return None
    root = word[: m.start()]
    fa = _fragment_reading(root, _G_FOR_Q_TOO) or _arabic_style_reading(root)
    if fa is None:
        return None
    return _join([persian_key(fa, final=False), "VI"])


# Albu X (`parse.parts_of` writes Bu X and Al Bu X so): the Arab tribe Al Bu X, whose
# members' surname is X-awi (`_ALBU_FA`).
_ALBU_GLUED = re.compile(r"^al-?b(?:u|ou|oo)(?=[^aeiou][a-z]{2})")


def _albu_key(word: str) -> str | None:
    """Key of a glued Albu X (Albughubaish) as that of the nisba X-awi."""
    m = _ALBU_GLUED.match(word)
    if m is None or persian_for_latin(word) is not None:
        return None
    return _nisba_join(_part_key(word[m.end() :]))


# Abu X glued or written apart (Abou Chehab, Abushahab, أبو شهاب): parse glues the parts and
# `canonical_affixes` writes the prefix "abo"; the name after it is read on its own, so a
# spelling the dictionary knows only whole (French-style Chehab = شهاب) still meets.
_ABU_GLUED = re.compile(r"^abo(?=[^aeiou][a-z]{2})")


def _abu_key(word: str) -> str | None:
    """Key of a glued Abu X as that of ابوX, when X alone has a dictionary reading."""
    m = _ABU_GLUED.match(word)
    if m is None or persian_for_latin(word) is not None:
        return None
    fa = _dictionary_reading(word[m.end() :])
    return persian_key("ابو" + fa) if fa is not None else None


# The Arab tribe Bani X (Bani Turuf, Bani Torof = بنی طرف): X is an Arabic word, whose
# lone u is the short vowel Persian leaves unwritten, wherever it stands.
_BANI_GLUED = re.compile(r"^b[ae]ni(?=[^aeiouy][a-z]{2})")


def _bani_key(word: str) -> str | None:
    """Key of a glued Bani X (the nisba already cut by `_latin_peoples_forms`): X by the
    dictionary, else by rules with every lone u short."""
    m = _BANI_GLUED.match(word)
    if m is None or persian_for_latin(word) is not None:
        return None
    rest = word[m.end() :]
    fa = _dictionary_reading(rest) or _arabic_style_reading(rest)
    rest_key = persian_key(fa) if fa is not None else latin_rule_key(rest, u_rule="short")
    return _join([persian_key("بنی", final=False), rest_key])


def _nisba_join(root_key: str) -> str:
    return _join([root_key, "VI"])


def _turkic_mohammad_compound(word: str) -> str | None:
    """Key of a glued name ending in a Turkic Mohammad (Annamämmet = آنامحمد)."""
    m = re.search(r"(?:" + _TURKIC_MOHAMMAD.pattern + r")$", word)
    if m is None or m.start() < 3:
        return None
    return _join([_part_key(word[: m.start()]), persian_key(_MOHAMMAD_FA)])


def _half_attested_key(word: str) -> str | None:
    """Key of a glued word whose right part (a given name of 4+ letters) is attested and
    whose left part is not (Gholamriza = غلام + رضا): rules for the left, dictionary for
    the right, joined as `compound_key` joins parts."""
    whole = latin_rule_key(word)
    for i in range(4, len(word) - 3):
        right = word[i:]
        if right[0] in _VOWELS:
            continue  # a seam falls before a consonant: Husaini is not Hus + Aini
        fa = _fragment_reading(right) or _arabic_style_reading(right)
        if fa is None or not _agrees(fa, right):
            continue
        left = latin_rule_key(word[:i], final=False)
        if not left:
            continue
        key = _join([left, persian_key(fa)])
        # in context a lone u may be long (Nishaburi): the right part must not drop it
        if compatible(key, whole) and key.count("V") >= whole.count("V"):
            return key
    return None


def _latin_peoples_forms(w: str) -> str:
    """The spellings `persian_key` folds, folded in Latin: Baluch -zehi/-zahi as -zai,
    Azerbaijani Qulu as Gholi (Quluzadə = Gholizadeh), the nisba of a Bani tribe as its
    name (Banitorfi = Bani Torof)."""
    w = _ZEHI.sub("zai", w)
    w = _QULU_LATIN.sub("gholi", w)
    return _BANI_NISBA.sub(r"\1", w)


@lru_cache(maxsize=200_000)
def latin_key(word: str) -> str:
    """Key of one Latin word: the dictionary's Persian reading when the spelling is attested
    and agrees with the letters (Mahmud -> محمود, Rida -> رضا), else `latin_rule_key`."""
    w = canonical_affixes(normalize_latin(word).replace("-", "").replace(" ", ""))
    if not w:
        return ""
    w = _latin_peoples_forms(w)
    plain = normalize_latin(word).replace("-", "").replace(" ", "")
    tribe = _albu_key(w)
    if tribe is not None:
        return tribe
    nisba = _nisba_key(w)
    if nisba is not None:
        return nisba
    abu = _abu_key(w) or _bani_key(w)
    if abu is not None:
        return abu
    fa = _dictionary_reading(w) or (_dictionary_reading(plain) if plain != w else None)
    fa = fa or _arabic_style_reading(w) or _turkic_style_reading(w)
    if fa is None and "x" in w:  # Kurdish and Azerbaijani Latin write kh as x (Xalid)
        fa = _dictionary_reading(w.replace("x", "kh")) or _arabic_style_reading(
            w.replace("x", "kh")
        )
    if fa is not None:
        return persian_key(fa)
    return (
        _suffixed_key(w)
        or _turkic_mohammad_compound(w)
        or _half_attested_key(w)
        or _short_i(latin_rule_key(w))
    )


def is_persian_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Key of one glued name word in either script."""
    return persian_key(word) if is_persian_word(word) else latin_key(word)


def _parts_key(parts: tuple[str, ...], glued: str) -> str:
    if len(parts) > 1:
        return compound_key(parts)
    return word_key(parts[0] if parts else glued)


@lru_cache(maxsize=200_000)
def compound_key(parts: tuple[str, ...]) -> str:
    """Key of a compound written as several words (Mohamed Hussein, Gholam Rida, غلام رضا).

    Latin parts that the dictionary all knows are read as Persian and glued before keying
    (محمد+حسین), so that no false digraph forms across the seam; otherwise each Latin part is
    keyed alone (earlier parts as non-final parts, `_part_key`) and the keys are joined;
    Persian parts are glued and keyed as one word."""
    if parts and not any(is_persian_word(p) for p in parts):
        readings = []
        parts = tuple(canonical_suffix_word(normalize_latin(p)) for p in parts)
        for part in parts:
            w = canonical_affixes(normalize_latin(part).replace("-", "").replace(" ", ""))
            fa = _dictionary_reading(w) if w else None
            if fa is None:
                break
            readings.append(fa)
        else:
            return persian_key("".join(readings))
        keys = [_part_key(p) for p in parts[:-1]] + [latin_key(parts[-1])]
        if any(keys):
            return _join(keys)
    return word_key(glue(parts))


@lru_cache(maxsize=200_000)
def loose_key(key: str) -> str:
    """A key with the vowel classes (', I, V, A, Y) removed: the consonant skeleton, for
    high-recall blocking that tolerates u/ou and i/e spelling slips (Mahmud ~ Mahmoud)."""
    return "".join(ch for ch in key if ch not in "'IVAY")


#: The key columns a stored report carries (`vigil.store` SourceRecord), computed from its
#: parsed name and father's name; linkage reads them, re-keying recomputes them.
RECORD_KEY_COLUMNS: tuple[str, ...] = (
    "given_key",
    "family_key",
    "father_key",
    "given_latin",
    "family_latin",
    "full_key",
)


@dataclass(frozen=True)
class NameKeys:
    """Comparison columns for one parsed name (all empty strings when the part is missing).

    given_key, family_key
        Cross-script phonetic keys (module doc) of the glued given and family names:
        equal keys mean "same name in any script or spelling"; use for exact-match levels
        and blocking.
    given_latin, family_latin
        Canonical romanized spelling (`canonical_latin` of the Latin input, or of the
        dictionary's / the rule romanizer's reading of the Persian input): for graded
        string similarity such as Jaro-Winkler when keys differ by a typo.
    full_key
        ``given_key + " " + family_key``: the whole name, order as parsed.
    tokens_key
        The distinct keys of both parts, sorted and space-joined: equal for "Hosseini
        Mohammad" and "Mohammad Hosseini" even when the order could not be told; for blocking.
    given_loose, family_loose
        Consonant skeletons (`loose_key`): vowel-length and u/ou slips ignored; for
        high-recall blocking only, never as evidence of a match.
    given_first_key
        Key of the first given-name word as written (Mohammad of "Mohammad Reza"): lets a
        comparison level give partial credit when one source drops the second part.
    titles
        Canonical titles (seyed, haj...) from the parsed name, sorted and space-joined;
        weak supporting evidence, never part of the name keys.
    glued_key
        The whole name keyed as if written without spaces (`glued_key`): equal for
        محمدحسینی, محمد حسینی, mohammadhosseini and Mohammad Hosseini whatever cut the
        parser chose, so glued and spaced forms meet (a linkage level and blocking key).
    alt_full_key
        ``full_key`` of the glued word's other readings (`ParsedName.readings`), "|"-joined
        ("" when there is none): علیرضاکریمی may be علیرضا + کریمی or علی + رضاکریمی.
    """

    given_key: str
    family_key: str
    given_latin: str
    family_latin: str
    full_key: str
    tokens_key: str
    given_loose: str
    family_loose: str
    given_first_key: str
    titles: str
    glued_key: str = ""
    alt_full_key: str = ""


@lru_cache(maxsize=500_000)
def glued_key(given_key: str | None, family_key: str | None) -> str:
    """The key of a whole name written without a space, from its parts' keys: the parts
    joined as Persian glues them (`_join`: محمد + حسینی = محمدحسینی). Equal to the key of
    the glued word itself for the spellings the keys were made for."""
    return _join([k for k in (given_key, family_key) if k])


@lru_cache(maxsize=200_000)
def romanized(word: str) -> str:
    """Canonical Latin spelling of one glued word of either script (dictionary first)."""
    if not word:
        return ""
    if is_persian_word(word):
        latin = _first_compatible_spelling(word) or romanize_persian_word(word)
        return canonical_latin(latin)
    return canonical_latin(word)


def name_keys(parsed: ParsedName) -> NameKeys:
    """Every key column of a parsed name; cached on the parsed parts, so repeated names
    (in any raw spelling that parses alike) cost a dict lookup."""
    first = parsed.given_parts[0] if parsed.given_parts else parsed.given
    alternatives = tuple((r.given, r.family) for r in parsed.readings[1:])
    return _name_keys(
        parsed.given,
        parsed.family,
        first,
        parsed.titles,
        parsed.given_parts,
        parsed.family_parts,
        alternatives,
    )


@lru_cache(maxsize=500_000)
def _name_keys(
    given: str,
    family: str,
    first_word: str,
    titles: tuple[str, ...],
    given_parts: tuple[str, ...] = (),
    family_parts: tuple[str, ...] = (),
    alternatives: tuple[tuple[str, str], ...] = (),
) -> NameKeys:
    gk = _parts_key(given_parts, given)
    fk = _parts_key(family_parts, family)
    first = word_key(first_word)
    alts: list[str] = []
    for g, f in alternatives:
        alt = f"{word_key(g)} {word_key(f)}".strip()
        if alt and alt != f"{gk} {fk}".strip() and alt not in alts:
            alts.append(alt)
    return NameKeys(
        given_key=gk,
        family_key=fk,
        given_latin=romanized(given),
        family_latin=romanized(family),
        full_key=f"{gk} {fk}".strip(),
        tokens_key=" ".join(sorted({k for k in (gk, fk) if k})),
        given_loose=loose_key(gk),
        family_loose=loose_key(fk),
        given_first_key=first,
        titles=" ".join(sorted(set(titles))),
        glued_key=glued_key(gk, fk),
        alt_full_key="|".join(alts),
    )


@lru_cache(maxsize=200_000)
def father_key(raw: str | None) -> str:
    """Key of a father's name field: a given name, so titles are taken out and every word
    is glued (Gholam Reza = Gholamreza); "" when empty."""
    if not raw:
        return ""
    return word_key(parse_name(None, given=raw).given)
