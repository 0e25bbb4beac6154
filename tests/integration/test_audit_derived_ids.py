"""Audit event ids derived from the chain: a push leaves them out, the server works them
out again, the chain and the item hash still hold (docs/protocol.md 4.1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app import audit
from app.credentials import MemorySecrets
from app.store.models import AuditEvent
from app.sync import client as sync_client
from app.sync.protocol import (
    AUDIT_GENESIS,
    audit_chain_next,
    compact_audit_events,
    content_hash,
    derived_event_id,
    expand_audit_events,
)
from tests.faults.syncenv import client_env, fast_options, pending_items, server_users
from tests.helpers.desk import make_desk

pytestmark = pytest.mark.timeout(180)


def _chain(env: Any) -> list[tuple[int, str]]:
    """(seq, hash) of every event of the PC's chain."""
    with env.desk.store.read() as s:
        return [
            tuple(r)
            for r in s.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq))
        ]


def _capture_outbox(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every audit batch payload POSTed to /outbox, as it went on the wire (with its
    item's ``derived_ids`` mark)."""
    sent: list[dict[str, Any]] = []
    original = sync_client.Transport.call

    def call(self: Any, method: str, path: str, model: Any, **kw: Any) -> Any:
        if path == "/outbox":
            body = json.loads(json.dumps(kw.get("json_body")))
            sent.extend(
                {**i["payload"], "derived_ids": i.get("derived_ids", False)}
                for i in body["items"]
                if i["kind"] == "audit_batch"
            )
        return original(self, method, path, model, **kw)

    monkeypatch.setattr(sync_client.Transport, "call", call)
    return sent


def _anchored(server: Any) -> tuple[str, int]:
    from server.models import AuditAnchor

    with server.db.read() as s:
        anchor = s.scalars(select(AuditAnchor)).one()
        return anchor.head, anchor.events


def test_events_after_the_first_take_their_id_from_the_chain(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "pc", secrets=MemorySecrets())
    with desk.store.write() as s:
        first = audit.record(s, audit.Action.SETTINGS, actor_name="it")
        second = audit.record(s, audit.Action.SETTINGS, actor_name="it")
        third = audit.record(s, audit.Action.SETTINGS, actor_name="it")
    assert first.prev_hash == AUDIT_GENESIS and first.id != derived_event_id(AUDIT_GENESIS)
    assert second.id == derived_event_id(first.hash)
    assert third.id == derived_event_id(second.hash)
    assert audit.verify(desk.store.engine).ok
    desk.close()


def test_a_batch_without_derived_ids_expands_to_the_same_hash_and_chain() -> None:
    head = AUDIT_GENESIS
    events: list[dict[str, Any]] = []
    for seq in range(1, 6):
        ident = "5b2dd321-debb-4488-a1eb-16fee37fc81b" if seq in (1, 4) else derived_event_id(head)
        event = {"seq": seq, "id": ident, "at": "2026-12-04T10:00:00.000001Z", "action": "x"}
        events.append(event)
        head = audit_chain_next(head, event)
    payload = {"prev_head": AUDIT_GENESIS, "head": head, "events": events}
    compact = compact_audit_events(payload)
    # The first event (after the genesis head) and the one with a random id keep theirs.
    assert [("id" in e) for e in compact["events"]] == [True, False, False, True, False]
    assert expand_audit_events(compact) == payload
    assert content_hash(expand_audit_events(compact)) == content_hash(payload)
    # An event changed on the way gives every later event another id: the chain breaks.
    forged = json.loads(json.dumps(compact))
    forged["events"][1]["action"] = "y"
    rebuilt = expand_audit_events(forged)
    folded = AUDIT_GENESIS
    for event in rebuilt["events"]:
        folded = audit_chain_next(folded, event)
    assert folded != payload["head"]


def test_the_push_leaves_derived_ids_out_and_the_server_anchors_the_chain(
    server_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = server_factory()
    server_users(server)
    env = client_env(server, tmp_path / "pc", options=fast_options(max_pages=0))
    for i in range(3):
        env.approved_request(f"Request {i}")
    sent = _capture_outbox(monkeypatch)
    assert env.engine.run_once().ok
    assert pending_items(env.desk) == 0
    events = [e for payload in sent for e in payload["events"]]
    chain = _chain(env)
    # What was sent is the chain up to the push's receipts (their events go next time).
    assert [e["seq"] for e in events] == [seq for seq, _ in chain[: len(events)]]
    assert sum(1 for e in events if "id" in e) == 1, "only the chain's first event"
    assert all(payload["derived_ids"] for payload in sent)
    assert _anchored(server) == (chain[len(events) - 1][1], len(events))

    # A server whose hello names no such feature (an older one) gets every id.
    hello = env.engine._hello

    def older_hello() -> Any:
        answer = hello()
        env.engine._server_features = set()
        return answer

    monkeypatch.setattr(env.engine, "_hello", older_hello)
    env.engine.close()
    sent.clear()
    env.approved_request("Request 4")
    assert env.engine.run_once().ok
    assert pending_items(env.desk) == 0
    later = [e for payload in sent for e in payload["events"]]
    assert later and all("id" in e for e in later)
    assert not any(payload["derived_ids"] for payload in sent)
    chain = _chain(env)
    assert _anchored(server) == (chain[later[-1]["seq"] - 1][1], later[-1]["seq"])
    env.engine.close()
