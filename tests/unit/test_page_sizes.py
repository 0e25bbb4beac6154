"""Protocol 1 page sizes: additive increase, and pages that fit the connection's life."""

from __future__ import annotations

from pathlib import Path

from app.sync.engine import SyncEngine
from app.sync.protocol import ChangesPage
from tests.helpers.desk import make_desk


def _page(raw: int) -> ChangesPage:
    return ChangesPage(
        rows=[], next_cursor="0", has_more=True, head=0, server_time="", raw_bytes=raw
    )


def test_one_good_page_grows_the_next_additively(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    engine = SyncEngine(desk)
    try:
        engine._rate = 8000.0
        small = 32 * 1024
        nxt = engine._next_page_bytes(_page(small), small, small)
        # Not x4 (131,072) after one page: one step of max(16 KiB, a quarter) more.
        assert nxt == small + 16 * 1024
        big = 400_000
        engine._rate = 100_000.0  # a fast link: 30 s would be 3 MB
        assert engine._next_page_bytes(_page(big), big, big) == big + big // 4
    finally:
        desk.close()


def test_pages_fit_half_the_observed_connection_life(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    engine = SyncEngine(desk)
    try:
        engine._rate = 8000.0
        page_bytes = 1_000_000
        free = engine._next_page_bytes(_page(page_bytes), page_bytes, page_bytes)
        assert free == 8000 * 30  # 30 s of transfer when the link has never been cut
        engine._link_life = 20.0  # cut every 20 s: 10 s pages
        assert engine._next_page_bytes(_page(page_bytes), page_bytes, page_bytes) == 80_000
        engine._link_life = 2.0  # cut every 2 s: the smallest page
        assert engine._next_page_bytes(_page(page_bytes), page_bytes, page_bytes) == 16 * 1024
    finally:
        desk.close()
