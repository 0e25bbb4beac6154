"""bulletins: time of day of issue; persons: every nationality

Revision ID: 0010_feed_time_nationalities
Revises: 0009_outbox_prune

Protocol 2 bulletins carry the time of day of issue (``tm``, ``HH:MM``, the issuer's
time) and persons may hold several nationalities (``cs``, ISO 3166 alpha-2 codes). The
first nationality stays in ``persons.nationality`` (what search and the lists use); every
one of them is kept in ``persons.nationalities``, space-separated. A bulletin's thumbnail
reference (``th``) goes to the existing ``bulletins.thumb_sha256``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_feed_time_nationalities"
down_revision = "0009_outbox_prune"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bulletins") as batch:
        batch.add_column(sa.Column("issued_time", sa.String(length=5), nullable=True))
    with op.batch_alter_table("persons") as batch:
        batch.add_column(
            sa.Column("nationalities", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("nationalities")
    with op.batch_alter_table("bulletins") as batch:
        batch.drop_column("issued_time")
