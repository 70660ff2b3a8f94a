"""Compositional Iranian surnames for the synthetic test bed.

Iranian surnames number in the tens of thousands because most are derived: a root (a
given name, a place, a trade or a quality) plus a suffix (-i, -zadeh, -pour, -nejad, -far,
-nia, -an, -lou, -vand, -abadi, -rad, -fard, -mehr). A bank of ~110 whole surnames makes
half the victims namesakes of another, which no real list shows; composing roots and
suffixes gives a long tail of rarer names while the common ones stay common.

Each composed surname gets one Persian spelling and several Latin spellings built here by
hand-written spelling rules (vowel and consonant alternations such as ou/u/oo, gh/q,
ei/ey), independently of `vigil.names`, so the linkage is tested on spellings its
normalizer did not produce.
"""

from __future__ import annotations

from dataclasses import dataclass

#: key | Persian | Latin spellings of roots that are places (surnames "of Tabriz": Tabrizi).
_PLACE_ROOTS = """
Tehran|تهران|Tehran
Tabriz|تبریز|Tabriz
Shiraz|شیراز|Shiraz
Esfahan|اصفهان|Esfahan,Isfahan
Kerman|کرمان|Kerman
Yazd|یزد|Yazd
Kashan|کاشان|Kashan
Ghazvin|قزوین|Ghazvin,Qazvin
Zanjan|زنجان|Zanjan
Hamadan|همدان|Hamadan
Ardabil|اردبیل|Ardabil,Ardebil
Rasht|رشت|Rasht
Gilan|گیلان|Gilan
Mazandaran|مازندران|Mazandaran
Khorasan|خراسان|Khorasan
Sabzevar|سبزوار|Sabzevar
Neyshabour|نیشابور|Neyshabour,Nishabur
Mashhad|مشهد|Mashhad
Ghom|قم|Ghom,Qom
Saveh|ساوه|Saveh
Lahij|لاهیج|Lahij
Khoy|خوی|Khoy,Khoi
Maragheh|مراغه|Maragh,Maraq
Urmia|ارومیه|Urumi,Oroumi
Damghan|دامغان|Damghan
Semnan|سمنان|Semnan
Boroujerd|بروجرد|Boroujerd,Borujerd
Golpayegan|گلپایگان|Golpayegan
Khansar|خوانسار|Khansar,Khansari
Natanz|نطنز|Natanz
Ardestan|اردستان|Ardestan
Nain|نایین|Naein,Nain
Bam|بم|Bam
Sirjan|سیرجان|Sirjan
Rafsanjan|رفسنجان|Rafsanjan
Jahrom|جهرم|Jahrom
Kazeroun|کازرون|Kazeroun,Kazerun
Fasa|فسا|Fasa
Lar|لار|Lar
Bushehr|بوشهر|Bushehr,Bushehri
Dezful|دزفول|Dezful,Dezfoul
Shoushtar|شوشتر|Shoushtar,Shushtar
Behbahan|بهبهان|Behbahan
Dasht|دشت|Dasht
Astara|آستارا|Astar
Tonekabon|تنکابن|Tonekabon
Amol|آمل|Amol
Babol|بابل|Babol
Gorgan|گرگان|Gorgan
Bojnourd|بجنورد|Bojnourd,Bojnurd
Birjand|بیرجند|Birjand
Tabas|طبس|Tabas
Zabol|زابل|Zabol
Kermanshah|کرمانشاه|Kermanshah
Sanandaj|سنندج|Sanandaj
Marivan|مریوان|Marivan
Saghez|سقز|Saghez,Saqqez
Najaf|نجف|Najaf,Nadjaf
Karbala|کربلا|Karbala
Firouz|فیروز|Firouz,Firuz,Firooz
Mahallat|محلات|Mahallat,Mahalat
Tafresh|تفرش|Tafresh
Delijan|دلیجان|Delijan
Ashtian|آشتیان|Ashtian,Ashtiyan
"""

#: Roots that are words: trades, qualities, nature (Ahangar -> Ahangari, Pak -> Pakniya).
_WORD_ROOTS = """
Ahangar|آهنگر|Ahangar,Ahangar
Najjar|نجار|Najjar,Najar
Attar|عطار|Attar,Atar
Zargar|زرگر|Zargar
Sabbagh|صباغ|Sabbagh,Sabagh,Sabbaq
Khayyat|خیاط|Khayyat,Khayat
Bazzaz|بزاز|Bazzaz,Bazaz
Dehghan|دهقان|Dehghan,Dehqan
Kashavarz|کشاورز|Keshavarz
Darvish|درویش|Darvish,Darwish
Sharif|شریف|Sharif
Kamal|کمال|Kamal
Jamal|جمال|Jamal
Nik|نیک|Nik,Nick
Pak|پاک|Pak
Rast|راست|Rast
Shams|شمس|Shams
Nour|نور|Nour,Nur,Noor
Mehr|مهر|Mehr
Gol|گل|Gol,Gul
Bagh|باغ|Bagh,Baq
Kia|کیا|Kia,Kiya
Bahar|بهار|Bahar
Azad|آزاد|Azad
Sadegh|صادق|Sadegh,Sadeq
Amin|امین|Amin
Hakim|حکیم|Hakim
Mirza|میرزا|Mirza
Khan|خان|Khan
Sardar|سردار|Sardar
Soltan|سلطان|Soltan,Sultan
Shah|شاه|Shah
Darya|دریا|Darya,Daria
Kouh|کوه|Kouh,Kuh,Kooh
Sahra|صحرا|Sahra
Roustaa|روستا|Rousta,Rusta
Shir|شیر|Shir,Sheer
Bahram|بهرام|Bahram
Rostam|رستم|Rostam,Rustam
Sohrab|سهراب|Sohrab
Jamshid|جمشید|Jamshid
Faridoun|فریدون|Fereydoun,Fereidoun,Faridun
Kourosh|کوروش|Kourosh,Kurosh
Dara|دارا|Dara
Arya|آریا|Arya,Aria
Golshan|گلشن|Golshan
Saber|صابر|Saber,Sabir
Fazel|فاضل|Fazel,Fazil
Adel|عادل|Adel,Adil
Nasr|نصر|Nasr
Zamani|زمان|Zaman
Safa|صفا|Safa
Vafa|وفا|Vafa,Wafa
Aziz|عزیز|Aziz
Habib|حبیب|Habib
Latif|لطیف|Latif
Ghaffar|غفار|Ghaffar,Qaffar
Sattar|ستار|Sattar,Satar
Jabbar|جبار|Jabbar,Jabar
Nabi|نبی|Nabi
Kamran|کامران|Kamran
Shokr|شکر|Shokr,Shukr
Sabet|ثابت|Sabet,Sabit
Heshmat|حشمت|Heshmat
Eslam|اسلام|Eslam,Islam
Iran|ایران|Iran
Vatan|وطن|Vatan,Watan
"""

#: Given-name tokens (keys of `names_bank.TOKENS`) that also root surnames.
GIVEN_ROOTS: tuple[str, ...] = (
    "Mohammad", "Ali", "Hossein", "Hassan", "Reza", "Ahmad", "Karim", "Rahim", "Jafar",
    "Abbas", "Mahmoud", "Ebrahim", "Yousef", "Kazem", "Ghasem", "Taghi", "Akbar", "Asghar",
    "Mousa", "Esmaeil", "Yaghoub", "Heydar", "Rasoul", "Hamid", "Majid", "Nasser", "Jalal",
    "Mansour", "Masoud", "Saeed", "Salman", "Bahman", "Farhad", "Mehdi", "Javad", "Mostafa",
    "Morteza", "Amir", "Hadi", "Mohsen", "Vahid", "Omid", "Behrouz", "Jalal", "Abdollah",
)  # fmt: skip

#: Glued suffixes: key, Persian, Latin spellings.
_GLUED = {
    "i": ("ی", ("i",)),
    "an": ("ان", ("an",)),
    "lou": ("لو", ("lou", "lu", "loo")),
    "vand": ("وند", ("vand", "wand")),
    "abadi": ("آبادی", ("abadi",)),
    "far": ("فر", ("far",)),
    "nia": ("نیا", ("nia", "niya")),
    "rad": ("راد", ("rad",)),
    "fard": ("فرد", ("fard",)),
    "mehr": ("مهر", ("mehr",)),
}

#: Which suffixes each root kind takes; "+zadeh" etc. are the two-word compounds.
_SUFFIXES = {
    "given": ("i", "+Zadeh", "+Pour", "+Nejad", "far", "nia", "lou", "an", "vand"),
    "place": ("i", "+Nejad", "+Zadeh", "abadi"),
    "word": ("i", "+Zadeh", "+Pour", "+Nejad", "far", "nia", "rad", "fard", "mehr", "an", "lou"),
}

#: Alternations writers make when romanizing, tried in order on each spelling.
_ALTERNATIONS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "ou"),
    ("gh", "q"),
    ("ei", "ey"),
    ("ee", "i"),
    ("aa", "a"),
    ("ss", "s"),
    ("kh", "x"),
)


@dataclass(frozen=True)
class Surname:
    """A composed surname: its parts, each as (key, Persian, Latin spellings)."""

    parts: tuple[tuple[str, str, tuple[str, ...]], ...]


def _parse(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for line in text.strip().splitlines():
        key, fa, latin = line.split("|")
        out.append((key, fa, tuple(dict.fromkeys(latin.split(",")))))
    return out


def spellings(base: tuple[str, ...], limit: int = 5) -> tuple[str, ...]:
    """The given spellings plus their common romanization alternations, most usual first."""
    out = list(dict.fromkeys(base))
    for word in list(out):
        for a, b in _ALTERNATIONS:
            if a in word.lower():
                out.append(word.replace(a, b).replace(a.capitalize(), b.capitalize()))
    return tuple(dict.fromkeys(out))[:limit]


def _glue(root: tuple[str, str, tuple[str, ...]], suffix: str) -> tuple[str, str, tuple[str, ...]]:
    key, fa, latin = root
    sfa, slatin = _GLUED[suffix]
    if suffix == "i":
        if fa.endswith(("ا", "و")):  # Reza -> Rezaei (رضایی), Mousa -> Mousaei
            sfa, slatin = "یی", ("ei", "ee", "i")
        elif fa.endswith("ی"):  # Mehdi -> Mehdavi-like forms are irregular; keep a plain -i
            fa, sfa = fa[:-1], "وی"
            latin = tuple(w[:-1] + "av" for w in latin)
        elif fa.endswith("ه"):  # Maragheh -> Maraghei
            fa, sfa = fa[:-1], "ه‌ای"
            latin = tuple(w.removesuffix("eh").removesuffix("e") for w in latin)
            slatin = ("ei", "i")
    words = [w + s for w in latin for s in slatin]
    return (key + suffix.capitalize(), fa + sfa, spellings(tuple(words)))


def compose(given_tokens: dict[str, tuple[str, tuple[str, ...]]]) -> list[Surname]:
    """Every composed surname, rarer kinds last. `given_tokens`: key -> (Persian, Latin)."""
    roots = {
        "given": [(k, *given_tokens[k]) for k in dict.fromkeys(GIVEN_ROOTS)],
        "place": _parse(_PLACE_ROOTS),
        "word": _parse(_WORD_ROOTS),
    }
    out: list[Surname] = []
    seen: set[str] = set()
    for kind in ("given", "place", "word"):
        for root in roots[kind]:
            for suffix in _SUFFIXES[kind]:
                if suffix.startswith("+"):
                    part = (root[0], root[1], spellings(root[2]))
                    name = Surname((part, (suffix[1:], "", ())))
                    ident = root[0] + suffix
                else:
                    glued = _glue(root, suffix)
                    name = Surname((glued,))
                    ident = glued[0]
                if ident not in seen:
                    seen.add(ident)
                    out.append(name)
    return out
