"""What a request's subjects are, in words a supervisor can check.

A subject is stored as ``{"kind", "ref"}`` (the local record's id) plus a short summary
taken from the record when the request is saved: a case's number and title; a bulletin's
kind, reference and title; a person's name, date of birth and nationality; a hit's
bulletin reference, what matched and where. The summary is part of the request's content,
so the approval's content hash covers exactly what the supervisor read
(:func:`app.sync.canonical.request_content`). Summaries hold data and codes only, never
words of one language: ``ui/`` words them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.store.models import Bulletin, Case, Document, Hit, Person, PersonName, Vehicle
from app.sync.canonical import SUBJECT_SUMMARY_KEYS

SUBJECT_KINDS = ("bulletin", "person", "case", "vehicle", "document", "hit")
MAX_SUMMARY = 300


def _born(p: Person) -> str:
    """``YYYY-MM-DD`` with ``00`` for an unknown month or day; empty when the year is unknown."""
    if not p.birth_year:
        return ""
    return f"{p.birth_year:04d}-{p.birth_month or 0:02d}-{p.birth_day or 0:02d}"


def _primary_name(session: Session, person_id: str) -> str:
    name = (
        session.query(PersonName.full_name)
        .filter(PersonName.person_id == person_id)
        .order_by(PersonName.position)
        .limit(1)
        .scalar()
    )
    return str(name or "")


def summary_of(session: Session, kind: str, ref: str) -> dict[str, str] | None:
    """The summary fields of the record a subject points at, or ``None`` if not held here."""
    if kind == "case":
        c = session.get(Case, ref)
        if c is None:
            return None
        return {"number": c.number, "label": c.title}
    if kind == "bulletin":
        b = session.get(Bulletin, ref)
        if b is None:
            return None
        return {"number": b.reference, "subtype": str(b.kind), "label": b.title}
    if kind == "person":
        p = session.get(Person, ref)
        if p is None:
            return None
        return {
            "label": _primary_name(session, p.id),
            "born": _born(p),
            "nationality": p.nationality or "",
        }
    if kind == "hit":
        h = session.get(Hit, ref)
        if h is None:
            return None
        bulletin = session.get(Bulletin, h.bulletin_id)
        frozen = h.match_explanation or {}
        return {
            "number": bulletin.reference if bulletin else "",
            "subtype": h.target_kind,
            "label": str(frozen.get("label", "") or h.query),
            "place": h.place,
        }
    if kind == "vehicle":
        v = session.get(Vehicle, ref)
        if v is None:
            return None
        words = (v.make, v.model, v.colour, v.vin)
        return {
            "number": v.plate,
            "label": " ".join(x for x in words if x),
            "country": v.registration_country,
        }
    if kind == "document":
        d = session.get(Document, ref)
        if d is None:
            return None
        return {
            "subtype": d.doc_type,
            "number": d.number,
            "label": d.holder_name,
            "country": d.issuing_country,
        }
    return None


def resolve_subjects(session: Session, subjects: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Clean a form's subjects and fill each summary from the record it points at.

    A subject held in this store gets its summary from the store, whatever the form sent
    (the summary is what the supervisor approves, so it must be the record's). A free
    reference (a plate or document number typed by the officer), or a record no longer
    held here, keeps the summary it came with.

    Raises:
        ValidationError: a subject has an unknown kind or no reference.
    """
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for s in subjects:
        kind, ref = str(s.get("kind", "")), str(s.get("ref", "")).strip()
        if kind not in SUBJECT_KINDS or not ref or len(ref) > 80:
            raise ValidationError(field="subjects", detail="invalid_subject")
        if (kind, ref) in seen:
            continue
        seen.add((kind, ref))
        summary = summary_of(session, kind, ref)
        if summary is None:
            # Not held here (a typed plate, or a record purged since): keep what the subject
            # already says; it is what the supervisor will read and approve.
            summary = {k: str(s.get(k) or "") for k in SUBJECT_SUMMARY_KEYS}
        item = {"kind": kind, "ref": ref}
        for key in SUBJECT_SUMMARY_KEYS:
            value = str(summary.get(key) or "").strip()[:MAX_SUMMARY]
            if value:
                item[key] = value
        out.append(item)
    return out
