"""After an upgrade the name keys are rebuilt in the background: the window answers
meanwhile, the search page says the index is being rebuilt and how far it got, and the
note goes away once the rebuild has finished."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.search import index, reindex
from app.search.keys import KEY_ALGO_VERSION
from app.store.db import Store
from app.store.models import Person, PersonName
from app.users import Actor
from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui import search_keys
from ui.main_window import MainWindow

OpenWindow = Callable[[Actor], MainWindow]
NOTE = "The name index is being rebuilt after an upgrade"


def _stale_store(office: Office, count: int) -> None:
    with office.desk.store.write() as s:
        people = [
            Person(
                sex="M",
                birth_year=1950 + i % 50,
                names=[PersonName(full_name=f"Петров{i % 97} Иван", script="Cyrl", language="ru")],
            )
            for i in range(count)
        ]
        people.append(
            Person(
                sex="M",
                birth_year=1975,
                names=[PersonName(full_name="Иванов Сергей", script="Cyrl", language="ru")],
            )
        )
        s.add_all(people)
        s.flush()
        index.index_persons(s, [p.id for p in people])
        conn = s.connection()
        conn.exec_driver_sql(
            "UPDATE meta SET value = ? WHERE key = ?", (str(KEY_ALGO_VERSION - 1), index.META_KEY)
        )


def _search(qtbot: QtBot, win: MainWindow, text: str) -> str:
    page = win.search
    page.box.setText(text)
    page.search()
    settle(qtbot)
    qtbot.waitUntil(lambda: "…" not in page.info.text(), timeout=20_000)
    return str(page.info.text())


def test_keys_are_rebuilt_in_the_background_and_search_says_so(
    qtbot: QtBot, office: Office, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_store(office, 600)
    win = open_window(office.officer)
    win.show_page("search")

    text = _search(qtbot, win, "Ivanov Sergei")
    assert "1 result" in text
    assert NOTE in text and "(0 % done)" in text

    threads: list[int] = []
    real = reindex.rebuild_in_steps

    def watched(store: Store, **kwargs: Any) -> int:
        threads.append(threading.get_ident())
        return real(store, step=50, **kwargs)

    monkeypatch.setattr(reindex, "rebuild_in_steps", watched)
    try:
        t0 = time.perf_counter()
        op = search_keys.start(office.desk)
        assert op is not None
        assert time.perf_counter() - t0 < 0.5  # returns at once: nothing waits on it
        qtbot.waitUntil(lambda: reindex.status(office.desk.store).current, timeout=120_000)
        settle(qtbot)
    finally:
        search_keys.stop()
    assert threads and threading.main_thread().ident not in threads

    text = _search(qtbot, win, "Ivanov Sergei")
    assert "1 result" in text
    assert NOTE not in text
    assert search_keys.start(office.desk) is None  # current: nothing to do
