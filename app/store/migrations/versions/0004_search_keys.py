"""search index: name keys, indexed persons and the FTS5 prefix table

Revision ID: 0004_search_keys
Revises: 0003_sync_client

The keys of persons already in the store are computed here with the key algorithm of the
installed version (app.search.index.rebuild); later changes of the algorithm are picked up
at start-up by app.search.index.ensure_current.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_search_keys"
down_revision = "0003_sync_client"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_persons",
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("algo_version", sa.Integer(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_search_persons")),
        sa.UniqueConstraint("person_id", name=op.f("uq_search_persons_person_id")),
    )
    with op.batch_alter_table("search_persons", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_persons_algo_version"), ["algo_version"], unique=False
        )
    op.create_table(
        "name_keys",
        sa.Column("key_type", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key_type", "key", "ref", name=op.f("pk_name_keys")),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "search_tokens",
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("forms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_search_tokens")),
        sqlite_with_rowid=False,
    )

    from app.search import index

    bind = op.get_bind()
    op.execute(index.fts_ddl(index.sqlite_version(bind)))
    index.rebuild(bind)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS name_fts")
    op.execute("DELETE FROM meta WHERE key = 'search.key_algo_version'")
    op.drop_table("search_tokens")
    op.drop_table("name_keys")
    with op.batch_alter_table("search_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_persons_algo_version"))
    op.drop_table("search_persons")
