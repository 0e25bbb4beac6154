"""Alembic environment: always given a live connection by app.store.migrate."""

from __future__ import annotations

from alembic import context

import app.search.tables  # noqa: F401 - registers the search tables on Base.metadata
from app.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("District Desk migrations run through app.store.migrate only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
