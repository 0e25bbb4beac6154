"""Bounded decoding of wire bodies: decompression with an output cap, strict JSON, and
the limits that keep a reply's memory bounded whatever a server sends."""

from __future__ import annotations

import gzip
import io
import json
import math
import zlib
from typing import Any

import zstandard

from app.sync.protocol import COMPRESS_MIN_BYTES, MAX_ROW_BYTES

#: Largest compressed body the client reads for a JSON call (a page of 2 MiB raw row JSON
#: compresses to well under this); more is a misbehaving server.
MAX_WIRE_JSON = 8 * 1024 * 1024
#: Largest decoded JSON body of a call other than a page (hello, receipts, sessions,
#: integrity: all small). A page's limit follows the bytes asked for
#: (:func:`page_decode_limit`). Parsed JSON takes many times its size in memory, so
#: these limits are what keeps a reply's memory bounded.
MAX_DECODED_JSON = 1024 * 1024
#: Largest decoded error body (an error is a few hundred bytes; more is ignored).
MAX_DECODED_ERROR = 64 * 1024
#: Largest zstd window the client accepts: the decoder's memory is bounded by it.
MAX_ZSTD_WINDOW = 32 * 1024 * 1024
#: Longest delay a server may ask for (``Retry-After``, ``retry_after``): one day.
MAX_RETRY_AFTER = 24 * 3600.0


def decode_body(body: bytes, encoding: str, limit: int) -> bytes:
    """Decompress ``body`` (zstd, gzip or identity) refusing more than ``limit`` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "zstd":
        # A streaming reader asked for at most ``limit + 1`` bytes: a bomb is never
        # expanded past the cap, and the window (the decoder's memory) is bounded too.
        reader = zstandard.ZstdDecompressor(max_window_size=MAX_ZSTD_WINDOW).stream_reader(
            io.BytesIO(body), read_across_frames=True
        )
        out = bytearray()
        while True:
            piece = reader.read(min(256 * 1024, limit + 1 - len(out)))
            if not piece:
                return bytes(out)
            out += piece
            if len(out) > limit:
                raise BodyTooLarge()
    if encoding in ("gzip", "x-gzip"):
        zobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = zobj.decompress(body, limit + 1)
        if len(data) > limit or zobj.unconsumed_tail:
            raise BodyTooLarge()
        if not zobj.eof:
            raise zlib.error("truncated gzip stream")
        return data
    raise ValueError(f"unknown content encoding {encoding[:20]!r}")


class BodyTooLarge(Exception):
    """A body decodes to more than its limit (a compression bomb, or a lying server)."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"JSON constant {name[:10]} is not allowed")


def loads(body: bytes | str) -> Any:
    """``json.loads`` for wire bodies: no ``NaN``/``Infinity``.

    Raises:
        ValueError: not JSON, a non-finite constant, or nested too deep to parse.
    """
    try:
        return json.loads(body, parse_constant=_no_constants)
    except RecursionError as exc:
        raise ValueError("JSON nested too deep") from exc


def retry_delay(value: object) -> float | None:
    """A server-given delay in seconds, capped at :data:`MAX_RETRY_AFTER`; junk is ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        delay = float(value)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(delay) or delay < 0:
        return None
    return min(delay, MAX_RETRY_AFTER)


def page_decode_limit(max_bytes: int) -> int:
    """Largest decoded page for a request of ``max_bytes``: the rows asked for, one row
    over (a page always holds at least one), and the envelope with its integrity block."""
    return max_bytes + MAX_ROW_BYTES + 64 * 1024


#: zstd level of request bodies (outbox batches).
OUTBOX_ZSTD_LEVEL = 19


def encode_body(data: bytes, codecs: list[str]) -> tuple[bytes, str | None]:
    """Compress a request body with the best codec both sides speak (or not at all)."""
    if len(data) < COMPRESS_MIN_BYTES:
        return data, None
    if "zstd" in codecs:
        # Level 19: an outbox batch is compressed once and crosses a slow link (a batch
        # of 100 approved requests with their audit events: 35 KB at level 10, 32 KB at
        # 19, in about 0.1 s more of CPU).
        return zstandard.ZstdCompressor(level=OUTBOX_ZSTD_LEVEL).compress(data), "zstd"
    if "gzip" in codecs:
        return gzip.compress(data, compresslevel=6), "gzip"
    return data, None
