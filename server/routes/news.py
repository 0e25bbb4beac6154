"""``GET /news``: the idle call, answered at once or held until something is published.

An idle office PC asks whether anything was published after the feed head of its last
verified pull and whether its lane sums still equal the server's. "Nothing new and your
sums are mine" is ``204 No Content`` without a body, the smallest answer HTTP has; with
``wait`` the server holds that answer until a row is published for the caller's office
or the wait ends, so a cancellation reaches an online PC in seconds for the bytes of one
idle poll (docs/protocol.md section 3.7).

The wait holds no worker thread: the route is a coroutine that looks at the O(1) feed
head about once a second (one read per office per process, shared by every waiter of
that office), so it works alike with one worker or several and with SQLite or
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.sync.digest import sums_tag
from app.sync.protocol import API_PREFIX, MAX_NEWS_WAIT, NewsAnswer
from server import feed
from server.db import Database
from server.routes.common import ERRORS, Auth, State, json_response

router = APIRouter()

#: How often a held call looks at the feed head (seconds).
POLL_SECONDS = 1.0

#: A base64url tag of 12 bytes (``app.sync.digest.sums_tag``).
SUMS_PATTERN = "^[A-Za-z0-9_-]{16}$"


class _Heads:
    """The feed head of each office, read at most once per ``POLL_SECONDS`` per process."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], tuple[float, int]] = {}
        self._lock = asyncio.Lock()

    async def head(self, db: Database, office: str) -> int:
        key = (id(db), office)
        async with self._lock:
            seen = self._seen.get(key)
            now = time.monotonic()
            if seen is not None and now - seen[0] < POLL_SECONDS:
                return seen[1]
            value = await run_in_threadpool(_visible_head, db, office)
            if len(self._seen) > 10_000:  # offices come and go; never grow without bound
                self._seen.clear()
            self._seen[key] = (time.monotonic(), value)
            return value


_HEADS: dict[int, _Heads] = {}


def _heads() -> _Heads:
    """The head cache of the running event loop (an ``asyncio.Lock`` belongs to one)."""
    loop = id(asyncio.get_running_loop())
    heads = _HEADS.get(loop)
    if heads is None:
        _HEADS.clear()
        heads = _HEADS[loop] = _Heads()
    return heads


def _visible_head(db: Database, office: str) -> int:
    with db.read() as session:
        return feed.visible_head(session, office)


def _head_and_tag(db: Database, office: str) -> tuple[int, str]:
    with db.read() as session:
        return feed.visible_head(session, office), sums_tag(feed.lane_digests(session, office))


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
) -> Response:
    """Whether anything was published after ``head`` or the lane sums differ from ``sums``.

    ``200`` with the current head: pull (``/changes``). ``204``: nothing new, and the
    caller's lane sums equal the server's; with ``wait`` it comes only after ``wait``
    seconds without a row published for the caller.
    """
    db = state.settings.db
    current, tag = await run_in_threadpool(_head_and_tag, db, ctx.office)
    if current == head and tag == sums and wait > 0:
        heads = _heads()
        until = time.monotonic() + wait
        while current == head:
            left = until - time.monotonic()
            if left <= 0 or await request.is_disconnected():
                break
            await asyncio.sleep(min(POLL_SECONDS, left))
            current = await heads.head(db, ctx.office)
    if current == head and tag == sums:
        return Response(status_code=204)
    return json_response(NewsAnswer(head=current))
