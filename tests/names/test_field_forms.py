"""Names as written in the field (issue 12, item 1): tables of forms that must meet and
forms that must stay apart, patronymics, glued names and the parse confidence."""

from __future__ import annotations

import pytest

from vigil.names import (
    LOW_CONFIDENCE,
    glued_key,
    name_keys,
    parse_confidence,
    parse_name,
    segment,
    split_patronymic,
)


def full(text: str) -> str:
    return name_keys(parse_name(text)).full_key


def glued(text: str) -> str:
    return name_keys(parse_name(text)).glued_key


# --- patronymics -------------------------------------------------------------------------

# (field, given/family meet this name, father as written)
PATRONYMICS: list[tuple[str, str, str]] = [
    ("محمد حسینی فرزند علی", "محمد حسینی", "علی"),
    ("محمد حسینی پسر علی", "محمد حسینی", "علی"),
    ("زهرا کریمی دختر حسن", "زهرا کریمی", "حسن"),
    ("فرزند علی، محمد حسینی", "محمد حسینی", "علی"),
    ("محمد بن علی حسینی", "محمد حسینی", "علی"),
    ("فاطمه بنت حسن کعبی", "فاطمه کعبی", "حسن"),
    ("محمد حسینی ابن علی", "محمد حسینی", "علی"),
    ("Mohammad Hosseini, son of Ali", "Mohammad Hosseini", "Ali"),
    ("Mohammad Hosseini son of Ali", "Mohammad Hosseini", "Ali"),
    ("Zahra Karimi, daughter of Hassan", "Zahra Karimi", "Hassan"),
    ("Zahra Karimi d/o Hassan", "Zahra Karimi", "Hassan"),
    ("Mohammad Hosseini S/O Ali", "Mohammad Hosseini", "Ali"),
    # the marker inside brackets: the bracket ends the father
    ("مصطفی جعفری (فرزند ایمان)", "مصطفی جعفری", "ایمان"),
    ("زهرا کریمی [دختر حسن]", "زهرا کریمی", "حسن"),
    ("Mohamad Jamalpur (s/o Peyman)", "Mohamad Jamalpur", "Peyman"),
    ("JAMALPUR, Mohamad (son of Peyman)", "JAMALPUR, Mohamad", "Peyman"),
    # a surname suffix written apart stays with the family name, never the father's
    ("یاسین بن حسین دزفول نژاد", "یاسین دزفول‌نژاد", "حسین"),
    ("Mohammad Hosseini (father: Ali)", "Mohammad Hosseini", "Ali"),
    ("Mohammad Hosseini [father Ali]", "Mohammad Hosseini", "Ali"),
    ("محمد حسینی (پدر: علی)", "محمد حسینی", "علی"),
    ("محمد حسینی (نام پدر: علی)", "محمد حسینی", "علی"),
    ("HOSSEINI, Mohammad s/o Ali", "Mohammad Hosseini", "Ali"),
    ("Mohammad son of Ali Hosseini", "Mohammad Hosseini", "Ali"),
    ("Mohammad Reza Hosseini, son of Ali Akbar", "Mohammadreza Hosseini", "Ali Akbar"),
    ("Mohammad bin Ali Hosseini", "Mohammad Hosseini", "Ali"),
    ("محمدرضا بن یعقوب گلنیا", "محمدرضا گلنیا", "یعقوب"),
    ("Ali son of Gholam Reza", "Ali", "Gholam Reza"),
]


@pytest.mark.parametrize(("field", "name", "father"), PATRONYMICS)
def test_patronymic_goes_to_the_father_never_to_the_name(
    field: str, name: str, father: str
) -> None:
    p = parse_name(field)
    assert p.father == father
    assert full(field) == full(name)
    # the father is in neither part
    assert father.split()[0].lower() not in (p.given + " " + p.family).lower().split()


def test_surname_comma_rule_does_not_fire_on_son_of() -> None:
    p = parse_name("Mohammad Hosseini, son of Ali")
    assert (p.given, p.family, p.order) == ("mohammad", "hosseini", "given_first")


@pytest.mark.parametrize(
    "field",
    [
        "بن علی محمد",  # بن at the start: part of a surname
        "ابن یمین حسینی",
        "Ali Bani Torof",
        "Abu Bakr Al-Saadi",
        "Ahmad Abu Shokr",
        "Hamid Al-Kaabi",
        "Ali Bu Ali",
        "Mohammad Hosseini",
        "Sonia Karimi",  # "son" inside a word
        "Dorsa Karimi",
    ],
)
def test_not_a_patronymic(field: str) -> None:
    assert split_patronymic(field).father == ""
    assert parse_name(field).father == ""


def test_bani_and_al_stay_in_the_family_name() -> None:
    assert parse_name("Ali Bani Torof").family == "banitorof"
    assert parse_name("Hamid Al-Kaabi").family == "kaabi"
    assert full("Hamid Al-Kaabi") == full("حمید کعبی")


# --- spaces lost and added ----------------------------------------------------------------

# one name written glued, spaced, with ZWNJ, camel-case: the full key meets the spaced form
GLUED_MEET: list[tuple[str, str]] = [
    ("محمدحسینی", "محمد حسینی"),
    ("علیرضاکریمی", "علیرضا کریمی"),
    ("زهراکریمی", "زهرا کریمی"),
    ("مهدیرضایی", "مهدی رضایی"),
    ("محمدرحیمزاده", "محمد رحیم‌زاده"),
    ("MohammadHosseini", "Mohammad Hosseini"),
    ("mohammadhosseini", "Mohammad Hosseini"),
    ("mohammadhosseini", "محمد حسینی"),
    ("alirezakarimi", "علیرضا کریمی"),
    ("AlirezaKarimi", "Alireza Karimi"),
    ("سید محمدحسینی", "محمد حسینی"),
    ("محمدحسینی فرزند علی", "محمد حسینی"),
]


@pytest.mark.parametrize(("a", "b"), GLUED_MEET)
def test_glued_and_spaced_meet(a: str, b: str) -> None:
    assert full(a) == full(b)
    assert glued(a) == glued(b)


ZWNJ_MEET: list[tuple[str, str]] = [
    ("علی رحیم‌زاده", "علی رحیمزاده"),
    ("علی رحیم‌زاده", "علی رحیم زاده"),
    ("علی رحیم‌‌زاده", "علی رحیمزاده"),  # doubled ZWNJ
    ("علی رحیم ‌زاده", "علی رحیمزاده"),  # ZWNJ turned into a space before it
    ("غلام‌رضا کریمی", "غلام رضا کریمی"),
    ("غلامرضا کریمی", "Gholam Reza Karimi"),
    ("محمد حسین‌پور", "Mohammad Hosseinpour"),
]


@pytest.mark.parametrize(("a", "b"), ZWNJ_MEET)
def test_zwnj_dropped_doubled_or_spaced(a: str, b: str) -> None:
    assert full(a) == full(b)


def test_glued_key_meets_whatever_the_cut() -> None:
    # a glued word the lexicon cannot cut still has the glued key of the spaced form
    assert glued("رحیمزاده") == glued("رحیم زاده") == glued("رحیم‌زاده")
    assert glued_key("MHMD", "HSINI") == name_keys(parse_name("محمدحسینی")).glued_key


def test_every_plausible_reading_is_kept_and_ranked() -> None:
    readings = segment("علیاکبری")
    assert [(r.given, r.family) for r in readings][:2] == [("علی", "اکبری"), ("علیاکبری", "")]
    assert readings[0].confidence > readings[1].confidence
    assert abs(sum(r.confidence for r in readings) - 1) < 0.01
    keys = name_keys(parse_name("علیاکبری"))
    assert keys.full_key == full("علی اکبری")
    assert keys.alt_full_key == full("علیاکبری").split()[0] or keys.alt_full_key


@pytest.mark.parametrize("word", ["محمدرضا", "غلامرضا", "Gholamreza", "Alireza", "امیرعلی"])
def test_a_compound_given_name_is_not_cut(word: str) -> None:
    p = parse_name(word)
    assert p.family == "" and p.order == "single"


# --- Iran's peoples -------------------------------------------------------------------------

PEOPLES_MEET: list[tuple[str, str]] = [
    # Arab: ayn marks, Al-, Bani, tribal names of Khuzestan
    ("Sa'di", "سعدی"),
    ("Saadi", "سعدی"),
    # the Arabic article glued in Persian script, dropped in Latin
    ("عبّاس العموري", "Abbas Al-Amuri"),
    ("عباس عموری", "عبّاس العموري"),
    ("زينب الزهيري", "Zainab Al-Zuhairi"),
    ("حسن الکعبی", "Hassan Al-Kaabi"),
    ("عليّ الباوي", "Ali Al-Bawi"),
    # ... but not the ال of Persian names that begin with it
    ("الهام الوندی", "Elham Alvandi"),
    ("الیاس الماسی", "Elyas Almasi"),
    ("علی الهی", "Ali Elahi"),
    ("سعید اللهیاری", "Saeed Allahyari"),
    ("Sa‘di", "Sa'di"),
    ("Saʿdi", "Saadi"),
    ("Ka'bi", "کعبی"),
    ("Kaabi", "کعبی"),
    ("Hamid Al-Kaabi", "حمید کعبی"),
    ("Ali Bani Torof", "علی بنی طرف"),
    ("Ali Banitorof", "علی بنی‌طرف"),
    ("Abbas Sawari", "عباس سواری"),
    ("Jasem Heidari", "جاسم حیدری"),
    # Kurdish: Sorani letters, Kurmanji/Sorani Latin
    ("Şêrko", "شێرکۆ"),
    ("Şêrko", "شیرکو"),
    ("Bêrîvan", "بێریڤان"),
    ("Rebwar", "ڕێبوار"),
    ("Soran", "سۆران"),
    ("Ahmed", "ئەحمەد"),
    ("Omar", "عومەر"),
    ("Bakhtiar", "بەختیار"),
    ("Jalal", "جەلال"),
    ("Hussein", "حوسێن"),
    ("Xalid", "Khaled"),
    # Baluch
    ("Shahbakhsh", "شاهبخش"),
    ("Sarbazi", "سربازی"),
    ("Rigi", "ریگی"),
    ("Baluchzehi", "بلوچزهی"),
    ("Gomshadzehi", "گمشادزهی"),
    ("Narouei", "ناروئی"),
    # Azeri
    ("Məmməd", "ممد"),
    ("Cəfər", "جعفر"),
    ("Həsən", "حسن"),
    ("Hüseyn", "حسین"),
    ("Əli", "علی"),
    ("Hüseynzadə", "Hosseinzadeh"),
    ("Hüseynzade", "حسین‌زاده"),
    # Lur / Bakhtiari
    ("Bakhtiari", "بختیاری"),
    ("Mirzavand", "میرزاوند"),
    ("Beiranvand", "بیرانوند"),
    # Turkmen
    ("Döwlet", "دولت"),
    ("Aýna", "آینا"),
    ("Amanmuhammed", "Amanmohammad"),
    ("Gurbanow", "Gurbanov"),
]


@pytest.mark.parametrize(("a", "b"), PEOPLES_MEET)
def test_spellings_of_iran_peoples_meet(a: str, b: str) -> None:
    assert full(a) == full(b)


APART: list[tuple[str, str]] = [
    ("Hassan", "Hossein"),
    ("الهام", "هام"),  # Elham is no article + Ham
    ("الوندی", "وندی"),
    ("Hossein", "Hosseini"),
    ("Hassan", "Hosseini"),
    ("Ali", "Alireza"),
    ("Zahra", "Zohreh"),
    ("Həsən", "Hüseyn"),
    ("حسن", "حسین"),
    ("Sa'di", "Saeedi"),
    ("Şêrko", "Sherkat"),
    ("Mahdieh", "Mehdi"),
    ("Kaabi", "Kabiri"),
    ("محمدحسینی", "محمد حسنی"),
    ("mohammadhosseini", "Mohammad Hassani"),
    ("علیرضاکریمی", "علی کریمی"),
    ("Bani Torof", "Torofi"),
    ("Mohammad Hosseini, son of Ali", "Ali Hosseini"),
]


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert full(a) != full(b)


# --- parse confidence -----------------------------------------------------------------------


def test_confidence_is_high_for_a_clear_name_and_low_for_a_guess() -> None:
    assert parse_name(None, "محمد", "حسینی").confidence == 1.0
    assert parse_name("Mohammad Hosseini").confidence >= 0.85
    assert not parse_name("Mohammad Hosseini").low_confidence
    assert parse_name("Xqzt").low_confidence  # one unknown word
    assert parse_name("").confidence == 0.0
    assert parse_confidence("HOSSEINI, Mohammad") >= LOW_CONFIDENCE
    # a glued word with several readings is as sure as its best reading
    assert parse_name("علیاکبری").confidence < parse_name("علی اکبری").confidence


def test_low_confidence_share() -> None:
    from vigil.names import low_confidence_share

    names = [("Mohammad Hosseini", None, None), ("Xqzt", None, None), (None, "علی", "کریمی")]
    assert low_confidence_share(names) == pytest.approx(1 / 3)
    assert low_confidence_share([]) == 0.0
