"""An honest server repairs what a lying one did, lane digests decide (issue 19 item 7).

A rewriting proxy in front of the real server lies to a PC that has no publisher key
pinned (enrolled before feed signatures, so the lies are believed); then the honest
server answers again and the PC must hold exactly the server's feed: content altered
at an unchanged ``s`` corrected, a dropped cancellation applied, phantom rows (live or
tombstones, bulletins and cases) removed, and only the damaged lanes pulled again.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from app.store.meta import META_PUBLISHER_KEY
from app.store.models import Bulletin, Case, Meta, SyncRow
from app.sync.lanesums import recount_lane_digests, stored_lane_digests
from tests.faults.badproxy import BadProxy
from tests.faults.hostile import assert_converged, bounded, cancel
from tests.faults.syncenv import OFFICE, ClientEnv, client_env, server_users
from tests.helpers import server_fixture
from tests.helpers.server_fixture import RunningServer

server_factory = server_fixture.server_factory
dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def lied_to(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=30, cases=3)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "client", url=proxy.url)
    with env.desk.store.write() as s:
        s.execute(delete(Meta).where(Meta.key == META_PUBLISHER_KEY))
    try:
        result = env.engine.run_once()
        assert result.up_to_date and result.integrity_ok, result
        yield env, proxy
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def _repairs(proxy: BadProxy) -> list[str]:
    """The lanes pulled again from 0 (``lanes=`` of /changes calls after 0.0.0.0)."""
    out = []
    for method, path in list(proxy.calls):
        if method == "GET" and "/changes" in path and "after=0.0.0.0" in path:
            out.append(path.split("lanes=")[1].split("&")[0] if "lanes=" in path else "all")
    return out


def _honest(env: ClientEnv, proxy: BadProxy) -> None:
    proxy.script = None
    proxy.calls.clear()
    for _ in range(4):
        result = env.engine.run_once()
        if result.ok and result.up_to_date and result.integrity_ok:
            break
    assert result.integrity_ok, result
    assert_converged(env)
    with env.desk.store.read() as s:
        assert stored_lane_digests(s) == recount_lane_digests(s)


def _recorded(s: Any, row_id: str) -> int:
    """The ``s`` this PC recorded for a row (0: none)."""
    return int(s.scalar(select(SyncRow.s).where(SyncRow.i == row_id)) or 0)


def _lie(rewrite: Any) -> Any:
    def script(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        doc.pop("sig", None)
        doc.pop("integrity", None)
        rewrite(doc)
        h.send_json(status, doc, headers)
        return True

    return script


def test_content_altered_at_the_same_seq_is_corrected_lane_by_lane(
    lied_to: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = lied_to
    news = env.server.seed(bulletins=3).bulletins

    def alter(doc: dict[str, Any]) -> None:
        for row in doc["rows"]:
            if row["t"] == "b" and not row.get("x"):
                row["d"]["ti"] = "FORGED " + row["d"]["ti"]

    proxy.script = _lie(alter)
    with bounded("content_lie", 30):
        env.engine.run_once()
    with env.desk.store.read() as s:
        forged = s.get(Bulletin, news[0])
        assert forged is not None and forged.title.startswith("FORGED")  # believed...
    with bounded("content_repair", 60):
        _honest(env, proxy)  # ...and corrected
    with env.desk.store.read() as s:
        fixed = s.get(Bulletin, news[0])
        assert fixed is not None and not fixed.title.startswith("FORGED")
    # Only the lane that was damaged is pulled again; healthy lanes are not.
    assert set(_repairs(proxy)) == {"2"}, proxy.calls


def test_a_dropped_cancellation_is_applied(lied_to: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = lied_to
    with env.desk.store.read() as s:
        victim = s.scalars(select(Bulletin.id).where(Bulletin.deleted.is_(False))).first()
    assert victim is not None
    cancel(env.server, victim)

    def drop(doc: dict[str, Any]) -> None:
        doc["rows"] = [r for r in doc["rows"] if not r.get("x")]

    proxy.script = _lie(drop)
    with bounded("dropped_cancellation", 30):
        env.engine.run_once()
    with env.desk.store.read() as s:
        held = s.get(Bulletin, victim)
        assert held is not None and not held.deleted  # the cancellation never came...
    with bounded("dropped_cancellation_repair", 60):
        _honest(env, proxy)  # ...until the honest server's lane digests showed it
    with env.desk.store.read() as s:
        held = s.get(Bulletin, victim)
        assert held is not None and held.cancelled and held.deleted


def test_phantom_tombstones_and_cases_are_removed(lied_to: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = lied_to
    env.server.seed(bulletins=1, cases=1, offices=[OFFICE])
    ghost_tomb = str(uuid.uuid4())
    ghost_case = str(uuid.uuid4())

    def invent(doc: dict[str, Any]) -> None:
        pos = [int(p) for p in doc["next_cursor"].split(".")]
        cases = [r for r in doc["rows"] if r["t"] == "c"]
        if cases:
            fake = copy.deepcopy(cases[0])
            pos[fake["l"]] += 1
            fake.update(s=pos[fake["l"]], i=ghost_case)
            fake["d"]["ti"] = "Phantom case"
            doc["rows"].append(fake)
        pos[0] += 1
        doc["rows"].append(
            {"s": pos[0], "l": 0, "t": "b", "i": ghost_tomb, "a": 1, "x": 1, "d": {"why": "x"}}
        )
        doc["next_cursor"] = ".".join(map(str, pos))
        doc["head"] = max([doc["head"], *pos])

    proxy.script = _lie(invent)
    with bounded("phantoms", 30):
        env.engine.run_once()
    with env.desk.store.read() as s:
        assert _recorded(s, ghost_tomb) > 0
        case = s.get(Case, ghost_case)
        assert case is not None and not case.deleted
    with bounded("phantoms_repair", 60):
        _honest(env, proxy)
    with env.desk.store.read() as s:
        assert _recorded(s, ghost_tomb) == 0
        case = s.get(Case, ghost_case)
        assert case is None or case.deleted


# --------------------------------------------------------------------------------------
# Feed authenticity: a PC that pinned the publisher key refuses what was not signed so
# --------------------------------------------------------------------------------------


@pytest.fixture
def signed(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=20)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "client", url=proxy.url)
    try:
        with env.desk.store.read() as s:
            pinned = s.scalar(select(Meta.value).where(Meta.key == META_PUBLISHER_KEY))
        assert pinned, "the publisher key is pinned at enrolment"
        result = env.engine.run_once()
        assert result.up_to_date and result.integrity_ok, result
        yield env, proxy
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def _forward_rewritten(rewrite: Any) -> Any:
    """Rewrite /changes pages but keep the server's signature (a tamperer without the key)."""

    def script(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        rewrite(doc)
        h.send_json(status, doc, headers)
        return True

    return script


@pytest.mark.parametrize("how", ["altered", "phantom", "dropped", "unsigned"])
def test_pages_not_signed_by_the_publisher_are_refused(
    signed: tuple[ClientEnv, BadProxy], how: str
) -> None:
    env, proxy = signed
    news = env.server.seed(bulletins=2).bulletins
    ghost = str(uuid.uuid4())

    def rewrite(doc: dict[str, Any]) -> None:
        rows = doc["rows"]
        if how == "altered":
            for row in rows:
                if row["t"] == "b" and not row.get("x"):
                    row["d"]["ti"] = "FORGED"
        elif how == "phantom" and rows:
            fake = copy.deepcopy(rows[-1])
            fake["i"] = ghost
            rows.append(fake)
            rows.sort(key=lambda r: (r["l"], r["s"]))
            rows.remove(fake)
            rows.insert(0, fake)  # same lane and seq span: only the signature can tell
        elif how == "dropped":
            doc["rows"] = rows[1:]
        else:
            doc.pop("sig", None)

    proxy.script = _forward_rewritten(rewrite)
    with bounded(f"signature_{how}", 30):
        result = env.engine.run_once()
    assert not result.ok and result.failure is not None, result
    if how != "phantom":  # a duplicated seq may be refused earlier, as a bad reply
        assert result.failure.code == "sync.feed_unsigned", result.failure
    assert result.failure.code in ("sync.feed_unsigned", "sync.bad_reply"), result.failure
    with env.desk.store.read() as s:
        for bid in news:
            assert s.get(Bulletin, bid) is None  # nothing of the refused page applied
        assert s.get(Bulletin, ghost) is None
    proxy.script = None
    env.sync_until_done(rounds=4)
    assert_converged(env)
