"""Test hooks, installed only with ``--test-hooks``: inject faults into the next calls,
count the SQL statements the worker has run."""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Engine, event

from app.sync.protocol import API_PREFIX, ErrorCode
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


#: How many SQL statements this worker has run (``{"statements": n}``).
TEST_STATEMENTS_PATH = API_PREFIX + "/_test/statements"

_COUNTED = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class StatementCounter:
    """Counts the statements that read or write (not ``BEGIN``, ``COMMIT`` or a pool's
    connection test): what each route costs the database, for the tests that keep it."""

    def __init__(self) -> None:
        """Start at zero."""
        self.count = 0
        #: The start of the last statements counted, for a failing test to show.
        self.recent: deque[str] = deque(maxlen=64)
        self._lock = threading.Lock()

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """``before_cursor_execute`` listener."""
        text = statement.lstrip()
        if text[:6].upper().startswith(_COUNTED):
            with self._lock:
                self.count += 1
                self.recent.append(" ".join(text[:100].split()))


def install_statement_counter(app: FastAPI, engine: Engine) -> None:
    """Count ``engine``'s statements for :data:`TEST_STATEMENTS_PATH` (test hooks only)."""
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)
    app.state.dd_statements = counter


@router.get(TEST_STATEMENTS_PATH, include_in_schema=False)
async def statements(request: Request) -> Response:
    """The statements counted so far (runs on the event loop: it reads no database)."""
    counter: StatementCounter = request.app.state.dd_statements
    body = {"statements": counter.count, "recent": list(counter.recent)}
    return Response(json.dumps(body), media_type="application/json")
