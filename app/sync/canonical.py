"""Canonical forms both sides hash and sign: pure standard library, cheap to import.

``app.sync.protocol`` re-exports everything here; the core's audit chain and workflow
import this module directly so that opening the store does not load the wire schemas.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

PROTOCOL_VERSION = 1


def canonical_json(obj: Any) -> bytes:
    """Serialise ``obj`` canonically: sorted keys, no spaces, UTF-8, no NaN.

    Both sides hash and sign this form, so it must never change for a protocol version.
    """
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


#: The fields of an outgoing request that an approval covers, in canonical form.
REQUEST_CONTENT_FIELDS = (
    "request_type",
    "priority",
    "due_date",
    "recipients",
    "subjects",
    "body",
    "handling_code",
    "attachments",
)


#: Summary fields a request subject may carry besides ``kind`` and ``ref`` (see
#: :mod:`app.subjects`): what a supervisor reads, so the content hash covers them.
SUBJECT_SUMMARY_KEYS = ("number", "subtype", "label", "born", "nationality", "country", "place")


def canonical_subject(subject: dict[str, str]) -> dict[str, str]:
    """A subject reduced to ``kind``, ``ref`` and its non-empty summary fields."""
    out = {"kind": subject["kind"], "ref": subject["ref"]}
    for key in SUBJECT_SUMMARY_KEYS:
        value = subject.get(key)
        if value:
            out[key] = str(value)
    return out


def request_content(
    *,
    request_type: str,
    priority: str,
    due_date: str | None,
    recipients: list[str],
    subjects: list[dict[str, str]],
    body: str,
    handling_code: str,
    attachments: list[str],
) -> dict[str, Any]:
    """Return the canonical content of a request, the thing an approval is bound to.

    Recipients and attachment hashes are order-insensitive sets; subjects keep their order
    (the drafter ranks them) and each is reduced to :func:`canonical_subject`: its kind,
    its reference and the summary a supervisor reads (number, title or name, ...), so an
    approval covers the words that were approved, not only the ids behind them.
    """
    return {
        "request_type": request_type,
        "priority": priority,
        "due_date": due_date,
        "recipients": sorted(set(recipients)),
        "subjects": [canonical_subject(s) for s in subjects],
        "body": body,
        "handling_code": handling_code,
        "attachments": sorted(set(attachments)),
    }


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 hex digest of the canonical JSON of ``content``."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


#: Decisions a signed event can carry.
SIGNED_DECISIONS = ("approve", "return", "withdraw", "hit")


def signing_payload(
    *,
    item_id: str,
    request_id: str,
    content_hash: str,
    decision: str,
    actor_id: str,
    actor_username: str,
    at: str,
) -> bytes:
    """The exact bytes an author signs (Ed25519) for an approval, return, withdrawal or hit.

    ``item_id`` (the outbox item's UUID) makes each signature single-use: the server
    refuses a signature it has already seen on another item (replay). ``at`` is the
    author's UTC ISO-8601 timestamp, informative only (device clocks are not trusted).
    """
    if decision not in SIGNED_DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    return canonical_json(
        {
            "v": PROTOCOL_VERSION,
            "item_id": item_id,
            "request_id": request_id,
            "content_hash": content_hash,
            "decision": decision,
            "actor_id": actor_id,
            "actor_username": actor_username,
            "at": at,
        }
    )


def format_timestamp(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and ``Z``: ``2025-03-01T09:30:00.000Z``."""
    # isoformat of an aware UTC time ends in "+00:00" (and is several times cheaper than
    # strftime; every receipt and answer carries a timestamp).
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def parse_timestamp(text: str) -> datetime:
    """Parse a protocol timestamp (any ISO-8601 with an offset or ``Z``) to aware UTC.

    Raises:
        ValueError: not a timestamp with a time zone.
    """
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("timestamp without a time zone")
    return moment.astimezone(UTC)


#: Namespace of audit event ids derived from the chain (:func:`derived_event_id`).
AUDIT_ID_NAMESPACE = uuid.UUID("6f0c7a52-3f1e-5d8b-9c2a-4e5b6d7f8a90")


def derived_event_id(previous_hex: str) -> str:
    """The id of the audit event that follows the chain head ``previous_hex``.

    Every event after a chain's first takes this id (the first, after the genesis head,
    keeps a random one). The head covers every earlier event, the first event's random
    id included, so the id is unique across PCs; and the server, which walks the chain
    anyway to check it, can work the id out: a batch sent to a server that says so in
    ``hello`` leaves these ids out (``app.sync.protocol.compact_audit_events``), 16 bytes
    of entropy each that do not compress, more than 60 bytes per pushed request.
    """
    return str(uuid.uuid5(AUDIT_ID_NAMESPACE, previous_hex))
