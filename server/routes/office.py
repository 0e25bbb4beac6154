"""Office journals: entries of the caller's office in, entries its vector lacks out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.sync.protocol import (
    API_PREFIX,
    OfficeEntries,
    OfficeEntriesPage,
    OfficeEntriesStored,
    OfficeSince,
    SignedRevocations,
)
from server import accounts, office, revocation
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


@router.get(
    API_PREFIX + "/office/revocations",
    response_model=SignedRevocations,
    responses={**ERRORS, 204: {"description": "the caller holds the current version"}},
)
def revocations(
    ctx: Auth, state: State, after: Annotated[int, Query(ge=0, le=2**62)] = 0
) -> Response:
    """The calling device's office's revoked devices, signed with the publisher key.

    ``204`` without a body when the office's list is not newer than version ``after``
    (what the caller holds), so an unchanged list costs no bytes.
    """
    with state.settings.db.read() as session:
        accounts.check_device(session, ctx.device_id, None)
        if revocation.office_version(session, ctx.office) <= after:
            return Response(status_code=204)
        current = revocation.office_list(session, ctx.office)
    return json_response(revocation.signed(state.publisher, current))
