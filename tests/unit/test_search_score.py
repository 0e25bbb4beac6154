"""Scoring rules: bands, dates of birth, sex, documents and the explanation."""

from __future__ import annotations

import json

from app.search.keys import KEY_ALGO_VERSION, prepare_name
from app.search.score import (
    Band,
    Code,
    Effect,
    Facts,
    Match,
    MatchMethod,
    PartialDate,
    compare_dob,
    parse_dob,
    score_candidate,
)


def _score(query: str, stored: str, qf: Facts | None = None, sf: Facts | None = None) -> Match:
    return score_candidate(
        prepare_name(query), qf or Facts(), [prepare_name(stored)], sf or Facts()
    )


def test_partial_dates() -> None:
    assert parse_dob("1975/00/00") == PartialDate(1975)
    assert parse_dob("12.03.1975") == PartialDate(1975, 3, 12)
    assert parse_dob("1975-03-12") == PartialDate(1975, 3, 12)
    assert parse_dob("1975") == PartialDate(1975)
    assert parse_dob("Ivanov") is None
    assert compare_dob(PartialDate(1975), PartialDate(1975, 3, 12)).code is Code.DOB_COMPATIBLE
    assert compare_dob(PartialDate(1975), PartialDate(1976)).code is Code.DOB_YEAR_MISMATCH
    assert compare_dob(PartialDate(1975, 3, 12), PartialDate(1975, 12, 3)).code is (
        Code.DOB_DAY_MONTH_SWAPPED
    )
    assert compare_dob(None, PartialDate(1975)).code is Code.DOB_UNKNOWN


def test_cross_script_full_name_is_strong_with_explanation() -> None:
    m = _score(
        "Alexander Iwanow",
        "Иванов Александр Петрович",
        Facts(dob=PartialDate(1975)),
        Facts(dob=PartialDate(1975, 3, 12), sex="M"),
    )
    assert m.band is Band.STRONG
    methods = {p.query_part: p.method for p in m.parts}
    # "Alexander" has one more vowel than "Aleksandr": same skeleton, close letters.
    assert methods == {"alexander": MatchMethod.SKELETON, "iwanow": MatchMethod.PHONETIC}
    by_part = {p.query_part: p for p in m.parts}
    assert by_part["alexander"].key == "_lksndr"
    assert by_part["alexander"].ratio is not None and by_part["alexander"].ratio > 0.9
    codes = {e.code for e in m.evidence}
    assert {Code.DOB_COMPATIBLE, Code.SEX_UNKNOWN} <= codes or Code.SEX_AGREE in codes
    explanation = m.explanation()
    assert explanation["key_algo_version"] == KEY_ALGO_VERSION
    assert explanation["spelling"] == "Иванов Александр Петрович"
    json.dumps(explanation)  # JSON-ready


def test_different_birth_year_is_weak() -> None:
    m = _score(
        "Ivan Petrov", "Иван Петров", Facts(dob=PartialDate(1980)), Facts(dob=PartialDate(1985))
    )
    assert m.band is Band.WEAK
    assert any(e.code is Code.DOB_YEAR_MISMATCH and e.effect is Effect.EXCLUDES for e in m.evidence)


def test_ivanova_against_ivanov_depends_on_recorded_sex() -> None:
    # Nobody's sex recorded: the other sex's form names another person unless an equal
    # date of birth supports it (issue 12).
    unknown = _score("Anna Ivanova", "Anna Ivanov")
    assert unknown.band is Band.WEAK
    assert any(e.code is Code.ENDING_SEX_CONFLICT for e in unknown.evidence)
    assert any(e.code is Code.NAME_DIFFERENCE_UNSUPPORTED for e in unknown.evidence)
    dob = Facts(dob=PartialDate(1980, 5, 6))
    supported = _score("Anna Ivanova", "Anna Ivanov", qf=dob, sf=dob)
    assert supported.band is Band.POSSIBLE
    recorded = _score("Anna Ivanova", "Anna Ivanov", sf=Facts(sex="M"))
    assert recorded.band is Band.WEAK
    typed = _score("Ivanova", "Ivanov Aleksandr", sf=Facts(sex="M"))
    assert typed.band is Band.WEAK


def test_surname_reform_is_possible_not_strong() -> None:
    m = _score("Jamshed Rakhmonov", "Ҷамшед Раҳмонзода")
    assert m.band is Band.POSSIBLE
    assert {p.method for p in m.parts} >= {MatchMethod.STEM}


def test_similar_other_surname_is_weak() -> None:
    assert _score("Vali Aliev", "Вали Алимов").band is Band.WEAK
    assert _score("Petr Ivanov", "Иван Петров").band is Band.WEAK


def test_single_part_is_at_most_possible() -> None:
    assert _score("Ivanov", "Иванов Александр").band is Band.POSSIBLE


def test_equal_document_number_is_decisive() -> None:
    m = score_candidate(
        None,
        Facts(document_numbers=frozenset({"N1234567"})),
        [prepare_name("Иванов Иван")],
        Facts(document_numbers=frozenset({"N1234567"})),
    )
    assert m.band is Band.STRONG
    assert any(e.effect is Effect.DECISIVE for e in m.evidence)


def test_joined_and_split_given_names() -> None:
    assert _score("Abdul Aziz Karimov", "Абдулазиз Каримов").band is not Band.WEAK
    assert _score("Abdulaziz Karimov", "Abdul-Aziz Karimov").band is not Band.WEAK


def test_partial_input_prefix() -> None:
    m = score_candidate(
        prepare_name("Aleksandr Iva"),
        Facts(),
        [prepare_name("Иванов Александр")],
        Facts(),
        partial=True,
    )
    assert m.band is Band.POSSIBLE
    assert any(p.method is MatchMethod.PREFIX for p in m.parts)
