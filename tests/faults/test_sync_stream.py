"""The feed stream (protocol 2) on a bad link, and protocol 1 clients against this server.

On a 64 kbit/s, 1 s RTT link cut at random moments (time-based, so the one keep-alive
connection of a sync is cut too): every bulletin arrives once, cut answers are resumed
by byte offset, the integrity check agrees, and the cuts did happen. A client that speaks
only protocol 1 (strict about the marker, pulling pages) still syncs against this server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from app.store.models import Bulletin, Person, SyncRow
from tests.faults.syncenv import client_env, fast_options, server_users
from tests.helpers import server_fixture
from tests.helpers.corpus import publish_corpus
from tests.helpers.linkemu import LinkEmulator
from tests.helpers.server_fixture import RunningServer

server_factory = server_fixture.server_factory
dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(600)

BULLETINS = 600


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    from bench.make_bulletin_corpus import write_corpus

    path = tmp_path / "corpus.jsonl"
    write_corpus(path, BULLETINS, seed=5)
    return path


def _link_to(server: RunningServer) -> LinkEmulator:
    port = int(server.url.rsplit(":", 1)[1])
    return LinkEmulator("127.0.0.1", port).start()


def test_stream_pull_survives_time_based_cuts(
    dd_server: RunningServer, corpus: Path, tmp_path: Path
) -> None:
    server_users(dd_server)
    ids = publish_corpus(dd_server.db, corpus)
    link = _link_to(dd_server)
    try:
        opts = fast_options(stream_pull=True)
        opts.deadlines.stall = 15.0
        env = client_env(dd_server, tmp_path / "client", url=link.url, options=opts)
        env.engine.run_once()  # audit of the logins, on the fast link
        with env.desk.store.write() as s:  # pull everything again, over the bad link
            s.execute(SyncRow.__table__.delete())  # type: ignore[attr-defined]
        from app.store.models import SyncCursor

        with env.desk.store.write() as s:
            s.execute(SyncCursor.__table__.delete())  # type: ignore[attr-defined]
        link.configure(
            latency=0.25, bandwidth=8000, handshake_rtts=1, cut_mean_interval=2.0, cut_seed=11
        )
        link.reset_stats()
        resumes = 0
        for _ in range(40):
            result = env.engine.run_once()
            resumes += result.resumes
            if result.ok and result.up_to_date:
                break
        link.configure(cut_mean_interval=None)
        stats = link.stats()
        assert result.ok and result.up_to_date, result
        assert stats.timed_cuts_hit >= 2, f"the link was cut only {stats.timed_cuts_hit} times"
        assert resumes >= 1, "cut answers are resumed, not asked for again"
        assert result.integrity_ok is True
        with env.desk.store.read() as s:
            held = s.scalars(select(Bulletin.id).where(Bulletin.deleted.is_(False))).all()
            times = s.scalar(select(func.count()).where(Bulletin.issued_time.is_not(None)))
            several = s.scalar(select(func.count()).where(Person.nationalities.contains(" ")))
        assert sorted(held) == sorted(ids), "every bulletin once, nothing more"
        assert times == BULLETINS, "the time of day of every bulletin is kept"
        assert several and several > 0, "persons with several nationalities keep them all"
        env.engine.close()
        env.desk.close()
    finally:
        link.stop()


class _StrictV1Marker:
    """What a protocol 1 client checks: every answer says protocol 1, nothing else."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.seen.append(response.headers.get("X-District-Desk-Protocol", ""))


def test_a_protocol_1_client_still_syncs(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    dd_server.seed(300, cases=2, offices=["AST-01"])
    env = client_env(dd_server, tmp_path / "client", options=fast_options(stream_pull=False))
    marker = _StrictV1Marker()
    env.engine.transport().session.hooks["response"].append(marker)
    asked: list[str] = []
    env.engine.transport().session.hooks["response"].append(
        lambda response, *a, **k: asked.append(response.request.path_url.split("?")[0])
    )
    result = env.engine.run_once()
    assert result.ok and result.up_to_date and result.integrity_ok is True, result
    assert env.bulletin_count() == 300
    assert marker.seen and set(marker.seen) == {"1"}, "a protocol 1 client only ever sees 1"
    assert any(path.endswith("/changes") for path in asked)
    assert not any(path.endswith("/feed") for path in asked)
    env.engine.close()
    env.desk.close()


def test_stream_pulls_again_after_cancellations_and_office_rows(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    from server import operator

    server_users(dd_server)
    seeded = dd_server.seed(1100, cases=3, offices=["AST-01"])
    env = client_env(dd_server, tmp_path / "client", options=fast_options(stream_pull=True))
    asked: list[str] = []
    env.engine.transport().session.hooks["response"].append(
        lambda response, *a, **k: asked.append(response.request.path_url.split("?")[0])
    )
    first = env.engine.run_once()
    assert first.ok and first.up_to_date and first.integrity_ok is True, first
    assert env.bulletin_count() == 1100
    assert any(path.endswith("/feed") for path in asked)
    assert not any(path.endswith("/changes") for path in asked)
    gone = seeded.bulletins[:5]
    with dd_server.db.write() as session:
        for bulletin_id in gone:
            assert operator.cancel_bulletin(session, bulletin_id, "withdrawn by the issuer")
    dd_server.seed(20, cases=1, offices=["AST-01"])
    second = env.engine.run_once()
    assert second.ok and second.up_to_date and second.integrity_ok is True, second
    assert env.bulletin_count() == 1100 - 5 + 20
    with env.desk.store.read() as s:
        cancelled = s.scalars(select(Bulletin.id).where(Bulletin.cancelled.is_(True))).all()
        from app.store.models import Case

        cases = s.scalar(select(func.count()).select_from(Case))
    assert sorted(cancelled) == sorted(gone)
    assert cases == 4
    env.engine.close()
    env.desk.close()
