"""The server's cache of stream frames stays within its byte bound and lets stale tails
go, however many frames it holds, without summing every frame on each call."""

from __future__ import annotations

import time
from collections.abc import Callable

from server.stream import Frame, StreamCache


def _filled(size: int) -> Callable[[Frame], None]:
    def build(frame: Frame) -> None:
        frame.append(b"x" * size)
        frame.finish()

    return build


def _wait(frame: Frame) -> None:
    deadline = time.monotonic() + 10
    while not frame.done and time.monotonic() < deadline:
        time.sleep(0.005)
    assert frame.done


def test_the_cache_keeps_to_its_bound_and_drops_the_least_recently_used() -> None:
    cache = StreamCache(max_bytes=10_000)
    frames = []
    for n in range(40):
        frame = cache.frame(("tail", n), _filled(1000))
        _wait(frame)
        frames.append(frame)
        if n == 5:
            assert cache.frame(("tail", 0), _filled(1000)) is frames[0], "a hit"
    assert cache.held_bytes <= 10_000
    assert cache.frame(("tail", 39), _filled(1000)) is frames[39], "the newest stays"
    assert cache.frame(("tail", 1), _filled(1000)) is not frames[1], "old ones went"
    assert frames[1].owner is None, "a dropped frame is no longer counted"


def test_stale_tails_go_and_segments_stay() -> None:
    cache = StreamCache(max_bytes=1 << 20, tail_age=0.05, segment_age=60)
    segment = cache.frame(("seg", 1), _filled(500))
    tail = cache.frame(("tail", 1), _filled(500))
    _wait(segment)
    _wait(tail)
    assert cache.held_bytes == 1000
    time.sleep(0.1)
    assert cache.frame(("seg", 1), _filled(500)) is segment
    fresh = cache.frame(("tail", 2), _filled(500))
    _wait(fresh)
    assert cache.held_bytes == 1000, "the stale tail went when the cache was next used"
    assert tail.owner is None
