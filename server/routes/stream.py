"""The feed stream (protocol 2): every change after a cursor in one resumable answer.

See :mod:`server.stream` and docs/protocol.md section 3.6.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response, StreamingResponse

from app.sync.protocol import API_PREFIX, ErrorCode, parse_cursor
from server.errors import ApiError
from server.routes.common import ERRORS, Bearer, State, caller_on, note_seen, now_text
from server.routes.feed import CURSOR_PATTERN, LANES_PATTERN, _parse_lanes
from server.stream import OFFSET_HEADER, STREAM_MEDIA_TYPE, open_stream, parse_resume

router = APIRouter()
#: An answer built whole and at most this long is sent as one body.
WHOLE_BODY_BYTES = 8 << 20


@router.get(API_PREFIX + "/feed", response_class=StreamingResponse, responses=ERRORS)
def feed_stream(
    request: Request,
    state: State,
    credentials: Bearer,
    after: Annotated[str, Query(pattern=CURSOR_PATTERN)] = "0",
    lanes: Annotated[str | None, Query(pattern=LANES_PATTERN)] = None,
    seq: Annotated[Literal["full", "delta"], Query()] = "full",
    own: Annotated[Literal["inline", "first"], Query()] = "inline",
    range_header: Annotated[str | None, Header(alias="Range")] = None,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> Response:
    """Every change after ``after`` as one zstd stream of committed frames.

    ``seq=delta``: a row after the first of its lane in a frame carries ``q``, its ``s``
    minus the previous row's, instead of ``s`` (clients that do not ask get ``s``).
    ``own=first``: the office's own rows up to the shared segment's boundary come first,
    in an office frame of hold lines (``{"h": cursor}``: rows ahead of a cursor that
    does not move), and the segment is the regional one every office shares.
    With ``Range: bytes=N-`` and ``If-Match: "tag"`` the answer of that tag is sent again
    from byte ``N`` (``206``), or ``412`` when the server no longer holds it.
    """
    # The caller is authenticated in the snapshot that plans the answer (and, for a sync
    # cycle's answer, builds it): one pooled connection and one thread hop a pull.
    ctx = None
    cache = state.streams
    offset = 0
    try:
        with state.settings.db.read() as session:
            ctx = caller_on(session.connection(), credentials)
            try:
                positions = parse_cursor(after)
                resume = parse_resume(range_header, if_match)
            except ValueError as exc:
                raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from exc
            wanted = _parse_lanes(lanes)
            if resume is not None:
                offset, etag = resume
                found = cache.assembly(etag)
                if found is None:
                    raise ApiError(
                        ErrorCode.RANGE_NOT_SATISFIABLE, "stream_gone: ask again", status=412
                    )
                assembly = found
            else:
                assembly = open_stream(
                    state.settings.db,
                    cache,
                    ctx.office,
                    positions,
                    wanted,
                    now_text,
                    state.publisher,
                    seq_delta=seq == "delta",
                    own_first=own == "first",
                    session=session,
                    regional=state.regional,
                )
    finally:
        if ctx is not None:
            note_seen(request, state, ctx)
    headers = {
        "Content-Encoding": "zstd",
        "ETag": f'"{assembly.etag}"',
        OFFSET_HEADER: str(offset),
        "Cache-Control": "no-store",
    }
    size = assembly.size()
    status = 206 if resume is not None else 200
    if size is not None:
        if offset > size:
            raise ApiError(ErrorCode.RANGE_NOT_SATISFIABLE, "offset past the end")
        if size - offset <= WHOLE_BODY_BYTES:
            # Built already (a sync cycle's answer): one body, no generator to step
            # through in the thread pool.
            body = b"".join(assembly.chunks(offset))
            return Response(body, status, headers, media_type=STREAM_MEDIA_TYPE)
        headers["Content-Length"] = str(size - offset)
    return StreamingResponse(
        assembly.chunks(offset),
        status_code=status,
        media_type=STREAM_MEDIA_TYPE,
        headers=headers,
    )
