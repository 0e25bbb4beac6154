"""Subjects carry what the supervisor reads, taken from the store, never from the form."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.store.models import Case
from app.subjects import resolve_subjects
from tests.helpers.desk import Office


def test_summaries_come_from_the_store_and_free_references_keep_theirs(office: Office) -> None:
    with office.desk.store.write() as s:
        case = Case(number="2026/0200", title="Угон автомобиля", office_code="AST-01")
        s.add(case)
        s.flush()
        out = resolve_subjects(
            s,
            [
                {"kind": "case", "ref": case.id, "label": "forged title", "number": "X"},
                {"kind": "case", "ref": case.id},  # a duplicate
                {"kind": "vehicle", "ref": "777 ABC 02", "label": "777 ABC 02"},
                {"kind": "person", "ref": "gone-1", "label": "ИВАНОВ И.", "born": "1975-00-00"},
            ],
        )
    assert out == [
        {"kind": "case", "ref": case.id, "number": "2026/0200", "label": "Угон автомобиля"},
        {"kind": "vehicle", "ref": "777 ABC 02", "label": "777 ABC 02"},
        {"kind": "person", "ref": "gone-1", "label": "ИВАНОВ И.", "born": "1975-00-00"},
    ]


@pytest.mark.parametrize(
    "bad", [{"kind": "planet", "ref": "x"}, {"kind": "case", "ref": "  "}, {"kind": "case"}]
)
def test_bad_subjects_are_refused_with_a_field(office: Office, bad: dict[str, str]) -> None:
    with office.desk.store.write() as s, pytest.raises(ValidationError) as err:
        resolve_subjects(s, [bad])
    assert err.value.params["field"] == "subjects"
