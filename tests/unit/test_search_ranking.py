"""Ranked retrieval in a crowded store (issue 12, item 1), over a real encrypted store.

The store holds hundreds of persons sharing the surname, hundreds sharing the given name,
and persons with the surname in one alias and the given name in another, all indexed
before the wanted person. Retrieval must rank candidates by how specifically they match
(all parts in one spelling, rarer keys weighing more) instead of handing over the first
persons indexed, so the wanted person is on the first page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.credentials import Credentials, MemorySecrets
from app.paths import Paths
from app.search import index
from app.search.keys import KeyType, prepare_name
from app.search.score import Band
from app.search.service import Kind, search
from app.store.db import Store, open_store

GIVEN = "Игорь Сергей Андрей Алексей Максим Евгений Иван Михаил Николай Павел".split()
SURNAMES = "Соколов Попов Лебедев Козлов Новиков Морозов Волков Смирнов Орлов Зайцев".split()
PATRONYMICS = "Петрович Иванович Сергеевич Андреевич Олегович".split()
NOW = "2026-01-01T00:00:00.000000Z"
TARGET = "ffffffff-ffff-4fff-bfff-ffffffffffff"  # the last person by id, so the last indexed
PAGE = 50


def _pid(n: int) -> str:
    return str(uuid.UUID(int=n + 1))


def _insert(store: Store, persons: list[tuple[str, list[str]]]) -> None:
    with store.write() as s:
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO persons (id, bulletin_id, sex, birth_year, birth_month, birth_day, "
            "nationality, description, server_seq, created_at, updated_at, deleted) "
            "VALUES (?, NULL, 'M', NULL, NULL, NULL, 'RUS', '', NULL, ?, ?, 0)",
            [(pid, NOW, NOW) for pid, _ in persons],
        )
        conn.exec_driver_sql(
            "INSERT INTO person_names (person_id, position, full_name, surname, given_name, "
            "patronymic, script, language, name_type) "
            "VALUES (?, ?, ?, '', '', '', ?, '', 'primary')",
            [
                (pid, pos, full, "Cyrl" if full[0] >= "\u0400" else "Latn")
                for pid, names in persons
                for pos, full in enumerate(names)
            ],
        )


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(
        Paths(Path(tmp_path_factory.mktemp("ranking"))), Credentials(MemorySecrets(), "rank")
    )
    persons: list[tuple[str, list[str]]] = []
    n = 0
    for i in range(400):  # the surname, with other given names
        persons.append((_pid(n), [f"Кузнецов {GIVEN[i % 10]} {PATRONYMICS[i % 5]}"]))
        n += 1
    for i in range(400):  # the given name, with other surnames
        persons.append((_pid(n), [f"{SURNAMES[i % 10]} Дмитрий {PATRONYMICS[i % 5]}"]))
        n += 1
    for i in range(150):  # the surname in one alias, the given name in another
        persons.append((_pid(n), [f"Кузнецов {GIVEN[i % 10]} Петрович",
                                  f"{SURNAMES[i % 10]} Дмитрий"]))  # fmt: skip
        n += 1
    _insert(store, persons)
    with store.write() as s:
        index.rebuild(s)
    # The wanted person comes last, indexed incrementally as sync does it.
    _insert(store, [(TARGET, ["Кузнецов Дмитрий Олегович", "KUZNETSOV DMITRII"])])
    with store.write() as s:
        index.index_persons(s, [TARGET])
    index.clear_caches()
    try:
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("query", ["KUZNETSOV DMITRII", "Дмитрий Кузнецов", "Kuznetsov Dmitriy"])
def test_person_matching_in_one_spelling_is_on_the_first_page(crowded: Store, query: str) -> None:
    with crowded.read() as s:
        outcome = search(s, query, kinds={Kind.PERSON}, limit=PAGE)
    bands = {r.target_id: r.band for r in outcome.results}
    assert bands.get(TARGET) is Band.STRONG, f"{query}: {bands.get(TARGET)}"
    # Nobody else has both parts in one spelling, and the page says more were left out.
    assert sum(b is Band.STRONG for b in bands.values()) == 1
    assert outcome.more


def test_candidates_are_ranked_not_taken_in_index_order(crowded: Store) -> None:
    with crowded.read() as s:
        cands = index.candidate_refs(s, prepare_name("KUZNETSOV DMITRII"), limit=61)
    assert len(cands) == 61
    assert cands[0].person_id == TARGET
    # Then the aliases that pool the two parts (surname in one, given name in another):
    # every one of them shares both keys, which persons with only one of the parts do not.
    assert all(int(c.person_id.replace("-", ""), 16) > 800 for c in cands[1:])


def test_rarer_part_weighs_more_when_a_part_is_missing(crowded: Store) -> None:
    with crowded.read() as s:
        cands = index.candidate_refs(s, prepare_name("Кузнецов Дмитрий Олегович"), limit=61)
        assert cands[0].person_id == TARGET
        # Another patronymic: nobody has all three parts, 160 persons share the surname or
        # the given name with the (rarer) patronymic. Surname and given name identify more
        # than a patronymic does, so the wanted person still comes first.
        cands = index.candidate_refs(s, prepare_name("Кузнецов Дмитрий Андреевич"), limit=61)
    assert cands[0].person_id == TARGET


def _keys_of(s: Session, pid: str) -> str:
    sql = "SELECT keys FROM search_persons WHERE person_id = ?"
    return str(s.connection().exec_driver_sql(sql, (pid,)).scalar())


def test_spelling_masks_follow_incremental_changes(crowded: Store) -> None:
    pid = _pid(10_000)
    _insert(crowded, [(pid, ["Кузнецов Игорь", "Смирнов Дмитрий"])])
    with crowded.write() as s:
        index.index_persons(s, [pid])
        blob = _keys_of(s, pid)
    # Keys of one alias only carry the mask of that alias.
    assert f"{int(KeyType.LATIN)}:kuznetsov\x1e1" in blob
    assert f"{int(KeyType.LATIN)}:dmitrii\x1e2" in blob
    with crowded.write() as s:
        s.connection().exec_driver_sql(
            "UPDATE person_names SET full_name = 'Кузнецов Дмитрий' WHERE person_id = ? "
            "AND position = 1",
            (pid,),
        )
        index.index_persons(s, [pid])
        blob = _keys_of(s, pid)
        # Now in every spelling: no mask.
        assert f"{int(KeyType.LATIN)}:kuznetsov\x1f" in blob + "\x1f"
        s.connection().exec_driver_sql("UPDATE persons SET deleted = 1 WHERE id = ?", (pid,))
        index.index_persons(s, [pid])
        left = (
            s.connection()
            .exec_driver_sql("SELECT count(*) FROM search_persons WHERE person_id = ?", (pid,))
            .scalar()
        )
    assert left == 0
