"""Banks of Iranian given names and surnames with their Persian and Latin spellings.

Written for the synthetic test bed only, independently of `vigil.names`, so that linkage is
measured against spellings its normalizer has not seen in the form it expects. Each token has
one Persian spelling and several Latin spellings (the first is the most common). Names are
sequences of tokens: a compound such as غلام+رضا is two tokens, which a source may write glued,
split or joined with a zero-width non-joiner (Gholamreza / Gholam-Reza / Gholam Reza).

Lists are ordered by rough frequency rank; the generator draws from them with Zipf-like weights,
so common full names (Mohammad Hosseini) recur among different people.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.synth import surnames


@dataclass(frozen=True)
class Token:
    """One name unit: its Persian spelling and its Latin spellings (most common first)."""

    key: str
    fa: str
    latin: tuple[str, ...]


@dataclass(frozen=True)
class NameEntry:
    """A given name or surname as a sequence of tokens, with optional regional affinity."""

    tokens: tuple[Token, ...]
    region: str | None = None  # province key where the name is concentrated
    seyed_prone: bool = False  # surnames that Seyed families often carry

    @property
    def key(self) -> str:
        return "+".join(t.key for t in self.tokens)

    @property
    def canonical_latin(self) -> str:
        first, *rest = (t.latin[0] for t in self.tokens)
        return first + "".join(r.lower() for r in rest)

    @property
    def canonical_fa(self) -> str:
        return "".join(t.fa for t in self.tokens)


# key | Persian | Latin spellings (comma separated, most common first)
_TOKENS = """
Mohammad|محمد|Mohammad,Mohamad,Muhammad,Mohammed,Mohamed
Ali|علی|Ali,Aly
Hossein|حسین|Hossein,Hosein,Hussein,Hosseyn,Husain,Hoseyn
Reza|رضا|Reza,Riza,Rida
Mehdi|مهدی|Mehdi,Mahdi,Mehdy
Amir|امیر|Amir,Ameer
Abolfazl|ابوالفضل|Abolfazl,Abolfazel,Abulfazl,Abolfazal
Hassan|حسن|Hassan,Hasan
Ahmad|احمد|Ahmad,Ahmed
Javad|جواد|Javad,Jawad
Saeed|سعید|Saeed,Saeid,Said,Saied
Hamid|حمید|Hamid,Hameed
Mostafa|مصطفی|Mostafa,Mustafa,Mostapha
Morteza|مرتضی|Morteza,Murtaza,Mortaza
Majid|مجید|Majid,Madjid,Majeed
Mohsen|محسن|Mohsen,Muhsin,Mohsin
Ebrahim|ابراهیم|Ebrahim,Ibrahim,Ebraheem
Akbar|اکبر|Akbar,Akber
Asghar|اصغر|Asghar,Asqar,Asgar
Abbas|عباس|Abbas,Abas
Hadi|هادی|Hadi
Sajjad|سجاد|Sajjad,Sajad
Mojtaba|مجتبی|Mojtaba,Mujtaba
Hamed|حامد|Hamed
Vahid|وحید|Vahid,Vaheed,Wahid
Milad|میلاد|Milad
Pouya|پویا|Pouya,Pooya,Puya
Behnam|بهنام|Behnam
Yousef|یوسف|Yousef,Yusuf,Yousof,Yosef
Masoud|مسعود|Masoud,Massoud,Masood,Masud
Mansour|منصور|Mansour,Mansoor,Mansur
Iman|ایمان|Iman,Eiman
Ehsan|احسان|Ehsan,Ehssan,Ihsan
Omid|امید|Omid,Omeed
Navid|نوید|Navid,Naveed
Farhad|فرهاد|Farhad
Farzad|فرزاد|Farzad
Behrouz|بهروز|Behrouz,Behrooz,Behruz
Arash|آرش|Arash
Peyman|پیمان|Peyman,Payman,Peiman
Pejman|پژمان|Pejman,Pezhman
Siavash|سیاوش|Siavash,Siyavash,Siavosh
Mehrdad|مهرداد|Mehrdad
Kazem|کاظم|Kazem,Kazim,Kadhim
Jafar|جعفر|Jafar,Jaafar,Ja'far
Karim|کریم|Karim,Kareem
Rahim|رحیم|Rahim,Raheem
Nasser|ناصر|Nasser,Naser,Nasir
Jalal|جلال|Jalal,Djalal
Ghasem|قاسم|Ghasem,Qasem,Qassem,Ghassem,Qasim
Esmaeil|اسماعیل|Esmaeil,Esmail,Ismail,Esmaeel
Yaghoub|یعقوب|Yaghoub,Yaghoob,Yaqub,Yaghub
Mousa|موسی|Mousa,Musa,Moosa
Taha|طاها|Taha
Yasin|یاسین|Yasin,Yaseen
Amin|امین|Amin,Ameen
Hesam|حسام|Hesam,Hessam,Husam
Sina|سینا|Sina
Mahmoud|محمود|Mahmoud,Mahmood,Mahmud
Rasoul|رسول|Rasoul,Rasool,Rasul
Heydar|حیدر|Heydar,Heidar,Haidar
Aref|عارف|Aref,Arif
Danial|دانیال|Danial,Daniyal,Daniel
Nima|نیما|Nima
Bahman|بهمن|Bahman
Hamzeh|حمزه|Hamzeh,Hamze,Hamza
Salman|سلمان|Salman
Abdollah|عبدالله|Abdollah,Abdolah,Abdullah,Abdolla
Taghi|تقی|Taghi,Taqi
Gholam|غلام|Gholam,Gholaam,Qolam,Ghulam
Fatemeh|فاطمه|Fatemeh,Fatemah,Fatima,Fateme
Zahra|زهرا|Zahra,Zahraa
Maryam|مریم|Maryam,Mariam,Maryem
Masoumeh|معصومه|Masoumeh,Masoume,Masoomeh,Masumeh
Zeinab|زینب|Zeinab,Zeynab,Zainab
Sakineh|سکینه|Sakineh,Sakine,Sakina
Leila|لیلا|Leila,Leyla,Layla
Narges|نرگس|Narges,Nargess
Somayeh|سمیه|Somayeh,Somaye,Sumayya
Marzieh|مرضیه|Marzieh,Marziye,Marzie
Azam|اعظم|Azam,A'zam
Mahsa|مهسا|Mahsa
Nasrin|نسرین|Nasrin,Nasreen
Parisa|پریسا|Parisa
Shirin|شیرین|Shirin,Shireen
Neda|ندا|Neda,Nedaa
Elham|الهام|Elham,Ilham
Fereshteh|فرشته|Fereshteh,Fereshte
Roya|رویا|Roya
Samira|سمیرا|Samira,Sameera
Mina|مینا|Mina,Meena
Sara|سارا|Sara,Sarah
Nazanin|نازنین|Nazanin,Nazaneen
Atefeh|عاطفه|Atefeh,Atefe
Kobra|کبری|Kobra,Kubra
Khadijeh|خدیجه|Khadijeh,Khadije,Khadija
Roghayeh|رقیه|Roghayeh,Roqayeh,Roghaye,Ruqayya
Hajar|هاجر|Hajar,Hajer
Monireh|منیره|Monireh,Monire,Munira
Tahereh|طاهره|Tahereh,Tahere,Tahira
Soheila|سهیلا|Soheila,Soheyla,Suhaila
Parvin|پروین|Parvin,Parveen
Hosseini|حسینی|Hosseini,Hoseini,Husseini,Hosseyni,Hoseyni,Husaini
Mohammadi|محمدی|Mohammadi,Mohamadi,Muhammadi
Ahmadi|احمدی|Ahmadi,Ahmady
Rezaei|رضایی|Rezaei,Rezaee,Rezayi,Rezaie,Rezai
Moradi|مرادی|Moradi,Muradi
Karimi|کریمی|Karimi
Jafari|جعفری|Jafari,Jaafari,Ja'fari
Rahimi|رحیمی|Rahimi
Hashemi|هاشمی|Hashemi,Hashimi
Mousavi|موسوی|Mousavi,Musavi,Moosavi,Mousawi
Sadeghi|صادقی|Sadeghi,Sadeqi,Sadeghy
Heidari|حیدری|Heidari,Heydari,Haidari
Ghasemi|قاسمی|Ghasemi,Qasemi,Ghassemi
Kazemi|کاظمی|Kazemi,Kazimi
Rostami|رستمی|Rostami,Rustami
Akbari|اکبری|Akbari
Ebrahimi|ابراهیمی|Ebrahimi,Ibrahimi
Amiri|امیری|Amiri
Azizi|عزیزی|Azizi
Zare|زارع|Zare,Zarei,Zare'
Safari|صفری|Safari,Saffari
Bagheri|باقری|Bagheri,Baqeri
Mirzaei|میرزایی|Mirzaei,Mirzaee,Mirzai
Ghorbani|قربانی|Ghorbani,Qorbani
Nazari|نظری|Nazari
Alavi|علوی|Alavi,Alawi
Karami|کرمی|Karami
Abbasi|عباسی|Abbasi,Abasi
Soltani|سلطانی|Soltani,Sultani
Salehi|صالحی|Salehi
Naseri|ناصری|Naseri,Nasseri
Babaei|بابایی|Babaei,Babaee,Babai
Yousefi|یوسفی|Yousefi,Yusefi,Yousofi
Jahani|جهانی|Jahani
Najafi|نجفی|Najafi,Nadjafi
Asadi|اسدی|Asadi,Assadi
Amini|امینی|Amini
Taheri|طاهری|Taheri
Kiani|کیانی|Kiani,Kiyani
Bahmani|بهمنی|Bahmani
Tavakoli|توکلی|Tavakoli,Tavakkoli
Shahbazi|شهبازی|Shahbazi
Sharifi|شریفی|Sharifi
Habibi|حبیبی|Habibi
Faraji|فرجی|Faraji
Bahrami|بهرامی|Bahrami
Mahmoudi|محمودی|Mahmoudi,Mahmudi
Rashidi|رشیدی|Rashidi
Nouri|نوری|Nouri,Noori,Nuri
Sohrabi|سهرابی|Sohrabi
Veisi|ویسی|Veisi,Veysi,Waisi
Kaabi|کعبی|Kaabi,Ka'bi,Kabi
Savari|سواری|Savari,Sawari
Bavi|باوی|Bavi,Bawi
Amouri|عموری|Amouri,Amuri
Zergani|زرگانی|Zergani,Zargani
Torfi|طرفی|Torfi,Tarfi
Neisi|نیسی|Neisi,Neysi
Rigi|ریگی|Rigi
Shahbakhsh|شهبخش|Shahbakhsh,Shah-Bakhsh
Narouei|نارویی|Narouei,Naroui,Naruyi
Beiranvand|بیرانوند|Beiranvand,Biranvand,Beyranvand
Sepahvand|سپهوند|Sepahvand,Sepahwand
Dalvand|دالوند|Dalvand,Dalwand
Khalili|خلیلی|Khalili
Jalali|جلالی|Jalali,Djalali
Fallahi|فلاحی|Fallahi,Falahi
Ansari|انصاری|Ansari
Rahmani|رحمانی|Rahmani
Yazdani|یزدانی|Yazdani
Mehrabi|محرابی|Mehrabi,Mihrabi
Ghaffari|غفاری|Ghaffari,Ghafari,Qaffari
Salimi|سلیمی|Salimi
Eskandari|اسکندری|Eskandari,Iskandari
Khosravi|خسروی|Khosravi,Khosrovi
Sheikhi|شیخی|Sheikhi,Sheykhi
Golzari|گلزاری|Golzari
Mortazavi|مرتضوی|Mortazavi,Mortezavi
Tabatabaei|طباطبایی|Tabatabaei,Tabatabai,Tabatabaee
Shirzadi|شیرزادی|Shirzadi
Bakhtiari|بختیاری|Bakhtiari,Bakhtiyari
Zadeh|زاده|zadeh,zade,zada
Pour|پور|pour,pur,poor
Nejad|نژاد|nejad,nezhad,nejhad,nijad
Seyed|سید|Seyed,Seyyed,Sayed,Sayyid,Seied,Sayyed
Sadat|سادات|Sadat,Sadaat
Haj|حاج|Haj,Hajj,Hadj
"""


def _parse_tokens(text: str) -> dict[str, Token]:
    tokens: dict[str, Token] = {}
    for line in text.strip().splitlines():
        key, fa, latin = line.split("|")
        if key in tokens:
            raise ValueError(f"duplicate name token {key!r} in names_bank")
        tokens[key] = Token(key, fa, tuple(latin.split(",")))
    return tokens


TOKENS: dict[str, Token] = _parse_tokens(_TOKENS)

SEYED = TOKENS["Seyed"]
SADAT = TOKENS["Sadat"]
HAJ = TOKENS["Haj"]


def _names(spec: str) -> tuple[NameEntry, ...]:
    """Parse 'A B+C D@region D*' : '+' joins tokens, '@' tags a region, '*' marks Seyed-prone."""
    out = []
    for item in spec.split():
        seyed = item.endswith("*")
        item = item.rstrip("*")
        keys, _, region = item.partition("@")
        out.append(
            NameEntry(
                tuple(TOKENS[k] for k in keys.split("+")), region=region or None, seyed_prone=seyed
            )
        )
    return tuple(out)


MALE_GIVEN: tuple[NameEntry, ...] = _names(
    """
    Mohammad Ali Hossein Reza Mehdi Amir Abolfazl Mohammad+Reza Ali+Reza Hassan Ahmad Javad
    Saeed Hamid Mostafa Morteza Majid Mohsen Ebrahim Amir+Hossein Mohammad+Ali
    Mohammad+Hossein Gholam+Reza Ali+Akbar Abbas Hadi Sajjad Mojtaba Hamed Vahid Milad Pouya
    Behnam Yousef Masoud Mansour Iman Ehsan Omid Navid Farhad Farzad Behrouz Arash Peyman
    Pejman Siavash Mehrdad Kazem Jafar Karim Rahim Nasser Jalal Ghasem Esmaeil Yaghoub Mousa
    Taha Yasin Amin Hesam Sina Mahmoud Rasoul Heydar Aref Danial Nima Bahman Hamzeh Salman
    Abdollah Taghi Mohammad+Mehdi Amir+Ali Mohammad+Javad Gholam+Hossein Ali+Asghar
    """
)

FEMALE_GIVEN: tuple[NameEntry, ...] = _names(
    """
    Fatemeh Zahra Maryam Masoumeh Zeinab Sakineh Leila Narges Somayeh Marzieh Azam Mahsa Nasrin
    Parisa Shirin Neda Elham Fereshteh Roya Samira Mina Sara Nazanin Atefeh Kobra Khadijeh
    Roghayeh Hajar Monireh Tahereh Soheila Parvin
    """
)

SURNAMES: tuple[NameEntry, ...] = _names(
    """
    Mohammadi Hosseini* Ahmadi Rezaei Moradi Karimi Jafari Rahimi Hashemi* Mousavi* Sadeghi
    Heidari Ghasemi Kazemi Rostami Akbari Ebrahimi Amiri Azizi Zare Safari Bagheri Mirzaei
    Ghorbani Nazari Alavi* Karami Abbasi Soltani Salehi Naseri Babaei Yousefi Jahani Najafi
    Asadi Hossein+Zadeh Ali+Zadeh Hassan+Zadeh Amini Taheri Reza+Pour Ali+Pour Ahmad+Zadeh
    Tavakoli Shahbazi Sharifi Habibi Faraji Bahrami Mahmoudi Rashidi Nouri Sohrabi
    Mohammad+Zadeh Karim+Zadeh Rahim+Zadeh Hassan+Pour Hossein+Pour Ali+Nejad Mohammad+Nejad
    Karim+Pour Khalili Jalali Fallahi Ansari Rahmani Yazdani Mehrabi Ghaffari Salimi Eskandari
    Khosravi Sheikhi Golzari Mortazavi* Tabatabaei* Shirzadi Ghasem+Zadeh Taghi+Zadeh
    Reza+Nejad Kiani@lorestan Bahmani@kohgiluyeh Beiranvand@lorestan Sepahvand@lorestan
    Dalvand@lorestan Bakhtiari@kohgiluyeh Veisi@kermanshah Kaabi@khuzestan Savari@khuzestan
    Bavi@khuzestan Amouri@khuzestan Zergani@khuzestan Torfi@khuzestan Neisi@khuzestan
    Rigi@sistan Shahbakhsh@sistan Narouei@sistan
    """
)

#: The whole surnames above: the common ones, by rough frequency rank (and regional ones).
WHOLE_SURNAMES: tuple[NameEntry, ...] = SURNAMES


def _composed() -> tuple[NameEntry, ...]:
    """Composed surnames (see `surnames`) not already among the whole ones, in a fixed
    shuffled order so no root kind or suffix crowds the frequent ranks."""
    import random

    given = {k: (TOKENS[k].fa, TOKENS[k].latin) for k in surnames.GIVEN_ROOTS}
    known = {e.canonical_fa for e in WHOLE_SURNAMES}
    out = []
    for name in surnames.compose(given):
        tokens = []
        for key, fa, latin in name.parts:
            if key not in TOKENS:
                TOKENS[key] = Token(key, fa, latin)
            tokens.append(TOKENS[key])
        entry = NameEntry(tuple(tokens))
        if entry.canonical_fa not in known:
            known.add(entry.canonical_fa)
            out.append(entry)
    random.Random(2019).shuffle(out)
    return tuple(out)


COMPOSED_SURNAMES: tuple[NameEntry, ...] = _composed()

SURNAMES = WHOLE_SURNAMES + COMPOSED_SURNAMES
"""Whole surnames first (frequency ranks), then the composed long tail."""

GIVEN: tuple[NameEntry, ...] = MALE_GIVEN + FEMALE_GIVEN
"""Male names first (indexes 0..len(MALE_GIVEN)-1), then female: one index space for all."""
