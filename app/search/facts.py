"""Dates of birth, sex and the other facts compared besides the name."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from app.search.evidence import Code, Effect, Evidence

# --- dates of birth --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of birth whose month or day (or even year) may be unknown (``1975/00/00``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, year: int | None, month: int | None = None, day: int | None = None) -> PartialDate:
        """Build one from nullable integers, treating ``0`` as unknown."""
        return cls(year or None, month or None, day or None)

    @property
    def known(self) -> bool:
        """True when at least the year is known."""
        return self.year is not None

    def __str__(self) -> str:
        return f"{self.year or 0:04d}/{self.month or 0:02d}/{self.day or 0:02d}"


_DATE_RE = re.compile(r"^\s*(\d{1,4})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{1,4})\s*$")


def parse_dob(text: str) -> PartialDate | None:
    """Parse a typed date of birth.

    Accepts ``1975``, ``1975/00/00``, ``1975-03-12``, ``12.03.1975`` and ``12/03/1975``
    (day first, as written in the region). Zeros mean unknown.

    Returns:
        The date, or ``None`` when the text is not a date.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return PartialDate.of(int(text))
    m = _DATE_RE.match(text)
    if not m:
        return None
    a, b, c = m.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4:
        day, month, year = int(a), int(b), int(c)
    else:
        return None
    if not 1850 <= year <= 2100 or month > 12 or day > 31:
        return None
    if month and day and day > calendar.monthrange(year, month)[1]:
        return None  # 31.02.1975 is no date
    return PartialDate.of(year, month, day)


def compare_dob(query: PartialDate | None, stored: PartialDate | None) -> Evidence:
    """Compare two partial dates of birth.

    A missing part on either side is never a mismatch (``1975/00/00`` is compatible with
    ``1975/03/12``); a different year is.
    """
    if query is None or stored is None or not query.known or not stored.known:
        return Evidence(Code.DOB_UNKNOWN, Effect.NEUTRAL)
    data = {"query": str(query), "stored": str(stored)}
    if query.year != stored.year:
        return Evidence(Code.DOB_YEAR_MISMATCH, Effect.EXCLUDES, data)
    if query.month and stored.month and query.month != stored.month:
        if query.day and stored.day and query.month == stored.day and query.day == stored.month:
            return Evidence(Code.DOB_DAY_MONTH_SWAPPED, Effect.WEAKENS, data)
        return Evidence(Code.DOB_MONTH_DAY_MISMATCH, Effect.WEAKENS, data)
    if query.day and stored.day and query.day != stored.day:
        return Evidence(Code.DOB_MONTH_DAY_MISMATCH, Effect.WEAKENS, data)
    if query.month and stored.month and query.day and stored.day:
        return Evidence(Code.DOB_EXACT, Effect.SUPPORTS, data)
    return Evidence(Code.DOB_COMPATIBLE, Effect.SUPPORTS, data)


def normalize_sex(value: str | None) -> str | None:
    """``M``/``F`` or ``None`` from the many ways sex is written (``m``, ``male``, ``ж``...)."""
    if not value:
        return None
    v = value.strip().casefold()[:1]
    if v in ("m", "м"):
        return "M"
    if v in ("f", "w", "ж"):
        return "F"
    return None


# --- facts on both sides ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known besides the name, on the query side or the candidate side.

    Attributes:
        dob: Date of birth, possibly partial.
        sex: ``M``, ``F`` or ``None``.
        nationality: ISO 3166 alpha-3 code, or ``None``.
        document_numbers: Normalised document numbers (see :mod:`app.search.documents`).
    """

    dob: PartialDate | None = None
    sex: str | None = None
    nationality: str | None = None
    document_numbers: frozenset[str] = frozenset()
