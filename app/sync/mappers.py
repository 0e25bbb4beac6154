"""Pure mappers from wire rows (docs/protocol.md section 3) to store columns.

No session, no I/O: each function turns one validated wire object into the dict of
column values the applier inserts in bulk, so the mapping is unit-tested on its own
(tests/unit/test_sync_mappers.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from app.search.documents import normalize_document_number
from app.search.vehicles import normalize_plate
from app.store.models import BulletinKind, HandlingCode
from app.sync.protocol import (
    BulletinData,
    DocumentData,
    PersonData,
    Row,
    VehicleData,
    parse_timestamp,
)

#: Namespace of ids derived for nested entities (persons, vehicles, documents of a
#: bulletin or case), so the same entity keeps its id across updates.
_NS = uuid.UUID("5d7c1f0e-3b7a-4c55-9d0e-6a1f6f0c2b11")

_HANDLING = {h.value for h in HandlingCode}


def derived_id(owner: str, what: str) -> str:
    """The stable id of a nested entity (``what`` like ``p0``, ``v0``, ``d0``) of ``owner``.

    ``uuid5(owner id, what)`` as docs/protocol.md section 3.5 defines it for persons.
    """
    try:
        namespace = uuid.UUID(owner)
    except ValueError:
        namespace = _NS
    return str(uuid.uuid5(namespace, what))


def handling_code(code: object) -> HandlingCode:
    """The wire's handling code; an unknown one is the most restrictive one we know."""
    value = getattr(code, "value", code)
    if isinstance(value, str) and value in _HANDLING:
        return HandlingCode(value)
    return HandlingCode.RESTRICTED


def parse_date(text: str | None) -> date | None:
    """An ISO date (the first ten characters), or ``None`` when absent or invalid."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_ts(text: str | None) -> datetime | None:
    """A protocol timestamp, or ``None`` when absent or invalid."""
    if not text:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        return None


def bulletin_values(
    row: Row, data: BulletinData, kind: BulletinKind, now: datetime
) -> dict[str, Any]:
    """The ``bulletins`` row of a live bulletin (a new version clears any cancellation)."""
    return {
        "id": row.i,
        "kind": kind,
        "reference": data.rf[:64],
        "title": data.ti,
        "summary": data.de or "",
        "issuer": data.is_ or "",
        "charges": data.ch or "",
        "issuing_country": (data.ic or "")[:3],
        "issued_on": parse_date(data.dt),
        "issued_time": data.tm,
        # A media row may have set the thumbnail already: the upsert keeps it when the
        # bulletin names none (see Applier._bulletins).
        "thumb_sha256": data.th,
        "urgent": bool(data.u),
        "handling_code": handling_code(data.hc),
        "cancelled": False,
        "cancelled_at": None,
        "deleted": False,
        "server_seq": row.s,
        "data_as_of": datetime.fromtimestamp(row.a, UTC),
        "created_at": now,
        "updated_at": now,
    }


def vehicle_values(row: Row, idx: int, v: VehicleData, now: datetime) -> dict[str, Any]:
    """The ``vehicles`` row of the ``idx``-th vehicle of a bulletin."""
    return {
        "id": derived_id(row.i, f"v{idx}"),
        "bulletin_id": row.i,
        "plate": v.pl or "",
        "plate_norm": normalize_plate(v.pl or ""),
        "vin": (v.vin or "").upper(),
        "make": v.mk or "",
        "model": v.md or "",
        "colour": v.co or "",
        "registration_country": v.pc or "",
        "server_seq": row.s,
        "created_at": now,
        "updated_at": now,
        "deleted": False,
    }


def document_values(
    row: Row, idx: int, doc: DocumentData, holder: str, now: datetime
) -> dict[str, Any]:
    """The ``documents`` row of the ``idx``-th document of a bulletin.

    A document without a holder's name is taken to be the first person's (``holder``).
    """
    return {
        "id": derived_id(row.i, f"d{idx}"),
        "bulletin_id": row.i,
        "doc_type": doc.ty,
        "number": doc.no,
        "number_norm": normalize_document_number(doc.no or ""),
        "issuing_country": doc.cc or "",
        "holder_name": doc.hn or holder,
        "server_seq": row.s,
        "created_at": now,
        "updated_at": now,
        "deleted": False,
    }


def person_values(
    pid: str, bulletin_id: str | None, person: PersonData, seq: int, now: datetime
) -> dict[str, Any]:
    """The ``persons`` row of a person of a bulletin (or of a case: ``bulletin_id`` None)."""
    dob = [*(person.b or []), None, None, None]
    year, month, day = (v if v else None for v in dob[:3])
    sex = person.sx if person.sx in ("M", "F") else None
    # Every nationality once, the primary one (``c``) first.
    codes = dict.fromkeys([*([person.c] if person.c else []), *(person.cs or [])])
    return {
        "id": pid,
        "bulletin_id": bulletin_id,
        "sex": sex,
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
        "nationality": (person.c[:3] if person.c else None),
        "nationalities": " ".join(code[:3] for code in codes)[:64],
        "description": person.de or "",
        "server_seq": seq,
        "created_at": now,
        "updated_at": now,
        "deleted": False,
    }


def name_values(pid: str, person: PersonData) -> list[dict[str, Any]]:
    """The ``person_names`` rows of a person's spellings (empty spellings skipped)."""
    out = []
    for pos, spelling in enumerate(person.n):
        if not spelling.f:
            continue
        out.append(
            {
                "person_id": pid,
                "position": pos,
                "full_name": spelling.f,
                "surname": spelling.s or "",
                "given_name": spelling.g or "",
                "patronymic": spelling.p or "",
                "script": spelling.sc[:8],
                "language": (spelling.la or "")[:8],
                "name_type": (spelling.ty or "primary")[:16],
            }
        )
    return out
