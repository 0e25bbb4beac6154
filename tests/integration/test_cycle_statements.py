"""The database statements of one sync cycle, route by route, on the real server.

A regional server answers every PC of a region every few minutes, so what one cycle costs
the database is a budget of its own (docs/server-operations.md, "Sizing"): each statement
is a round trip and its share of the server's CPU. These tests keep the counts where the
design puts them, and check that a pull's statements do not grow with its rows. They run
against SQLite and, under ``scripts/run_tests.sh``, PostgreSQL.

Counted: statements that read or write (the ``/_test/statements`` hook), not ``BEGIN``,
``COMMIT`` or the pool's connection test.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from app.sync.protocol import AUDIT_GENESIS
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import Office, audit_item, make_office, request_item

pytestmark = pytest.mark.timeout(300)


class Counted(int):
    """A number of statements, with the start of each (for a failing test to show)."""

    statements: list[str]

    def shown(self) -> str:
        """The statements, one a line."""
        return "\n".join(self.statements)


def _statements(office: Office) -> tuple[int, list[str]]:
    response = office.client.call("GET", "/_test/statements")
    assert response.status_code == 200, response.text
    body = response.json()
    return int(body["statements"]), list(body["recent"])


def _counted(office: Office, call: Callable[[], Any]) -> tuple[Counted, Any]:
    before, _ = _statements(office)
    result = call()
    after, recent = _statements(office)
    count = Counted(after - before)
    count.statements = recent[len(recent) - count :] if count else []
    return count, result


def _pull(office: Office, after: str) -> bytes:
    response = office.client.call(
        "GET", "/feed", params={"after": after, "seq": "delta", "own": "first"}, stream=True
    )
    assert response.status_code == 200, response.text
    return bytes(response.raw.read(decode_content=False))


def _cursor_at_head(office: Office) -> str:
    _, cursor = office.client.pull_all()
    head = max(int(p) for p in cursor.split("."))
    return ".".join([str(head)] * 4)


def test_a_device_session_is_two_statements(dd_server: RunningServer) -> None:
    office = make_office(dd_server)
    count, response = _counted(office, office.client.device_session)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["office"] == office.code and body["revocations"] == 0
    # The device with what its office holds (journal total, revocation version), then
    # the token.
    assert count == 2, count.shown()


def test_a_cycle_push_is_a_fixed_number_of_statements(dd_server: RunningServer) -> None:
    office = make_office(dd_server)
    # The office's first request makes its head and lane sums: a cycle finds them.
    first, head = audit_item(AUDIT_GENESIS, 1)
    receipts = office.client.push(first, request_item(office))
    assert [r["status"] for r in receipts] == ["accepted", "accepted"]

    audit, head = audit_item(head, 3)
    count, receipts = _counted(office, lambda: office.client.push(audit))
    assert [r["status"] for r in receipts] == ["accepted"]
    # Token, the batch's records, the anchor read and write, a number, the record.
    assert count <= 6, count.shown()

    audit, head = audit_item(head, 5)
    request = request_item(office)
    count, receipts = _counted(office, lambda: office.client.push(audit, request))
    assert [r["status"] for r in receipts] == ["accepted", "accepted"]
    # The same, and for the request: its drafter and approver (one read), the signature
    # not seen before, the approver's keys, the id not taken, its number, the publish
    # (books read, then request, head, row, lane sums and signature written) and its
    # record.
    assert count <= 19, count.shown()

    count, receipts = _counted(office, lambda: office.client.push(audit, request))
    assert [r["status"] for r in receipts] == ["duplicate", "duplicate"]
    assert count <= 2, count.shown()  # token, records (their sender is the caller)


def test_a_pull_does_not_take_more_statements_for_more_rows(dd_server: RunningServer) -> None:
    office = make_office(dd_server)
    dd_server.seed(10, offices=[office.code])
    cursor = _cursor_at_head(office)

    count, body = _counted(office, lambda: _pull(office, cursor))
    assert len(body) > 0  # an answer at the head: its end line
    # Token, head, integrity sums.
    assert count <= 3, count.shown()

    counts = []
    for rows in (5, 40):
        dd_server.seed(rows, offices=[office.code])
        count, body = _counted(office, partial(_pull, office, cursor))
        assert len(body) > 0
        counts.append(count)
        cursor = _cursor_at_head(office)
    # Token, head, every lane's new rows in one read, integrity sums.
    assert counts[0] <= 4
    assert counts[1] == counts[0], counts
