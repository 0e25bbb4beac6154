"""office journal: work in progress shared between the PCs of an office

Revision ID: 0011_office_journal
Revises: 0010_feed_time_nationalities

One row per action on a request (create, edit, submit, return, approve, release,
withdraw, the server's receipt or refusal), written in the transaction of the action and
exchanged with the office's other PCs (docs/office-exchange.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_office_journal"
down_revision = "0010_feed_time_nationalities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_journal",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("parent", sa.String(length=36), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("hlc", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=48), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
    )
    op.create_index(
        "ix_office_journal_device_counter", "office_journal", ["device_id", "counter"], unique=True
    )
    op.create_index("ix_office_journal_request", "office_journal", ["request_id"])
    op.create_index("ix_office_journal_hlc", "office_journal", ["hlc"])


def downgrade() -> None:
    op.drop_index("ix_office_journal_hlc", table_name="office_journal")
    op.drop_index("ix_office_journal_request", table_name="office_journal")
    op.drop_index("ix_office_journal_device_counter", table_name="office_journal")
    op.drop_table("office_journal")
