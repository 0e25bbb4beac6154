"""The feed head a device sees is kept per scope at publish time (no scan of the feed)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from server import feed, operator
from server.blobs import BlobStore
from server.db import initialise, open_database
from server.models import FeedHead, FeedRow
from server.seed import seed


def _scan_head(session: object, office: str) -> int:
    stmt = select(func.max(FeedRow.seq)).where(FeedRow.scope.in_(("", office)))
    return int(session.scalar(stmt) or 0)  # type: ignore[attr-defined]


def test_head_per_scope_equals_the_highest_visible_seq(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    seed(db, BlobStore(tmp_path / "b"), bulletins=30, cases=6, offices=["A", "B"], seed_value=3)
    with db.read() as session:
        for office in ("A", "B", "C"):
            assert feed.visible_head(session, office) == _scan_head(session, office)
        head_a = feed.visible_head(session, "A")
        head_b = feed.visible_head(session, "B")
    # A case of office B published later moves B's head, not A's.
    with db.write() as session:
        case = session.scalar(select(FeedRow).where(FeedRow.scope == "B", FeedRow.row_type == "c"))
        assert case is not None
        seq = feed.publish(
            session,
            row_type=case.row_type,
            row_id=case.row_id,
            lane=case.lane,
            scope="B",
            data=feed.load_data(case),
        )
    with db.read() as session:
        assert feed.visible_head(session, "B") == seq > head_b
        assert feed.visible_head(session, "A") == head_a
    # A cancelled bulletin (tombstone, regional) moves every office's head.
    with db.write() as session:
        bulletin = session.scalar(select(FeedRow.row_id).where(FeedRow.row_type == "b").limit(1))
        assert bulletin is not None
        assert operator.cancel_bulletin(session, bulletin, "withdrawn")
    with db.read() as session:
        for office in ("A", "B", "C"):
            assert feed.visible_head(session, office) == _scan_head(session, office)
        assert feed.visible_head(session, "A") > seq
    db.engine.dispose()


def test_heads_are_derived_for_a_database_made_before_them(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    seed(db, BlobStore(tmp_path / "b"), bulletins=10, cases=4, offices=["A"], seed_value=5)
    with db.write() as session:
        session.execute(FeedHead.__table__.delete())  # type: ignore[attr-defined]
    with db.read() as session:
        assert feed.visible_head(session, "A") == 0
    initialise(db)  # what the next start-up does
    with db.read() as session:
        assert feed.visible_head(session, "A") == _scan_head(session, "A") > 0
    db.engine.dispose()
