"""sync rows: the reason a feed row could not be applied

Revision ID: 0006_sync_row_reason
Revises: 0005_bulletin_list_index

A feed row that cannot be applied is isolated (the rest of its page is applied) and
recorded as ``bad``; ``reason`` says why (``schema``, ``bad_text``, ``too_large``, ...), so
the sync status can list it for IT staff. NULL for every row applied normally.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sync_row_reason"
down_revision = "0005_bulletin_list_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_rows") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=32), nullable=True))
    op.create_index("ix_sync_rows_bad", "sync_rows", ["bad"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_rows_bad", table_name="sync_rows")
    with op.batch_alter_table("sync_rows") as batch:
        batch.drop_column("reason")
