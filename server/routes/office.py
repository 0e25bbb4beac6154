"""Office journals: entries of the caller's office in, entries its vector lacks out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.sync.protocol import (
    API_PREFIX,
    OfficeEntries,
    OfficeEntriesPage,
    OfficeEntriesStored,
    OfficeSince,
)
from server import accounts, office
from server.routes.common import ERRORS, Auth, State, json_response

router = APIRouter()


@router.post(API_PREFIX + "/office/entries", response_model=OfficeEntriesStored, responses=ERRORS)
def post_entries(body: OfficeEntries, ctx: Auth, state: State) -> Response:
    """Store journal entries of the calling device's office, idempotently by id.

    An entry of another office is refused (``403 forbidden``) and nothing of the batch is
    stored; so is a batch that reuses an id or a counter, or leaves a gap in a device's
    counters (``payload_invalid``).
    """
    with state.settings.db.write() as session:
        accounts.check_device(session, ctx.device_id, None)
        stored, duplicates = office.store_entries(session, ctx.office, body.entries)
    return json_response(OfficeEntriesStored(stored=stored, duplicates=duplicates))


@router.post(
    API_PREFIX + "/office/entries/since", response_model=OfficeEntriesPage, responses=ERRORS
)
def entries_since(body: OfficeSince, ctx: Auth, state: State) -> Response:
    """The calling device's office's entries that ``vector`` lacks (never another office's),
    the server's vector, and how many other devices of the office could receive entries."""
    with state.settings.db.read() as session:
        accounts.check_device(session, ctx.device_id, None)
        entries, more, vector = office.entries_since(session, ctx.office, body.vector, body.limit)
        others = office.neighbours(session, ctx.office, ctx.device_id)
    return json_response(
        OfficeEntriesPage(entries=entries, more=more, vector=vector, neighbours=others)
    )
