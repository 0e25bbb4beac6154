"""Name material for generated data: people of Russia and Central Asia, in Cyrillic and
Latin spellings, each spelling kept separately as real notices carry them."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Per country: language, surnames (Cyrillic, national Latin or ""), male and female given
# names (Cyrillic, national Latin or ""). National Latin is official in Uzbekistan and
# Turkmenistan; elsewhere the Latin spellings come from transliteration.
_Pair = tuple[str, str]


@dataclass(frozen=True)
class Country:
    """Name material of one country."""

    code: str
    lang: str
    surnames: tuple[_Pair, ...]
    male: tuple[_Pair, ...]
    female: tuple[_Pair, ...]
    patronymics: bool = False


def _names(text: str) -> tuple[_Pair, ...]:
    """Parse ``"Каримов:Karimov Юсупов ..."``: Cyrillic, optional national Latin."""
    pairs = []
    for word in text.split():
        cyrillic, _, latin = word.partition(":")
        pairs.append((cyrillic, latin))
    return tuple(pairs)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "RU",
        "ru",
        _names(
            "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков "
            "Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв "
            "Фёдоров"
        ),
        _names(
            "Александр Дмитрий Максим Сергей Андрей Алексей Артём Илья Кирилл Михаил Никита "
            "Евгений Юрий Владимир Пётр"
        ),
        _names("Анна Мария Елена Ольга Наталья Татьяна Юлия Екатерина Ирина Светлана Ксения"),
        patronymics=True,
    ),
    Country(
        "KZ",
        "kk",
        _names(
            "Нурланов Сериков Ахметов Жумабаев Касымов Абенов Сагинтаев Байжанов Оспанов "
            "Кенжебаев Мухамедов Әбдірахманов Қасымов"
        ),
        _names("Нурлан Ерлан Асхат Бауыржан Даурен Айдос Ержан Серик Арман Талгат Ғалым Жандос"),
        _names("Айгерим Динара Гульнара Асель Жанар Меруерт Айжан Сәуле"),
    ),
    Country(
        "KG",
        "ky",
        _names(
            "Асанов Токтогулов Абдыкадыров Жээнбеков Мамбетов Осмонов Турдуев Сатыбалдиев "
            "Керимбеков Бөкөнбаев Үсөнов"
        ),
        _names("Алмаз Бакыт Нурбек Эрлан Азамат Жыргалбек Улан Талант Эрмек Өмүрбек"),
        _names("Айпери Гүлзат Нургүл Жылдыз Айдана Бермет"),
    ),
    Country(
        "UZ",
        "uz",
        _names(
            "Каримов:Karimov Юсупов:Yusupov Рахимов:Rahimov Турсунов:Tursunov Алиев:Aliyev "
            "Абдуллаев:Abdullayev Исмоилов:Ismoilov Холматов:Xolmatov Эргашев:Ergashev "
            "Мирзаев:Mirzayev Ўринбоев:O'rinboyev Қодиров:Qodirov"
        ),
        _names(
            "Шерзод:Sherzod Бахтиёр:Baxtiyor Отабек:Otabek Жасур:Jasur Улуғбек:Ulug'bek "
            "Рустам:Rustam Фаррух:Farrux Дилшод:Dilshod Ўткир:O'tkir"
        ),
        _names(
            "Дилноза:Dilnoza Нилуфар:Nilufar Гулнора:Gulnora Мадина:Madina "
            "Шаҳноза:Shahnoza Зарина:Zarina"
        ),
    ),
    Country(
        "TJ",
        "tg",
        _names(
            "Раҳмонов Саидов Назаров Шарипов Давлатов Худойбердиев Камолов Олимов Мирзоев "
            "Сафаров Ҷӯраев"
        ),
        _names("Фирдавс Шаҳриёр Далер Парвиз Фаридун Суҳроб Беҳруз Манучеҳр Ҷамшед"),
        _names("Малика Зарина Нигина Фарангис Таҳмина"),
    ),
    Country(
        "TM",
        "tk",
        _names(
            "Бердыев:Berdiýew Атаев:Ataýew Мурадов:Myradow Оразов:Orazow Аннаев:Annaýew "
            "Гурбанов:Gurbanow Чарыев:Çaryýew Нурыев:Nuryýew"
        ),
        _names(
            "Мердан:Merdan Батыр:Batyr Сердар:Serdar Довлет:Döwlet Максат:Maksat "
            "Ровшен:Rowşen Язмырат:Ýazmyrat"
        ),
        _names("Огулджан:Oguljan Джерен:Jeren Айна:Aýna Мая:Maýa Гулялек:Gülälek"),
    ),
)

# ICAO Doc 9303 transliteration (machine-readable passports), extended with the letters
# of Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic.
_ICAO = dict(
    pair.split("=")
    for pair in (
        "а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t "
        "у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia ә=a ғ=g қ=k ң=n ө=o "
        "ұ=u ү=u һ=h і=i ҳ=h ҷ=j ӣ=i ӯ=u ў=u"
    ).split()
)
# The older "popular" spelling still found in many documents and databases.
_POPULAR = _ICAO | dict(pair.split("=") for pair in "ё=yo й=y ю=yu я=ya ъ= щ=sch".split())
_PATRONYMIC_STEMS = (
    "Александров Дмитриев Сергеев Андреев Алексеев Михайлов Владимиров Петров Евгеньев Юрьев "
    "Николаев Викторов"
).split()


def transliterate(text: str, table: dict[str, str] | None = None) -> str:
    """Transliterate Cyrillic text to Latin (ICAO 9303 by default), keeping capitals."""
    table = table or _ICAO
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


def feminine(surname: str) -> str:
    """Feminine form of a Slavic-pattern surname (Иванов -> Иванова)."""
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


def _patronymic(rng: random.Random, female: bool) -> str:
    return rng.choice(_PATRONYMIC_STEMS) + ("на" if female else "ич")


def _spelling(
    full: str, surname: str, given: str, patronymic: str | None, script: str, lang: str, kind: str
) -> dict[str, str]:
    out = {"f": full, "s": surname, "g": given, "sc": script, "la": lang, "ty": kind}
    if patronymic:
        out["p"] = patronymic
    return out


def person_spellings(rng: random.Random, country: Country, female: bool) -> list[dict[str, str]]:
    """Spellings of one generated person: Cyrillic primary plus Latin ones, separately."""
    sur_c, sur_l = rng.choice(country.surnames)
    giv_c, giv_l = rng.choice(country.female if female else country.male)
    if female:
        sur_c = feminine(sur_c)
        sur_l = sur_l + "a" if sur_l.endswith(("v", "w")) else sur_l
    pat_c = None
    if country.patronymics:
        pat_c = _patronymic(rng, female)
    parts = [sur_c, giv_c] + ([pat_c] if pat_c else [])
    spellings = [_spelling(" ".join(parts), sur_c, giv_c, pat_c, "Cyrl", country.lang, "primary")]
    if sur_l and giv_l:
        spellings.append(
            _spelling(
                f"{sur_l} {giv_l}", sur_l, giv_l, None, "Latn", country.lang, "national_latin"
            )
        )
    sur_t, giv_t = transliterate(sur_c).upper(), transliterate(giv_c).upper()
    spellings.append(
        _spelling(f"{sur_t} {giv_t}", sur_t, giv_t, None, "Latn", country.lang, "passport")
    )
    if rng.random() < 0.3:
        sur_p, giv_p = transliterate(sur_c, _POPULAR), transliterate(giv_c, _POPULAR)
        if sur_p.upper() != sur_t or giv_p.upper() != giv_t:
            spellings.append(
                _spelling(f"{sur_p} {giv_p}", sur_p, giv_p, None, "Latn", "en", "alias")
            )
    return spellings
