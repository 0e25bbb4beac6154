"""The idle ``/news`` call and its long-poll, against the real server on loopback.

A held call is answered as soon as something is published for the caller's office; a
call whose lane sums differ is answered at once, and the pull that follows repairs the
difference; held calls hold no worker thread.
"""

from __future__ import annotations

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import delete, select

from app import events
from app.store.models import Bulletin, SyncRow
from app.sync.engine import CRED_DEVICE_ID, SyncResult
from app.sync.lanesums import stored_lane_digests
from app.sync.protocol import PROTOCOL_HEADER, SERVER_ID_HEADER, sums_tag
from app.sync.state import now_utc
from tests.faults.syncenv import OFFICE, ClientEnv, client_env, fast_options, server_users
from tests.helpers import server_fixture
from tests.helpers.linkemu import LinkEmulator
from tests.helpers.news import hold_news_calls
from tests.helpers.server_fixture import RunningServer

server_factory = server_fixture.server_factory
dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(180)


def _publish(server: RunningServer, title: str) -> str:
    """Publish one urgent bulletin for every office; returns its id."""
    from server import operator
    from server.seed import Generator

    data = Generator(random.Random(7)).bulletin(0)
    data["ti"] = title
    data["u"] = 1
    with server.db.write() as s:
        return str(operator.publish_bulletin(s, data))


def _held_cycle(env: ClientEnv) -> tuple[threading.Thread, list[SyncResult]]:
    out: list[SyncResult] = []
    thread = threading.Thread(target=lambda: out.append(env.engine.run_once()), daemon=True)
    thread.start()
    return thread, out


def test_a_bulletin_published_while_a_pc_waits_arrives_within_15_s(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=20, cases=1, offices=[OFFICE])
    port = int(dd_server.url.rsplit(":", 1)[1])
    with LinkEmulator("127.0.0.1", port) as link:
        env = client_env(
            dd_server, tmp_path / "client", url=link.url, options=fast_options(idle_news=True)
        )
        seen: list[str] = []
        env.desk.bus.subscribe(events.BULLETINS_CHANGED, lambda name, _p: seen.append(name))
        try:
            assert env.engine.run_once().ok  # the first pull: verified, head remembered
            before = env.bulletin_count()
            link.configure(latency=0.5, bandwidth=8000.0)  # 64 kbit/s, 1 s round trip
            env.engine.options.news_wait_seconds = 120
            thread, out = _held_cycle(env)
            time.sleep(4)  # the /news call is now held by the server
            assert thread.is_alive()
            published = time.monotonic()
            _publish(dd_server, "Urgent: missing child")
            thread.join(60)
            arrived = time.monotonic() - published
            assert not thread.is_alive()
            result = out[0]
            assert result.ok and result.up_to_date, result
            assert arrived <= 15.0, arrived
            assert result.pulled_rows >= 1
            assert result.integrity_ok is True
            assert env.bulletin_count() == before + 1
            assert seen, "the list was not told"
            with env.desk.store.read() as s:
                assert s.scalar(
                    select(Bulletin.id).where(Bulletin.title == "Urgent: missing child")
                )
        finally:
            env.engine.close()
            env.desk.close()


def test_a_held_call_without_news_ends_after_its_hold(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=5, offices=[OFFICE])
    env = client_env(dd_server, tmp_path / "client", options=fast_options(idle_news=True))
    try:
        assert env.engine.run_once().ok
        env.engine.options.news_wait_seconds = 3
        t0 = time.monotonic()
        result = env.engine.run_once()
        took = time.monotonic() - t0
        assert result.ok and result.up_to_date and result.integrity_ok is True, result
        assert result.round_trips == 1 and result.pulled_rows == 0, result
        assert result.held_seconds == 3
        assert 3.0 <= took < 10.0, took
        # The hold was the interval's wait: the next cycle is asked for at once.
        assert result.next_attempt is not None
        wait = (result.next_attempt - now_utc()).total_seconds()
        assert wait <= env.engine.options.interval_seconds - 3 + 1
    finally:
        env.engine.close()
        env.desk.close()


def test_a_pc_whose_sums_differ_is_answered_at_once_and_repaired(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=15, offices=[OFFICE])
    env = client_env(dd_server, tmp_path / "client", options=fast_options(idle_news=True))
    try:
        assert env.engine.run_once().ok
        # A bulletin's feed record lost from this PC's store: the lane sums no longer
        # match the server's, whatever the head says.
        with env.desk.store.write() as s:
            victim = s.scalars(select(Bulletin.id).limit(1)).one()
            s.execute(delete(SyncRow).where(SyncRow.i == victim))
        env.engine.options.news_wait_seconds = 60
        t0 = time.monotonic()
        result = env.engine.run_once()
        assert time.monotonic() - t0 < 20  # not held: the sums differ
        assert result.ok and result.integrity_ok is True, result
        assert result.repaired_lanes, result
        with env.desk.store.read() as s:
            assert s.scalar(select(SyncRow.s).where(SyncRow.i == victim))
    finally:
        env.engine.close()
        env.desk.close()


def _news_call(server: RunningServer, env: ClientEnv, wait: int) -> requests.Response:
    token = env.engine.transport().token
    with env.desk.store.read() as s:
        tag = sums_tag(stored_lane_digests(s))
    head = env.engine.news_head
    assert token and head is not None
    return requests.get(
        server.api("/news"),
        params={"head": str(head), "sums": tag, "wait": str(wait)},
        headers={
            "Authorization": f"Bearer {token}",
            PROTOCOL_HEADER: "1",
            SERVER_ID_HEADER: env.engine.transport().server_id or "",
        },
        timeout=wait + 30,
    )


def test_held_calls_hold_no_worker_thread(server_factory: Any, tmp_path: Path) -> None:
    # Two worker processes of two threads each; sixteen held calls; the server still
    # answers at once, and a publication ends every held call in both processes.
    server = server_factory("--workers", "2", "--threads", "2")
    server_users(server)
    server.seed(bulletins=5, offices=[OFFICE])
    env = client_env(server, tmp_path / "client", options=fast_options(idle_news=True))
    try:
        assert env.engine.run_once().ok
        assert env.desk.credentials.get(CRED_DEVICE_ID)
        with ThreadPoolExecutor(max_workers=16) as pool:
            held = [pool.submit(_news_call, server, env, 60) for _ in range(16)]
            time.sleep(3)
            assert not any(f.done() for f in held)
            t0 = time.monotonic()
            hello = requests.get(server.api("/hello"), timeout=10)
            assert hello.status_code == 200
            assert time.monotonic() - t0 < 2.0
            published = time.monotonic()
            _publish(server, "Cancelled passport series")
            answers = [f.result(timeout=30) for f in held]
            assert time.monotonic() - published < 10
        assert {a.status_code for a in answers} == {200}
        assert all(a.json()["head"] > (env.engine.news_head or 0) for a in answers)
        # Nothing new and equal sums, without waiting: 204 and no body.
        quick = _news_call(server, env, 0)
        assert quick.status_code == 200  # this PC has not pulled the publication yet
        assert env.engine.run_once().ok
        quick = _news_call(server, env, 0)
        assert quick.status_code == 204 and quick.content == b""
        assert quick.headers[PROTOCOL_HEADER] == "1"
        assert "date" not in quick.headers
    finally:
        env.engine.close()
        env.desk.close()


def test_work_in_progress_of_another_pc_wakes_a_held_call(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    """A request submitted on PC 2 reaches PC 1, which is listening, within seconds through
    the server (the office journal grew), not at the journal's 15-minute poll."""
    from app.store.models import OutgoingRequest, RequestState, RequestType
    from app.workflow import RequestDraft

    server_users(dd_server)
    dd_server.seed(bulletins=5, offices=[OFFICE])
    pc1 = client_env(dd_server, tmp_path / "pc1", options=fast_options(idle_news=True))
    pc2 = client_env(dd_server, tmp_path / "pc2", options=fast_options(idle_news=True))
    try:
        assert pc1.engine.run_once().ok and pc2.engine.run_once().ok
        pc1.engine.options.news_wait_seconds = 120
        thread, out = _held_cycle(pc1)
        time.sleep(3)  # PC 1's /news call is now held by the server
        assert thread.is_alive()
        rid = pc2.service.create_draft(
            pc2.officer,
            RequestDraft(
                request_type=RequestType.INFORMATION,
                recipients=("NCB-ASTANA",),
                body="Please confirm the identity of the subject.",
            ),
        )
        pc2.service.submit(pc2.officer, rid)
        sent = time.monotonic()
        assert pc2.engine.run_once().ok  # its entries go up in this cycle
        thread.join(60)
        assert not thread.is_alive()
        assert out[0].ok, out[0]
        assert time.monotonic() - sent < 20
        with pc1.desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            assert req is not None and req.state == RequestState.SUBMITTED
        # Level again: once the audit events of what arrived are sent, the next held call
        # is not woken by entries it already has.
        pc1.engine.options.news_wait_seconds = 2
        assert pc1.engine.run_once().ok
        t0 = time.monotonic()
        again = pc1.engine.run_once()
        assert again.ok and again.round_trips == 1, again
        assert time.monotonic() - t0 >= 2.0
    finally:
        for env in (pc1, pc2):
            env.engine.close()
            env.desk.close()


def _held_count(server: RunningServer) -> float:
    text = requests.get(server.url + "/metrics", timeout=10).text
    found = re.findall(r"^dd_news_held_calls(?:\{[^}]*\})? (\S+)$", text, re.MULTILINE)
    assert found, "dd_news_held_calls is not exported"
    return sum(float(v) for v in found)


def _until(check: Any, seconds: float) -> float:
    """Seconds until ``check()`` is true (fails after ``seconds``)."""
    t0 = time.monotonic()
    while not check():
        assert time.monotonic() - t0 < seconds, f"not within {seconds} s"
        time.sleep(0.1)
    return time.monotonic() - t0


def test_many_held_calls_are_counted_end_when_their_pc_goes_and_wake_together(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    """A hundred PCs listening: the operator sees them in ``dd_news_held_calls``; a PC
    whose connection drops stops being held (no call lingers to its timeout); one
    publication answers every other held call within seconds."""
    server_users(dd_server)
    dd_server.seed(bulletins=5, offices=[OFFICE])
    env = client_env(dd_server, tmp_path / "client", options=fast_options(idle_news=True))
    socks: list[Any] = []
    try:
        assert env.engine.run_once().ok
        assert _held_count(dd_server) == 0
        socks = hold_news_calls(env.engine, dd_server.url, 100, wait=120)
        _until(lambda: _held_count(dd_server) == 100, 20)
        gone, listening = socks[:40], socks[40:]
        for sock in gone:
            sock.close()
        # The server notices each closed connection and ends its call, not 120 s later.
        _until(lambda: _held_count(dd_server) == 60, 10)
        published = time.monotonic()
        _publish(dd_server, "Stolen vehicle series")
        for sock in listening:
            head = sock.recv(4096)
            assert head.startswith(b"HTTP/1.1 200"), head[:80]
        assert time.monotonic() - published < 10
        _until(lambda: _held_count(dd_server) == 0, 10)
    finally:
        for sock in socks:
            sock.close()
        env.engine.close()
        env.desk.close()
