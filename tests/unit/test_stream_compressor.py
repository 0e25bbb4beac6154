"""Frames built for one device are compressed with zstd tables sized for them; long
ones keep the stream's parameters; either way the client's decoder reads them."""

from __future__ import annotations

import json
import random

import zstandard

from app.sync.feedstream import StreamDecoder
from server.stream import SIZED_UP_TO, STREAM_WINDOW_LOG, SizedCompressor


def _lines(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    words = ["Иванов", "Ivanov", "Tashkent", "Bishkek", "паспорт", "wanted", "vehicle"]
    out = []
    for n in range(count):
        doc = {"s": n + 1, "l": 2, "t": "b", "i": f"{rng.getrandbits(64):016x}"}
        doc["d"] = {"r": " ".join(rng.choice(words) for _ in range(60)), "n": rng.random()}
        out.append(json.dumps(doc, ensure_ascii=False) + "\n")
    return "".join(out).encode()


def _frame(data: bytes, prefix: bytes = b"", step: int = 50_000) -> tuple[bytes, int]:
    """Compress ``data`` in pieces with a block flush after each; return the frame and
    how many bytes had come out before the frame was finished."""
    compressor = SizedCompressor(prefix)
    out = bytearray()
    for start in range(0, len(data), step):
        out += compressor.compress(data[start : start + step])
        out += compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    early = len(out)
    out += compressor.flush()
    return bytes(out), early


def _decoded(*frames: bytes) -> bytes:
    decoder = StreamDecoder(1 << 30)
    return b"".join(line + b"\n" for line in decoder.feed(b"".join(frames)))


def test_a_small_frame_waits_for_its_end_and_uses_a_small_window() -> None:
    data = _lines(30, 1)
    frame, early = _frame(data, step=4000)
    assert early == 0, "nothing leaves before the frame's size is known"
    window = zstandard.get_frame_parameters(frame).window_size
    assert window <= 1 << 17, window
    assert _decoded(frame) == data
    assert len(frame) < len(data) / 3


def test_a_long_frame_streams_at_the_stream_parameters() -> None:
    data = _lines(4000, 2)
    assert len(data) > SIZED_UP_TO
    frame, early = _frame(data)
    assert early > 0, "bytes go out before the end"
    assert zstandard.get_frame_parameters(frame).window_size == 1 << STREAM_WINDOW_LOG
    assert _decoded(frame) == data


def test_a_sized_frame_reads_its_prefix_as_the_client_has_it() -> None:
    first = _lines(600, 3)
    second = _lines(20, 4)
    head, _ = _frame(first)
    tail, _ = _frame(second, prefix=first[-(1 << 20) :])
    alone, _ = _frame(second)
    assert _decoded(head, tail) == first + second
    assert len(tail) < len(alone), "the prefix is used"
