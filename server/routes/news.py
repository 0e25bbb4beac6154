"""``GET /news``: the idle call, answered at once or held until something is published.

An idle office PC asks whether anything was published after the feed head of its last
verified pull and whether its lane sums still equal the server's. "Nothing new and your
sums are mine" is ``204 No Content`` without a body, the smallest answer HTTP has; with
``wait`` the server holds that answer until a row is published for the caller's office
or the wait ends, so a cancellation reaches an online PC in seconds for the bytes of one
idle poll (docs/protocol.md, ``GET /api/v1/news``).

The wait holds no worker thread: the route is a coroutine that looks at the O(1) feed
counter about once a second (one read per process, shared by every held call; an
office's head is read again only when the counter moved), so it works alike with one
worker or several and with SQLite or PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from app.sync.protocol import API_PREFIX, MAX_NEWS_WAIT, NewsAnswer, sums_tag
from server import feed, office
from server.accounts import AuthContext
from server.db import Database
from server.metrics import NEWS_HELD
from server.models import FeedCounter
from server.routes.common import ERRORS, Bearer, State, authenticate_on, json_response
from server.state import ServerState

router = APIRouter()
log = logging.getLogger(__name__)

#: How often the feed counter is read while a call is held (seconds).
POLL_SECONDS = 1.0

#: A base64url tag of 12 bytes (``app.sync.protocol.sums_tag``).
SUMS_PATTERN = "^[A-Za-z0-9_-]{16}$"


class _Heads:
    """What ``/news`` answers for each office, kept per process until the feed moves.

    Every change a ``/news`` answer depends on (a row published, a lane's digest, an
    office journal entry) moves the feed counter in the same transaction, so an office's
    head, lane sums tag and journal size stay valid for as long as the counter does.
    A new call reads the counter (one primary-key row) and computes the office's answer
    only when the counter moved since it was last computed.

    Held calls do not poll: they wait on one event that is set when the counter is seen
    to move, by a new call or by the process's one poller, which reads the counter every
    ``POLL_SECONDS`` while any call is held and stops when none is. A publication
    another worker process (or the operator CLI) commits therefore wakes the held calls
    within a poll, and ten thousand held calls cost what one does.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._counter = -1
        self._offices: dict[str, tuple[int, str, int]] = {}
        self._moved = asyncio.Event()
        self._held = 0
        self._poller: asyncio.Task[None] | None = None
        self._probe = _SqliteProbe.of(db)

    def _note(self, counter: int) -> None:
        # Reads can finish out of order: only a newer counter invalidates the answers.
        if counter > self._counter:
            self._counter = counter
            self._offices.clear()
            moved, self._moved = self._moved, asyncio.Event()
            moved.set()

    async def state(self, office: str, *, counter: int | None = None) -> tuple[int, str, int]:
        """The office's feed head, lane sums tag and journal size.

        ``counter``: the feed counter a new call read (whatever committed before it is in
        its answer); without it, as of the last counter seen (a held call woken because it
        moved).
        """
        if counter is not None:
            self._note(counter)
        answer = self._offices.get(office)
        if answer is None:
            seen, head, tag, total = await run_in_threadpool(_office_state, self.db, office)
            answer = (head, tag, total)
            self._note(seen)
            if seen == self._counter:
                if len(self._offices) > 100_000:  # bounded whatever the number of offices
                    self._offices.clear()
                self._offices[office] = answer
        return answer

    async def moved(self, timeout: float) -> None:
        """Return when the feed counter moves, or after ``timeout`` seconds."""
        event = self._moved
        self._held += 1
        if self._poller is None:
            self._poller = asyncio.create_task(self._poll())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            self._held -= 1

    async def _poll(self) -> None:
        try:
            while self._held > 0:
                await asyncio.sleep(POLL_SECONDS)
                try:
                    counter = self._probe.read() if self._probe is not None else None
                    if counter is None:
                        counter = await run_in_threadpool(_counter, self.db)
                    self._note(counter)
                except SQLAlchemyError as exc:  # a busy or lost database: held calls time out
                    log.warning("news poll failed: %s", type(exc).__name__)
        finally:
            self._poller = None
            if self._probe is not None:
                self._probe.close()


class _SqliteProbe:
    """The feed counter of a SQLite database, read on the event loop's own thread.

    The poll reads one primary-key row, about 50 microseconds; handing it to a worker
    thread and back cost about twenty times that (measured: 1.2 ms of CPU per poll with
    a single call held, most of a held call's cost on a quiet server). A WAL reader never
    waits for writers, and this connection's busy timeout is 50 ms, so the loop is never
    held longer; on any error the poll falls back to the worker thread. PostgreSQL polls
    keep the worker thread (a network round trip must not stop the loop).
    """

    BUSY_MS = 50

    def __init__(self, path: str) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def of(cls, db: Database) -> _SqliteProbe | None:
        """A probe for ``db``'s file (None: not a SQLite file)."""
        if not db.is_sqlite:
            return None
        name = db.engine.url.database
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return cls(name)

    def read(self) -> int | None:
        """The counter, or None when it could not be read here (then ask a worker)."""
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(
                    self._path, timeout=self.BUSY_MS / 1000, isolation_level=None
                )
            row = self._conn.execute("SELECT seq FROM feed_counter WHERE id = 1").fetchone()
        except sqlite3.Error as exc:
            log.info("news poll on the loop failed (%s); a worker reads", type(exc).__name__)
            self.close()
            return None
        return int(row[0]) if row and row[0] is not None else 0

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


_HEADS: dict[tuple[int, int], _Heads] = {}


def _heads(db: Database) -> _Heads:
    """The answers of the running event loop's process (tests run several loops)."""
    key = (id(asyncio.get_running_loop()), id(db))
    heads = _HEADS.get(key)
    if heads is None:
        if len(_HEADS) > 16:  # event loops of tests come and go
            _HEADS.clear()
        heads = _HEADS[key] = _Heads(db)
    return heads


_COUNTER = select(FeedCounter.seq).where(FeedCounter.id == 1)


def _counter(db: Database) -> int:
    with db.single() as conn:
        return int(conn.execute(_COUNTER).scalar() or 0)


def _caller_and_counter(
    request: Request, state: ServerState, credentials: HTTPAuthorizationCredentials | None
) -> tuple[AuthContext, int]:
    """The caller's session and the feed counter: one connection, one worker-thread hop
    (the idle call of every PC runs this; its own cost is most of what a call costs)."""
    with state.settings.db.single() as conn:
        ctx = authenticate_on(conn, request, state, credentials)
        return ctx, int(conn.execute(_COUNTER).scalar() or 0)


def _office_state(db: Database, office_code: str) -> tuple[int, int, str, int]:
    """The feed counter and, in the same snapshot, the office's head, tag and journal."""
    with db.read() as session:
        return (
            feed.counter_value(session),
            feed.visible_head(session, office_code),
            sums_tag(feed.lane_digests(session, office_code)),
            office.journal_total(session, office_code),
        )


async def _disconnected(request: Request) -> None:
    """Return when the client goes away.

    The first message is the (empty) body of the GET; a server answers the next
    ``receive`` only when the client disconnects. A server that answered at once again
    would make this spin, so any further message waits a poll before the next.
    """
    messages = 0
    while (await request.receive())["type"] != "http.disconnect":
        messages += 1
        if messages > 1:
            await asyncio.sleep(POLL_SECONDS)


@router.get(
    API_PREFIX + "/news",
    response_model=NewsAnswer,
    responses={**ERRORS, 204: {"description": "nothing new; the lane sums are equal"}},
)
async def news(
    request: Request,
    credentials: Bearer,
    state: State,
    head: Annotated[int, Query(ge=0, le=2**62)],
    sums: Annotated[str, Query(pattern=SUMS_PATTERN)],
    wait: Annotated[int, Query(ge=0, le=MAX_NEWS_WAIT)] = 0,
    journal: Annotated[int | None, Query(ge=0, le=2**62)] = None,
) -> Response:
    """Whether anything was published after ``head``, the lane sums differ from ``sums``
    or the office journal holds other than ``journal`` entries (when given).

    ``200`` with the current head and journal size: pull (``/changes``) and, when the
    journal differs, exchange the office journal. ``204``: nothing new, and the caller's
    lane sums equal the server's; with ``wait`` it comes only after ``wait`` seconds
    without a row published for the caller or an entry added to its office's journal.
    """
    heads = _heads(state.settings.db)
    ctx, counter = await run_in_threadpool(_caller_and_counter, request, state, credentials)
    current, tag, total = await heads.state(ctx.office, counter=counter)

    def same() -> bool:
        return current == head and (journal is None or total == journal)

    if same() and tag == sums and wait > 0:
        until = time.monotonic() + wait
        gone = asyncio.create_task(_disconnected(request))
        NEWS_HELD.inc()
        try:
            while same() and not gone.done():
                left = until - time.monotonic()
                if left <= 0:
                    break
                moved = asyncio.create_task(heads.moved(left))
                try:
                    await asyncio.wait((gone, moved), return_when=asyncio.FIRST_COMPLETED)
                finally:
                    moved.cancel()
                current, _tag, total = await heads.state(ctx.office)
        finally:
            NEWS_HELD.dec()
            gone.cancel()
    if same() and tag == sums:
        return Response(status_code=204)
    return json_response(NewsAnswer(head=current, journal=total))
