"""The office journal on the wire: entries exchanged between the PCs of one office.

See docs/office-exchange.md. The regional server stores entries for the caller's office
and returns them only to devices of that office; it does not interpret their payloads
(the outbox re-checks every rule when a request is finally sent).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, StrictInt

from app.sync.protocol.common import Envelope, WireModel

#: Entries per call in either direction.
MAX_OFFICE_ENTRIES = 500
#: Devices a version vector may name.
MAX_VECTOR_DEVICES = 2000


class OfficeEntry(WireModel):
    """One journal entry (``app.office.fold.Entry`` on the wire)."""

    id: str = Field(min_length=1, max_length=36)
    device_id: str = Field(min_length=1, max_length=64)
    counter: StrictInt = Field(ge=1, le=2**53)
    office: str = Field(max_length=32)
    kind: str = Field(min_length=1, max_length=16)
    request_id: str = Field(min_length=1, max_length=36)
    parent: str | None = Field(default=None, max_length=36)
    payload: dict[str, Any]
    hlc: StrictInt = Field(ge=0, le=2**63 - 1)
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

    vector: dict[str, StrictInt] = Field(default_factory=dict, max_length=MAX_VECTOR_DEVICES)
    limit: StrictInt = Field(default=200, ge=1, le=MAX_OFFICE_ENTRIES)


class OfficeEntriesPage(Envelope):
    """Entries of the caller's office its vector lacks, by (device_id, counter)."""

    entries: list[OfficeEntry]
    more: bool = False
    #: The server's own vector for the office: what the caller may need to send it.
    vector: dict[str, int] = Field(default_factory=dict)
