"""Initials are a retrieval key: ``A. Ivanov``, ``Ivanov A.P.`` and ``Иванов А.П.`` find
Aleksandr Petrovich Ivanov among hundreds of other Ivanovs, not only when he happens to be
among the first Ivanovs indexed.

The names are written out by hand (a common surname, given names from the usual Russian
name lists), not produced by the project's transliteration.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.search import index
from app.search.score import Band
from app.search.service import Kind, search
from app.store.db import Store
from app.store.models import Person, PersonName
from tests.helpers.desk import make_desk

OTHERS = [
    "Сергей", "Дмитрий", "Борис", "Виктор", "Михаил", "Николай", "Олег", "Павел", "Роман",
    "Юрий", "Глеб", "Денис", "Егор", "Кирилл", "Лев", "Максим", "Никита", "Тимур",
]  # fmt: skip
PATRONYMICS = ["Сергеевич", "Дмитриевич", "Борисович", "Викторович", "Михайлович"]


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, str]]]:
    desk = make_desk(tmp_path_factory.mktemp("initials"))
    targets: dict[str, str] = {}
    with desk.store.write() as s:
        people = [
            Person(
                sex="M",
                birth_year=1950 + i % 40,
                names=[
                    PersonName(
                        full_name=f"Иванов {OTHERS[i % len(OTHERS)]} "
                        f"{PATRONYMICS[(i // len(OTHERS)) % len(PATRONYMICS)]}",
                        script="Cyrl",
                        language="ru",
                    ),
                    PersonName(
                        full_name=f"IVANOV {OTHERS[i % len(OTHERS)].upper()}",
                        script="Latn",
                        language="",
                    ),
                ],
            )
            for i in range(400)
        ]
        # Indexed last, so that without the initials they would come after every other
        # Ivanov in the index.
        for full_name, key in (
            ("Иванов Александр Петрович", "aleksandr"),
            ("Иванова Жанна Олеговна", "zhanna"),
        ):
            person = Person(
                sex="F" if key == "zhanna" else "M",
                birth_year=1971,
                names=[PersonName(full_name=full_name, script="Cyrl", language="ru")],
            )
            people.append(person)
            s.add_all(people)
            s.flush()
            targets[key] = person.id
        index.index_persons(s, [p.id for p in people])
    try:
        yield desk.store, targets
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("A. Ivanov", "aleksandr"),
        ("Ivanov A.P.", "aleksandr"),
        ("Иванов А.П.", "aleksandr"),
        ("Иванов А. П.", "aleksandr"),
        ("IVANOV A", "aleksandr"),
        ("Ж. Иванова", "zhanna"),
    ],
)
def test_initials_find_the_person_in_a_crowd(
    crowd: tuple[Store, dict[str, str]], typed: str, who: str
) -> None:
    store, targets = crowd
    with store.read() as s:
        outcome = search(s, typed, kinds={Kind.PERSON}, limit=10)
    bands = {r.target_id: r.band for r in outcome.results}
    assert bands.get(targets[who]) in (Band.STRONG, Band.POSSIBLE), typed


def test_an_initial_that_fits_nobody_finds_no_ivanov_as_possible(
    crowd: tuple[Store, dict[str, str]],
) -> None:
    store, _targets = crowd
    with store.read() as s:
        outcome = search(s, "Ivanov Ф.", kinds={Kind.PERSON}, limit=10)
    assert [r for r in outcome.results if r.band is not Band.WEAK] == []
