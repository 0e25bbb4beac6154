"""client-side sync bookkeeping: per-row feed positions, media, extra bulletin/case fields

Revision ID: 0003_sync_client
Revises: 0002_sync
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003_sync_client'
down_revision = '0002_sync'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_rows',
    sa.Column('t', sa.String(length=1), nullable=False),
    sa.Column('i', sa.String(length=36), nullable=False),
    sa.Column('s', sa.Integer(), nullable=False),
    sa.Column('lane', sa.Integer(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('bad', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('t', 'i', name=op.f('pk_sync_rows'))
    )
    with op.batch_alter_table('sync_rows', schema=None) as batch_op:
        batch_op.create_index('ix_sync_rows_lane_live', ['lane', 'live'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_rows_i'), ['i'], unique=False)

    op.create_table('media',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_type', sa.String(length=1), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('thumb_sha256', sa.String(length=64), nullable=False),
    sa.Column('thumb_size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('server_seq', sa.Integer(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media'))
    )
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('bulletins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('charges', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('summary')
    with op.batch_alter_table('bulletins', schema=None) as batch_op:
        batch_op.drop_column('charges')
        batch_op.drop_column('issuer')
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_owner_id'))
    op.drop_table('media')
    with op.batch_alter_table('sync_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_rows_i'))
        batch_op.drop_index('ix_sync_rows_lane_live')
    op.drop_table('sync_rows')
