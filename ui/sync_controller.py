"""The UI's adapter to the sync engine: runs it on one worker thread, reports honest status.

The engine (:class:`app.sync.engine.SyncEngine`) is plain Python and may block for minutes on
a 64 kbit/s link; it only ever runs here on a dedicated one-thread pool through
:class:`ui.ops.Op`, never on the GUI thread. The status shown is the engine's
:class:`app.sync.engine.SyncStatus` (what waits in the outbox, what was refused, when the
next attempt is), read off the GUI thread; if the engine cannot be created the controller
says that sync is unavailable.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app import events
from ui.ops import Op
from ui.session import UiSession
from ui.transfer import TransferEstimate

if TYPE_CHECKING:
    from app.sync.engine import SyncEngine
    from app.sync.state import SyncProgress, SyncResult, SyncStatus
    from app.users import Actor

log = logging.getLogger(__name__)

UNAVAILABLE = "unavailable"
#: How long closing the window waits for a cancelled cycle to stop.
SHUTDOWN_WAIT_MS = 1500

#: Sync pools whose cycle was still blocked on the network when their window closed. They
#: are kept here (a QThreadPool deleted with a running thread would block until it ends)
#: and the process leaves without waiting for them (:func:`ui.main.run_gui`).
_abandoned: list[QThreadPool] = []


def busy_sync_workers() -> int:
    """Sync cycles still running after their window closed."""
    return sum(pool.activeThreadCount() for pool in _abandoned)


@dataclass
class SyncUiFacts:
    """What only the UI knows about sync, shown beside the engine's
    :class:`app.sync.state.SyncStatus`: whether the engine could be created, whether the
    link was last seen up, whether a cycle runs now."""

    available: bool
    online: bool | None = None
    running: bool = False
    #: The cycle only waits for news (the server holds ``/news``): nothing is transferred,
    #: the PC is shown as up to date, and "Sync now" or a new outbox item restarts it.
    listening: bool = False

    @property
    def busy(self) -> bool:
        """Whether a cycle is transferring or checking (not only listening for news)."""
        return self.running and not self.listening


def unavailable_status(server_url: str, metered: bool) -> SyncStatus:
    """The status shown when the engine cannot be created (off the GUI thread: the engine's
    vocabulary imports the HTTP stack)."""
    from app.sync.state import SyncStatus

    return SyncStatus(
        state=UNAVAILABLE,
        enrolled=False,
        server_url=server_url,
        last_confirmed_sync=None,
        pending_items=0,
        pending_bytes=0,
        current=None,
        quarantine=[],
        next_attempt=None,
        last_error=None,
        metered=metered,
    )


class SyncController(QObject):
    """Runs sync cycles in the background and publishes what the user must know.

    Signals:
        status_changed(object, object): the engine's :class:`app.sync.state.SyncStatus`
            (None until it is first read) and the :class:`SyncUiFacts`.
        transfer_changed(object): a :class:`app.sync.state.SyncProgress` while a cycle runs
            (its time left counted down by :class:`ui.transfer.TransferEstimate`), None after.
        finished(object): the engine's ``SyncResult`` after each cycle.
    """

    status_changed = Signal(object, object)
    transfer_changed = Signal(object)
    finished = Signal(object)

    def __init__(
        self, session_: UiSession, parent: QObject | None = None, *, auto: bool = True
    ) -> None:
        super().__init__(parent)
        self.session = session_
        # The engine module (HTTP stack, wire schemas) is imported on first use, normally by
        # the first status read in a worker thread, so the window appears without waiting.
        self._engine: SyncEngine | None = None
        self._engine_failed = False
        self._engine_lock = threading.Lock()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # the engine is used from ONE worker thread
        self._op: Op[SyncResult] | None = None
        #: Downloads of full-size photos in flight (Stop and closing cancel them too).
        self._blob_ops: set[Op[Any]] = set()
        self.online: bool | None = None
        # The engine's status as last read (None until the first read, which imports the
        # engine off the GUI thread) and what only the UI knows.
        self.status: SyncStatus | None = None
        self.facts = SyncUiFacts(available=self.available)
        self.transfer: SyncProgress | None = None
        self._estimate = TransferEstimate()
        # Between the engine's reports (20-30 s apart on a slow link) the time left counts
        # down once a second.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self.last_result: SyncResult | None = None
        self._refreshing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._auto = auto and self.available
        #: A listening cycle was stopped to start a new one at once (Sync now, a new item).
        self._restart = False

    @property
    def engine(self) -> SyncEngine | None:
        """The sync engine, created on first use (from any thread); None when it cannot be."""
        with self._engine_lock:
            if self._engine is None and not self._engine_failed:
                from app.sync.engine import SyncEngine

                try:
                    self._engine = SyncEngine(self.session.desk)
                except Exception:
                    log.exception("sync engine could not be created")
                    self._engine_failed = True
            return self._engine

    @property
    def available(self) -> bool:
        return not self._engine_failed

    @property
    def running(self) -> bool:
        return self._op is not None

    # -- status --------------------------------------------------------------------

    def on_events(self, changed: dict[str, dict[str, Any]]) -> None:
        """Slot for :attr:`ui.ops.EventBridge.changed`."""
        if events.LINK_CHANGED in changed:
            self.online = changed[events.LINK_CHANGED].get("online")
        if changed.keys() & {
            events.OUTBOX_CHANGED,
            events.SYNC_STATE_CHANGED,
            events.LINK_CHANGED,
            events.REQUESTS_CHANGED,
        }:
            self.refresh()
        if events.OUTBOX_CHANGED in changed and self.facts.listening:
            self.sync_now()  # a new item does not wait for the held call to end

    def refresh(self) -> None:
        """Read the status off the GUI thread and emit it."""
        if self._refreshing:
            return
        self._refreshing = True

        def read() -> SyncStatus:
            engine = self.engine
            if engine is None:
                return unavailable_status(
                    self.session.desk.site.server_url,
                    self.session.desk.preferences.metered_mode,
                )
            return engine.status()

        def done(status: SyncStatus) -> None:
            self._refreshing = False
            self.status = status
            self.facts = dataclasses.replace(
                self.facts, available=self.available, online=self.online, running=self.running
            )
            self.status_changed.emit(status, self.facts)
            self._schedule(status)

        def failed(exc: BaseException) -> None:
            self._refreshing = False
            log.warning("sync status could not be read: %s", type(exc).__name__)

        Op(self, read).on_success(done).on_failure(failed).start()

    def _schedule(self, status: SyncStatus) -> None:
        """Keep one automatic attempt scheduled (the engine says when)."""
        if not self._auto or not status.enrolled or self.running or status.state == "fatal":
            return
        interval = self.engine.options.interval_seconds if self.engine is not None else 300.0
        delay = interval
        at = status.next_attempt
        if at is not None:
            delay = max(5.0, (at - datetime.now(at.tzinfo)).total_seconds())
        self._timer.start(int(min(delay, interval) * 1000))

    # -- actions -------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a cycle unless one runs; returns whether one was started."""
        if self.engine is None:
            return False
        if self.running:
            if self.facts.listening and self._op is not None and not self._restart:
                # Only waiting for news: end the held call and start a cycle at once.
                self._restart = True
                self._op.cancel()
                self.engine.interrupt()
                return True
            return False
        engine = self.engine
        self._timer.stop()

        def run(progress: Any, cancelled: Any) -> SyncResult:
            return engine.run_once(progress=progress, cancelled=cancelled)

        op: Op[SyncResult] = Op(self, run).on_pool(self._pool).on_progress(self._on_progress)
        op.on_success(self._on_finished).on_failure(self._on_failed)
        self._op = op
        self.facts = dataclasses.replace(self.facts, running=True)
        self.status_changed.emit(self.status, self.facts)
        op.start()
        log.info("sync started")
        return True

    def cancel(self) -> None:
        """Stop: the running cycle and every photo download in flight."""
        if self._op is not None:
            self._op.cancel()
            if self._engine is not None:
                self._engine.interrupt()
        for op in list(self._blob_ops):
            op.cancel()

    def _on_progress(self, p: SyncProgress) -> None:
        listening = p.phase == "listening"
        if listening != self.facts.listening:
            self.facts = dataclasses.replace(self.facts, listening=listening)
            self.status_changed.emit(self.status, self.facts)
        if listening:
            self._tick.stop()
            self._estimate.reset()
            self.transfer = None
            self.transfer_changed.emit(None)
            return
        self.transfer = self._estimate.update(p)
        if not self._tick.isActive():
            self._tick.start()
        self.transfer_changed.emit(self.transfer)

    def _on_tick(self) -> None:
        if self._op is None:
            self._tick.stop()
            return
        self.transfer = self._estimate.view()
        if self.transfer is not None:
            self.transfer_changed.emit(self.transfer)

    def _end_transfer(self) -> None:
        self._op = None
        self.facts = dataclasses.replace(self.facts, listening=False)
        self.transfer = None
        self._tick.stop()
        self._estimate.reset()
        self.transfer_changed.emit(None)

    def _on_finished(self, result: SyncResult) -> None:
        self._end_transfer()
        if self._restart:
            self._restart = False
            self.facts = dataclasses.replace(self.facts, running=False)
            self.sync_now()
            return
        self.last_result = result
        failure = result.failure
        if failure is None:
            self.online = True
        elif failure.klass == "transient" and failure.code != "sync.cancelled":
            self.online = False
        self.finished.emit(result)
        self.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        # run_once never raises by contract; if it does, that is a bug worth a log line.
        log.error("sync cycle raised", exc_info=(type(exc), exc, exc.__traceback__))
        self._restart = False
        self._end_transfer()
        self.refresh()

    def fetch_blob(self, parent: QWidget, sha: str, on_done: Any) -> Op[Any] | None:
        """Download a full-size photo or attachment on demand, with a progress dialog.

        The dialog's Cancel, closing the window that asked (``parent`` destroyed), Stop
        and closing the main window (:meth:`cancel`) interrupt the download within a
        second, even in the middle of a call; what is safe on disk is kept for next time.
        """
        from ui.messages import show_error

        if self.engine is None:
            from app.errors import DeskError

            show_error(parent, DeskError("sync.unavailable"))
            return None
        engine = self.engine

        def run(progress: Any, cancelled: Any) -> bool:
            return bool(engine.fetch_media(sha, progress=progress, cancelled=cancelled))

        def failed(exc: BaseException) -> None:
            if getattr(exc, "code", None) != "sync.cancelled":  # Cancel needs no dialog
                show_error(parent, exc)

        op: Op[Any] = (
            Op(parent, run)
            .on_pool(self._pool)
            .with_progress(self.tr("Downloading the photo from the regional server…"))
            .on_success(lambda _ok: on_done())
            .on_failure(failed)
        )
        self._blob_ops.add(op)
        op.finished.connect(lambda: self._blob_ops.discard(op))
        parent.destroyed.connect(op.cancel)
        return op.start()

    def retry_quarantined(self, item_id: str) -> None:
        if self.engine is not None:
            engine = self.engine
            Op(self, lambda: engine.retry_quarantined(item_id)).on_pool(self._pool).on_success(
                lambda _r: self.refresh()
            ).start()

    def discard_quarantined(self, item_id: str) -> None:
        if self.engine is not None:
            engine = self.engine
            Op(self, lambda: engine.discard_quarantined(item_id)).on_pool(self._pool).on_success(
                lambda _r: self.refresh()
            ).start()

    def set_metered(self, metered: bool) -> None:
        """Save the metered-link preference (full-size media then wait for a request)."""
        from app.config import Preferences

        paths = self.session.desk.paths

        def save() -> None:
            prefs = Preferences.load(paths)
            prefs.metered_mode = metered
            prefs.save(paths)

        Op(self, save).on_success(lambda _r: self.refresh()).start()

    def login_online(self, username: str, password: str) -> Actor:
        """Blocking online login (call only from a worker: used by the login dialog's Op)."""
        if self.engine is None:
            from app.errors import DeskError

            raise DeskError("sync.unavailable")
        return self.engine.login_online(username, password)

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel a running cycle and wait a little for it (window closing).

        A cycle stops at its next check, between pages, batches and chunks; what it
        committed stays (each page with its cursor in one transaction) and nothing is half
        applied. One blocked in a network read on a slow link is left behind, never
        waited for: returns False then, and the process exits without it.
        """
        self._timer.stop()
        self._tick.stop()
        self.cancel()
        if not self._pool.waitForDone(wait_ms):
            log.warning("sync cycle still in a network call at close; not waiting for it")
            self._pool.setParent(None)
            _abandoned.append(self._pool)
            return False  # the engine stays open: the worker still uses it
        if self._engine is not None:
            try:
                self._engine.close()
            except Exception:
                log.exception("sync engine close failed")
        return True
