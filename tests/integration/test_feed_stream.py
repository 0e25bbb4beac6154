"""The feed stream (protocol 2): one answer holds the feed, its regional segment is built
once for every office, office rows stay with their office, and a cut answer resumes at
the byte where it broke."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from app.sync.feedstream import StreamDecoder, StreamParser, parse_tag
from server.stream import ALIGN, LINK
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import ProtocolClient

pytestmark = pytest.mark.timeout(300)


def _metric(server: RunningServer, result: str) -> float:
    text = requests.get(server.url + "/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(f'dd_page_cache_total{{result="{result}"}}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _counter(server: RunningServer, name: str) -> float:
    text = requests.get(server.url + "/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _fetch(client: ProtocolClient, after: str = "0", **headers: str) -> requests.Response:
    response = client.call(
        "GET", "/feed", params={"after": after}, headers=headers, stream=True, timeout=120
    )
    return response


def _decode(raw: bytes) -> tuple[list[Any], Any, StreamDecoder]:
    """Rows, end line and decoder of a whole answer pulled from 0."""
    decoder = StreamDecoder(1 << 30)
    parser = StreamParser([0, 0, 0, 0])
    rows: list[Any] = []
    for line in decoder.feed(raw):
        commit = parser.line(line, decoder.consumed)
        if commit is not None:
            rows.extend(commit.rows)
    return rows, parser.end, decoder


def test_stream_holds_the_feed_with_integrity(dd_server: RunningServer) -> None:
    client = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(ALIGN + 300, cases=3, offices=["PC1"])
    response = _fetch(client)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "zstd"
    rows, end, decoder = _decode(response.raw.read(decode_content=False))
    assert decoder.between_frames and decoder.tags, "a whole answer, opened by its tag"
    etag, planned_head = parse_tag(decoder.tags[0])
    assert etag and response.headers["ETag"] == f'"{etag}"'
    assert planned_head == end.head, "the first bytes say how much is coming"
    assert end is not None and not end.has_more
    v1_rows, _ = client.pull_all()
    assert sorted((r.t, r.i, r.s) for r in rows) == sorted(
        (r["t"], r["i"], r["s"]) for r in v1_rows
    )
    check = client.call("GET", "/integrity").json()
    assert end.integrity is not None
    assert [lane.model_dump() for lane in end.integrity.lanes] == check["lanes"]
    assert end.positions == [end.head] * 4


def test_regional_segment_is_built_once_for_every_office(dd_server: RunningServer) -> None:
    dd_server.seed(ALIGN + 50, offices=["PC1"])
    first = ProtocolClient(dd_server).enrol("PC1")
    second = ProtocolClient(dd_server).enrol("PC2")
    misses = _metric(dd_server, "seg_miss")
    hits = _metric(dd_server, "seg_hit")
    body_one = _fetch(first).raw.read(decode_content=False)
    body_two = _fetch(second).raw.read(decode_content=False)
    assert _metric(dd_server, "seg_miss") - misses == 1
    assert _metric(dd_server, "seg_hit") - hits == 1
    rows_one, _, _ = _decode(body_one)
    rows_two, _, _ = _decode(body_two)
    assert [r.i for r in rows_one] == [r.i for r in rows_two]


def test_office_rows_stay_with_their_office(dd_server: RunningServer) -> None:
    dd_server.seed(ALIGN + 10, cases=4, offices=["PC1"])
    own = ProtocolClient(dd_server).enrol("PC1")
    other = ProtocolClient(dd_server).enrol("PC2")
    own_rows, _, _ = _decode(_fetch(own).raw.read(decode_content=False))
    other_rows, _, _ = _decode(_fetch(other).raw.read(decode_content=False))
    assert sum(1 for r in own_rows if r.t == "c") == 4
    assert not [r for r in other_rows if r.t in ("c", "n")]


def test_a_cut_answer_resumes_at_its_byte(dd_server: RunningServer) -> None:
    client = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(ALIGN + 200, offices=["PC1"])
    whole = _fetch(client).raw.read(decode_content=False)
    tag = StreamDecoder(1 << 30)
    tag.feed(whole[:100])
    etag = tag.tags[0].decode().split()[0]
    for cut in (5, len(whole) // 3, len(whole) - 7):
        resumed = _fetch(client, Range=f"bytes={cut}-", **{"If-Match": f'"{etag}"'})
        assert resumed.status_code == 206
        assert resumed.headers["X-DD-Stream-Offset"] == str(cut)
        assert whole[:cut] + resumed.raw.read(decode_content=False) == whole
    gone = _fetch(client, Range="bytes=10-", **{"If-Match": '"0123456789abcdef"'})
    assert gone.status_code == 412
    assert json.loads(gone.content)["error"]["code"] == "range_not_satisfiable"
    # A Range without the answer's tag is not a resume: the whole answer comes (RFC 9110
    # lets a server ignore Range), never bytes of an answer the client cannot name.
    untagged = _fetch(client, Range="bytes=10-")
    assert untagged.status_code == 200 and untagged.headers["X-DD-Stream-Offset"] == "0"
    again = untagged.raw.read(decode_content=False)
    # The same frames from their first byte; its tag frame may now also say the size
    # (the segment is built), under a tag of its own.
    assert _frames_of(again) == _frames_of(whole)


def _frames_of(body: bytes) -> bytes:
    """The body after its tag frame."""
    size = int.from_bytes(body[4:8], "little")
    return body[8 + size :]


def test_protocol_marker_echoes_the_version_asked(dd_server: RunningServer) -> None:
    old = requests.get(
        dd_server.api("/hello"), headers={"X-District-Desk-Protocol": "1"}, timeout=10
    )
    assert old.headers["X-District-Desk-Protocol"] == "1"
    hello = old.json()
    assert 1 in hello["protocol_versions"] and 2 in hello["protocol_versions"]
    new = requests.get(
        dd_server.api("/hello"), headers={"X-District-Desk-Protocol": "2"}, timeout=10
    )
    assert new.status_code == 200 and new.headers["X-District-Desk-Protocol"] == "2"
    # The middleware's own errors echo it too (a version 2 client refuses any other).
    wrong = requests.get(
        dd_server.api("/hello"),
        headers={"X-District-Desk-Protocol": "2", "X-District-Desk-Server": "another"},
        timeout=10,
    )
    assert wrong.status_code == 421 and wrong.headers["X-District-Desk-Protocol"] == "2"
    unknown = requests.get(
        dd_server.api("/hello"), headers={"X-District-Desk-Protocol": "9"}, timeout=10
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "protocol_unsupported"


def test_sequence_numbers_as_differences_carry_the_same_signed_rows_in_fewer_bytes(
    dd_server: RunningServer,
) -> None:
    """``seq=delta``: the rows after the first of their lane carry ``q`` instead of ``s``;
    the parser gives them back their ``s``, the commits verify against the pinned
    publisher key exactly as the whole-number answer's do, and the answer is smaller."""
    client = ProtocolClient(dd_server).enrol("PC1")
    enrolled = client.call(
        "POST", "/enrol", json={"code": dd_server.enrolment_code("PC1"), "device_name": "pc2"}
    ).json()
    key = enrolled["publisher_key"]
    assert key, "the server signs its feed"
    dd_server.seed(ALIGN + 300, cases=3, offices=["PC1"])
    whole = _fetch(client).raw.read(decode_content=False)
    delta = client.call(
        "GET", "/feed", params={"after": "0", "seq": "delta"}, stream=True, timeout=120
    ).raw.read(decode_content=False)

    def lines_and_rows(raw: bytes) -> tuple[list[dict[str, Any]], list[Any]]:
        decoder = StreamDecoder(1 << 30)
        parser = StreamParser([0, 0, 0, 0], key)
        docs: list[dict[str, Any]] = []
        rows: list[Any] = []
        for line in decoder.feed(raw):
            docs.append(json.loads(line))
            commit = parser.line(line, decoder.consumed)  # raises when a signature fails
            if commit is not None:
                rows.extend(commit.rows)
        assert parser.end is not None
        return docs, rows

    whole_docs, whole_rows = lines_and_rows(whole)
    delta_docs, delta_rows = lines_and_rows(delta)
    assert [r.model_dump() for r in delta_rows] == [r.model_dump() for r in whole_rows]
    assert not any("q" in d for d in whole_docs), "a client that does not ask gets s"
    with_q = [d for d in delta_docs if "q" in d]
    assert len(with_q) >= len(whole_rows) - 8, "every row but each lane's first, per frame"
    assert all("s" not in d and isinstance(d["q"], int) and d["q"] >= 1 for d in with_q)
    assert len(delta) < len(whole)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (b'{"q":1,"l":1,"t":"b","i":"x","a":1,"d":{}}', "no row of the lane before it"),
        (b'{"q":0,"l":0,"t":"b","i":"x","a":1,"d":{}}', "not positive"),
        (b'{"q":"2","l":0,"t":"b","i":"x","a":1,"d":{}}', "not a number"),
        (b'{"q":true,"l":0,"t":"b","i":"x","a":1,"d":{}}', "a boolean"),
        (b'{"q":2,"s":9,"l":0,"t":"b","i":"x","a":1,"d":{}}', "beside an s"),
    ],
)
def test_a_bad_sequence_difference_is_refused(line: bytes, why: str) -> None:
    from app.sync.feedstream import StreamError

    parser = StreamParser([0, 0, 0, 0])
    parser.line(b'{"s":5,"l":0,"t":"b","i":"y","a":1,"d":{}}', 0)
    with pytest.raises(StreamError):
        parser.line(line, 0)
    parser.line(b'{"q":2,"l":0,"t":"b","i":"z","a":1,"d":{}}', 0)
    assert [r.s for r in parser.rows] == [5, 7], why


def _own_first(client: ProtocolClient, after: str = "0") -> bytes:
    """A whole answer as today's client asks it (``seq=delta&own=first``)."""
    return client.call(
        "GET",
        "/feed",
        params={"after": after, "seq": "delta", "own": "first"},
        stream=True,
        timeout=120,
    ).raw.read(decode_content=False)


@pytest.mark.parametrize("bulletins", [ALIGN + 40, 3 * ALIGN + 300])
def test_offices_with_rows_of_their_own_share_one_regional_stream(
    dd_server: RunningServer, bulletins: int
) -> None:
    """Every office has rows of its own in the range a new PC pulls (its cases, replies,
    request statuses), published between the bulletins. With ``own=first`` they come in
    an office frame of hold lines, and the regional rows after them are the server's
    regional stream: compressed once, as they were published, and the same bytes for
    every office (one view of it per head); each office gets its own rows and no other's,
    every commit verifies against the pinned key, and the answer ends at the head with
    every row the pages protocol gives."""
    one = ProtocolClient(dd_server).enrol("PC1")
    key = one.call(
        "POST", "/enrol", json={"code": dd_server.enrolment_code("PC1"), "device_name": "k"}
    ).json()["publisher_key"]
    two = ProtocolClient(dd_server).enrol("PC2")
    dd_server.seed(0, cases=6, offices=["PC1", "PC2"])  # low seqs, among the bulletins
    dd_server.seed(bulletins, offices=["PC1"])
    dd_server.seed(0, cases=2, offices=["PC1", "PC2"])  # and in the tail
    before = {m: _metric(dd_server, m) for m in ("view_miss", "view_hit", "seg_miss")}
    answers = {"PC1": _own_first(one), "PC2": _own_first(two)}
    built = {m: _metric(dd_server, m) - v for m, v in before.items()}
    assert built == {"view_miss": 1, "view_hit": 1, "seg_miss": 0}, built
    compressed = _counter(dd_server, "dd_regional_stream_rows_total")
    assert bulletins - LINK < compressed <= bulletins, "each regional row compressed once"
    regional: dict[str, list[str]] = {}
    for office, raw in answers.items():
        decoder = StreamDecoder(1 << 30)
        parser = StreamParser([0, 0, 0, 0], key)
        rows: list[Any] = []
        holds = []
        for line in decoder.feed(raw):
            commit = parser.line(line, decoder.consumed)  # raises when a signature fails
            if commit is not None:
                rows.extend(commit.rows)
                if commit.hold:
                    holds.append(commit)
        assert parser.end is not None and not parser.end.has_more
        cases = [r for r in rows if r.t == "c"]
        assert len(cases) == 4 and all(r.d["of"] == office for r in cases)
        assert holds and all(c.positions == [0, 0, 0, 0] for c in holds)
        held = {r.i for c in holds for r in c.rows}
        assert len(held & {r.i for r in cases}) == 3, "the early cases come first"
        assert min(r.s for r in cases) < ALIGN, "the office's rows lie inside the segment"
        assert len({(r.t, r.i) for r in rows}) == len(rows), "every entity once"
        v1_rows, _ = (one if office == "PC1" else two).pull_all()
        assert sorted((r.t, r.i, r.s) for r in rows) == sorted(
            (r["t"], r["i"], r["s"]) for r in v1_rows
        )
        regional[office] = [r.i for r in rows if r.t == "b"]
    assert regional["PC1"] == regional["PC2"]


def test_a_hold_line_never_moves_the_cursor() -> None:
    """A hold line's rows lie ahead of the cursor and its cursor is the current one; the
    regional rows below them that follow are still taken, and a commit line (``k``)
    cannot carry rows ahead of its cursor."""
    from app.sync.feedstream import StreamError

    parser = StreamParser([0, 0, 0, 0])
    parser.line(b'{"s":900,"l":2,"t":"c","i":"own","a":1,"d":{}}', 0)
    held = parser.line(b'{"h":"0.0.0.0"}', 10)
    assert held is not None and held.hold and held.positions == [0, 0, 0, 0]
    assert [r.s for r in held.rows] == [900]
    parser.line(b'{"s":5,"l":2,"t":"b","i":"regional","a":1,"d":{}}', 20)
    moved = parser.line(b'{"k":"0.0.1024.0"}', 30)
    assert moved is not None and not moved.hold and moved.positions == [0, 0, 1024, 0]
    for bad in (b'{"h":"0.0.1024.1"}', b'{"h":5}', b'{"h":"x"}'):
        with pytest.raises(StreamError):
            StreamParser([0, 0, 1024, 0]).line(bad, 0)
    ahead = StreamParser([0, 0, 0, 0])
    ahead.line(b'{"s":900,"l":2,"t":"c","i":"own","a":1,"d":{}}', 0)
    with pytest.raises(StreamError):
        ahead.line(b'{"k":"0.0.0.0"}', 10)


def test_an_answer_cut_after_its_office_frame_is_asked_again_from_the_same_cursor(
    dd_server: RunningServer,
) -> None:
    """The client's reader over the real server: the answer breaks just after the office
    frame's hold line and the server no longer holds it (``412``). The cursor never
    moved, so the reader asks again from 0: the office's rows come a second time (the
    store keeps each entity once), the bytes after the last real commit count as wasted,
    and the pull ends with exactly the feed the pages protocol gives."""
    from app.sync.feedstream import CallFailed, pull_stream

    client = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(0, cases=4, offices=["PC1"])
    dd_server.seed(ALIGN + 20, offices=["PC1"])
    whole = _own_first(client)
    probe, parser, held_at = StreamDecoder(1 << 30), StreamParser([0, 0, 0, 0]), None
    for start in range(0, len(whole), 64):
        for line in probe.feed(whole[start : start + 64]):
            commit = parser.line(line, probe.consumed)
            if commit is not None and commit.hold and held_at is None:
                held_at = commit.wire_offset
    assert held_at is not None
    cut = held_at + 200
    calls: list[dict[str, str]] = []

    def call(params: dict[str, str], headers: dict[str, str], sink: Any) -> dict[str, str]:
        calls.append(dict(params))
        assert not headers, "nothing to resume: a fresh answer from the committed cursor"
        assert params["own"] == "first"
        response = client.call("GET", "/feed", params=params, stream=True, timeout=120)
        body = response.raw.read(decode_content=False)
        if len(calls) == 1:
            sink(body[:cut])
            raise CallFailed(RuntimeError("link cut"), resumable=True, gone=True)
        sink(body)
        return dict(response.headers)

    stored: dict[tuple[str, str], int] = {}
    applied: list[Any] = []

    def apply(commit: Any) -> None:
        applied.append(commit)
        for row in commit.rows:
            stored[(row.t, row.i)] = max(row.s, stored.get((row.t, row.i), 0))

    result = pull_stream(call, [0, 0, 0, 0], [0, 1, 2, 3], apply, max_decoded=1 << 30)
    assert [c["after"] for c in calls] == ["0.0.0.0", "0.0.0.0"]
    assert result.restarts == 1 and result.wasted_bytes == cut
    assert sum(1 for c in applied if c.hold) == 2, "the office frame came twice"
    assert result.end is not None and result.positions == [result.end.head] * 4
    v1_rows, _ = client.pull_all()
    assert stored == {(r["t"], r["i"]): r["s"] for r in v1_rows}


def test_a_cursor_with_lanes_at_different_places_decodes(dd_server: RunningServer) -> None:
    """A PC's lanes are rarely at the same place: here lane 0 is at 0 and the others
    200 changes behind a head far past a segment boundary, so its segment holds few rows
    and no links can follow it (they need a segment that fills the client's prefix
    window by itself). Every frame decodes and the answer holds what the pages give."""
    client = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(0, cases=3, offices=["PC1"])
    dd_server.seed(3 * ALIGN + 300, offices=["PC1"])
    head = client.call("GET", "/integrity").json()["head"]
    behind = head - 200
    assert behind > 3 * ALIGN
    cursor = f"0.{behind}.{behind}.{behind}"
    raw = _own_first(client, cursor)
    rows = _same_as_pages(client, raw, cursor, head)
    assert rows


def test_a_pc_a_little_behind_a_boundary_gets_one_frame(dd_server: RunningServer) -> None:
    """A PC's sync cycle after the head passed a segment boundary: its cursor is its own,
    so no segment is built for it (nobody else would be sent it); one frame from its
    cursor to the head holds the rows, the same ones the pages give."""
    client = ProtocolClient(dd_server).enrol("PC1")
    dd_server.seed(ALIGN + 50, offices=["PC1"])
    head = client.call("GET", "/integrity").json()["head"]
    cursor = ".".join([str(ALIGN - 20)] * 4)
    assert head > ALIGN
    before = {m: _metric(dd_server, m) for m in ("seg_miss", "tail_miss")}
    raw = _own_first(client, cursor)
    assert _metric(dd_server, "seg_miss") == before["seg_miss"], "no segment for one PC"
    assert _metric(dd_server, "tail_miss") == before["tail_miss"] + 1
    assert len(_same_as_pages(client, raw, cursor, head)) >= 60


def _same_as_pages(client: ProtocolClient, raw: bytes, cursor: str, head: int) -> list[Any]:
    """The rows of an answer pulled from ``cursor``, checked to end at ``head`` with the
    rows the pages protocol gives from the same cursor."""
    decoder = StreamDecoder(1 << 30)
    parser = StreamParser([int(p) for p in cursor.split(".")])
    rows: list[Any] = []
    for line in decoder.feed(raw):
        commit = parser.line(line, decoder.consumed)
        if commit is not None:
            rows.extend(commit.rows)
    assert parser.end is not None and parser.end.positions == [head] * 4
    v1_rows, _ = client.pull_all(cursor)
    assert sorted((r.t, r.i, r.s) for r in rows) == sorted(
        (r["t"], r["i"], r["s"]) for r in v1_rows
    )
    return rows
