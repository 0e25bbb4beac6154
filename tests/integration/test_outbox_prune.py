"""A sent outbox item keeps what exactly-once needs (id, content hash, signature, the
server's receipt) and drops its payload; replaying it never applies anything twice.

Real server on loopback, real encrypted store, real HTTP.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from app.store.models import OutboxItem, OutboxState
from app.sync.engine import SyncEngine
from app.sync.protocol import OutboxResponse, ReceiptStatus
from tests.faults.syncenv import client_env, server_accepted_items, server_users
from tests.helpers import server_fixture
from tests.helpers.server_fixture import RunningServer

dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(120)


def _item(env, item_id: str) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    with env.desk.store.read() as s:
        i = s.get(OutboxItem, item_id)
        return SimpleNamespace(
            id=i.id,
            state=i.state,
            payload=i.payload,
            content_hash=i.content_hash,
            signature=i.signature,
            receipt=i.receipt,
        )


def test_sent_item_is_pruned_and_a_replay_is_the_same_receipt(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    rid = env.approved_request()
    with env.desk.store.read() as s:
        first = s.scalars(
            select(OutboxItem).where(OutboxItem.ref_id == rid, OutboxItem.kind == "request")
        ).one()
        original = SyncEngine.wire_item(first)
    queued = _item(env, original["id"])
    size = len(str(original["payload"]))
    assert size > 200

    result = env.engine.run_once()
    assert result.ok, result
    done = _item(env, queued.id)
    assert done.state == OutboxState.DONE
    assert done.payload.get("pruned") is True and done.payload["bytes"] > 200
    assert done.content_hash == original["content_hash"]
    assert done.signature == queued.signature
    assert done.receipt is not None and done.receipt["status"] == "accepted"
    first_seq = done.receipt["seq"]
    # Every sent item is pruned, audit batches included (the trail stays in audit_events).
    with env.desk.store.read() as s:
        sent = s.execute(
            select(OutboxItem.kind, OutboxItem.payload).where(OutboxItem.state == OutboxState.DONE)
        ).all()
    assert {kind for kind, _ in sent} >= {"request", "audit_batch"}
    assert all(payload.get("pruned") is True for _, payload in sent)

    # A replay of the original body (a copy of this PC restored from before the receipt):
    # the server answers with the first receipt and applies nothing.
    resp = env.engine.transport().call(
        "POST", "/outbox", OutboxResponse, json_body={"items": [original]}, compress=True
    )
    (again,) = resp.receipts
    assert again.status == ReceiptStatus.DUPLICATE and again.seq == first_seq
    assert server_accepted_items(dd_server).count(queued.id) == 1

    # A pruned item put back in the queue (a repair gone wrong) stays done with its
    # receipt: it is never sent again with a body the server would not know.
    with env.desk.store.write() as s:
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.id == queued.id)
            .values(state=OutboxState.PENDING, receipt=None)
        )
    kept = _item(env, queued.id)
    assert kept.state == OutboxState.DONE and kept.receipt is not None
    assert kept.receipt["seq"] == first_seq
    result = env.engine.run_once()
    assert result.ok, result
    assert server_accepted_items(dd_server).count(queued.id) == 1
    assert _item(env, queued.id).receipt == done.receipt


def test_audit_trail_is_stored_once_and_sent_whole(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    """A queued audit batch references its events in ``audit_events`` instead of copying
    them; the server still receives every event, hash-verified, and anchors the head."""
    from sqlalchemy import func

    from app import audit
    from app.store.models import AuditEvent

    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    env.approved_request()  # drafting, submitting and approving write audit events
    with env.desk.store.read() as s:
        events = int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None
        last_seq, last_hash = last.seq, last.hash
    assert events >= 3
    env.engine._enqueue_audit_batch()
    with env.desk.store.read() as s:
        (payload,) = s.scalars(
            select(OutboxItem.payload).where(
                OutboxItem.kind == "audit_batch", OutboxItem.state == OutboxState.PENDING
            )
        ).all()
    assert "events" not in payload and payload["event_seqs"][1] == last_seq
    assert len(str(payload)) < 300  # a reference, whatever the number of events

    result = env.engine.run_once()
    assert result.ok, result
    assert len(server_accepted_items(dd_server, "audit_batch")) >= 1
    anchor = audit.load_anchor(env.desk.credentials)
    assert anchor is not None and (anchor.seq, anchor.hash) == (last_seq, last_hash)
    with env.desk.store.read() as s:
        assert not s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.uploaded.is_(False), AuditEvent.seq <= last_seq)
        )
