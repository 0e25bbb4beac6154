"""Reading and writing the office's records for the screens and the command line:
bulletins, persons, cases (and their notes), replies.

Each read of a sensitive record is audited here, in the core, in the same transaction as
the read or write; events are published here too. ``ui/`` only shows the result. Every
function runs off the GUI thread.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app import audit, events
from app.context import Desk
from app.errors import NotFound, ValidationError
from app.office import journal
from app.store.models import (
    Attachment,
    Bulletin,
    Case,
    CaseEvent,
    CaseSubject,
    Person,
    PersonName,
    Reply,
    new_id,
    utcnow,
)
from app.sync.canonical import content_hash, format_timestamp
from app.users import Actor
from app.workflow import enqueue

MAX_NOTE = 10_000


@dataclass
class BulletinDetailData:
    """A bulletin read off the GUI thread (plain values, no ORM objects)."""

    id: str
    kind: str
    reference: str
    title: str
    summary: str
    country: str
    issued_on: date | None
    urgent: bool
    cancelled: bool
    cancelled_at: datetime | None
    handling_code: str
    data_as_of: datetime | None
    thumb_sha256: str | None
    photo_sha256: str | None
    thumb: bytes | None = None
    photo_present: bool = False
    persons: list[dict[str, Any]] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    #: ``{"doc_type" (a code: passport, id_card...), "number", "country", "holder"}``
    documents: list[dict[str, str]] = field(default_factory=list)


def load_bulletin(desk: Desk, actor: Actor, bulletin_id: str) -> BulletinDetailData:
    """Read a bulletin with its people, vehicles, documents and thumbnail; the view is
    audited (worker thread)."""
    with desk.store.read() as s:
        b = s.get(Bulletin, bulletin_id)
        if b is None:
            raise NotFound(kind="bulletin", ident=bulletin_id)
        data = BulletinDetailData(
            id=b.id,
            kind=str(b.kind),
            reference=b.reference,
            title=b.title,
            summary=b.summary,
            country=b.issuing_country,
            issued_on=b.issued_on,
            urgent=b.urgent,
            cancelled=b.cancelled,
            cancelled_at=b.cancelled_at,
            handling_code=str(b.handling_code),
            data_as_of=b.data_as_of,
            thumb_sha256=b.thumb_sha256,
            photo_sha256=b.photo_sha256,
        )
        for p in s.scalars(select(Person).where(Person.bulletin_id == b.id)).all():
            data.persons.append(
                {
                    "id": p.id,
                    "names": [n.full_name for n in p.names],
                    "sex": p.sex or "",
                    # Parts of a partial date (0 or None where unknown); the UI words it.
                    "birth": (p.birth_year, p.birth_month, p.birth_day),
                    "nationality": p.nationality or "",
                    "description": p.description,
                }
            )
        for v in b.vehicles:
            data.vehicles.append(
                " ".join(
                    x
                    for x in (v.plate, v.make, v.model, v.colour, v.vin, v.registration_country)
                    if x
                )
            )
        for d in b.documents:
            data.documents.append(
                {
                    "doc_type": d.doc_type,
                    "number": d.number,
                    "country": d.issuing_country,
                    "holder": d.holder_name,
                }
            )
    if data.thumb_sha256 and desk.blobs.has(data.thumb_sha256):
        data.thumb = desk.blobs.read(data.thumb_sha256)
    data.photo_present = bool(data.photo_sha256 and desk.blobs.has(data.photo_sha256))
    with desk.store.write() as s:
        audit.record(
            s,
            audit.Action.VIEW,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="bulletin",
            target_id=bulletin_id,
        )
    return data


@dataclass
class CaseView:
    id: str
    number: str
    title: str
    status: str
    handling_code: str
    opened_on: date | None
    subjects: list[tuple[str, str, str]] = field(default_factory=list)  # person id, name, role
    timeline: list[tuple[datetime, str, str, str, bool]] = field(default_factory=list)


def load_case(desk: Desk, actor: Actor, case_id: str) -> CaseView:
    """Read a case, its subjects and its timeline; the view is audited (worker thread)."""
    with desk.store.write() as s:
        c = s.get(Case, case_id)
        if c is None:
            raise NotFound(kind="case", ident=case_id)
        view = CaseView(c.id, c.number, c.title, c.status, str(c.handling_code), c.opened_on)
        for sub in s.scalars(select(CaseSubject).where(CaseSubject.case_id == c.id)).all():
            person = s.get(Person, sub.person_id)
            names = " / ".join(n.full_name for n in person.names) if person else ""
            view.subjects.append((sub.person_id, names, sub.role))
        for ev in s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == c.id).order_by(CaseEvent.created_at)
        ).all():
            body = ev.body
            if ev.kind == "link" and ev.link_ref:
                linked = s.get(Bulletin, ev.link_ref)
                body = f"{linked.reference} {linked.title}" if linked else ev.link_ref
            view.timeline.append(
                (ev.created_at, ev.kind, ev.author_name, body or "", ev.server_seq is not None)
            )
        audit.record(
            s,
            audit.Action.VIEW,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="case",
            target_id=case_id,
        )
    return view


def add_case_note(desk: Desk, actor: Actor, case_id: str, text: str) -> str:
    """Append a note to a case and queue it for the server, in one transaction (worker).

    Notes are append-only events, so notes written offline on two PCs never overwrite each
    other. Returns the note's id (also the outbox item's id, as the protocol requires).
    """
    text = text.strip()
    if not text:
        raise ValidationError(field="body", detail="required")
    if len(text) > MAX_NOTE:
        raise ValidationError(field="body", detail="too_long", maximum=MAX_NOTE)
    note_id = new_id()
    now = utcnow()
    with desk.store.write() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(kind="case", ident=case_id)
        s.add(
            CaseEvent(
                id=note_id,
                case_id=case_id,
                kind="note",
                author_id=actor.user_id,
                author_name=actor.display_name or actor.username,
                body=text,
                created_at=now,
                origin="local",
            )
        )
        payload = {
            "case_id": case_id,
            "author": actor.username,
            "written_at": format_timestamp(now),
            "text": text,
            "handling_code": str(case.handling_code),
        }
        enqueue(
            s,
            kind="case_note",
            ref_id=case_id,
            content_hash=content_hash(payload),
            payload=payload,
            item_id=note_id,
        )
        audit.record(
            s,
            audit.Action.CREATE,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="case_note",
            target_id=note_id,
        )
        journal.record_case_note(
            s,
            note_id=note_id,
            case_id=case_id,
            office=actor.office_code,
            author=actor.username,
            author_name=actor.display_name or actor.username,
            text=text,
            written_at=now,
        )
    desk.bus.publish(events.OUTBOX_CHANGED)
    return note_id


@dataclass
class PersonView:
    id: str
    spellings: list[tuple[str, str, str]] = field(default_factory=list)  # name, script, type
    sex: str = ""
    #: (year, month, day) of birth, each 0 or None where unknown; the UI words it.
    birth: tuple[int | None, int | None, int | None] = (None, None, None)
    nationality: str = ""
    description: str = ""
    bulletin_id: str | None = None
    bulletin_ref: str = ""
    bulletin_cancelled: bool = False
    handling_code: str = ""
    cases: list[str] = field(default_factory=list)


def load_person(desk: Desk, actor: Actor, person_id: str) -> PersonView:
    """Read a person and where they appear; the view is audited (worker thread)."""
    with desk.store.write() as s:
        p = s.get(Person, person_id)
        if p is None:
            raise NotFound(kind="person", ident=person_id)
        v = PersonView(
            p.id,
            sex=p.sex or "",
            nationality=p.nationality or "",
            description=p.description,
            bulletin_id=p.bulletin_id,
        )
        v.birth = (p.birth_year, p.birth_month, p.birth_day)
        for n in s.scalars(
            select(PersonName).where(PersonName.person_id == p.id).order_by(PersonName.position)
        ):
            v.spellings.append((n.full_name, n.script, n.name_type))
        if p.bulletin_id:
            b = s.get(Bulletin, p.bulletin_id)
            if b is not None:
                v.bulletin_ref, v.bulletin_cancelled = b.reference, b.cancelled
                v.handling_code = str(b.handling_code)
        for c in s.scalars(
            select(Case)
            .join(CaseSubject, CaseSubject.case_id == Case.id)
            .where(CaseSubject.person_id == p.id)
        ):
            v.cases.append(f"{c.number} — {c.title}")
            v.handling_code = v.handling_code or str(c.handling_code)
        audit.record(
            s,
            audit.Action.VIEW,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="person",
            target_id=person_id,
        )
    return v


@dataclass
class ReplyView:
    id: str
    from_agency: str
    body: str
    handling_code: str
    received_at: datetime | None
    request_id: str | None


def open_reply(desk: Desk, actor: Actor, reply_id: str) -> ReplyView:
    """Read a reply and mark it read, audited (worker thread)."""
    with desk.store.write() as s:
        r = s.get(Reply, reply_id)
        if r is None:
            raise NotFound(kind="reply", ident=reply_id)
        was_unread = not r.read
        r.read = True
        audit.record(
            s,
            audit.Action.VIEW,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="reply",
            target_id=reply_id,
        )
        view = ReplyView(
            r.id, r.from_agency, r.body, str(r.handling_code), r.received_at, r.request_id
        )
    if was_unread:
        desk.bus.publish(events.REPLIES_CHANGED)
    return view


def unread_replies(desk: Desk) -> int:
    """How many replies are unread."""
    with desk.store.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Reply)
                .where(Reply.read.is_(False), Reply.deleted.is_(False))
            )
            or 0
        )


# --- what a user did that leaves no record but the audit trail ------------------------------


def record_user_action(
    desk: Desk,
    actor: Actor,
    action: str,
    *,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Audit a session event, a print, an export or a settings change (worker thread).

    The UI calls this for actions whose only trace is the audit trail (locking, logging
    out, printing, exporting, changing settings), so every audit write is in the core.
    """
    with desk.store.write() as s:
        audit.record(
            s,
            action,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type=target_type,
            target_id=target_id,
            details=details,
        )


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def store_attachment(desk: Desk, path: Path) -> tuple[str, str]:
    """Store a file encrypted in the blob store and register it (off the GUI thread).

    Returns its SHA-256 and its file name; a file over :data:`MAX_ATTACHMENT_BYTES` is
    refused with a ``ValidationError`` on the ``attachments`` field.
    """
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(field="attachments", detail="too_long")
    data = path.read_bytes()
    sha = desk.blobs.put(data)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with desk.store.write() as s:
        s.merge(
            Attachment(
                sha256=sha,
                size=len(data),
                mime_type=mime,
                filename=path.name[:255],
                present=True,
                created_at=utcnow(),
            )
        )
    return sha, path.name
