"""Call-level errors of the reference server, rendered as protocol error bodies."""

from __future__ import annotations

from typing import Any

from app.sync.protocol import ERROR_STATUS, ErrorBody, ErrorCode, ErrorDetail


class ApiError(Exception):
    """A failure answered with ``{"error": {"code", "message"}}`` and the code's status."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        status: int | None = None,
        retry_after: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Create the error; ``status`` defaults to the code's documented status."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or ERROR_STATUS.get(code.value, 400)
        self.retry_after = retry_after
        self.details = details

    def body(self) -> bytes:
        """The JSON error body."""
        detail = ErrorDetail(
            code=self.code.value,
            message=self.message,
            retry_after=self.retry_after,
            details=self.details,
        )
        return ErrorBody(error=detail).model_dump_json(exclude_none=True).encode("utf-8")

    def headers(self) -> dict[str, str]:
        """Extra response headers (``Retry-After`` for transient errors)."""
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(self.retry_after)}
