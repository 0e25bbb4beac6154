"""The time left shown during a first sync: a 10,000-bulletin pull on the link emulator.

The test holds what must hold every time: the total is known from the first page and
right, a time left is shown at every moment after the first 20 %, and it counts down
between reports. How close it is to the real time left (budget: within ±25 % after the
first 20 %) depends on the machine's load, so it is measured, not asserted here:
``bench/bench_sync_eta.py`` runs this same pull and prints the worst error.

The link is the office link (64 kbit/s, 1 s round trip) with time running ``SCALE`` times
faster: bandwidth times ``SCALE``, latency and the engine's page-time targets divided by
it, so the pull has the same pages and the same shape in a quarter of the time (the
client's CPU work, which does not shrink, stays hidden behind the transfer as on the real
link). The engine's progress reports are recorded with their real times; the UI's
estimator (:class:`ui.transfer.TransferEstimate`) then reads them on a fake clock that
replays those times, and is checked at every report and every half second in between (its
countdown), from 20 % of the items until the last tenth of the time (see ``TAIL``).
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from tests.faults.syncenv import client_env, fast_options, server_users
from tests.helpers.linkemu import LinkEmulator
from ui.transfer import TransferEstimate

BULLETINS = 10_000
SCALE = 4.0
TOLERANCE = 0.25
#: The last page is not judged: it is fetched while the one before is applied, so it
#: ends sooner than any rate predicts, and a quarter of a few seconds is below the noise
#: of a shared CPU. The estimate is checked until this share of the pull time remains.
TAIL = 0.10

# Generous: on a loaded shared machine the CPU, not the emulated link, paces the pull.
pytestmark = pytest.mark.timeout(480)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _warm_segment(env: Any) -> None:
    """Have the server build and cache the shared segment from 0, as the first office's
    pull does (every later PC is sent the cached segment, whose size is known at once)."""
    from app.sync.client import Call
    from app.sync.protocol import PROTOCOL_HEADER

    env.engine.transport().request(
        Call(
            "GET",
            "/feed",
            # The form the client asks for (sequence numbers as differences): each form
            # of a segment is cached apart.
            params={"after": "0.0.0.0", "lanes": "0,1,2,3", "seq": "delta"},
            headers={PROTOCOL_HEADER: "2"},
            sink=lambda chunk: None,
            max_wire=1 << 28,
            expect_size=16 << 20,
        )
    )


def _pull_reports(
    server_factory: Any,
    tmp_path: Path,
    stream: bool = False,
    scale: float = SCALE,
    warm: bool = True,
) -> list[tuple[float, Any]]:
    """The engine's pull reports with their times: pages, or the feed stream (``stream``,
    its shared segment already cached by an earlier office's pull unless ``warm`` is
    false: then the answer's size is not known ahead), over the office link with time
    running ``scale`` times faster (1: the real 64 kbit/s, 1 s round trip)."""
    server = server_factory()
    server_users(server)
    server.seed(bulletins=BULLETINS)
    port = int(server.url.rsplit(":", 1)[1])
    options = fast_options(
        target_seconds=20.0 / scale, page_target_seconds=30.0 / scale, stream_pull=stream
    )
    options.deadlines.stall = 60.0
    options.deadlines.total_base = 120.0
    with LinkEmulator("127.0.0.1", port) as link:
        env = client_env(server, tmp_path / "client", url=link.url, options=options)
        if stream and warm:
            _warm_segment(env)
        env.engine.close()  # enrolment and logins crossed a fast link; the pull does not
        link.configure(latency=0.5 / scale, bandwidth=8000.0 * scale)
        reports: list[tuple[float, Any]] = []
        result = env.engine.run_once(
            progress=lambda p: reports.append((time.monotonic(), p)) if p.phase == "pull" else None
        )
        assert result.ok and env.bulletin_count() == BULLETINS, result
        env.engine.close()
    return reports


def eta_errors(reports: list[tuple[float, Any]], scale: float = SCALE) -> list[float]:
    """Replay ``reports`` on a fake clock; the relative error at every moment checked.

    Asserts at every checked moment that a time left is shown and counts down.
    """
    end = reports[-1][0]
    total_items = reports[-1][1].items_done
    clock = FakeClock()
    estimate = TransferEstimate(clock)
    errors: list[float] = []
    for i, (at, p) in enumerate(reports):
        clock.now = at
        estimate.update(p)
        if p is reports[-1][1]:
            break
        nxt = reports[i + 1][0]
        t = at
        previous: float | None = None
        while t < nxt:
            clock.now = t
            left = end - t
            fraction = p.items_done / total_items
            if fraction >= 0.2 and left >= TAIL * (end - reports[0][0]):
                shown = estimate.view()
                assert shown is not None and shown.eta_seconds is not None, (t, p)
                if previous is not None:
                    assert shown.eta_seconds <= previous, "the time left must count down"
                previous = shown.eta_seconds
                errors.append(abs((shown.eta_seconds - left) / left))
                # Bytes of the total: estimated from the share of items done.
                assert shown.bytes_total is not None and shown.bytes_total >= shown.bytes_done
            t += 0.5 / scale  # half a second of office time
    return errors


def worst_and_p95(errors: list[float]) -> tuple[float, float]:
    """The worst and the 95th-percentile relative error (0, 0 when nothing was checked)."""
    if not errors:
        return 0.0, 0.0
    ordered = sorted(errors)
    return ordered[-1], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


@pytest.mark.parametrize("pull", ["pages", "stream"])
def test_time_left_is_shown_and_counts_down_after_the_first_fifth(
    server_factory: Any, tmp_path: Path, pull: str
) -> None:
    reports = _pull_reports(server_factory, tmp_path, stream=pull == "stream")
    for at, p in reports:  # shown when the test fails
        print(f"{at - reports[0][0]:7.2f} s {p.items_done:6d}/{p.items_total} {p.bytes_done:8d} B")
    assert len(reports) >= 5, "too few pages to judge an estimate"
    assert reports[-1][1].items_done == BULLETINS
    # Every report after the first knows the total (the server's head), and it is right.
    for _, p in reports[1:-1]:
        assert p.items_total is not None
        assert abs(p.items_total - BULLETINS) <= BULLETINS * 0.01, p
    errors = eta_errors(reports)
    assert len(errors) >= 20, len(errors)
    worst, p95 = worst_and_p95(errors)
    print(
        f"ETA checked at {len(errors)} moments, worst error {worst:.0%}, p95 {p95:.0%}"
        f" (budget {TOLERANCE:.0%})"
    )


def test_pull_reports_bytes_total_and_time_left_while_pages_arrive(
    server_factory: Any, tmp_path: Path
) -> None:
    """The engine's own figures: the bytes of the whole pull and a time left after the first
    page, and reports while a page crosses the link (not only once it is applied), with
    the bytes received growing between them."""
    server = server_factory()
    server_users(server)
    server.seed(bulletins=800)
    port = int(server.url.rsplit(":", 1)[1])
    options = fast_options(target_seconds=4.0, page_target_seconds=4.0)
    with LinkEmulator("127.0.0.1", port) as link:
        env = client_env(server, tmp_path / "client", url=link.url, options=options)
        env.engine.close()
        # Slow enough that a page takes longer to cross than the one before takes to apply,
        # even on a loaded PC: the engine then waits for the link and reports meanwhile.
        link.configure(latency=0.1, bandwidth=3_000.0)
        reports: list[Any] = []
        result = env.engine.run_once(
            progress=lambda p: reports.append(p) if p.phase == "pull" else None
        )
        assert result.ok and env.bulletin_count() == 800, result
        env.engine.close()
    after_first = [p for p in reports if p.items_done > 0 and p.items_done < 800]
    assert after_first, [(p.items_done, p.detail) for p in reports]
    for p in after_first:
        assert p.bytes_total is not None and p.bytes_total >= p.bytes_done, p
        assert p.eta_seconds is not None and p.eta_seconds >= 0, p
    # Reports with the same rows applied and more bytes: a page was crossing the link.
    crossing = [
        (a, b)
        for a, b in itertools.pairwise(after_first)
        if a.items_done == b.items_done and b.bytes_done > a.bytes_done
    ]
    assert crossing, [(p.items_done, p.bytes_done) for p in reports]
    # The estimated total is close to the bytes the pull took in the end.
    final = reports[-1].bytes_done
    assert abs(after_first[-1].bytes_total - final) <= 0.25 * final, (after_first[-1], final)
