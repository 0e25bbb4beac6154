"""Lazy table models: count first, then fetch rows in blocks as the view asks for them.

A :class:`LazyTableModel` never loads every key of a large list. At (re)load it asks its
:class:`RowSource` for the number of rows only; when the view paints row ``r`` it fetches the
block holding ``r``. Next to an already loaded block it continues by keyset (``WHERE key <
last key``, an index seek); elsewhere it falls back to ``OFFSET``. Only a bounded number of
blocks stay in memory, so a 1,000,000-row list costs a few hundred kilobytes.

Small lists query on the GUI thread: a block is an index seek of a few hundred short rows
(well under a millisecond on SQLCipher), cheaper than a round trip to a worker and back.

A large list (``background=True``: the bulletins, designed for 1,000,000 rows) never waits
on the store on the GUI thread. Counts, filter changes and block reads run on workers
(:class:`ui.ops.Op`); each answer carries the generation it was asked for and is dropped
when the filter or data changed meanwhile. Until its block arrives a row is painted as a
placeholder; block requests are served newest first (where the user is now) and the
oldest waiting ones are dropped, so a scroll-bar drag across the list does not queue a
read for every position it passed. Results show progressively: the first block as soon
as it is read, then the count.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.store.db import Store

Index = QModelIndex | QPersistentModelIndex

log = logging.getLogger(__name__)

#: Shown in the first cell of a row whose block is still being read (not a word).
PLACEHOLDER = "…"


@dataclass(frozen=True)
class Column:
    """One column: its header and how to show a row's value."""

    header: str
    text: Callable[[Any], str]
    width: int = 120
    #: Texts the column must show whole (the widest reference, date, status...): its width
    #: is measured from them and the header in the view's font, not guessed in pixels.
    fit: tuple[str, ...] = ()


class RowSource(Protocol):
    """Where a lazy model's rows come from. Rows are tuples whose first item is the id."""

    def count(self, store: Store) -> int:
        """How many rows match (cheap: ``SELECT count(*)``)."""
        ...

    def block(
        self,
        store: Store,
        offset: int,
        limit: int,
        after: Any | None,
        before: Any | None,
        anchor: tuple[Any, int] | None = None,
    ) -> list[Any]:
        """Rows ``offset .. offset+limit``; ``after``/``before`` are the neighbouring
        block's last/first row when known, and ``anchor`` the key of row ``offset`` when
        known, so the source can seek by key instead of counting rows."""
        ...


class PaintGate:
    """Lets a worker start a block read only between two repaints of the list.

    A repaint calls :meth:`LazyTableModel.data` about a thousand times, each a return from
    Qt's C++ into Python that must take the GIL back. A worker converting rows meanwhile
    holds it often enough to make a repaint take twice as long (measured: jump repaints
    p50 5 ms with the workers quiet, 10-14 ms with read-ahead running beside them). So a
    read waits until ``data()`` has not been called for :attr:`QUIET` seconds, and never
    longer than :attr:`MOST` (a view that repaints without pause still gets its rows).
    """

    QUIET = 0.002
    MOST = 0.05

    def __init__(self) -> None:
        self.last = 0.0  # time.monotonic() of the latest data() call (GUI thread)

    def wait(self) -> None:
        """Block the calling worker until the GUI thread is between repaints."""
        deadline = time.monotonic() + self.MOST
        while True:
            now = time.monotonic()
            quiet = now - self.last
            if quiet >= self.QUIET or now >= deadline:
                return
            time.sleep(min(self.QUIET - quiet, deadline - now))


class LazyTableModel(QAbstractTableModel):
    """A read-only table over a :class:`RowSource`, fetching blocks on demand.

    Roles: ``Qt.UserRole`` returns the row's id; :meth:`row_tuple` the whole row.

    Signals:
        refreshed(): after :meth:`refresh` (or, in background mode, any reload) applied a
            new count.
    """

    refreshed = Signal()

    BLOCK = 100
    MAX_BLOCKS = 80
    #: Background mode: block reads in flight at once, and requests kept waiting. One:
    #: a block is an index seek of about a millisecond, and a second reader beside the
    #: repaint costs it more than it gains (1,000,000 rows, jump repaint p95 10-12 ms
    #: with one reader, 15-16 ms with two); a demanded block waits for at most one read.
    READERS = 1
    MAX_WAITING = 6

    def __init__(
        self,
        store: Store,
        source: RowSource,
        columns: Sequence[Column],
        parent: QObject | None = None,
        *,
        style: Callable[[Any, int], Any] | None = None,
        prefetch: bool = True,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._source = source
        self._columns = list(columns)
        self._count = 0
        self._blocks: OrderedDict[int, list[Any]] = OrderedDict()
        self._style = style
        self._counting = False
        self._hot_number: int = -1  # the block the last data() call used
        self._hot_rows: list[Any] = []
        self._anchors: list[tuple[Any, int]] | None = None
        self._prefetching: set[int] = set()
        self._generation = 0
        #: Read neighbouring blocks in the background (tests that count fetches turn it off).
        self.prefetch = prefetch
        self.fetches = 0  # blocks fetched since the last reload (benchmarks read it)
        #: Counts and blocks off the GUI thread (large lists); see the module docstring.
        self.background = background
        #: False until the first count of the current source arrived (background mode).
        self.count_known = not background
        self._stale: dict[int, list[Any]] = {}  # blocks shown while fresh ones are read
        #: Blocks to read, (number, demanded): newest demand last, read-ahead first.
        self._waiting: deque[tuple[int, bool]] = deque()
        self._queued: set[tuple[int, int]] = set()  # (generation, block) asked for
        self._reading = 0
        self._pump_timer = QTimer(self)  # owned by the model: never fires after it
        self._pump_timer.setSingleShot(True)
        self._pump_timer.setInterval(0)
        self._pump_timer.timeout.connect(self._pump)
        self._gate = PaintGate()
        self.placeholders_painted = 0  # cells painted before their block arrived (benches)
        self.reload()

    # -- loading -------------------------------------------------------------------

    def set_source(self, source: RowSource) -> None:
        self._source = source
        self.reload()

    def reload(self) -> None:
        """Forget every block and count again (filters changed, or new data arrived)."""
        self._assert_gui_thread()
        if self.background:
            # The view is reset at once (selection gone, rows painted as placeholders)
            # and filled as the first block, then the count, arrive from a worker.
            self.beginResetModel()
            self._forget()
            self._stale.clear()
            self.count_known = False
            self.fetches = 0
            self.endResetModel()
            self._start_count()  # a count still on its way is stale: it is redone
            return
        self.beginResetModel()
        self._forget()
        self._count = self._source.count(self._store)
        self.fetches = 0
        self.endResetModel()
        self._load_anchors()

    def _forget(self) -> None:
        self._hot_number, self._hot_rows = -1, []
        self._waiting.clear()
        # Reads still in flight for the old rows finish on their own and are dropped; they
        # do not hold back the first block of the new ones (a filter change shows its
        # first rows without waiting behind read-ahead of the list the user left).
        self._reading = 0
        self._blocks.clear()
        self._anchors = None
        self._generation += 1

    def refresh(self) -> None:
        """Re-read after a change, counting off the GUI thread (a large list's count can
        take a while); the view keeps its position and, if the count is unchanged, its
        selection. Emits :attr:`refreshed` when done."""
        from ui.ops import Op

        if self.background:
            # Keep showing what is there while the new rows are read.
            self._stale = {**self._stale, **self._blocks}
            self._forget()
            self._start_count()
            return
        source, store = self._source, self._store
        if self._counting:
            return
        self._counting = True
        Op(self, lambda: source.count(store)).on_success(
            lambda n: self._apply_count(source, n)
        ).on_failure(self._count_failed).start()

    def _count_failed(self, exc: BaseException) -> None:
        self._counting = False
        from ui.messages import show_error

        show_error(None, exc)

    def _apply_count(self, source: RowSource, count: int) -> None:
        self._counting = False
        if source is not self._source:
            return  # the filter changed meanwhile; set_source already reloaded
        if count == self._count:
            self._forget()
            self._load_anchors()
            if count and self._columns:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(count - 1, len(self._columns) - 1)
                )
        else:
            self.beginResetModel()
            self._forget()
            self._count = count
            self.endResetModel()
            self._load_anchors()
        self.refreshed.emit()

    # -- background mode ---------------------------------------------------------

    def _start_count(self) -> None:
        """Count the current source on a worker; one count at a time, a stale one redone."""
        if self._counting:
            return
        from ui.ops import Op

        self._counting = True
        gen, source, store = self._generation, self._source, self._store
        Op(self, lambda: source.count(store)).on_success(
            lambda n: self._counted(gen, n)
        ).on_failure(self._count_failed).start()
        self._want(0)  # progressive: the first rows need not wait for the count

    def _counted(self, gen: int, count: int) -> None:
        self._counting = False
        if gen != self._generation:
            self._start_count()  # the filter or the data changed while counting
            return
        self._set_count(count)
        self._stale.clear()
        self.count_known = True
        self._load_anchors()
        if count and self._columns:
            # Rows painted from stale blocks or placeholders are read again.
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(self._columns) - 1))
        self.refreshed.emit()

    def _set_count(self, count: int) -> None:
        """Change the row count by inserting or removing rows (the view keeps its place)."""
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()

    def _want(self, number: int, demanded: bool = True) -> None:
        """Ask for block ``number`` from a worker (GUI thread, never waits); a block read
        ahead (``demanded`` false) waits behind every block a repaint asked for."""
        key = (self._generation, number)
        if key in self._queued or number in self._blocks:
            return
        self._queued.add(key)
        if demanded:
            self._waiting.append((number, True))
        else:
            self._waiting.appendleft((number, False))
        while len(self._waiting) > self.MAX_WAITING:
            # The user has moved on: the oldest request is no longer on screen.
            self._queued.discard((self._generation, self._waiting.popleft()[0]))
        # Reads start once the event loop is back: a repaint that asks for a block
        # finishes before a worker starts converting rows beside it (both need the GIL,
        # and the repaint is what the user is waiting for).
        if not self._pump_timer.isActive():
            self._pump_timer.start()

    def _pump(self) -> None:
        while self._reading < self.READERS and self._waiting:
            self._read(*self._waiting.pop())  # newest demand first

    def _read(self, number: int, demanded: bool) -> None:
        from ui.ops import Op

        after, before, anchor = self._block_args(number)
        gen, source, store, size = self._generation, self._source, self._store, self.BLOCK
        self._reading += 1

        def done(rows: list[Any]) -> None:
            self._queued.discard((gen, number))
            if gen == self._generation:
                self._reading -= 1
                self._arrived(number, rows, demanded)
            self._pump()

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._reading -= 1
            self._queued.discard((gen, number))
            log.warning("list block not read: %s", type(exc).__name__)
            self._pump()

        gate = self._gate

        def read() -> list[Any]:
            gate.wait()
            return source.block(store, number * size, size, after, before, anchor)

        Op(self, read).on_success(done).on_failure(failed).start()

    def _arrived(self, number: int, rows: list[Any], demanded: bool) -> None:
        self.fetches += 1
        self._keep(number, rows)
        self._stale.pop(number, None)
        if not self.count_known and number == 0 and len(rows) > self._count:
            self._set_count(len(rows))  # progressive: more rows than the old count shows
        first = number * self.BLOCK
        last = min(self._count, first + self.BLOCK) - 1
        if last >= first and self._columns:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))
        if demanded:
            for ahead in (1, -1, 2, -2):
                self._prefetch(number + ahead)

    @staticmethod
    def _assert_gui_thread() -> None:
        app = QCoreApplication.instance()
        assert app is None or QThread.currentThread() is app.thread(), "model used off GUI thread"

    def _block_args(self, number: int) -> tuple[Any, Any, Any]:
        """How block ``number`` can be found: after/before a cached neighbour, or from an
        anchor key; all None means by offset."""
        prev = self._blocks.get(number - 1)
        nxt = self._blocks.get(number + 1)
        after = prev[-1] if prev else None
        before = nxt[0] if nxt and not prev else None
        anchor = None
        if after is None and before is None and self._anchors and number < len(self._anchors):
            anchor = self._anchors[number]
        return after, before, anchor

    def _block(self, number: int) -> list[Any]:
        rows = self._blocks.get(number)
        if rows is not None:
            self._blocks.move_to_end(number)
        else:
            after, before, anchor = self._block_args(number)
            rows = self._source.block(
                self._store, number * self.BLOCK, self.BLOCK, after, before, anchor
            )
            self.fetches += 1
            self._keep(number, rows)
        # Read the neighbours in the background, so scrolling on finds them ready (two
        # ahead: a block takes a worker longer to read than a wheel step takes to repaint).
        for ahead in (1, -1, 2, -2):
            self._prefetch(number + ahead)
        return rows

    def _keep(self, number: int, rows: list[Any]) -> None:
        self._blocks[number] = rows
        while len(self._blocks) > self.MAX_BLOCKS:
            self._blocks.popitem(last=False)

    def _prefetch(self, number: int) -> None:
        if (
            not self.prefetch
            or number < 0
            or number * self.BLOCK >= self._count
            or number in self._blocks
            or number in self._prefetching
        ):
            return
        if self.background:
            self._want(number, demanded=False)
            return
        from ui.ops import Op

        after, before, anchor = self._block_args(number)
        source, store, gen, size = self._source, self._store, self._generation, self.BLOCK
        self._prefetching.add(number)

        def done(rows: list[Any]) -> None:
            self._prefetching.discard(number)
            if gen == self._generation and number not in self._blocks:
                self._keep(number, rows)
                self._blocks.move_to_end(number, last=False)  # evicted first if never used

        def failed(_exc: BaseException) -> None:
            self._prefetching.discard(number)  # the block is read on demand instead

        Op(
            self, lambda: source.block(store, number * size, size, after, before, anchor)
        ).on_success(done).on_failure(failed).start()

    def _load_anchors(self) -> None:
        """Sample the key of every block's first row in the background (large lists)."""
        anchors_fn = getattr(self._source, "anchors", None)
        if anchors_fn is None or self._count <= self.BLOCK * 4:
            return
        from ui.ops import Op

        gen, store, size = self._generation, self._store, self.BLOCK

        def done(anchors: list[tuple[Any, int]]) -> None:
            if gen == self._generation:
                self._anchors = anchors

        Op(self, lambda: anchors_fn(store, size)).on_success(done).on_failure(
            lambda _exc: None
        ).start()

    def row_tuple(self, row: int) -> Any | None:
        """The whole row (its block is read here if not loaded: a selected row is on
        screen, so in practice its block is)."""
        if not 0 <= row < self._count:
            return None
        rows = self._block(row // self.BLOCK)
        i = row % self.BLOCK
        return rows[i] if i < len(rows) else None

    def row_id(self, row: int) -> str | None:
        t = self.row_tuple(row)
        return str(t[0]) if t is not None else None

    def loaded_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about seven times per visible cell on every repaint: keep it lean.
        if role not in _ROLES:
            return None
        if role in _STYLE_ROLES and self._style is None:
            return None
        self._gate.last = _monotonic()
        r = index.row()
        number = r // self.BLOCK
        if number == self._hot_number:
            rows = self._hot_rows
        else:
            if not 0 <= r < self._count:
                return None
            if self.background:
                cached = self._blocks.get(number)
                if cached is None:
                    self._want(number)
                    shown = self._stale.get(number)
                    if shown is None:
                        return self._placeholder(index, role)
                    rows = shown  # the previous rows until the fresh ones arrive
                else:
                    self._blocks.move_to_end(number)
                    rows = cached
                    self._hot_number, self._hot_rows = number, rows
            else:
                rows = self._block(number)
                self._hot_number, self._hot_rows = number, rows
        i = r - number * self.BLOCK
        if i >= len(rows):
            return None
        row = rows[i]
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[index.column()].text(row)
        if self._style is not None:
            return self._style(row, role)
        return None

    def _placeholder(self, index: Index, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            self.placeholders_painted += 1
            return PLACEHOLDER if index.column() == 0 else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return _GREY
        return None


_monotonic = time.monotonic

_GREY = QBrush(QColor("#9e9e9e"))

_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)
_STYLE_ROLES = frozenset({Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})


def strike_style(cancelled_at: int, urgent_at: int | None = None) -> Callable[[Any, int], Any]:
    """Grey struck-out text for cancelled rows, bold red for urgent ones."""
    struck = QFont()
    struck.setStrikeOut(True)
    bold = QFont()
    bold.setBold(True)
    grey = QBrush(QColor("#757575"))
    red = QBrush(QColor("#b71c1c"))

    def style(row: Any, role: int) -> Any:
        cancelled = bool(row[cancelled_at])
        urgent = urgent_at is not None and bool(row[urgent_at])
        if role == Qt.ItemDataRole.FontRole:
            return struck if cancelled else bold if urgent else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return grey if cancelled else red if urgent else None
        return None

    return style


def configure_big_table(view: Any, row_height: int = 24) -> None:
    """Settings every large table needs: fixed row heights, no content-based sizing."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(row_height)
    vh.setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


def apply_column_widths(view: Any, columns: Sequence[Column]) -> None:
    """Set each column's width: measured from ``fit`` and the header when given."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader().fontMetrics()
    padding = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 14
    for i, c in enumerate(columns):
        width = c.width
        if c.fit:
            width = max(
                max(metrics.horizontalAdvance(t) for t in c.fit),
                header.horizontalAdvance(c.header) + 8,
            )
            width += padding
        view.setColumnWidth(i, width)
