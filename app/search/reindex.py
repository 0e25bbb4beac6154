"""Rebuilding the name keys after a key-algorithm change, in the background, in small steps.

When :data:`app.search.keys.KEY_ALGO_VERSION` changes (an upgrade), every person's keys
must be recomputed: about a millisecond per person, a quarter of an hour for a million.
:func:`app.search.index.rebuild` does it in one transaction, which is right for a migration
or a command-line tool but would hold the database write lock (sync, audit, hits) and, on
the GUI thread, freeze the window for as long.

:func:`rebuild_in_steps` does it instead in short write transactions of a few hundred
persons, each recording how far it got, so that:

* search, sync and every other write go on meanwhile (a write waits at most one step);
* search keeps working on the keys already there: persons not yet re-keyed carry their
  previous keys, so most are still found; :func:`status` tells the UI to say so;
* a closed or killed client resumes where it stopped at the next start.

Runs off the GUI thread; reports ``progress(done, total, "search.rebuild")`` and stops
between steps when ``cancelled()`` returns True.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from app.search import index
from app.search.keys import KEY_ALGO_VERSION
from app.store.db import Store

log = logging.getLogger(__name__)

# Meta keys of a rebuild in progress: the last person id re-keyed, and how many so far.
CURSOR_KEY = "search.rebuild_cursor"
DONE_KEY = "search.rebuild_done"
# Persons per step: small enough that a search's audit write or a sync page waits well
# under a second for the write lock, large enough that the per-step overhead is small.
STEP = 250

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class RebuildStatus:
    """Where a key rebuild stands.

    Attributes:
        current: The keys are those of this version: nothing to rebuild.
        done: Persons re-keyed so far (0 when none yet).
        total: Live persons in the store.
    """

    current: bool
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        """Whole percent done (0..100)."""
        if self.current or self.total <= 0:
            return 100
        return min(100, self.done * 100 // self.total)


def _meta(conn: Connection, key: str) -> str | None:
    value = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (key,)).scalar()
    return None if value is None else str(value)


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def status(store: Store) -> RebuildStatus:
    """Where the rebuild stands (cheap when current: one meta read)."""
    with store.read() as s:
        conn = s.connection()
        if not index.needs_rebuild(conn):
            return RebuildStatus(True)
        done = int(_meta(conn, DONE_KEY) or 0)
        total = int(
            conn.exec_driver_sql("SELECT count(*) FROM persons WHERE deleted = 0").scalar() or 0
        )
    return RebuildStatus(False, done, total)


def _step(conn: Connection, cursor: str, size: int) -> tuple[str, int]:
    """Re-key the next ``size`` persons after ``cursor``; returns the new cursor and count."""
    ids = list(conn.exec_driver_sql(
        "SELECT id FROM persons WHERE id > ? ORDER BY id LIMIT ?", (cursor, size)
    ).scalars())  # fmt: skip
    if not ids:
        return cursor, 0
    # Tombstoned persons are in ``ids`` too: index_persons drops their keys.
    index.index_persons(conn, ids)
    return str(ids[-1]), len(ids)


def rebuild_in_steps(
    store: Store,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    step: int = STEP,
) -> int:
    """Re-key every person in short transactions, resuming a rebuild left unfinished.

    Runs off the GUI thread.

    Returns:
        Persons re-keyed by this call (``-1`` when cancelled; the next call resumes).
    """
    with store.write() as s:
        conn = s.connection()
        if not index.needs_rebuild(conn):
            return 0
        if _meta(conn, CURSOR_KEY) is None:
            # A fresh start: token forms of the old algorithm must not be reused.
            conn.exec_driver_sql("DELETE FROM search_tokens")
            _set_meta(conn, CURSOR_KEY, "")
            _set_meta(conn, DONE_KEY, "0")
        total = int(
            conn.exec_driver_sql("SELECT count(*) FROM persons WHERE deleted = 0").scalar() or 0
        )
    index.clear_caches()
    rekeyed = 0
    while True:
        if cancelled is not None and cancelled():
            log.info("search key rebuild paused after %d persons", rekeyed)
            return -1
        with store.write() as s:
            conn = s.connection()
            cursor = _meta(conn, CURSOR_KEY) or ""
            cursor, n = _step(conn, cursor, step)
            done = int(_meta(conn, DONE_KEY) or 0) + n
            if n == 0:
                _set_meta(conn, index.META_KEY, str(KEY_ALGO_VERSION))
                conn.exec_driver_sql("DELETE FROM meta WHERE key IN (?, ?)", (CURSOR_KEY, DONE_KEY))
            else:
                _set_meta(conn, CURSOR_KEY, cursor)
                _set_meta(conn, DONE_KEY, str(done))
        if n == 0:
            break
        rekeyed += n
        if progress is not None:
            progress(min(done, total), total, "search.rebuild")
    # Persons missed by an interrupted earlier version of the index, if any.
    with store.write() as s:
        index.ensure_current(s)
    index.clear_key_counts()
    log.info("search keys rebuilt in steps: %d persons", rekeyed)
    return rekeyed
