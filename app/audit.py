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
from pathlib import Path
from typing import Any, Protocol

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.store.models import AuditEvent, Meta, format_store_time, new_id, utcnow
from app.sync.canonical import canonical_json, derived_event_id

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
    BUNDLE_RELEASE = "bundle_release"
    BUNDLE_IMPORT = "bundle_import"
    #: A PC of another office or an unknown device tried the office LAN exchange.
    PEER_REFUSED = "peer_refused"


def _timestamp(at: datetime) -> str:
    return format_store_time(at)


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
    database write lock, so numbering and chaining cannot race. The returned event is a
    detached copy of the row written.
    """
    # Plain SQL on the session's connection rather than the unit of work: this runs inside
    # every audited action, and three statements cost a fraction of an ORM flush (see
    # bench/bench_core.py). Nothing here depends on pending ORM objects.
    conn = session.connection()
    head = conn.exec_driver_sql(_HEAD_SQL, (HEAD_KEY,)).scalar()
    if head is not None:
        last_seq_s, prev_hash = str(head).split(":", 1)
        last_seq = int(last_seq_s)
    else:
        last_seq = conn.exec_driver_sql("SELECT max(seq) FROM audit_events").scalar() or 0
        prev = conn.exec_driver_sql(
            "SELECT hash FROM audit_events WHERE seq = ?", (last_seq,)
        ).scalar()
        prev_hash = prev or GENESIS
    seq = last_seq + 1
    at = utcnow()
    at_s = _timestamp(at)
    # After the first event the id comes from the chain (unique: the head covers the first
    # event's random id), so a push can leave it out and the server work it out again.
    ident = new_id() if prev_hash == GENESIS else derived_event_id(prev_hash)
    det = details or {}
    digest = event_digest(
        prev_hash,
        _fields(seq, ident, at_s, actor_id, actor_name, action, target_type, target_id, det),
    )
    conn.exec_driver_sql(
        _INSERT_SQL,
        (
            seq,
            ident,
            at_s,
            actor_id,
            actor_name,
            action,
            target_type,
            target_id,
            _encode_details(det),
            prev_hash,
            digest,
        ),
    )
    value = f"{seq}:{digest}"
    if head is None:
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES (?, ?)", (HEAD_KEY, value))
    else:
        conn.exec_driver_sql("UPDATE meta SET value = ? WHERE key = ?", (value, HEAD_KEY))
    cached = session.identity_map.get(session.identity_key(Meta, HEAD_KEY))
    if cached is not None:  # a head loaded earlier in this session must not go stale
        session.expire(cached)
    return AuditEvent(
        seq=seq,
        id=ident,
        at=at,
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=det,
        prev_hash=prev_hash,
        hash=digest,
        uploaded=False,
    )


_HEAD_SQL = "SELECT value FROM meta WHERE key = ?"
_INSERT_SQL = (
    "INSERT INTO audit_events (seq, id, at, actor_id, actor_name, action, target_type, "
    "target_id, details, prev_hash, hash, uploaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
)


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of :func:`verify`; ``bad_seq`` names the first bad event."""

    ok: bool
    count: int
    bad_seq: int | None = None
    problem: str = ""


def verify(engine: Engine) -> VerifyResult:
    """Check the whole chain: contents, links, numbering and the recorded head.

    Raises:
        StoreError: typed, when the store itself cannot be read (damaged pages).
    """
    try:
        return _verify(engine)
    except (OperationalError, SADatabaseError, sqlcipher.Error) as exc:
        from app.store.db import classify_sqlite_error

        raise classify_sqlite_error(exc, Path(engine.url.database or "")) from exc


# The canonical JSON of an event, built directly: the keys are fixed, so writing them in
# sorted order here gives the same bytes as ``canonical_json`` (a test holds the two
# together) at a fraction of the cost, which keeps verifying 100,000 events fast.
_enc = json.encoder.encode_basestring
_encode_details = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


def fast_event_bytes(
    seq: Any,
    ident: Any,
    at: Any,
    actor_id: Any,
    actor_name: Any,
    action: Any,
    target_type: Any,
    target_id: Any,
    details_json: str,
) -> bytes:
    """``canonical_json`` of an event's fields; ``details_json`` is already canonical.

    A value of another type than the chain stores (only a tampered row has one) goes
    through ``canonical_json`` itself.
    """
    try:
        return (
            f'{{"action":{_enc(action)},'
            f'"actor_id":{"null" if actor_id is None else _enc(actor_id)},'
            f'"actor_name":{_enc(actor_name)},"at":{_enc(at)},"details":{details_json},'
            f'"id":{_enc(ident)},"seq":{seq},"target_id":{_enc(target_id)},'
            f'"target_type":{_enc(target_type)}}}'
        ).encode()
    except TypeError:
        return canonical_json(
            _fields(
                seq,
                ident,
                at,
                actor_id,
                actor_name,
                action,
                target_type,
                target_id,
                json.loads(details_json),
            )
        )


def _verify(engine: Engine) -> VerifyResult:
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    sha256 = hashlib.sha256
    loads = json.loads
    # Details repeat a lot ({"state": "draft"}, {"mode": "offline"}...): canonicalise each
    # distinct stored text once.
    canonical_details: dict[str | None, str] = {}
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "SELECT seq, id, at, actor_id, actor_name, action, target_type, target_id, "
            "details, prev_hash, hash FROM audit_events ORDER BY seq"
        )
        while True:
            batch = cur.fetchmany(2000)
            if not batch:
                break
            for (
                seq,
                ident,
                at,
                actor_id,
                actor_name,
                action,
                ttype,
                tid,
                det,
                prev,
                digest,
            ) in batch:
                if seq != expected_seq:
                    return VerifyResult(False, count, expected_seq, "missing")
                if prev != prev_hash:
                    return VerifyResult(False, count, seq, "broken_link")
                try:
                    details = canonical_details.get(det)
                    if details is None:
                        details = _encode_details(loads(det) if det else {})
                        if len(canonical_details) < 20_000:
                            canonical_details[det] = details
                    data = fast_event_bytes(
                        seq, ident, at, actor_id, actor_name, action, ttype, tid, details
                    )
                except (ValueError, TypeError):
                    return VerifyResult(False, count, seq, "altered")
                if sha256(prev_hash.encode("ascii") + data).hexdigest() != digest:
                    return VerifyResult(False, count, seq, "altered")
                prev_hash = digest
                expected_seq += 1
                count += 1
        cur.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,))
        row = cur.fetchone()
        head = row[0] if row else None
        cur.close()
    finally:
        raw.close()
    if head is not None:
        head_seq_s, head_hash = str(head).split(":", 1)
        head_seq = int(head_seq_s)
        if head_seq > count:  # events cut off the end
            return VerifyResult(False, count, count + 1, "truncated")
        if head_seq < count:  # events added behind the recorded head
            return VerifyResult(False, count, head_seq + 1, "beyond_head")
        if head_hash != prev_hash:  # the last event rewritten with a recomputed hash
            return VerifyResult(False, count, count, "altered")
    elif count:
        return VerifyResult(False, count, count, "head_missing")
    return VerifyResult(True, count)


# --- the head the regional server acknowledged --------------------------------------------

#: Keyring entry holding ``"<seq>:<hash>"`` of the newest event the server anchored. It
#: lives outside the store on purpose: restoring an older copy of the database, or losing
#: the end of its WAL, cannot take it back with the data.
ANCHOR_ENTRY = "audit-anchor"


class SecretStore(Protocol):
    """What the anchor needs of :class:`app.credentials.Credentials`."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


@dataclass(frozen=True)
class Anchor:
    """An audit chain head the server acknowledged."""

    seq: int
    hash: str


def load_anchor(secrets: SecretStore) -> Anchor | None:
    """The acknowledged head, or None before the first accepted upload (or if unreadable)."""
    text = secrets.get(ANCHOR_ENTRY)
    if not text:
        return None
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        return None
    return Anchor(int(seq), digest)


def remember_anchor(secrets: SecretStore, seq: int, digest: str) -> None:
    """Record that the server anchored the chain at ``seq`` (never moves backwards)."""
    current = load_anchor(secrets)
    if current is None or seq >= current.seq:
        secrets.set(ANCHOR_ENTRY, f"{seq}:{digest}")


def anchor_problem(engine: Engine, anchor: Anchor | None) -> str | None:
    """How the local chain disagrees with the acknowledged head, if it does.

    Returns:
        None when the chain contains the anchored event unchanged (or nothing was anchored
        yet); ``"behind"`` when the store ends before it (committed work was lost: a
        truncated WAL, an older copy restored); ``"diverged"`` when the event at that
        position is another one.

    Raises:
        StoreError: typed, when the store itself cannot be read.
    """
    if anchor is None:
        return None
    try:
        with engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT hash FROM audit_events WHERE seq = ?", (anchor.seq,)
            ).scalar()
    except (OperationalError, SADatabaseError, sqlcipher.Error) as exc:
        from app.store.db import classify_sqlite_error

        raise classify_sqlite_error(exc, Path(engine.url.database or "")) from exc
    if found is None:
        return "behind"
    if found != anchor.hash:
        return "diverged"
    return None
