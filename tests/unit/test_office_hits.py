"""Hits travel in the office journal: recorded on one PC, held once on the others.

Three real SQLCipher stores of office AST-01, each with its own users (user ids differ
between PCs as in an office). Entries travel with the transport-independent calls only,
as the regional server and the LAN carry them. PC 3 does not hold the bulletin at first:
the hit waits in its journal and appears when the bulletin arrives.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app import audit
from app.office import journal
from app.search.hits import HitDetails, record_hit_in_store, start_hit_notification
from app.search.results import SearchResult
from app.search.score import Band
from app.search.service import Kind
from app.store.meta import META_OFFICE, set_meta
from app.store.models import AuditEvent, Bulletin, BulletinKind, Hit, OfficeEntry, User
from tests.helpers.desk import Office, make_desk, make_office


@pytest.fixture
def pcs(tmp_path: Path) -> Iterator[list[Office]]:
    out = [make_office(make_desk(tmp_path / f"pc{i}")) for i in (1, 2, 3)]
    for pc in out:
        with pc.desk.store.write() as s:
            set_meta(s, META_OFFICE, "AST-01")
    yield out
    for pc in out:
        pc.desk.close()


def _bulletin(pc: Office, bulletin_id: str) -> None:
    with pc.desk.store.write() as s:
        s.add(Bulletin(id=bulletin_id, kind=BulletinKind.RED, reference="A-77/3-2026"))


def _exchange(src: Office, dst: Office) -> int:
    entries = journal.local_entries_since(src.desk.store, journal.version_vector(dst.desk.store))
    return journal.apply_entries(dst.desk.store, [e.to_wire() for e in entries]).applied


def _hits(pc: Office) -> list[tuple[str, str, str, str, str, dict[str, object], str | None]]:
    with pc.desk.store.read() as s:
        out = []
        for h in s.scalars(select(Hit)):
            officer = s.get(User, h.officer_id)
            assert officer is not None
            out.append(
                (
                    h.id,
                    h.bulletin_id,
                    officer.username,
                    h.place,
                    h.circumstances,
                    h.match_explanation,
                    h.request_id,
                )
            )
        return out


def _audited(pc: Office, hit_id: str) -> list[str]:
    with pc.desk.store.read() as s:
        return [
            e.action
            for e in s.scalars(select(AuditEvent).where(AuditEvent.target_id == hit_id))
            if e.target_type == "hit" and (e.details or {}).get("via") == "office"
        ]


def test_a_hit_reaches_every_pc_of_the_office_once(pcs: list[Office]) -> None:
    pc1, pc2, pc3 = pcs
    bulletin_id = str(uuid.uuid4())
    for pc in (pc1, pc2):
        _bulletin(pc, bulletin_id)
    result = SearchResult(
        kind=Kind.BULLETIN,
        target_id=bulletin_id,
        band=Band.STRONG,
        score=1.0,
        label="A-77/3-2026",
        bulletin_id=bulletin_id,
        explanation={"codes": ["reference_equal"]},
    )
    hit_id = record_hit_in_store(
        pc1.desk.store,
        pc1.officer,
        result,
        query="A-77/3-2026",
        details=HitDetails(place="Bus station", circumstances="Identity check"),
    )
    rid = start_hit_notification(pc1.desk.store, pc1.officer, hit_id, recipients=("NCB-RU",))
    pc1_hits = _hits(pc1)
    assert [h[0] for h in pc1_hits] == [hit_id] and pc1_hits[0][6] == rid

    # PC 2 holds the bulletin: the hit arrives whole (the officer is a placeholder there,
    # by user name), audited once, and a second exchange changes nothing.
    assert _exchange(pc1, pc2) == 1
    assert _exchange(pc1, pc2) == 0
    [got] = _hits(pc2)
    assert got[:6] == pc1_hits[0][:6]
    assert got[6] is None  # the notification is this PC's draft only, not shared yet
    assert _audited(pc2, hit_id) == [audit.Action.HIT]

    # PC 3 does not hold the bulletin yet: the entry waits, then the hit appears.
    assert _exchange(pc2, pc3) == 1
    assert _hits(pc3) == []
    _bulletin(pc3, bulletin_id)
    assert _exchange(pc2, pc3) == 0  # the next journal exchange, even an empty one
    [late] = _hits(pc3)
    assert late[:6] == pc1_hits[0][:6]
    assert _audited(pc3, hit_id) == [audit.Action.HIT]

    # The notification is submitted on PC 1: every PC links the hit to its request.
    from app.workflow import RequestService

    RequestService(pc1.desk.store).submit(pc1.officer, rid)
    _exchange(pc1, pc2)
    _exchange(pc2, pc3)
    assert [h[6] for h in _hits(pc2) + _hits(pc3)] == [rid, rid]
    for pc in pcs:
        with pc.desk.store.read() as s:
            assert [
                e.kind for e in s.scalars(select(OfficeEntry).where(OfficeEntry.id == hit_id))
            ] == ["hit"]
        assert audit.verify(pc.desk.store.engine).ok
        assert pc.desk.store.integrity_check() == "ok"
