"""Transliteration tables, checked against forms printed in real documents."""

from __future__ import annotations

import pytest

from app.search.translit import Scheme, ascii_fold, icao, latin_forms, transliterate


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Александр Иванов", "ALEKSANDR IVANOV"),
        ("Юлия Воробьёва", "IULIIA VOROBEVA"),
        ("Щербаков Подъячев", "SHCHERBAKOV PODIEIACHEV"),
        ("Цой Хрущёв Журавлёв", "TSOI KHRUSHCHEV ZHURAVLEV"),
        ("Эдуард Ыржанов", "EDUARD YRZHANOV"),
        ("Нұрсұлтан Әбішұлы", "NURSULTAN ABISHULY"),
        ("Ўткир Ҳамдамов", "UTKIR HAMDAMOV"),
        ("Ҷамшед Раҳмонзода", "JAMSHED RAHMONZODA"),
    ],
)
def test_icao_9303(cyrillic: str, latin: str) -> None:
    assert icao(cyrillic) == latin


def test_russian_national_forms() -> None:
    assert transliterate("Юрий Ёлкин", Scheme.RU_MVD_1997) == "yuriy elkin"
    assert transliterate("Елена Соловьёва", Scheme.RU_BGN_PCGN) == "yelena solov'yëva"
    assert transliterate("Подъячев", Scheme.RU_BGN_PCGN) == 'pod"yachev'


def test_kazakh_2021() -> None:
    assert transliterate("Нұрсұлтан Әбішұлы", Scheme.KK_LATIN_2021) == "nūrsūltan äbışūly"
    assert transliterate("Қайрат Жаңабаев", Scheme.KK_LATIN_2021) == "qairat jañabaev"
    assert transliterate("Ғалымжан Шәкір", Scheme.KK_LATIN_2021) == "ğalymjan şäkır"


def test_kyrgyz_bgn() -> None:
    assert transliterate("Өмүрбек Жээнбеков", Scheme.KY_BGN_PCGN) == "ömürbek jeenbekov"
    assert transliterate("Эңкебаев", Scheme.KY_BGN_PCGN) == "engkebayev"


def test_uzbek_1995() -> None:
    assert transliterate("Ўткир Ҳамдамов ўғли", Scheme.UZ_LATIN_1995) == "o'tkir hamdamov o'g'li"
    assert transliterate("Хуршид Ғайратов", Scheme.UZ_LATIN_1995) == "xurshid g'ayratov"
    assert transliterate("Ёқубов Ерлан", Scheme.UZ_LATIN_1995) == "yoqubov yerlan"
    # ц is ts after a vowel, s elsewhere.
    assert transliterate("Цех Лицей", Scheme.UZ_LATIN_1995) == "sex litsey"


def test_tajik_bgn() -> None:
    assert transliterate("Ҷамшед Раҳмон", Scheme.TG_BGN_PCGN) == "jamshed rahmon"
    assert transliterate("Фирӯз Ғафуров Эмомалӣ", Scheme.TG_BGN_PCGN) == "firūz ghafurov emomalī"


def test_turkmen_1999() -> None:
    assert transliterate("Өвез Язмухаммедов", Scheme.TK_LATIN_1999) == "öwez ýazmuhammedow"
    assert transliterate("Довлет Җумаев Шатлык", Scheme.TK_LATIN_1999) == "dowlet jumaýew şatlyk"
    assert transliterate("Ёлбарс", Scheme.TK_LATIN_1999) == "ýolbars"


def test_latin_forms_skip_half_transliterated_output() -> None:
    forms = latin_forms("нұрсұлтан")
    assert all(not any("\u0400" <= ch <= "\u052f" for ch in v) for v in forms.values())
    assert Scheme.KK_LATIN_2021 in forms


def test_language_hint_adds_national_scheme() -> None:
    forms = latin_forms("рахимов", "uz")
    assert forms[Scheme.UZ_LATIN_1995] == "raximov"


def test_ascii_fold() -> None:
    assert ascii_fold("Oʻtkir") == "otkir"
    assert ascii_fold("Döwletowa Ýazmuhammedow") == "dowletowa yazmuhammedow"
    assert ascii_fold("Äbışūly") == "abishuly"
