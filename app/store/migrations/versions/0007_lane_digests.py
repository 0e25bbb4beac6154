"""sync rows: content digests and per-lane sums kept by triggers

Revision ID: 0007_lane_digests
Revises: 0006_sync_row_reason

Each ``sync_rows`` record gets ``h``, the 64-bit content digest of the feed row it records
(``app.sync.digest``), and ``lane_sums`` holds, per lane, the number of recorded rows
(``s > 0``: live rows and tombstones alike) and the XOR of their digests. Triggers update
``lane_sums`` in the same transaction as every insert, update and delete of ``sync_rows``,
whatever code path writes it, so the integrity check never recounts the store.

No ``OR IGNORE`` in the triggers: an UPSERT of ``sync_rows`` would impose its own
conflict policy on them. XOR in SQLite's signed 64-bit integers: ``a ^ b`` is exactly
``(a | b) - (a & b)`` (the subtraction never overflows).

Rows recorded before this revision have ``h`` NULL (their content is not stored); their
lanes differ from the server's digest once and are repaired, which records ``h``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_lane_digests"
down_revision = "0006_sync_row_reason"
branch_labels = None
depends_on = None

TRIGGERS = (
    """
    CREATE TRIGGER sync_rows_sum_insert AFTER INSERT ON sync_rows WHEN NEW.s > 0
    BEGIN
        INSERT INTO lane_sums (lane, rows, digest) SELECT NEW.lane, 0, 0
            WHERE NOT EXISTS (SELECT 1 FROM lane_sums WHERE lane = NEW.lane);
        UPDATE lane_sums SET rows = rows + 1,
            digest = (digest | coalesce(NEW.h, 0)) - (digest & coalesce(NEW.h, 0))
            WHERE lane = NEW.lane;
    END
    """,
    """
    CREATE TRIGGER sync_rows_sum_delete AFTER DELETE ON sync_rows WHEN OLD.s > 0
    BEGIN
        UPDATE lane_sums SET rows = rows - 1,
            digest = (digest | coalesce(OLD.h, 0)) - (digest & coalesce(OLD.h, 0))
            WHERE lane = OLD.lane;
    END
    """,
    """
    CREATE TRIGGER sync_rows_sum_update AFTER UPDATE OF s, lane, h ON sync_rows
    WHEN OLD.s > 0 OR NEW.s > 0
    BEGIN
        UPDATE lane_sums SET rows = rows - 1,
            digest = (digest | coalesce(OLD.h, 0)) - (digest & coalesce(OLD.h, 0))
            WHERE lane = OLD.lane AND OLD.s > 0;
        INSERT INTO lane_sums (lane, rows, digest) SELECT NEW.lane, 0, 0
            WHERE NEW.s > 0 AND NOT EXISTS (SELECT 1 FROM lane_sums WHERE lane = NEW.lane);
        UPDATE lane_sums SET rows = rows + 1,
            digest = (digest | coalesce(NEW.h, 0)) - (digest & coalesce(NEW.h, 0))
            WHERE lane = NEW.lane AND NEW.s > 0;
    END
    """,
)


def upgrade() -> None:
    with op.batch_alter_table("sync_rows") as batch:
        batch.add_column(sa.Column("h", sa.Integer(), nullable=True))
    op.create_table(
        "lane_sums",
        sa.Column("lane", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lane", name=op.f("pk_lane_sums")),
    )
    # Existing records count (with a zero digest) until a repair records their content.
    op.execute(
        "INSERT INTO lane_sums (lane, rows, digest) "
        "SELECT lane, count(*), 0 FROM sync_rows WHERE s > 0 GROUP BY lane"
    )
    for sql in TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    for name in ("sync_rows_sum_insert", "sync_rows_sum_delete", "sync_rows_sum_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("lane_sums")
    with op.batch_alter_table("sync_rows") as batch:
        batch.drop_column("h")
