"""How a sync call's failures are told apart: :class:`SyncFailure` and its sources.

Every failure of a call to the regional server leaves :mod:`app.sync.client` as a
:class:`SyncFailure` with an :class:`~app.sync.protocol.ErrorClass` (how the engine reacts)
and a code ``ui/`` translates. This module holds the failure itself and the mappings that
are not about moving bytes: an error reply of the server, a call its watchdog ended, and a
reply body that is not the JSON the call expects.

No Qt, no database, no network here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.errors import DeskError
from app.sync.decoding import loads, retry_delay
from app.sync.protocol import (
    ENVELOPE_FIELD,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    ErrorClass,
    ErrorCode,
    classify_error,
)
from app.sync.watchdog import Watchdog

M = TypeVar("M", bound=BaseModel)


class SyncFailure(DeskError):
    """A sync call failed. ``klass`` says how to react; ``code`` is for the UI.

    Codes: ``sync.network`` (connection refused, reset, cut), ``sync.timeout`` (stall or
    deadline), ``sync.not_our_server`` (captive portal, proxy page: no District Desk
    headers), ``sync.bad_reply`` (truncated, not JSON, wrong schema, too large),
    ``sync.server_busy`` (503/429), ``sync.auth`` (log in again), ``sync.fatal`` (wrong
    server, protocol version, device unknown or revoked, TLS pin mismatch), ``sync.refused``
    (the server refused this call for good), ``sync.not_enrolled``.
    """

    code = "sync.failed"
    template = "Synchronisation failed: {detail}"

    def __init__(
        self,
        code: str,
        klass: ErrorClass,
        detail: str,
        *,
        server_code: str | None = None,
        retry_after: float | None = None,
        status: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Create a failure; ``detail`` is English and safe to log (no content)."""
        self.klass = klass
        self.server_code = server_code
        self.retry_after = retry_after
        self.status = status
        self.details = dict(details or {})
        super().__init__(code, detail=detail, server_code=server_code or "")


def watch_failure(watch: Watchdog, status: int | None) -> SyncFailure:
    """The failure to raise for a call the watchdog ended."""
    if watch.fired == "cancelled":
        return SyncFailure("sync.cancelled", ErrorClass.TRANSIENT, "cancelled", status=status)
    return SyncFailure("sync.timeout", ErrorClass.TRANSIENT, "deadline", status=status)


def error_reply(status: int, headers: Mapping[str, str], body: bytes) -> SyncFailure:
    """The failure an error reply (or a redirect) from the server stands for.

    The server's error envelope gives the code, message, details and ``Retry-After``
    (the header wins when it is a plain number of seconds); the class follows from the
    status and the code (:func:`app.sync.protocol.classify_error`).
    """
    code: str | None = None
    message = ""
    retry_after: float | None = None
    details: dict[str, Any] = {}
    try:
        doc = loads(body) if body else None
    except ValueError:
        doc = None
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        err = doc["error"]
        code = str(err.get("code"))[:64] if err.get("code") else None
        message = str(err.get("message", ""))[:300]
        retry_after = retry_delay(err.get("retry_after"))
        if isinstance(err.get("details"), dict):
            details = err["details"]
    header_ra = headers.get(RETRY_AFTER_HEADER)
    if header_ra and header_ra.strip().isdigit() and len(header_ra.strip()) <= 30:
        retry_after = retry_delay(header_ra.strip())
    klass = classify_error(status, code)
    ui_code = {
        ErrorClass.TRANSIENT: "sync.server_busy",
        ErrorClass.AUTH: "sync.auth",
        ErrorClass.FATAL: "sync.fatal",
        ErrorClass.REQUEST: "sync.refused",
        ErrorClass.ITEM: "sync.refused",
    }[klass]
    if klass is ErrorClass.TRANSIENT and status >= 500 and code is None:
        ui_code = "sync.server_error"
    if 300 <= status < 400:
        ui_code = "sync.redirected"
    return SyncFailure(
        ui_code,
        klass,
        message or f"http_{status}",
        server_code=code,
        retry_after=retry_after,
        status=status,
        details=details,
    )


def parse_model(body: bytes, model: type[M]) -> M:
    """Validate a JSON body (with the ``dd`` envelope) against ``model``.

    Raises:
        SyncFailure: ``sync.bad_reply`` (not JSON, truncated, wrong schema) or
            ``sync.fatal`` (an envelope of another protocol version).
    """
    try:
        doc = loads(body)
    except ValueError as exc:
        raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "not_json") from exc
    if not isinstance(doc, dict) or ENVELOPE_FIELD not in doc:
        raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_envelope")
    if doc[ENVELOPE_FIELD] != PROTOCOL_VERSION:
        raise SyncFailure(
            "sync.fatal",
            ErrorClass.FATAL,
            "protocol_version",
            server_code=ErrorCode.PROTOCOL_UNSUPPORTED.value,
        )
    try:
        return model.model_validate(doc)
    except (ValidationError, RecursionError) as exc:
        raise SyncFailure(
            "sync.bad_reply", ErrorClass.TRANSIENT, f"schema:{model.__name__}"
        ) from exc
