"""Benchmark: bootstrap a PC from a snapshot file, then sync the delta over 64 kbit/s.

Real reference server on loopback; the snapshot is written by ``district-desk-server
snapshot`` (subprocess), imported into a fresh encrypted client store before enrolment;
then ``--delta`` new bulletins are published and one online sync runs over the link
emulator (64 kbit/s, 1 s round trip). Prints JSON: snapshot size and parts, export and
import times, and the time and bytes of the delta sync.

The seed gives about half of the bulletins a photo (and so a thumbnail).

Usage: ``python bench/bench_snapshot.py [--bulletins 100000] [--with-photos] [--delta 100]``
(``--with-photos`` puts the full-size photos in the snapshot too, not only thumbnails).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.config import SiteConfig  # noqa: E402
from app.credentials import MemorySecrets  # noqa: E402
from app.exchange.snapshot import import_snapshot  # noqa: E402
from app.sync.engine import SyncEngine  # noqa: E402
from app.sync.enrol import enrol  # noqa: E402
from tests.faults.syncenv import OFFICE, PASSWORD, fast_options, server_users  # noqa: E402
from tests.helpers.desk import make_desk  # noqa: E402
from tests.helpers.linkemu import LinkEmulator  # noqa: E402
from tests.helpers.server_fixture import start_server  # noqa: E402

BANDWIDTH = 8000.0  # bytes/s each way: 64 kbit/s
LATENCY = 0.5  # one way: 1 s round trip
PASSPHRASE = "benchmark passphrase 2026"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=100_000)
    parser.add_argument("--delta", type=int, default=100)
    parser.add_argument("--with-photos", action="store_true", help="full-size photos too")
    args = parser.parse_args()
    out: dict[str, object] = {
        "bulletins": args.bulletins,
        "delta_bulletins": args.delta,
        "with_photos": args.with_photos,
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = start_server(root / "server")
        try:
            server_users(server)
            t0 = time.monotonic()
            seeded = server.seed(bulletins=args.bulletins, cases=10, photos=True)
            out["seed_seconds"] = round(time.monotonic() - t0, 1)
            out["photos"] = seeded.photos
            usb = root / "usb"
            usb.mkdir()
            (usb / "pass.txt").write_text(PASSPHRASE, encoding="utf-8")
            snap = usb / "region.ddsnap"
            t0 = time.monotonic()
            extra = ["--with-photos"] if args.with_photos else []
            summary = json.loads(
                server.cli(
                    "snapshot",
                    "--out",
                    str(snap),
                    "--office",
                    OFFICE,
                    "--passphrase-file",
                    str(usb / "pass.txt"),
                    "--quiet",
                    *extra,
                    timeout=7200,
                )
            )
            out["export_seconds"] = round(time.monotonic() - t0, 1)
            parts = sorted(usb.glob("region.ddsnap*"))
            out["snapshot_bytes"] = sum(p.stat().st_size for p in parts)
            out["snapshot_parts"] = len(parts)
            out["snapshot_counts"] = summary["counts"]
            key = summary["public_key"]

            site = SiteConfig(office_code=OFFICE, snapshot_public_key=key)
            desk = make_desk(root / "client", secrets=MemorySecrets(), site=site)
            t0 = time.monotonic()
            result = import_snapshot(desk, snap, PASSPHRASE)
            out["import_seconds"] = round(time.monotonic() - t0, 1)
            out["import_rows"] = result.rows_applied
            out["import_blobs"] = result.blobs

            server.seed(bulletins=args.delta, photos=True)
            port = int(server.url.rsplit(":", 1)[1])
            with LinkEmulator("127.0.0.1", port) as link:
                enrol(desk, link.url, server.enrolment_code(OFFICE))
                engine = SyncEngine(desk, fast_options())
                engine.login_online("officer", PASSWORD)
                link.configure(latency=LATENCY, bandwidth=BANDWIDTH)
                link.reset_stats()
                t0 = time.monotonic()
                sync = engine.run_once()
                out["delta_sync_seconds"] = round(time.monotonic() - t0, 1)
                stats = link.stats()
                engine.close()
            out["delta_sync_ok"] = bool(sync.ok and sync.up_to_date)
            out["delta_integrity_ok"] = sync.integrity_ok
            out["delta_repaired_lanes"] = sync.repaired_lanes
            out["delta_pulled_rows"] = sync.pulled_rows
            out["delta_link_bytes"] = stats.bytes_down + stats.bytes_up
            desk.close()
        finally:
            server.stop()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
