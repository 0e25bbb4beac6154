"""An outbox export that did not finish (killed, power cut) is undone by the next one.

The bundle file and the store cannot change in one atomic step, so an export records
where it is about to write (``usb.export_open``: the bundle id and path) in its own
committed transaction first. Then it writes the parts under ``.tmp`` names, fsyncs and
renames them, and only then commits the items as ``carried`` together with the removal
of that record. So, after any crash:

- no record: nothing was started, or the export finished (its file is complete);
- a record: the items are still queued, and the bundle's files (``.tmp`` parts, or even
  complete parts renamed just before the crash) are leftovers nobody has receipts for.
  :func:`discard_unfinished_export` deletes them and drops the record; the next export
  carries the items in a new bundle. Were a leftover carried to the server anyway, its
  items would be receipted once there: the server's idempotency records make any later
  arrival a ``duplicate``.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from app.context import Desk
from app.store.meta import get_meta, set_meta

log = logging.getLogger(__name__)

#: JSON ``{"bundle_id", "path"}`` of the export in progress (absent when none is).
META_EXPORT_OPEN = "usb.export_open"


def record_export_start(desk: Desk, bundle_id: str, path: Path) -> None:
    """Commit the record of an export about to write ``path`` (before any byte of it)."""
    with desk.store.write() as s:
        set_meta(s, META_EXPORT_OPEN, json.dumps({"bundle_id": bundle_id, "path": str(path)}))


def unfinished_export(desk: Desk) -> tuple[str, Path] | None:
    """``(bundle id, path)`` of an export that was started and never committed."""
    with desk.store.read() as s:
        text = get_meta(s, META_EXPORT_OPEN)
    if not text:
        return None
    try:
        doc = json.loads(text)
        return str(doc["bundle_id"]), Path(str(doc["path"]))
    except (ValueError, KeyError, TypeError):
        return "", Path()


def bundle_files(path: Path) -> list[Path]:
    """Every file of the bundle ``path`` on disk: its parts and their ``.tmp`` forms."""
    if not path.name:
        return []
    shape = re.compile(re.escape(path.name) + r"(\.\d{3})?(\.tmp)?")
    try:
        names = [p for p in path.parent.iterdir() if shape.fullmatch(p.name)]
    except OSError:
        return []
    return sorted(names)


def discard_unfinished_export(desk: Desk) -> int:
    """Delete the files of an export that never committed; return how many were deleted.

    Its items were never marked carried, so they are still queued. A stick that is not
    plugged in any more cannot be cleaned: the record is dropped all the same (a
    leftover file that later reaches the server is answered with ``duplicate``).
    """
    found = unfinished_export(desk)
    if found is None:
        return 0
    bundle_id, path = found
    deleted = 0
    for name in bundle_files(path):
        try:
            name.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("unfinished bundle file not deleted: %s", exc.strerror or exc)
    with desk.store.write() as s:
        set_meta(s, META_EXPORT_OPEN, None)
    log.info("unfinished outbox bundle %s discarded (%d files)", bundle_id, deleted)
    return deleted
