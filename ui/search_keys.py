"""The name-key rebuild after an upgrade, run in the background while the office works.

:func:`start` is called once the installation is open; when the keys are current it does
nothing. Otherwise :func:`app.search.reindex.rebuild_in_steps` runs on a worker thread of
its own (never the shared pool, so searches are not queued behind it) and the search page
says that the index is being rebuilt, with how far it got, until it finishes.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QThreadPool

from app.context import Desk
from app.search import index, reindex
from ui.ops import Op

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_running: Op[int] | None = None


def _rebuild_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def start(desk: Desk) -> Op[int] | None:
    """Start rebuilding stale name keys in the background; None when they are current.

    Returns at once: the first step runs on the worker thread.
    """
    global _running
    if _running is not None:
        return _running
    with desk.store.read() as s:
        if not index.needs_rebuild(s):
            return None

    def run(progress: Any, cancelled: Any) -> int:
        return reindex.rebuild_in_steps(desk.store, progress=progress, cancelled=cancelled)

    def finished(count: int) -> None:
        global _running
        _running = None
        if count >= 0:
            log.info("name keys rebuilt in the background")

    def failed(exc: BaseException) -> None:
        global _running
        _running = None
        # The keys stay usable (the previous ones); the next start resumes.
        log.error("name key rebuild stopped: %s", type(exc).__name__)

    op: Op[int] = Op(None, run).on_progress(lambda *_a: None).on_pool(_rebuild_pool())
    _running = op.on_success(finished).on_failure(failed).start()
    return _running


def stop(timeout_ms: int = 2000) -> None:
    """Pause a running rebuild at its next step (the next start resumes it)."""
    global _running
    if _running is not None:
        _running.cancel()
        _running = None
    _rebuild_pool().waitForDone(timeout_ms)
