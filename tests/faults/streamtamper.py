"""Decode and re-encode feed stream answers, for a proxy that rewrites them.

A stream answer (docs/protocol.md section 3.6) is a skippable frame holding the answer's
tag, then zstd frames of JSON lines, a frame after the first compressed with the last
1 MiB of what came before as its dictionary. :func:`decode_answer` splits a body into
its tag and the lines of each frame; :func:`encode_answer` builds a body again the way
the server does, so a rewritten answer is well formed and only its content lies.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from typing import Any

import zstandard

from server.stream import PREFIX_BYTES, SKIPPABLE_MAGIC, stream_compressor

#: ``rewrite(frames)``: change the decoded lines of each frame in place.
Rewrite = Callable[[list[list[dict[str, Any]]]], None]


def decode_answer(body: bytes) -> tuple[bytes, list[list[dict[str, Any]]]]:
    """The tag frame's payload and the decoded JSON lines of every frame of ``body``."""
    magic, size = struct.unpack_from("<II", body)
    assert magic == SKIPPABLE_MAGIC, hex(magic)
    tag = body[8 : 8 + size]
    rest = body[8 + size :]
    history = b""
    frames: list[list[dict[str, Any]]] = []
    while rest:
        prefix = history[-PREFIX_BYTES:]
        if prefix:
            data = zstandard.ZstdCompressionDict(prefix, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
            obj = zstandard.ZstdDecompressor(dict_data=data).decompressobj()
        else:
            obj = zstandard.ZstdDecompressor().decompressobj()
        text = obj.decompress(rest)
        rest = obj.unused_data
        history += text
        frames.append([json.loads(line) for line in text.splitlines() if line.strip()])
    _whole_seqs(frames)
    return tag, frames


def _whole_seqs(frames: list[list[dict[str, Any]]]) -> None:
    """Rows sent with ``q`` (``seq=delta``) get their ``s`` back, so a rewrite works on
    whole sequence numbers and :func:`encode_answer` sends them whole (the client takes
    both forms)."""
    last: dict[int, int] = {}
    for lines in frames:
        for doc in lines:
            if "q" in doc:
                seq = last[doc["l"]] + doc.pop("q")
                rest = dict(doc)
                doc.clear()
                doc.update({"s": seq, **rest})  # "s" first, as the server writes it
            if "s" in doc and "l" in doc:
                last[doc["l"]] = doc["s"]


def encode_answer(tag: bytes, frames: list[list[dict[str, Any]]]) -> bytes:
    """A body holding ``tag`` and ``frames``, compressed as the server compresses them."""
    out = [struct.pack("<II", SKIPPABLE_MAGIC, len(tag)) + tag]
    history = b""
    for lines in frames:
        raw = b"".join(
            (json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
            for doc in lines
        )
        out.append(stream_compressor(history[-PREFIX_BYTES:]).compress(raw))
        history += raw
    return b"".join(out)


def rows_of(frames: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every row line (neither a commit nor the end line) of an answer, in order."""
    return [doc for lines in frames for doc in lines if "k" not in doc and "end" not in doc]


def rewriting(rewrite: Rewrite, *, fresh_only: bool = True) -> Callable[[Any], bool]:
    """A :class:`tests.faults.badproxy.BadProxy` script that rewrites ``/feed`` answers.

    The answer is the real server's, decoded, changed by ``rewrite`` and compressed
    again (headers kept: tag, offset, protocol marks). ``fresh_only`` leaves resumed
    answers (``Range``) alone.
    """

    def script(h: Any) -> bool:
        if "/feed" not in h.path or (fresh_only and h.headers.get("Range")):
            return False
        status, headers, body = h.forward()
        if status != 200:
            h.send(status, headers, body)
            return True
        tag, frames = decode_answer(body)
        rewrite(frames)
        h.send(status, headers, encode_answer(tag, frames))
        return True

    return script
