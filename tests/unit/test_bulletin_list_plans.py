"""The bulletin list reads every filter it offers through an index, in list order.

EXPLAIN QUERY PLAN of the count and of a block for each filter: no table scan, no sort of
the matching rows (``USE TEMP B-TREE``), and the count from the index alone. The rows
themselves are compared with a plain Python filter and sort of every bulletin.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, text

from app.lists import B_ID, BulletinFilter, BulletinSource
from app.store.models import Bulletin, BulletinKind, HandlingCode
from tests.helpers.desk import make_desk

FILTERS = {
    "all": BulletinFilter(),
    "kind": BulletinFilter(kinds=(BulletinKind.RED.value,)),
    "two_kinds": BulletinFilter(kinds=(BulletinKind.RED.value, BulletinKind.YELLOW.value)),
    "country": BulletinFilter(country="KZ"),  # stored as KZ or KAZ
    "hide_cancelled": BulletinFilter(hide_cancelled=True),
    "urgent": BulletinFilter(urgent_only=True),
    "kind_hide_cancelled": BulletinFilter(kinds=("red",), hide_cancelled=True),
    "country_urgent_dates": BulletinFilter(
        country="UZ", urgent_only=True, issued_from=date(2015, 1, 1), issued_to=date(2022, 1, 1)
    ),
}

SINGLE = {"all", "kind", "two_kinds", "country", "hide_cancelled", "urgent"}


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    desk = make_desk(tmp_path_factory.mktemp("plans") / "data")
    rnd = random.Random(11)
    kinds = list(BulletinKind)
    rows = []
    for i in range(3000):
        rows.append(
            {
                "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "kind": kinds[rnd.randrange(len(kinds))],
                "reference": f"R/{i}",
                "title": f"t{i}",
                "summary": "",
                "issuing_country": rnd.choice(["KAZ", "KZ", "UZB", "UZ", "RUS"]),
                "issued_on": None
                if rnd.random() < 0.03
                else date(2010, 1, 1) + timedelta(days=rnd.randrange(200)),  # many ties
                "urgent": rnd.random() < 0.1,
                "cancelled": rnd.random() < 0.1,
                "handling_code": HandlingCode.LAW_ENFORCEMENT,
                "deleted": rnd.random() < 0.02,
            }
        )
    with desk.store.write() as s:
        s.execute(insert(Bulletin), rows)
    yield desk
    desk.close()


def _plan(desk, sql: str, params: dict) -> list[str]:  # type: ignore[no-untyped-def]
    with desk.store.read() as s:
        return [str(r[-1]) for r in s.execute(text("EXPLAIN QUERY PLAN " + sql), params)]


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_filter_is_an_index_read_in_list_order(listed, name: str) -> None:  # type: ignore[no-untyped-def]
    src = BulletinSource(FILTERS[name])
    index = src.index_name()
    count_plan = _plan(listed, *src.count_sql())
    # One filter: counted from its index alone. Combined: read through the index of the
    # most selective one, the others checked on the (few) rows it yields.
    used = f"COVERING INDEX {index}" if name in SINGLE else f"INDEX {index}"
    assert any(used in p for p in count_plan), count_plan
    assert not any("TEMP B-TREE" in p for p in count_plan), count_plan
    block_sql, params = src.ordered_sql(src._COLS, [], [(6, "DESC"), (10, "DESC")], "LIMIT 100")
    block_plan = _plan(listed, block_sql, params)
    assert any(index in p for p in block_plan), block_plan
    for p in block_plan:
        assert "TEMP B-TREE" not in p, block_plan  # never a sort of every matching row
        assert not (p.startswith("SCAN bulletins") and "INDEX" not in p), block_plan


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_rows_and_counts_match_a_plain_filter(listed, name: str) -> None:  # type: ignore[no-untyped-def]
    f = FILTERS[name]
    with listed.store.read() as s:
        every = s.execute(
            text(
                "SELECT id, kind, issuing_country, issued_on, urgent, cancelled, deleted, rowid "
                "FROM bulletins"
            )
        ).all()
    countries = {"KZ": {"KZ", "KAZ"}, "UZ": {"UZ", "UZB"}}.get(f.country, set())
    expected = [
        r
        for r in every
        if not r[6]
        and (not f.kinds or r[1] in f.kinds)
        and (not f.country or r[2] in countries)
        and (not f.hide_cancelled or not r[5])
        and (not f.urgent_only or r[4])
        and (not f.issued_from or (r[3] is not None and r[3] >= f.issued_from.isoformat()))
        and (not f.issued_to or (r[3] is not None and r[3] <= f.issued_to.isoformat()))
    ]
    dated = sorted((r for r in expected if r[3] is not None), key=lambda r: (r[3], r[7]))
    undated = sorted((r for r in expected if r[3] is None), key=lambda r: r[7])
    want = [r[0] for r in dated[::-1] + undated[::-1]]
    src = BulletinSource(f)
    assert src.count(listed.store) == len(want)
    got: list[str] = []
    last = None
    while True:  # by keyset from block to block, as the list scrolls
        rows = src.block(listed.store, len(got), 100, last, None)
        if not rows:
            break
        got += [r[B_ID] for r in rows]
        last = rows[-1]
    assert got == want
    # A jump (by offset) and a jump to an anchor land on the same rows.
    if len(want) > 250:
        assert [r[B_ID] for r in src.block(listed.store, 200, 50, None, None)] == want[200:250]
        anchors = src.anchors(listed.store, 100)
        assert [r[B_ID] for r in src.block(listed.store, 200, 50, None, None, anchors[2])] == (
            want[200:250]
        )
