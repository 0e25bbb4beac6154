"""bulletin filter indexes: every filter of the bulletin list is an index range

Revision ID: 0008_bulletin_filter_indexes
Revises: 0007_lane_digests

The bulletin list filters by kind, issuing country, "hide cancelled" and "urgent only",
and sorts newest first. Before this revision only the unfiltered list had an index
(``ix_bulletins_list``); a filtered count read every row of the table, which at 100,000
bulletins no longer fits SQLite's page cache (0.8 s on the GUI thread). Now:

- kind and country: ``(deleted, kind|issuing_country, issued_on)``, so the rows of one
  kind or country come in list order (the rowid, SQLite's tie-breaker, ends every index
  entry) and counting them reads the index only;
- hide cancelled and urgent only: partial indexes over ``issued_on`` holding only the
  live, not-cancelled (or urgent) bulletins, so counting them reads nothing else.

The single-column ``kind`` and ``issuing_country`` indexes stay (other queries use them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_bulletin_filter_indexes"
down_revision = "0007_lane_digests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_bulletins_kind_list",
        "bulletins",
        ["deleted", "kind", "issued_on"],
        unique=False,
    )
    op.create_index(
        "ix_bulletins_country_list",
        "bulletins",
        ["deleted", "issuing_country", "issued_on"],
        unique=False,
    )
    op.create_index(
        "ix_bulletins_not_cancelled",
        "bulletins",
        ["issued_on"],
        unique=False,
        sqlite_where=sa.text("deleted = 0 AND cancelled = 0"),
    )
    op.create_index(
        "ix_bulletins_urgent",
        "bulletins",
        ["issued_on"],
        unique=False,
        sqlite_where=sa.text("deleted = 0 AND urgent = 1"),
    )


def downgrade() -> None:
    for name in (
        "ix_bulletins_urgent",
        "ix_bulletins_not_cancelled",
        "ix_bulletins_country_list",
        "ix_bulletins_kind_list",
    ):
        op.drop_index(name, table_name="bulletins")
