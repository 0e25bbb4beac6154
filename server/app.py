"""The FastAPI application of the reference regional server (protocol version 1).

Only the application factory lives here: error handlers, middleware, the OpenAPI
document and the routers of :mod:`server.routes`.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.sync.protocol import (
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SERVER_ID_HEADER,
    AuditBatchPayload,
    BulletinData,
    CaseData,
    CaseNoteData,
    CaseNotePayload,
    DecisionPayload,
    ErrorCode,
    HitPayload,
    Limits,
    MediaData,
    ReplyData,
    RequestPayload,
    RequestStatusData,
    WithdrawalPayload,
)
from server import feed, metrics, routes
from server.blobs import BlobStore
from server.devicecert import DeviceAuthority, default_ca_path
from server.errors import ApiError
from server.models import ServerMeta
from server.regional import RegionalStream
from server.routes import hooks
from server.signing import PublisherKey, default_key_path
from server.state import ServerSettings, ServerState
from server.wire import SMALL_BODY_BYTES, BodyLimit, FaultState, WireMiddleware

__all__ = ["BATCH_ENVELOPE_BYTES", "ServerSettings", "ServerState", "body_limit", "create_app"]


def _publisher(settings: ServerSettings) -> PublisherKey:
    """The publisher key that signs feed pages, the same file snapshots are signed with."""
    return PublisherKey.load_or_create(
        settings.publisher_key or default_key_path(settings.blob_dir)
    )


#: FastAPI releases with built-in OpenTelemetry ask, on every request, whether a tracer,
#: meter or logger provider is configured. This server keeps its own metrics and logs
#: (:mod:`server.metrics`), so that framework telemetry is turned off where it exists.
_NO_FRAMEWORK_TELEMETRY: dict[str, Any] = (
    {
        "telemetry": {
            "tracing": False,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
        }
    }
    if "telemetry" in inspect.signature(FastAPI).parameters
    else {}
)


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
        publisher=_publisher(settings),
        devices=DeviceAuthority.load_or_create(
            settings.device_ca or default_ca_path(settings.blob_dir)
        ),
    )
    if settings.regional_stream:
        state.regional = RegionalStream(settings.db, state.publisher)
        state.regional.start()
    app = FastAPI(
        title="District Desk regional server",
        version=str(PROTOCOL_VERSION),
        description="Sync protocol version 1; see docs/protocol.md.",
        openapi_url=API_PREFIX + "/openapi.json",
        docs_url=None,
        redoc_url=None,
        **_NO_FRAMEWORK_TELEMETRY,
    )
    app.state.dd = state
    _document_wire_schemas(app)
    _install_error_handlers(app, state)
    routes.include(app, test_hooks=settings.test_hooks)
    if settings.test_hooks:
        hooks.install_statement_counter(app, settings.db.engine)
    app.add_middleware(
        WireMiddleware,
        server_id=state.server_id,
        max_request_bytes=settings.limits.max_request_bytes,
        body_limit=body_limit(settings.limits),
        faults=state.faults if settings.test_hooks else None,
    )
    metrics.install(app, settings.db)
    return app


#: Room for the batch envelope around items that fill ``max_batch_bytes``.
BATCH_ENVELOPE_BYTES = 64 * 1024


def body_limit(limits: Limits) -> BodyLimit:
    """Most body bytes (read, and decoded) each route accepts; anything more gets 413."""
    outbox = API_PREFIX + "/outbox"
    blob_prefix = API_PREFIX + "/blobs/"
    # Office journal entries carry requests' content, and a version vector names devices.
    office = (API_PREFIX + "/office/entries", API_PREFIX + "/office/entries/since")

    def limit(method: str, path: str) -> int:
        if method == "POST" and (path == outbox or path in office):
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
