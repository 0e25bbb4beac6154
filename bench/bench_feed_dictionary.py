"""Benchmark: does a trained zstd dictionary pay for feed answers? Prints JSON.

Bulletins from the corpus generator (``bench/make_bulletin_corpus.py``) are written as
feed rows (``{"s","l","t","i","a","d"}`` lines, as ``/feed`` sends them); a dictionary is
trained on the first ``--train`` rows and answers of 1 to 2,000 *other* rows are
compressed at the stream's settings (zstd 19, long-distance matching) with and without
it. The stream (protocol 2) has no dictionary: this measures whether one would pay.

Usage: ``python bench/bench_feed_dictionary.py [--train 2000] [--dict-kib 64]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import zstandard

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.make_bulletin_corpus import write_corpus  # noqa: E402
from tests.helpers.corpus import read_corpus  # noqa: E402

SIZES = (1, 5, 20, 100, 400, 2000)


def rows(path: Path) -> list[bytes]:
    """The corpus as feed row lines."""
    out = []
    for seq, doc in enumerate(read_corpus(path), start=1):
        data = {k: v for k, v in doc.items() if k != "id"}
        row = {"s": seq, "l": 2, "t": "b", "i": doc["id"], "a": 1764748800, "d": data}
        out.append((json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--dict-kib", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, args.train + max(SIZES), seed=29)
        lines = rows(corpus)
    train, test = lines[: args.train], lines[args.train :]
    samples: list[bytes | bytearray | memoryview] = list(train)
    dictionary = zstandard.train_dictionary(args.dict_kib * 1024, samples)
    params = zstandard.ZstdCompressionParameters.from_level(19, window_log=24, enable_ldm=True)
    plain = zstandard.ZstdCompressor(compression_params=params)
    trained = zstandard.ZstdCompressor(dict_data=dictionary, compression_params=params)
    results = []
    for n in SIZES:
        chunk = b"".join(test[:n])
        without, with_dict = len(plain.compress(chunk)), len(trained.compress(chunk))
        results.append(
            {
                "rows": n,
                "raw_bytes": len(chunk),
                "zstd19_bytes": without,
                "with_dictionary_bytes": with_dict,
                "saved_share": round((without - with_dict) / without, 3),
            }
        )
    print(
        json.dumps(
            {
                "benchmark": "feed_dictionary",
                "dictionary_bytes": len(dictionary.as_bytes()),
                "trained_on_rows": args.train,
                "answers": results,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
