"""Travel document numbers and machine-readable zones (ICAO Doc 9303).

An officer pastes or types an MRZ (TD1: three lines of 30 characters, identity cards;
TD2: two lines of 36; TD3: two lines of 44, passports). Every check digit is verified and
reported field by field: a failed check digit is shown, not silently accepted, and the
parsed fields are still offered so that a one-character typing slip can be corrected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from app.errors import ValidationError
from app.search.score import PartialDate
from app.search.translit import icao
from app.search.vehicles import CYRILLIC_LOOKALIKES

_LOOKALIKE_TABLE = str.maketrans(CYRILLIC_LOOKALIKES)
_MRZ_WEIGHTS = (7, 3, 1)
_MRZ_ALLOWED_RE = re.compile(r"^[A-Z0-9<]+$")
_DOC_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—_.|/\\·•<№#]+")

TD1 = "TD1"
TD2 = "TD2"
TD3 = "TD3"
_SHAPES = {TD1: (3, 30), TD2: (2, 36), TD3: (2, 44)}


class MrzError(ValidationError):
    """The text is not an MRZ that can be read. ``reason`` says why."""

    code = "search.mrz_invalid"
    template = "This is not a readable machine-readable zone: {reason}"


def normalize_document_number(text: str) -> str:
    """Normalise a document number for comparison.

    Upper case; Cyrillic look-alike letters to Latin and other Cyrillic letters through the
    ICAO table (a Soviet-style series ``IV-АБ`` becomes ``IVAB``); spaces, hyphens, ``№``
    and MRZ fillers removed.

    >>> normalize_document_number("№ 45 06-123456")
    '4506123456'
    """
    # "№" must go before NFKC, which would turn it into the letters "No".
    text = text.replace("№", " ")
    text = unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKE_TABLE)
    text = _DOC_SEPARATORS_RE.sub("", text)
    if any("\u0400" <= ch <= "\u052f" for ch in text):
        text = icao(text)
    return "".join(ch for ch in text if ch.isalnum())


def mrz_value(ch: str) -> int:
    """Numeric value of one MRZ character: digits as such, ``A``=10 ... ``Z``=35, ``<``=0."""
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def mrz_check_digit(data: str) -> str:
    """The Doc 9303 check digit of ``data`` (weights 7, 3, 1 repeating, modulo 10)."""
    total = sum(mrz_value(ch) * _MRZ_WEIGHTS[i % 3] for i, ch in enumerate(data))
    return str(total % 10)


def _check(data: str, digit: str) -> bool:
    # A field that is all fillers may carry "<" as its check digit (optional data).
    if digit == "<":
        return set(data) <= {"<"}
    return mrz_check_digit(data) == digit


@dataclass(frozen=True, slots=True)
class Mrz:
    """A parsed machine-readable zone.

    Attributes:
        format: ``TD1``, ``TD2`` or ``TD3``.
        document_code: ``P``, ``ID``, ``I<``...
        issuing_state: Three-letter code.
        surname: Primary identifier, fillers as spaces.
        given_names: Secondary identifier, fillers as spaces.
        document_number: Without fillers.
        nationality: Three-letter code.
        birth_date: Date of birth (century inferred; unknown parts are ``None``).
        sex: ``M``, ``F`` or ``None``.
        expiry: Expiry date as ``YYMMDD`` (as printed).
        optional_data: Optional data fields joined, fillers removed.
        checks: Field name -> whether its check digit is right.
        lines: The normalised lines.
    """

    format: str
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: PartialDate
    sex: str | None
    expiry: str
    optional_data: str
    checks: dict[str, bool] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """True when every check digit is right."""
        return all(self.checks.values())

    @property
    def full_name(self) -> str:
        """Surname and given names, as one spelling for a name search."""
        return f"{self.surname} {self.given_names}".strip()


def _clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKE_TABLE)
    # OCR and some fonts turn "<<" into a guillemet.
    text = text.replace("«", "<<").replace("‹", "<")
    lines = [re.sub(r"\s+", "", ln) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if len(lines) == 1:
        one = lines[0]
        for count, width in _SHAPES.values():
            if len(one) == count * width:
                return [one[i * width : (i + 1) * width] for i in range(count)]
    return lines


def _shape(lines: list[str]) -> str:
    if len(lines) == 3:
        return TD1
    if len(lines) == 2:
        longest = max(len(ln) for ln in lines)
        return TD3 if longest > 40 else TD2
    raise MrzError(reason="line_count", lines=len(lines))


def _birth(yymmdd: str, today: date) -> PartialDate:
    def num(s: str) -> int | None:
        return int(s) if s.isdigit() and int(s) > 0 else None

    year: int | None = None
    if yymmdd[0:2].isdigit():
        yy = int(yymmdd[0:2])
        # A birth date cannot be in the future: "30" read in 2025 is 1930.
        year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    return PartialDate.of(year, num(yymmdd[2:4]), num(yymmdd[4:6]))


def _names(field_: str) -> tuple[str, str]:
    primary, _, secondary = field_.partition("<<")
    return primary.replace("<", " ").strip(), secondary.replace("<", " ").strip()


def _sex(ch: str) -> str | None:
    return ch if ch in ("M", "F") else None


def parse_mrz(text: str, *, today: date | None = None) -> Mrz:
    """Parse a typed or pasted TD1, TD2 or TD3 machine-readable zone.

    Lines may be separated by newlines or run together; spaces are ignored; lines typed
    short (trailing fillers left out) are padded with ``<``.

    Args:
        text: The MRZ text.
        today: Reference date to choose the century of the birth year (tests pass one).

    Raises:
        MrzError: The text has the wrong number of lines, overlong lines or characters
            that an MRZ cannot contain.
    """
    today = today or date.today()
    lines = _clean_lines(text)
    fmt = _shape(lines)
    count, width = _SHAPES[fmt]
    if len(lines) != count:
        raise MrzError(reason="line_count", lines=len(lines))
    padded: list[str] = []
    for ln in lines:
        if len(ln) > width:
            raise MrzError(reason="line_too_long", width=width)
        if not _MRZ_ALLOWED_RE.match(ln):
            raise MrzError(reason="bad_character")
        padded.append(ln.ljust(width, "<"))
    if fmt == TD1:
        return _parse_td1(padded, today)
    return _parse_td2_td3(padded, fmt, today)


def _parse_td1(lines: list[str], today: date) -> Mrz:
    l1, l2, l3 = lines
    number, number_check, optional1 = l1[5:14], l1[14], l1[15:30]
    checks: dict[str, bool] = {}
    if number_check == "<" and optional1.strip("<"):
        # Long document numbers continue in the optional data; the check digit is the last
        # character before the first filler (Doc 9303 Part 5, 4.2.4).
        rest = optional1.split("<", 1)[0]
        number, number_check = number + rest[:-1], rest[-1]
        checks["document_number"] = _check(number, number_check)
        optional1 = optional1[len(rest) :]
    else:
        checks["document_number"] = _check(number, number_check)
    checks["birth_date"] = _check(l2[0:6], l2[6])
    checks["expiry"] = _check(l2[8:14], l2[14])
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks["composite"] = _check(composite, l2[29])
    surname, given = _names(l3)
    return Mrz(
        format=TD1,
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number.replace("<", ""),
        nationality=l2[15:18].replace("<", ""),
        birth_date=_birth(l2[0:6], today),
        sex=_sex(l2[7]),
        expiry=l2[8:14],
        optional_data=(optional1 + l2[18:29]).replace("<", ""),
        checks=checks,
        lines=tuple(lines),
    )


def _parse_td2_td3(lines: list[str], fmt: str, today: date) -> Mrz:
    l1, l2 = lines
    checks = {
        "document_number": _check(l2[0:9], l2[9]),
        "birth_date": _check(l2[13:19], l2[19]),
        "expiry": _check(l2[21:27], l2[27]),
    }
    if fmt == TD3:
        optional = l2[28:42]
        checks["optional_data"] = _check(optional, l2[42])
        composite = l2[0:10] + l2[13:20] + l2[21:43]
        checks["composite"] = _check(composite, l2[43])
    else:
        optional = l2[28:35]
        composite = l2[0:10] + l2[13:20] + l2[21:35]
        checks["composite"] = _check(composite, l2[35])
    surname, given = _names(l1[5:])
    return Mrz(
        format=fmt,
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=l2[0:9].replace("<", ""),
        nationality=l2[10:13].replace("<", ""),
        birth_date=_birth(l2[13:19], today),
        sex=_sex(l2[20]),
        expiry=l2[21:27],
        optional_data=optional.replace("<", ""),
        checks=checks,
        lines=tuple(lines),
    )


def looks_like_mrz(text: str) -> bool:
    """True when ``text`` has the shape of an MRZ (fillers and 30-44 character lines)."""
    lines = _clean_lines(text)
    if not 2 <= len(lines) <= 3:
        return False
    return "<" in "".join(lines) and all(20 <= len(ln) <= 44 for ln in lines)


def looks_like_document_number(text: str) -> bool:
    """True for 5 to 20 letters and digits with at least four digits (passport, ID numbers)."""
    num = normalize_document_number(text)
    return 5 <= len(num) <= 20 and sum(c.isdigit() for c in num) >= 4
