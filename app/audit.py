"""The append-only, hash-chained audit log.

``h_i = SHA-256(h_{i-1} || canonical(event_i))`` with ``h_0`` = 64 zeros. Events are
appended in the same transaction as the action they record. The newest link is also kept
in ``meta`` so that cutting events off the end is detected, and the chain head is uploaded
with sync so the server can anchor it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.store.models import AuditEvent, Meta, new_id, utcnow
from app.sync.protocol import canonical_json

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


class Action:
    """Names of audited actions (stable strings, also used by the server)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_UNLOCKED = "account_unlocked"
    LOGOUT = "logout"
    SESSION_LOCKED = "session_locked"
    USER_CREATED = "user_created"
    VIEW = "view"
    SEARCH = "search"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    WITHDRAW = "withdraw"
    QUEUE = "queue"
    EXPORT = "export"
    PRINT = "print"
    SYNC = "sync"
    HIT = "hit"
    ENROL = "enrol"
    SETTINGS = "settings"


def _timestamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    """The chained hash of one event."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(fields)).hexdigest()


def _fields(
    seq: int,
    ident: str,
    at: str,
    actor_id: str | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": ident,
        "at": at,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "details": details,
    }


def record(
    session: Session,
    action: str,
    *,
    actor_id: str | None = None,
    actor_name: str = "",
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's (write) transaction.

    The caller's transaction must be a write transaction (``Store.write``), which holds the
    database write lock, so numbering and chaining cannot race.
    """
    head = session.get(Meta, HEAD_KEY)
    if head is not None:
        last_seq_s, prev_hash = head.value.split(":", 1)
        last_seq = int(last_seq_s)
    else:
        last_seq = session.scalar(select(func.max(AuditEvent.seq))) or 0
        prev = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == last_seq))
        prev_hash = prev or GENESIS
    seq = last_seq + 1
    at = utcnow()
    ident = new_id()
    det = details or {}
    digest = event_digest(
        prev_hash,
        _fields(seq, ident, _timestamp(at), actor_id, actor_name, action, target_type,
                target_id, det),
    )
    ev = AuditEvent(
        seq=seq, id=ident, at=at, actor_id=actor_id, actor_name=actor_name, action=action,
        target_type=target_type, target_id=target_id, details=det, prev_hash=prev_hash,
        hash=digest,
    )
    session.add(ev)
    value = f"{seq}:{digest}"
    if head is None:
        session.add(Meta(key=HEAD_KEY, value=value))
    else:
        head.value = value
    session.flush()
    return ev


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of :func:`verify`; ``bad_seq`` names the first bad event."""

    ok: bool
    count: int
    bad_seq: int | None = None
    problem: str = ""


def verify(engine: Engine) -> VerifyResult:
    """Check the whole chain: contents, links, numbering and the recorded head."""
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, id, at, actor_id, actor_name, action, target_type, target_id, "
            "details, prev_hash, hash FROM audit_events ORDER BY seq"
        )
        for seq, ident, at, actor_id, actor_name, action, ttype, tid, det, prev, digest in rows:
            if seq != expected_seq:
                return VerifyResult(False, count, expected_seq, "missing")
            if prev != prev_hash:
                return VerifyResult(False, count, seq, "broken_link")
            try:
                details = json.loads(det) if det else {}
            except ValueError:
                return VerifyResult(False, count, seq, "altered")
            fields = _fields(seq, ident, at, actor_id, actor_name, action, ttype, tid, details)
            if event_digest(prev_hash, fields) != digest:
                return VerifyResult(False, count, seq, "altered")
            prev_hash = digest
            expected_seq += 1
            count += 1
        head = conn.exec_driver_sql(
            "SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)
        ).scalar()
    if head is not None:
        head_seq, head_hash = str(head).split(":", 1)
        if int(head_seq) != count or head_hash != prev_hash:
            return VerifyResult(False, count, count + 1, "truncated")
    elif count:
        return VerifyResult(False, count, count, "head_missing")
    return VerifyResult(True, count)


def chain_head(session: Session) -> tuple[int, str]:
    head = session.get(Meta, HEAD_KEY)
    if head is None:
        return 0, GENESIS
    seq, digest = head.value.split(":", 1)
    return int(seq), digest
