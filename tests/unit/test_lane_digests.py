"""Lane content digests: incremental sums always equal a full recount (issue 19 item 7).

Client: a real encrypted store, rows written through the real applier (new versions,
same-seq rewrites, tombstones, bad rows), phantoms forgotten, records reset and deleted;
the trigger-kept ``lane_sums`` must equal a recount of ``sync_rows`` after every run.
Server: a real server database, rows published, replaced, moved between lanes and scopes
and tombstoned; the running ``lane_digests`` must equal a recount of ``feed_rows``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from app.events import EventBus
from app.store.models import SyncRow
from app.sync import digest
from app.sync.apply import Applier
from app.sync.lanesums import recount_lane_digests, stored_lane_digests
from app.sync.protocol import MAX_ROW_BYTES, Row
from app.workflow import RequestService
from server import feed
from server.db import open_database
from server.seed import Generator
from tests.helpers.desk import make_desk

IDS = [str(uuid.UUID(int=n + 1)) for n in range(8)]


def test_the_stub_size_is_the_wire_limit() -> None:
    assert digest.STUB_ROW_BYTES == MAX_ROW_BYTES


def test_the_digest_covers_every_field_and_xor_sums_ignore_order() -> None:
    base = ("b", IDS[0], 5, 2, 1_700_000_000, False, {"ti": "A", "p": [1, 2]})
    one = digest.row_digest(*base)
    assert -(2**63) <= one < 2**63
    variants = [
        ("c", *base[1:]),
        (base[0], IDS[1], *base[2:]),
        (*base[:2], 6, *base[3:]),
        (*base[:3], 0, *base[4:]),
        (*base[:4], 1, *base[5:]),
        (*base[:5], True, base[6]),
        (*base[:6], {"ti": "B", "p": [1, 2]}),
    ]
    assert len({one, *(digest.row_digest(*v) for v in variants)}) == len(variants) + 1
    # Key order of the data does not matter; a stub is digested by its size.
    assert digest.row_digest(*base[:6], {"p": [1, 2], "ti": "A"}) == one
    values = [digest.row_digest(*v) for v in variants]
    assert digest.lane_digest(values) == digest.lane_digest(reversed(values))
    acc = 0
    for v in values:
        acc = digest.combine(acc, v)
    assert acc == digest.lane_digest(values)
    for v in values:
        acc = digest.combine(acc, v)
    assert acc == 0
    assert digest.parse_digest(digest.format_digest(one)) == one


def test_server_and_client_agree_on_a_row_and_on_a_stub() -> None:
    data = dict(Generator(random.Random(3)).bulletin(3))
    text = feed.compact_json(data)
    args = ("b", IDS[0], 9, 2, 1_700_000_000, False)
    assert digest.stored_row_digest(*args, text) == digest.received_row_digest(*args, data, None)
    big = {"ti": "x" * (MAX_ROW_BYTES + 10)}
    size = len(feed.compact_json(big).encode())
    stub = digest.received_row_digest(*args, {}, size)
    assert digest.stored_row_digest(*args, feed.compact_json(big)) == stub
    assert digest.received_row_digest(*args, big, None) == stub  # a snapshot's whole row


# -- client ------------------------------------------------------------------------------

_op = st.one_of(
    st.tuples(
        st.just("apply"),
        st.lists(
            st.tuples(
                st.integers(0, len(IDS) - 1),  # which entity
                st.integers(-1, 3),  # seq step: -1 older, 0 same seq (rewrite), >0 newer
                st.booleans(),  # tombstone
                st.sampled_from(["good", "bad", "other"]),  # content
            ),
            min_size=1,
            max_size=5,
        ),
    ),
    st.tuples(st.sampled_from(["forget", "reset", "delete", "relane"]), st.integers(0, 7)),
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    d = make_desk(tmp_path_factory.mktemp("lane-digests"))
    yield d
    d.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(_op, min_size=1, max_size=12), salt=st.integers(0, 10**6))
def test_client_lane_sums_equal_a_recount(desk: Any, ops: list[Any], salt: int) -> None:
    applier = Applier(RequestService(desk.store, EventBus()))
    seqs: dict[str, int] = {}
    base = salt * 1000 + 1
    for op in ops:
        with desk.store.write() as s:
            if op[0] == "apply":
                rows = []
                for which, step, tomb, content in op[1]:
                    rid = IDS[which]
                    seq = max(1, seqs.get(rid, base) + step)
                    seqs[rid] = seq
                    d: dict[str, Any] = dict(Generator(random.Random(seq)).bulletin(seq))
                    if tomb:
                        d = {"why": "cancelled"}
                    elif content == "bad":
                        d["ti"] = "nul \x00"
                    elif content == "other":
                        d["ti"] = f"rewritten {salt}"
                    rows.append(
                        Row(
                            s=seq,
                            l=0 if tomb else 2,
                            t="b",
                            i=rid,
                            a=1_700_000_000,
                            x=int(tomb),
                            d=d,
                        )
                    )
                applier.apply_rows(s, rows)
            elif op[0] == "forget":
                applier.forget(s, "b", IDS[op[1]])
            elif op[0] == "reset":
                s.execute(update(SyncRow).where(SyncRow.i == IDS[op[1]]).values(s=0))
            elif op[0] == "delete":
                s.execute(delete(SyncRow).where(SyncRow.i == IDS[op[1]]))
            else:
                s.execute(update(SyncRow).where(SyncRow.i == IDS[op[1]]).values(lane=3))
        with desk.store.read() as s:
            assert stored_lane_digests(s) == recount_lane_digests(s)
            # Every row recorded through the applier carries its content digest.
            assert not s.scalar(select(SyncRow.i).where(SyncRow.s > 0, SyncRow.h.is_(None)))


# -- server ------------------------------------------------------------------------------

_server_op = st.tuples(
    st.sampled_from(["publish", "publish", "tombstone", "move_lane", "move_scope"]),
    st.integers(0, len(IDS) - 1),
    st.integers(0, 10**6),
)


@pytest.fixture(scope="module")
def server_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}")
    yield db
    db.engine.dispose()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(_server_op, min_size=1, max_size=12))
def test_server_lane_digests_equal_a_recount(server_db: Any, ops: list[Any]) -> None:
    from server.models import FeedRow

    for what, which, n in ops:
        rid = IDS[which]
        with server_db.write() as s:
            row = s.get(FeedRow, ("b", rid))
            lane, scope = (row.lane, row.scope) if row is not None else (2, "")
            if what == "tombstone" and row is not None:
                feed.tombstone(s, row, "cancelled", "2026-01-01T00:00:00Z")
                continue
            if what == "move_lane":
                lane = 1 if lane == 2 else 2
            if what == "move_scope":
                scope = "" if scope else "OFFICE-A"
            data = dict(Generator(random.Random(n)).bulletin(n))
            feed.publish(s, row_type="b", row_id=rid, lane=lane, scope=scope, data=data)
    with server_db.read() as s:
        for office in ("OFFICE-A", "OFFICE-B"):
            assert feed.lane_digests(s, office) == feed.recount_lane_digests(s, office)
    with server_db.write() as s:
        before = feed.lane_digests(s, "OFFICE-A")
        feed.rebuild_lane_digests(s)
    with server_db.read() as s:
        assert feed.lane_digests(s, "OFFICE-A") == before
