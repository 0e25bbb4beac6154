"""After an upgrade that changes the name-key algorithm, the keys are rebuilt in the
background in short steps: opening the installation does not wait for it, search keeps
finding people meanwhile and says that the index is being rebuilt, a rebuild that is
stopped resumes where it stopped, and at the end the keys are current."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.context import Desk
from app.credentials import MemorySecrets
from app.search import index, reindex
from app.search.keys import KEY_ALGO_VERSION
from app.search.service import AuditActor, Kind, search_and_audit
from app.store.db import Store
from app.store.models import Person, PersonName
from tests.helpers.desk import make_desk

PERSONS = 1200
ACTOR = AuditActor(None, "rebuild")
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов"]
GIVEN = ["Сергей", "Дмитрий", "Алексей", "Андрей", "Максим", "Иван", "Михаил", "Николай"]


def _fill(desk: Desk) -> str:
    """PERSONS persons, all indexed; returns the id of one with a unique name."""
    with desk.store.write() as s:
        people = [
            Person(
                sex="M",
                birth_year=1950 + i % 50,
                names=[
                    PersonName(
                        full_name=f"{SURNAMES[i % 8]} {GIVEN[(i // 8) % 8]}",
                        script="Cyrl",
                        language="ru",
                    )
                ],
            )
            for i in range(PERSONS - 1)
        ]
        target = Person(
            sex="M",
            birth_year=1971,
            names=[PersonName(full_name="Тохтаров Ержан", script="Cyrl", language="kk")],
        )
        s.add_all([*people, target])
        s.flush()
        index.index_persons(s, [p.id for p in people] + [target.id])
        return target.id


def _upgrade(tmp_path: Path) -> tuple[MemorySecrets, str]:
    """A store whose keys were made by an earlier key algorithm version."""
    secrets = MemorySecrets()
    desk = make_desk(tmp_path / "d", secrets=secrets)
    target = _fill(desk)
    with desk.store.write() as s:
        conn = s.connection()
        old = KEY_ALGO_VERSION - 1
        conn.exec_driver_sql("UPDATE meta SET value = ? WHERE key = ?", (str(old), index.META_KEY))
        conn.exec_driver_sql("UPDATE search_persons SET algo_version = ?", (old,))
    desk.close()
    return secrets, target


def _open_without_rebuild(tmp_path: Path, secrets: MemorySecrets) -> Desk:
    from app.config import SiteConfig
    from app.context import open_desk
    from app.credentials import Credentials

    return open_desk(
        tmp_path / "d",
        credentials=Credentials(secrets, "test"),
        site=SiteConfig(office_code="AST-01"),
        rebuild_search_keys=False,
    )


def _rekeyed(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM search_persons WHERE algo_version = ?", (KEY_ALGO_VERSION,)
            ).scalar()
            or 0
        )


def _found(store: Store, target: str) -> tuple[bool, bool]:
    outcome = search_and_audit(store, "Tokhtarov Yerzhan", ACTOR, kinds={Kind.PERSON})
    return any(r.target_id == target for r in outcome.results), outcome.index_rebuilding


@pytest.mark.timeout(600)
def test_rebuild_runs_in_steps_while_search_goes_on(tmp_path: Path) -> None:
    secrets, target = _upgrade(tmp_path)
    desk = _open_without_rebuild(tmp_path, secrets)
    try:
        # Opening did not rebuild: that is left to the background.
        assert reindex.status(desk.store) == reindex.RebuildStatus(False, 0, PERSONS)
        assert _found(desk.store, target) == (True, True)

        seen: list[tuple[int, int, int]] = []  # done, total, thread
        searches: list[tuple[bool, bool, float]] = []
        result: list[int] = []

        def progress(done: int, total: int, message: str) -> None:
            assert message == "search.rebuild"
            seen.append((done, total, threading.get_ident()))
            time.sleep(0.01)  # let the searching thread in between steps

        worker = threading.Thread(
            target=lambda: result.append(
                reindex.rebuild_in_steps(desk.store, progress=progress, step=50)
            )
        )
        worker.start()
        while worker.is_alive():
            t0 = time.perf_counter()
            found, rebuilding = _found(desk.store, target)
            searches.append((found, rebuilding, time.perf_counter() - t0))
        worker.join()

        assert result == [PERSONS]
        assert len(seen) == PERSONS // 50
        assert [d for d, _t, _th in seen] == sorted(d for d, _t, _th in seen)
        assert seen[-1][:2] == (PERSONS, PERSONS)
        assert {th for _d, _t, th in seen} == {worker.ident}
        # Searches ran during the rebuild, found the person, said the index was being
        # rebuilt, and were never held up for long by it (one step at most).
        during = [s for s in searches if s[1]]
        assert during, "no search ran while the keys were being rebuilt"
        assert all(found for found, _r, _s in searches)
        assert max(s for _f, _r, s in searches) < 5.0
        assert reindex.status(desk.store).current
        assert _rekeyed(desk.store) == PERSONS
        assert _found(desk.store, target) == (True, False)
    finally:
        desk.close()


@pytest.mark.timeout(600)
def test_a_stopped_rebuild_resumes_where_it_stopped(tmp_path: Path) -> None:
    secrets, target = _upgrade(tmp_path)
    desk = _open_without_rebuild(tmp_path, secrets)
    steps = [0]

    def stop_after_three() -> bool:
        steps[0] += 1
        return steps[0] > 3

    try:
        assert reindex.rebuild_in_steps(desk.store, cancelled=stop_after_three, step=100) == -1
        state = reindex.status(desk.store)
        assert state == reindex.RebuildStatus(False, 300, PERSONS)
        assert state.percent == 25
    finally:
        desk.close()

    # The client was closed; at the next start the rebuild goes on from person 301.
    desk = _open_without_rebuild(tmp_path, secrets)
    try:
        assert reindex.rebuild_in_steps(desk.store, step=100) == PERSONS - 300
        assert reindex.status(desk.store).current
        assert _rekeyed(desk.store) == PERSONS
        assert _found(desk.store, target) == (True, False)
    finally:
        desk.close()
