"""The office journal on the wire: entries exchanged between the PCs of one office.

See docs/office-exchange.md. The regional server stores entries for the caller's office
and returns them only to devices of that office; it does not interpret their payloads
(the outbox re-checks every rule when a request is finally sent).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from app.sync.protocol.common import Envelope, WireModel

#: Entries per call in either direction.
MAX_OFFICE_ENTRIES = 500


def _whole_number(value: Any) -> Any:
    """A JSON integer (``5`` or ``5.0``); never a string or a boolean (no coercion)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not an integer")
        return int(value)
    return value


#: The largest counter or clock value: every integer up to it is exact as a JSON number
#: read as a double (2**53 would not be: 2**53 + 1 reads as 2**53).
MAX_WIRE_INT = 2**52

#: An integer as JSON Schema means it: ``264.0`` is one, ``"264"`` and ``true`` are not.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class OfficeEntry(WireModel):
    """One journal entry (``app.office.fold.Entry`` on the wire)."""

    id: str = Field(min_length=1, max_length=36)
    device_id: str = Field(min_length=1, max_length=64)
    counter: WholeNumber = Field(ge=1, le=MAX_WIRE_INT)
    office: str = Field(max_length=32)
    kind: str = Field(min_length=1, max_length=16)
    request_id: str = Field(min_length=1, max_length=36)
    parent: str | None = Field(default=None, max_length=36)
    payload: dict[str, Any]
    hlc: WholeNumber = Field(ge=0, le=MAX_WIRE_INT)
    author: str = Field(default="", max_length=64)


class OfficeEntries(WireModel):
    """``POST /api/v1/office/entries``: entries of the caller's office to store."""

    entries: list[OfficeEntry] = Field(min_length=1, max_length=MAX_OFFICE_ENTRIES)


class OfficeEntriesStored(Envelope):
    """How many entries were new and how many the server held already."""

    stored: int
    duplicates: int


class OfficeSince(WireModel):
    """``POST /api/v1/office/entries/since``: the caller's version vector."""

    # Bounded by the request size limit, like every body.
    vector: dict[str, WholeNumber] = Field(default_factory=dict)
    limit: WholeNumber = Field(default=200, ge=1, le=MAX_OFFICE_ENTRIES)


class OfficeEntriesPage(Envelope):
    """Entries of the caller's office its vector lacks, by (device_id, counter)."""

    entries: list[OfficeEntry]
    more: bool = False
    #: The server's own vector for the office: what the caller may need to send it.
    vector: dict[str, int] = Field(default_factory=dict)
    #: How many other enrolled devices of the caller's office are not revoked: with none,
    #: the server has nobody to carry entries to and the caller keeps them until one
    #: enrols (``None``: a server that does not say; the caller sends as before).
    neighbours: WholeNumber | None = None
