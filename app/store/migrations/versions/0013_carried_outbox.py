"""outbox: the USB bundle an item was carried in

Revision ID: 0013_carried_outbox
Revises: 0011_office_journal

An outbox item written to a USB outbox bundle moves to the new state ``carried`` (the
state column is a plain string, so no constraint changes) and records the bundle's id in
``outbox.bundle_id``; the receipt (online or from the return bundle) makes it ``done``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_carried_outbox"
down_revision = "0011_office_journal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("bundle_id", sa.String(length=36), nullable=True))
        batch.create_index("ix_outbox_bundle_id", ["bundle_id"])


def downgrade() -> None:
    op.execute("UPDATE outbox SET state = 'pending' WHERE state = 'carried'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_bundle_id")
        batch.drop_column("bundle_id")
