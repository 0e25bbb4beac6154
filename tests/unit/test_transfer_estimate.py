"""The status bar's progress and time left, from the engine's reports, on a fake clock."""

from __future__ import annotations

from app.sync.state import SyncProgress as Report
from ui.transfer import TransferEstimate, progress_fraction


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_steady_pull_gives_the_true_time_left_and_counts_down() -> None:
    clock = Clock()
    est = TransferEstimate(clock)
    view = est.update(Report("pull"))
    assert view.eta_seconds is None and progress_fraction(view) is None  # nothing known yet
    # 100 items a second, 70 bytes each, reported every 10 s.
    for step in range(1, 6):
        clock.now += 10
        view = est.update(Report("pull", 1000 * step, 10_000, 70_000 * step, None, 7000.0))
    assert progress_fraction(view) == 0.5
    assert view.bytes_total == 700_000  # estimated from the share of items done
    assert view.eta_seconds is not None and abs(view.eta_seconds - 50) < 0.01
    clock.now += 4
    later = est.view()
    assert later is not None and later.eta_seconds is not None
    assert abs(later.eta_seconds - 46) < 0.01


def test_slow_start_does_not_inflate_the_estimate() -> None:
    clock = Clock()
    est = TransferEstimate(clock)
    est.update(Report("pull"))
    clock.now += 30  # the first page was small and slow: 100 items in 30 s
    est.update(Report("pull", 100, 10_000))
    done = 100
    for _ in range(5):  # then 500 items every 10 s
        clock.now += 10
        done += 500
        view = est.update(Report("pull", done, 10_000))
    left = (10_000 - done) / 50
    assert view.eta_seconds is not None
    assert abs(view.eta_seconds - left) / left < 0.05


def test_a_new_phase_starts_afresh_and_bytes_phases_use_bytes() -> None:
    clock = Clock()
    est = TransferEstimate(clock)
    est.update(Report("push", 1, 4))
    clock.now += 5
    view = est.update(Report("upload", 0, None, 0, 200_000))
    assert view.phase == "upload" and view.eta_seconds is None
    clock.now += 10
    view = est.update(Report("upload", 0, None, 50_000, 200_000, 5000.0))
    assert progress_fraction(view) == 0.25
    assert view.eta_seconds is not None and abs(view.eta_seconds - 30) < 0.01
    est.reset()
    assert est.view() is None


def test_the_engine_time_left_is_shown_and_counted_down() -> None:
    """A pull's time left comes from the engine (bytes, head, cadence); the status bar
    counts it down between reports and does not replace it by its own guess."""
    clock = Clock()
    est = TransferEstimate(clock)
    est.update(Report("pull"))
    clock.now += 10
    # Items say 10 % in 10 s (90 s left by the item rate); the engine knows better.
    view = est.update(Report("pull", 1000, 10_000, 90_000, 700_000, 7000.0, 42.0))
    assert view.eta_seconds == 42.0 and view.bytes_total == 700_000
    clock.now += 2
    counted = est.view()
    assert counted is not None and counted.eta_seconds == 40.0
    clock.now += 100
    counted = est.view()
    assert counted is not None and counted.eta_seconds == 0.0  # never below zero
