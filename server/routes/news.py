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
import time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from app.sync.protocol import API_PREFIX, MAX_NEWS_WAIT, NewsAnswer, sums_tag
from server import feed, office
from server.db import Database
from server.models import FeedCounter
from server.routes.common import ERRORS, Auth, State, json_response

router = APIRouter()

#: How often a held call looks at the feed head (seconds).
POLL_SECONDS = 1.0

#: A base64url tag of 12 bytes (``app.sync.protocol.sums_tag``).
SUMS_PATTERN = "^[A-Za-z0-9_-]{16}$"


class _Heads:
    """Feed heads of the offices whose calls are held, in one process.

    Once per ``POLL_SECONDS`` the feed counter is read (one primary-key row, whatever the
    number of offices or held calls); only when it moved are the heads of the offices
    asked for read again. The counter is updated in the transaction that publishes, so
    a publication another worker process (or the operator CLI) commits is seen within
    a poll.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = asyncio.Lock()
        self._checked = 0.0
        self._counter: int | None = None
        self._offices: dict[str, tuple[int, int]] = {}

    async def head(self, office: str) -> tuple[int, int]:
        """The office's feed head and the size of its journal."""
        async with self._lock:
            if time.monotonic() - self._checked >= POLL_SECONDS:
                counter = await run_in_threadpool(_counter, self.db)
                self._checked = time.monotonic()
                if counter != self._counter:
                    self._counter = counter
                    self._offices.clear()
            head = self._offices.get(office)
            if head is None:
                head = await run_in_threadpool(_visible_head, self.db, office)
                self._offices[office] = head
            return head


_HEADS: dict[tuple[int, int], _Heads] = {}


def _heads(db: Database) -> _Heads:
    """The heads of the running event loop (an ``asyncio.Lock`` belongs to one)."""
    key = (id(asyncio.get_running_loop()), id(db))
    heads = _HEADS.get(key)
    if heads is None:
        if len(_HEADS) > 16:  # event loops of tests come and go
            _HEADS.clear()
        heads = _HEADS[key] = _Heads(db)
    return heads


def _counter(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(FeedCounter.seq).where(FeedCounter.id == 1)) or 0)


def _visible_head(db: Database, office_code: str) -> tuple[int, int]:
    with db.read() as session:
        return (
            feed.visible_head(session, office_code),
            office.journal_total(session, office_code),
        )


def _head_and_tag(db: Database, office_code: str) -> tuple[int, str, int]:
    with db.read() as session:
        return (
            feed.visible_head(session, office_code),
            sums_tag(feed.lane_digests(session, office_code)),
            office.journal_total(session, office_code),
        )


@router.get(
    API_PREFIX + "/news",
    response_model=NewsAnswer,
    responses={**ERRORS, 204: {"description": "nothing new; the lane sums are equal"}},
)
async def news(
    request: Request,
    ctx: Auth,
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
    db = state.settings.db
    current, tag, total = await run_in_threadpool(_head_and_tag, db, ctx.office)

    def same() -> bool:
        return current == head and (journal is None or total == journal)

    if same() and tag == sums and wait > 0:
        heads = _heads(db)
        until = time.monotonic() + wait
        while same():
            left = until - time.monotonic()
            if left <= 0 or await request.is_disconnected():
                break
            await asyncio.sleep(min(POLL_SECONDS, left))
            current, total = await heads.head(ctx.office)
    if same() and tag == sums:
        return Response(status_code=204)
    return json_response(NewsAnswer(head=current, journal=total))
