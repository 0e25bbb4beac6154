"""bulletin list index: (deleted, issued_on) so the list pages by index, not by table scan

Revision ID: 0005_bulletin_list_index
Revises: 0004_search_keys

The bulletin list shows live bulletins newest first. With this index, counting them and
finding the row at any position of a 1,000,000-row list read only the index (the rowid is
part of every SQLite index entry), instead of the whole encrypted table.
"""

from __future__ import annotations

from alembic import op

revision = "0005_bulletin_list_index"
down_revision = "0004_search_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_bulletins_list", "bulletins", ["deleted", "issued_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_bulletins_list", table_name="bulletins")
