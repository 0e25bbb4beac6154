"""Test hooks, installed only with ``--test-hooks``: inject faults into the next calls."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from app.sync.protocol import ErrorCode
from server.errors import ApiError
from server.routes.common import State
from server.wire import TEST_HOOK_PATH, FaultPlan

router = APIRouter()


class FaultRequest(BaseModel):
    """Body of the test hook that injects faults into the next calls."""

    mode: str = "unavailable"
    count: int = 1
    retry_after: int = 1


@router.post(TEST_HOOK_PATH, include_in_schema=False)
def inject(body: FaultRequest, state: State) -> Response:
    """Make the next ``count`` API calls fail (only with ``--test-hooks``)."""
    if body.mode not in ("unavailable", "rate_limited", "captive"):
        raise ApiError(ErrorCode.BAD_REQUEST, "mode: unavailable, rate_limited, captive")
    state.faults.set(FaultPlan(body.mode, body.count, body.retry_after))
    return Response('{"dd":1}', media_type="application/json")
