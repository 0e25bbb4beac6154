"""Posting-count estimates are kept across searches of one store: a second search of the
same names runs fewer statements and finds the same persons; a rebuild forgets them, and
another store never sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.context import Desk
from app.search import index, retrieval
from app.search.service import Kind, search
from app.store.models import Person, PersonName
from tests.helpers.desk import make_desk


def _fill(desk: Desk, n: int) -> None:
    with desk.store.write() as s:
        people = [
            Person(
                sex="M",
                birth_year=1960 + i % 30,
                names=[
                    PersonName(
                        full_name=f"{('Иванов', 'Петров', 'Смирнов')[i % 3]} "
                        f"{('Сергей', 'Олег', 'Борис', 'Игорь')[i % 4]}",
                        script="Cyrl",
                        language="ru",
                    )
                ],
            )
            for i in range(n)
        ]
        s.add_all(people)
        s.flush()
        index.index_persons(s, [p.id for p in people])


def _run(desk: Desk, text: str) -> tuple[list[str], int]:
    statements: list[str] = []

    def on_checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.set_trace_callback(statements.append)

    event.listen(desk.store.engine, "checkout", on_checkout)
    try:
        with desk.store.read() as s:
            outcome = search(s, text, kinds={Kind.PERSON}, limit=20)
    finally:
        event.remove(desk.store.engine, "checkout", on_checkout)
    counts = sum(1 for sql in statements if "count(*)" in sql)
    return sorted(r.target_id for r in outcome.results), counts


def test_key_counts_are_kept_per_store_until_a_rebuild(tmp_path: Path) -> None:
    index.clear_caches()
    first = make_desk(tmp_path / "a")
    other = make_desk(tmp_path / "b")
    try:
        _fill(first, 300)
        _fill(other, 30)
        found, counted = _run(first, "Smirnov Oleg")
        assert found and counted > 0
        again, recounted = _run(first, "Smirnov Oleg")
        assert again == found and recounted == 0
        # Another store counts its own postings.
        assert _run(other, "Smirnov Oleg")[1] > 0
        with first.store.write() as s:
            index.rebuild(s)
        after, counted_again = _run(first, "Smirnov Oleg")
        assert after == found and counted_again > 0
        assert retrieval._KEY_COUNTS
    finally:
        first.close()
        other.close()
