"""The seed publishes photos in bulk; what it produces is what publishing them one by one
produced (the reference below is the seed's former loop), apart from random ids.

Real server databases (SQLite files) and blob stores, no server process.
"""

from __future__ import annotations

import base64
import json
import random
import re
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.sync.protocol import INLINE_THUMB_MAX, MediaData, RowType
from server import feed, operator
from server.blobs import BlobStore
from server.db import Database, open_database
from server.images import photo_and_thumbnail
from server.models import BlobGrant, FeedRow, LaneStat
from server.seed import Generator, seed

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def one_by_one(db: Database, blobs: BlobStore, bulletins: int, seed_value: int) -> None:
    """Bulletins with photos as the seed published them before: each photo at once."""
    gen = Generator(random.Random(seed_value))
    batch = 500
    for start in range(0, bulletins, batch):
        with db.write() as session:
            stop = min(start + batch, bulletins)
            first_seq = feed.allocate_seq(session, stop - start)
            for index in range(start, stop):
                bulletin_id = str(uuid.uuid4())
                operator.publish_bulletin(
                    session,
                    gen.bulletin(index),
                    bulletin_id,
                    new=True,
                    seq=first_seq + index - start,
                )
                if gen.rng.random() < 0.5:
                    full, thumb, width, height = photo_and_thumbnail(gen.rng)
                    full_sha, thumb_sha = blobs.put(full), blobs.put(thumb)
                    inline = len(thumb) <= INLINE_THUMB_MAX
                    media = MediaData(
                        ot=RowType.BULLETIN,
                        oi=bulletin_id,
                        sha=full_sha,
                        sz=len(full),
                        mt="image/png",
                        th=thumb_sha,
                        tz=len(thumb),
                        w=width,
                        h=height,
                        tb=base64.b64encode(thumb).decode() if inline else None,
                    )
                    operator.publish_media(session, RowType.BULLETIN, bulletin_id, media)


def produced(db: Database, blob_dir: Path) -> dict[str, Any]:
    """Everything the seed wrote, with its random ids replaced by their order of use."""
    names: dict[str, str] = {}

    def same_ids(text: str | None) -> str | None:
        if text is None:
            return None
        return UUID.sub(lambda m: names.setdefault(m.group(0), f"#{len(names)}"), text)

    with db.read() as s:
        rows = [
            (
                r.seq,
                r.row_type,
                same_ids(r.row_id),
                r.lane,
                r.scope,
                r.tombstone,
                same_ids(r.owner),
                same_ids(r.data),
            )
            for r in s.scalars(select(FeedRow).order_by(FeedRow.seq))
        ]
        grants = sorted((g.sha, g.scope) for g in s.scalars(select(BlobGrant)))
        stats = sorted((st.scope, st.lane, st.count) for st in s.scalars(select(LaneStat)))
    files = sorted(p.name for p in blob_dir.rglob("*") if p.is_file())
    return {"rows": rows, "grants": grants, "stats": stats, "blobs": files}


def test_bulk_seed_produces_what_one_by_one_publishing_did(tmp_path: Path) -> None:
    out = {}
    for name, run in (("bulk", None), ("reference", one_by_one)):
        db = open_database(f"sqlite:///{tmp_path / name}.sqlite3", create=True)
        blobs = BlobStore(tmp_path / f"{name}-blobs")
        if run is None:
            result = seed(
                db, blobs, bulletins=620, cases=0, offices=["D01"], photos=True, seed_value=3
            )
            assert result.photos > 250
        else:
            run(db, blobs, 620, 3)
        out[name] = produced(db, tmp_path / f"{name}-blobs")
        db.engine.dispose()
    bulk, reference = out["bulk"], out["reference"]
    assert len(bulk["rows"]) > 900 and len(bulk["grants"]) > 500
    assert bulk == reference
    # A row for every photo, each grant to every office, each blob's name its sha.
    media = [json.loads(r[7]) for r in bulk["rows"] if r[1] == RowType.MEDIA]
    assert {(m["sha"], feed.REGIONAL) for m in media} <= set(bulk["grants"])
