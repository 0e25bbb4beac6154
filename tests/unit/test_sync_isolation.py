"""One bad feed row is isolated, never fatal; wire input is bounded before it is trusted.

Real encrypted stores, no server: rows that a broken server could send are applied
through the real applier, next to good ones, in one page.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import select

from app.events import EventBus
from app.store.models import Bulletin, SyncRow
from app.sync.apply import Applier
from app.sync.decoding import MAX_RETRY_AFTER, BodyTooLarge, decode_body, loads, retry_delay
from app.sync.protocol import Row
from app.workflow import RequestService
from server.seed import Generator
from tests.helpers.desk import make_desk


def _bulletin(n: int) -> dict[str, object]:
    return dict(Generator(random.Random(n)).bulletin(n))


def _row(s: int, d: dict[str, object] | None = None, **kw: object) -> Row:
    base: dict[str, object] = {"s": s, "l": 2, "t": "b", "i": str(uuid.uuid4()), "a": 1_700_000_000}
    base["d"] = d if d is not None else _bulletin(s)
    base.update(kw)
    return Row.model_validate(base)


def test_bad_rows_are_isolated_and_recorded_with_their_reason(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    applier = Applier(RequestService(desk.store, EventBus()))
    big = _bulletin(3)
    big["p"] = [{"n": [{"f": "X", "sc": "Latn"}], "b": [10**20, 1, 1]}]
    good = [_row(s) for s in (1, 2, 4, 9)]
    bad = {
        "schema": _row(3, big),
        "bad_time": _row(5, a=10**15),
        "bad_type": _row(6, t="\ud800"),
        "bad_id": _row(7, i="id-\ud800"),
        "too_large": _row(8, d={}, z=20_000_000),
    }
    tomb_target = good[0].i
    cancel = _row(10, d={"why": "x"}, i=tomb_target, x=1, l=0, a=10**15)
    with desk.store.write() as s:
        out = applier.apply_rows(s, [*good, *bad.values()])
    assert out.bad == len(bad)
    with desk.store.write() as s:
        assert applier.apply_rows(s, [cancel]).bad == 0
    with desk.store.read() as s:
        live = {b.id for b in s.scalars(select(Bulletin).where(Bulletin.deleted.is_(False)))}
        reasons = {r.s: r.reason for r in s.scalars(select(SyncRow).where(SyncRow.bad))}
        target = s.get(Bulletin, tomb_target)
        cancelled = target is not None and target.cancelled
    assert live == {r.i for r in good[1:]}
    assert cancelled  # a nonsense change time does not stop a cancellation
    assert reasons == {row.s: why for why, row in bad.items()}
    desk.close()


def test_a_later_good_version_clears_the_bad_record(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    applier = Applier(RequestService(desk.store, EventBus()))
    rid = str(uuid.uuid4())
    broken = _bulletin(1)
    broken["ti"] = "nul \x00 inside"
    with desk.store.write() as s:
        assert applier.apply_rows(s, [_row(1, broken, i=rid)]).bad == 1
    with desk.store.write() as s:
        assert applier.apply_rows(s, [_row(2, i=rid)]).bad == 0
    with desk.store.read() as s:
        rec = s.get(SyncRow, ("b", rid))
        assert rec is not None and not rec.bad and rec.reason is None
        assert s.get(Bulletin, rid) is not None
    desk.close()


def test_zstd_is_decoded_with_an_output_cap() -> None:
    bomb = zstandard.ZstdCompressor(level=3).compress(b" " * (256 * 1024 * 1024))
    with pytest.raises(BodyTooLarge):
        decode_body(bomb, "zstd", 1024 * 1024)
    small = zstandard.ZstdCompressor().compress(b'{"dd":1}')
    assert decode_body(small + small, "zstd", 100) == b'{"dd":1}{"dd":1}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (120, 120.0),
        ("7", 7.0),
        (1e15, MAX_RETRY_AFTER),
        (float("inf"), None),
        (-1, None),
        ("nan", None),
        (True, None),
        ([1], None),
    ],
)
def test_server_given_delays_are_finite_and_capped(value: object, expected: float | None) -> None:
    assert retry_delay(value) == expected


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"a": Infinity}', b"NaN"])
def test_wire_json_refuses_constants_and_deep_nesting(body: bytes) -> None:
    with pytest.raises(ValueError):
        loads(body)
    assert json.loads(b'{"a": 1}') == loads(b'{"a": 1}')
