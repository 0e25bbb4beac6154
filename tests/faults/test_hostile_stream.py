"""The feed stream (protocol 2) keeps the guarantees of signed pages (issue 13 item 1).

A rewriting proxy between the real server and a PC that pulls with the stream: with the
publisher key pinned, a commit that is altered, dropped, invented, replayed from another
answer, damaged inside the shared (cached) segment, or not signed at all is refused
before anything of it is applied, the cycle ends with ``sync.feed_unsigned`` and the
honest server's next answer converges. Without a pinned key (a PC enrolled before
signatures) the lies are believed, and the lane digests of the stream's end line make
the honest server repair them, as with pages.
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
from app.store.models import Bulletin, Meta
from app.sync.lanesums import recount_lane_digests, stored_lane_digests
from tests.faults.badproxy import BadProxy
from tests.faults.hostile import assert_converged, bounded, cancel
from tests.faults.streamtamper import rewriting, rows_of
from tests.faults.syncenv import ClientEnv, client_env, fast_options, server_users
from tests.helpers import server_fixture
from tests.helpers.server_fixture import RunningServer

server_factory = server_fixture.server_factory
dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(300)


def _env(server: RunningServer, tmp_path: Path, proxy: BadProxy) -> ClientEnv:
    return client_env(
        server, tmp_path / "client", url=proxy.url, options=fast_options(stream_pull=True)
    )


def _streamed(proxy: BadProxy) -> bool:
    return proxy.count("/feed", "GET") > 0 and proxy.count("/changes", "GET") == 0


@pytest.fixture
def signed(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=20)
    proxy = BadProxy(dd_server.url)
    env = _env(dd_server, tmp_path, proxy)
    try:
        with env.desk.store.read() as s:
            pinned = s.scalar(select(Meta.value).where(Meta.key == META_PUBLISHER_KEY))
        assert pinned, "the publisher key is pinned at enrolment"
        result = env.engine.run_once()
        assert result.up_to_date and result.integrity_ok, result
        assert _streamed(proxy), proxy.calls
        yield env, proxy
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def _positions(env: ClientEnv) -> list[int]:
    with env.desk.store.read() as s:
        return env.engine._positions(s)


@pytest.mark.parametrize(
    "how", ["altered", "phantom", "dropped", "unsigned", "end_rewritten", "replayed"]
)
def test_stream_commits_not_signed_by_the_publisher_are_refused(
    signed: tuple[ClientEnv, BadProxy], how: str
) -> None:
    env, proxy = signed
    before = _positions(env)
    news = env.server.seed(bulletins=2).bulletins
    ghost = str(uuid.uuid4())

    def rewrite(frames: list[list[dict[str, Any]]]) -> None:
        lines = frames[-1]
        rows = [doc for doc in lines if "k" not in doc and "end" not in doc]
        if how == "altered":
            for row in rows:
                if row["t"] == "b" and not row.get("x"):
                    row["d"]["ti"] = "FORGED"
        elif how == "phantom":
            fake = copy.deepcopy(rows[-1])
            fake["i"] = ghost
            lines.insert(lines.index(rows[-1]), fake)
        elif how == "dropped":
            lines.remove(rows[0])
        elif how == "unsigned":
            for doc in lines:
                doc.pop("sig", None)
        elif how == "end_rewritten":
            end = lines[-1]
            end["integrity"]["lanes"] = [
                {**lane, "digest": "0" * 16} for lane in end["integrity"]["lanes"]
            ]
        else:
            raise AssertionError(how)

    def held_back(frames: list[list[dict[str, Any]]]) -> None:
        for lines in frames:
            for doc in [d for d in lines if "s" in d and d["s"] <= before[d["l"]]]:
                lines.remove(doc)

    def replay(h: Any) -> bool:
        # An answer the server made for another cursor (from 0), with the rows this PC
        # already holds left out so that only the signature can tell.
        if "/feed" not in h.path:
            return False
        h.path = h.path.replace("after=" + ".".join(map(str, before)), "after=0.0.0.0")
        return rewriting(held_back)(h)

    proxy.script = replay if how == "replayed" else rewriting(rewrite)
    with bounded(f"stream_signature_{how}", 60):
        result = env.engine.run_once()
    assert not result.ok and result.failure is not None, result
    assert result.failure.code == "sync.feed_unsigned", result.failure
    with env.desk.store.read() as s:
        for bid in news:
            assert s.get(Bulletin, bid) is None  # nothing of the refused commit applied
        assert s.get(Bulletin, ghost) is None
    assert _positions(env) == before
    proxy.script = None
    env.sync_until_done(rounds=4)
    assert_converged(env)


def test_a_damaged_shared_segment_is_refused(dd_server: RunningServer, tmp_path: Path) -> None:
    """A byte changed in the segment that every office is sent (built, signed and cached
    once), for a PC pulling from 0: refused at the first commit that holds it."""
    server_users(dd_server)
    dd_server.seed(bulletins=1100)
    proxy = BadProxy(dd_server.url)
    opts = fast_options(stream_pull=True)
    opts.deadlines.stall = 120.0  # the proxy holds the answer back until it has it whole
    env = client_env(dd_server, tmp_path / "client", url=proxy.url, options=opts)
    try:
        seen: dict[str, int] = {}

        def damage(frames: list[list[dict[str, Any]]]) -> None:
            seen["frames"] = len(frames)
            segment = frames[0]
            target = [d for d in segment if d.get("t") == "b" and not d.get("x")][-1]
            title = target["d"]["ti"]
            target["d"]["ti"] = chr(ord(title[0]) ^ 1) + title[1:]  # one byte changed
            seen["victim_s"], seen["victim_lane"] = target["s"], target["l"]

        proxy.script = rewriting(damage)
        with bounded("stream_damaged_segment", 240, rss=False):
            result = env.engine.run_once()
        assert seen.get("frames") == 2, "the answer holds a shared segment and a tail"
        assert not result.ok and result.failure is not None, result
        assert result.failure.code == "sync.feed_unsigned", result.failure
        assert result.failure.detail == "bad_signature", result.failure
        # Commits before the damaged one are genuine and kept; the damaged one is not.
        assert _positions(env)[seen["victim_lane"]] < seen["victim_s"]
        proxy.script = None
        env.sync_until_done(rounds=4)
        assert_converged(env)
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


# --------------------------------------------------------------------------------------
# Without a pinned key: lies believed, then repaired by the lane digests
# --------------------------------------------------------------------------------------


@pytest.fixture
def lied_to(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=30, cases=3)
    proxy = BadProxy(dd_server.url)
    env = _env(dd_server, tmp_path, proxy)
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


def _lie(rewrite: Any, page_rows: Any = None) -> Any:
    """Rewrite stream answers without their signatures and lane digests; ``page_rows``
    rewrites the rows of the pages a lane repair asks for, so the lie holds for a cycle."""

    def hide(frames: list[list[dict[str, Any]]]) -> None:
        rewrite(frames)
        for lines in frames:
            for doc in lines:
                doc.pop("sig", None)
                if "end" in doc:
                    doc["integrity"] = None

    streamed = rewriting(hide)

    def script(h: Any) -> bool:
        if "/changes" in h.path and page_rows is not None:
            status, headers, doc = h.page()
            doc.pop("sig", None)
            doc.pop("integrity", None)
            doc["rows"] = page_rows(doc["rows"])
            h.send_json(status, doc, headers)
            return True
        if "/feed" in h.path:
            return streamed(h)
        return False

    return script


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


def test_altered_stream_rows_are_repaired_by_lane_digests(
    lied_to: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = lied_to
    news = env.server.seed(bulletins=3).bulletins

    def alter(frames: list[list[dict[str, Any]]]) -> None:
        for row in rows_of(frames):
            if row["t"] == "b" and not row.get("x"):
                row["d"]["ti"] = "FORGED " + row["d"]["ti"]

    def alter_page(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        alter([rows])
        return rows

    proxy.script = _lie(alter, alter_page)
    with bounded("stream_content_lie", 60):
        env.engine.run_once()
    with env.desk.store.read() as s:
        forged = s.get(Bulletin, news[0])
        assert forged is not None and forged.title.startswith("FORGED")  # believed...
    with bounded("stream_content_repair", 60):
        _honest(env, proxy)  # ...and corrected
    with env.desk.store.read() as s:
        fixed = s.get(Bulletin, news[0])
        assert fixed is not None and not fixed.title.startswith("FORGED")


def test_a_cancellation_dropped_from_the_stream_is_applied(
    lied_to: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = lied_to
    with env.desk.store.read() as s:
        victim = s.scalars(select(Bulletin.id).where(Bulletin.deleted.is_(False))).first()
    assert victim is not None
    cancel(env.server, victim)

    def drop(frames: list[list[dict[str, Any]]]) -> None:
        for lines in frames:
            for doc in [d for d in lines if d.get("x")]:
                lines.remove(doc)

    proxy.script = _lie(drop, lambda rows: [r for r in rows if not r.get("x")])
    with bounded("stream_dropped_cancellation", 60):
        env.engine.run_once()
    with env.desk.store.read() as s:
        held = s.get(Bulletin, victim)
        assert held is not None and not held.deleted  # the cancellation never came...
    with bounded("stream_dropped_cancellation_repair", 60):
        _honest(env, proxy)  # ...until the honest server's lane digests showed it
    with env.desk.store.read() as s:
        held = s.get(Bulletin, victim)
        assert held is not None and held.cancelled and held.deleted
