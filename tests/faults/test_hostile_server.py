"""A client that no broken or hostile server can hurt (issue 19).

A rewriting proxy (``tests/faults/badproxy.py``) stands in front of the real reference
server on loopback; rows the server itself cannot serve usefully are published into its
real feed. Every case ends by itself within its deadline with peak RSS <= 256 MiB
(:func:`tests.faults.hostile.bounded`), ends with a classified failure (never
``sync.internal``), loses nothing already stored, and after syncing against the honest
server the client holds exactly the server's feed (:func:`assert_converged`).

Run with ``-s`` to see the measured figures (seconds, peak RSS, call counts).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import zstandard
from sqlalchemy import select

from app.store.meta import META_PUBLISHER_KEY, set_meta
from app.store.models import Bulletin, SyncCursor
from app.sync.engine import SyncResult
from app.sync.protocol import PROTOCOL_HEADER
from tests.faults.badproxy import BadProxy
from tests.faults.hostile import (
    FIGURES,
    assert_converged,
    bounded,
    cancel,
    good_bulletin,
    publish_raw,
)
from tests.faults.syncenv import ClientEnv, client_env, fast_options, server_users
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module", autouse=True)
def _print_figures() -> Iterator[None]:
    yield
    print("\nhostile-server figures:\n" + json.dumps(FIGURES, indent=1, sort_keys=True))


@pytest.fixture
def hostile(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=30)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "client", url=proxy.url)
    # A PC enrolled before feed signatures (no publisher key pinned): rewritten pages
    # reach the defences tested here instead of being refused whole by the signature
    # check (tests/faults/test_hostile_repair.py covers a PC that pinned the key).
    with env.desk.store.write() as s:
        set_meta(s, META_PUBLISHER_KEY, None)
    try:
        assert env.engine.run_once().up_to_date
        yield env, proxy
    finally:
        proxy.script = None
        proxy.mode = None
        env.engine.close()
        proxy.close()


def live_bulletins(env: ClientEnv) -> int:
    return env.bulletin_count()


def honest(env: ClientEnv, proxy: BadProxy, expect_bad: set[str] | None = None) -> None:
    """Let the honest server answer again; the client must converge on its feed."""
    proxy.script = None
    proxy.mode = None
    env.sync_until_done(rounds=6)
    assert_converged(env, expect_bad)


def classified(result: SyncResult, codes: set[str]) -> None:
    assert not result.ok, result
    assert result.failure is not None
    assert result.failure.code != "sync.internal", result.failure
    assert result.failure.code in codes, result.failure
    assert result.next_attempt is not None


def _bad_person(**person: Any) -> str:
    data = good_bulletin(0)
    data["p"] = [{**data["p"][0], **person}]
    return json.dumps(data, ensure_ascii=True)


# --------------------------------------------------------------------------------------
# 1. one bad row never stops the feed
# --------------------------------------------------------------------------------------


def test_one_malformed_bulletin_among_a_thousand_and_a_cancellation(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    """The regional server publishes 1,000 good bulletins, one malformed one among them
    and then a cancellation: every PC ends with the 1,000 good bulletins, the
    cancellation applied and the bad row visible in its sync status."""
    server_users(dd_server)
    first = dd_server.seed(bulletins=500).bulletins
    bad_id, _ = publish_raw(dd_server, _bad_person(b=[10**20, 1, 1]))
    second = dd_server.seed(bulletins=500).bulletins
    pcs = [client_env(dd_server, tmp_path / f"pc{n}") for n in range(2)]
    try:
        for env in pcs:
            with bounded("thousand_and_one_bad", 120):
                result = env.engine.run_once()
            assert result.ok and result.up_to_date and result.integrity_ok, result
            assert result.bad_rows == 1
            assert env.bulletin_count() == 1000
        # The cancellation is published after the bad row: it must reach every PC.
        cancel(dd_server, first[3])
        for env in pcs:
            with bounded("thousand_and_one_bad_cancel", 60):
                result = env.engine.run_once()
            assert result.ok and result.up_to_date and result.integrity_ok, result
            assert env.bulletin_count() == 999
            with env.desk.store.read() as s:
                gone = s.get(Bulletin, first[3])
                assert gone is not None and gone.cancelled and gone.deleted
                assert s.get(Bulletin, second[-1]) is not None
            status = env.engine.status()
            assert [(b.row_id, b.reason) for b in status.bad_rows] == [(bad_id, "schema")]
            assert status.bad_row_count == 1
            assert_converged(env, expect_bad={bad_id})
    finally:
        for env in pcs:
            env.engine.close()


def test_rows_the_real_server_cannot_serve_are_isolated(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    env, _proxy = hostile
    server = env.server
    bad = {
        publish_raw(server, _bad_person(b=[10**20, 1, 1]))[0]: "schema",
        publish_raw(server, json.dumps(good_bulletin(1)), changed_at=10**15)[0]: "bad_time",
        publish_raw(
            server, _bad_person(n=[{"f": "Ivan \ud800", "sc": "Latn"}]).replace("\\\\", "\\")
        )[0]: "schema",
        publish_raw(server, _bad_person(n=[{"f": "Ivan \x00", "sc": "Latn"}]))[0]: "schema",
        publish_raw(server, json.dumps({**good_bulletin(2), "de": "x" * 20_000_000}))[
            0
        ]: "too_large",
    }
    behind = server.seed(bulletins=20).bulletins
    victim = behind[0]
    cancel(server, victim)
    with bounded("bad_rows_real_server", 90):
        result = env.engine.run_once()
    assert result.ok and result.up_to_date and result.integrity_ok, result
    assert result.bad_rows == len(bad)
    status = env.engine.status()
    assert {b.row_id: b.reason for b in status.bad_rows} == bad
    with env.desk.store.read() as s:
        assert all(s.get(Bulletin, i) is not None for i in behind[1:])
        cancelled = s.get(Bulletin, victim)
        assert cancelled is None or (cancelled.cancelled and cancelled.deleted)
    assert_converged(env, expect_bad=set(bad))
    # The server corrects one of them: the good version replaces the bad record.
    fixed = next(i for i, why in bad.items() if why == "too_large")
    publish_raw(server, json.dumps(good_bulletin(3)), row_id=fixed)
    assert env.engine.run_once().up_to_date
    assert_converged(env, expect_bad=set(bad) - {fixed})


def test_bad_rows_from_a_rewriting_proxy_are_isolated_and_repaired(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    """Rows spoilt on the way (surrogates, huge integers, non-ASCII sha) are isolated; the
    honest server's copies replace them afterwards."""
    env, proxy = hostile
    server = env.server
    fresh = server.seed(bulletins=10).bulletins
    cancel(server, fresh[-1])
    before = live_bulletins(env)

    def spoil(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        for n, row in enumerate(doc.get("rows", [])):
            if row["t"] == "b" and not row.get("x") and n % 3 == 0:
                row["d"]["ti"] = "\ud800 broken"
            elif row["t"] == "b" and not row.get("x") and n % 3 == 1:
                row["d"]["p"] = [{"n": [], "b": [10**20, 0, 0]}]
        h.send_json(status, doc, headers)
        return True

    proxy.script = spoil
    with bounded("proxy_spoilt_rows", 60):
        result = env.engine.run_once()
    assert result.ok, result
    assert result.bad_rows > 0
    assert live_bulletins(env) >= before  # nothing stored was lost
    honest(env, proxy, expect_bad=set())


# --------------------------------------------------------------------------------------
# 2. cursors are checked against what the page proves
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["far_ahead", "duplicate_key", "ahead_of_rows"])
def test_cursor_lies_are_refused(hostile: tuple[ClientEnv, BadProxy], how: str) -> None:
    env, proxy = hostile
    server = env.server
    news = server.seed(bulletins=5).bulletins
    cursor = env.engine.cursor()

    def lie(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, body = h.forward(plain=True)
        doc = json.loads(body)
        if how == "far_ahead":
            doc["next_cursor"] = "999999999999999999"
            body = json.dumps(doc).encode()
        elif how == "duplicate_key":
            body = body[:-1] + b',"next_cursor":"999999999999999999"}'
        else:
            pos = [int(p) for p in doc["next_cursor"].split(".")]
            pos[2] += 1000
            doc["next_cursor"] = ".".join(map(str, pos))
            doc["head"] += 1000
            body = json.dumps(doc).encode()
        h.send(status, [*h.marks(headers), ("Content-Type", "application/json")], body)
        return True

    proxy.script = lie
    with bounded(f"cursor_{how}", 30):
        result = env.engine.run_once()
    classified(result, {"sync.bad_reply"})
    assert result.failure is not None and result.failure.detail == "cursor_ahead"
    assert env.engine.cursor() == cursor
    cancel(server, news[0])
    honest(env, proxy)


def test_a_cursor_stored_past_the_server_head_is_pulled_again(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    """A cursor an older version accepted from a lying server: the cancellations and
    bulletins published since still arrive."""
    env, proxy = hostile
    server = env.server
    with env.desk.store.write() as s:
        for cur in s.scalars(select(SyncCursor)):
            cur.cursor = 999_999_999_999
    news = server.seed(bulletins=5).bulletins
    cancel(server, news[1])
    with bounded("cursor_stored_ahead", 60):
        result = env.engine.run_once()
    assert result.ok and result.up_to_date, result
    honest(env, proxy)


# --------------------------------------------------------------------------------------
# 3. compression bombs
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zstd_bomb() -> bytes:
    """1 GiB of JSON-ish text compressed to some 33 KB."""
    cctx = zstandard.ZstdCompressor(level=3)
    piece = b" " * (1024 * 1024)
    chunks = [b'{"dd":1,"rows":[']
    obj = cctx.compressobj(size=len(chunks[0]) + 1024 * len(piece))
    out = [obj.compress(chunks[0])]
    for _ in range(1024):
        out.append(obj.compress(piece))
    out.append(obj.flush())
    return b"".join(out)


@pytest.mark.parametrize(
    ("target", "status", "codes"),
    [
        ("/changes", 200, {"sync.bad_reply"}),
        ("/hello", 200, {"sync.bad_reply"}),
        ("/changes", 503, {"sync.server_error", "sync.server_busy"}),
    ],
)
def test_zstd_bombs_are_bounded(
    hostile: tuple[ClientEnv, BadProxy], zstd_bomb: bytes, target: str, status: int, codes: set[str]
) -> None:
    env, proxy = hostile
    before = live_bulletins(env)

    def bomb(h: Any) -> bool:
        if target not in h.path:
            return False
        h.send(
            status,
            [
                *h.marks(),
                ("Content-Type", "application/json"),
                ("Content-Encoding", "zstd"),
            ],
            zstd_bomb,
        )
        return True

    proxy.script = bomb
    if target == "/hello":
        env.engine._forget_hello()  # asked again: its validity ran out (or a cycle failed)
    with bounded(f"zstd_bomb_{target.strip('/')}_{status}", 30) as m:
        result = env.engine.run_once()
        m.extra["wire_bytes"] = len(zstd_bomb)
    classified(result, codes)
    assert live_bulletins(env) == before
    honest(env, proxy)


def test_nested_json_and_non_finite_numbers_are_bad_replies(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = hostile
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"dd":1,"rows":[],"head":Infinity}'):

        def answer(h: Any, body: bytes = body) -> bool:
            if "/changes" not in h.path:
                return False
            h.send(200, [*h.marks(), ("Content-Type", "application/json")], body)
            return True

        proxy.script = answer
        with bounded("nested_json", 30):
            result = env.engine.run_once()
        classified(result, {"sync.bad_reply"})
    honest(env, proxy)


# --------------------------------------------------------------------------------------
# 4. deadlines hold against a trickle; Stop interrupts an in-flight call
# --------------------------------------------------------------------------------------


def _trickle(h: Any, prefix: bytes, pause: float) -> None:
    """Send ``prefix`` then more body bytes, one byte every ``pause`` s, until cut."""
    try:
        for n in range(10_000):
            byte = prefix[n : n + 1] if n < len(prefix) else b" "
            h.wfile.write(byte)
            h.wfile.flush()
            time.sleep(pause)
    except OSError:
        pass
    h.close_connection = True


def _trickle_options(**overrides: Any) -> Any:
    opts = fast_options()
    opts.deadlines.connect = 2.0
    opts.deadlines.stall = 3.0  # a byte every 0.3 s never trips the per-read timeout
    opts.deadlines.total_base = 4.0
    opts.deadlines.min_rate = 1e9  # no extra time for the body: the deadline is 4 s
    opts.deadlines.anonymous_total = 2.0
    for key, value in overrides.items():
        setattr(opts, key, value)
    return opts


@pytest.mark.parametrize(
    ("target", "part", "deadline"),
    [("/changes", "headers", 4.0), ("/changes", "body", 4.0), ("/hello", "headers", 2.0)],
)
def test_trickled_answers_end_at_the_deadline(
    dd_server: RunningServer, tmp_path: Path, target: str, part: str, deadline: float
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=10)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "c", url=proxy.url, options=_trickle_options())
    try:
        assert env.engine.run_once().up_to_date

        def trickle(h: Any) -> bool:
            if target not in h.path:
                return False
            head = (
                b"HTTP/1.1 200 OK\r\nX-District-Desk-Protocol: 1\r\nContent-Length: 99999\r\n\r\n"
            )
            if part == "body":
                h.wfile.write(head)
                _trickle(h, b'{"dd":1,"rows":[', 0.3)
            else:
                _trickle(h, head, 0.3)
            return True

        proxy.script = trickle
        if target == "/hello":
            env.engine._forget_hello()  # asked again: its validity ran out (or a cycle failed)
        with bounded(f"trickle_{target.strip('/')}_{part}", deadline + 1.5) as m:
            result = env.engine.run_once()
            m.extra["nominal_deadline"] = deadline
        classified(result, {"sync.timeout"})
        assert result.failure is not None and result.failure.detail == "deadline"
        honest(env, proxy)
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def test_stop_interrupts_a_call_within_a_second(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile

    def trickle(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        _trickle(h, b"HTTP/1.1 200 OK\r\n", 0.5)
        return True

    proxy.script = trickle
    stop = threading.Event()
    out: list[SyncResult] = []
    worker = threading.Thread(target=lambda: out.append(env.engine.run_once(cancelled=stop.is_set)))
    with bounded("stop_in_flight", 10) as m:
        worker.start()
        time.sleep(1.5)
        pressed = time.monotonic()
        stop.set()
        worker.join(5)
        m.extra["stop_to_end_s"] = round(time.monotonic() - pressed, 3)
    assert not worker.is_alive()
    assert m.extra["stop_to_end_s"] <= 1.0
    assert out[0].failure is not None and out[0].failure.code == "sync.cancelled"
    assert not out[0].up_to_date
    honest(env, proxy)


# --------------------------------------------------------------------------------------
# 5. every loop has a budget
# --------------------------------------------------------------------------------------


def _after(path: str) -> list[int]:
    from urllib.parse import parse_qs, urlsplit

    after = parse_qs(urlsplit(path).query).get("after", ["0"])[0]
    parts = [int(p) for p in after.split(".")]
    return parts * 4 if len(parts) == 1 else parts


def test_pages_without_progress_end_the_cycle(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile

    def stuck(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        _status, headers, doc = h.page()
        doc.update(rows=[], has_more=True, next_cursor=".".join(map(str, _after(h.path))))
        doc.pop("integrity", None)
        h.send_json(200, doc, headers)
        return True

    proxy.script = stuck
    with bounded("no_progress_pages", 30) as m:
        result = env.engine.run_once()
        m.extra["requests"] = proxy.count("/changes")
    classified(result, {"sync.bad_reply"})
    assert result.failure is not None and result.failure.detail == "no_progress"
    assert proxy.count("/changes") <= env.engine.options.no_progress_budget + 1
    honest(env, proxy)


def test_an_endless_feed_ends_the_cycle(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile
    import uuid

    # The default budget (2,000 pages) takes minutes through this proxy; the rule is the
    # same at any size.
    env.engine.options.cycle_page_budget = 200

    def endless(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        _status, headers, doc = h.page()
        pos = _after(h.path)
        rows = []
        for _ in range(3):
            pos[0] += 1
            rows.append({"s": pos[0], "l": 0, "t": "b", "i": str(uuid.uuid4()), "a": 1, "x": 1})
        doc.update(rows=rows, has_more=True, next_cursor=".".join(map(str, pos)))
        doc["head"] = pos[0] + 10**6
        doc.pop("integrity", None)
        h.send_json(200, doc, headers)
        return True

    proxy.script = endless
    with bounded("endless_feed", 150) as m:
        result = env.engine.run_once()
        m.extra["requests"] = proxy.count("/changes")
    classified(result, {"sync.bad_reply"})
    assert result.failure is not None and result.failure.detail == "endless_feed"
    assert proxy.count("/changes") <= env.engine.options.cycle_page_budget + 2
    honest(env, proxy)


def _request_with_photo(env: ClientEnv, size: int = 20_000) -> tuple[str, str]:
    import os

    sha = env.desk.blobs.put(os.urandom(size))
    return env.approved_request(attachments=(sha,)), sha


def test_offset_mismatch_forever_ends_the_upload(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile
    rid, _sha = _request_with_photo(env)

    def mismatch(h: Any) -> bool:
        if h.command != "PATCH":
            return False
        h.request_body()
        err = {
            "dd": 1,
            "error": {"code": "offset_mismatch", "message": "x", "details": {"offset": 0}},
        }
        h.send_json(409, err, h.marks())
        return True

    proxy.script = mismatch
    with bounded("offset_mismatch_loop", 30) as m:
        result = env.engine.run_once()
        m.extra["patch_calls"] = proxy.count("/blobs/", "PATCH")
    classified(result, {"sync.bad_reply"})
    assert proxy.count("/blobs/", "PATCH") <= env.engine.options.upload_offset_budget + 1
    assert env.state(rid).value == "queued"
    honest(env, proxy)
    assert env.state(rid).value == "sent"


def test_a_zero_blob_chunk_limit_still_ends(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile
    rid, _sha = _request_with_photo(env, 20_000)

    def zero_chunk(h: Any) -> bool:
        if "/hello" not in h.path:
            return False
        status, headers, doc = h.page()
        doc["limits"]["max_blob_chunk"] = 0
        h.send_json(status, doc, headers)
        return True

    proxy.script = zero_chunk
    with bounded("zero_blob_chunk", 30) as m:
        result = env.engine.run_once()
        m.extra["patch_calls"] = proxy.count("/blobs/", "PATCH")
    assert result.ok, result
    assert proxy.count("/blobs/", "PATCH") <= 20_000 // 4096 + 1
    assert env.state(rid).value == "sent"
    honest(env, proxy)


@pytest.fixture
def photo(hostile: tuple[ClientEnv, BadProxy]) -> tuple[str, int]:
    """A full-size photo on the server, known to the client (sha, size)."""
    from app.store.models import Media

    env, _proxy = hostile
    env.server.seed(bulletins=6, photos=True)
    assert env.engine.run_once().up_to_date
    with env.desk.store.read() as s:
        media = s.scalars(select(Media).where(Media.deleted.is_(False))).first()
        assert media is not None
        return media.sha256, media.size


def test_range_not_satisfiable_forever_ends_the_download(
    hostile: tuple[ClientEnv, BadProxy], photo: tuple[str, int]
) -> None:
    env, proxy = hostile
    sha, size = photo

    def always_416(h: Any) -> bool:
        if f"/blobs/{sha}" not in h.path:
            return False
        err = {"dd": 1, "error": {"code": "range_not_satisfiable", "message": "x"}}
        h.send_json(416, err, h.marks())
        return True

    proxy.script = always_416
    with bounded("range_416_loop", 20) as m:
        with pytest.raises(Exception) as caught:
            env.engine.fetch_media(sha, size_hint=size)
        m.extra["get_calls"] = proxy.count(f"/blobs/{sha}", "GET")
    assert getattr(caught.value, "code", None) == "sync.bad_reply"
    assert proxy.count(f"/blobs/{sha}") <= env.engine.options.range_restart_budget + 1
    proxy.script = None
    assert env.engine.fetch_media(sha, size_hint=size)


def test_cancel_interrupts_a_photo_download(
    hostile: tuple[ClientEnv, BadProxy], photo: tuple[str, int]
) -> None:
    env, proxy = hostile
    sha, size = photo

    def trickle(h: Any) -> bool:
        if f"/blobs/{sha}" not in h.path:
            return False
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-District-Desk-Protocol: 1\r\n")
        h.wfile.write(f"Content-Length: {size}\r\n\r\n".encode())
        _trickle(h, b"", 0.2)
        return True

    proxy.script = trickle
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    with bounded("cancel_photo", 10) as m:
        timer.start()
        with pytest.raises(Exception) as caught:
            env.engine.fetch_media(sha, size_hint=size, cancelled=stop.is_set)
        ended = time.monotonic()
    timer.join()
    assert getattr(caught.value, "code", None) == "sync.cancelled"
    # Cancel was pressed 1 s in; the download must end within a second of it.
    m.extra["cancel_to_end_s"] = round(m.seconds - 1.0, 3)
    FIGURES["cancel_photo"]["cancel_to_end_s"] = m.extra["cancel_to_end_s"]
    assert ended and m.seconds <= 2.0
    proxy.script = None
    assert env.engine.fetch_media(sha, size_hint=size)


# --------------------------------------------------------------------------------------
# 6. blob bytes are capped at the declared size
# --------------------------------------------------------------------------------------


def test_an_endless_blob_body_stops_at_the_declared_size(
    hostile: tuple[ClientEnv, BadProxy], photo: tuple[str, int]
) -> None:
    env, proxy = hostile
    sha, size = photo
    sent = [0]

    def endless(h: Any) -> bool:
        if f"/blobs/{sha}" not in h.path:
            return False
        h.wfile.write(
            b"HTTP/1.1 200 OK\r\nX-District-Desk-Protocol: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            for _ in range(100_000):
                h.wfile.write(b"\0" * 65536)
                sent[0] += 65536
        except OSError:
            pass
        h.close_connection = True
        return True

    proxy.script = endless
    partial = env.desk.blobs.writer(sha).partial
    with bounded("endless_blob", 20) as m:
        with pytest.raises(Exception) as caught:
            env.engine.fetch_media(sha, size_hint=size)
        m.extra["declared"] = size
        m.extra["partial_bytes"] = partial.stat().st_size if partial.exists() else 0
    assert getattr(caught.value, "code", None) == "sync.bad_reply"
    assert m.extra["partial_bytes"] <= size + 4096
    proxy.script = None
    assert env.engine.fetch_media(sha, size_hint=size)


# --------------------------------------------------------------------------------------
# 7. the honest server repairs what a hostile one did
# --------------------------------------------------------------------------------------


def test_honest_server_restores_cancellations_and_removes_phantoms(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    import uuid

    env, proxy = hostile
    server = env.server
    news = server.seed(bulletins=4).bulletins
    cancel(server, news[0])
    phantom = str(uuid.uuid4())

    def lie(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        pos = [int(p) for p in doc["next_cursor"].split(".")]
        for row in doc["rows"]:
            if row.get("x") and row["t"] == "b":
                # The cancellation re-sent as a live bulletin.
                row.pop("x")
                row["d"] = good_bulletin(5)
        # A phantom bulletin the server never published.
        pos[2] += 1
        doc["rows"].append(
            {"s": pos[2], "l": 2, "t": "b", "i": phantom, "a": 1, "d": good_bulletin(6)}
        )
        doc["next_cursor"] = ".".join(map(str, pos))
        doc["head"] = max(doc["head"], pos[2])
        doc.pop("integrity", None)
        h.send_json(status, doc, headers)
        return True

    proxy.script = lie
    with bounded("hostile_lies", 30):
        env.engine.run_once()
    with env.desk.store.read() as s:
        fake = s.get(Bulletin, phantom)
        assert fake is not None and not fake.deleted  # the lie was believed...
    with bounded("honest_repair", 60):
        honest(env, proxy)  # ...and the honest server undoes it
    with env.desk.store.read() as s:
        fake = s.get(Bulletin, phantom)
        assert fake is None or fake.deleted
        real = s.get(Bulletin, news[0])
        assert real is None or (real.cancelled and real.deleted)


# --------------------------------------------------------------------------------------
# 8. one unfetchable thumbnail never fails the sync
# --------------------------------------------------------------------------------------


def test_unfetchable_thumbnails_do_not_fail_the_cycle(hostile: tuple[ClientEnv, BadProxy]) -> None:
    from app.sync.protocol import MediaData
    from server import operator

    env, proxy = hostile
    server = env.server
    owner = server.seed(bulletins=1).bulletins[0]
    with server.db.write() as s:
        operator.publish_media(
            s,
            "b",
            owner,
            MediaData(
                ot="b", oi=owner, sha="a" * 64, sz=50_000, mt="image/png", th="b" * 64, tz=9000
            ),
        )
    with bounded("missing_thumbnail", 30):
        result = env.engine.run_once()
    assert result.ok and result.up_to_date, result
    asked = proxy.count("/blobs/" + "b" * 64)
    assert asked >= 1
    assert env.engine.run_once().up_to_date  # and the next cycles too...
    assert proxy.count("/blobs/" + "b" * 64) == asked  # ...without asking for it again

    def non_ascii_sha(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        for row in doc["rows"]:
            if row["t"] == "m" and not row.get("x"):
                row["d"]["sha"] = "é" * 64
        h.send_json(status, doc, headers)
        return True

    owner2 = server.seed(bulletins=2, photos=True).bulletins
    assert owner2
    proxy.script = non_ascii_sha
    with bounded("non_ascii_sha", 30):
        result = env.engine.run_once()
    assert result.ok, result
    honest(env, proxy, expect_bad=set())


# --------------------------------------------------------------------------------------
# 9. a redirect on a write is transient; "Try again" after a wrong rejection
# --------------------------------------------------------------------------------------


def test_a_redirect_on_the_outbox_is_transient(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile
    rid = env.approved_request()

    def redirect(h: Any) -> bool:
        if "/outbox" not in h.path or h.command != "POST":
            return False
        h.request_body()
        h.send(307, [*h.marks(), ("Location", "http://127.0.0.1:9/api/v1/outbox")], b"")
        return True

    proxy.script = redirect
    with bounded("redirect_outbox", 30):
        result = env.engine.run_once()
    classified(result, {"sync.redirected"})
    assert result.failure is not None and result.failure.klass == "transient"
    assert env.state(rid).value == "queued"
    assert env.engine.status().quarantine == []
    honest(env, proxy)
    assert env.state(rid).value == "sent"


def test_try_again_brings_back_a_request_the_server_holds(
    hostile: tuple[ClientEnv, BadProxy],
) -> None:
    env, proxy = hostile
    rid = env.approved_request()

    def wrong_rejection(h: Any) -> bool:
        if "/outbox" not in h.path or h.command != "POST":
            return False
        status, headers, doc = h.page()  # the server does take the items
        for receipt in doc["receipts"]:
            receipt.update(status="rejected", code="payload_invalid", message="no")
        h.send_json(status, doc, headers)
        return True

    proxy.script = wrong_rejection
    env.engine.run_once()
    assert env.state(rid).value == "rejected_by_server"
    [item] = [q for q in env.engine.status().quarantine if q.ref_id == rid]
    proxy.script = None
    env.engine.retry_quarantined(item.item_id)
    with bounded("try_again", 30):
        assert env.engine.run_once().ok
    assert env.state(rid).value == "sent"
    honest(env, proxy)


# --------------------------------------------------------------------------------------
# 10. server-given delays are capped
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "body_value"),
    [("1000000000000000", None), (None, "Infinity"), (None, "1e9"), ("1000000000", None)],
)
def test_retry_after_is_capped(
    hostile: tuple[ClientEnv, BadProxy], header: str | None, body_value: str | None
) -> None:
    env, proxy = hostile

    def busy(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        extra = [("Retry-After", header)] if header else []
        ra = f',"retry_after":{body_value}' if body_value else ""
        body = (f'{{"dd":1,"error":{{"code":"unavailable","message":"busy"{ra}}}}}').encode()
        h.send(503, [*h.marks(), *extra, ("Content-Type", "application/json")], body)
        return True

    proxy.script = busy
    with bounded("retry_after", 30):
        result = env.engine.run_once()
    classified(result, {"sync.server_busy", "sync.server_error"})
    assert result.next_attempt is not None
    wait = (result.next_attempt - datetime.now(UTC)).total_seconds()
    assert 0 < wait <= 24 * 3600 + 5, wait
    honest(env, proxy)


# --------------------------------------------------------------------------------------
# 11. a feed row never confirms an item that was not sent
# --------------------------------------------------------------------------------------


def test_a_feed_row_does_not_confirm_an_unsent_request(hostile: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = hostile
    rid = env.approved_request()

    def confirm(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        status, headers, doc = h.page()
        pos = [int(p) for p in doc["next_cursor"].split(".")]
        pos[1] += 1
        row = {
            "s": pos[1],
            "l": 1,
            "t": "q",
            "i": rid,
            "a": 1,
            "d": {"st": "received", "at": "2026-01-01T00:00:00Z"},
        }
        doc["rows"].append(row)
        doc["next_cursor"] = ".".join(map(str, pos))
        doc["head"] = max(doc["head"], pos[1])
        doc.pop("integrity", None)
        h.send_json(status, doc, headers)
        return True

    proxy.script = confirm
    engine = env.engine
    engine._hello()
    engine._ensure_device_token()
    with bounded("unsent_confirmation", 30):
        engine._pull(SyncResult(ok=False, up_to_date=False, state="running"))
    assert env.state(rid).value == "queued"
    assert env.outbox().get("pending", 0) >= 1
    honest(env, proxy)
    assert env.state(rid).value == "sent"


# --------------------------------------------------------------------------------------
# 12. pages larger than asked; user writes never wait long behind a sync
# --------------------------------------------------------------------------------------


def test_a_page_far_larger_than_asked_is_refused(hostile: tuple[ClientEnv, BadProxy]) -> None:
    import uuid

    env, proxy = hostile
    # Built before the case is measured: the proxy shares this process.
    pos = [int(p) for p in env.engine.cursor().split(".")]
    rows = []
    for _ in range(120_000):
        pos[0] += 1
        rows.append({"s": pos[0], "l": 0, "t": "b", "i": str(uuid.uuid4()), "a": 1, "x": 1})
    doc = {
        "dd": 1,
        "rows": rows,
        "has_more": False,
        "next_cursor": ".".join(map(str, pos)),
        "head": pos[0],
        "server_time": "2026-01-01T00:00:00Z",
        "raw_bytes": 1000,
    }
    body = zstandard.ZstdCompressor(level=3).compress(json.dumps(doc).encode())
    del doc, rows
    marks = [(PROTOCOL_HEADER, "1")]

    def huge(h: Any) -> bool:
        if "/changes" not in h.path:
            return False
        headers = [*marks, ("Content-Type", "application/json"), ("Content-Encoding", "zstd")]
        h.send(200, headers, body)
        return True

    proxy.script = huge
    with bounded("page_120k_tombstones", 60):
        result = env.engine.run_once()
    classified(result, {"sync.bad_reply"})
    assert result.failure is not None
    assert result.failure.detail in ("page_too_large", "too_large")
    honest(env, proxy)


def test_user_writes_never_wait_long_behind_a_sync(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    from app.store.models import Meta

    server_users(dd_server)
    dd_server.seed(bulletins=3000)
    opts = fast_options(min_page_bytes=2 * 1024 * 1024)
    env = client_env(dd_server, tmp_path / "c", options=opts)
    waits: list[float] = []
    done = threading.Event()

    def user() -> None:
        n = 0
        while not done.is_set():
            t0 = time.monotonic()
            with env.desk.store.write() as s:
                s.merge(Meta(key="user.draft", value=str(n)))
            waits.append(time.monotonic() - t0)
            n += 1
            time.sleep(0.02)

    writer = threading.Thread(target=user)
    try:
        with bounded("user_writes_during_pull", 120, rss=False) as m:
            writer.start()
            result = env.engine.run_once()
            done.set()
            writer.join()
            m.extra["writes"] = len(waits)
            m.extra["max_wait_ms"] = round(max(waits) * 1000, 1)
        assert result.ok and result.up_to_date, result
        assert env.bulletin_count() == 3000
        # 200 ms is the budget; on a shared 2-core machine a rare fsync or scheduling
        # stall lands on top of it, so the bound is checked on the 95th percentile, and
        # no save may wait longer than one second.
        ordered = sorted(waits)
        m.extra["p95_wait_ms"] = round(ordered[int(len(ordered) * 0.95)] * 1000, 1)
        FIGURES["user_writes_during_pull"]["p95_wait_ms"] = m.extra["p95_wait_ms"]
        assert ordered[int(len(ordered) * 0.95)] <= 0.2, ordered[-5:]
        assert ordered[-1] <= 1.0, ordered[-5:]
    finally:
        done.set()
        env.engine.close()


# --------------------------------------------------------------------------------------
# The command line, as IT staff run it: a separate process, default deadlines
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["bomb", "hello_trickle"])
def test_the_command_line_stays_bounded(
    dd_server: RunningServer, tmp_path: Path, zstd_bomb: bytes, case: str
) -> None:
    """``district-desk sync`` in its own process: its peak RSS (``VmHWM`` read by the
    process itself at exit: after ``exec`` it covers only the client) under a 1 GiB bomb,
    and the end of a cycle whose ``hello`` is trickled (default anonymous deadline, 30 s).
    No traceback on stderr, a classified failure.
    """
    import os
    import subprocess
    import sys

    from app.context import open_desk
    from app.credentials import Credentials, DevKeyFile, scope_for
    from app.paths import resolve
    from app.sync.enrol import enrol
    from tests.faults.syncenv import OFFICE, write_dev_site
    from tests.helpers.server_fixture import REPO

    server_users(dd_server)
    dd_server.seed(bulletins=20)
    proxy = BadProxy(dd_server.url)
    data_dir = tmp_path / "cli"
    write_dev_site(data_dir, proxy.url)
    paths = resolve(data_dir)
    desk = open_desk(
        data_dir, credentials=Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    )
    enrol(desk, proxy.url, dd_server.enrolment_code(OFFICE))
    desk.close()

    def hostile_answer(h: Any) -> bool:
        # The command line pulls with the feed stream (protocol 2) or pages: bomb both.
        if case == "bomb" and ("/changes" in h.path or "/feed" in h.path):
            version = "2" if "/feed" in h.path else "1"  # the marker echoes the call's
            headers = [(PROTOCOL_HEADER, version), ("Content-Encoding", "zstd")]
            h.send(200, [*headers, ("Content-Type", "application/json")], zstd_bomb)
            return True
        if case == "hello_trickle" and "/hello" in h.path:
            _trickle(h, b"HTTP/1.1 200 OK\r\nX-District-Desk-Protocol: 1\r\n", 1.0)
            return True
        return False

    proxy.script = hostile_answer
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    # The store's key is in the development key file (as for every store in these tests):
    # with no secure keyring the child falls back to it, as the site file allows.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    out_path, err_path = tmp_path / "stdout", tmp_path / "stderr"
    hwm_path = tmp_path / "vmhwm_kib"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, re, pathlib; from app.cli import main; "
                f"rc = main(['--data-dir', {str(data_dir)!r}, 'sync']); "
                "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
                f"pathlib.Path({str(hwm_path)!r}).write_text(hwm.group(1)); "
                "sys.exit(rc)",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=err,
        )
    try:
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = err_path.read_text()
        peak_mib = int(hwm_path.read_text()) / 1024
        assert usage is not None
        FIGURES[f"cli_{case}"] = {"seconds": round(seconds, 2), "peak_rss_mib": round(peak_mib, 1)}
        assert child.returncode != 0
        assert "Traceback" not in stderr, stderr
        assert "sync.internal" not in stderr, stderr
        expected = "sync.bad_reply" if case == "bomb" else "sync.timeout"
        assert expected in stderr, stderr
        assert peak_mib <= 256, peak_mib
        # Wall time includes the process's start-up (several seconds on a loaded machine).
        assert seconds <= (30 if case == "bomb" else 30 + 25), seconds
    finally:
        if child.poll() is None:
            child.kill()
        proxy.script = None
        proxy.close()
