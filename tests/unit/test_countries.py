"""ISO 3166-1 lookups: codes of both lengths and names in both languages."""

from __future__ import annotations

import pytest

from app.countries import COUNTRIES, filter_codes, find_country, suggestions

# Pairs checked by hand against the published ISO 3166-1 list.
ISO_SAMPLE = [
    ("KZ", "KAZ", "Kazakhstan"),
    ("UZ", "UZB", "Uzbekistan"),
    ("KG", "KGZ", "Kyrgyzstan"),
    ("TJ", "TJK", "Tajikistan"),
    ("TM", "TKM", "Turkmenistan"),
    ("RU", "RUS", "Russian Federation"),
    ("DE", "DEU", "Germany"),
    ("GB", "GBR", "United Kingdom"),
    ("CI", "CIV", "Côte d'Ivoire"),
    ("AX", "ALA", "Åland Islands"),
]


def test_table_is_the_whole_iso_list_without_duplicates() -> None:
    assert len(COUNTRIES) == 249
    assert len({c.alpha2 for c in COUNTRIES}) == 249
    assert len({c.alpha3 for c in COUNTRIES}) == 249
    assert all(len(c.alpha2) == 2 and len(c.alpha3) == 3 for c in COUNTRIES)
    assert all(c.name_en and c.name_ru for c in COUNTRIES)


@pytest.mark.parametrize(("alpha2", "alpha3", "name"), ISO_SAMPLE)
def test_codes_and_english_names_resolve(alpha2: str, alpha3: str, name: str) -> None:
    for text in (alpha2, alpha3, alpha2.lower(), alpha3.lower(), name, name.upper()):
        country = find_country(text)
        assert country is not None, text
        assert (country.alpha2, country.alpha3) == (alpha2, alpha3)


@pytest.mark.parametrize(
    ("text", "alpha2"),
    [
        ("Казахстан", "KZ"),
        ("казахстан", "KZ"),
        ("  Казахстан ", "KZ"),
        ("Российская Федерация", "RU"),
        ("Россия", "RU"),
        ("Кыргызстан", "KG"),
        ("Киргизия", "KG"),
        ("Объединенные Арабские Эмираты", "AE"),  # е for ё
        ("Кот-д’Ивуар", "CI"),  # typographic apostrophe
        ("Cote d Ivoire", "CI"),  # no accent, no apostrophe
        ("USA", "US"),
        ("Turkey", "TR"),
    ],
)
def test_russian_names_and_common_aliases_resolve(text: str, alpha2: str) -> None:
    country = find_country(text)
    assert country is not None and country.alpha2 == alpha2, text


def test_unknown_text_names_no_country() -> None:
    for text in ("", "  ", "XYZ", "Kazakh", "K", "Atlantis"):
        assert find_country(text) is None, text
        assert filter_codes(text) == ()
    assert filter_codes("KAZ") == ("KZ", "KAZ")
    assert filter_codes("Казахстан") == ("KZ", "KAZ")


def test_suggestions_by_prefix_in_the_language() -> None:
    assert [c.alpha2 for c in suggestions("Каз", "ru")] == ["KZ"]
    assert "KZ" in [c.alpha2 for c in suggestions("kaz", "en")]
    assert suggestions("", "ru") == []
