"""The pull's time left (app.sync.eta) on a simulated pull with a fake clock.

The simulation is the engine's pipeline, written from its description and not from the
estimator: page k+1 is requested when page k has arrived and page k-1 is applied; a page
costs a round trip plus its bytes at the link rate, and its rows at the apply rate. The
estimator is fed what the engine feeds it (bytes received every half second while a page
crosses the link, each page when it arrives, each page when it is applied), and its time
left is compared with the simulation's real end.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.sync.eta import PullEstimate

TOLERANCE = 0.25


@dataclass
class Link:
    rate: float  # bytes per second
    rtt: float  # seconds
    bytes_per_row: float
    apply_per_row: float  # seconds
    #: Bytes every page costs whatever its rows (headers, the compressor's cold start):
    #: a small page costs more per row than a big one.
    page_overhead: int = 300


def _simulate(link: Link, rows: int, page_rows: list[int]) -> list[tuple[float, float | None, int]]:
    """(time, time left shown, rows applied) at every report; the last is the real end."""
    est = PullEstimate(0.0)
    pages: list[int] = []
    left_rows = rows
    for n in page_rows:
        take = min(n, left_rows)
        pages.append(take)
        left_rows -= take
        if not left_rows:
            break
    while left_rows:
        take = min(page_rows[-1], left_rows)
        pages.append(take)
        left_rows -= take

    def wire(n: int) -> int:
        return round(n * link.bytes_per_row) + link.page_overhead

    # The schedule: page k is requested when page k-1 has arrived and page k-2 is applied,
    # and applied when it has arrived and page k-1 is applied.
    start: list[float] = []
    received_at: list[float] = []
    applied_at: list[float] = []
    for k, n in enumerate(pages):
        begin = 0.0
        if k:
            begin = max(received_at[k - 1], applied_at[k - 2] if k >= 2 else 0.0)
        start.append(begin)
        received_at.append(begin + link.rtt + wire(n) / link.rate)
        applied_at.append(
            max(received_at[k], applied_at[k - 1] if k else 0.0) + n * link.apply_per_row
        )

    def crossed(t: float) -> int:
        """Bytes received by ``t`` (a page's bytes flow after its round trip)."""
        total = 0
        for k, n in enumerate(pages):
            flowing = t - start[k] - link.rtt
            total += min(wire(n), max(0, round(flowing * link.rate)))
        return total

    # What the engine thread does: wait for page k (reporting bytes every half second),
    # take it, apply it, report.
    reports: list[tuple[float, float | None, int]] = []
    done_rows = 0
    for k, n in enumerate(pages):
        if k:
            t = applied_at[k - 1] + 0.5
            while t < received_at[k]:
                est.received(t, crossed(t))
                reports.append((t, est.figures(t).eta_seconds, done_rows))
                t += 0.5
        est.page(
            n,
            wire(n),
            max(0.0, received_at[k] - (applied_at[k - 1] if k else 0.0)),
            received_at[k],
        )
        done_rows += n
        est.applied(applied_at[k], n * link.apply_per_row, n, done_rows, rows)
        now = applied_at[k]
        est.received(now, crossed(now))
        reports.append((now, est.figures(now).eta_seconds if done_rows < rows else 0.0, done_rows))
    return reports


@pytest.mark.parametrize(
    "link",
    [
        Link(rate=8000, rtt=1.0, bytes_per_row=70, apply_per_row=0.0004),  # link-bound
        Link(rate=8000, rtt=1.0, bytes_per_row=70, apply_per_row=0.02),  # apply-bound
        Link(rate=8000, rtt=2.5, bytes_per_row=45, apply_per_row=0.008),  # both
        # Pages that compress better as they grow (400 rows: 100 B each, 2,500: 62 B).
        Link(rate=8000, rtt=1.0, bytes_per_row=55, apply_per_row=0.0004, page_overhead=18_000),
        # A long round trip per page, which weighs less as pages grow.
        Link(rate=8000, rtt=4.0, bytes_per_row=70, apply_per_row=0.0004),
    ],
    ids=[
        "link-bound",
        "apply-bound",
        "balanced",
        "bigger-pages-compress-better",
        "round-trips-weigh-less-as-pages-grow",
    ],
)
def test_time_left_within_a_quarter_after_the_first_fifth(link: Link) -> None:
    rows = 10_000
    reports = _simulate(link, rows, [400, 900, 1700, 2500])
    end = reports[-1][0]
    checked = 0
    for at, eta, done in reports:
        left = end - at
        if done < 0.2 * rows or left < 0.1 * end:
            continue
        assert eta is not None, at
        assert abs(eta - left) <= TOLERANCE * left, (at, eta, left)
        checked += 1
    assert checked >= 3


def test_no_time_left_before_the_total_is_known() -> None:
    est = PullEstimate(0.0)
    est.received(1.0, 5000)
    assert est.figures(1.0).eta_seconds is None
    assert est.figures(1.0).bytes_total is None


def test_bytes_total_follows_the_bytes_per_row() -> None:
    est = PullEstimate(0.0)
    est.page(100, 7_000)
    est.applied(0.5, 0.1, 100, 100, 1000)
    est.received(2.0, 7_000)
    figures = est.figures(2.0)
    assert figures.bytes_total == 70_000
    assert figures.eta_seconds is not None and figures.eta_seconds == pytest.approx(
        63_000 / 3_500 + 0.1, rel=1e-6
    )


def test_bytes_left_follow_the_recent_rows_not_the_first() -> None:
    from app.sync.eta import recent_bytes_per_row

    # 400 rows at 84 B, then 1,600 at 70 B: the recent half (rows 1,000-2,000) lies in
    # the second page.
    est = PullEstimate(0.0)
    est.page(400, 33_600)
    est.applied(5.0, 0.1, 400, 400, 10_000)
    est.page(1600, 112_000)
    est.applied(20.0, 0.4, 1600, 2000, 10_000)
    est.received(20.0, 145_600)
    assert est.figures(20.0).bytes_total == 145_600 + 8_000 * 70
    assert recent_bytes_per_row([(400, 33_600), (1300, 98_400), (3000, 217_400)]) == 70.0
    assert recent_bytes_per_row([(10, 1_000)]) == 100.0
