"""Violation types as reported, in English or Persian, to `vigil.domain.ViolationType`.

A whole-phrase match is tried first; failing that, the most specific known phrase found
inside the text decides ("died in custody" before "died", "کشته شده در اعتراضات" -> killed).
"""

from __future__ import annotations

from functools import lru_cache

from vigil.domain import ViolationType as V
from vigil.errors import InvalidValue
from vigil.normalize.text import fold

_PHRASES: dict[V, tuple[str, ...]] = {
    V.KILLED: (
        "killed",
        "kill",
        "dead",
        "death",
        "died",
        "deceased",
        "murdered",
        "shot dead",
        "fatality",
        "killing",
        "کشته",
        "کشته شده",
        "کشته شد",
        "جان باخته",
        "جانباخته",
        "جان باخت",
        "قتل",
        "به قتل رسید",
        "فوت",
        "فوت شده",
        "درگذشت",
        "درگذشته",
        "شهید",
        "جاویدنام",
        "کشته شدن",
    ),
    V.INJURED: (
        "injured",
        "injury",
        "wounded",
        "wound",
        "hurt",
        "shot",
        "زخمی",
        "مجروح",
        "مصدوم",
        "جراحت",
        "زخمی شده",
        "مجروح شده",
        "تیر خورده",
    ),
    V.ARRESTED: (
        "arrested",
        "arrest",
        "detention arrest",
        "apprehended",
        "بازداشت",
        "دستگیر",
        "دستگیری",
        "دستگیر شده",
        "بازداشت شده",
    ),
    V.DETAINED: (
        "detained",
        "detention",
        "imprisoned",
        "held",
        "jailed",
        "in prison",
        "زندانی",
        "حبس",
        "در بازداشت",
        "زندان",
    ),
    V.TORTURED: ("tortured", "torture", "ill-treated", "شکنجه", "شکنجه شده"),
    V.DIED_IN_CUSTODY: (
        "died in custody",
        "death in custody",
        "custodial death",
        "died in detention",
        "died in prison",
        "killed in custody",
        "مرگ در بازداشت",
        "جان باخته در بازداشت",
        "فوت در بازداشت",
        "مرگ در زندان",
        "کشته شده در بازداشت",
        "جان باختن در بازداشت",
        "مرگ مشکوک در بازداشت",
    ),
    V.DISAPPEARED: (
        "disappeared",
        "missing",
        "enforced disappearance",
        "whereabouts unknown",
        "ناپدید",
        "ناپدید شده",
        "مفقود",
        "مفقودالاثر",
        "ناپدید قهری",
        "بی خبری",
    ),
    V.SENTENCED: ("sentenced", "convicted", "sentence", "محکوم", "محکوم شده", "حکم", "محکومیت"),
    V.EXECUTED: ("executed", "execution", "hanged", "اعدام", "اعدام شده", "اعدام شد"),
    V.DENIED_MEDICAL_CARE: (
        "denied medical care",
        "denied treatment",
        "denied medical treatment",
        "medical neglect",
        "محرومیت از درمان",
        "عدم رسیدگی پزشکی",
        "محروم از درمان",
    ),
    V.REPORTED_ALIVE: ("alive", "reported alive", "survived", "زنده", "زنده است"),
    V.RELEASED: ("released", "freed", "release", "آزاد", "آزاد شده", "آزادی", "آزاد شد"),
}

_EXACT: dict[str, V] = {fold(v.value): v for v in V}
_EXACT.update({fold(p): v for v, phrases in _PHRASES.items() for p in phrases})
# Longest first, so the most specific phrase inside a sentence wins.
_BY_LENGTH: list[tuple[str, V]] = sorted(_EXACT.items(), key=lambda kv: -len(kv[0]))
_MIN_SUBSTRING = 4  # "m", "shot" etc. must not match inside unrelated words


@lru_cache(maxsize=65_536)  # reported values repeat a lot; results are immutable
def parse_violation(text: str | None) -> V | None:
    """The violation `text` reports, None when empty; InvalidValue when none is recognised."""
    if text is None:
        return None
    key = fold(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for phrase, violation in _BY_LENGTH:
        if len(phrase) >= _MIN_SUBSTRING and phrase in key:
            return violation
    known = ", ".join(v.value for v in V)
    raise InvalidValue(f"{text!r} is not a known violation type (one of: {known})")
