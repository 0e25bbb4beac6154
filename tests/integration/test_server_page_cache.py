"""Pages are built and compressed once and shared by the devices that ask for the same one,
and never outlive a change to what they show."""

from __future__ import annotations

import json

import requests
import zstandard

from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import ProtocolClient


def _hits(server: RunningServer) -> float:
    text = requests.get(server.url + "/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith('dd_page_cache_total{result="hit"}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _pull(client: ProtocolClient, cursor: str) -> tuple[list[bytes], str]:
    """Every page after ``cursor`` as the bytes on the wire, and the final cursor."""
    bodies = []
    while True:
        response = client.call(
            "GET",
            "/changes",
            params={"after": cursor, "max_bytes": 4000, "integrity": 1},
            headers={"Accept-Encoding": "zstd"},
            stream=True,
        )
        assert response.status_code == 200
        raw = response.raw.read(decode_content=False)
        bodies.append(raw)
        if response.headers.get("Content-Encoding") == "zstd":
            raw = zstandard.ZstdDecompressor().decompress(raw)
        page = json.loads(raw)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return bodies, cursor


def test_devices_of_an_office_share_pages_until_the_feed_moves(dd_server: RunningServer) -> None:
    first = ProtocolClient(dd_server).enrol("PC1")
    second = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(40, cases=2, offices=["PC1"])
    before = _hits(dd_server)
    pages, cursor = _pull(first, "0")
    assert len(pages) > 3
    again, cursor2 = _pull(second, "0")
    assert again == pages and cursor2 == cursor
    assert _hits(dd_server) - before == len(pages)

    # At the head: the first device's empty page is cached; a publication must reach the
    # second device at once, not the cached empty page.
    empty, _ = _pull(first, cursor)
    dd_server.seed(1, offices=["PC1"])
    moved, after = _pull(second, cursor)
    assert moved != empty and after != cursor
    third = ProtocolClient(dd_server).enrol("PC2")
    rows, _ = third.pull_all()
    assert len(rows) == 41  # another office never gets PC1's cases from the cache
