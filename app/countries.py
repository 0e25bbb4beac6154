"""ISO 3166-1 countries: alpha-2 and alpha-3 codes with English and Russian names.

Bulletins name their issuing country by code, and not always the same kind of code (the
regional feed uses alpha-2, ``KZ``; older national systems alpha-3, ``KAZ``). An officer
may type either, or the name in either language (``Kazakhstan``, ``Казахстан``,
``казахстан``). :func:`find_country` resolves all of these; :func:`filter_codes` gives the
codes a filter must match.

The table is typed from the published ISO 3166-1 list (English short names as ISO
publishes them; Russian short names as in the Russian classifier of countries, OKSM),
not generated. A few names people commonly use instead (``Russia``, ``USA``, ``Россия``,
``Кыргызстан``) are accepted as aliases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """One ISO 3166-1 entry."""

    alpha2: str
    alpha3: str
    name_en: str
    name_ru: str

    def name(self, language: str) -> str:
        """The name in ``language`` ("ru", else English)."""
        return self.name_ru if language == "ru" else self.name_en


# alpha-2, alpha-3, English name | Russian name
_TABLE = """
AF AFG Afghanistan|Афганистан
AX ALA Åland Islands|Аландские острова
AL ALB Albania|Албания
DZ DZA Algeria|Алжир
AS ASM American Samoa|Американское Самоа
AD AND Andorra|Андорра
AO AGO Angola|Ангола
AI AIA Anguilla|Ангилья
AQ ATA Antarctica|Антарктида
AG ATG Antigua and Barbuda|Антигуа и Барбуда
AR ARG Argentina|Аргентина
AM ARM Armenia|Армения
AW ABW Aruba|Аруба
AU AUS Australia|Австралия
AT AUT Austria|Австрия
AZ AZE Azerbaijan|Азербайджан
BS BHS Bahamas|Багамы
BH BHR Bahrain|Бахрейн
BD BGD Bangladesh|Бангладеш
BB BRB Barbados|Барбадос
BY BLR Belarus|Беларусь
BE BEL Belgium|Бельгия
BZ BLZ Belize|Белиз
BJ BEN Benin|Бенин
BM BMU Bermuda|Бермуды
BT BTN Bhutan|Бутан
BO BOL Bolivia|Боливия
BQ BES Bonaire, Sint Eustatius and Saba|Бонэйр, Синт-Эстатиус и Саба
BA BIH Bosnia and Herzegovina|Босния и Герцеговина
BW BWA Botswana|Ботсвана
BV BVT Bouvet Island|Остров Буве
BR BRA Brazil|Бразилия
IO IOT British Indian Ocean Territory|Британская территория в Индийском океане
BN BRN Brunei Darussalam|Бруней-Даруссалам
BG BGR Bulgaria|Болгария
BF BFA Burkina Faso|Буркина-Фасо
BI BDI Burundi|Бурунди
CV CPV Cabo Verde|Кабо-Верде
KH KHM Cambodia|Камбоджа
CM CMR Cameroon|Камерун
CA CAN Canada|Канада
KY CYM Cayman Islands|Острова Кайман
CF CAF Central African Republic|Центральноафриканская Республика
TD TCD Chad|Чад
CL CHL Chile|Чили
CN CHN China|Китай
CX CXR Christmas Island|Остров Рождества
CC CCK Cocos (Keeling) Islands|Кокосовые (Килинг) острова
CO COL Colombia|Колумбия
KM COM Comoros|Коморы
CG COG Congo|Конго
CD COD Congo, Democratic Republic of the|Демократическая Республика Конго
CK COK Cook Islands|Острова Кука
CR CRI Costa Rica|Коста-Рика
CI CIV Côte d'Ivoire|Кот-д'Ивуар
HR HRV Croatia|Хорватия
CU CUB Cuba|Куба
CW CUW Curaçao|Кюрасао
CY CYP Cyprus|Кипр
CZ CZE Czechia|Чехия
DK DNK Denmark|Дания
DJ DJI Djibouti|Джибути
DM DMA Dominica|Доминика
DO DOM Dominican Republic|Доминиканская Республика
EC ECU Ecuador|Эквадор
EG EGY Egypt|Египет
SV SLV El Salvador|Сальвадор
GQ GNQ Equatorial Guinea|Экваториальная Гвинея
ER ERI Eritrea|Эритрея
EE EST Estonia|Эстония
SZ SWZ Eswatini|Эсватини
ET ETH Ethiopia|Эфиопия
FK FLK Falkland Islands (Malvinas)|Фолклендские острова (Мальвинские)
FO FRO Faroe Islands|Фарерские острова
FJ FJI Fiji|Фиджи
FI FIN Finland|Финляндия
FR FRA France|Франция
GF GUF French Guiana|Французская Гвиана
PF PYF French Polynesia|Французская Полинезия
TF ATF French Southern Territories|Французские Южные территории
GA GAB Gabon|Габон
GM GMB Gambia|Гамбия
GE GEO Georgia|Грузия
DE DEU Germany|Германия
GH GHA Ghana|Гана
GI GIB Gibraltar|Гибралтар
GR GRC Greece|Греция
GL GRL Greenland|Гренландия
GD GRD Grenada|Гренада
GP GLP Guadeloupe|Гваделупа
GU GUM Guam|Гуам
GT GTM Guatemala|Гватемала
GG GGY Guernsey|Гернси
GN GIN Guinea|Гвинея
GW GNB Guinea-Bissau|Гвинея-Бисау
GY GUY Guyana|Гайана
HT HTI Haiti|Гаити
HM HMD Heard Island and McDonald Islands|Остров Херд и острова Макдональд
VA VAT Holy See|Святой Престол (Ватикан)
HN HND Honduras|Гондурас
HK HKG Hong Kong|Гонконг
HU HUN Hungary|Венгрия
IS ISL Iceland|Исландия
IN IND India|Индия
ID IDN Indonesia|Индонезия
IR IRN Iran|Иран
IQ IRQ Iraq|Ирак
IE IRL Ireland|Ирландия
IM IMN Isle of Man|Остров Мэн
IL ISR Israel|Израиль
IT ITA Italy|Италия
JM JAM Jamaica|Ямайка
JP JPN Japan|Япония
JE JEY Jersey|Джерси
JO JOR Jordan|Иордания
KZ KAZ Kazakhstan|Казахстан
KE KEN Kenya|Кения
KI KIR Kiribati|Кирибати
KP PRK Korea, Democratic People's Republic of|Корейская Народно-Демократическая Республика
KR KOR Korea, Republic of|Республика Корея
KW KWT Kuwait|Кувейт
KG KGZ Kyrgyzstan|Киргизия
LA LAO Lao People's Democratic Republic|Лаос
LV LVA Latvia|Латвия
LB LBN Lebanon|Ливан
LS LSO Lesotho|Лесото
LR LBR Liberia|Либерия
LY LBY Libya|Ливия
LI LIE Liechtenstein|Лихтенштейн
LT LTU Lithuania|Литва
LU LUX Luxembourg|Люксембург
MO MAC Macao|Макао
MG MDG Madagascar|Мадагаскар
MW MWI Malawi|Малави
MY MYS Malaysia|Малайзия
MV MDV Maldives|Мальдивы
ML MLI Mali|Мали
MT MLT Malta|Мальта
MH MHL Marshall Islands|Маршалловы Острова
MQ MTQ Martinique|Мартиника
MR MRT Mauritania|Мавритания
MU MUS Mauritius|Маврикий
YT MYT Mayotte|Майотта
MX MEX Mexico|Мексика
FM FSM Micronesia|Микронезия
MD MDA Moldova|Молдова
MC MCO Monaco|Монако
MN MNG Mongolia|Монголия
ME MNE Montenegro|Черногория
MS MSR Montserrat|Монтсеррат
MA MAR Morocco|Марокко
MZ MOZ Mozambique|Мозамбик
MM MMR Myanmar|Мьянма
NA NAM Namibia|Намибия
NR NRU Nauru|Науру
NP NPL Nepal|Непал
NL NLD Netherlands|Нидерланды
NC NCL New Caledonia|Новая Каледония
NZ NZL New Zealand|Новая Зеландия
NI NIC Nicaragua|Никарагуа
NE NER Niger|Нигер
NG NGA Nigeria|Нигерия
NU NIU Niue|Ниуэ
NF NFK Norfolk Island|Остров Норфолк
MK MKD North Macedonia|Северная Македония
MP MNP Northern Mariana Islands|Северные Марианские острова
NO NOR Norway|Норвегия
OM OMN Oman|Оман
PK PAK Pakistan|Пакистан
PW PLW Palau|Палау
PS PSE Palestine, State of|Государство Палестина
PA PAN Panama|Панама
PG PNG Papua New Guinea|Папуа — Новая Гвинея
PY PRY Paraguay|Парагвай
PE PER Peru|Перу
PH PHL Philippines|Филиппины
PN PCN Pitcairn|Питкэрн
PL POL Poland|Польша
PT PRT Portugal|Португалия
PR PRI Puerto Rico|Пуэрто-Рико
QA QAT Qatar|Катар
RE REU Réunion|Реюньон
RO ROU Romania|Румыния
RU RUS Russian Federation|Российская Федерация
RW RWA Rwanda|Руанда
BL BLM Saint Barthélemy|Сен-Бартелеми
SH SHN Saint Helena, Ascension and Tristan da Cunha|Острова Св. Елены, Вознесения и Тристан-да-Кунья
KN KNA Saint Kitts and Nevis|Сент-Китс и Невис
LC LCA Saint Lucia|Сент-Люсия
MF MAF Saint Martin (French part)|Сен-Мартен (французская часть)
PM SPM Saint Pierre and Miquelon|Сен-Пьер и Микелон
VC VCT Saint Vincent and the Grenadines|Сент-Винсент и Гренадины
WS WSM Samoa|Самоа
SM SMR San Marino|Сан-Марино
ST STP Sao Tome and Principe|Сан-Томе и Принсипи
SA SAU Saudi Arabia|Саудовская Аравия
SN SEN Senegal|Сенегал
RS SRB Serbia|Сербия
SC SYC Seychelles|Сейшелы
SL SLE Sierra Leone|Сьерра-Леоне
SG SGP Singapore|Сингапур
SX SXM Sint Maarten (Dutch part)|Синт-Мартен (нидерландская часть)
SK SVK Slovakia|Словакия
SI SVN Slovenia|Словения
SB SLB Solomon Islands|Соломоновы Острова
SO SOM Somalia|Сомали
ZA ZAF South Africa|Южная Африка
GS SGS South Georgia and the South Sandwich Islands|Южная Георгия и Южные Сандвичевы острова
SS SSD South Sudan|Южный Судан
ES ESP Spain|Испания
LK LKA Sri Lanka|Шри-Ланка
SD SDN Sudan|Судан
SR SUR Suriname|Суринам
SJ SJM Svalbard and Jan Mayen|Шпицберген и Ян-Майен
SE SWE Sweden|Швеция
CH CHE Switzerland|Швейцария
SY SYR Syrian Arab Republic|Сирийская Арабская Республика
TW TWN Taiwan|Тайвань
TJ TJK Tajikistan|Таджикистан
TZ TZA Tanzania, United Republic of|Танзания
TH THA Thailand|Таиланд
TL TLS Timor-Leste|Тимор-Лесте
TG TGO Togo|Того
TK TKL Tokelau|Токелау
TO TON Tonga|Тонга
TT TTO Trinidad and Tobago|Тринидад и Тобаго
TN TUN Tunisia|Тунис
TR TUR Türkiye|Турция
TM TKM Turkmenistan|Туркменистан
TC TCA Turks and Caicos Islands|Острова Теркс и Кайкос
TV TUV Tuvalu|Тувалу
UG UGA Uganda|Уганда
UA UKR Ukraine|Украина
AE ARE United Arab Emirates|Объединённые Арабские Эмираты
GB GBR United Kingdom|Великобритания
US USA United States of America|Соединённые Штаты Америки
UM UMI United States Minor Outlying Islands|Внешние малые острова США
UY URY Uruguay|Уругвай
UZ UZB Uzbekistan|Узбекистан
VU VUT Vanuatu|Вануату
VE VEN Venezuela|Венесуэла
VN VNM Viet Nam|Вьетнам
VG VGB Virgin Islands (British)|Британские Виргинские острова
VI VIR Virgin Islands (U.S.)|Виргинские острова (США)
WF WLF Wallis and Futuna|Уоллис и Футуна
EH ESH Western Sahara|Западная Сахара
YE YEM Yemen|Йемен
ZM ZMB Zambia|Замбия
ZW ZWE Zimbabwe|Зимбабве
"""

# Names in common use that differ from the ISO short names, by alpha-2.
_ALIASES: dict[str, tuple[str, ...]] = {
    "RU": ("Russia", "Россия", "РФ"),
    "KG": ("Kyrgyz Republic", "Кыргызстан", "Киргизстан", "Кыргызская Республика"),
    "MD": ("Moldova, Republic of", "Republic of Moldova", "Молдавия", "Республика Молдова"),
    "BY": ("Belarus, Republic of", "Белоруссия", "Республика Беларусь"),
    "TM": ("Туркмения",),
    "KZ": ("Republic of Kazakhstan", "Республика Казахстан"),
    "UZ": ("Republic of Uzbekistan", "Республика Узбекистан"),
    "TJ": ("Republic of Tajikistan", "Республика Таджикистан"),
    "US": ("United States", "USA", "U.S.A.", "США", "Соединенные Штаты"),
    "GB": ("UK", "Great Britain", "Britain", "Британия", "Соединённое Королевство"),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic", "Чешская Республика"),
    "KR": ("South Korea", "Южная Корея", "Корея"),
    "KP": ("North Korea", "Северная Корея", "КНДР"),
    "SY": ("Syria", "Сирия"),
    "LA": ("Laos",),
    "VN": ("Vietnam",),
    "IR": ("Iran, Islamic Republic of", "Исламская Республика Иран"),
    "MK": ("Macedonia", "Македония"),
    "BO": ("Bolivia (Plurinational State of)",),
    "VE": ("Venezuela (Bolivarian Republic of)",),
    "SZ": ("Swaziland", "Свазиленд"),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "MM": ("Burma", "Бирма"),
    "VA": ("Vatican", "Ватикан"),
    "AE": ("UAE", "ОАЭ"),
    "CN": ("China, People's Republic of", "КНР"),
    "TZ": ("Tanzania",),
    "CD": ("DR Congo", "DRC", "ДР Конго"),
    "PS": ("Palestine", "Палестина"),
    "FM": ("Micronesia, Federated States of",),
}


def _parse() -> tuple[Country, ...]:
    out = []
    for line in _TABLE.strip().splitlines():
        a2, a3, names = line.split(" ", 2)
        en, ru = names.split("|")
        out.append(Country(a2, a3, en, ru))
    return tuple(out)


#: Every ISO 3166-1 country, in the order of the English names.
COUNTRIES: tuple[Country, ...] = _parse()

_PUNCT = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Case, accents, ё/е, punctuation and spacing folded: the form names are compared in."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", folded).split())


def _index() -> dict[str, Country]:
    by_key: dict[str, Country] = {}
    by_alpha2 = {c.alpha2: c for c in COUNTRIES}
    for c in COUNTRIES:
        for key in (c.alpha2, c.alpha3, c.name_en, c.name_ru):
            by_key.setdefault(normalise(key), c)
    for alpha2, names in _ALIASES.items():
        for name in names:
            by_key.setdefault(normalise(name), by_alpha2[alpha2])
    return by_key


_BY_KEY = _index()


def find_country(text: str) -> Country | None:
    """The country ``text`` names: an alpha-2 or alpha-3 code or a name in English or
    Russian, in any case (None when it names none)."""
    key = normalise(text)
    return _BY_KEY.get(key) if key else None


def filter_codes(text: str) -> tuple[str, ...]:
    """The codes a country filter must match for ``text``: both codes of the country it
    names; empty when it names no country."""
    country = find_country(text)
    return (country.alpha2, country.alpha3) if country else ()


def suggestions(prefix: str, language: str, limit: int = 12) -> list[Country]:
    """Countries whose name (in ``language`` or English) or code starts with ``prefix``."""
    key = normalise(prefix)
    if not key:
        return []
    found = [
        c
        for c in COUNTRIES
        if normalise(c.name(language)).startswith(key)
        or normalise(c.name_en).startswith(key)
        or key in (c.alpha2.casefold(), c.alpha3.casefold())
    ]
    return found[:limit]


__all__ = ["COUNTRIES", "Country", "filter_codes", "find_country", "normalise", "suggestions"]
