"""The change feed: pages of changes after a cursor, and the integrity check."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.sync.protocol import (
    API_PREFIX,
    LANES,
    PROTOCOL_VERSION,
    ChangesPage,
    ErrorCode,
    IntegrityResponse,
    encode_signature,
    format_cursor,
    key_id,
    page_statement,
    parse_cursor,
)
from server import feed, metrics
from server.errors import ApiError
from server.feedsig import signed_lanes
from server.routes.common import (
    ERRORS,
    Auth,
    Bearer,
    State,
    caller_on,
    json_response,
    note_seen,
    now_text,
)
from server.signing import PublisherKey
from server.wire import choose_codec

router = APIRouter()

_POSITION = "[0-9]{1,18}"
#: A cursor: one position for every lane, or ``s0.s1.s2.s3`` (see ``parse_cursor``).
CURSOR_PATTERN = f"^{_POSITION}(\\.{_POSITION}){{{len(LANES) - 1}}}$|^{_POSITION}$"
_LANE = f"[{min(LANES)}-{max(LANES)}]"
#: Comma-separated lane numbers; empty for every lane.
LANES_PATTERN = f"^({_LANE}(,{_LANE}){{0,{len(LANES) * 2}}})?$"


@functools.lru_cache(maxsize=4)
def _key_id(key: PublisherKey) -> str:
    return key_id(key.public_key_b64())


def _parse_lanes(text: str | None) -> list[int]:
    if text is None or not text.strip():
        return list(LANES)
    try:
        lanes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, "lanes must be a comma-separated list") from exc
    if not lanes or any(lane not in LANES for lane in lanes):
        raise ApiError(ErrorCode.BAD_REQUEST, f"lanes must be among {list(LANES)}")
    return lanes


def _integrity(session: Any, office: str, head: int | None = None) -> IntegrityResponse:
    """The integrity answer; ``head``: the head already read in this snapshot."""
    return IntegrityResponse(
        head=feed.visible_head(session, office) if head is None else head,
        server_time=now_text(),
        lanes=feed.integrity(session, office),
    )


def _page_body(
    page: feed.Page,
    head: int,
    integrity: IntegrityResponse | None,
    signing: tuple[PublisherKey, Sequence[int], Sequence[int]] | None = None,
) -> str:
    """The page's JSON; ``signing`` = (key, cursor asked, lanes asked) adds its ``sig``."""
    tail: dict[str, Any] = {
        "next_cursor": page.cursor,
        "has_more": page.has_more,
        "head": head,
        "server_time": now_text(),
        "raw_bytes": page.raw_bytes,
    }
    if integrity is not None:
        tail["integrity"] = integrity.model_dump(exclude_none=True)
    if signing is not None:
        key, after, lanes = signing
        # server.feedsig.page_signature, with the row digests from the per-process cache
        # (a first full pull would otherwise decode every row of every page again).
        statement = page_statement(
            after=format_cursor(after),
            lanes=lanes,
            next_cursor=page.cursor,
            head=head,
            has_more=page.has_more,
            row_digests=page.row_digests(),
            integrity=signed_lanes(integrity),
        )
        tail["sig"] = {"k": _key_id(key), "s": encode_signature(key.sign(statement))}
    rest = feed.compact_json(tail)[1:]
    return f'{{"dd":{PROTOCOL_VERSION},"rows":[{",".join(page.rows)}],{rest}'


@router.get(API_PREFIX + "/changes", response_model=ChangesPage, responses=ERRORS)
def changes(
    request: Request,
    credentials: Bearer,
    state: State,
    after: Annotated[str, Query(pattern=CURSOR_PATTERN)] = "0",
    max_bytes: Annotated[int | None, Query(ge=1, le=2**31)] = None,
    lanes: Annotated[str | None, Query(pattern=LANES_PATTERN)] = None,
    integrity: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    """A page of changes after ``after``, lowest lane first, bounded by bytes."""
    db, limits = state.settings.db, state.settings.limits
    # The caller is authenticated on the page's own connection, in its read transaction:
    # every synced PC asks this every cycle, and a second pooled connection (with its
    # ping) and worker-thread hop for the token cost about as much as the page at the head.
    with db.read() as session:
        ctx = caller_on(session.connection(), credentials)
        try:
            positions = parse_cursor(after)
        except ValueError as exc:
            raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from exc
        wanted = _parse_lanes(lanes)
        budget = min(max_bytes or limits.default_page_bytes, limits.max_page_bytes)
        codec = choose_codec(request.headers.get("accept-encoding", ""))
        key = (ctx.office, tuple(positions), tuple(wanted), budget, integrity, codec)
        head = feed.visible_head(session, ctx.office)
        metrics.note_cursor_ahead(db, ctx.device_id, positions, head)
        cached = state.pages.get(key, head)
        if cached is None:
            page = feed.build_page(session, ctx.office, positions, wanted, budget)
            wants_check = integrity and not page.has_more
            check = _integrity(session, ctx.office, head) if wants_check else None
    note_seen(request, state, ctx)
    if cached is None:
        signing = (state.publisher, positions, wanted) if state.publisher else None
        body = _page_body(page, head, check, signing)
        cached = state.pages.put(key, head, body, codec)
    headers = {"Vary": "Accept-Encoding"}
    if cached.encoding:
        headers["Content-Encoding"] = cached.encoding
    return Response(cached.body, media_type="application/json", headers=headers)


@router.get(API_PREFIX + "/integrity", response_model=IntegrityResponse, responses=ERRORS)
def integrity_view(ctx: Auth, state: State) -> Response:
    """Per-lane counts and checksums of the live rows this device should hold."""
    with state.settings.db.read() as session:
        answer = _integrity(session, ctx.office)
    return json_response(answer)
