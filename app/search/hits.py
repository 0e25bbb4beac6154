"""Recording a hit and starting its hit-notification request.

A hit is the officer's statement that what is in front of them matches a bulletin. The
search result that led to it is frozen into the hit (band, score, every part and piece of
evidence, the key algorithm version), so later changes to the matcher or to the bulletin
never rewrite why the officer acted.

The matcher never acts by itself: a *weak* result can only become a hit when the officer
says explicitly that they checked it (``confirm_weak=True``), and a hit never sends
anything; it can start a hit-notification *draft*, which then goes through the usual
four-eyes approval in :mod:`app.workflow`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.errors import NotFound, PermissionDenied, ValidationError
from app.office import hits as office_hits
from app.search.score import Band
from app.search.service import Kind, SearchResult
from app.store.db import Store
from app.store.models import (
    Bulletin,
    Document,
    Hit,
    Person,
    Priority,
    RequestType,
    Role,
    User,
    Vehicle,
    format_store_time,
    new_id,
    utcnow,
)
from app.users import Actor
from app.workflow import RequestDraft, RequestService

MAX_TEXT = 5_000


class WeakMatchNotConfirmed(ValidationError):
    """A weak match was to be recorded without the officer confirming it."""

    code = "search.hit_weak_unconfirmed"
    template = "A weak match can only be recorded after the officer confirms the check."


class HitWithoutBulletin(ValidationError):
    """The result is not linked to any bulletin, so there is nothing to notify."""

    code = "search.hit_without_bulletin"
    template = "This record is not part of a bulletin; a hit needs a bulletin."


@dataclass(frozen=True, slots=True)
class HitDetails:
    """What the officer adds to a hit (free text, kept as typed)."""

    place: str = ""
    circumstances: str = ""
    action_taken: str = ""


def freeze_explanation(result: SearchResult, query: str, confirm_weak: bool) -> dict[str, Any]:
    """The explanation stored in the hit, with a digest of its canonical JSON."""
    body: dict[str, Any] = {
        "kind": str(result.kind),
        "target_id": result.target_id,
        "label": result.label,
        "query": query,
        "band": str(result.band),
        "score": round(result.score, 3),
        "explanation": result.explanation,
        "officer_confirmed_weak": bool(confirm_weak and result.band is Band.WEAK),
        "frozen_at": format_store_time(utcnow()),
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    body["digest"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return body


_TARGETS: dict[Kind, type[Person] | type[Vehicle] | type[Document]] = {
    Kind.PERSON: Person,
    Kind.VEHICLE: Vehicle,
    Kind.DOCUMENT: Document,
}


def _check_hit(
    session: Session, actor: Actor, result: SearchResult, details: HitDetails, confirm_weak: bool
) -> tuple[User, Bulletin]:
    """The officer and the bulletin of a hit :func:`record_hit` may record; raises its errors."""
    if result.band is Band.WEAK and not confirm_weak:
        raise WeakMatchNotConfirmed()
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise NotFound(kind="user", ident=actor.username)
    if user.role not in (Role.OFFICER, Role.SUPERVISOR):
        raise PermissionDenied(action="record_hit")
    bulletin_id = result.bulletin_id or (result.target_id if result.kind is Kind.BULLETIN else None)
    if not bulletin_id:
        raise HitWithoutBulletin()
    bulletin = session.get(Bulletin, bulletin_id)
    if bulletin is None or bulletin.deleted or bulletin.cancelled:
        raise NotFound(kind="bulletin", ident=bulletin_id)
    model = _TARGETS.get(result.kind)
    if model is not None:
        target = session.get(model, result.target_id)
        if target is None or getattr(target, "deleted", False):
            raise NotFound(kind=str(result.kind), ident=result.target_id)
    for name, value in (("place", details.place), ("circumstances", details.circumstances),
                        ("action_taken", details.action_taken)):  # fmt: skip
        if len(value) > MAX_TEXT:
            raise ValidationError(field=name, detail="too_long", maximum=MAX_TEXT)
    return user, bulletin


def record_hit(
    session: Session,
    actor: Actor,
    result: SearchResult,
    *,
    query: str,
    details: HitDetails | None = None,
    confirm_weak: bool = False,
) -> Hit:
    """Record a hit from a search result, inside the caller's write transaction.

    Args:
        session: A write session (``Store.write``).
        actor: The logged-in officer.
        result: The search result the officer acts on.
        query: The query that found it (stored with the hit).
        details: Place, circumstances and action taken.
        confirm_weak: The officer confirms a *weak* result after checking it; required for
            weak results, ignored otherwise.

    Raises:
        WeakMatchNotConfirmed: ``result`` is weak and ``confirm_weak`` is False.
        HitWithoutBulletin: the result is not linked to a bulletin.
        NotFound: the user, bulletin or target no longer exists (or was cancelled).
        PermissionDenied: the user may not record hits.
    """
    details = details or HitDetails()
    user, bulletin = _check_hit(session, actor, result, details, confirm_weak)
    hit = Hit(
        id=new_id(),
        bulletin_id=bulletin.id,
        target_kind=str(result.kind),
        target_id=result.target_id if result.kind is not Kind.BULLETIN else None,
        officer_id=user.id,
        place=details.place,
        circumstances=details.circumstances,
        action_taken=details.action_taken,
        query=query[:300],
        match_explanation=freeze_explanation(result, query, confirm_weak),
    )
    session.add(hit)
    session.flush()
    office_hits.record(session, hit, user)  # the office's other PCs see it too
    audit.record(
        session,
        audit.Action.HIT,
        actor_id=user.id,
        actor_name=user.username,
        target_type="hit",
        target_id=hit.id,
        details={
            "bulletin_id": bulletin.id,
            "reference": bulletin.reference,
            "target_kind": str(result.kind),
            "target_id": result.target_id,
            "band": str(result.band),
            "officer_confirmed_weak": hit.match_explanation["officer_confirmed_weak"],
            "explanation_digest": hit.match_explanation["digest"],
        },
    )
    return hit


def record_hit_in_store(
    store: Store,
    actor: Actor,
    result: SearchResult,
    *,
    query: str,
    details: HitDetails | None = None,
    confirm_weak: bool = False,
) -> str:
    """:func:`record_hit` in its own write transaction; returns the hit id (off the GUI thread)."""
    with store.write() as session:
        hit = record_hit(session, actor, result, query=query, details=details,
                         confirm_weak=confirm_weak)  # fmt: skip
        return hit.id


@dataclass(frozen=True)
class HitFacts:
    """What a hit notification reports, as data: ``ui/`` words it in a language."""

    bulletin_reference: str
    matched: str
    band: str  # strong, possible, weak
    target_kind: str  # person, vehicle, document
    place: str = ""
    circumstances: str = ""
    action_taken: str = ""


def hit_facts(session: Session, hit_id: str) -> HitFacts:
    """The facts of a recorded hit (raises :class:`NotFound`)."""
    hit = session.get(Hit, hit_id)
    if hit is None:
        raise NotFound(kind="hit", ident=hit_id)
    bulletin = session.get(Bulletin, hit.bulletin_id)
    frozen = hit.match_explanation or {}
    return HitFacts(
        bulletin_reference=bulletin.reference if bulletin else "",
        matched=str(frozen.get("label", "") or hit.query),
        band=str(frozen.get("band", "")),
        target_kind=hit.target_kind,
        place=hit.place,
        circumstances=hit.circumstances,
        action_taken=hit.action_taken,
    )


def hit_facts_in_store(store: Store, hit_id: str) -> HitFacts:
    """:func:`hit_facts` in its own read transaction (off the GUI thread)."""
    with store.read() as session:
        return hit_facts(session, hit_id)


def english_notification(facts: HitFacts) -> str:
    """The notification text in English, the lingua franca of police co-operation: the
    default for scripts and the command line (the desktop words it in the user's language).
    """
    lines = [
        f"Hit on bulletin {facts.bulletin_reference}.",
        f"Matched: {facts.matched} ({facts.band} match).",
    ]
    if facts.place:
        lines.append(f"Place: {facts.place}")
    if facts.circumstances:
        lines.append(f"Circumstances: {facts.circumstances}")
    if facts.action_taken:
        lines.append(f"Action taken: {facts.action_taken}")
    return "\n".join(lines)


def start_hit_notification(
    store: Store,
    actor: Actor,
    hit_id: str,
    *,
    recipients: tuple[str, ...] = (),
    service: RequestService | None = None,
    wording: Callable[[HitFacts], str] = english_notification,
) -> str:
    """Start a hit-notification request draft prefilled from a recorded hit.

    ``wording`` turns the hit's facts into the draft's text (the desktop passes one in the
    user's language; it must be callable off the GUI thread).

    Idempotent: a hit that already has a request returns that request's id. The draft
    still needs recipients (if none are given), the drafter's submission and a
    supervisor's approval before anything leaves the office.

    Returns:
        The request id.
    """
    with store.read() as session:
        hit = session.get(Hit, hit_id)
        if hit is None:
            raise NotFound(kind="hit", ident=hit_id)
        if hit.request_id:
            return hit.request_id
        bulletin = session.get(Bulletin, hit.bulletin_id)
        if bulletin is None:
            raise NotFound(kind="bulletin", ident=hit.bulletin_id)
        frozen = hit.match_explanation or {}
        subjects: list[dict[str, str]] = [
            {"kind": "hit", "ref": hit.id},
            {"kind": "bulletin", "ref": bulletin.id, "label": bulletin.reference},
        ]
        if hit.target_kind in ("person", "vehicle", "document") and hit.target_id:
            subjects.append({"kind": hit.target_kind, "ref": hit.target_id,
                             "label": str(frozen.get("label", ""))})  # fmt: skip
        draft = RequestDraft(
            request_type=RequestType.HIT_NOTIFICATION,
            priority=Priority.URGENT if bulletin.urgent else Priority.ROUTINE,
            recipients=recipients,
            subjects=tuple(subjects),
            body=wording(hit_facts(session, hit.id)),
            handling_code=bulletin.handling_code,
        )
    svc = service or RequestService(store)
    request_id = svc.create_draft(actor, draft, hit_id=hit_id)
    with store.write() as session:
        hit = session.get(Hit, hit_id)
        if hit is not None:
            hit.request_id = request_id
            audit.record(session, audit.Action.HIT, actor_id=actor.user_id,
                         actor_name=actor.username, target_type="hit", target_id=hit_id,
                         details={"event": "notification_drafted",
                                  "request_id": request_id})  # fmt: skip
    return request_id
