"""What signing feed pages costs: extra bytes on the wire and time per page.

Prints one JSON object. Run: ``.venv/bin/python bench/bench_feed_signature.py
[--bulletins 2000]``. A real server database is seeded with generated bulletins; the
whole feed is then paged at the default page size, each page built with and without its
``sig``, compressed as the server sends it (zstd), and the difference reported. Budget
(issue 19): <= 1 % extra bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.sync.protocol import LANES, Limits
from server import feed
from server.blobs import BlobStore
from server.db import open_database
from server.routes.feed import _integrity, _page_body
from server.seed import seed
from server.signing import PublisherKey
from server.wire import compress


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'server.db'}")
        seed(
            db,
            BlobStore(Path(tmp) / "blobs"),
            bulletins=args.bulletins,
            cases=0,
            offices=["D01"],
            seed_value=7,
        )
        key = PublisherKey.load_or_create(Path(tmp) / "publisher.key")
        budget = Limits().default_page_bytes
        plain = signed = plain_z = signed_z = pages = 0
        sign_s = plain_s = 0.0
        sig_bytes = 0
        positions = [0] * len(LANES)
        with db.read() as session:
            head = feed.visible_head(session, "D01")
            while True:
                page = feed.build_page(session, "D01", positions, LANES, budget)
                check = None if page.has_more else _integrity(session, "D01")
                t0 = time.perf_counter()
                a = _page_body(page, head, check).encode()
                plain_s += time.perf_counter() - t0
                t0 = time.perf_counter()
                b = _page_body(page, head, check, (key, positions, list(LANES))).encode()
                sign_s += time.perf_counter() - t0
                plain += len(a)
                signed += len(b)
                sig_bytes += len(b) - len(a)
                plain_z += len(compress(a, "zstd"))
                signed_z += len(compress(b, "zstd"))
                pages += 1
                positions = list(page.positions)
                if not page.has_more:
                    break
        db.engine.dispose()
    print(
        json.dumps(
            {
                "bulletins": args.bulletins,
                "page_budget_bytes": budget,
                "pages": pages,
                "raw_bytes": plain,
                "raw_extra_pct": round(100 * (signed - plain) / plain, 3),
                "zstd_bytes": plain_z,
                "zstd_extra_pct": round(100 * (signed_z - plain_z) / plain_z, 3),
                # The signature is incompressible: its bytes over the compressed pages
                # bound the overhead whatever the compressor does with the rest.
                "sig_bytes_per_page": round(sig_bytes / pages),
                "sig_over_zstd_pct": round(100 * sig_bytes / plain_z, 3),
                "build_ms_per_page": round(1000 * plain_s / pages, 2),
                "build_and_sign_ms_per_page": round(1000 * sign_s / pages, 2),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
