"""Names of Iran's peoples as their own lists write them (issue 12, items 1 and 3): the
Azerbaijani and Turkmen Mohammad, the Azerbaijani -li and Qulu, Turkic letters for the
Persian a/gh/o, Baluch -zehi/-zai, the Arab tribe (Albu X, Bani X) and its nisba, the
Arabic article before a ta marbuta, and an article that puts the family name first; French-
style ch/ou (Abou Chehab), Arabic-style th (Othman), the short u of Bani X (Bani Turuf), the
own forms of a tribe's name (Reki = Rigi, al-Zarqani = Zergani), Balochi -oi, a written
short i (Sorani فاتیمە, Kurdish Fatime), a given name glued to an Arab family name with its
article (خلفالعموري, Abbasal-Zuhairi). Pairs that must meet, and pairs that must stay
apart."""

from __future__ import annotations

import pytest

from vigil.names import name_keys, parse_name


def full(text: str) -> str:
    return name_keys(parse_name(text)).full_key


MEET: list[tuple[str, str]] = [
    # Mohammad as Azerbaijani and Turkmen write it, and the spoken Mammad
    ("Məmməd Kareemnia", "محمد کریمنیا"),
    ("SADEQI, Məmməd", "Mohamed Sadeghi"),
    ("Mämmet Berdi", "محمد بردی"),
    ("Muhammet Berdi", "Mohammad Berdi"),
    ("Mehmet Ahmadi", "محمد احمدی"),
    ("ممد حسینی", "محمد حسینی"),
    ("MƏMMƏD-ZADƏ, Əli", "علی محمدزاده"),
    ("Məmməd-Rza Ahmadi", "محمدرضا احمدی"),
    ("Annamämmet Berdi", "آنامحمد بردی"),
    # the Azerbaijani -li after a given name is the Persian -lou
    ("Ali Rəhimli", "علی رحیملو"),
    ("علی رحیملی", "Ali Rahimlou"),
    ("Ali Həsənli", "Ali Hasanlou"),
    ("Ali Əlili", "علی علیلو"),
    ("Ali Qasımlı", "علی قاسملو"),
    # Azerbaijani Qulu is the Persian Gholi
    ("Əsgər Qulu-Zadə", "اصغر قلیزاده"),
    ("اصغر قولوزاده", "Asghar Gholizadeh"),
    ("QULU ZADƏ, Behrouz", "بهروز قلی زاده"),
    # Turkic e / g / u for the Persian a / gh / o, when the fold lands on an attested name
    ("Əsgər Ahmadi", "اصغر احمدی"),
    ("Gurban Berdi", "قربان بردی"),
    # Baluch -zehi / -zahi / -zai
    ("Abdollah Gamshadzai", "عبدالله گمشادزهی"),
    ("Abdollah Gomshadzehi", "عبدالله گمشادزئی"),
    ("Ahmad Mollazehi", "Ahmad Mullazai"),
    ("Ahmad Mullazai", "احمد ملازهی"),
    # -bakhsh written apart ends the surname (Shahbakhsh), not a given name
    ("Abdollah Shah Bakhsh", "عبدالله شاه‌بخش"),
    ("عبدالله شاه بخش", "Abdollah Shahbakhsh"),
    ("Khoda Bakhsh Rigi", "خدابخش ریگی"),
    # the Arab tribe Al Bu X and its nisba X-awi
    ("Heidar Albu Ghubaish", "حیدر غبیشاوی"),
    ("حیدر البوغبيش", "غبیشاوی، حیدر"),
    ("Heidar Bu Ghubaish", "Heidar Ghobeishavi"),
    ("Heidar Al Bu Ghubaish", "Heidar Ghobeishavi"),
    ("Heidar Al-Bu Ghubaish", "Heidar Ghobeishavi"),
    ("ALBU GHUBAISH, Hussein", "حسین غبیشاوی"),
    # the tribe Bani X and its nisba Bani-X-i
    ("Hasan Bani Torof", "حسن بنی‌طرفی"),
    ("Hasan Banitorfi", "حسن بنی طرف"),
    ("Ali Bani Sa'id", "علی بنی‌سعید"),
    # the Arabic article before a ta marbuta (Latin -a, Persian -ه), the i before it short
    ("عليّ المزرعة", "علی مزرعه"),
    ("Ali Al-Mazra'a", "Ali Mazraeh"),
    ("Ali Al-Mazra'a", "عليّ المزرعة"),
    ("Ali Al-Khanafira", "علی خنافره"),
    ("Ali Al Asakira", "علی عساکره"),
    # the article marks the family name written first
    ("Al-Hamidawi Ali Akbar", "Aliakbar Al-Hamidawi"),
    ("Al-Mazra'a Ali", "علی مزرعه"),
    # French-style transliteration: ch for ش, ou for u, Abou X
    ("ABOU CHEHAB, Hasan", "حسن أبو شهاب"),
    ("Hasan Abou Chehab", "Hasan Abushahab"),
    ("Djamil Abou Chehab", "جمیل ابوشهاب"),
    # the tribe Bani X: X's lone u is short
    ("Kamel Bani Turuf", "کامل بنی طرف"),
    ("Kamel Bani Turuf", "Kamel Banitorfi"),
    # Arabic-style th for ث
    ("SHAH BAKHSH, Othman", "عثمان شاه‌بخش"),
    ("Uthman Karimi", "Osman Karimi"),
    # own forms of one tribe's name: Balochi Reki = Rigi, Khuzestani Zarqani = Zergani
    ("Ahmad Reki", "احمد ریگی"),
    ("احمد ریکی", "Ahmad Rigi"),
    ("Nima Al-Zarqani", "نیما زرگانی"),
    ("نيما الزرقاني", "Nima Zergani"),
    # Balochi Latin -oi for -ویی
    ("Ahmad Naroi", "احمد نارویی"),
    # a written short i (Sorani فاتیمە, Kurdish Fatime, Xalid) that Persian leaves out
    ("فاتیمە کریمی", "فاطمه کریمی"),
    ("Fatime Karimi", "Fatemeh Karimi"),
    ("خالید کریمی", "Khaled Karimi"),
    # a given name glued to an Arab family name with its article
    ("خلفالعموري", "Khalaf Al-Amuri"),
    ("سالمالصخراوي", "Salem Sakhravi"),
    ("محمّدالمزرعة", "Mohamed Mazrae"),
    ("شاهرخالباوي", "Shahrokh Bawi"),
    ("محمّدالبوغبيش", "محمد غبیشاوی"),
    ("Abbasal-zuhairi", "Abbas Zoheiri"),
    ("Kuroshal-sakhrawi", "کوروش صخراوی"),
    # a camel-case glued name that begins with an ayn mark
    ("'JasemSakhravi", "Jasem Sakhravi"),
]


@pytest.mark.parametrize(("a", "b"), MEET)
def test_peoples_forms_meet(a: str, b: str) -> None:
    assert full(a) == full(b)


APART: list[tuple[str, str]] = [
    ("Hassan Karimi", "Hossein Karimi"),
    ("Ali Karimi", "Alireza Karimi"),
    ("Ali Hamidi", "Ali Hamidawi"),
    ("Reza Hamidi", "Reza Albu Hamid"),  # the tribe is Hamidawi, not Hamidi
    ("Ali Mahmoud", "Ali Mammad"),
    ("Zahra Karimi", "Zohreh Karimi"),
    # -li after a root that is no common given name is the root's l and the nisba -i
    ("Ali Jalali", "Ali Jalalou"),
    ("علی جلالی", "علی جلالو"),
    ("Ali Khalili", "Ali Khalilou"),
    ("علی اسماعیلی", "علی اسماعیلو"),
    # Bani X and a different tribe; a word that merely begins with bu
    ("Ali Bani Saeed", "Ali Bani Sadr"),
    ("Ali Bushehri", "Ali Shehravi"),
    # an attested name in -a after the article keeps its alef (Musa, not Mus)
    ("Ali Al-Musa", "Ali Mus"),
    # a plain g that folds onto no attested name stays g
    ("Geldi Berdi", "قلدی بردی"),
    # ch stays چ unless the dictionary reads the spelling with ش
    ("Ali Cheraghi", "Ali Sheraghi"),
    ("Ali Chamran", "Ali Shamran"),
    # th stays t + h where the spelling is attested so (Fathi = فتحی)
    ("Ali Fathi", "Ali Fasi"),
    # the own-form table folds whole names only: q/g and k/g stay apart elsewhere
    ("Ali Zarqari", "علی زرگری"),
    ("Ali Asghari", "Ali Askari"),
    ("Goli Karimi", "Gholi Karimi"),
    ("Ali Reka", "Ali Riga"),
    ("Hassan Karimi", "Hossein Karimi"),
    # a written long i stays where the key with it is a name (Karim, Vahidi, Salim)
    ("کریم احمدی", "کرم احمدی"),
    ("علی واحیدی", "علی واحدی"),
    ("Salim Karimi", "Salem Karimi"),
    # in Bani X only the lone u is read short; a long i stays
    ("Ali Banitorfi", "Ali Bani Tarif"),
    # a compound with its own article is not cut into name + family name
    ("عبدالحسین کریمی", "حسین کریمی"),
    ("زینالعابدینی", "زین عابدینی"),
    ("Ali Jamal-Zadeh", "Ali Jam Zadeh"),
    ("Ali Kamal-Pour", "Ali Kam Alpour"),
]


@pytest.mark.parametrize(("a", "b"), APART)
def test_peoples_forms_stay_apart(a: str, b: str) -> None:
    assert full(a) != full(b)


def test_article_first_only_when_no_later_word_has_it() -> None:
    p = parse_name("Al-Hamidawi Ali Akbar")
    assert (p.family, p.order) == ("hamidawi", "family_first")
    q = parse_name("Ali Al-Hamidawi")
    assert (q.given, q.family, q.order) == ("ali", "hamidawi", "given_first")
