"""Normalisation and part analysis of names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.search.normalize import (
    Gender,
    PartRole,
    Script,
    normalize_text,
    parse_name,
    repair_mixed_script,
    script_of,
    tokens,
)


def test_apostrophes_are_unified() -> None:
    forms = ["Oʻtkir", "Oʼtkir", "O'tkir", "O`tkir", "O‘tkir", "O’tkir"]
    assert {normalize_text(f) for f in forms} == {"o'tkir"}


def test_nfc_casefold_and_yo() -> None:
    decomposed = "Е\u0308лкин"  # Е + combining diaeresis
    assert normalize_text(decomposed) == "елкин"
    assert normalize_text("Фёдор", fold_yo=False) == "фёдор"
    assert normalize_text("STRAẞE") == "strasse"


def test_turkic_dotted_and_dotless_i() -> None:
    assert normalize_text("İlham") == "ilham"
    assert normalize_text("Aıgerım") == "aigerim"


def test_tokens_split_on_mrz_fillers_hyphens_and_digits() -> None:
    assert tokens("IVANOV<<ALEKSANDR<PETROVICH") == ["ivanov", "aleksandr", "petrovich"]
    assert tokens("Kassym-Jomart  Tokbergenov, 1953") == ["kassym", "jomart", "tokbergenov"]


def test_mixed_keyboard_layout_is_repaired() -> None:
    assert repair_mixed_script("ivаnov") == "ivanov"  # Cyrillic а
    assert repair_mixed_script("иванoв") == "иванов"  # Latin o
    assert script_of("иванов") is Script.CYRILLIC
    assert script_of("ivanov") is Script.LATIN


def test_russian_surname_and_patronymic_endings() -> None:
    surname, given_, patronymic = parse_name("Ivanova Anna Petrovna")
    assert (surname.stem, surname.ending, surname.role, surname.gender) == (
        "ivan",
        "ova",
        PartRole.SURNAME,
        Gender.FEMALE,
    )
    assert given_.role is PartRole.NAME and given_.ending == ""
    assert (patronymic.stem, patronymic.ending, patronymic.role) == (
        "petr",
        "ovna",
        PartRole.PATRONYMIC,
    )


def test_cyrillic_endings() -> None:
    parts = parse_name("Рахмонов Ҷамшед Шарифович")
    assert [(p.stem, p.ending) for p in parts] == [
        ("рахмон", "ов"),
        ("ҷамшед", ""),
        ("шариф", "ович"),
    ]


def test_tajik_zoda_attached_or_apart() -> None:
    (joined,) = parse_name("Rahmonzoda")
    assert (joined.stem, joined.ending, joined.role) == ("rahmon", "zoda", PartRole.SURNAME)
    parts = parse_name("Rahmon-zoda Jamshed")
    assert parts[0].text == "rahmonzoda" and parts[0].stem == "rahmon"


def test_turkic_patronymic_markers_apart() -> None:
    parts = parse_name("Otkir Hamdam o'g'li")
    assert [p.role for p in parts] == [PartRole.NAME, PartRole.PATRONYMIC, PartRole.MARKER]
    assert parts[2].gender is Gender.MALE
    parts = parse_name("Asel Nurlan qyzy")
    assert parts[1].role is PartRole.PATRONYMIC and parts[1].gender is Gender.FEMALE
    parts = parse_name("Bakyt Mamyt uulu")
    assert parts[1].role is PartRole.PATRONYMIC


def test_kazakh_attached_marker_but_not_turkmen_guly() -> None:
    (p,) = parse_name("Әбішұлы")
    assert (p.stem, p.ending, p.role) == ("әбіш", "ұлы", PartRole.PATRONYMIC)
    (g,) = parse_name("Gurbanguly")
    assert g.role is PartRole.NAME and g.ending == ""


def test_short_words_keep_their_endings() -> None:
    (lev,) = parse_name("Lev")
    assert lev.ending == ""


@given(st.text(max_size=40))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=40))
def test_parse_never_fails(text: str) -> None:
    for part in parse_name(text):
        assert part.text
        assert part.text.startswith(part.stem) or part.role is PartRole.SURNAME
