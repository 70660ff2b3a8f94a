"""Act terms as sources write them (English, Persian, Latin transliteration) to codes.

Every parser returns a `Term` (code | None, raw, flagged): the code from
`vigil.domain.acts`, the source's own words unchanged, and whether the words were *not*
understood. An unknown term is never dropped and never an error: it is kept raw and
flagged, so a reviewer sees it and a mapping file can name it (`extra` terms).

Matching works on folded words (`vigil.normalize.text.words`): letter forms, case,
diacritics, digits, ZWNJ and spacing vanish, so ``لباس‌شخصی``, ``لباس شخصی`` and
``Lebas-Shakhsi`` compare alike. A phrase matches as a run of whole words (``سر`` "head"
never matches inside ``سرباز``); a phrase of five letters or more also matches inside a
longer word (Persian glues suffixes: ``گلوله‌ای``). A text may name several terms
("IRGC and Basij", "سپاه و بسیج", "head and chest"): `parse_terms` gives every code, in
the order named, and the parts of the list that name nothing known, as written (kept and
flagged). `parse_term` gives the first code.

**Weapon class is never guessed.** A weapon class is coded only from the source's weapon
field: "standard issue", "سلاح سازمانی", "hunting rifle", "less-lethal"... Naming a gun
(G3, Kalashnikov) does not say whose issue it was, so it is coded ``unknown`` (recognised,
not flagged). The one inference allowed (`weapon_for_method`) is from a method that is a
less-lethal munition by definition (rubber or plastic bullets, tear-gas canisters) to
``less_lethal``, and only where the source gave no weapon; live ammunition and shotgun
pellets imply nothing (``non_standard`` is never inferred).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from vigil.domain.acts import (
    Burial,
    Charge,
    Method,
    Perpetrator,
    PlaceKind,
    SentenceKind,
    WeaponClass,
    Wound,
)
from vigil.normalize.digits import to_ascii_digits
from vigil.normalize.text import fold, words


class Term(NamedTuple):
    """A reported term: its code (None when empty or not understood), the words as
    reported (None when empty), and whether the words were not understood."""

    code: str | None
    raw: str | None
    flagged: bool


# --- vocabularies ------------------------------------------------------------------------

_UNKNOWN: tuple[str, ...] = (
    "unknown",
    "not known",
    "unclear",
    "unspecified",
    "نامعلوم",
    "نامشخص",
    "مشخص نیست",
    "معلوم نیست",
    "نا معلوم",
    "namaloum",
    "namalum",
)

_METHOD: dict[str, tuple[str, ...]] = {
    Method.LIVE_AMMUNITION: (
        "live ammunition",
        "live ammo",
        "live fire",
        "live round",
        "live rounds",
        "live bullet",
        "live bullets",
        "bullet",
        "bullets",
        "gunshot",
        "gunfire",
        "gun shot",
        "shot",
        "shot dead",
        "firearm",
        "گلوله جنگی",
        "گلوله",
        "تیر جنگی",
        "تیر",
        "تیراندازی",
        "شلیک",
        "شلیک گلوله",
        "شلیک گلوله جنگی",
        "اصابت گلوله",
        "گلوله مستقیم",
        "golole jangi",
        "goloule jangi",
        "golouleh jangi",
        "tir jangi",
        "tirandazi",
    ),
    Method.SHOTGUN_PELLETS: (
        "shotgun",
        "shotgun pellets",
        "pellet",
        "pellets",
        "birdshot",
        "buckshot",
        "ساچمه",
        "ساچمه ای",
        "گلوله ساچمه ای",
        "تفنگ ساچمه ای",
        "sachme",
        "saachme",
        "sachmeh",
    ),
    Method.RUBBER_BULLETS: (
        "rubber bullet",
        "rubber bullets",
        "plastic bullet",
        "plastic bullets",
        "rubber or plastic bullets",
        "rubber",
        "baton round",
        "گلوله پلاستیکی",
        "گلوله لاستیکی",
        "تیر پلاستیکی",
        "تیر لاستیکی",
        "golouleh plastiki",
        "golole plastiki",
    ),
    Method.TEAR_GAS_CANISTER: (
        "tear gas",
        "teargas",
        "tear gas canister",
        "tear-gas canister",
        "gas canister",
        "canister",
        "گاز اشک آور",
        "قوطی گاز اشک آور",
        "نارنجک گاز اشک آور",
        "گاز اشک اور",
        "gaz ashk avar",
        "gaz-e ashk-avar",
    ),
    Method.BEATING: (
        "beating",
        "beaten",
        "beaten to death",
        "baton",
        "batons",
        "clubbed",
        "blows",
        "ضرب و شتم",
        "ضرب و جرح",
        "باتوم",
        "باتون",
        "کتک",
        "کتک خورد",
        "zarb o shatm",
        "zarbo shatm",
        "zarb-o-shatm",
        "kotak",
    ),
    Method.VEHICLE: (
        "vehicle",
        "run over",
        "ran over",
        "rammed",
        "car",
        "truck",
        "زیر گرفتن",
        "زیر گرفته شد",
        "خودرو",
        "ماشین",
        "khodro",
    ),
    Method.TORTURE: (
        "torture",
        "tortured",
        "under torture",
        "شکنجه",
        "زیر شکنجه",
        "shekanje",
        "shekanjeh",
    ),
    Method.HANGING: (
        "hanging",
        "hanged",
        "hanged to death",
        "by hanging",
        "به دار",
        "دار زدن",
        "حلق آویز",
        "به دار آویخته",
        "اعدام با طناب دار",
        "طناب دار",
    ),
    Method.OTHER: ("other", "سایر", "دیگر", "غیره"),
    Method.UNKNOWN: _UNKNOWN,
}

_WEAPON: dict[str, tuple[str, ...]] = {
    WeaponClass.STANDARD_ISSUE: (
        "standard issue",
        "standard-issue",
        "service weapon",
        "service rifle",
        "issued weapon",
        "military weapon",
        "military rifle",
        "war weapon",
        "سلاح سازمانی",
        "اسلحه سازمانی",
        "سلاح جنگی",
        "اسلحه جنگی",
        "سلاح نظامی",
        "selah sazmani",
        "aslaheh sazmani",
        "selah jangi",
    ),
    WeaponClass.NON_STANDARD: (
        "non standard",
        "non-standard",
        "nonstandard",
        "other firearm",
        "hunting rifle",
        "hunting gun",
        "homemade gun",
        "سلاح شکاری",
        "تفنگ شکاری",
        "اسلحه شکاری",
        "سلاح غیر سازمانی",
        "اسلحه غیر سازمانی",
        "سلاح دست ساز",
        "selah shekari",
    ),
    WeaponClass.LESS_LETHAL: (
        "less lethal",
        "less-lethal",
        "non lethal",
        "non-lethal",
        "nonlethal",
        "غیر کشنده",
        "غیرکشنده",
        "سلاح غیر کشنده",
        "کم کشنده",
        "kam koshandeh",
        "gheyr koshandeh",
    ),
    # Naming the gun says nothing of whose issue it was: recognised, coded unknown.
    WeaponClass.UNKNOWN: (
        *_UNKNOWN,
        "g3",
        "g-3",
        "ژ3",
        "ژ 3",
        "kalashnikov",
        "kalashnikof",
        "ak47",
        "ak-47",
        "ak 47",
        "کلاشینکف",
        "کلاشنیکف",
        "کلاش",
        "mp5",
        "handgun",
        "pistol",
        "کلت",
        "سلاح کمری",
        "rifle",
        "تفنگ",
        "اسلحه",
        "سلاح",
        "firearm",
    ),
}

_WOUND: dict[str, tuple[str, ...]] = {
    Wound.HEAD: (
        "head",
        "skull",
        "face",
        "eye",
        "eyes",
        "forehead",
        "temple",
        "back of the head",
        "سر",
        "سرش",
        "به سر",
        "ناحیه سر",
        "جمجمه",
        "صورت",
        "چشم",
        "پیشانی",
        "شقیقه",
        "پشت سر",
        "sar",
        "sorat",
        "cheshm",
    ),
    Wound.NECK: ("neck", "throat", "گردن", "گلو", "gardan"),
    Wound.CHEST: (
        "chest",
        "heart",
        "thorax",
        "سینه",
        "قفسه سینه",
        "قلب",
        "sine",
        "sineh",
        "ghalb",
    ),
    Wound.ABDOMEN: (
        "abdomen",
        "stomach",
        "belly",
        "abdominal",
        "flank",
        "شکم",
        "پهلو",
        "shekam",
    ),
    Wound.BACK: ("back", "spine", "کمر", "پشت", "ستون فقرات", "kamar", "posht"),
    Wound.LIMBS: (
        "limb",
        "limbs",
        "leg",
        "legs",
        "arm",
        "arms",
        "hand",
        "hands",
        "foot",
        "feet",
        "thigh",
        "knee",
        "پا",
        "پاها",
        "دست",
        "دستها",
        "ران",
        "بازو",
        "زانو",
        "pa",
        "dast",
    ),
    Wound.SEVERAL: (
        "several",
        "multiple",
        "several places",
        "multiple wounds",
        "whole body",
        "all over the body",
        "چند جا",
        "چند نقطه",
        "چندین نقطه",
        "نقاط مختلف",
        "سراسر بدن",
        "تمام بدن",
        "چند جای بدن",
    ),
}

_PERPETRATOR: dict[str, tuple[str, ...]] = {
    Perpetrator.IRGC: (
        "irgc",
        "revolutionary guard",
        "revolutionary guards",
        "islamic revolutionary guard corps",
        "pasdaran",
        "pasdar",
        "sepah",
        "sepah pasdaran",
        "sepah-e pasdaran",
        "sepahe pasdaran",
        "سپاه",
        "سپاه پاسداران",
        "سپاه پاسداران انقلاب اسلامی",
        "پاسدار",
        "پاسداران",
        "نیروهای سپاه",
    ),
    Perpetrator.BASIJ: (
        "basij",
        "basiji",
        "basijis",
        "basij militia",
        "basij-e mostaz'afin",
        "basij-e mostazafin",
        "basij e mostazafin",
        "basij mostazafin",
        "بسیج مستضعفین",
        "سازمان بسیج مستضعفین",
        "بسیج",
        "بسیجی",
        "بسیجیان",
        "بسیجی ها",
        "نیروی مقاومت بسیج",
        "نیروهای بسیج",
    ),
    Perpetrator.POLICE: (
        "police",
        "policeman",
        "policemen",
        "riot police",
        "anti-riot police",
        "special units",
        "police special units",
        "special units (nopo)",
        "special unit",
        "special forces of the police",
        "faraja",
        "naja",
        "nopo",
        "yegan vijeh",
        "yegan-e vijeh",
        "niruye entezami",
        "niroye entezami",
        "entezami",
        "polis",
        "پلیس",
        "نیروی انتظامی",
        "نیروهای انتظامی",
        "ماموران انتظامی",
        "ماموران پلیس",
        "ناجا",
        "فراجا",
        "یگان ویژه",
        "نوپو",
        "ضد شورش",
        "پلیس ضد شورش",
        "پلیس امنیت",
    ),
    Perpetrator.PLAINCLOTHES: (
        "plainclothes",
        "plain clothes",
        "plain-clothes",
        "plainclothes agents",
        "plainclothesmen",
        "plain-clothes agents",
        "lebas shakhsi",
        "lebas-shakhsi",
        "lebas shakhsiha",
        "lebas shakhsi ha",
        "لباس شخصی",
        "لباس شخصی ها",
        "نیروهای لباس شخصی",
        "ماموران لباس شخصی",
    ),
    Perpetrator.PRISON_JUDICIAL: (
        "prison authorities",
        "prison guards",
        "prison guard",
        "prison officials",
        "judiciary",
        "judicial authorities",
        "prosecutor",
        "prosecution",
        "ماموران زندان",
        "مسئولان زندان",
        "زندانبان",
        "زندانبانان",
        "قوه قضاییه",
        "قوه قضائیه",
        "مقامات قضایی",
        "دادستانی",
        "دادستان",
    ),
    # "Rioters" is how official statements attribute killings: not the security forces.
    Perpetrator.OTHER: (
        "other",
        "سایر",
        "دیگر",
        "غیره",
        "rioters",
        "armed rioters",
        "اغتشاشگران",
        "اغتشاشگران مسلح",
        "آشوبگران",
    ),
    Perpetrator.UNKNOWN: (
        *_UNKNOWN,
        "unidentified",
        "unidentified gunmen",
        "unknown forces",
        "ناشناس",
        "افراد ناشناس",
        "نیروهای ناشناس",
    ),
}

_PLACE: dict[str, tuple[str, ...]] = {
    PlaceKind.STREET: (
        "street",
        "protest",
        "protest site",
        "demonstration",
        "square",
        "road",
        "highway",
        "خیابان",
        "میدان",
        "محل تجمع",
        "تجمع",
        "اعتراضات",
        "بزرگراه",
        "جاده",
        "کوچه",
        "khiaban",
        "khiyaban",
        "meydan",
    ),
    PlaceKind.ROOFTOP: (
        "rooftop",
        "roof",
        "on the roof",
        "پشت بام",
        "بام",
        "روی بام",
        "posht bam",
        "posht-e bam",
    ),
    PlaceKind.HOSPITAL: (
        "hospital",
        "clinic",
        "medical centre",
        "medical center",
        "بیمارستان",
        "درمانگاه",
        "مرکز درمانی",
        "bimarestan",
    ),
    PlaceKind.HOME: (
        "home",
        "house",
        "residence",
        "at home",
        "منزل",
        "خانه",
        "منزل شخصی",
        "khane",
        "khaneh",
        "manzel",
    ),
    PlaceKind.DETENTION: (
        "prison",
        "jail",
        "detention",
        "detention centre",
        "detention center",
        "detention facility",
        "police station",
        "custody",
        "in custody",
        "evin",
        "evin prison",
        "fashafouyeh",
        "qezel hesar",
        "ghezel hesar",
        "زندان",
        "بازداشتگاه",
        "کلانتری",
        "ندامتگاه",
        "زندان اوین",
        "اوین",
        "فشافویه",
        "زندان فشافویه",
        "قزلحصار",
        "قزل حصار",
        "زندان قزلحصار",
        "زندان مرکزی",
        "zendan",
        "bazdashtgah",
        "kalantari",
    ),
    PlaceKind.COURT: (
        "court",
        "courthouse",
        "revolutionary court",
        "دادگاه",
        "دادگاه انقلاب",
        "دادسرا",
        "dadgah",
    ),
    PlaceKind.OTHER: ("other", "سایر", "دیگر", "غیره"),
}

_CHARGE: dict[str, tuple[str, ...]] = {
    Charge.MOHAREBEH: (
        "moharebeh",
        "moharebe",
        "mohareba",
        "moharabeh",
        "enmity against god",
        "waging war against god",
        "war against god",
        "محاربه",
    ),
    Charge.EFSAD_FIL_ARZ: (
        "efsad fil arz",
        "efsad-fil-arz",
        "efsad fel arz",
        "ifsad fil arz",
        "ifsad fil-arz",
        "efsad-e fel-arz",
        "corruption on earth",
        "spreading corruption on earth",
        "افساد فی الارض",
        "افساد فیالارض",
        "افساد",
    ),
    Charge.ASSEMBLY_COLLUSION: (
        "assembly and collusion",
        "gathering and collusion",
        "collusion",
        "assembly and collusion against national security",
        "acting against national security",
        "ejtema va tabani",
        "اجتماع و تبانی",
        "تبانی",
        "اجتماع و تبانی علیه امنیت ملی",
        "اقدام علیه امنیت ملی",
    ),
    Charge.PROPAGANDA: (
        "propaganda",
        "propaganda against the system",
        "propaganda against the state",
        "tabligh aleyh nezam",
        "تبلیغ علیه نظام",
        "فعالیت تبلیغی علیه نظام",
        "تبلیغ",
    ),
    Charge.OTHER: ("other", "سایر", "دیگر", "غیره"),
}

_SENTENCE: dict[str, tuple[str, ...]] = {
    SentenceKind.DEATH: (
        "death",
        "death sentence",
        "death penalty",
        "sentenced to death",
        "execution",
        "اعدام",
        "حکم اعدام",
        "قصاص",
        "edam",
        "e'dam",
    ),
    SentenceKind.PRISON: (
        "prison",
        "imprisonment",
        "in prison",
        "jail",
        "years in prison",
        "custodial sentence",
        "حبس",
        "زندان",
        "حبس تعزیری",
        "habs",
        "zendan",
    ),
    SentenceKind.FLOGGING: (
        "flogging",
        "lashes",
        "lash",
        "whipping",
        "شلاق",
        "ضربه شلاق",
        "shallagh",
        "shalagh",
    ),
    SentenceKind.EXILE: (
        "exile",
        "internal exile",
        "banishment",
        "تبعید",
        "tabid",
        "tab'id",
    ),
}

_BURIAL: dict[str, tuple[str, ...]] = {
    Burial.KNOWN: (
        "known",
        "buried",
        "buried by family",
        "burial known",
        "grave known",
        "دفن شد",
        "دفن شده",
        "مزار",
        "محل دفن مشخص",
        "محل دفن معلوم",
        "به خانواده تحویل داده شد",
    ),
    Burial.DENIED: (
        "denied",
        "withheld",
        "body withheld",
        "body not returned",
        "secretly buried",
        "burial place not disclosed",
        "not disclosed",
        "جسد تحویل داده نشد",
        "جسد تحویل نشد",
        "تحویل نشد",
        "دفن مخفیانه",
        "مخفیانه دفن شد",
        "محل دفن اعلام نشد",
        "محل دفن نامعلوم",
    ),
    Burial.UNKNOWN: _UNKNOWN,
}

_YES = frozenset(map(fold, ("yes", "y", "true", "1", "بله", "آری", "اری", "بلی", "هست", "bale")))
_NO = frozenset(map(fold, ("no", "n", "false", "0", "خیر", "نه", "نیست", "kheyr", "na")))


# --- matching ----------------------------------------------------------------------------

_GLUED_MIN = 5
# Punctuation `words` keeps inside a word (Persian comma and semicolon, colons, plus).
_PUNCTUATION = str.maketrans(
    {c: " " for c in "،؛;:+!?؟"}
)  # a phrase this long (folded) may also match inside a longer word


@dataclass(frozen=True)
class Vocabulary:
    """Folded phrase -> code, for one field; `extra` terms (a mapping file's) win."""

    field: str
    exact: Mapping[str, str]
    longest: int  # words in the longest phrase

    @classmethod
    def of(cls, field: str, phrases: Mapping[str, tuple[str, ...]]) -> Vocabulary:
        exact: dict[str, str] = {}
        longest = 1
        for code, terms in phrases.items():
            for t in (code, code.replace("_", " "), *terms):
                exact.setdefault(fold(t), str(code))
                longest = max(longest, len(words(t)))
        return cls(field, exact, longest)

    def with_extra(self, extra: Mapping[str, str] | None) -> Vocabulary:
        if not extra:
            return self
        exact = {fold(k): v for k, v in extra.items()}
        exact.update({k: v for k, v in self.exact.items() if k not in exact})
        longest = max(self.longest, *(len(words(k)) for k in extra))
        return Vocabulary(self.field, exact, longest)

    def codes_in(self, text: str) -> list[str]:
        """Every code `text` names, in the order named (each once)."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[str], list[str]]:
        """(codes named in order, each once; the folded words no phrase took)."""
        whole = fold(text)
        if whole in self.exact:
            return [self.exact[whole]], []
        ws = words(text.translate(_PUNCTUATION))
        found: list[str] = []
        left: list[str] = []
        i = 0
        while i < len(ws):
            for n in range(min(self.longest, len(ws) - i), 0, -1):
                code = self.exact.get("".join(ws[i : i + n]))
                if code is not None:
                    if code not in found:
                        found.append(code)
                    i += n
                    break
            else:
                code = self._glued(ws[i])
                if code is None:
                    left.append(ws[i])
                elif code not in found:
                    found.append(code)
                i += 1
        return found, left

    def _glued(self, word: str) -> str | None:
        best: tuple[int, str] | None = None
        for phrase, code in self.exact.items():
            if (
                len(phrase) >= _GLUED_MIN
                and phrase in word
                and (best is None or len(phrase) > best[0])
            ):
                best = (len(phrase), code)
        return best[1] if best else None


METHODS = Vocabulary.of("method", _METHOD)
WEAPONS = Vocabulary.of("weapon", _WEAPON)
WOUNDS = Vocabulary.of("wound", _WOUND)
PERPETRATORS = Vocabulary.of("perpetrator", _PERPETRATOR)
PLACES = Vocabulary.of("place_kind", _PLACE)
CHARGES = Vocabulary.of("charges", _CHARGE)
SENTENCES = Vocabulary.of("sentence", _SENTENCE)
BURIALS = Vocabulary.of("burial", _BURIAL)

VOCABULARIES: dict[str, Vocabulary] = {
    v.field: v
    for v in (METHODS, WEAPONS, WOUNDS, PERPETRATORS, PLACES, CHARGES, SENTENCES, BURIALS)
}


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


class Terms(NamedTuple):
    """Every code a text names, in the order named (each once); the words as reported; and
    the parts of the text that name nothing known, as written (kept and flagged)."""

    codes: tuple[str, ...]
    raw: str | None
    unknown: tuple[str, ...] = ()

    @property
    def code(self) -> str | None:
        """The first code named (the single-valued columns keep this one)."""
        return self.codes[0] if self.codes else None

    @property
    def also(self) -> list[str] | None:
        """The codes named after the first (None when the text named at most one)."""
        return list(self.codes[1:]) or None

    @property
    def flagged(self) -> bool:
        """Some words were not understood: nothing known at all, or an unknown part."""
        return self.raw is not None and (not self.codes or bool(self.unknown))

    def first(self) -> Term:
        return Term(self.code, self.raw, self.flagged)


# A text lists several terms with punctuation (commas, semicolons, "/", "&", "+", "|", a
# line break) or with a connecting word standing alone. The Persian "و" is a letter inside
# many words, so it separates only as a word of its own; a hyphen never separates
# ("plain-clothes", "Basij-e Mostaz'afin"), nor do brackets ("special units (NOPO)").
_LIST_MARKS = ",،;؛/&+|\n"
_TOKEN = re.compile(rf"(?P<mark>[{_LIST_MARKS}])|(?P<word>[^\s\-_'`‘’ʼʻ\".(){_LIST_MARKS}\\:!?؟]+)")
_JOINERS = frozenset(map(fold, ("and", "or", "plus", "va", "o", "و", "یا")))
# Words that name nothing on their own: a part made only of them is no unknown term.
_FILLERS = frozenset(
    map(fold, ("by", "the", "a", "an", "of", "with", "also", "both", "etc", "توسط", "از", "با"))
)


def _scan_terms(vocab: Vocabulary, raw: str) -> Terms:
    if fold(raw) in vocab.exact:
        return Terms((vocab.exact[fold(raw)],), raw)
    # (folded word or None for a list mark, start, end) in the original text
    tokens: list[tuple[str | None, int, int]] = []
    for m in _TOKEN.finditer(raw):
        if m.group("mark"):
            tokens.append((None, m.start(), m.end()))
        else:
            tokens += [(w, m.start(), m.end()) for w in words(m.group("word"))]
    codes: list[str] = []
    unknown: list[str] = []
    part_codes = 0
    part_words: list[tuple[int, int]] = []  # spans of the part's words no phrase took

    def close() -> None:
        nonlocal part_codes
        if not part_codes and part_words:
            unknown.append(raw[part_words[0][0] : part_words[-1][1]])
        part_codes = 0
        part_words.clear()

    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if word is None:
            close()
            i += 1
            continue
        run = 0  # words of the longest phrase starting here (within the list item)
        code: str | None = None
        key = ""
        for n in range(1, vocab.longest + 1):
            if i + n > len(tokens) or tokens[i + n - 1][0] is None:
                break
            key += str(tokens[i + n - 1][0])
            if key in vocab.exact:
                run, code = n, vocab.exact[key]
        if code is None:
            code = vocab._glued(word)
            run = 1 if code is not None else 0
        if code is not None:
            if code not in codes:
                codes.append(code)
            part_codes += 1
            i += run
        elif word in _JOINERS:
            close()
            i += 1
        else:
            if word not in _FILLERS:
                part_words.append((start, end))
            i += 1
    close()
    return Terms(tuple(codes), raw, tuple(unknown))


def _parse_terms(vocab: Vocabulary, text: str | None) -> Terms:
    raw = _clean(text)
    if raw is None:
        return Terms((), None)
    return _scan_terms(vocab, raw)


@lru_cache(maxsize=16_384)
def _cached(field: str, text: str) -> Terms:
    return _parse_terms(VOCABULARIES[field], text)


def parse_terms(field: str, text: str | None, extra: Mapping[str, str] | None = None) -> Terms:
    """Every code `text` names in the vocabulary of `field` ("IRGC and Basij" -> irgc,
    basij; "head and chest" -> head, chest), and the parts naming nothing known, as
    written ("IRGC and catapult squad" -> irgc, unknown "catapult squad")."""
    if extra:
        return _parse_terms(VOCABULARIES[field].with_extra(extra), text)
    if text is None:
        return Terms((), None)
    return _cached(field, text)


def parse_term(field: str, text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    """The first code `text` names in the vocabulary of `field` (see `parse_terms` for all
    of them); flagged when some part of the text names nothing known."""
    return parse_terms(field, text, extra).first()


def parse_method(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    return parse_term("method", text, extra)


def parse_weapon(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    return parse_term("weapon", text, extra)


def parse_perpetrator(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    return parse_term("perpetrator", text, extra)


def parse_place_kind(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    return parse_term("place_kind", text, extra)


def parse_burial(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    return parse_term("burial", text, extra)


def parse_wound(text: str | None, extra: Mapping[str, str] | None = None) -> Term:
    """Where the body was hit: the first site named (every site: `parse_terms`)."""
    return parse_term("wound", text, extra)


def weapon_for_method(method: str | Sequence[str] | None, weapon: Term) -> Term:
    """The weapon class, given the method (or every method a text named): the source's
    own weapon term always wins; with none, only less-lethal munitions (rubber/plastic
    bullets, tear-gas canister), and nothing else, imply ``less_lethal``. Nothing else is
    inferred (see the module docstring): rubber bullets *and* live fire imply nothing."""
    if weapon.raw is not None:
        return weapon
    methods = [method] if isinstance(method, str) else list(method or ())
    if methods and all(m in _LESS_LETHAL_METHODS for m in methods):
        return Term(WeaponClass.LESS_LETHAL.value, None, False)
    return weapon


_LESS_LETHAL_METHODS = frozenset({Method.RUBBER_BULLETS.value, Method.TEAR_GAS_CANISTER.value})


class Charges(NamedTuple):
    codes: list[str]
    raw: str | None
    flagged: bool


def parse_charges(text: str | None, extra: Mapping[str, str] | None = None) -> Charges:
    """Every charge named, in order (moharebeh, efsad-fil-arz, assembly and collusion...).

    Flagged when some word of the text is part of no known charge: "محاربه، قتل" gives
    [moharebeh] *and* a flag, so the unknown part is seen, not dropped."""
    if extra:
        return _parse_charges(text, extra)
    found = _charges_cached(text)
    return Charges(list(found.codes), found.raw, found.flagged)


@lru_cache(maxsize=16_384)
def _charges_cached(text: str | None) -> Charges:
    return _parse_charges(text, None)


def _parse_charges(text: str | None, extra: Mapping[str, str] | None) -> Charges:
    raw = _clean(text)
    if raw is None:
        return Charges([], None, False)
    codes, left = CHARGES.with_extra(extra).scan(raw)
    return Charges(codes, raw, any(w not in _CONNECTORS for w in left))


# Words that join charges or sentence parts and name nothing themselves.
_CONNECTORS = frozenset(
    map(
        fold,
        (
            "and",
            "of",
            "the",
            "for",
            "on",
            "charge",
            "charges",
            "charged",
            "with",
            "in",
            "و",
            "به",
            "اتهام",
            "اتهامات",
            "با",
            "از",
            "علیه",
        ),
    )
)


# Lists of charges or sentence parts: commas (Latin and Persian), semicolons, "and", "و".
_PARTS = re.compile(r"\s*(?:[,،;؛+/]|\band\b|\s\u0648\s)\s*", re.IGNORECASE)


# --- sentences ---------------------------------------------------------------------------

_NUMBER_WORDS: dict[str, int] = {
    fold(w): n
    for n, ws in {
        1: ("one", "a", "an", "یک", "یه"),
        2: ("two", "دو"),
        3: ("three", "سه"),
        4: ("four", "چهار"),
        5: ("five", "پنج"),
        6: ("six", "شش", "شیش"),
        7: ("seven", "هفت"),
        8: ("eight", "هشت"),
        9: ("nine", "نه"),
        10: ("ten", "ده"),
        11: ("eleven", "یازده"),
        12: ("twelve", "دوازده"),
        13: ("thirteen", "سیزده"),
        14: ("fourteen", "چهارده"),
        15: ("fifteen", "پانزده", "پونزده"),
        16: ("sixteen", "شانزده"),
        17: ("seventeen", "هفده"),
        18: ("eighteen", "هجده", "هیجده"),
        19: ("nineteen", "نوزده"),
        20: ("twenty", "بیست"),
        25: ("twenty-five", "بیست و پنج"),
        30: ("thirty", "سی"),
    }.items()
    for w in ws
}
_YEAR_UNITS = frozenset(map(fold, ("year", "years", "yr", "yrs", "y", "سال", "ساله", "sal")))
_MONTH_UNITS = frozenset(map(fold, ("month", "months", "mo", "ماه", "mah")))
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# Most severe first: the one kind a sentence is coded by.
_SEVERITY = (SentenceKind.DEATH, SentenceKind.PRISON, SentenceKind.EXILE, SentenceKind.FLOGGING)


class Sentence(NamedTuple):
    """A sentence: its most severe kind, the years of that kind (prison, exile), every
    kind named, the words as reported, and whether some of them were not understood."""

    kind: str | None
    years: float | None
    kinds: list[str]
    raw: str | None
    flagged: bool


def _duration(part: str) -> float | None:
    ws = words(to_ascii_digits(part))
    total: float | None = None
    for i, w in enumerate(ws[1:], start=1):
        unit = 1.0 if w in _YEAR_UNITS else 1 / 12 if w in _MONTH_UNITS else None
        if unit is None:
            continue
        prev = ws[i - 1]
        number = float(prev) if _NUMBER.match(prev) else _NUMBER_WORDS.get(prev)
        if number is None:
            continue
        total = (total or 0.0) + number * unit
    return None if total is None else round(total, 4)


def parse_sentence(text: str | None, extra: Mapping[str, str] | None = None) -> Sentence:
    """``۶ سال حبس`` -> prison, 6.0; ``5 years in prison and 74 lashes`` -> prison, 5.0,
    kinds [prison, flogging]; ``اعدام`` -> death. A duration with no kind ("6 years") keeps
    its years, has no kind, and is flagged."""
    if extra:
        return _parse_sentence(text, extra)
    found = _sentence_cached(text)
    return found._replace(kinds=list(found.kinds))


@lru_cache(maxsize=16_384)
def _sentence_cached(text: str | None) -> Sentence:
    return _parse_sentence(text, None)


def _parse_sentence(text: str | None, extra: Mapping[str, str] | None) -> Sentence:
    raw = _clean(text)
    if raw is None:
        return Sentence(None, None, [], None, False)
    vocab = SENTENCES.with_extra(extra)
    kinds: list[str] = []
    years_by_kind: dict[str, float] = {}
    pending: float | None = None  # a duration waiting for the kind named after it
    flagged = False
    for part in _PARTS.split(raw):
        if not part.strip():
            continue
        found = vocab.codes_in(part)
        duration = _duration(part)
        if not found:
            if duration is None:
                flagged = True
            else:
                pending = (pending or 0.0) + duration
            continue
        kinds += [k for k in found if k not in kinds]
        if pending is not None:
            duration, pending = (duration or 0.0) + pending, None
        if duration is not None:
            years_by_kind[found[0]] = years_by_kind.get(found[0], 0.0) + duration
    if pending is not None and kinds and kinds[-1] in _TIMED:
        years_by_kind[kinds[-1]] = years_by_kind.get(kinds[-1], 0.0) + pending
        pending = None
    kind = next((k.value for k in _SEVERITY if k.value in kinds), None)
    if kind is None:
        return Sentence(None, pending, [], raw, True)
    years = years_by_kind.get(kind) if kind in _TIMED else None
    return Sentence(kind, years, kinds, raw, flagged or pending is not None)


_TIMED = frozenset({SentenceKind.PRISON.value, SentenceKind.EXILE.value})


@lru_cache(maxsize=1024)
def parse_flag(text: str | None) -> Term:
    """Yes / no (English or Persian) as "true" / "false"; anything else kept and flagged."""
    raw = _clean(text)
    if raw is None:
        return Term(None, None, False)
    key = fold(raw)
    if key in _YES:
        return Term("true", raw, False)
    if key in _NO:
        return Term("false", raw, False)
    return Term(None, raw, True)


def vocabulary_codes(field: str) -> list[str]:
    """The codes of a field's vocabulary (for forms and documentation)."""
    return sorted(set(VOCABULARIES[field].exact.values()))


__all__ = [
    "VOCABULARIES",
    "Charges",
    "Sentence",
    "Term",
    "Terms",
    "Vocabulary",
    "parse_burial",
    "parse_charges",
    "parse_flag",
    "parse_method",
    "parse_perpetrator",
    "parse_place_kind",
    "parse_sentence",
    "parse_term",
    "parse_terms",
    "parse_weapon",
    "parse_wound",
    "vocabulary_codes",
    "weapon_for_method",
]
