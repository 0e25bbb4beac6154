"""Hits in the office journal: a hit recorded on one PC reaches the office's other PCs.

A hit (:mod:`app.search.hits`) is an officer's statement that what was in front of them
matches a bulletin. Like a case note it is a fact, not a step of a request: append-only,
it never conflicts and has no parent. Its entry (kind ``hit``) is written in the
transaction that records the hit, shared with the office at once, and its id is the
hit's id, so a PC holds a hit once however often it arrives.

On a receiving PC the entry becomes a :class:`app.store.models.Hit` row with the frozen
match explanation as the author's PC recorded it. A hit needs its bulletin: if this PC
does not hold the bulletin yet (it comes from the region or a neighbour's bulletin lane),
the entry waits in the journal and :func:`materialise_waiting`, run with every journal
page this PC applies, adds the row once the bulletin is there. A hit whose
hit-notification request is also held is linked to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.office.fold import Entry
from app.store.meta import META_OFFICE, get_meta
from app.store.models import (
    STORE_TIME_FORMAT,
    Bulletin,
    Hit,
    OfficeEntry,
    OutgoingRequest,
    Role,
    User,
    utcnow,
)

#: The journal entry kind of a hit.
HIT_KIND = "hit"
#: What a hit's free-text fields may hold (as :data:`app.search.hits.MAX_TEXT`).
_MAX_TEXT = 5_000
_TARGET_KINDS = frozenset({"person", "vehicle", "document", "bulletin"})


def record(session: Session, hit: Hit, user: User) -> None:
    """Write the journal entry of a hit just recorded, in the caller's transaction."""
    from app.office import journal  # journal imports this module

    mine = journal.device_id(session)
    session.add(
        OfficeEntry(
            id=hit.id,
            device_id=mine,
            counter=journal._next_counter(session, mine),
            office=get_meta(session, META_OFFICE) or user.office_code,
            kind=HIT_KIND,
            request_id=hit.id,
            parent=None,
            payload={
                "bulletin_id": hit.bulletin_id,
                "target_kind": hit.target_kind,
                "target_id": hit.target_id,
                "place": hit.place,
                "circumstances": hit.circumstances,
                "action_taken": hit.action_taken,
                "query": hit.query,
                "explanation": dict(hit.match_explanation or {}),
                "at": (hit.created_at or utcnow()).strftime(STORE_TIME_FORMAT),
                "role": str(user.role),
            },
            hlc=journal._next_hlc(session),
            author=user.username,
            received_at=utcnow(),
        )
    )
    session.flush()


def _text(payload: Mapping[str, Any], name: str, limit: int = _MAX_TEXT) -> str:
    value = payload.get(name)
    return value[:limit] if isinstance(value, str) else ""


def add(session: Session, e: Entry) -> bool:
    """The hit row of a received entry; False while its bulletin is not on this PC.

    Fields of the wrong type are read as empty (the entry itself was checked by
    :meth:`Entry.from_wire`); an unknown author becomes an inactive placeholder user.
    """
    from app.office import journal  # journal imports this module

    if session.get(Hit, e.id) is not None:
        return True
    p = e.payload
    bulletin_id = _text(p, "bulletin_id", 36)
    if not bulletin_id or session.get(Bulletin, bulletin_id) is None:
        return False
    role = _text(p, "role", 16) or str(Role.OFFICER)
    officer = journal._local_user(session, e.author, e.office, role)
    if officer is None:
        return False
    target_kind = _text(p, "target_kind", 16)
    explanation = p.get("explanation")
    session.add(
        Hit(
            id=e.id,
            bulletin_id=bulletin_id,
            target_kind=target_kind if target_kind in _TARGET_KINDS else "person",
            target_id=_text(p, "target_id", 36) or None,
            officer_id=officer.id,
            place=_text(p, "place", 300),
            circumstances=_text(p, "circumstances"),
            action_taken=_text(p, "action_taken"),
            query=_text(p, "query", 300),
            match_explanation=explanation if isinstance(explanation, dict) else {},
            request_id=session.scalar(
                select(OutgoingRequest.id).where(OutgoingRequest.hit_id == e.id).limit(1)
            ),
            created_at=journal.parse_time(_text(p, "at", 40)) or utcnow(),
        )
    )
    session.flush()
    return True


def materialise_waiting(session: Session) -> int:
    """Add the hits whose bulletin has arrived since; link hits to their requests.

    Returns how many hit rows were added.
    """
    from app.office import journal  # journal imports this module

    waiting = session.scalars(
        select(OfficeEntry).where(
            OfficeEntry.kind == HIT_KIND, OfficeEntry.id.not_in(select(Hit.id))
        )
    ).all()
    added = 0
    for row in waiting:
        entry = journal._entry(row)
        added += int(add(session, entry))
    # A hit-notification request that arrived after its hit (or the other way round).
    session.execute(
        update(Hit)
        .where(
            Hit.request_id.is_(None),
            Hit.id.in_(select(OutgoingRequest.hit_id).where(OutgoingRequest.hit_id.is_not(None))),
        )
        .values(
            request_id=select(OutgoingRequest.id)
            .where(OutgoingRequest.hit_id == Hit.id)
            .limit(1)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
    return added
