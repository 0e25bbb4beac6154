"""What a search returns: result kinds, results, the outcome, and who searched."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.search.documents import Mrz
from app.search.evidence import Band, Match
from app.search.facts import PartialDate


class Kind(StrEnum):
    """What a result is."""

    PERSON = "person"
    BULLETIN = "bulletin"
    CASE = "case"
    VEHICLE = "vehicle"
    DOCUMENT = "document"


ALL_KINDS: frozenset[Kind] = frozenset(Kind)


class Interpretation(StrEnum):
    """How the typed text was read (the UI shows it so the officer can correct it)."""

    NAME = "name"
    MRZ = "mrz"
    VIN = "vin"
    PLATE = "plate"
    DOCUMENT_NUMBER = "document_number"
    REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One result.

    Attributes:
        kind: Person, bulletin, case, vehicle or document.
        target_id: Id of the row found.
        band: strong, possible or weak.
        score: 0..1, for ordering within a band.
        label: What to show first: the matched spelling, plate, number or reference.
        bulletin_id: The bulletin the row belongs to, if any.
        explanation: JSON-ready structured explanation (codes, no sentences).
        match: The full name match for persons.
    """

    kind: Kind
    target_id: str
    band: Band
    score: float
    label: str
    bulletin_id: str | None
    explanation: dict[str, Any]
    match: Match | None = None


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """The answer to one search.

    Attributes:
        query: The text as typed.
        interpretations: How it was read.
        results: Best first (strong, then possible, then weak).
        mrz: The parsed MRZ when one was typed (with its check-digit results).
        dob: The date of birth used (typed or read from the query or MRZ).
        elapsed_ms: Time spent searching.
        more: True when more candidates existed than were scored.
        errors: Input problems, as codes (``dob_invalid``, MRZ codes).
        index_rebuilding: The name keys are being rebuilt after an upgrade: persons not
            yet re-keyed may be missed (see :mod:`app.search.reindex`).
    """

    query: str
    interpretations: tuple[Interpretation, ...]
    results: list[SearchResult]
    mrz: Mrz | None = None
    dob: PartialDate | None = None
    elapsed_ms: float = 0.0
    more: bool = False
    errors: tuple[str, ...] = field(default_factory=tuple)
    index_rebuilding: bool = False


@dataclass(frozen=True, slots=True)
class AuditActor:
    """Who searched (recorded in the audit log)."""

    user_id: str | None
    username: str = ""
