"""Load a bulletin corpus (``bench/make_bulletin_corpus.py``) into a reference server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read_corpus(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The bulletins of a JSON-lines corpus file, at most ``limit`` of them."""
    with path.open(encoding="utf-8") as fh:
        for count, line in enumerate(fh):
            if limit is not None and count >= limit:
                return
            if line.strip():
                yield json.loads(line)


def publish_corpus(db: Any, path: Path, limit: int | None = None, batch: int = 500) -> list[str]:
    """Publish a corpus into the server database ``db``; return the bulletin ids."""
    from server import feed, operator

    ids: list[str] = []
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        with db.write() as session:
            first = feed.allocate_seq(session, len(pending))
            for offset, doc in enumerate(pending):
                data = {k: v for k, v in doc.items() if k != "id"}
                operator.publish_bulletin(session, data, doc["id"], new=True, seq=first + offset)
                ids.append(doc["id"])
        pending.clear()

    for doc in read_corpus(path, limit):
        pending.append(doc)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return ids
