"""What every router shares: the server state, the authenticated session, JSON answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Connection

from app.sync.protocol import ErrorBody, format_timestamp
from server import accounts
from server.state import ServerState


def now_text() -> str:
    """Protocol timestamp of now."""
    return format_timestamp(datetime.now(UTC))


def json_response(model: BaseModel, status: int = 200) -> Response:
    """Serialise a wire model (``None`` fields omitted) as a JSON response."""
    body = model.model_dump_json(exclude_none=True, by_alias=True)
    return Response(body, status_code=status, media_type="application/json")


ERRORS: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "protocol error"},
    "5XX": {"model": ErrorBody, "description": "transient error"},
}


async def server_state(request: Request) -> ServerState:
    """The state :func:`server.app.create_app` put on the application."""
    state: ServerState = request.app.state.dd
    return state


#: The server state of the application that serves the request.
State = Annotated[ServerState, Depends(server_state)]

#: Declared in the OpenAPI document as the ``bearer`` security scheme of every route that
#: needs a session; checked by :func:`server.accounts.authenticate`, not by FastAPI.
_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="A device or user session token from /device-session or /login.",
)


#: The bearer credentials as sent (``None`` without an ``Authorization`` header), for a
#: route that authenticates inside its own database call (:func:`authenticate_on`).
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]


def caller_on(
    conn: Connection, credentials: HTTPAuthorizationCredentials | None
) -> accounts.AuthContext:
    """The session of the bearer token, looked up on a connection the caller holds (in
    its own transaction, read or write). Call :func:`note_seen` once that has ended."""
    header = f"Bearer {credentials.credentials}" if credentials is not None else None
    return accounts.authenticate_token(conn, header)


def note_seen(request: Request, state: ServerState, ctx: accounts.AuthContext) -> None:
    """Note the device as seen (its own short write, never inside another transaction:
    on SQLite a second writer would wait for the first)."""
    state.activity.seen(ctx.device_id, ctx.office, request.headers.get("user-agent"))


def authenticate_on(
    conn: Connection,
    request: Request,
    state: ServerState,
    credentials: HTTPAuthorizationCredentials | None,
) -> accounts.AuthContext:
    """:func:`authenticate` on a connection the caller holds outside any transaction
    (:meth:`server.db.Database.single`)."""
    ctx = caller_on(conn, credentials)
    note_seen(request, state, ctx)
    return ctx


def authenticate(request: Request, state: State, credentials: Bearer) -> accounts.AuthContext:
    """The session of the bearer token; notes the device as seen."""
    with state.settings.db.single() as conn:
        return authenticate_on(conn, request, state, credentials)


#: The authenticated device (and user, if any) of the request.
Auth = Annotated[accounts.AuthContext, Depends(authenticate)]
