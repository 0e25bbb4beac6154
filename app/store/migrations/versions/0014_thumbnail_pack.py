"""thumbnail_pack: thumbnails inside the encrypted store instead of one file each

Revision ID: 0014_thumbnail_pack
Revises: 0013_carried_outbox

A thumbnail (3-6 KB) stored as its own encrypted file took a whole 4 KB block or two
plus a directory entry: about 24 MB of blocks for 16 MB of thumbnails per 10,000
bulletins. They now live back to back in segments of up to 64 KiB
(``thumbnail_segments``, indexed by ``thumbnail_pack``) in the SQLCipher database
(encrypted with it, written in the transaction that applies their media rows).
Thumbnail files of earlier versions are moved in by the sync engine, a few hundred per
cycle (``BlobStore.pack_legacy_thumbnails``): a file is removed only after its row is
committed, so the move resumes after any interruption, and a thumbnail is readable from
either place meanwhile.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_thumbnail_pack"
down_revision = "0013_carried_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thumbnail_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thumbnail_segments")),
    )
    op.create_table(
        "thumbnail_pack",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_thumbnail_pack")),
    )
    op.create_index(op.f("ix_thumbnail_pack_segment"), "thumbnail_pack", ["segment"])


def downgrade() -> None:
    op.drop_index(op.f("ix_thumbnail_pack_segment"), table_name="thumbnail_pack")
    op.drop_table("thumbnail_pack")
    op.drop_table("thumbnail_segments")
