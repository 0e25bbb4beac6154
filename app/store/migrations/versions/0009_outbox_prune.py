"""outbox prune: a sent item keeps its receipt, not its payload

Revision ID: 0009_outbox_prune
Revises: 0008_bulletin_filter_indexes

Done outbox items kept their whole payload (42.7 MB, 17 % of a two-year store; an audit
batch repeats every event of ``audit_events``). Exactly-once needs only what identifies
the item and its answer: the id (the idempotency key), the content hash, the signature
and the server's receipt. Once an item is done with a receipt its payload is replaced by
``{"pruned": true, "bytes": <size it had>}``, by a trigger, so every path that marks an
item done (a receipt, a request seen as sent in the feed) prunes it in the same
transaction. A second trigger keeps a pruned item done: it can never be sent again with
a body the server would not recognise (the server answers a repeat of the original body
with the stored receipt, so nothing is ever applied twice either way).

Items already done are pruned by this migration.
"""

from __future__ import annotations

from alembic import op

revision = "0009_outbox_prune"
down_revision = "0008_bulletin_filter_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE outbox SET payload = json_object('pruned', json('true'), 'bytes', "
        "length(payload)) WHERE state = 'done' AND receipt IS NOT NULL"
    )
    op.execute(
        "CREATE TRIGGER tr_outbox_prune_done AFTER UPDATE OF state, receipt ON outbox "
        "WHEN NEW.state = 'done' AND NEW.receipt IS NOT NULL "
        "AND json_extract(NEW.payload, '$.pruned') IS NULL "
        "BEGIN UPDATE outbox SET payload = json_object('pruned', json('true'), 'bytes', "
        "length(payload)) WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER tr_outbox_pruned_stays_done AFTER UPDATE OF state ON outbox "
        "WHEN OLD.state = 'done' AND NEW.state != 'done' "
        "AND json_extract(OLD.payload, '$.pruned') IS NOT NULL "
        "BEGIN UPDATE outbox SET state = 'done', receipt = OLD.receipt WHERE id = NEW.id; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS tr_outbox_pruned_stays_done")
    op.execute("DROP TRIGGER IF EXISTS tr_outbox_prune_done")
