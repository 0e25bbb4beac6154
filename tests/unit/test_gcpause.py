"""cycles_paused: the collector is off inside, back on after, counted across threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from app.store.gcpause import cycles_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_off_inside_on_after_even_when_the_block_raises() -> None:
    with cycles_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycles_paused():
        raise RuntimeError("a bad page")
    assert gc.isenabled()


def test_overlapping_uses_on_two_threads_turn_it_on_once_the_last_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with cycles_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with cycles_paused():
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread's block is still running
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with cycles_paused():
        pass
    assert not gc.isenabled()
