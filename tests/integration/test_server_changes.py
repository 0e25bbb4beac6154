"""Pulling the change feed: byte-bounded pages, lanes, cursors, compression, integrity."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator

import pytest
import requests
import zstandard
from sqlalchemy import func, select

from app.sync.protocol import lane_checksum, parse_cursor
from server.models import FeedRow
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import TIMEOUT, ProtocolClient, unique

pytestmark = pytest.mark.timeout(90)

BULLETINS = 300


@pytest.fixture(scope="module")
def feed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server with seeded bulletins (some urgent) and cases of two offices."""
    from tests.helpers.server_fixture import start_server

    server = start_server(tmp_path_factory.mktemp("feed"))
    server.seed(bulletins=BULLETINS, cases=20, offices=["D01", "D02"], photos=True)
    try:
        yield server
    finally:
        server.stop()


def integrity_of(rows: list[dict]) -> dict[int, tuple[int, str]]:
    """What a client computes from the rows it holds (latest version of each entity)."""
    latest: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["t"], row["i"])
        if key not in latest or latest[key]["s"] < row["s"]:
            latest[key] = row
    out = {}
    for lane in range(4):
        live = [
            (r["t"], r["i"], r["s"]) for r in latest.values() if r["l"] == lane and not r.get("x")
        ]
        out[lane] = (len(live), lane_checksum(live))
    return out


def test_pages_are_bounded_by_bytes_and_lose_nothing(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    cursor, rows, pages = "0", [], 0
    while True:
        response = client.call("GET", "/changes", params={"after": cursor, "max_bytes": 20000})
        page = response.json()
        pages += 1
        assert page["raw_bytes"] <= 20000 or len(page["rows"]) == 1
        assert page["raw_bytes"] == sum(
            len(json.dumps(r, separators=(",", ":"), ensure_ascii=False).encode()) + 1
            for r in page["rows"]
        )
        lanes = [r["l"] for r in page["rows"]]
        assert lanes == sorted(lanes), "lower lanes first within a page"
        before = parse_cursor(cursor)
        after = parse_cursor(page["next_cursor"])
        assert all(a >= b for a, b in zip(after, before, strict=True))
        rows += page["rows"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages > 5
    keys = [(r["t"], r["i"]) for r in rows]
    assert len(keys) == len(set(keys)), "no row delivered twice"
    kinds = Counter(r["t"] for r in rows)
    # Every bulletin the server holds: the seeded ones and any another test of this module
    # published on the shared server before this one ran.
    with feed_server.db.read() as session:
        held = session.scalar(
            select(func.count()).select_from(FeedRow).where(FeedRow.row_type == "b")
        )
    assert held is not None and held >= BULLETINS
    assert kinds["b"] == held
    assert kinds["c"] == 10, "only this office's cases"
    assert {r["d"]["of"] for r in rows if r["t"] == "c"} == {"D01"}
    # Live media rows travel in lane 3; a cancelled bulletin's media (another test of this
    # module may cancel one first) are tombstones in lane 0.
    assert kinds["m"] > 0
    assert all(r["l"] == 3 for r in rows if r["t"] == "m" and not r.get("x"))
    assert all(r["l"] == 0 for r in rows if r["t"] == "m" and r.get("x"))
    assert any(r["l"] == 1 for r in rows if r["t"] == "b"), "urgent bulletins in lane 1"
    # The whole feed again from the final cursor: nothing new.
    empty = client.call("GET", "/changes", params={"after": cursor}).json()
    assert empty["rows"] == [] and empty["has_more"] is False
    assert empty["next_cursor"] == cursor


def test_every_bulletin_kind_and_name_spellings(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D02")
    rows, _ = client.pull_all(lanes="1,2")
    bulletins = [r["d"] for r in rows if r["t"] == "b"]
    assert {b["k"] for b in bulletins} == {
        "red",
        "yellow",
        "blue",
        "black",
        "green",
        "orange",
        "purple",
        "un_special",
        "stolen_vehicle",
        "stolen_document",
        "national_alert",
        "regional_alert",
    }
    spellings = [n for b in bulletins for p in b.get("p", []) for n in p.get("n", [])]
    assert {n["sc"] for n in spellings} == {"Cyrl", "Latn"}
    assert {n["la"] for n in spellings} >= {"ru", "kk", "ky", "uz", "tg", "tk"}
    births = [p["b"] for b in bulletins for p in b.get("p", []) if "b" in p]
    assert any(b[1] is None for b in births) and any(b[2] is not None for b in births)
    vehicles = [v for b in bulletins for v in b.get("v", [])]
    assert vehicles and all(len(v["vin"]) == 17 and v["pl"] for v in vehicles)


def test_integrity_matches_what_was_pulled(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    rows, cursor = client.pull_all(max_bytes=100000, integrity=1)
    last = client.call("GET", "/changes", params={"after": cursor, "integrity": 1}).json()
    server_view = {x["lane"]: (x["count"], x["checksum"]) for x in last["integrity"]["lanes"]}
    assert server_view == integrity_of(rows)
    standalone = client.call("GET", "/integrity").json()
    assert standalone["head"] == last["head"] == last["integrity"]["head"]
    assert {x["lane"]: (x["count"], x["checksum"]) for x in standalone["lanes"]} == server_view


def test_cancellation_arrives_first_in_lane_zero(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    rows, cursor = client.pull_all()
    ordinary = [r for r in rows if r["t"] == "b" and r["l"] == 2]
    victim = ordinary[0]["i"]
    from server import operator

    with feed_server.db.write() as session:
        fresh = operator.publish_bulletin(
            session,
            {
                "k": "national_alert",
                "rf": "2025/1",
                "ti": "Новая ориентировка",
                "hc": "law_enforcement",
                "is": "РКЦ",
                "dt": "2025-03-01",
            },
        )
        assert operator.cancel_bulletin(session, victim, "лицо задержано")
    page = client.call("GET", "/changes", params={"after": cursor}).json()
    lanes = [(r["l"], r["t"], r["i"]) for r in page["rows"]]
    assert lanes[0] == (0, "b", victim)
    assert page["rows"][0]["x"] == 1 and page["rows"][0]["d"]["why"] == "лицо задержано"
    assert (2, "b", fresh) in lanes
    # The client's integrity after applying the delta still matches the server's.
    all_rows = rows + page["rows"]
    server_view = {
        x["lane"]: (x["count"], x["checksum"])
        for x in client.call("GET", "/integrity").json()["lanes"]
    }
    assert server_view == integrity_of(all_rows)


def test_lanes_parameter_keeps_other_cursors(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    rows, cursor = client.pull_all(lanes="3")
    assert rows and {r["l"] for r in rows} == {3}
    positions = parse_cursor(cursor)
    assert positions[:3] == (0, 0, 0) and positions[3] > 0
    rest, final = client.pull_all(cursor)
    assert 3 not in {r["l"] for r in rest}
    assert parse_cursor(final)[3] == positions[3]


def test_compression_is_negotiated(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    params = {"after": "0", "max_bytes": 200000, "lanes": "2"}
    sizes = {}
    for coding in ("zstd", "gzip", "identity"):
        response = client.call(
            "GET", "/changes", params=params, headers={"Accept-Encoding": coding}, stream=True
        )
        raw = response.raw.read(decode_content=False)
        sizes[coding] = len(raw)
        if coding == "zstd":
            assert response.headers["Content-Encoding"] == "zstd"
            body = zstandard.ZstdDecompressor().decompressobj().decompress(raw)
        elif coding == "gzip":
            assert response.headers["Content-Encoding"] == "gzip"
            body = gzip.decompress(raw)
        else:
            assert "Content-Encoding" not in response.headers
            body = raw
        page = json.loads(body)
        assert page["dd"] == 1 and page["rows"]
    assert sizes["zstd"] * 3 < sizes["identity"]
    assert sizes["gzip"] * 2 < sizes["identity"]
    per_row = sizes["zstd"] / len(page["rows"])
    assert per_row < 250, f"{per_row:.0f} B per row on the wire"


def test_bad_cursor_and_lanes_are_request_errors(feed_server: RunningServer) -> None:
    client = ProtocolClient(feed_server).enrol("D01")
    for params in ({"after": "1.2"}, {"after": "abc"}, {"lanes": "7"}, {"lanes": "x"}):
        response = client.call("GET", "/changes", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "bad_request"


def test_inline_thumbnails_match_their_blobs(feed_server: RunningServer) -> None:
    import base64
    import hashlib

    client = ProtocolClient(feed_server).enrol(unique("D"))
    rows, _ = client.pull_all(lanes="3")
    media = rows[0]["d"]
    thumb = base64.b64decode(media["tb"])
    assert hashlib.sha256(thumb).hexdigest() == media["th"] and len(thumb) == media["tz"]
    full = client.call("GET", f"/blobs/{media['sha']}")
    assert full.status_code == 200 and hashlib.sha256(full.content).hexdigest() == media["sha"]
    assert full.content.startswith(b"\x89PNG")
    anonymous = requests.get(feed_server.api(f"/blobs/{media['sha']}"), timeout=TIMEOUT)
    assert anonymous.status_code == 401
