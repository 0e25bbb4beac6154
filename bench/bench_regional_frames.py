"""Benchmark: how to cut the regional rows into frames that are compressed once. Prints JSON.

A new PC's first pull is mostly regional rows, the same for every office, so the server
compresses them once, as they are published (``server/regional.py``). The client decodes
a frame with the last 1 MiB of what it decoded before as its dictionary (docs/protocol.md
3.6), so frames compressed apart can only share that much. Compared here, at the
stream's settings (zstd 19, long-distance matching, 16 MiB window), on rows of the
corpus generator (``bench/make_bulletin_corpus.py``, independent of the server's own
generators), against one frame of all of them:

* ``one_frame_flushed``: one frame, a block flushed every 128 rows (what the regional
  stream does: its bytes up to any flush and a last block are a whole frame);
* ``chunks_chained``: frames of N rows, each with the 1 MiB before it as its dictionary;
* ``chunks_alone``: frames of N rows, each without a dictionary.

and what each costs in CPU. The floor of the pull budget is the corpus file compressed by
``zstd -19 --long``; the stream was 1.076x of it with one frame per segment.

Usage: ``python bench/bench_regional_frames.py [--bulletins 10000]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import zstandard

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_feed_dictionary import rows  # noqa: E402
from bench.make_bulletin_corpus import write_corpus  # noqa: E402
from server.stream import PREFIX_BYTES, stream_compressor  # noqa: E402

FLUSH_ROWS = 128


def _timed(fn: object) -> tuple[int, float]:
    started = time.process_time()
    size = fn()  # type: ignore[operator]
    return size, round(time.process_time() - started, 2)


def one_frame(lines: list[bytes], flush_every: int | None) -> int:
    obj = stream_compressor().compressobj()
    out = 0
    for start in range(0, len(lines), flush_every or len(lines)):
        out += len(obj.compress(b"".join(lines[start : start + (flush_every or len(lines))])))
        if flush_every:
            out += len(obj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))
    return out + len(obj.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH))


def chunks(lines: list[bytes], size: int, chained: bool) -> int:
    out, before = 0, b""
    for start in range(0, len(lines), size):
        data = b"".join(lines[start : start + size])
        prefix = before[-PREFIX_BYTES:] if chained else b""
        out += len(stream_compressor(prefix).compress(data))
        before = data
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bulletins", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_corpus(path, args.bulletins, seed=1)
        lines = rows(path)
    whole, whole_s = _timed(lambda: one_frame(lines, None))
    report: dict[str, object] = {
        "bulletins": args.bulletins,
        "row_json_bytes": sum(len(line) for line in lines),
        "one_frame": {"bytes": whole, "cpu_s": whole_s},
    }
    flushed, flushed_s = _timed(lambda: one_frame(lines, FLUSH_ROWS))
    report["one_frame_flushed"] = {
        "bytes": flushed,
        "x_one_frame": round(flushed / whole, 4),
        "cpu_s": flushed_s,
    }
    for size in (1024, 4096):
        for chained in (True, False):
            got, took = _timed(lambda size=size, chained=chained: chunks(lines, size, chained))
            name = f"chunks_{'chained' if chained else 'alone'}_{size}"
            report[name] = {"bytes": got, "x_one_frame": round(got / whole, 4), "cpu_s": took}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
