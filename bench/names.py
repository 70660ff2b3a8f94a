"""Benchmark of vigil.names: does the Persian key meet the key of each Latin spelling?

Compares the dictionary path (`latin_key`: arabic-name-romanizer's table read backwards,
rules for unknown spellings) with the rules alone (`latin_rule_key`), measures how often
distinct names collide, how close the romanized forms are (Jaro-Winkler, via DuckDB), the
package's own transliterate() top-4, and keys/s on synthetic records.

The name lists below are common Iranian given names and surnames with spellings written for
this benchmark (common names, not personal data).

    uv run python bench/names.py                 # 200,000 records
    uv run python bench/names.py --records 1000000
    uv run python bench/names.py --no-model      # skip the package's ONNX model
    uv run python bench/names.py --synth-people 0  # skip the `vigil synth` agreement check
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time

import duckdb

from vigil.names import (
    canonical_latin,
    father_key,
    latin_key,
    latin_rule_key,
    name_keys,
    parse_name,
    persian_key,
    romanize_persian_word,
    romanized,
)
from vigil.names.keys import _name_keys
from vigil.names.keys import latin_key as _latin_key_cached

GIVEN: dict[str, list[str]] = {
    "محمد": ["Mohammad", "Muhammad", "Mohamad", "Mohammed", "Mohamed"],
    "علی": ["Ali"],
    "حسین": ["Hossein", "Hussein", "Hosein", "Hussain", "Hossain"],
    "حسن": ["Hassan", "Hasan"],
    "رضا": ["Reza", "Rida", "Raza"],
    "مهدی": ["Mehdi", "Mahdi"],
    "محمدرضا": ["Mohammadreza", "Mohammad-Reza", "Muhammadreza"],
    "علیرضا": ["Alireza", "Ali-Reza"],
    "امیر": ["Amir"],
    "امیرحسین": ["Amirhossein", "Amir-Hossein", "Amirhosein"],
    "ابوالفضل": ["Abolfazl", "Abulfazl", "Abolfazel"],
    "عباس": ["Abbas"],
    "جواد": ["Javad", "Jawad"],
    "مجید": ["Majid", "Madjid"],
    "سعید": ["Saeed", "Saeid", "Said", "Saied"],
    "حمید": ["Hamid"],
    "مصطفی": ["Mostafa", "Mustafa", "Moustafa"],
    "مرتضی": ["Morteza", "Murtaza", "Mortaza"],
    "مجتبی": ["Mojtaba", "Mujtaba"],
    "محسن": ["Mohsen", "Muhsin"],
    "محمود": ["Mahmoud", "Mahmood", "Mahmud"],
    "احمد": ["Ahmad", "Ahmed"],
    "یوسف": ["Yousef", "Yusuf", "Youssef", "Yosef"],
    "ابراهیم": ["Ebrahim", "Ibrahim"],
    "اسماعیل": ["Esmaeil", "Ismail", "Esmail"],
    "جعفر": ["Jafar", "Ja'far"],
    "صادق": ["Sadegh", "Sadeq", "Sadiq"],
    "کاظم": ["Kazem", "Kazim", "Kadhim"],
    "هادی": ["Hadi"],
    "امید": ["Omid"],
    "پویا": ["Pouya", "Puya", "Pooya"],
    "نوید": ["Navid"],
    "وحید": ["Vahid", "Wahid"],
    "سجاد": ["Sajjad", "Sajad"],
    "میلاد": ["Milad"],
    "پژمان": ["Pejman", "Pezhman"],
    "بهنام": ["Behnam"],
    "فرهاد": ["Farhad"],
    "داوود": ["Davoud", "Davood", "Dawood", "Davud"],
    "مسعود": ["Masoud", "Masood", "Masud"],
    "روح‌الله": ["Rouhollah", "Ruhollah", "Ruhallah"],
    "نعمت‌الله": ["Nematollah", "Ne'matollah", "Nematallah"],
    "عبدالله": ["Abdollah", "Abdullah", "Abdallah"],
    "غلامرضا": ["Gholamreza", "Gholam-Reza", "Qolamreza"],
    "غلامحسین": ["Gholamhossein", "Gholam-Hossein"],
    "نصرالله": ["Nasrollah", "Nasrullah"],
    "پوریا": ["Pouria", "Pooria", "Puria"],
    "آرش": ["Arash"],
    "ایرج": ["Iraj"],
    "بهروز": ["Behrouz", "Behrooz", "Behruz"],
    "خسرو": ["Khosrow", "Khosro", "Khosrau"],
    "سینا": ["Sina"],
    "کیوان": ["Keyvan", "Kayvan", "Keivan"],
    "فاطمه": ["Fatemeh", "Fatemah", "Fatima"],
    "زهرا": ["Zahra"],
    "زهره": ["Zohreh", "Zohre"],
    "مریم": ["Maryam", "Mariam"],
    "معصومه": ["Masoumeh", "Masoomeh", "Masumeh"],
    "نرگس": ["Narges"],
    "نسرین": ["Nasrin"],
    "لیلا": ["Leila", "Leyla", "Layla"],
    "سمیه": ["Somayeh", "Somaye", "Sumayyah"],
    "نگار": ["Negar"],
    "شیرین": ["Shirin"],
    "ژیلا": ["Zhila", "Jila"],
    "نیلوفر": ["Niloufar", "Niloofar", "Nilufar"],
    "سارا": ["Sara"],
    "ندا": ["Neda"],
    "مهسا": ["Mahsa"],
    "آزاده": ["Azadeh", "Azade"],
    "ریحانه": ["Reyhaneh", "Reihaneh", "Rayhaneh"],
    "سکینه": ["Sakineh", "Sakine"],
    "کبری": ["Kobra", "Kubra"],
    "طاهره": ["Tahereh", "Tahere"],
    "صدیقه": ["Sedigheh", "Sediqeh", "Siddiqa"],
    "زینب": ["Zeinab", "Zaynab", "Zeynab"],
}

FAMILY: dict[str, list[str]] = {
    "حسینی": ["Hosseini", "Husseini", "Hoseini", "Hosseyni"],
    "محمدی": ["Mohammadi", "Mohamadi", "Muhammadi"],
    "احمدی": ["Ahmadi"],
    "رضایی": ["Rezaei", "Rezaee", "Rezaie", "Rezai"],
    "موسوی": ["Mousavi", "Moosavi", "Musavi"],
    "کریمی": ["Karimi"],
    "رحیمی": ["Rahimi"],
    "قاسمی": ["Ghasemi", "Qasemi", "Ghassemi"],
    "جعفری": ["Jafari", "Ja'fari", "Jafary"],
    "حیدری": ["Heidari", "Heydari", "Haidari"],
    "صادقی": ["Sadeghi", "Sadeqi"],
    "کاظمی": ["Kazemi"],
    "علوی": ["Alavi"],
    "نوری": ["Nouri", "Noori", "Nuri"],
    "خسروی": ["Khosravi", "Khosrawi"],
    "هاشمی": ["Hashemi"],
    "رحمانی": ["Rahmani"],
    "امیری": ["Amiri"],
    "عباسی": ["Abbasi"],
    "اکبری": ["Akbari"],
    "یزدانی": ["Yazdani"],
    "طاهری": ["Taheri"],
    "فرهادی": ["Farhadi"],
    "شریفی": ["Sharifi"],
    "سلطانی": ["Soltani"],
    "نجفی": ["Najafi"],
    "بهرامی": ["Bahrami"],
    "ملکی": ["Maleki"],
    "زارعی": ["Zarei", "Zare'i"],
    "قربانی": ["Ghorbani", "Qorbani"],
    "عزیزی": ["Azizi"],
    "کامرانی": ["Kamrani"],
    "حسین‌زاده": ["Hosseinzadeh", "Hossein-Zadeh", "Hosseinzade"],
    "علیزاده": ["Alizadeh", "Alizade"],
    "قاسم‌پور": ["Ghasempour", "Ghasempoor", "Qasempur"],
    "رضانژاد": ["Rezanejad", "Rezanezhad"],
    "میرحسینی": ["Mirhosseini", "Mir-Hosseini"],
    "عبداللهی": ["Abdollahi", "Abdullahi"],
    "نصیری": ["Nasiri"],
    "کرمانی": ["Kermani"],
    "شیرازی": ["Shirazi"],
    "اصفهانی": ["Esfahani", "Isfahani"],
    "تهرانی": ["Tehrani"],
    "رستمی": ["Rostami"],
    "مرادی": ["Moradi", "Muradi"],
    "اسدی": ["Asadi"],
    "یوسفی": ["Yousefi", "Yusefi", "Yousofi"],
    "نظری": ["Nazari"],
    "سلیمانی": ["Soleimani", "Soleymani", "Sulaimani"],
    "کیانی": ["Kiani", "Kiyani"],
    "پورمحمدی": ["Pourmohammadi", "Pour-Mohammadi"],
    "بختیاری": ["Bakhtiari", "Bakhtiyari"],
    "ابراهیمی": ["Ebrahimi", "Ibrahimi"],
    "مختاری": ["Mokhtari"],
    "منصوری": ["Mansouri", "Mansoori", "Mansuri"],
    "داوودی": ["Davoudi", "Davoodi"],
    "افشار": ["Afshar"],
    "چمران": ["Chamran"],
    "غفاری": ["Ghaffari", "Qaffari"],
    "طالبی": ["Talebi"],
    "فتحی": ["Fathi"],
    "شجاعی": ["Shojaei", "Shojaee"],
    "رئیسی": ["Raisi", "Raeisi"],
    "سبحانی": ["Sobhani"],
    "توکلی": ["Tavakoli", "Tavakkoli"],
    "قنبری": ["Ghanbari"],
    "باقری": ["Bagheri", "Baqeri"],
    "دهقان": ["Dehghan", "Dehqan"],
    "خلیلی": ["Khalili"],
    "اسلامی": ["Eslami", "Islami"],
    "عسگری": ["Asgari", "Askari"],
    "شاکری": ["Shakeri"],
}

ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})


def glued_fa(name: str) -> str:
    return parse_name(None, given=name).given


def glued_la(name: str) -> str:
    return parse_name(None, given=name).given


def jaro_winkler(pairs: list[tuple[str, str]]) -> list[float]:
    con = duckdb.connect()
    con.execute("CREATE TABLE p(a VARCHAR, b VARCHAR, i INTEGER)")
    con.executemany("INSERT INTO p VALUES (?, ?, ?)", [(a, b, i) for i, (a, b) in enumerate(pairs)])
    rows = con.execute("SELECT jaro_winkler_similarity(a, b) FROM p ORDER BY i").fetchall()
    return [float(r[0]) for r in rows]


def agreement(table: dict[str, list[str]], label: str, use_model: bool) -> None:
    pairs = [(fa, la) for fa, las in table.items() for la in las]
    dict_hits = rule_hits = 0
    rom_dict: list[tuple[str, str]] = []
    rom_rules: list[tuple[str, str]] = []
    misses: list[str] = []
    for fa, la in pairs:
        g_fa, g_la = glued_fa(fa), glued_la(la)
        pk = persian_key(g_fa)
        if latin_key(g_la) == pk:
            dict_hits += 1
        else:
            misses.append(f"{fa}~{la} ({pk} vs {latin_key(g_la)})")
        if latin_rule_key(g_la) == persian_key(g_fa, use_dictionary=False):
            rule_hits += 1
        rom_dict.append((romanized(g_fa), canonical_latin(g_la)))
        rom_rules.append((canonical_latin(romanize_persian_word(g_fa)), canonical_latin(g_la)))
    n = len(pairs)
    jw_d, jw_r = jaro_winkler(rom_dict), jaro_winkler(rom_rules)
    print(f"\n== {label}: {len(table)} Persian names, {n} (Persian, Latin spelling) pairs")
    print(f"  key meets, dictionary path (latin_key):  {dict_hits}/{n} = {dict_hits / n:.1%}")
    print(f"  key meets, rules only (latin_rule_key):  {rule_hits}/{n} = {rule_hits / n:.1%}")
    exact_d = sum(a == b for a, b in rom_dict)
    exact_r = sum(a == b for a, b in rom_rules)
    print(
        f"  romanized form == canonical Latin: dictionary {exact_d / n:.1%}, "
        f"rule romanizer {exact_r / n:.1%}"
    )
    print(
        f"  mean Jaro-Winkler (romanized vs Latin): dictionary {sum(jw_d) / n:.3f}, "
        f"rule romanizer {sum(jw_r) / n:.3f}; share >= 0.88: "
        f"{sum(j >= 0.88 for j in jw_d) / n:.1%} vs {sum(j >= 0.88 for j in jw_r) / n:.1%}"
    )
    if misses:
        print(f"  dictionary-path misses: {', '.join(misses)}")
    if use_model:
        from arabic_name_romanizer import transliterate

        role = "given" if label.startswith("given") else "surname"
        t0 = time.perf_counter()
        hits = 0
        for fa, la in pairs:
            cands = transliterate(glued_fa(fa), top_k=4, country="IR", role=role)
            canon = {canonical_latin(c.text) for c in cands}
            hits += canonical_latin(glued_la(la)) in canon
        dt = time.perf_counter() - t0
        print(
            f"  package transliterate(top_k=4) has the spelling (canonical): {hits / n:.1%} "
            f"({n / dt:.0f} calls/s)"
        )


def collisions() -> None:
    names = list(GIVEN) + list(FAMILY)
    keys = {fa: persian_key(glued_fa(fa)) for fa in names}
    clash = [(a, b) for a, b in itertools.combinations(names, 2) if keys[a] == keys[b]]
    n_pairs = len(names) * (len(names) - 1) // 2
    print(f"\n== distinct Persian names sharing a key: {len(clash)} of {n_pairs} pairs")
    for a, b in clash:
        print(f"  {a} = {b} ({keys[a]})")
    latin = [(fa, la) for t in (GIVEN, FAMILY) for fa, las in t.items() for la in las]
    lk = [(fa, latin_key(glued_la(la))) for fa, la in latin]
    cross = sum(
        1 for (fa1, k1), (fa2, k2) in itertools.combinations(lk, 2) if fa1 != fa2 and k1 == k2
    )
    tot = sum(1 for (fa1, _), (fa2, _) in itertools.combinations(lk, 2) if fa1 != fa2)
    print(f"  Latin spellings of different names sharing a key: {cross} of {tot} pairs")


def typo(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.randrange(3)
    if op == 0:
        return s[:i] + s[i + 1 :]
    if op == 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s[:i] + s[i] + s[i:]


def synth_records(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    g, f = list(GIVEN.items()), list(FAMILY.items())
    out = []
    for _ in range(n):
        (gf, gl), (ff, fl) = rng.choice(g), rng.choice(f)
        style = rng.randrange(6)
        if style == 0:
            s = f"{gf} {ff}"
        elif style == 1:
            s = f"{gf} {ff}".translate(ARABIC_FORMS)
        elif style == 2:
            s = f"{rng.choice(gl)} {rng.choice(fl)}"
        elif style == 3:
            s = f"{rng.choice(fl).upper()}, {rng.choice(gl)}"
        elif style == 4:
            title = rng.choice(["Seyed", "Haj", "سید", "حاج"])
            s = f"{title} {rng.choice([gf, rng.choice(gl)])} {ff}"
        else:
            s = f"{typo(rng, rng.choice(gl))} {typo(rng, rng.choice(fl))}"
        out.append(s)
    return out


def throughput(n: int) -> None:
    records = synth_records(n)
    distinct = len(set(records))
    for fn in (parse_name, _name_keys, _latin_key_cached, persian_key, latin_rule_key, romanized):
        fn.cache_clear()  # type: ignore[attr-defined]
    t0, c0 = time.perf_counter(), time.process_time()
    keys = [name_keys(parse_name(r)) for r in records]
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    _ = [name_keys(parse_name(r)) for r in records]
    dt_warm, cpu_warm = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n== throughput: {n:,} synthetic records ({distinct:,} distinct strings)")
    print(
        f"  parse_name + name_keys, cold caches: {dt:.1f} s wall ({cpu:.1f} s CPU) = "
        f"{n / dt:,.0f} records/s wall, {n / cpu:,.0f} per CPU-second"
    )
    print(
        f"  same records again, warm caches:     {dt_warm:.1f} s wall ({cpu_warm:.1f} s CPU) = "
        f"{n / dt_warm:,.0f} records/s wall"
    )
    print(f"  peak RSS: {rss:,.0f} MiB; distinct full keys: {len({k.full_key for k in keys}):,}")
    sample = list(set(records))[:5000]
    parse_name.cache_clear()
    _name_keys.cache_clear()
    t0 = time.perf_counter()
    for r in sample:
        name_keys(parse_name(r))
    per = (time.perf_counter() - t0) / len(sample) * 1e6
    print(f"  uncached cost per distinct string (token caches warm): {per:.0f} us")


def synth_agreement(people: int, seed: int = 1) -> None:
    """Key agreement between the records of each true person in a `vigil synth` data set:
    data written by another generator than the lists above (skipped if it is unavailable)."""
    try:
        from vigil.synth.dataset import SynthConfig, generate
    except ImportError:
        print("\n== vigil synth not available: skipped")
        return
    ds = generate(SynthConfig(people=people, sources=4, seed=seed))
    by_person: dict[int, list[tuple[object, str]]] = {}
    n_records = 0
    for sr in ds.records:
        cols = sr.columns
        for i in range(len(sr)):

            def col(name: str, i: int = i, cols: dict = cols) -> str | None:  # type: ignore[type-arg]
                return cols[name][i] if name in cols else None

            parsed = parse_name(col("name"), col("given_name"), col("family_name"))
            by_person.setdefault(int(sr.person[i]), []).append(
                (name_keys(parsed), father_key(col("father_name")))
            )
            n_records += 1
    fields = ("full_key", "tokens_key", "given_key", "family_key", "given_loose", "family_loose")
    hits = dict.fromkeys(fields, 0)
    pairs = father_pairs = father_hits = 0
    for recs in by_person.values():
        for (ka, fa), (kb, fb) in itertools.combinations(recs, 2):
            pairs += 1
            for f in fields:
                hits[f] += getattr(ka, f) == getattr(kb, f)
            if fa and fb:
                father_pairs += 1
                father_hits += fa == fb
    print(
        f"\n== vigil synth ({people:,} people, 4 sources, seed {seed}): {n_records:,} records, "
        f"{pairs:,} same-person record pairs"
    )
    for f in fields:
        print(f"  {f:13s} equal in {hits[f] / pairs:.1%} of same-person pairs")
    if father_pairs:
        print(f"  father_key    equal in {father_hits / father_pairs:.1%} of pairs with both")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--no-model", action="store_true", help="skip the package's ONNX model")
    ap.add_argument("--synth-people", type=int, default=3000, help="0 skips the synth check")
    args = ap.parse_args()
    from vigil.names import load_dictionary

    t0 = time.perf_counter()
    load_dictionary()
    print(f"dictionary table loaded in {time.perf_counter() - t0:.2f} s")
    agreement(GIVEN, "given names", not args.no_model)
    agreement(FAMILY, "surnames", not args.no_model)
    collisions()
    if args.synth_people:
        synth_agreement(args.synth_people)
    throughput(args.records)


if __name__ == "__main__":
    main()
