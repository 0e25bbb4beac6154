"""The one way ``ui/`` runs work off the GUI thread, and the bridge from core events to Qt.

Every store query that may take more than a few milliseconds, every sync and every file
operation goes through :class:`Op`::

    Op(self, lambda: service.submit(actor, rid)).on_success(self.reload).start()

The function runs on a worker thread of a ``QThreadPool`` and never touches a widget; its
result or exception comes back to the GUI thread through a queued signal. Failures that
nobody handles show the standard translated error dialog (:func:`ui.messages.show_error`).

Core events (:class:`app.events.EventBus`, published from any thread) are turned into one
rate-limited Qt signal by :class:`EventBridge`, so a burst of thousands of changes during a
sync repaints the window a few times a second, not thousands of times.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.events import EventBus

log = logging.getLogger(__name__)

T = TypeVar("T")
ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

#: How long an operation may run before a progress dialog appears (no flicker for quick ones).
PROGRESS_DELAY_MS = 600
#: At most this many progress signals per second cross from a worker to the GUI thread.
PROGRESS_RATE_HZ = 10

_pool: QThreadPool | None = None
_write_pool: QThreadPool | None = None
#: Operations whose result has not been delivered yet, by id (tests wait on it).
_running: dict[int, Op[Any]] = {}
# Live event bridges, so tests can wait until no refresh is pending (weak: a bridge goes
# with its window).
_bridges: weakref.WeakSet[EventBridge] = weakref.WeakSet()


def _forget(key: int) -> None:
    _running.pop(key, None)


def thread_pool() -> QThreadPool:
    """The pool every :class:`Op` runs on (a few threads: the store serialises writers)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def write_pool() -> QThreadPool:
    """The one thread every change to the store runs on, in the order it was asked for.

    An autosave and a submit, a case note or a recorded hit never overtake each other, and
    two writers never wait on each other's transaction (``Op(...).writes()`` uses it).
    """
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def _emit(signal: Any, value: Any) -> None:
    """Emit a relay's signal from a worker; a relay already deleted (its operation's owner
    and the application are going away) drops the value instead of raising in the worker."""
    try:
        signal.emit(value)
    except RuntimeError:
        log.info("result of a finished operation dropped: its receiver was deleted")


def running_ops() -> int:
    """How many operations have not delivered their result yet (tests wait on this)."""
    return len(_running)


def pending_refreshes() -> int:
    """How many event bridges hold core events not yet delivered (tests wait on this)."""
    return sum(1 for bridge in list(_bridges) if bridge.has_pending())


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread.

    Signals:
        succeeded(object): the function's return value.
        failed(object): the exception it raised.
        progressed(object): the arguments the core passed to ``progress`` (a tuple).
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)


#: Worker threads run this much "nicer" than the GUI thread (Linux nice levels).
WORKER_NICE = 10
_lowered = threading.local()


def _lower_priority() -> None:
    """Let the GUI thread win the CPU over this worker (once per pool thread).

    On a two-core office PC a list's count and block reads, a search and a sync compete
    with the GUI thread for the cores; at equal priority a repaint that needs 4 ms of CPU
    could take three times that. Linux schedules threads by nice level (a thread may
    raise its own); elsewhere Qt's thread priority does the same.
    """
    if getattr(_lowered, "done", False):
        return
    _lowered.done = True
    try:
        if sys.platform.startswith("linux"):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
        else:
            thread = QThread.currentThread()
            if thread is not None:
                thread.setPriority(QThread.Priority.LowPriority)
    except (OSError, RuntimeError) as exc:  # not allowed here: run at normal priority
        log.info("worker priority unchanged: %s", type(exc).__name__)


class _Job(QRunnable):
    """Runs on a pool thread. Touches no widget: it only emits the relay's signals."""

    def __init__(self, call: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._call = call
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        _lower_priority()
        relay = self._relay
        try:
            result = self._call()
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the GUI
            if shiboken6.isValid(relay):
                _emit(relay.failed, exc)
        else:
            if shiboken6.isValid(relay):
                _emit(relay.succeeded, result)


class Op(QObject, Generic[T]):
    """A background operation with callbacks on the GUI thread.

    ``fn`` runs on a worker thread. Without :meth:`with_progress` it is called with no
    arguments; with it, it is called as ``fn(progress, cancelled)`` where
    ``progress(done, total, message)`` (or ``progress(obj)``, e.g. the sync engine's
    ``SyncProgress``) may be called as often as the core likes (it is throttled) and
    ``cancelled()`` says whether the user pressed Cancel.

    Signals:
        finished(): after the success or failure callback ran.
    """

    finished = Signal()

    def __init__(self, parent: QObject | None, fn: Callable[..., T]) -> None:
        # Not a Qt child of ``parent``: an operation must outlive a window closed while it
        # runs (its worker still emits through it); its callbacks are skipped instead.
        super().__init__(None)
        self._owner = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[..., None] | None = None
        self._label: str | None = None
        self._cancel = threading.Event()
        self._dialog: QProgressDialog | None = None
        # A child of the operation, so it is deleted with it on the GUI thread: if the worker
        # dropped the last reference, the relay would be destroyed on the worker thread while
        # its queued signal may still be delivered to it.
        self._relay = _Relay(self)
        self._pool: QThreadPool | None = None
        self._done = False
        self._started_at = 0.0

    # -- building ------------------------------------------------------------------

    def on_success(self, callback: Callable[[T], None]) -> Op[T]:
        """Call ``callback(result)`` on the GUI thread when ``fn`` returns."""
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        """Call ``callback(exc)`` on the GUI thread instead of the standard error dialog."""
        self._on_failure = callback
        return self

    def on_progress(self, callback: Callable[..., None]) -> Op[T]:
        """Receive throttled progress on the GUI thread with the arguments the core gave
        (implies ``fn(progress, cancelled)``)."""
        self._on_progress = callback
        if self._label is None:
            self._label = ""
        return self

    def with_progress(self, label: str) -> Op[T]:
        """Show a cancellable progress dialog if the operation lasts over 600 ms."""
        self._label = label
        return self

    def on_pool(self, pool: QThreadPool) -> Op[T]:
        """Run on ``pool`` instead of the shared one (the sync worker has its own)."""
        self._pool = pool
        return self

    def writes(self) -> Op[T]:
        """``fn`` changes the store: run it on :func:`write_pool`, after earlier changes."""
        return self.on_pool(write_pool())

    # -- running -------------------------------------------------------------------

    def _owner_alive(self) -> bool:
        """False once the window or model the operation belongs to has been deleted."""
        return self._owner is None or shiboken6.isValid(self._owner)

    def cancel(self) -> None:
        """Ask the function to stop at its next ``cancelled()`` check."""
        self._cancel.set()

    def start(self) -> Op[T]:
        """Queue the function on the pool; returns ``self``."""
        key = id(self)
        _running[key] = self
        self._relay.succeeded.connect(self._deliver_success)
        self._relay.failed.connect(self._deliver_failure)
        self._relay.progressed.connect(self._deliver_progress)
        self._started_at = time.monotonic()
        wants_progress = self._label is not None
        fn, relay, cancel = self._fn, self._relay, self._cancel
        last = [0.0]
        last_phase: list[object] = [None]

        def progress(*args: Any) -> None:
            # Runs on the worker thread: throttle, then hand over through the signal. A new
            # phase (the sync engine's ``SyncProgress.phase``) always crosses: the last
            # report of a cycle, e.g. "listening for news", must not be the one dropped.
            now = time.monotonic()
            phase = getattr(args[0], "phase", None) if len(args) == 1 else None
            due = now - last[0] >= 1 / PROGRESS_RATE_HZ or phase != last_phase[0]
            if due and shiboken6.isValid(relay):
                last[0] = now
                last_phase[0] = phase
                _emit(relay.progressed, args)

        def call() -> Any:
            if wants_progress:
                return fn(progress, cancel.is_set)
            return fn()

        if self._label:
            QTimer.singleShot(PROGRESS_DELAY_MS, self._show_dialog)
        (self._pool or thread_pool()).start(_Job(call, relay))
        return self

    def _show_dialog(self) -> None:
        if self._done or not self._label:
            return
        parent = self._owner if self._owner_alive() else None
        dialog = QProgressDialog(
            self._label, self.tr("Cancel"), 0, 0, parent if isinstance(parent, QWidget) else None
        )
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self._dialog = dialog

    def _close(self) -> None:
        self._done = True
        # The dialog is gone already when the window it belongs to was closed and deleted.
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = None
        _forget(id(self))

    @Slot(object)
    def _deliver_progress(self, args: tuple[Any, ...]) -> None:
        if (
            self._dialog is not None
            and len(args) >= 2
            and all(isinstance(a, int) for a in args[:2])
        ):
            done, total = int(args[0]), int(args[1])
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total) if total else 0)
            if len(args) > 2 and args[2]:
                self._dialog.setLabelText(str(args[2]))
        if self._on_progress is not None and self._owner_alive():
            self._on_progress(*args)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self._close()
        try:
            if self._on_success is not None and self._owner_alive():
                self._on_success(result)
        finally:
            self.finished.emit()
            self.deleteLater()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        self._close()
        try:
            if not self._owner_alive():
                log.info("result of a closed window's operation dropped: %s", type(exc).__name__)
            elif self._on_failure is not None:
                self._on_failure(exc)
            else:
                from ui.messages import show_error

                parent = self._owner if self._owner_alive() else None
                show_error(parent if isinstance(parent, QWidget) else None, exc)
        finally:
            self.finished.emit()
            self.deleteLater()


class EventBridge(QObject):
    """Turns core events (any thread) into one rate-limited signal on the GUI thread.

    Signals:
        changed(object): a ``dict`` of event name -> last payload, for every event
            published since the previous emission; emitted at most every ``interval_ms``.
        notified(object): each ``notification`` event's payload, not coalesced.
    """

    changed = Signal(object)
    notified = Signal(object)
    _poked = Signal()

    def __init__(
        self, bus: EventBus, interval_ms: int = 250, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._flush)
        self._poked.connect(self._on_poked)
        self._unsubscribe = bus.subscribe("*", self._on_event)
        _bridges.add(self)
        # A bridge deleted without close() must not be called by the core any more.
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_args: unsubscribe())

    def _on_event(self, name: str, payload: dict[str, Any]) -> None:
        """Called by the core on any thread: record, then wake the GUI thread."""
        if name == "notification":
            self.notified.emit(dict(payload))
        with self._lock:
            first = not self._pending
            self._pending[name] = dict(payload)
        if first:
            self._poked.emit()

    @Slot()
    def _on_poked(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        if pending:
            self.changed.emit(pending)

    def has_pending(self) -> bool:
        """Whether events wait for the next emission of ``changed``."""
        if not shiboken6.isValid(self):
            return False
        with self._lock:
            if self._pending:
                return True
        return self._timer.isActive()

    def close(self) -> None:
        """Stop listening to the bus (the window is closing)."""
        self._unsubscribe()
        self._timer.stop()
        _bridges.discard(self)
