"""The bulletin list never waits on the store on the GUI thread.

A source whose reads are held at a gate (the test owns the timing, the reads themselves
are the real SQL over a real SQLCipher store) shows it: a filter change returns at once,
rows are placeholders until their block arrives, and an answer for a filter the user has
already left is dropped, never shown.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.context import Desk
from app.lists import B_ID, B_REF, BulletinFilter, BulletinSource
from tests.ui.conftest import settle
from tests.ui.test_widgets import _bulletins
from ui.models import PLACEHOLDER, Column, LazyTableModel


class GatedSource(BulletinSource):
    """The real bulletin source, whose reads wait until the test opens ``gate``."""

    gate: threading.Event
    reads_on: list[str]

    def __init__(self, f: BulletinFilter, gate: threading.Event) -> None:
        super().__init__(f)
        self.gate = gate
        self.reads_on = []

    def _held(self) -> None:
        self.reads_on.append(threading.current_thread().name)
        assert self.gate.wait(20), "gate never opened"

    def count(self, store: Any) -> int:
        self._held()
        return super().count(store)

    def block(self, store: Any, *args: Any, **kwargs: Any) -> list[Any]:
        self._held()
        return super().block(store, *args, **kwargs)


COLUMNS = [Column("Reference", lambda r: r[B_REF])]


def _model_reading_through_a_gate(
    qtbot: QtBot, desk: Desk
) -> tuple[LazyTableModel, GatedSource, threading.Event]:
    """A background model over 3,000 bulletins, settled, whose next reads (the same rows)
    wait at a gate the test opens."""
    _bulletins(desk, 3000)
    model = LazyTableModel(desk.store, BulletinSource(), COLUMNS, background=True)
    settle(qtbot)
    gate = threading.Event()
    gated = GatedSource(BulletinFilter(), gate)
    model._source = gated  # the same rows, read through the held source
    model._forget()
    return model, gated, gate


def _drain(qtbot: QtBot) -> None:
    """Let every read the test held finish and its answer reach the model, so no worker
    is still running when the test (or the process) ends."""
    from ui.ops import thread_pool

    assert thread_pool().waitForDone(20_000)
    settle(qtbot)


def test_filter_change_and_jumps_never_wait_on_the_store(qtbot: QtBot, desk: Desk) -> None:
    _bulletins(desk, 3000)
    model = LazyTableModel(desk.store, BulletinSource(), COLUMNS, background=True)
    settle(qtbot)
    assert model.count_known and model.rowCount() == 3000
    gate = threading.Event()
    gated = GatedSource(BulletinFilter(hide_cancelled=True), gate)
    try:
        started = time.perf_counter()
        model.set_source(gated)
        # A jump far down the list while the store is held.
        far = model.data(model.index(2500, 0), Qt.ItemDataRole.DisplayRole)
        first = model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)
        took = (time.perf_counter() - started) * 1000
        assert took < 200, f"the GUI thread waited {took:.0f} ms"  # it would wait 20 s if it read
        assert far == PLACEHOLDER and first == PLACEHOLDER
        assert not model.count_known
        # The reader threads reach the held read in their own time (a loaded machine may
        # start them late); the GUI thread has already returned above.
        qtbot.waitUntil(lambda: bool(gated.reads_on), timeout=10_000)
        assert "MainThread" not in gated.reads_on
        assert not model.count_known  # nothing arrived while the store was held
    finally:
        gate.set()  # a failed assertion must not leave reader threads held for the next test
    settle(qtbot)
    expected = BulletinSource(BulletinFilter(hide_cancelled=True))
    assert model.count_known and model.rowCount() == expected.count(desk.store)
    want = expected.block(desk.store, 0, 1, None, None)[0]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == want[B_REF]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == want[B_ID]
    assert "MainThread" not in gated.reads_on


def test_an_answer_for_a_filter_already_left_is_dropped(qtbot: QtBot, desk: Desk) -> None:
    _bulletins(desk, 1000)
    model = LazyTableModel(desk.store, BulletinSource(), COLUMNS, background=True)
    settle(qtbot)
    counts: list[int] = []
    model.refreshed.connect(lambda: counts.append(model.rowCount()))
    slow = threading.Event()
    try:
        model.set_source(GatedSource(BulletinFilter(urgent_only=True), slow))  # left at once
        final = BulletinSource(BulletinFilter(kinds=("red",)))
        model.set_source(final)
    finally:
        slow.set()
    settle(qtbot)
    want = final.count(desk.store)
    urgent = BulletinSource(BulletinFilter(urgent_only=True)).count(desk.store)
    assert want != urgent
    assert model.rowCount() == want
    assert counts and counts[-1] == want and urgent not in counts, counts


def test_a_scroll_bar_drag_reads_only_where_it_stops(qtbot: QtBot, desk: Desk) -> None:
    _bulletins(desk, 3000)
    model = LazyTableModel(desk.store, BulletinSource(), COLUMNS, background=True, prefetch=False)
    settle(qtbot)
    fetched = model.fetches
    for row in range(0, 3000, 50):  # the drag passes 60 positions in one go
        model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
    settle(qtbot)
    assert model.fetches - fetched <= LazyTableModel.MAX_WAITING + LazyTableModel.READERS
    # Where it stopped is read, and the rows are right.
    qtbot.waitUntil(
        lambda: model.data(model.index(2950, 0), Qt.ItemDataRole.DisplayRole) != PLACEHOLDER
    )
    ids = [r[B_ID] for r in BulletinSource().block(desk.store, 2950, 10, None, None)]
    assert [
        model.data(model.index(2950 + i, 0), Qt.ItemDataRole.UserRole) for i in range(10)
    ] == ids


def test_a_repaint_that_asks_for_blocks_finishes_before_any_read_starts(
    qtbot: QtBot, desk: Desk
) -> None:
    """Reads start from the event loop after the repaint, never inside ``data()``: a
    worker converting rows beside the repaint would slow it (both need the GIL)."""
    model, _gated, gate = _model_reading_through_a_gate(qtbot, desk)
    try:
        for row in range(2000, 2040):  # a screenful far from any block held
            assert model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) == PLACEHOLDER
        assert model._reading == 0, "a read started inside the repaint"
        assert model._waiting, "the screenful's block was not asked for"
        qtbot.waitUntil(lambda: model._reading > 0, timeout=5_000)  # from the event loop
    finally:
        gate.set()
    _drain(qtbot)
    want = BulletinSource().block(desk.store, 2000, 1, None, None)[0]
    assert model.data(model.index(2000, 0), Qt.ItemDataRole.DisplayRole) == want[B_REF]


def test_block_reads_wait_for_a_pause_between_repaints_but_not_forever() -> None:
    from ui.models import PaintGate

    gate = PaintGate()
    started = time.monotonic()
    gate.wait()  # nothing painted yet: no wait
    assert time.monotonic() - started < 0.01
    stop = time.monotonic() + 0.03
    painting = threading.Event()

    def paint() -> None:  # data() called without a pause for 30 ms
        painting.set()
        while time.monotonic() < stop:
            gate.last = time.monotonic()
            time.sleep(0.0002)

    painter = threading.Thread(target=paint)
    painter.start()
    painting.wait(5)
    waited_from = time.monotonic()
    gate.wait()
    waited = time.monotonic() - waited_from
    painter.join()
    # Released only once the painting stopped (30 ms, before MOST)...
    assert time.monotonic() >= stop, f"released after {waited * 1000:.1f} ms, mid-repaint"
    # ...and a view that never pauses still gets its read after MOST.
    gate.last = time.monotonic() + 10  # "painting" for the next ten seconds
    waited_from = time.monotonic()
    gate.wait()
    assert PaintGate.MOST * 0.9 <= time.monotonic() - waited_from < PaintGate.MOST + 0.1


def test_a_filter_change_does_not_wait_behind_reads_of_the_list_it_left(
    qtbot: QtBot, desk: Desk
) -> None:
    """A read of the old rows still in flight (held here) does not hold back the first
    block of the new filter, although one block is read at a time."""
    model, held, gate = _model_reading_through_a_gate(qtbot, desk)
    try:
        model.data(model.index(2000, 0), Qt.ItemDataRole.DisplayRole)  # asks for a block
        qtbot.waitUntil(lambda: bool(held.reads_on), timeout=5_000)  # that read is held
        model.set_source(BulletinSource(BulletinFilter(hide_cancelled=True)))
        qtbot.waitUntil(lambda: model.count_known, timeout=5_000)
        want = BulletinSource(BulletinFilter(hide_cancelled=True)).block(
            desk.store, 0, 1, None, None
        )[0]
        qtbot.waitUntil(
            lambda: model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == want[B_REF],
            timeout=5_000,
        )
        assert not gate.is_set()  # shown while the old read was still held
    finally:
        gate.set()
    _drain(qtbot)
