"""The per-call watchdog (``app.sync.watchdog``): a held call is looked at rarely, and a
poke makes a cancel take effect at once."""

from __future__ import annotations

import threading
import time

from app.sync.watchdog import Watchdog


def _watch(period: float, flag: threading.Event, looks: list[float]) -> Watchdog:
    def cancelled() -> bool:
        looks.append(time.monotonic())
        return flag.is_set()

    aborted = threading.Event()
    return Watchdog(time.monotonic() + 60, cancelled, aborted.set, period)


def test_a_held_call_is_looked_at_only_every_period() -> None:
    flag, looks = threading.Event(), []  # type: ignore[var-annotated]
    with _watch(5.0, flag, looks) as watch:
        time.sleep(1.0)
    assert len(looks) <= 1, looks  # at 0.1 s it would have looked ten times
    assert watch.fired is None


def test_a_poke_ends_a_held_call_at_once() -> None:
    flag, looks = threading.Event(), []  # type: ignore[var-annotated]
    with _watch(30.0, flag, looks) as watch:
        time.sleep(0.2)
        flag.set()
        began = time.monotonic()
        watch.poke()
        while watch.fired is None and time.monotonic() - began < 5:
            time.sleep(0.01)
        assert watch.fired == "cancelled"
        assert time.monotonic() - began < 1.0


def test_the_deadline_is_kept_whatever_the_period() -> None:
    fired = threading.Event()
    began = time.monotonic()
    watch = Watchdog(began + 0.3, lambda: False, fired.set, 30.0)
    with watch:
        assert fired.wait(5)
    assert watch.fired == "deadline"
    assert time.monotonic() - began < 2.0
