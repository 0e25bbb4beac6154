"""The FastAPI application of the reference regional server (protocol version 1)."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from app.sync.protocol import (
    API_PREFIX,
    CODECS,
    LANES,
    MAX_BLOB_SIZE,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SERVER_ID_HEADER,
    SUPPORTED_PROTOCOL_VERSIONS,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    AuditBatchPayload,
    BulletinData,
    CaseData,
    CaseNoteData,
    CaseNotePayload,
    ChangesPage,
    DecisionPayload,
    DeviceSessionRequest,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    ErrorCode,
    HelloResponse,
    HitPayload,
    IntegrityResponse,
    KeyRegistered,
    KeyRegistration,
    Limits,
    LoginRequest,
    MediaData,
    OutboxBatch,
    OutboxResponse,
    ReceiptLookup,
    ReplyData,
    RequestPayload,
    RequestStatusData,
    SessionResponse,
    UploadState,
    WithdrawalPayload,
    format_timestamp,
    parse_cursor,
)
from server import accounts, blobs, feed, metrics, outbox, throttle
from server.blobs import BlobStore, Writer
from server.db import Database
from server.errors import ApiError
from server.models import ItemRecord, ServerMeta, User
from server.throttle import ThrottleSettings
from server.wire import (
    SMALL_BODY_BYTES,
    TEST_HOOK_PATH,
    BodyLimit,
    FaultPlan,
    FaultState,
    WireMiddleware,
    choose_codec,
)


@dataclass
class ServerSettings:
    """Runtime settings of one server instance."""

    db: Database
    blob_dir: Path
    limits: Limits = field(default_factory=Limits)
    test_hooks: bool = False
    throttle: ThrottleSettings = field(default_factory=ThrottleSettings)


@dataclass
class ServerState:
    """What the routes share."""

    settings: ServerSettings
    server_id: str
    server_name: str
    blobs: BlobStore
    faults: FaultState
    activity: metrics.DeviceActivity
    pages: feed.PageCache


def now_text() -> str:
    """Protocol timestamp of now."""
    return format_timestamp(datetime.now(UTC))


def json_response(model: BaseModel, status: int = 200) -> Response:
    """Serialise a wire model (``None`` fields omitted) as a JSON response."""
    body = model.model_dump_json(exclude_none=True, by_alias=True)
    return Response(body, status_code=status, media_type="application/json")


_ERRORS: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "protocol error"},
    "5XX": {"model": ErrorBody, "description": "transient error"},
}


def create_app(settings: ServerSettings) -> FastAPI:
    """Build the application for ``settings`` (database already initialised)."""
    with settings.db.read() as session:
        server_id = session.get(ServerMeta, "server_id")
        name = session.get(ServerMeta, "server_name")
    assert server_id is not None and name is not None
    state = ServerState(
        settings=settings,
        server_id=server_id.value,
        server_name=name.value,
        blobs=BlobStore(settings.blob_dir),
        faults=FaultState(),
        activity=metrics.DeviceActivity(settings.db),
        pages=feed.PageCache(),
    )
    app = FastAPI(
        title="District Desk regional server",
        version=str(PROTOCOL_VERSION),
        description="Sync protocol version 1; see docs/protocol.md.",
        openapi_url=API_PREFIX + "/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.dd = state
    _document_wire_schemas(app)
    _install_error_handlers(app, state)
    _install_routes(app, state)
    app.add_middleware(
        WireMiddleware,
        server_id=state.server_id,
        max_request_bytes=settings.limits.max_request_bytes,
        body_limit=body_limit(settings.limits),
        faults=state.faults if settings.test_hooks else None,
    )
    metrics.install(app, settings.db, settings.blob_dir)
    return app


#: Room for the batch envelope around items that fill ``max_batch_bytes``.
BATCH_ENVELOPE_BYTES = 64 * 1024


def body_limit(limits: Limits) -> BodyLimit:
    """Most body bytes (read, and decoded) each route accepts; anything more gets 413."""
    outbox = API_PREFIX + "/outbox"
    blob_prefix = API_PREFIX + "/blobs/"

    def limit(method: str, path: str) -> int:
        if method == "POST" and path == outbox:
            return limits.max_batch_bytes + BATCH_ENVELOPE_BYTES
        if method == "PATCH" and path.startswith(blob_prefix):
            return limits.max_blob_chunk
        return SMALL_BODY_BYTES

    return limit


#: Schemas that travel inside free-form fields (row data, item payloads); listed in the
#: OpenAPI components so the document describes them too.
WIRE_SCHEMAS: tuple[type[BaseModel], ...] = (
    BulletinData,
    CaseData,
    CaseNoteData,
    ReplyData,
    RequestStatusData,
    MediaData,
    RequestPayload,
    DecisionPayload,
    WithdrawalPayload,
    HitPayload,
    CaseNotePayload,
    AuditBatchPayload,
)


def _document_wire_schemas(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        _, extra = models_json_schema(
            [(model, "validation") for model in WIRE_SCHEMAS],
            ref_template="#/components/schemas/{model}",
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in extra.get("$defs", {}).items():
            schemas.setdefault(name, schema)
        _parameters_are_never_null(document)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _parameters_are_never_null(document: dict[str, Any]) -> None:
    """An optional header or query parameter is absent or a string, never JSON ``null``.

    Pydantic describes ``str | None`` as ``anyOf: [string, null]``; on the wire "null" would
    be the four letters, which is not what the server means. Keep the non-null branch.
    """
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                branches = schema.get("anyOf")
                if not branches:
                    continue
                kept = [b for b in branches if b.get("type") != "null"]
                if len(kept) == 1:
                    extra = {k: v for k, v in schema.items() if k != "anyOf"}
                    parameter["schema"] = {**kept[0], **extra}


def _allowed_methods(app: FastAPI, scope: dict[str, Any]) -> str:
    """Every method some route serves on the path of ``scope`` (for ``Allow``)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches({**scope, "method": "\0"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def _install_error_handlers(app: FastAPI, state: ServerState) -> None:
    markers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SERVER_ID_HEADER: state.server_id}

    def render(err: ApiError) -> Response:
        return Response(
            err.body(),
            status_code=err.status,
            media_type="application/json",
            headers=err.headers() | markers,
        )

    async def on_api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return render(exc)

    async def on_validation(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid"}
        loc = tuple(first.get("loc", ()))
        where = ".".join(str(p) for p in loc)
        # A malformed URL or header is 400; a body that breaks its schema is 422.
        status = 422 if loc[:1] == ("body",) else 400
        err = ApiError(ErrorCode.BAD_REQUEST, f"{where}: {first.get('msg')}", status=status)
        return render(err)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = ErrorCode.NOT_FOUND if exc.status_code == 404 else ErrorCode.BAD_REQUEST
        response = render(ApiError(code, str(exc.detail), status=exc.status_code))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            # RFC 9110: Allow lists every method of the resource, not just one route's.
            response.headers["Allow"] = _allowed_methods(app, dict(request.scope))
        return response

    async def on_crash(_request: Request, _exc: Exception) -> Response:
        # Outermost handler: the wire middleware is bypassed, so add the markers here.
        return render(ApiError(ErrorCode.UNAVAILABLE, "internal error", retry_after=30))

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)


def _install_routes(app: FastAPI, state: ServerState) -> None:
    _install_session_routes(app, state)
    _install_feed_routes(app, state)
    _install_outbox_routes(app, state)
    _install_blob_routes(app, state)
    if state.settings.test_hooks:
        _install_test_hooks(app, state)


#: Declared in the OpenAPI document as the ``bearer`` security scheme of every route that
#: needs a session; checked by :func:`server.accounts.authenticate`, not by FastAPI.
_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="A device or user session token from /device-session or /login.",
)


def _auth_dependency(state: ServerState) -> Any:
    def authenticate(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> accounts.AuthContext:
        header = f"Bearer {credentials.credentials}" if credentials is not None else None
        with state.settings.db.read() as session:
            ctx = accounts.authenticate(session, header)
        state.activity.seen(ctx.device_id, ctx.office, request.headers.get("user-agent"))
        return ctx

    return Depends(authenticate)


# --- handshake and sessions ----------------------------------------------------------


def _install_session_routes(app: FastAPI, state: ServerState) -> None:
    db = state.settings.db
    ttl = state.settings.limits.token_ttl

    @app.get(API_PREFIX + "/hello", response_model=HelloResponse, responses=_ERRORS)
    def hello() -> Response:
        """Handshake: versions, server id and time, limits, codecs."""
        return json_response(
            HelloResponse(
                protocol_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
                server_id=state.server_id,
                server_name=state.server_name,
                server_time=now_text(),
                limits=state.settings.limits,
                codecs=list(CODECS),
                lanes=list(LANES),
            )
        )

    throttling = state.settings.throttle

    @app.post(API_PREFIX + "/enrol", response_model=EnrolResponse, responses=_ERRORS)
    def enrol(body: EnrolRequest, request: Request) -> Response:
        """Enrol a device with a one-time code (wrong codes are rate-limited per address)."""
        address = request.client.host if request.client else "unknown"
        failure: ApiError | None = None
        with db.write() as session:
            throttle.check_enrol_allowed(session, throttling, address)
            try:
                device, secret = accounts.enrol_device(
                    session,
                    code=body.code,
                    name=body.device_name,
                    platform=body.platform,
                    client_version=body.client_version,
                )
            except ApiError as err:
                if err.code != ErrorCode.ENROLMENT_CODE_INVALID:
                    raise
                throttle.record_enrol_failure(session, throttling, address)
                failure = err
            else:
                answer = EnrolResponse(
                    device_id=device.id,
                    device_secret=secret,
                    office=device.office,
                    server_id=state.server_id,
                    server_time=now_text(),
                )
        if failure is not None:
            raise failure
        return json_response(answer)

    @app.post(API_PREFIX + "/device-session", response_model=SessionResponse, responses=_ERRORS)
    def device_session(body: DeviceSessionRequest) -> Response:
        """A device-only bearer token for the sync worker."""
        with db.write() as session:
            device = accounts.check_device(session, body.device_id, body.device_secret)
            issued = accounts.issue_token(session, device, None, ttl)
            answer = SessionResponse(
                token=issued.token,
                expires_at=format_timestamp(issued.expires_at),
                server_time=now_text(),
                device_id=device.id,
                office=device.office,
            )
        return json_response(answer)

    @app.post(API_PREFIX + "/login", response_model=SessionResponse, responses=_ERRORS)
    def login(body: LoginRequest) -> Response:
        """User login on an enrolled device; optionally registers the signing key.

        Failed passwords are throttled per user name and per device (``login_locked``).
        """
        failure: ApiError | None = None
        with db.write() as session:
            device = accounts.check_device(session, body.device_id, body.device_secret)
            throttle.check_login_allowed(session, device.id, body.username)
            try:
                user = accounts.login_user(session, device, body.username, body.password)
            except ApiError as err:
                if err.code != ErrorCode.BAD_CREDENTIALS:
                    raise
                throttle.record_login_failure(
                    session, throttling, device.id, device.office, body.username
                )
                failure = err
            else:
                throttle.record_login_success(session, body.username)
                if body.public_key:
                    accounts.register_key(session, user, body.public_key)
                issued = accounts.issue_token(session, device, user, ttl)
                answer = SessionResponse(
                    token=issued.token,
                    expires_at=format_timestamp(issued.expires_at),
                    server_time=now_text(),
                    device_id=device.id,
                    office=device.office,
                    user=accounts.profile(session, user),
                )
        if failure is not None:
            raise failure
        return json_response(answer)

    auth = _auth_dependency(state)

    @app.post(API_PREFIX + "/keys", response_model=KeyRegistered, responses=_ERRORS)
    def register_key(body: KeyRegistration, ctx: accounts.AuthContext = auth) -> Response:
        """Register the session user's Ed25519 public key."""
        if ctx.user_id is None:
            raise ApiError(ErrorCode.FORBIDDEN, "a user session is required")
        with db.write() as session:
            user = session.get(User, ctx.user_id)
            if user is None:
                raise ApiError(ErrorCode.TOKEN_INVALID, "user no longer exists")
            key = accounts.register_key(session, user, body.public_key)
            answer = KeyRegistered(
                key_id=key.key_id,
                username=user.username,
                registered_at=format_timestamp(accounts.aware(key.registered_at)),
            )
        return json_response(answer)


# --- change feed ---------------------------------------------------------------------


_POSITION = "[0-9]{1,18}"
#: A cursor: one position for every lane, or ``s0.s1.s2.s3`` (see ``parse_cursor``).
CURSOR_PATTERN = f"^{_POSITION}(\\.{_POSITION}){{{len(LANES) - 1}}}$|^{_POSITION}$"
_LANE = f"[{min(LANES)}-{max(LANES)}]"
#: Comma-separated lane numbers; empty for every lane.
LANES_PATTERN = f"^({_LANE}(,{_LANE}){{0,{len(LANES) * 2}}})?$"


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


def _integrity(session: Any, office: str) -> IntegrityResponse:
    return IntegrityResponse(
        head=feed.visible_head(session, office),
        server_time=now_text(),
        lanes=feed.integrity(session, office),
    )


def _page_body(page: feed.Page, head: int, integrity: IntegrityResponse | None) -> str:
    tail: dict[str, Any] = {
        "next_cursor": page.cursor,
        "has_more": page.has_more,
        "head": head,
        "server_time": now_text(),
        "raw_bytes": page.raw_bytes,
    }
    if integrity is not None:
        tail["integrity"] = integrity.model_dump(exclude_none=True)
    rest = feed.compact_json(tail)[1:]
    return f'{{"dd":{PROTOCOL_VERSION},"rows":[{",".join(page.rows)}],{rest}'


def _install_feed_routes(app: FastAPI, state: ServerState) -> None:
    db = state.settings.db
    limits = state.settings.limits
    auth = _auth_dependency(state)

    @app.get(API_PREFIX + "/changes", response_model=ChangesPage, responses=_ERRORS)
    def changes(
        request: Request,
        ctx: accounts.AuthContext = auth,
        after: Annotated[str, Query(pattern=CURSOR_PATTERN)] = "0",
        max_bytes: Annotated[int | None, Query(ge=1, le=2**31)] = None,
        lanes: Annotated[str | None, Query(pattern=LANES_PATTERN)] = None,
        integrity: Annotated[int, Query(ge=0, le=1)] = 0,
    ) -> Response:
        """A page of changes after ``after``, lowest lane first, bounded by bytes."""
        try:
            positions = parse_cursor(after)
        except ValueError as exc:
            raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from exc
        wanted = _parse_lanes(lanes)
        budget = min(max_bytes or limits.default_page_bytes, limits.max_page_bytes)
        codec = choose_codec(request.headers.get("accept-encoding", ""))
        key = (ctx.office, tuple(positions), tuple(wanted), budget, integrity, codec)
        with db.read() as session:
            head = feed.visible_head(session, ctx.office)
            metrics.note_cursor_ahead(db, ctx.device_id, positions, head)
            cached = state.pages.get(key, head)
            if cached is None:
                page = feed.build_page(session, ctx.office, positions, wanted, budget)
                wants_check = integrity and not page.has_more
                check = _integrity(session, ctx.office) if wants_check else None
        if cached is None:
            cached = state.pages.put(key, head, _page_body(page, head, check), codec)
        headers = {"Vary": "Accept-Encoding"}
        if cached.encoding:
            headers["Content-Encoding"] = cached.encoding
        return Response(cached.body, media_type="application/json", headers=headers)

    @app.get(API_PREFIX + "/integrity", response_model=IntegrityResponse, responses=_ERRORS)
    def integrity_view(ctx: accounts.AuthContext = auth) -> Response:
        """Per-lane counts and checksums of the live rows this device should hold."""
        with db.read() as session:
            answer = _integrity(session, ctx.office)
        return json_response(answer)


# --- outbox --------------------------------------------------------------------------


def _install_outbox_routes(app: FastAPI, state: ServerState) -> None:
    db = state.settings.db
    limits = state.settings.limits
    auth = _auth_dependency(state)

    @app.post(API_PREFIX + "/outbox", response_model=OutboxResponse, responses=_ERRORS)
    def push(
        batch: OutboxBatch,
        ctx: accounts.AuthContext = auth,
    ) -> Response:
        """Apply a batch of outbox items idempotently; one receipt per item.

        The body (as read, and as decoded) may not exceed ``max_batch_bytes`` plus 64 KiB
        for the envelope: ``413 payload_too_large``.
        """
        if len(batch.items) > limits.max_batch_items:
            raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "too many items in the batch")
        with db.write() as session:
            accounts.check_device(session, ctx.device_id, None)
            receipts = outbox.push_batch(session, ctx, state.blobs, batch.items)
        return json_response(OutboxResponse(receipts=receipts, server_time=now_text()))

    @app.get(API_PREFIX + "/outbox/{item_id}", response_model=ReceiptLookup, responses=_ERRORS)
    def receipt(
        item_id: Annotated[str, PathParam(max_length=64)], ctx: accounts.AuthContext = auth
    ) -> Response:
        """The stored receipt of an item this device sent before."""
        with db.read() as session:
            record = session.scalar(
                select(ItemRecord).where(
                    ItemRecord.id == item_id, ItemRecord.device_id == ctx.device_id
                )
            )
            if record is None:
                raise ApiError(ErrorCode.NOT_FOUND, "no receipt for this item")
            return json_response(ReceiptLookup(receipt=outbox.stored_receipt(record)))


# --- blobs ---------------------------------------------------------------------------

#: How long a superseded upload keeps taking bytes that are still arriving.
DRAIN_SECONDS = 0.05
_RANGE_RE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")
#: What the routes accept, declared in the OpenAPI document.
SHA256_PATTERN = "^[0-9a-f]{64}$"
Sha = Annotated[str, PathParam(pattern=SHA256_PATTERN, description="SHA-256 of the blob, hex")]


def _content_length(request: Request) -> int | None:
    text = request.headers.get("content-length")
    return int(text) if text is not None and text.isdigit() else None


def _check_sha(state: ServerState, sha: str) -> None:
    if not state.blobs.valid(sha):
        raise ApiError(ErrorCode.BAD_REQUEST, "blob id must be SHA-256 hex")


def _as_upload_state(info: Any) -> UploadState:
    return UploadState(
        sha256=info.sha256, offset=info.offset, length=info.length, complete=info.complete
    )


def _entitled(state: ServerState, sha: str, office: str) -> bool:
    """True if ``office`` may download ``sha`` (runs a short read; call off the loop)."""
    with state.settings.db.read() as session:
        return blobs.entitled(session, sha, office)


def _upload_state(state: ServerState, sha: str, ctx: accounts.AuthContext) -> UploadState:
    """The caller's view of an upload: complete only if its office may have the blob.

    Otherwise it is the device's own upload, so the answer never tells one office what
    another holds.
    """
    _check_sha(state, sha)
    if state.blobs.exists(sha) and _entitled(state, sha, ctx.office):
        return _as_upload_state(state.blobs.state(sha, ctx.device_id))
    return _as_upload_state(state.blobs.upload_state(sha, ctx.device_id))


async def _settled_upload_state(
    state: ServerState, sha: str, ctx: accounts.AuthContext
) -> UploadState:
    _check_sha(state, sha)
    await state.blobs.settled_state(sha, ctx.device_id)
    return await asyncio.to_thread(_upload_state, state, sha, ctx)


def _upload_headers(info: UploadState) -> dict[str, str]:
    headers = {UPLOAD_OFFSET_HEADER: str(info.offset), "Cache-Control": "no-store"}
    if info.length is not None:
        headers[UPLOAD_LENGTH_HEADER] = str(info.length)
    return headers


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Parse a single ``Range: bytes=`` header into an inclusive span.

    None for no range, and for one the server does not understand (several ranges, other
    units, garbage): RFC 9110 lets a server ignore such a header and send the whole blob.

    Raises:
        ApiError: unsatisfiable range.
    """
    if header is None:
        return None
    match = _RANGE_RE.match(header.strip())
    if match is None or match.group(0) == "bytes=-":
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ApiError(
            ErrorCode.RANGE_NOT_SATISFIABLE, "range beyond the end", details={"size": size}
        )
    return start, end


_BLOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the blob", "content": {"application/octet-stream": {}}},
    206: {"description": "the requested range", "content": {"application/octet-stream": {}}},
    **_ERRORS,
}


def _install_blob_routes(app: FastAPI, state: ServerState) -> None:
    auth = _auth_dependency(state)
    limits = state.settings.limits
    base = API_PREFIX + "/blobs/{sha}"

    @app.get(base + "/upload", response_model=UploadState, responses=_ERRORS)
    async def upload_state(sha: Sha, ctx: accounts.AuthContext = auth) -> Response:
        """Where the upload of ``sha`` stands (resume from ``offset``)."""
        info = await _settled_upload_state(state, sha, ctx)
        response = json_response(info)
        response.headers.update(_upload_headers(info))
        return response

    @app.head(base + "/upload", responses=_ERRORS)
    async def upload_state_head(sha: Sha, ctx: accounts.AuthContext = auth) -> Response:
        """Upload state in headers only."""
        info = await _settled_upload_state(state, sha, ctx)
        return Response(
            status_code=200, headers=_upload_headers(info), media_type="application/json"
        )

    @app.patch(base, response_model=UploadState, responses=_ERRORS)
    async def upload_chunk(
        sha: Sha,
        request: Request,
        offset: Annotated[int, Query(ge=0, le=MAX_BLOB_SIZE)],
        ctx: accounts.AuthContext = auth,
        upload_length: Annotated[
            int | None,
            Header(
                ge=1,
                le=MAX_BLOB_SIZE,
                description="total size of the blob; required on the first chunk",
            ),
        ] = None,
    ) -> Response:
        """Append a chunk (at most ``max_blob_chunk`` bytes) at ``offset``.

        Bytes that arrive before a cut are kept. The upload belongs to the calling device.
        """
        content_length = _content_length(request)
        _check_sha(state, sha)
        owner = ctx.device_id
        writer = state.blobs.begin_writer(sha, owner)
        try:
            async with state.blobs.lock(sha, owner):
                if writer.superseded.is_set():
                    current = await asyncio.to_thread(_upload_state, state, sha, ctx)
                    raise ApiError(
                        ErrorCode.OFFSET_MISMATCH,
                        "a newer upload of this blob took over",
                        details={"offset": current.offset},
                    )
                chunk = _Chunk(offset, upload_length, content_length, writer)
                info = await _append_chunk(state, sha, request, chunk, limits, ctx)
        finally:
            state.blobs.end_writer(sha, owner, writer)
        response = json_response(info)
        response.headers.update(_upload_headers(info))
        return response

    @app.get(base, responses=_BLOB_RESPONSES, response_class=Response)
    def download(
        sha: Sha,
        ctx: accounts.AuthContext = auth,
        range_header: Annotated[str | None, Header(alias="Range", max_length=200)] = None,
    ) -> Response:
        """Download a complete blob, whole or from a ``Range``."""
        return _blob_response(state, sha, ctx, range_header, with_body=True)

    @app.head(base, responses=_BLOB_RESPONSES, response_class=Response)
    def download_head(
        sha: Sha,
        ctx: accounts.AuthContext = auth,
        range_header: Annotated[str | None, Header(alias="Range", max_length=200)] = None,
    ) -> Response:
        """Size and validators of a complete blob."""
        return _blob_response(state, sha, ctx, range_header, with_body=False)


def _blob_response(
    state: ServerState,
    sha: str,
    ctx: accounts.AuthContext,
    range_header: str | None,
    *,
    with_body: bool,
) -> Response:
    _check_sha(state, sha)
    if not state.blobs.exists(sha) or not _entitled(state, sha, ctx.office):
        if state.blobs.upload_state(sha, ctx.device_id).length is not None:
            raise ApiError(ErrorCode.BLOB_INCOMPLETE, "upload not finished")
        # The same answer whether the blob is missing or belongs to another office.
        raise ApiError(ErrorCode.NOT_FOUND, "no such blob")
    size = state.blobs.size(sha)
    span = parse_range(range_header, size)
    start, end = span if span else (0, size - 1)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": f'"{sha}"',
        "Content-Length": str(end - start + 1 if size else 0),
    }
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    status = 206 if span else 200
    if not with_body or size == 0:
        return Response(status_code=status, headers=headers, media_type="application/octet-stream")
    return StreamingResponse(
        state.blobs.read_range(sha, start, end),
        status_code=status,
        headers=headers,
        media_type="application/octet-stream",
    )


@dataclass(frozen=True)
class _Chunk:
    """What a PATCH says about the bytes it carries."""

    offset: int
    upload_length: int | None
    content_length: int | None
    writer: Writer


async def _append_chunk(
    state: ServerState,
    sha: str,
    request: Request,
    chunk: _Chunk,
    limits: Limits,
    ctx: accounts.AuthContext,
) -> UploadState:
    info = await asyncio.to_thread(_upload_state, state, sha, ctx)
    if info.complete:
        return info
    length = info.length if info.length is not None else chunk.upload_length
    _check_chunk(info, length, chunk, limits)
    assert length is not None
    owner = ctx.device_id
    if info.length is None:
        state.blobs.set_length(sha, owner, length)
    room = min(length - chunk.offset, limits.max_blob_chunk)
    written = await _stream_to_partial(state.blobs, sha, owner, request, room, chunk.writer)
    if chunk.offset + written < length:
        return _as_upload_state(state.blobs.upload_state(sha, owner))
    if not state.blobs.finish(sha, owner):
        raise ApiError(ErrorCode.BLOB_HASH_MISMATCH, "uploaded bytes do not match the sha")
    await asyncio.to_thread(_grant_uploader, state, sha, ctx.office)
    return _as_upload_state(state.blobs.state(sha, owner))


def _grant_uploader(state: ServerState, sha: str, office: str) -> None:
    """The office that uploaded (or proved it holds) the content may download it."""
    with state.settings.db.write() as session:
        blobs.grant(session, sha, office)


def _check_chunk(info: UploadState, length: int | None, chunk: _Chunk, limits: Limits) -> None:
    # Both depend on the upload's state, not on the request alone: 409.
    if length is None:
        raise ApiError(
            ErrorCode.BAD_REQUEST, "Upload-Length is required on the first chunk", status=409
        )
    if chunk.upload_length is not None and chunk.upload_length != length:
        raise ApiError(
            ErrorCode.BAD_REQUEST, "Upload-Length differs from the first chunk's", status=409
        )
    if length > limits.max_blob_size:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "blob over max_blob_size")
    if chunk.offset != info.offset:
        raise ApiError(
            ErrorCode.OFFSET_MISMATCH,
            f"server offset is {info.offset}",
            details={"offset": info.offset},
        )
    size = chunk.content_length
    if size is not None and size > limits.max_blob_chunk:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "chunk over max_blob_chunk")
    if size is not None and chunk.offset + size > length:
        raise ApiError(ErrorCode.BAD_REQUEST, "chunk runs past Upload-Length")


async def _next_chunk(stream: AsyncIterator[bytes], superseded: asyncio.Event) -> bytes | None:
    """The next body chunk; None at the end, on a disconnect, or when superseded.

    A superseded upload still takes the bytes that are already arriving (its peer is
    gone, but what crossed the link is worth keeping); it just stops waiting for more.
    """
    receive: asyncio.Future[bytes] = asyncio.ensure_future(anext(stream))
    if not superseded.is_set():
        stop: asyncio.Future[Any] = asyncio.ensure_future(superseded.wait())
        waiting: set[asyncio.Future[Any]] = {receive, stop}
        try:
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
    if not receive.done():
        await asyncio.wait({receive}, timeout=DRAIN_SECONDS)
    if not receive.done():
        receive.cancel()
        await asyncio.gather(receive, return_exceptions=True)
        return None
    try:
        return receive.result()
    except (StopAsyncIteration, ClientDisconnect):
        return None


async def _stream_to_partial(
    store: BlobStore, sha: str, owner: str, request: Request, room: int, writer: Writer
) -> int:
    """Append up to ``room`` body bytes as they arrive; keep them whatever happens next."""
    written = 0
    stream = request.stream().__aiter__()
    fd = store.open_append(sha, owner)
    try:
        while written < room:
            data = await _next_chunk(stream, writer.superseded)
            if data is None:
                break
            writer.touch()
            data = data[: room - written]
            os.write(fd, data)
            written += len(data)
    finally:
        os.fsync(fd)
        os.close(fd)
    return written


# --- test hooks ----------------------------------------------------------------------


class FaultRequest(BaseModel):
    """Body of the test hook that injects faults into the next calls."""

    mode: str = "unavailable"
    count: int = 1
    retry_after: int = 1


def _install_test_hooks(app: FastAPI, state: ServerState) -> None:
    @app.post(TEST_HOOK_PATH, include_in_schema=False)
    def inject(body: FaultRequest) -> Response:
        """Make the next ``count`` API calls fail (only with ``--test-hooks``)."""
        if body.mode not in ("unavailable", "rate_limited", "captive"):
            raise ApiError(ErrorCode.BAD_REQUEST, "mode: unavailable, rate_limited, captive")
        state.faults.set(FaultPlan(body.mode, body.count, body.retry_after))
        return Response('{"dd":1}', media_type="application/json")
