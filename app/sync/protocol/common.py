"""Signing helpers and the common wire schemas (envelope, error body, roles)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.sync.canonical import (
    PROTOCOL_VERSION,
    canonical_json,
    derived_event_id,
    signing_payload,
)

#: Outbox kinds that must carry an Ed25519 signature, and the decision each one signs.
SIGNED_KINDS: dict[str, str] = {
    "approval": "approve",
    "return": "return",
    "withdrawal": "withdraw",
    "hit": "hit",
}


def signing_payload_for_item(item_id: str, payload: Mapping[str, Any]) -> bytes:
    """:func:`signing_payload` with the fields taken from a signed item's ``payload``.

    For a hit, ``request_id`` carries the id of the bulletin that was hit and
    ``content_hash`` is ``content_hash(payload["content"])``; for an approval, return or
    withdrawal it is the request's id and ``content_hash(request_content(...))``.

    Raises:
        KeyError: a required field is missing from ``payload``.
        ValueError: the decision is unknown.
    """
    return signing_payload(
        item_id=item_id,
        request_id=payload["request_id"],
        content_hash=payload["content_hash"],
        decision=payload["decision"],
        actor_id=payload["actor_id"],
        actor_username=payload["actor_username"],
        at=payload["at"],
    )


def key_id_for(public_key: bytes) -> str:
    """Stable id of a raw 32-byte Ed25519 public key: first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def b64encode(data: bytes) -> str:
    """Standard base64 with padding, as used for keys and signatures on the wire."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict inverse of :func:`b64encode`.

    Raises:
        ValueError: not valid base64.
    """
    return base64.b64decode(text.encode("ascii"), validate=True)


#: The chain head before the first audit event.
AUDIT_GENESIS = "0" * 64


def audit_chain_next(previous_hex: str, event: Mapping[str, Any]) -> str:
    """``h_i = SHA-256(h_{i-1} || canonical_json(event_i))``, ``h_{i-1}`` as ASCII hex."""
    return hashlib.sha256(previous_hex.encode("ascii") + canonical_json(dict(event))).hexdigest()


#: ``hello`` feature: the server fills in audit event ids left out of a batch.
FEATURE_DERIVED_AUDIT_IDS = "derived_audit_ids"


def compact_audit_events(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` (an ``audit_batch``'s) with every event id that :func:`derived_event_id`
    gives left out (:func:`expand_audit_events` puts them back)."""
    head = str(payload["prev_head"])
    events: list[dict[str, Any]] = []
    for event in payload["events"]:
        doc = dict(event)
        if head != AUDIT_GENESIS and doc.get("id") == derived_event_id(head):
            del doc["id"]
        events.append(doc)
        head = audit_chain_next(head, event)
    return {**payload, "events": events}


def expand_audit_events(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with the event ids :func:`compact_audit_events` left out put back,
    walking the chain from ``prev_head`` (events that carry an id keep it; a payload
    that is not a well-formed batch is returned as it is, for the schema to refuse)."""
    head, events = payload.get("prev_head"), payload.get("events")
    if not isinstance(head, str) or not isinstance(events, list):
        return dict(payload)
    out: list[dict[str, Any]] = []
    for event in events:
        if not isinstance(event, dict):
            return dict(payload)
        if "id" not in event:
            # The canonical form sorts keys: where "id" sits in the dict does not matter.
            event = {**event, "id": derived_event_id(head)}
        out.append(event)
        head = audit_chain_next(head, event)
    return {**payload, "events": out}


# --------------------------------------------------------------------------------------
# Wire schemas: common
# --------------------------------------------------------------------------------------


class WireModel(BaseModel):
    """Base of every wire schema: unknown fields are ignored (forward compatible)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Envelope(WireModel):
    """Base of every JSON response body; ``dd`` marks it as District Desk's."""

    dd: int = PROTOCOL_VERSION


class ErrorDetail(WireModel):
    """The ``error`` object of an error body."""

    code: str
    message: str
    retry_after: int | None = None
    #: Extra machine-readable facts (``offset`` for ``offset_mismatch``, ...).
    details: dict[str, Any] | None = None


class ErrorBody(Envelope):
    """Every non-2xx JSON body: ``{"dd": 1, "error": {"code", "message", ...}}``."""

    error: ErrorDetail


class Role(StrEnum):
    """User roles."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
