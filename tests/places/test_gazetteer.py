from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.places import Gazetteer, province_boundaries

# (province as reported, city as reported) -> (GeoNames admin1 code, GeoNames id, English name)
AHVAZ = ("15", 144448, "Ahvaz")
MAHSHAHR = ("15", 141663, "Bandar-e Mahshahr")
JAVANRUD = ("13", 25883, "Javanrud")
MARIVAN = ("16", 124778, "Marivan")
SHAHRIAR = ("26", 143860, "Shahriar")
ESLAMSHAHR = ("26", 449504, "Eslamshahr")
TEHRAN = ("26", 112931, "Tehran")
KARAJ = ("44", 128747, "Karaj")
SHIRAZ = ("07", 115019, "Shiraz")
ISFAHAN = ("28", 418863, "Isfahan")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("province", "city", "expected"),
    [
        (None, "اهواز", AHVAZ),
        (None, "Ahvaz", AHVAZ),
        (None, "Ahwaz", AHVAZ),
        (None, "AHVAZ", AHVAZ),
        (None, "ماهشهر", MAHSHAHR),
        (None, "بندر ماهشهر", MAHSHAHR),
        (None, "Bandar-e Mahshahr", MAHSHAHR),
        (None, "Bandar Mahshahr", MAHSHAHR),
        (None, "Mahshahr", MAHSHAHR),
        (None, "جوانرود", JAVANRUD),
        (None, "Javanrud", JAVANRUD),
        (None, "Javanrood", JAVANRUD),
        (None, "مریوان", MARIVAN),
        (None, "مريوان", MARIVAN),  # Arabic yeh
        (None, "Marivan", MARIVAN),
        (None, "Shahriar", SHAHRIAR),
        (None, "Shahriyar", SHAHRIAR),
        (None, "شهریار", SHAHRIAR),
        (None, "اسلامشهر", ESLAMSHAHR),
        (None, "اسلام‌شهر", ESLAMSHAHR),  # with ZWNJ
        (None, "Eslamshahr", ESLAMSHAHR),
        (None, "تهران", TEHRAN),
        (None, "Tehran", TEHRAN),
        (None, "کرج", KARAJ),
        (None, "كرج", KARAJ),  # Arabic kaf
        (None, "Karaj", KARAJ),
        (None, "شیراز", SHIRAZ),
        (None, "Shiraz", SHIRAZ),
        (None, "Esfahan", ISFAHAN),
        (None, "Isfahan", ISFAHAN),
        (None, "اصفهان", ISFAHAN),
        ("خوزستان", "ماهشهر", MAHSHAHR),
        ("Khuzestan", "Ahwaz", AHVAZ),
        ("استان کرمانشاه", "جوانرود", JAVANRUD),
        ("Kermanshahan", "Javanrud", JAVANRUD),
        ("کردستان", "مریوان", MARIVAN),
        ("Fars", "Shiraz", SHIRAZ),
        ("Tehran", "Karaj", KARAJ),  # Alborz was split from Tehran province in 2010
    ],
)
def test_resolves_city_and_province(
    gaz: Gazetteer, province: str | None, city: str, expected: tuple[str, int, str]
) -> None:
    m = gaz.resolve(province, city)
    code, city_id, name = expected
    assert (m.province_code, m.city_id, m.city_en) == (code, city_id, name)
    assert m.resolved and m.city_resolved and m.province_resolved
    assert m.lat is not None and 25 < m.lat < 40 and m.lon is not None and 44 < m.lon < 64


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Esfahan", "28"),
        ("Isfahan", "28"),
        ("استان اصفهان", "28"),
        ("Kermanshah", "13"),
        ("Kermanshahan", "13"),
        ("كرمانشاه", "13"),
        ("Khuzestan", "15"),
        ("Khuzistan", "15"),
        ("Kurdistan", "16"),
        ("Kordestan", "16"),
        ("Sistan and Baluchestan", "04"),
        ("Sistan va Baluchestan", "04"),
        ("سیستان و بلوچستان", "04"),
        ("Alborz", "44"),
        ("البرز", "44"),
        ("Tehran Province", "26"),
        ("East Azerbaijan", "33"),
        ("آذربایجان غربی", "01"),
        ("Razavi Khorasan", "42"),
        ("Khorasan-e Razavi", "42"),
        ("IR-23", "26"),  # ISO 3166-2
    ],
)
def test_resolves_province_spellings(gaz: Gazetteer, text: str, code: str) -> None:
    m = gaz.resolve(text, None)
    assert m.province_code == code and m.resolved and m.city_id is None


def test_has_the_31_provinces_with_persian_names(gaz: Gazetteer) -> None:
    assert len(gaz.provinces) == 31
    assert all(p.name_fa and p.name_en and p.iso.startswith("IR-") for p in gaz.provinces.values())
    assert len({p.iso for p in gaz.provinces.values()}) == 31


def test_places_carry_coordinates_and_known_provinces(gaz: Gazetteer) -> None:
    assert len(gaz.places) > 2000
    for place in gaz.places.values():
        assert place.province is None or place.province in gaz.provinces
        assert 24 < place.lat < 40.5 and 43.5 < place.lon < 63.5


def test_ambiguous_city_is_settled_by_province(gaz: Gazetteer) -> None:
    alone = gaz.resolve(None, "Nurabad")
    assert not alone.resolved and alone.city_id is None
    assert alone.reason is not None and "ambiguous" in alone.reason
    in_lorestan = gaz.resolve("Lorestan", "Nurabad")
    in_fars = gaz.resolve("Fars", "Nurabad")
    assert in_lorestan.resolved and in_fars.resolved
    assert in_lorestan.province_code == "23" and in_fars.province_code == "07"
    assert in_lorestan.city_id != in_fars.city_id


def test_unresolved_places_are_flagged_not_dropped(gaz: Gazetteer) -> None:
    m = gaz.resolve("Khuzestan", "Nowhereabad")
    assert not m.resolved and not m.city_resolved
    assert m.province_code == "15"  # what could be resolved is kept
    assert m.reason is not None and "Nowhereabad" in m.reason


def test_city_outside_the_given_province_is_not_forced(gaz: Gazetteer) -> None:
    m = gaz.resolve("Kerman", "Shiraz")
    assert not m.resolved and m.city_id is None
    assert m.reason is not None and "Fars" in m.reason


def test_unknown_province_takes_the_citys(gaz: Gazetteer) -> None:
    m = gaz.resolve("Atlantis", "Ahvaz")
    assert m.city_id == AHVAZ[1] and m.province_code == "15"
    assert not m.resolved and m.reason is not None and "Atlantis" in m.reason


def test_city_in_province_column_is_read_as_city(gaz: Gazetteer) -> None:
    m = gaz.resolve("Ahvaz", None)
    assert m.city_id == AHVAZ[1] and m.province_code == "15" and m.resolved


def test_nothing_reported(gaz: Gazetteer) -> None:
    m = gaz.resolve(None, "  ")
    assert not m.resolved and m.province_code is None and m.city_id is None


@settings(max_examples=200)
@given(st.text(max_size=20), st.text(max_size=20))
def test_resolve_never_raises(province: str, city: str) -> None:
    m = Gazetteer.load().resolve(province, city)
    assert m.resolved or m.reason


def test_boundaries_join_the_gazetteer_on_geonames_code(gaz: Gazetteer) -> None:
    fc = province_boundaries()
    assert fc["type"] == "FeatureCollection" and "Natural Earth" in fc["source"]
    codes = {f["properties"]["province_code"] for f in fc["features"]}
    assert codes == set(gaz.provinces)
    for feature in fc["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["gn_a1_code"] == "IR." + feature["properties"]["province_code"]
    fc["features"].clear()  # callers get their own copy
    assert len(province_boundaries()["features"]) == 31


# --- transliteration, folding, province qualifiers, near-duplicates (issue 2 follow-up) ----

SADRA = ("07", 6653052, "Shahr-e Sadra")
ESLAMABAD_GHARB = ("13", 135175, "Eslamabad-e Gharb")
AZNA = ("23", 142497, "Azna")
GOLESTAN = ("26", 32900, "Golestan")  # seat of Baharestan County
FARDIS = ("44", 6657205, "Fardis")
IZEH = ("15", 130697, "Izeh")
KAMYARAN = ("16", 128905, "Kamyaran")
ROBAT_KARIM = ("26", 118367, "Robat Karim")


@pytest.mark.parametrize(
    ("province", "city", "expected"),
    [
        (None, "صدرا", SADRA),
        ("فارس", "صدرا", SADRA),
        ("Fars", "Sadra", SADRA),
        ("Fars", "Shahr-e Sadra", SADRA),
        ("Tehran", "Baharestan", GOLESTAN),
        ("تهران", "بهارستان", GOLESTAN),
        ("Teheran", "Bahârestân", GOLESTAN),
        (None, "Islamshahr", ESLAMSHAHR),
        ("Teheran", "Islamshahr", ESLAMSHAHR),
        ("Tehran", "Eslam Shahr", ESLAMSHAHR),
        (None, "Islamabad-e Gharb", ESLAMABAD_GHARB),
        ("Kermanshah", "Islamabad-e Gharb", ESLAMABAD_GHARB),
        ("Kermanshah Province", "Eslamabad Gharb", ESLAMABAD_GHARB),
        ("كرمانشاه", "اسلام‌آباد غرب", ESLAMABAD_GHARB),
        ("Lorestan", "Azna", AZNA),
        ("لرستان", "ازنا", AZNA),
        (None, "Fardis", FARDIS),
        ("Alborz", "Fardis", FARDIS),
        ("Tehran", "فردیس", FARDIS),  # Alborz was part of Tehran province until 2010
        ("Khuzestan", "Izah", IZEH),
        ("Kurdistan", "Kamiyaran", KAMYARAN),
        ("Teheran", "Rabat Karim", ROBAT_KARIM),
        ("Khuzestan", "Bandar Mahshahr", MAHSHAHR),
        ("Khouzestan", "Ahwaz", AHVAZ),
        ("Kermanshah", "Javanroud", JAVANRUD),
        ("Kordestan", "Mariwan", MARIVAN),
        (None, "Shahryar", SHAHRIAR),
        ("Khorasan", "Mashhad", ("42", 124665, "Mashhad")),
    ],
)
def test_resolves_transliterations_and_folded_forms(
    gaz: Gazetteer, province: str | None, city: str, expected: tuple[str, int, str]
) -> None:
    m = gaz.resolve(province, city)
    assert (m.province_code, m.city_id, m.city_en) == expected, m.reason
    assert m.resolved and m.city_resolved and m.province_resolved


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Azarbaijan-e Sharghi", "33"),
        ("Azarbayjan-e Sharqi", "33"),
        ("Azerbaijan Shargi", "33"),
        ("East Azerbaijan", "33"),
        ("East Azarbaijan", "33"),
        ("آذربایجان شرقی", "33"),
        ("اذربايجان شرقي", "33"),  # Arabic yeh, alef without madda
        ("آذربایجان‌شرقی", "33"),  # joined with a ZWNJ
        ("Azarbaijan-e Gharbi", "01"),
        ("West Azarbaijan", "01"),
        ("Western Azerbaijan", "01"),
        ("آذربایجان غربی", "01"),
        ("Khorasan-e Razavi", "42"),
        ("Khorasan Rezavi", "42"),
        ("خراسان رضوی", "42"),
        ("North Khorasan", "43"),
        ("Khorasan-e Shomali", "43"),
        ("خراسان شمالی", "43"),
        ("South Khorasan", "41"),
        ("Khorasan-e Jonoubi", "41"),
        ("Kohgiluyeh va Boyerahmad", "05"),
        ("Sistan-o Baluchestan", "04"),
        ("Tehran", "26"),
    ],
)
def test_resolves_province_variants(gaz: Gazetteer, text: str, code: str) -> None:
    m = gaz.resolve(text, None)
    assert m.province_code == code and m.resolved, m.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khorasan", {"41", "42", "43"}),
        ("خراسان", {"41", "42", "43"}),
        ("Azarbaijan", {"01", "33"}),
    ],
)
def test_province_shared_by_several_is_ambiguous_and_lists_them(
    gaz: Gazetteer, text: str, expected: set[str]
) -> None:
    m = gaz.resolve(text, None)
    assert not m.resolved and m.province_code is None
    assert m.reason is not None and "ambiguous" in m.reason
    for code in expected:
        assert gaz.provinces[code].name_en in m.reason
    assert {p.code for p in gaz.province_candidates(text)} == expected


def test_vague_province_limits_the_city_search(gaz: Gazetteer) -> None:
    # Shiraz is in Fars, not in any Khorasan: the city is not forced into one.
    m = gaz.resolve("Khorasan", "Shiraz")
    assert not m.resolved and m.city_id is None


def test_county_name_without_province_is_ambiguous_not_isfahan(gaz: Gazetteer) -> None:
    m = gaz.resolve(None, "Baharestan")
    assert not m.resolved and m.city_id is None
    assert m.reason is not None and "Tehran" in m.reason and "Isfahan" in m.reason
    assert gaz.resolve("Isfahan", "Baharestan").city_id == 418943
    county = gaz.resolve("Tehran", "Baharestan")
    assert county.reason is not None and "county" in county.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mashhad", "Mashhad-e Sar"),
        ("Mashhad", "Mashhadsar"),
        ("Ahvaz", "Ahar"),
        ("Shiraz", "Shirvan"),
        ("Sari", "Saqqez"),
        ("Karaj", "Kerman"),
        ("Eslamshahr", "Eslamabad-e Gharb"),
        ("Khorramshahr", "Khorramabad"),
        ("Sanandaj", "Sonqor"),
        ("Abadan", "Abadeh"),
    ],
)
def test_near_spellings_of_different_places_stay_distinct(gaz: Gazetteer, a: str, b: str) -> None:
    ma, mb = gaz.resolve(None, a), gaz.resolve(None, b)
    assert ma.city_id is not None and mb.city_id is not None, (ma.reason, mb.reason)
    assert ma.city_id != mb.city_id


def test_provinces_stay_distinct(gaz: Gazetteer) -> None:
    codes = {gaz.resolve(t, None).province_code for t in ("Kerman", "Kermanshah", "Markazi")}
    assert len(codes) == 3
    assert (
        gaz.resolve("Khorasan-e Shomali", None).province_code
        != gaz.resolve("Khorasan-e Jonubi", None).province_code
    )


def test_consonant_match_needs_a_single_candidate(gaz: Gazetteer) -> None:
    # A skeleton shared by several places anywhere is not trusted without a province.
    m = gaz.resolve(None, "Zzzqqq")
    assert not m.resolved and m.city_id is None


@pytest.mark.parametrize(
    ("key", "other"),
    [
        ("islamshahr", "eslamshahr"),
        ("javanrood", "javanrud"),
        ("ahwaz", "ahvaz"),
        ("shahriyar", "shahriar"),
        ("qods", "ghods"),
        ("khoramshahr", "khorramshahr"),
        ("hamidieh", "hamidiyeh"),
    ],
)
def test_loose_key_folds_transliterations(key: str, other: str) -> None:
    from vigil.places.gazetteer import loose_key

    assert loose_key(key) == loose_key(other)


def test_loose_key_leaves_persian_alone() -> None:
    from vigil.places.gazetteer import loose_key, skeleton_key

    assert loose_key("اهواز") == "اهواز" and skeleton_key("اهواز") == ""


@pytest.mark.parametrize(
    ("city", "name_en"),
    [
        ("مەهاباد", "Mahabad"),  # Sorani short vowel e written out
        ("ڕەوانسەر", "Ravansar"),
        ("الحميدية", "Hamidiyeh"),  # Arabic article joined in Arabic script
        ("Al-Hamidiyah", "Hamidiyeh"),  # and as a word of its own
        ("Al-Muhammara", "Khorramshahr"),  # a final h after a vowel dropped
    ],
)
def test_spoken_forms_resolve_to_the_persian_name(gaz: Gazetteer, city: str, name_en: str) -> None:
    m = gaz.resolve(None, city)
    assert m.city_en == name_en, m.reason


def test_article_and_sorani_readings_do_not_invent_places(gaz: Gazetteer) -> None:
    # the article is only stripped when lookup failed, and what is left must still be a name
    assert gaz.resolve(None, "Al-Zzzqqq").city_id is None
    assert gaz.resolve(None, "الست").city_id is None
    # a name that starts with the letters of the article keeps them (Aligudarz, Alvand)
    assert gaz.resolve(None, "Aligudarz").city_en == "Aligudarz"


# --- the province column written as a city or region, province words in other languages ---


@pytest.mark.parametrize(
    ("province", "city", "expected"),
    [
        ("Al-Ahwaz", "Hamidiyeh", "15"),  # a city (here the capital) for its province
        ("الأهواز", "آبادان", "15"),
        ("الأهواز", "الأهواز", "15"),  # the city in both columns
        ("Tabriz", "Marand", "33"),
        ("Rojhilat", "Marivan", "16"),  # a region of several provinces: the city tells
        ("Rojhilat", "Javanrud", "13"),
        ("Kurdistana Rojhilat", "Javanrud", "13"),  # Kurmanji ezafe ending
        ("Rojhilatê Kurdistanê", "Urmia", "01"),
        ("ڕۆژھەڵاتی کوردستان", "ایلام", "10"),
        ("پارێزگای کرماشان", "جوانرود", "13"),  # "province" in Sorani, Kurmanji, Arabic...
        ("Parêzgeha Kirmaşanê", "Javanrud", "13"),
        ("محافظة خوزستان", "الحويزة", "15"),
        ("Zəncan ostanı", "Zəncan", "36"),
        ("Gülüstan welaýaty", "Gorgan", "37"),
    ],
)
def test_province_column_as_city_region_or_other_language(
    gaz: Gazetteer, province: str, city: str, expected: str
) -> None:
    m = gaz.resolve(province, city)
    assert m.resolved and m.province_code == expected and m.city_resolved, m.reason


def test_province_column_city_settles_the_citys_namesakes(gaz: Gazetteer) -> None:
    assert not gaz.resolve(None, "Izah").resolved  # Izeh (Khuzestan) or Orzuiyeh (Kerman)
    m = gaz.resolve("Al-Ahwaz", "Izah")
    assert m.resolved and m.city_en == "Izeh" and m.province_code == "15"


def test_province_column_city_elsewhere_is_not_taken(gaz: Gazetteer) -> None:
    # Ahvaz is not in Fars: the province column stays unexplained and the record flagged
    m = gaz.resolve("Al-Ahwaz", "Shiraz")
    assert not m.resolved and m.city_en == "Shiraz" and m.province_code == "07"
    assert m.reason is not None and "'Al-Ahwaz' not found" in m.reason
    # a region alone does not pick one of its provinces
    for region in ("Rojhilat", "Kurdistana Rojhilat"):
        alone = gaz.resolve(region, None)
        assert not alone.resolved and alone.province_code is None
        assert alone.reason is not None and "ambiguous" in alone.reason
    # a city outside the region is not forced into it
    assert not gaz.resolve("Rojhilat", "Shiraz").resolved
    # Kurdistan alone is still the province, not the region
    assert gaz.resolve("Kurdistan", None).province_code == "16"
    assert gaz.resolve("Kurdistana", None).province_code == "16"


def test_short_persian_name_of_bandar_imam(gaz: Gazetteer) -> None:
    m = gaz.resolve("خوزستان", "بندر امام")
    assert m.resolved and m.city_id == 8521444
