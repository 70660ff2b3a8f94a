"""Every act vocabulary, in English, Persian and Latin transliteration (pure functions)."""

from __future__ import annotations

import pytest

from vigil.domain.acts import (
    Agreement,
    Burial,
    Charge,
    Method,
    Perpetrator,
    PlaceKind,
    SentenceKind,
    WeaponClass,
    Wound,
    agreement,
)
from vigil.normalize.acts import (
    VOCABULARIES,
    Term,
    parse_charges,
    parse_flag,
    parse_sentence,
    parse_term,
    parse_terms,
    parse_weapon,
    parse_wound,
    vocabulary_codes,
    weapon_for_method,
)

# (field, English, Persian, transliteration or None, code)
CASES: list[tuple[str, str, str, str | None, str]] = [
    ("method", "live ammunition", "گلوله جنگی", "golole jangi", Method.LIVE_AMMUNITION),
    ("method", "shotgun pellets", "ساچمه", "sachme", Method.SHOTGUN_PELLETS),
    ("method", "rubber bullets", "گلوله پلاستیکی", "golouleh plastiki", Method.RUBBER_BULLETS),
    ("method", "tear gas canister", "گاز اشک‌آور", "gaz ashk avar", Method.TEAR_GAS_CANISTER),
    ("method", "beaten with batons", "ضرب و شتم", "zarb o shatm", Method.BEATING),
    ("method", "run over by a vehicle", "زیر گرفته شد", "khodro", Method.VEHICLE),
    ("method", "tortured", "شکنجه", "shekanjeh", Method.TORTURE),
    ("method", "hanged", "حلق آویز", None, Method.HANGING),
    ("method", "other", "سایر", None, Method.OTHER),
    ("method", "unknown", "نامعلوم", "namaloum", Method.UNKNOWN),
    ("weapon", "standard issue", "سلاح سازمانی", "selah sazmani", WeaponClass.STANDARD_ISSUE),
    ("weapon", "hunting rifle", "تفنگ شکاری", "selah shekari", WeaponClass.NON_STANDARD),
    ("weapon", "less-lethal", "غیرکشنده", "gheyr koshandeh", WeaponClass.LESS_LETHAL),
    ("weapon", "unknown", "نامشخص", None, WeaponClass.UNKNOWN),
    ("wound", "head", "سر", "sar", Wound.HEAD),
    ("wound", "neck", "گردن", "gardan", Wound.NECK),
    ("wound", "chest", "قفسه سینه", "sineh", Wound.CHEST),
    ("wound", "abdomen", "شکم", "shekam", Wound.ABDOMEN),
    ("wound", "back", "کمر", "kamar", Wound.BACK),
    ("wound", "legs", "پا", "pa", Wound.LIMBS),
    ("wound", "multiple wounds", "چند نقطه", None, Wound.SEVERAL),
    ("perpetrator", "Revolutionary Guards", "سپاه", "sepah", Perpetrator.IRGC),
    ("perpetrator", "Basij militia", "بسیج", "basiji", Perpetrator.BASIJ),
    ("perpetrator", "riot police", "یگان ویژه", "niruye entezami", Perpetrator.POLICE),
    ("perpetrator", "plainclothes agents", "لباس شخصی", "lebas shakhsi", Perpetrator.PLAINCLOTHES),
    ("perpetrator", "prison guards", "ماموران زندان", None, Perpetrator.PRISON_JUDICIAL),
    ("perpetrator", "other", "سایر", None, Perpetrator.OTHER),
    ("perpetrator", "unidentified gunmen", "افراد ناشناس", None, Perpetrator.UNKNOWN),
    ("place_kind", "street", "خیابان", "khiaban", PlaceKind.STREET),
    ("place_kind", "rooftop", "پشت بام", "posht-e bam", PlaceKind.ROOFTOP),
    ("place_kind", "hospital", "بیمارستان", "bimarestan", PlaceKind.HOSPITAL),
    ("place_kind", "at home", "منزل", "khaneh", PlaceKind.HOME),
    ("place_kind", "Evin prison", "زندان اوین", "zendan", PlaceKind.DETENTION),
    ("place_kind", "Revolutionary Court", "دادگاه انقلاب", "dadgah", PlaceKind.COURT),
    ("place_kind", "other", "سایر", None, PlaceKind.OTHER),
    ("burial", "buried by family", "دفن شد", None, Burial.KNOWN),
    ("burial", "body withheld", "جسد تحویل داده نشد", None, Burial.DENIED),
    ("burial", "unknown", "نامعلوم", None, Burial.UNKNOWN),
]


@pytest.mark.parametrize(("field", "english", "persian", "latin", "code"), CASES)
def test_each_code_in_english_persian_and_transliteration(
    field: str, english: str, persian: str, latin: str | None, code: str
) -> None:
    for text in (english, persian, *([latin] if latin else [])):
        term = parse_term(field, text)
        assert term == Term(str(code), text, False), (field, text)


def test_every_code_of_every_vocabulary_is_covered_by_a_case() -> None:
    covered = {(f, str(c)) for f, *_, c in CASES}
    for field, enum in (
        ("method", Method),
        ("weapon", WeaponClass),
        ("wound", Wound),
        ("perpetrator", Perpetrator),
        ("place_kind", PlaceKind),
        ("burial", Burial),
    ):
        for code in enum:
            assert (field, code.value) in covered, (field, code)
        assert vocabulary_codes(field) == sorted(c.value for c in enum)


def test_codes_themselves_and_arabic_letter_forms_are_recognised() -> None:
    assert parse_term("method", "live_ammunition").code == "live_ammunition"
    assert parse_term("perpetrator", "IRGC").code == "irgc"
    # Arabic yeh and kaf, a ZWNJ, extra spaces: the same words.
    assert parse_term("perpetrator", "لباس\u200cشخصي").code == "plainclothes"
    assert parse_term("method", "  گلوله   جنگی ").code == "live_ammunition"
    # A glued Persian suffix on a long enough word.
    assert parse_term("method", "گلوله\u200cای").code == "live_ammunition"


def test_unknown_term_is_kept_raw_and_flagged() -> None:
    assert parse_term("perpetrator", "نیروی فضایی") == Term(None, "نیروی فضایی", True)
    assert parse_term("method", "xyz") == Term(None, "xyz", True)
    assert parse_term("method", "  ") == Term(None, None, False)
    assert parse_term("method", None) == Term(None, None, False)


def test_short_words_match_whole_words_only() -> None:
    # "سر" (head) is not found inside "سرباز" (soldier).
    assert parse_wound("سرباز").flagged
    assert parse_wound("back of the head").code == "head"
    assert parse_wound("پشت سر").code == "head"


@pytest.mark.parametrize(
    ("field", "text", "codes"),
    [
        ("perpetrator", "IRGC and Basij", ("irgc", "basij")),
        ("perpetrator", "سپاه و بسیج", ("irgc", "basij")),
        ("perpetrator", "sepah va basij", ("irgc", "basij")),
        ("perpetrator", "Basij, plain-clothes agents", ("basij", "plainclothes")),
        ("perpetrator", "بسیج، لباس‌شخصی‌ها", ("basij", "plainclothes")),
        ("perpetrator", "police / special units", ("police",)),
        ("perpetrator", "police & Basij; IRGC", ("police", "basij", "irgc")),
        ("perpetrator", "بسیج و پلیس", ("basij", "police")),
        ("method", "شلیک گلوله جنگی و ساچمه", ("live_ammunition", "shotgun_pellets")),
        ("method", "live ammunition and pellets", ("live_ammunition", "shotgun_pellets")),
        ("method", "golole jangi va sachme", ("live_ammunition", "shotgun_pellets")),
        ("wound", "head and chest", ("head", "chest")),
        ("wound", "سر و سینه", ("head", "chest")),
        ("wound", "head, neck", ("head", "neck")),
        ("wound", "chest, chest", ("chest",)),
    ],
)
def test_a_text_naming_several_terms_gives_every_code_in_order(
    field: str, text: str, codes: tuple[str, ...]
) -> None:
    got = parse_terms(field, text)
    assert got.codes == codes
    assert got.raw == text and not got.flagged and got.unknown == ()
    assert got.code == codes[0]
    assert got.also == (list(codes[1:]) or None)
    assert parse_term(field, text).code == codes[0]


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        # One term, whatever its hyphens, brackets or the letter "و" inside a word.
        ("perpetrator", "Basij-e Mostaz'afin", "basij"),
        ("perpetrator", "بسیج مستضعفین", "basij"),
        ("perpetrator", "plain-clothes", "plainclothes"),
        ("perpetrator", "Plain-Clothes agents", "plainclothes"),
        ("perpetrator", "police special units (NOPO)", "police"),
        ("perpetrator", "نیروی مقاومت بسیج", "basij"),
        ("method", "ضرب و شتم", "beating"),
        ("method", "zarb o shatm", "beating"),
        ("method", "rubber or plastic bullets", "rubber_bullets"),
        ("wound", "back of the head", "head"),
        ("wound", "سر و صورت", "head"),  # head and face: one site
        ("wound", "multiple wounds", "several"),
        ("wound", "چند نقطه", "several"),
    ],
)
def test_one_term_is_not_split(field: str, text: str, code: str) -> None:
    got = parse_terms(field, text)
    assert got.codes == (code,) and not got.flagged, got


def test_persian_and_splits_only_as_a_word_of_its_own() -> None:
    # "وحدت" begins with the letter و: not a separator, so "نیروهای وحدت" stays one
    # (unknown) part; "و" standing alone separates it from "سپاه".
    got = parse_terms("perpetrator", "نیروهای وحدت و سپاه")
    assert got.codes == ("irgc",)
    assert got.unknown == ("نیروهای وحدت",) and got.flagged


@pytest.mark.parametrize(
    ("field", "text", "codes", "unknown"),
    [
        ("perpetrator", "IRGC and catapult squad", ("irgc",), ("catapult squad",)),
        ("perpetrator", "سپاه و گروه ناشناخته‌ای", ("irgc",), ("گروه ناشناخته‌ای",)),
        ("perpetrator", "security forces, Basij", ("basij",), ("security forces",)),
        ("wound", "chest and a catapult", ("chest",), ("catapult",)),
        ("method", "catapult", (), ("catapult",)),
    ],
)
def test_an_unknown_part_is_kept_as_written_and_flagged(
    field: str, text: str, codes: tuple[str, ...], unknown: tuple[str, ...]
) -> None:
    got = parse_terms(field, text)
    assert got.codes == codes
    assert got.unknown == unknown
    assert got.flagged and got.raw == text
    assert parse_term(field, text).flagged


def test_several_methods_infer_less_lethal_only_when_every_one_is() -> None:
    none = parse_weapon(None)
    both = parse_terms("method", "rubber bullets and tear gas").codes
    assert weapon_for_method(both, none) == Term("less_lethal", None, False)
    mixed = parse_terms("method", "rubber bullets and live fire").codes
    assert mixed == ("rubber_bullets", "live_ammunition")
    assert weapon_for_method(mixed, none) == Term(None, None, False)


def test_mapping_terms_extend_a_vocabulary() -> None:
    extra = {"نیروی فضایی": "other", "kommando": "police"}
    assert parse_term("perpetrator", "نیروی فضایی", extra).code == "other"
    assert parse_term("perpetrator", "Kommando", extra).code == "police"
    assert parse_term("perpetrator", "sepah", extra).code == "irgc"


def test_weapon_class_is_never_guessed_from_a_gun_or_live_ammunition() -> None:
    # Naming the gun: recognised, class unknown (whose issue it was is not said).
    for gun in ("G3", "ژ۳", "Kalashnikov", "کلاشینکف", "AK-47"):
        assert parse_weapon(gun) == Term("unknown", gun, False), gun
    none = parse_weapon(None)
    assert weapon_for_method("live_ammunition", none) == Term(None, None, False)
    assert weapon_for_method("shotgun_pellets", none) == Term(None, None, False)
    assert weapon_for_method("rubber_bullets", none) == Term("less_lethal", None, False)
    assert weapon_for_method("tear_gas_canister", none) == Term("less_lethal", None, False)
    # The source's own weapon always wins over the method.
    stated = parse_weapon("سلاح سازمانی")
    assert weapon_for_method("rubber_bullets", stated) == stated


@pytest.mark.parametrize(
    ("text", "kind", "years", "kinds", "flagged"),
    [
        ("۶ سال حبس", "prison", 6.0, ["prison"], False),
        ("6 years in prison", "prison", 6.0, ["prison"], False),
        ("شش سال و شش ماه حبس", "prison", 6.5, ["prison"], False),
        ("5 years' imprisonment and 74 lashes", "prison", 5.0, ["prison", "flogging"], False),
        ("۵ سال حبس و ۷۴ ضربه شلاق", "prison", 5.0, ["prison", "flogging"], False),
        ("۲ سال تبعید و ۵ سال حبس", "prison", 5.0, ["exile", "prison"], False),
        ("two years internal exile", "exile", 2.0, ["exile"], False),
        ("اعدام", "death", None, ["death"], False),
        ("sentenced to death", "death", None, ["death"], False),
        ("74 lashes", "flogging", None, ["flogging"], False),
        ("6 years", None, 6.0, [], True),
        ("حکم نامعلوم صادر شد", None, None, [], True),
    ],
)
def test_sentences(
    text: str, kind: str | None, years: float | None, kinds: list[str], flagged: bool
) -> None:
    s = parse_sentence(text)
    assert (s.kind, s.years, s.kinds, s.raw, s.flagged) == (kind, years, kinds, text, flagged)


def test_sentence_kinds_cover_the_vocabulary() -> None:
    assert vocabulary_codes("sentence") == sorted(k.value for k in SentenceKind)


@pytest.mark.parametrize(
    ("text", "codes", "flagged"),
    [
        ("محاربه", ["moharebeh"], False),
        ("moharebeh", ["moharebeh"], False),
        ("enmity against God", ["moharebeh"], False),
        ("افساد فی‌الارض", ["efsad_fil_arz"], False),
        ("efsad-fil-arz", ["efsad_fil_arz"], False),
        ("corruption on earth", ["efsad_fil_arz"], False),
        ("اجتماع و تبانی", ["assembly_collusion"], False),
        ("assembly and collusion", ["assembly_collusion"], False),
        ("تبلیغ علیه نظام", ["propaganda"], False),
        ("propaganda against the system", ["propaganda"], False),
        ("سایر", ["other"], False),
        ("اجتماع و تبانی، تبلیغ علیه نظام", ["assembly_collusion", "propaganda"], False),
        ("moharebeh and efsad-fil-arz", ["moharebeh", "efsad_fil_arz"], False),
        ("محاربه، قتل عمد", ["moharebeh"], True),
        ("baghy", [], True),
    ],
)
def test_charges(text: str, codes: list[str], flagged: bool) -> None:
    c = parse_charges(text)
    assert (c.codes, c.raw, c.flagged) == (codes, text, flagged)


def test_charge_vocabulary_covers_every_code() -> None:
    assert vocabulary_codes("charges") == sorted(c.value for c in Charge)


@pytest.mark.parametrize(
    ("text", "code"),
    [("yes", "true"), ("بله", "true"), ("no", "false"), ("خیر", "false"), ("۱", "true")],
)
def test_flags(text: str, code: str) -> None:
    assert parse_flag(text) == Term(code, text, False)
    assert parse_flag("perhaps") == Term(None, "perhaps", True)


def test_agreement() -> None:
    assert agreement([]) is Agreement.NONE
    assert agreement([None, "unknown"]) is Agreement.NONE
    assert agreement(["police", None]) is Agreement.SINGLE
    assert agreement(["police", "unknown"]) is Agreement.SINGLE
    assert agreement(["police", "police"]) is Agreement.AGREE
    assert agreement(["police", "irgc"]) is Agreement.DIFFER
    assert agreement([["moharebeh", "other"], ["other", "moharebeh"]]) is Agreement.AGREE


def test_vocabularies_have_no_phrase_for_two_codes() -> None:
    """A phrase listed under two codes of one field would silently pick one."""
    from vigil.normalize import acts

    for name, table in (
        ("method", acts._METHOD),
        ("wound", acts._WOUND),
        ("perpetrator", acts._PERPETRATOR),
        ("place_kind", acts._PLACE),
        ("charges", acts._CHARGE),
        ("sentence", acts._SENTENCE),
        ("burial", acts._BURIAL),
        ("weapon", acts._WEAPON),
    ):
        owner: dict[str, str] = {}
        for code, phrases in table.items():
            for p in phrases:
                key = acts.fold(p)
                assert owner.setdefault(key, code) == code, (name, p, owner[key], code)
        assert name in VOCABULARIES
