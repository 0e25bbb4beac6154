"""A batch the server refuses whole: the push narrows it down to the one item at fault.

A proxy in front of the real server refuses (400, a request-class error) every outbox
call that carries one poisoned request and forwards every other call. The push must
halve its batches until the poisoned item travels alone, quarantine it with the server's
code, and send the others.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.store.models import OutboxItem, OutboxState
from app.sync.decoding import decode_body
from app.sync.protocol import OutboxKind
from tests.faults.badproxy import BadProxy
from tests.faults.hostile import bounded
from tests.faults.syncenv import ClientEnv, client_env, server_users
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(300)

REFUSAL = {"error": {"code": "bad_request", "message": "item 2 is malformed"}}


@pytest.fixture
def proxied(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "client", url=proxy.url)
    try:
        yield env, proxy
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def _item_of(env: ClientEnv, rid: str) -> str:
    with env.desk.store.read() as s:
        item_id = s.scalar(
            select(OutboxItem.id).where(
                OutboxItem.ref_id == rid, OutboxItem.kind == OutboxKind.REQUEST
            )
        )
    assert item_id is not None
    return str(item_id)


def test_a_refused_batch_is_halved_until_the_bad_item_is_quarantined_alone(
    proxied: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = proxied
    rids = [env.approved_request(f"Please confirm subject {n}.") for n in range(4)]
    poisoned = _item_of(env, rids[2])
    batches: list[list[str]] = []

    def refuse_poisoned(h: Any) -> bool:
        if h.command != "POST" or not h.path.endswith("/outbox"):
            return False
        body = decode_body(h.request_body(), h.headers.get("Content-Encoding", ""), 1 << 24)
        ids = [item["id"] for item in json.loads(body)["items"]]
        batches.append(ids)
        if poisoned not in ids:
            return False  # forwarded to the real server as sent
        h.send(
            400,
            [*h.marks(), ("Content-Type", "application/json")],
            json.dumps(REFUSAL).encode(),
        )
        return True

    proxy.script = refuse_poisoned
    with bounded("refused_batch", 120, rss=False):
        result = env.engine.run_once()

    assert result.ok, result
    assert result.quarantined == 1
    # The first batch carried every request; each refusal halved the next batch, and
    # the poisoned item was refused at last on its own.
    assert set(batches[0]) >= {_item_of(env, rid) for rid in rids}
    refused = [ids for ids in batches if poisoned in ids]
    assert len(refused) >= 2 and refused[-1] == [poisoned]
    assert all(len(b) <= len(a) // 2 for a, b in itertools.pairwise(refused))
    assert [env.state(rid).value for rid in rids] == [
        "sent",
        "sent",
        "rejected_by_server",
        "sent",
    ]
    [quarantined] = env.engine.status().quarantine
    assert quarantined.ref_id == rids[2] and quarantined.code == "bad_request"
    with env.desk.store.read() as s:
        states = {i.id: i.state for i in s.scalars(select(OutboxItem))}
    assert states[poisoned] == OutboxState.QUARANTINED
    assert OutboxState.SENDING not in states.values()
