"""Items that publish nothing take their change numbers at the end of their batch: every
accepted receipt still has its own number, a repeat in the same batch repeats it, and the
number is the one stored for later lookups."""

from __future__ import annotations

from app.sync.protocol import AUDIT_GENESIS
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import audit_item, make_office, request_item


def test_unpublished_items_are_numbered_at_the_end_of_their_batch(
    dd_server: RunningServer,
) -> None:
    office = make_office(dd_server)
    audit1, head = audit_item(AUDIT_GENESIS, 1)
    audit2, _ = audit_item(head, 3)
    request = request_item(office)
    items = [audit1, request, audit2, audit1]
    response = office.client.call("POST", "/outbox", json={"items": items})
    assert response.status_code == 200, response.text
    receipts = response.json()["receipts"]
    assert [r["status"] for r in receipts] == ["accepted", "accepted", "accepted", "duplicate"]
    seqs = [r["seq"] for r in receipts]
    assert all(isinstance(s, int) and s > 0 for s in seqs)
    assert len(set(seqs[:3])) == 3  # every accepted item has its own number
    assert seqs[3] == seqs[0]  # the repeat answers with the first receipt's number
    # The request publishes its status row under its receipt's number ...
    rows = office.client.call("GET", "/changes", params={"after": "0"}).json()["rows"]
    assert [r["s"] for r in rows if r["t"] == "q"] == [seqs[1]]
    # ... and the audit batches were numbered after it, together, at the end of the batch.
    assert seqs[0] > seqs[1] and seqs[2] == seqs[0] + 1
    for item, seq in ((audit1, seqs[0]), (audit2, seqs[2])):
        stored = office.client.call("GET", f"/outbox/{item['id']}").json()["receipt"]
        assert stored["seq"] == seq and stored["first_status"] == "accepted"
