"""Opening a store whose name keys came from another key algorithm rebuilds them."""

from __future__ import annotations

from pathlib import Path

from app.credentials import MemorySecrets
from app.search import index
from app.search.keys import KEY_ALGO_VERSION
from app.store.db import Store
from app.store.models import Person, PersonName
from tests.helpers.desk import make_desk


def _key_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM name_keys").scalar() or 0)


def test_stale_key_version_is_rebuilt_at_open(tmp_path: Path) -> None:
    secrets = MemorySecrets()
    desk = make_desk(tmp_path / "d", secrets=secrets)
    with desk.store.write() as s:
        person = Person(sex="M", birth_year=1980)
        person.names.append(
            PersonName(
                full_name="Алексей Петров",
                surname="Петров",
                given_name="Алексей",
                script="Cyrl",
                language="ru",
            )
        )
        s.add(person)
        s.flush()
        index.index_persons(s, [person.id])
    assert _key_rows(desk.store) > 0
    with desk.store.write() as s:
        s.connection().exec_driver_sql("DELETE FROM name_keys")
        s.connection().exec_driver_sql(
            "UPDATE meta SET value = '0' WHERE key = 'search.key_algo_version'"
        )
    desk.close()

    desk = make_desk(tmp_path / "d", secrets=secrets)
    try:
        assert _key_rows(desk.store) > 0
        with desk.store.engine.connect() as conn:
            stored = conn.exec_driver_sql(
                "SELECT value FROM meta WHERE key = 'search.key_algo_version'"
            ).scalar()
        assert stored == str(KEY_ALGO_VERSION)
    finally:
        desk.close()
