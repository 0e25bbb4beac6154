"""MRZ parsing with check digits, document numbers, plates and VINs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.search.documents import (
    MrzError,
    looks_like_mrz,
    mrz_check_digit,
    normalize_document_number,
    parse_mrz,
)
from app.search.score import PartialDate
from app.search.vehicles import (
    inspect_vin,
    looks_like_vin,
    normalize_plate,
    normalize_vin,
    plate_loose_key,
    vin_check_digit,
)

TODAY = date(2025, 6, 1)
# The specimens of ICAO Doc 9303.
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


def test_check_digit_examples() -> None:
    assert mrz_check_digit("L898902C3") == "6"
    assert mrz_check_digit("740812") == "2"
    assert mrz_check_digit("120415") == "9"
    assert mrz_check_digit("<<<<<<") == "0"


@pytest.mark.parametrize("text", [TD3, TD1, TD2])
def test_specimens_parse_and_verify(text: str) -> None:
    mrz = parse_mrz(text, today=TODAY)
    assert mrz.valid, mrz.checks
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.birth_date == PartialDate(1974, 8, 12)
    assert mrz.sex == "F"
    assert mrz.issuing_state == "UTO"


def test_td3_fields() -> None:
    mrz = parse_mrz(TD3, today=TODAY)
    assert mrz.format == "TD3"
    assert mrz.document_number == "L898902C3"
    assert mrz.optional_data == "ZE184226B"
    assert mrz.expiry == "120415"


def test_typed_mrz_lowercase_spaces_one_line_and_short_lines() -> None:
    lines = TD3.splitlines()
    typed = f"p<utoeriksson<<anna<maria\n{lines[1][:10]} {lines[1][10:]}"
    assert parse_mrz(typed, today=TODAY).valid
    assert parse_mrz(TD3.replace("\n", ""), today=TODAY).valid


def test_one_wrong_character_is_reported() -> None:
    bad = TD3.replace("L898902C3", "L898902C8")
    mrz = parse_mrz(bad, today=TODAY)
    assert not mrz.valid
    assert mrz.checks["document_number"] is False
    assert mrz.checks["composite"] is False
    assert mrz.checks["birth_date"] is True


def test_not_an_mrz() -> None:
    with pytest.raises(MrzError):
        parse_mrz("only one line", today=TODAY)
    with pytest.raises(MrzError):
        parse_mrz("P<UTO$$$\nL898902C36", today=TODAY)
    assert looks_like_mrz(TD1)
    assert not looks_like_mrz("Ivanov Aleksandr")


_MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


@given(st.text(alphabet=_MRZ_CHARS, min_size=1, max_size=20), st.data())
def test_check_digit_catches_any_single_substitution(field: str, data: st.DataObject) -> None:
    digit = mrz_check_digit(field)
    pos = data.draw(st.integers(0, len(field) - 1))
    other = data.draw(st.sampled_from([c for c in _MRZ_CHARS if c != field[pos]]))
    changed = field[:pos] + other + field[pos + 1 :]
    # Weights 7-3-1 modulo 10 detect every change of value not divisible by 10 at a position.
    from app.search.documents import mrz_value

    if (mrz_value(other) - mrz_value(field[pos])) % 10:
        assert mrz_check_digit(changed) != digit


def test_document_numbers() -> None:
    assert normalize_document_number("№ 45 06-123456") == "4506123456"
    assert normalize_document_number("n 1234567") == "N1234567"
    assert normalize_document_number("АВ 123456") == "AB123456"  # Cyrillic look-alikes
    assert normalize_document_number("L898902C3<") == "L898902C3"


def test_plates_with_cyrillic_lookalikes() -> None:
    assert normalize_plate("а 123 вс-77") == "A123BC77"
    assert normalize_plate("A123BC 77") == "A123BC77"
    assert normalize_plate("Х 777 УК") == "X777YK"
    assert plate_loose_key("O123SB") == plate_loose_key("0123S8")


def test_vin_check_digit_and_normalisation() -> None:
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert inspect_vin("1M8GDM9AXKP042788").check_digit_ok is True
    assert inspect_vin("1M8GDM9A1KP042788").check_digit_ok is False
    assert normalize_vin("wvw zzz1jz xw00000i") == "WVWZZZ1JZXW000001"
    assert looks_like_vin("WVWZZZ1JZXW000001")
    assert not looks_like_vin("Ivanov Aleksandr")
    assert not inspect_vin("TOO-SHORT").well_formed
