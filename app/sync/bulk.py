"""Helpers the appliers share: Core tables of ORM models, bulk execution in bounded
pieces, and whether a failure is a row's fault or the store's."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.store.batches import chunked


def isolable(exc: Exception) -> bool:
    """True for an error caused by one row's content; False for the store's own trouble.

    A locked, full or unreadable database (``OperationalError``) is not the row's fault:
    it stops the page (nothing is committed) and the cycle reports a local error.
    """
    return not isinstance(exc, OperationalError | MemoryError)


def problem_of(exc: Exception) -> str:
    """The reason recorded for a row that could not be applied."""
    from pydantic import ValidationError

    return "schema" if isinstance(exc, ValidationError | ValueError | KeyError) else "unstorable"


def table_of(model: Any) -> Table:
    """The Core table of an ORM model (typed for Core statements)."""
    return cast(Table, model.__table__)


def bulk(session: Session, stmt: Any, values: list[dict[str, Any]]) -> None:
    """Execute ``stmt`` for ``values`` in bounded pieces."""
    for part in chunked(values):
        session.execute(stmt, part)
