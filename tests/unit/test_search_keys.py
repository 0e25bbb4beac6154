"""Match keys: the spellings of one name share keys, different names do not."""

from __future__ import annotations

import pytest

from app.search.keys import (
    KEY_ALGO_VERSION,
    KeyType,
    name_keys,
    phonetic_forms,
    prepare_name,
    skeletons,
)

SAME = [
    ("Aleksandr", "Alexander", "Александр", "Aleksander"),
    ("Ivanov", "Iwanow", "Иванов", "Ivanoff"),
    ("Oʻtkir", "O'tkir", "Utkir", "Ўткир", "O`tkir", "Уткир"),
    ("Нұрсұлтан", "Nursultan", "Nūrsūltan"),
    ("Yusuf", "Iusuf", "Jusuf", "Юсуф"),
    ("Jamshid", "Джамшид", "Dzhamshid", "Жамшид", "Djamchid"),
    ("Tsoy", "Цой", "Coi", "Tsoi"),
    ("Юрий", "Yuriy", "Iurii", "Jurij", "Yuri"),
    ("Xurshid", "Хуршид", "Khurshid", "Hurshid"),
    ("Ахмед", "Akhmet", "Ahmad", "Ahmed"),
    ("Öwez", "Овез", "Ovez"),
    ("Жаңабаев", "Zhanabaev", "Janabaev", "Jañabaev"),
    ("Зайцев", "Zaitsev", "Saizew"),
    ("Журавлёв", "Zhuravlev", "Shurawljow"),
    ("Михаил", "Mikhail", "Michail"),
    ("Гурбангулы", "Gurbanguly", "Kurbanguly"),
    ("Гасан", "Hasan", "Həsən"),
    ("Севиндж", "Sevinj"),
]


@pytest.mark.parametrize("spellings", SAME)
def test_spellings_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    common = set.intersection(*(set(skeletons(s.casefold().replace("ʻ", "'"))) for s in spellings))
    assert common, [sorted(skeletons(s.casefold())) for s in spellings]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Aliev", "Alimov"), ("Karimov", "Kamilov"), ("Ivanov", "Ivashov"), ("Petrov", "Petrosyan")],
)
def test_different_names_have_different_skeletons(a: str, b: str) -> None:
    assert not skeletons(a.casefold()) & skeletons(b.casefold())


def test_phonetic_form_keeps_vowels() -> None:
    assert phonetic_forms("iwanow") & phonetic_forms("иванов")
    assert not phonetic_forms("kamal") & phonetic_forms("kamil")
    # ё after a consonant: Pyotr/Petr, Solovyov/Solovev.
    assert phonetic_forms("pyotr") & phonetic_forms("petr")


def test_surname_stems_meet_across_endings() -> None:
    stems = [prepare_name(n).parts[0].stem_skeletons for n in ("Rahmonov", "Рахмонзода", "Rahmon")]
    assert set.intersection(*(set(s) for s in stems)) == {"rHmn"}


def test_keys_carry_the_algorithm_version() -> None:
    keys = name_keys(prepare_name("Иванов Александр Петрович"))
    assert keys and all(k.version == KEY_ALGO_VERSION for k in keys)
    by_type = {t: {k.value for k in keys if k.key_type is t} for t in KeyType}
    assert {"ivanov", "aleksandr", "petrovich"} <= by_type[KeyType.LATIN]
    assert {"_vnv", "_lksndr"} <= by_type[KeyType.SKELETON]
    assert "_vn" in by_type[KeyType.STEM]


def test_markers_have_no_keys() -> None:
    keys = name_keys(prepare_name("Bakyt Mamyt uulu"))
    assert not any("uulu" in k.value for k in keys)


def test_yo_is_read_as_e_and_as_yo() -> None:
    cyr = prepare_name("Фёдор").parts[0]
    assert "fedor" in cyr.latin
    assert cyr.phonetic & prepare_name("Fyodor").parts[0].phonetic
    assert cyr.phonetic & prepare_name("Fedor").parts[0].phonetic
