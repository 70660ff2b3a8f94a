"""Provinces and cities for the synthetic population, weighted by the November 2019 geography.

A small hard-coded list (not the project gazetteer) so the test bed does not depend on the code it
tests. Weights are rough: Tehran's suburbs, Khuzestan (Mahshahr), Kermanshah, Fars, Alborz and the
Kurdish towns carried most reported deaths. `tier` is 1 for large cities, 2 for mid-size ones and
3 for small towns; the capture model makes small towns harder to document. Persian spellings use
'+' where a source may glue, split or join with a zero-width non-joiner; alternatives are
separated by ','. The first city listed for a province is its capital (used when a source
reports the provincial capital instead of the town).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    key: str
    fa: tuple[str, ...]
    latin: tuple[str, ...]


@dataclass(frozen=True)
class City:
    key: str
    fa: tuple[str, ...]
    province: int  # index into PROVINCES
    tier: int
    weight: float
    latin: tuple[str, ...]


_PROVINCES = """
tehran|تهران|Tehran,Teheran
alborz|البرز|Alborz
khuzestan|خوزستان|Khuzestan,Khouzestan,Khuzistan
kermanshah|کرمانشاه|Kermanshah,Kermanshah Province
kurdistan|کردستان|Kurdistan,Kordestan
fars|فارس|Fars
isfahan|اصفهان|Isfahan,Esfahan
west_azerbaijan|آذربایجان غربی|West Azerbaijan,Azarbaijan-e Gharbi
east_azerbaijan|آذربایجان شرقی|East Azerbaijan,Azarbaijan-e Sharghi
bushehr|بوشهر|Bushehr,Bushire
kohgiluyeh|کهگیلویه و بویراحمد|Kohgiluyeh and Boyer-Ahmad,Kohgiluyeh va Boyerahmad
markazi|مرکزی|Markazi
razavi_khorasan|خراسان رضوی|Razavi Khorasan,Khorasan-e Razavi
sistan|سیستان و بلوچستان|Sistan and Baluchestan,Sistan-Baluchestan
hormozgan|هرمزگان|Hormozgan
lorestan|لرستان|Lorestan,Luristan
qazvin|قزوین|Qazvin,Ghazvin
gilan|گیلان|Gilan,Guilan
mazandaran|مازندران|Mazandaran
yazd|یزد|Yazd
kerman|کرمان|Kerman
hamadan|همدان|Hamadan,Hamedan
ilam|ایلام|Ilam
zanjan|زنجان|Zanjan
qom|قم|Qom,Ghom
"""

# key | Persian spellings | province | tier | weight | Latin spellings
_CITIES = """
tehran|تهران|tehran|1|60|Tehran,Teheran
shahriar|شهریار|tehran|2|25|Shahriar,Shahriyar,Shahryar
eslamshahr|اسلام+شهر|tehran|2|12|Eslamshahr,Islamshahr,Eslam Shahr
baharestan|بهارستان|tehran|2|10|Baharestan,Bahârestân
malard|ملارد|tehran|2|10|Malard
qods|قدس,شهر قدس|tehran|2|8|Qods,Ghods,Shahr-e Qods
robat_karim|رباط+کریم|tehran|3|6|Robat Karim,Rabat Karim,Robatkarim
pakdasht|پاکدشت|tehran|2|4|Pakdasht
varamin|ورامین|tehran|2|3|Varamin
qarchak|قرچک|tehran|2|4|Qarchak,Gharchak
pardis|پردیس|tehran|3|3|Pardis
karaj|کرج|alborz|1|20|Karaj
fardis|فردیس|alborz|2|8|Fardis
mohammadshahr|محمد+شهر|alborz|3|3|Mohammadshahr,Mohammad Shahr
ahvaz|اهواز|khuzestan|1|25|Ahvaz,Ahwaz
mahshahr|ماهشهر,بندر ماهشهر|khuzestan|2|30|Mahshahr,Bandar-e Mahshahr,Bandar Mahshahr,Mah Shahr
behbahan|بهبهان|khuzestan|2|12|Behbahan,Behbehan
shadegan|شادگان|khuzestan|3|6|Shadegan,Shadgan
khorramshahr|خرم+شهر|khuzestan|2|5|Khorramshahr,Khoramshahr
abadan|آبادان|khuzestan|2|4|Abadan
susangerd|سوسنگرد|khuzestan|3|3|Susangerd,Sousangerd,Soosangerd
hamidiyeh|حمیدیه|khuzestan|3|3|Hamidiyeh,Hamidieh
dezful|دزفول|khuzestan|2|2|Dezful,Dezfoul
izeh|ایذه|khuzestan|3|2|Izeh,Izah
ramhormoz|رامهرمز|khuzestan|3|2|Ramhormoz,Ram Hormoz
kermanshah|کرمانشاه|kermanshah|1|18|Kermanshah,Kermanshahan
javanrud|جوانرود|kermanshah|3|10|Javanrud,Javanroud,Javanrood
eslamabad_gharb|اسلام+آباد غرب|kermanshah|3|4|Eslamabad-e Gharb,Islamabad-e Gharb,Eslamabad Gharb
ravansar|روانسر|kermanshah|3|3|Ravansar,Rawansar
sanandaj|سنندج|kurdistan|1|8|Sanandaj,Senneh
marivan|مریوان|kurdistan|3|8|Marivan,Mariwan
baneh|بانه|kurdistan|3|3|Baneh,Bane
kamyaran|کامیاران|kurdistan|3|3|Kamyaran,Kamiyaran
shiraz|شیراز|fars|1|18|Shiraz
sadra|صدرا|fars|2|8|Sadra
kazerun|کازرون|fars|3|4|Kazerun,Kazeroun
marvdasht|مرودشت|fars|2|3|Marvdasht
isfahan|اصفهان|isfahan|1|10|Isfahan,Esfahan
shahinshahr|شاهین+شهر|isfahan|2|4|Shahinshahr,Shahin Shahr
najafabad|نجف+آباد|isfahan|2|3|Najafabad,Najaf Abad
khomeynishahr|خمینی+شهر|isfahan|2|3|Khomeynishahr,Khomeini Shahr,Khomeinishahr
urmia|ارومیه|west_azerbaijan|1|3|Urmia,Orumiyeh,Urumieh
mahabad|مهاباد|west_azerbaijan|3|3|Mahabad
bukan|بوکان|west_azerbaijan|3|3|Bukan,Boukan,Bokan
tabriz|تبریز|east_azerbaijan|1|3|Tabriz
bushehr|بوشهر|bushehr|2|4|Bushehr,Bushire
borazjan|برازجان|bushehr|3|3|Borazjan
yasuj|یاسوج|kohgiluyeh|2|2|Yasuj,Yasouj
gachsaran|گچساران,دوگنبدان|kohgiluyeh|3|5|Gachsaran,Dogonbadan,Do Gonbadan
arak|اراک|markazi|2|3|Arak
mashhad|مشهد|razavi_khorasan|1|4|Mashhad,Mashad
zahedan|زاهدان|sistan|2|3|Zahedan
bandar_abbas|بندر+عباس|hormozgan|2|3|Bandar Abbas,Bandar-e Abbas,Bandarabbas
khorramabad|خرم+آباد|lorestan|2|3|Khorramabad,Khoramabad
qazvin|قزوین|qazvin|2|2|Qazvin,Ghazvin
rasht|رشت|gilan|2|2|Rasht
sari|ساری|mazandaran|2|2|Sari
yazd|یزد|yazd|2|1|Yazd
kerman|کرمان|kerman|2|2|Kerman
sirjan|سیرجان|kerman|3|4|Sirjan
hamadan|همدان|hamadan|2|2|Hamadan,Hamedan
ilam|ایلام|ilam|3|1|Ilam
zanjan|زنجان|zanjan|2|1|Zanjan
qom|قم|qom|2|1|Qom,Ghom
"""


# Places only the field habits use (`vigil synth --habits field`), appended after the classic
# ones so that the classic test bed stays as it was: Ardabil (written `Erdebil`, `Ərdəbil`) and
# Bandar-e Emam Khomeyni (`Bandar Shahpur` before 1979), the port of Mahshahr county.
_EXTRA_PROVINCES = """
ardabil|اردبیل|Ardabil,Ardebil
"""
_EXTRA_CITIES = """
bandar_emam|بندر امام خمینی,بندر امام|khuzestan|3|6|Bandar-e Emam Khomeyni,Bandar Imam Khomeini
ardabil|اردبیل|ardabil|2|2|Ardabil,Ardebil
"""


def _parse() -> tuple[tuple[Province, ...], tuple[City, ...]]:
    provinces = []
    for line in filter(None, (_PROVINCES + _EXTRA_PROVINCES).splitlines()):
        key, fa, latin = line.split("|")
        provinces.append(Province(key, tuple(fa.split(",")), tuple(latin.split(","))))
    index = {p.key: i for i, p in enumerate(provinces)}
    cities = []
    for line in filter(None, (_CITIES + _EXTRA_CITIES).splitlines()):
        key, fa, prov, tier, weight, latin = line.split("|")
        cities.append(
            City(
                key,
                tuple(fa.split(",")),
                index[prov],
                int(tier),
                float(weight),
                tuple(latin.split(",")),
            )
        )
    return tuple(provinces), tuple(cities)


PROVINCES, CITIES = _parse()
CLASSIC_PROVINCES = len(_PROVINCES.strip().splitlines())
CLASSIC_CITIES = len(_CITIES.strip().splitlines())
"""The classic test bed uses the first CLASSIC_* places only (the extras weigh nothing there)."""
PROVINCE_INDEX: dict[str, int] = {p.key: i for i, p in enumerate(PROVINCES)}


def capital_of_province() -> list[int]:
    """Index of each city's provincial capital (the first city listed for its province)."""
    first: dict[int, int] = {}
    for i, c in enumerate(CITIES):
        first.setdefault(c.province, i)
    return [first[c.province] for c in CITIES]
