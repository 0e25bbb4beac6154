"""The ``meta`` table: named values of this installation's store, read and written one way.

Every key the program uses is named here, so a reader finds in one place what the store
remembers between runs (the enrolled server, the sync cursor's companions, the state of
the last sync attempt).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.store.models import Meta

# Enrolment: the server this PC belongs to.
META_SERVER_URL = "server_url"
META_SERVER_ID = "server_id"
META_OFFICE = "office_code"
META_DEVICE_ID = "device_id"
#: The publisher's Ed25519 public key pinned at enrolment (signs feed pages and snapshots).
META_PUBLISHER_KEY = "sync.publisher_key"

# Sync: what the last cycle left for the next one (and for the status).
META_LAST_SYNC = "last_sync_server_time"
META_HEAD = "sync.head"
META_NEXT = "sync.next_attempt"
META_FAILURES = "sync.failures"
META_ERROR = "sync.last_error"
META_STATE = "sync.state"
META_PAGE_BYTES = "sync.page_bytes"
META_RATE = "sync.rate"
META_AUDIT_SENT = "sync.audit_enqueued_seq"

#: The server's X25519 key USB outbox bundles are encrypted to, pinned at enrolment.
META_USB_SERVER_KEY = "usb.server_key"

# Snapshot import (one key per snapshot id, the id appended).
META_SNAPSHOT_NEXT_FRAME = "snapshot.next_frame."
META_SNAPSHOT_DONE = "snapshot.done."

# The name index's key algorithm version (rebuilt when it changes).
META_SEARCH_KEY_VERSION = "search.key_algo_version"


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    """The stored value of ``key``, or ``default``."""
    row = session.get(Meta, key)
    return row.value if row is not None else default


def set_meta(session: Session, key: str, value: str | None) -> None:
    """Store ``value`` under ``key`` (``None`` removes the key)."""
    row = session.get(Meta, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
