"""Long lists in bounded pieces: ``IN (...)`` lists and bulk inserts stay well below
SQLite's parameter limit, and a transaction never builds one enormous statement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Items per statement (ids in an ``IN`` list, rows in an ``executemany``).
SQL_BATCH = 500


def chunked(items: Sequence[T], size: int = SQL_BATCH) -> Iterator[Sequence[T]]:
    """Consecutive non-empty slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
