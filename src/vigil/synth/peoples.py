"""Name banks of Iran's peoples, their own spellings, and where they live (for `--habits field`).

Written for the test bed by hand, independently of `vigil.names` and of any evaluation set. Each
people has male and female given names and surnames, as keys of name tokens; a token has a
Persian spelling and Iranian Latin spellings (as a Persian-script registry would romanize it),
and, for a people, its OWN spellings: the Sorani letters and Kurmanji/Sorani Latin of Kurdish
(`شێرکۆ`, `Şêrko`), the Azerbaijani Latin of Azeris (`Məmməd`, `-zadə`), the Arabic spelling and
ayn marks of Khuzestan's Arabs (`Sa'di`, `Al-Kaabi`, `Albu Ghubaish`), the `-zai` of Balochi
Latin, the Turkmen alphabet. A source that writes a person "in their own way" draws from these.

`SHARES` says, per province, what share of victims belong to each people (a rough model of where
the peoples live, not a census): Kurds in Kurdistan, Kermanshah and West Azerbaijan, Arabs in
Khuzestan, Baluch in Sistan and Baluchestan, Azeris in the north-west, Lurs and Bakhtiaris in
Lorestan, Kohgiluyeh and the east of Khuzestan, Turkmen in the north-east.

The Persian bank is the classic one (`names_bank`) extended with more given names and used with
flatter frequencies, so that namesakes are about as common as in real lists (`vigil synth`
prints the measured share).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vigil.synth import names_bank
from vigil.synth.names_bank import NameEntry, Token

PEOPLES: tuple[str, ...] = ("persian", "kurdish", "arab", "baluch", "azeri", "lur", "turkmen")
"""Index 0 is the Persian-speaking majority (and everyone of the classic bank)."""

# key|Persian|Latin (comma separated)   -- tokens every people may use
_EXTRA_TOKENS = """
Kourosh|کوروش|Kourosh,Kurosh,Koorosh
Dariush|داریوش|Dariush,Daryoush,Dariosh
Kamran|کامران|Kamran
Keyvan|کیوان|Keyvan,Keivan,Kayvan
Babak|بابک|Babak
Shahram|شهرام|Shahram
Shahrokh|شاهرخ|Shahrokh,Shahrukh
Afshin|افشین|Afshin
Parviz|پرویز|Parviz,Parwiz
Fereydoun|فریدون|Fereydoun,Fereidoun,Fereydoon
Manouchehr|منوچهر|Manouchehr,Manuchehr
Hooman|هومن|Hooman,Houman,Human
Sohrab|سهراب|Sohrab
Kaveh|کاوه|Kaveh,Kave
Armin|آرمین|Armin
Arman|آرمان|Arman
Ashkan|اشکان|Ashkan
Kian|کیان|Kian,Kiyan
Pedram|پدرام|Pedram
Payam|پیام|Payam
Ramin|رامین|Ramin
Sepehr|سپهر|Sepehr
Soroush|سروش|Soroush,Sorush
Hojjat|حجت|Hojjat,Hojat
Habib|حبیب|Habib
Ghodrat|قدرت|Ghodrat,Qodrat
Rouhollah|روح‌الله|Rouhollah,Ruhollah
Nader|نادر|Nader
Mehran|مهران|Mehran
Jamshid|جمشید|Jamshid
Bijan|بیژن|Bijan,Bizhan
Sadegh|صادق|Sadegh,Sadeq
Hashem|هاشم|Hashem,Hashim
Davoud|داوود|Davoud,Davood,Dawood
Soleiman|سلیمان|Soleiman,Soleyman,Suleiman
Younes|یونس|Younes,Yunes,Younis
Ayoub|ایوب|Ayoub,Ayub,Ayyub
Shapour|شاپور|Shapour,Shapur
Touraj|تورج|Touraj,Turaj
Samad|صمد|Samad
Ahad|احد|Ahad
Rostam|رستم|Rostam,Rustam
Bahador|بهادر|Bahador,Bahadur
Khosrow|خسرو|Khosrow,Khosro,Khosrou
Jahangir|جهانگیر|Jahangir
Bahram|بهرام|Bahram
Morad|مراد|Morad,Murad
Zohreh|زهره|Zohreh,Zohre
Azadeh|آزاده|Azadeh,Azade
Mahboubeh|محبوبه|Mahboubeh,Mahbubeh
Mahnaz|مهناز|Mahnaz
Farzaneh|فرزانه|Farzaneh,Farzane
Fariba|فریبا|Fariba
Shahla|شهلا|Shahla
Mitra|میترا|Mitra
Nahid|ناهید|Nahid
Nasim|نسیم|Nasim,Naseem
Negar|نگار|Negar
Niloufar|نیلوفر|Niloufar,Nilufar,Niloofar
Bahareh|بهاره|Bahareh,Bahare
Shima|شیما|Shima
Sepideh|سپیده|Sepideh,Sepide
Hanieh|هانیه|Hanieh,Haniyeh
Yasaman|یاسمن|Yasaman,Yasamin
Raheleh|راحله|Raheleh,Rahele
Soghra|صغری|Soghra,Soqra,Sughra
Robabeh|ربابه|Robabeh,Robabe
Ghazal|غزل|Ghazal,Qazal
Hadis|حدیث|Hadis,Hadees
Mohaddeseh|محدثه|Mohaddeseh,Mohadeseh
Faezeh|فائزه|Faezeh,Faeze
Elaheh|الهه|Elaheh,Elahe
Akram|اکرم|Akram
Ashraf|اشرف|Ashraf
Batoul|بتول|Batoul,Batool,Batul
Khatoun|خاتون|Khatoun,Khatoon
Gohar|گوهر|Gohar
"""

_PERSIAN_MALE = """
Kourosh Dariush Kamran Keyvan Babak Shahram Shahrokh Afshin Parviz Fereydoun Manouchehr Hooman
Sohrab Kaveh Armin Arman Ashkan Kian Pedram Payam Ramin Sepehr Soroush Hojjat Habib Ghodrat
Rouhollah Nader Mehran Jamshid Bijan Sadegh Hashem Davoud Soleiman Younes Ayoub Shapour Touraj
Samad Ahad Rostam Bahador Khosrow Jahangir Bahram Morad Hamid+Reza Mohammad+Sadegh
Mohammad+Amin Amir+Mohammad
"""
_PERSIAN_FEMALE = """
Zohreh Azadeh Mahboubeh Mahnaz Farzaneh Fariba Shahla Mitra Nahid Nasim Negar Niloufar Bahareh
Shima Sepideh Hanieh Yasaman Raheleh Soghra Robabeh Ghazal Hadis Mohaddeseh Faezeh Elaheh Akram
Ashraf Batoul Khatoun Gohar
"""


@dataclass(frozen=True)
class PeopleBank:
    """One people's names (keys into the token registry) and its own spellings of tokens."""

    name: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    own: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """token key -> (own Persian-script spelling or "", own Latin spellings or ())."""


# Per people: tokens as key|Persian|Latin|own Persian-script|own Latin. Persian and Latin may be
# empty for a token defined elsewhere (then only the own spellings are this people's).
_KURDISH = """
Sherko|شیرکو|Sherko,Shirko|شێرکۆ|Şêrko,Shêrko
Kawa|کاوا|Kava,Kawa|کاوە|Kawe,Kawa
Hemin|هیمن|Hemin,Himan|هێمن|Hêmin
Rebin|ربین|Rebin,Rabin|ڕێبین|Rêbîn,Rebîn
Aram|آرام|Aram|ئارام|Aram
Karwan|کاروان|Karvan,Karwan|کاروان|Karwan
Azad|آزاد|Azad|ئازاد|Azad
Dilshad|دلشاد|Delshad,Dilshad|دڵشاد|Dilşad
Zanyar|زانیار|Zaniar,Zanyar|زانیار|Zanyar
Soran|سوران|Soran,Souran|سۆران|Soran
Hiwa|هیوا|Hiva,Hiwa|هیوا|Hîwa
Rahman|رحمان|Rahman|ڕەحمان|Rehman
Omar|عمر|Omar,Umar|عومەر|Umer,Omer
Osman|عثمان|Osman,Othman|عوسمان|Usman,Osman
Salah|صلاح|Salah|سەلاح|Selah
Jamal|جمال|Jamal|جەمال|Cemal
Kamal|کمال|Kamal|کەمال|Kemal
Khaled|خالد|Khaled,Khalid|خالید|Xalid
Loghman|لقمان|Loghman,Loqman|لوقمان|Luqman
Fuad|فواد|Foad,Fuad|فوئاد|Fuad
Shwan|شوان|Shvan,Shwan|شوان|Şwan
Peshawa|پیشوا|Pishva,Peshva|پێشەوا|Pêşewa
Ako|آکو|Ako|ئاکۆ|Ako
Diako|دیاکو|Diako,Diyako|دیاکۆ|Diyako
Hoshyar|هوشیار|Houshyar,Hoshyar|هۆشیار|Hoşyar
Sirwan|سیروان|Sirvan,Sirwan|سیروان|Sîrwan
Edris|ادریس|Edris,Idris|ئیدریس|Îdrîs
Berivan|بریوان|Berivan,Beriwan|بێریڤان|Bêrîvan,Bêrîwan
Shilan|شیلان|Shilan|شیلان|Şîlan
Jina|ژینا|Zhina,Jina|ژینا|Jîna
Gelawej|گلاویژ|Gelavizh,Gelavij|گەلاوێژ|Gelawêj
Rojin|روژین|Rozhin,Rojin|ڕۆژین|Rojîn
Avin|آوین|Avin|ئاوین|Avîn
Runak|روناک|Roonak,Runak|ڕووناک|Rûnak
Kazhal|کژال|Kazhal,Kajal|کەژاڵ|Kejal
Chiman|چیمن|Chiman|چیمەن|Çîmen
Amineh|آمنه|Ameneh,Amineh|ئامینە|Amîne
Hosseinpanahi|حسین‌پناهی|Hosseinpanahi,Hoseinpanahi|حوسێنپەناهی|Husênpenahî
Zandi|زندی|Zandi|زەندی|Zendî
Khezri|خضری|Khezri,Khizri|خزری|Xizrî
Lotfi|لطفی|Lotfi|لوتفی|Lutfî
Mansouri|منصوری|Mansouri,Mansuri|مەنسووری|Mensûrî
Fattahi|فتاحی|Fattahi,Fatahi|فەتاحی|Fetahî
Moloudi|مولودی|Moloudi,Mowludi|مەولوودی|Mewlûdî
Ghaderi|قادری|Ghaderi,Qaderi|قادری|Qadirî
Kamangar|کمانگر|Kamangar|کەمانگەر|Kemanger
Panahi|پناهی|Panahi|پەناهی|Penahî
Valadbeigi|ولدبیگی|Valadbeigi,Valadbeygi|وەڵەدبەگی|Weledbegî
Ardalan|اردلان|Ardalan|ئەردەڵان|Erdelan
Zamani|زمانی|Zamani|زەمانی|Zemanî
Sharafkandi|شرفکندی|Sharafkandi|شەرەفکەندی|Şerefkendî
Khaledi|خالدی|Khaledi,Khalidi|خالیدی|Xalidî
Feyzi|فیضی|Feyzi,Feizi|فەیزی|Feyzî
Abdollahi|عبداللهی|Abdollahi,Abdolahi|عەبدوڵڵاهی|Ebdullahî
Osmani|عثمانی|Osmani|عوسمانی|Osmanî
Kakaei|کاکایی|Kakaei,Kakai|کاکەیی|Kakeyî
Sofi|صوفی|Sofi,Soufi|سۆفی|Sofî
Vahedi|واحدی|Vahedi|واحیدی|Wahidî
Naderi|نادری|Naderi|نادری|Nadirî
Rahmanpour|رحمان‌پور|Rahmanpour,Rahmanpur|ڕەحمانپوور|Rehmanpûr
Mohammad|||محەمەد|Mihemed,Mihemmed
Ali|||عەلی|Elî
Ahmad|||ئەحمەد|Ehmed
Hossein|||حوسێن|Husên
Hassan|||حەسەن|Hesen
Mahmoud|||مەحموود|Mehmûd
Karim|||کەریم|Kerîm
Rahim|||ڕەحیم|Rehîm
Ebrahim|||ئیبراهیم|Îbrahîm
Yousef|||یووسف|Yûsif
Abdollah|||عەبدوڵڵا|Ebdulla
Mostafa|||مستەفا|Mistefa
Shirin|||شیرین|Şîrîn
Fatemeh|||فاتیمە|Fatime
Moradi|||موڕادی|Muradî
Mohammadi|||محەمەدی|Mihemedî
Ahmadi|||ئەحمەدی|Ehmedî
Veisi|||وەیسی|Weysî
Karimi|||کەریمی|Kerîmî
Rahimi|||ڕەحیمی|Rehîmî
Azizi|||عەزیزی|Ezîzî
Sheikhi|||شێخی|Şêxî
"""
_KURDISH_NAMES = (
    """Mohammad Ali Ahmad Hossein Sherko Kawa Hemin Rebin Aram Omar Karwan Azad Rahman Osman
    Dilshad Zanyar Soran Hiwa Salah Jamal Kamal Khaled Loghman Fuad Shwan Mahmoud Karim Rahim
    Peshawa Ako Diako Hoshyar Sirwan Edris Ebrahim Yousef Abdollah Mostafa Hassan Farhad""",
    """Berivan Shilan Jina Fatemeh Shirin Gelawej Rojin Avin Runak Kazhal Chiman Amineh Leila
    Nasrin""",
    """Moradi Mohammadi Ahmadi Veisi Karimi Hosseinpanahi Zandi Khezri Rahimi Lotfi Mansouri
    Fattahi Moloudi Ghaderi Azizi Kamangar Panahi Valadbeigi Ardalan Zamani Sharafkandi Khaledi
    Feyzi Abdollahi Osmani Kakaei Sofi Vahedi Naderi Sheikhi Rahmanpour Rostami Khosravi""",
)

_ARAB = """
Jasem|جاسم|Jasem,Jassem|جاسم|Jasim,Jassim
Adel|عادل|Adel|عادل|Adil
Jaber|جابر|Jaber|جابر|Jabir
Sattar|ستار|Sattar|ستّار|Sattar
Fazel|فاضل|Fazel,Fazil|فاضل|Fadhil,Fadil
Salem|سالم|Salem|سالم|Salim
Alaa|علاء|Ala,Alaa|علاء|Ala'a,Alaa
Hamoud|حمود|Hamoud,Hamood|حمّود|Hammud,Hamud
Falah|فلاح|Falah|فلاح|Falah
Khalaf|خلف|Khalaf|خلف|Khalaf
Aghil|عقیل|Aghil,Aqil|عقيل|Aqeel,'Aqil
Saleh|صالح|Saleh|صالح|Salih
Hatam|حاتم|Hatam,Hatem|حاتم|Hatim
Kamel|کامل|Kamel|كامل|Kamil
Amal|امل|Amal|أمل|Amal
Hoda|هدی|Hoda,Houda|هدى|Huda
Rabab|رباب|Rabab|رباب|Rabab
Hanan|حنان|Hanan|حنان|Hanan
Souad|سعاد|Soad,Souad|سعاد|Su'ad,Suad
Tamimi|تمیمی|Tamimi|التميمي|Al-Tamimi,Tamimi
Khanafereh|خنافره|Khanafereh,Khanafere|الخنافرة|Al-Khanafira
Sakhravi|صخراوی|Sakhravi,Sakhrawi|الصخراوي|Al-Sakhrawi
Asakereh|عساکره|Asakereh|العساكرة|Al-Asakira,'Asakira
Hamidavi|حمیداوی|Hamidavi,Hamidawi|الحميداوي|Al-Hamidawi
Zoheiri|زهیری|Zoheiri,Zuheiri|الزهيري|Al-Zuhairi
Obeidavi|عبیداوی|Obeidavi,Obeydavi|العبيداوي|Al-Ubaidawi,'Ubaydawi
Hazbavi|حزباوی|Hazbavi,Hezbavi|الحزباوي|Al-Hazbawi
Ghobeishavi|غبیشاوی|Ghobeishavi,Qobeishavi|البوغبيش|Albu Ghubaish,Bu Ghubaish
Abushahab|ابوشهاب|Abushahab,Abu-Shahab|أبو شهاب|Abu Shihab,Abou Chehab
Banitorfi|بنی‌طرفی|Banitorfi,Bani-Torfi|بني طرف|Bani Turuf,Bani Torof
Banisaeid|بنی‌سعید|Banisaeid,Banisaeed|بني سعيد|Bani Sa'id,Bani Saeed
Saadi|سعدی|Saadi,Sadi|السعدي|Sa'di,Al-Saadi,Saadi
Mazraeh|مزرعه|Mazraeh,Mazrae|المزرعة|Al-Mazra'a
Chabishat|چبیشات|Chabishat,Chebishat|الجبيشات|Al-Jubaishat
Naami|نعامی|Naami,Na'ami|النعامي|Al-Na'ami,Naami
Helichi|حلیچی|Helichi,Halichi|الحليچي|Al-Hlichi
Sayahi|سیاحی|Sayahi|السياحي|Al-Sayahi
Mohammad|||محمّد|Mohammed,Muhammad
Ali|||عليّ|Ali
Hossein|||حسين|Hussein,Husayn
Hassan|||حسن|Hasan
Abbas|||عبّاس|Abbas
Abdollah|||عبد الله|Abdullah,Abd Allah
Ebrahim|||إبراهيم|Ibrahim
Yousef|||يوسف|Yusuf
Mousa|||موسى|Musa
Jafar|||جعفر|Ja'far
Saeed|||سعيد|Sa'id,Saeed
Nasser|||ناصر|Nasir
Kazem|||كاظم|Kadhim,Kazim
Ghasem|||قاسم|Qasim
Reza|||رضا|Ridha
Mehdi|||مهدي|Mahdi
Ahmad|||أحمد|Ahmed
Hamzeh|||حمزة|Hamza
Fatemeh|||فاطمة|Fatima
Zeinab|||زينب|Zainab
Khadijeh|||خديجة|Khadija
Sakineh|||سكينة|Sakina
Kaabi|||الكعبي|Al-Ka'bi,Al-Kaabi,Ka'bi
Savari|||الساري|Al-Sawari,Sawari
Bavi|||الباوي|Al-Bawi
Amouri|||العموري|Al-Amuri
Torfi|||الطرفي|Al-Tarfi,Tarfi
Neisi|||النيسي|Al-Naisi,Naisi
Zergani|||الزرقاني|Al-Zarqani
Heidari|||الحيدري|Al-Haidari
"""
_ARAB_NAMES = (
    """Mohammad Ali Hossein Hassan Abbas Jasem Adel Jaber Abdollah Sattar Fazel Salem Alaa Hamoud
    Falah Khalaf Aghil Saleh Hatam Kamel Ebrahim Yousef Mousa Jafar Saeed Nasser Kazem Ghasem
    Reza Mehdi Ahmad Hamzeh Karim Majid Hamid Sajjad""",
    """Fatemeh Zahra Zeinab Maryam Khadijeh Sakineh Amal Hoda Rabab Hanan Souad Leila""",
    """Kaabi Savari Bavi Amouri Torfi Neisi Zergani Tamimi Khanafereh Sakhravi Asakereh Hamidavi
    Zoheiri Obeidavi Hazbavi Ghobeishavi Abushahab Banitorfi Banisaeid Saadi Mazraeh Chabishat
    Naami Helichi Sayahi Heidari Mousavi""",
)

_BALUCH = """
Abdolrahman|عبدالرحمن|Abdolrahman,Abdorrahman|عبدالرحمان|Abdul Rahman,Abdurrahman
Abdolmajid|عبدالمجید|Abdolmajid,Abdulmajid|عبدالمجید|Abdul Majeed
Abdolvahed|عبدالواحد|Abdolvahed,Abdulvahed|عبدالواحد|Abdul Wahid
Eidmohammad|عیدمحمد|Eidmohammad,Eid-Mohammad|عیدمحمد|Eid Muhammad
Dadshah|دادشاه|Dadshah|دادشاه|Dad Shah
Yarmohammad|یارمحمد|Yarmohammad,Yar-Mohammad|یارمحمد|Yar Muhammad
Khodabakhsh|خدابخش|Khodabakhsh,Khodabakhch|خدابخش|Khuda Bakhsh
Nourahmad|نوراحمد|Nourahmad,Nour-Ahmad|نوراحمد|Noor Ahmed
Dorrmohammad|درمحمد|Dormohammad,Dorr-Mohammad|درمحمد|Dur Muhammad
Moslem|مسلم|Moslem,Mosallam|مسلم|Muslim
Zobeir|زبیر|Zobeir,Zobair|زبیر|Zubair
Jalil|جلیل|Jalil|جلیل|Jaleel
Yaser|یاسر|Yaser,Yasser|یاسر|Yasir
Mahgol|ماهگل|Mahgol|ماهگل|Mahgul
Banuk|بانوک|Banouk,Banuk|بانوک|Banuk
Hava|حوا|Hava,Havva|حوا|Hawa
Aisheh|عایشه|Aisheh,Ayesheh|عائشه|Ayesha,Aisha
Brahouei|براهویی|Brahouei,Barahouei|براهوئی|Brahui
Gomshadzehi|گمشادزهی|Gomshadzehi,Gamshadzehi|گمشادزئی|Gamshadzai
Shahnavazi|شه‌نوازی|Shahnavazi,Shahnawazi|شهنوازی|Shahnawazi
Sarbazi|سربازی|Sarbazi|سربازی|Sarbazi
Mirshekar|میرشکار|Mirshekar,Mirshekari|میرشکار|Mir Shikar
Baloch|بلوچ|Baluch,Baloch|بلوچ|Baloch
Raeisi|رئیسی|Raeisi,Raisi|رئیسی|Raisani
Hout|حوت|Hout,Hoot|حوت|Hoth
Mollazehi|ملازهی|Mollazehi,Molazehi|ملازئی|Mullazai
Kahrazehi|کهرازهی|Kahrazehi|کهرازئی|Kahrazai
Esmailzehi|اسماعیل‌زهی|Esmailzehi,Ismailzehi|اسماعیل‌زئی|Ismailzai
Bameri|بامری|Bameri|بامری|Bamri
Dahmardeh|دهمرده|Dahmardeh,Dehmardeh|دهمرده|Dahmarda
Sargolzaei|سرگلزایی|Sargolzaei,Sargolzaee|سرگلزئی|Sargulzai
Mirlashari|میرلاشاری|Mirlashari|میرلاشاری|Mir Lashari
Rakhshani|رخشانی|Rakhshani|رخشانی|Rakhshani
Dorrazehi|درازهی|Dorrazehi,Derazehi|درازئی|Durrazai
Hosseinbor|حسین‌بر|Hosseinbor,Hoseinbor|حسین‌بر|Husainbur
Eidouzehi|عیدوزهی|Eidouzehi,Eiduzehi|عیدوزئی|Eiduzai
Baranzehi|بارانزهی|Baranzehi|بارانزئی|Baranzai
Jahantigh|جهانتیغ|Jahantigh,Jahantiq|جهانتیغ|Jahantegh
Rigi|||ریکی|Reki,Rigi
Shahbakhsh|||شاه‌بخش|Shah Bakhsh
Narouei|||نارویی|Narui,Naroi
Mohammad|||محمد|Muhammad
Abdollah|||عبدالله|Abdullah
Ahmad|||احمد|Ahmed
"""
_BALUCH_NAMES = (
    """Mohammad Abdolrahman Abdolmajid Abdolvahed Eidmohammad Dadshah Yarmohammad Khodabakhsh
    Nourahmad Dorrmohammad Ayoub Osman Omar Abdollah Esmaeil Hamid Moslem Ebrahim Ahmad Zobeir
    Jalil Yaser Ali Rahim Karim""",
    """Mahgol Banuk Hava Aisheh Zeinab Khadijeh Maryam Amineh Fatemeh""",
    """Rigi Shahbakhsh Narouei Brahouei Gomshadzehi Shahnavazi Sarbazi Mirshekar Baloch Raeisi Hout
    Mollazehi Kahrazehi Esmailzehi Bameri Dahmardeh Sargolzaei Mirlashari Rakhshani Dorrazehi
    Hosseinbor Eidouzehi Baranzehi Jahantigh""",
)

_AZERI = """
Aydin|آیدین|Aydin|آیدین|Aydın
Ilyar|ایلیار|Ilyar,Eilyar|ایلیار|İlyar
Yashar|یاشار|Yashar|یاشار|Yaşar
Savalan|ساوالان|Savalan|ساوالان|Savalan
Elchin|الچین|Elchin|ائلچین|Elçin
Sahand|سهند|Sahand|سهند|Səhənd
Araz|آراز|Araz|آراز|Araz
Ulduz|اولدوز|Ulduz,Oldouz|اولدوز|Ulduz
Sevda|سودا|Sevda|سئودا|Sevda
Aynaz|آیناز|Aynaz|آیناز|Aynaz
Gunay|گونای|Gunay,Gounay|گونای|Günay
Aygun|آیگون|Aygun|آیگون|Aygün
Nazli|نازلی|Nazli|نازلی|Nazlı
Aysel|آیسل|Aysel|آیسل|Aysel
Azari|آذری|Azari|آذری|Azəri
Khalkhali|خلخالی|Khalkhali|خلخالی|Xalxali
Ahari|اهری|Ahari|اهری|Əhəri
Marandi|مرندی|Marandi|مرندی|Mərəndi
Ardabili|اردبیلی|Ardabili,Ardebili|اردبیلی|Ərdəbili
Sarabi|سرابی|Sarabi|سرابی|Sərabi
Khoei|خویی|Khoei,Khoyi|خویی|Xoyi
Salmasi|سلماسی|Salmasi|سلماسی|Salması
Rahimlou|رحیملو|Rahimlou,Rahimlu|رحیملی|Rəhimli
Hasanlou|حسنلو|Hasanlou,Hassanlu|حسنلی|Həsənli
Alilou|علیلو|Alilou,Aliloo|علیلی|Əlili
Gholi|قلی|Gholi,Qoli|قولو|Qulu
Shabestari|شبستری|Shabestari|شبستری|Şəbüstəri
Aslani|اصلانی|Aslani|اصلانی|Aslanı
Gharabaghi|قره‌باغی|Gharabaghi,Qarabaghi|قاراباغی|Qarabağı
Jabbari|جباری|Jabbari|جبّاری|Cabbari
Bayat|بیات|Bayat|بیات|Bayat
Afshar|افشار|Afshar|افشار|Əfşar
Gharagozlou|قراگزلو|Gharagozlou,Qaragozlu|قاراگؤزلو|Qaragözlü
Tork|ترک|Tork,Turk|تۆرک|Türk
Mohammad|||محمد|Məhəmməd,Məmməd
Ali|||علی|Əli
Hossein|||حسین|Hüseyn
Hassan|||حسن|Həsən
Reza|||رضا|Rza
Jafar|||جعفر|Cəfər
Akbar|||اکبر|Əkbər
Asghar|||اصغر|Əsgər
Ebrahim|||ابراهیم|İbrahim
Yousef|||یوسف|Yusif
Kazem|||کاظم|Kazım
Ghasem|||قاسم|Qasım
Rasoul|||رسول|Rəsul
Rahim|||رحیم|Rəhim
Karim|||کریم|Kərim
Majid|||مجید|Məcid
Hamid|||حمید|Həmid
Babak|||بابک|Babək
Fatemeh|||فاطمه|Fatimə
Zahra|||زهرا|Zəhra
Leila|||لیلا|Leyla
Zadeh|||زاده|zadə,zade
"""
_AZERI_NAMES = (
    """Mohammad Ali Hossein Hassan Reza Jafar Akbar Asghar Ebrahim Yousef Kazem Ghasem Rasoul Rahim
    Karim Majid Hamid Babak Aydin Ilyar Yashar Savalan Elchin Sahand Araz Abbas Mehdi Ramin
    Mohammad+Reza Ali+Reza Behrouz Sajjad""",
    """Fatemeh Zahra Leila Ulduz Sevda Aynaz Gunay Aygun Nazli Aysel Maryam Elham""",
    """Azari Khalkhali Ahari Marandi Ardabili Sarabi Khoei Salmasi Rahimlou Hasanlou Alilou
    Gholi+Zadeh Shabestari Aslani Gharabaghi Jabbari Bayat Afshar Gharagozlou Tork Ali+Zadeh
    Hossein+Zadeh Hassan+Zadeh Mohammad+Zadeh Rahim+Zadeh Ghasem+Zadeh Taghi+Zadeh Rezaei
    Babaei Jafari Akbari""",
)

_LUR = """
Alimardan|علیمردان|Alimardan,Ali-Mardan|علیمردون|Alimardoun
Khodakaram|خداکرم|Khodakaram|خداکرم|Khodakaram
Shahmorad|شاهمراد|Shahmorad|شاهمراد|Shamorad
Papi|پاپی|Papi|پاپی|Papi
Mirzavand|میرزاوند|Mirzavand|میرزاوند|Mirzawand
Hasanvand|حسنوند|Hasanvand,Hassanvand|حسنوند|Hasanwand
Kakavand|کاکاوند|Kakavand|کاکاوند|Kakawand
Amraei|امرائی|Amraei,Amrai|امرایی|Amraee
Chegini|چگینی|Chegini|چگنی|Chegeni
Direkvand|دیرکوند|Direkvand,Dirakvand|دیرکوند|Dirakwand
Zarasvand|زراسوند|Zarasvand|زراسوند|Zaraswand
Ahmadvand|احمدوند|Ahmadvand|احمدوند|Ahmadwand
Khodadadi|خدادادی|Khodadadi|خدادادی|Khodadadi
Mombeini|ممبینی|Mombeini,Mombeyni|ممبینی|Mombeni
Babadi|بابادی|Babadi|بابادی|Babadi
Boyerahmadi|بویراحمدی|Boyerahmadi,Boyer-Ahmadi|بویراحمدی|Boyrahmadi
Dehdashti|دهدشتی|Dehdashti|دهدشتی|Dehdashti
Kianersi|کیان‌ارثی|Kianersi,Kiyanersi|کیانرسی|Kianarsi
"""
_LUR_NAMES = (
    """Ali Mohammad Hossein Alimardan Khodakaram Shahmorad Morad Rostam Bahador Khosrow Jahangir
    Bahram Reza Karim Abbas Gholam+Reza Ali+Reza Hamid Mehdi Javad Kazem Nader""",
    """Fatemeh Zahra Khatoun Gohar Maryam Masoumeh Leila Zeinab""",
    """Beiranvand Sepahvand Dalvand Kiani Bakhtiari Bahmani Papi Mirzavand Hasanvand Kakavand
    Amraei Chegini Direkvand Zarasvand Ahmadvand Khodadadi Mombeini Babadi Boyerahmadi Dehdashti
    Kianersi Moradi Karami""",
)

_TURKMEN = """
Gurban|قربان|Ghorban,Gorban|قربان|Gurban
Berdi|بردی|Berdi|بردی|Berdi
Annamohammad|آنامحمد|Annamohammad|آنامحمد|Annamämmet
Atamorad|آتامراد|Atamorad,Atamurad|آتامراد|Atamyrat
Geldi|گلدی|Geldi|گلدی|Geldi
Begench|بگنج|Begench|بگنچ|Begenç
Durdi|دردی|Dordi,Durdi|دوردی|Durdy
Maral|مارال|Maral|مارال|Maral
Ayna|آینا|Ayna|آینا|Aýna
Golnar|گلنار|Golnar,Gulnar|گولنار|Gülnar
Jeren|جرن|Jeren|جرن|Jeren
Kalteh|کلته|Kalteh,Kalte|کلته|Kalte
Ghojogh|قوجق|Ghojogh,Qojoq|قوجوق|Gojuk
Ghelichi|قلیچی|Ghelichi,Qelichi|قیلیچ|Gylyç
Aghtabai|آق‌تابای|Aghtabai,Aqtabai|آقتابای|Akdabaý
Yomouti|یموتی|Yomouti,Yamouti|یموت|Ýomut
Gharajeh|قره‌جه|Gharajeh,Qarajeh|قاراجا|Garaja
Mohammad|||محمد|Mämmet,Muhammet
Reza|||رضا|Reza
"""
_TURKMEN_NAMES = (
    """Mohammad Gurban Berdi Annamohammad Atamorad Geldi Begench Durdi Abdollah Rahman Ahmad Ali
    Yousef Osman""",
    """Maral Ayna Golnar Jeren Fatemeh Aisheh""",
    """Kalteh Ghojogh Ghelichi Aghtabai Yomouti Gharajeh Berdi Ahmadi Mohammadi""",
)

_PEOPLE_SPECS: dict[str, tuple[str, tuple[str, str, str]]] = {
    "kurdish": (_KURDISH, _KURDISH_NAMES),
    "arab": (_ARAB, _ARAB_NAMES),
    "baluch": (_BALUCH, _BALUCH_NAMES),
    "azeri": (_AZERI, _AZERI_NAMES),
    "lur": (_LUR, _LUR_NAMES),
    "turkmen": (_TURKMEN, _TURKMEN_NAMES),
}

# Province key -> {people: share of the province's victims}; the rest is Persian-speaking.
SHARES: dict[str, dict[str, float]] = {
    "kurdistan": {"kurdish": 0.9, "azeri": 0.03},
    "kermanshah": {"kurdish": 0.75, "lur": 0.12},
    "west_azerbaijan": {"azeri": 0.5, "kurdish": 0.45},
    "east_azerbaijan": {"azeri": 0.92},
    "ardabil": {"azeri": 0.95},
    "zanjan": {"azeri": 0.85},
    "qazvin": {"azeri": 0.35},
    "hamadan": {"azeri": 0.25, "lur": 0.05},
    "ilam": {"kurdish": 0.6, "lur": 0.25},
    "khuzestan": {"arab": 0.5, "lur": 0.2},
    "sistan": {"baluch": 0.65},
    "hormozgan": {"baluch": 0.1, "arab": 0.05},
    "kerman": {"baluch": 0.06},
    "lorestan": {"lur": 0.85},
    "kohgiluyeh": {"lur": 0.85},
    "bushehr": {"arab": 0.06, "lur": 0.05},
    "isfahan": {"lur": 0.08},
    "fars": {"lur": 0.06},
    "razavi_khorasan": {"turkmen": 0.08, "baluch": 0.02, "kurdish": 0.03},
    "mazandaran": {"turkmen": 0.06},
    "tehran": {"azeri": 0.15, "kurdish": 0.03, "lur": 0.03},
    "alborz": {"azeri": 0.2, "kurdish": 0.03},
    "gilan": {"azeri": 0.05},
}


def _split(spec: str) -> tuple[str, ...]:
    return tuple(spec.split())


def _parse(text: str, tokens: dict[str, Token]) -> dict[str, tuple[str, tuple[str, ...]]]:
    own: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in text.strip().splitlines():
        key, fa, latin, own_fa, own_latin = line.split("|")
        if fa:
            tokens.setdefault(key, Token(key, fa, tuple(latin.split(","))))
        elif key not in tokens:
            raise ValueError(f"own spelling for unknown token {key!r}")
        own[key] = (own_fa, tuple(s for s in own_latin.split(",") if s))
    return own


def _build() -> tuple[dict[str, Token], tuple[PeopleBank, ...]]:
    tokens: dict[str, Token] = dict(names_bank.TOKENS)
    for line in _EXTRA_TOKENS.strip().splitlines():
        key, fa, latin = line.split("|")
        tokens.setdefault(key, Token(key, fa, tuple(latin.split(","))))
    classic_male = tuple(e.key for e in names_bank.MALE_GIVEN)
    classic_female = tuple(e.key for e in names_bank.FEMALE_GIVEN)
    banks = [
        PeopleBank(
            "persian",
            classic_male + _split(_PERSIAN_MALE),
            classic_female + _split(_PERSIAN_FEMALE),
            tuple(e.key for e in names_bank.SURNAMES if e.region is None),
        )
    ]
    for name, (text, (male, female, family)) in _PEOPLE_SPECS.items():
        own = _parse(text, tokens)
        banks.append(PeopleBank(name, _split(male), _split(female), _split(family), own))
    return tokens, tuple(banks)


TOKENS, BANKS = _build()


@dataclass(frozen=True)
class NameBank:
    """Every given name and surname a population may carry, and each people's share of them.

    The classic bank (`CLASSIC`) is `names_bank.GIVEN` / `names_bank.SURNAMES`; the field bank
    (`FIELD`) appends the names of the extended Persian bank and of the peoples, so indices of
    the classic names are the same in both.
    """

    given: tuple[NameEntry, ...]
    surnames: tuple[NameEntry, ...]
    tokens: dict[str, Token]
    peoples: tuple[PeopleBank, ...] = ()

    def given_index(self) -> dict[str, int]:
        return {e.key: i for i, e in enumerate(self.given)}

    def surname_index(self) -> dict[str, int]:
        return {e.key: i for i, e in enumerate(self.surnames)}

    def own(self, people: int) -> dict[str, tuple[str, tuple[str, ...]]]:
        return self.peoples[people].own if self.peoples else {}


def _entry(key: str, tokens: dict[str, Token]) -> NameEntry:
    return NameEntry(tuple(tokens[k] for k in key.split("+")))


def _field_bank() -> NameBank:
    given = list(names_bank.GIVEN)
    surnames = list(names_bank.SURNAMES)
    seen_g = {e.key for e in given}
    seen_s = {e.key for e in surnames}
    for bank in BANKS:
        for key in (*bank.male, *bank.female):
            if key not in seen_g:
                seen_g.add(key)
                given.append(_entry(key, TOKENS))
        for key in bank.surnames:
            if key not in seen_s:
                seen_s.add(key)
                surnames.append(_entry(key, TOKENS))
    return NameBank(tuple(given), tuple(surnames), TOKENS, BANKS)


CLASSIC = NameBank(names_bank.GIVEN, names_bank.SURNAMES, names_bank.TOKENS)
FIELD = _field_bank()
