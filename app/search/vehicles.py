"""Vehicle registration plates and VINs, normalised for matching.

Plates in the region are written with the Latin letters that look like Cyrillic ones, and
officers type them on whichever keyboard layout is active: ``А123ВС`` typed in Cyrillic must
equal ``A123BC`` typed in Latin. VINs (ISO 3779) never contain ``I``, ``O`` or ``Q``, so those
letters typed by mistake are read as ``1`` and ``0``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The twelve Cyrillic capitals that Russian, Kazakh, Kyrgyz... plates share with Latin.
CYRILLIC_LOOKALIKES: dict[str, str] = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(CYRILLIC_LOOKALIKES)
# Characters that are often mistaken for each other on a dirty plate or a hurried form.
_LOOSE_TABLE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2",
                              "S": "5", "B": "8", "G": "6"})  # fmt: skip
_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—_.|/\\·•]+")

VIN_LENGTH = 17
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "J": 1, "K": 2, "L": 3,
    "M": 4, "N": 5, "P": 7, "R": 9, "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8,
    "Z": 9,
}  # fmt: skip
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


def _upper_lookalike(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKE_TABLE)


def normalize_plate(text: str) -> str:
    """Normalise a registration plate for exact comparison.

    Upper case, Cyrillic look-alike letters to Latin (``А В Е К М Н О Р С Т У Х``), and no
    spaces, hyphens, dots or region separators. Other Cyrillic letters stay as they are: a
    plate that has them is a different plate.

    >>> normalize_plate("а 123 вс-77")
    'A123BC77'
    """
    return _SEPARATORS_RE.sub("", _upper_lookalike(text))


def plate_loose_key(text: str) -> str:
    """A looser plate key where ``O/0``, ``I/1``, ``S/5``, ``B/8``... are the same.

    Used to offer *possible* matches for a misread plate, never strong ones.
    """
    return normalize_plate(text).translate(_LOOSE_TABLE)


def normalize_vin(text: str) -> str:
    """Normalise a VIN: upper case, look-alikes to Latin, no separators, ``I/O/Q`` -> ``1/0/0``."""
    vin = _SEPARATORS_RE.sub("", _upper_lookalike(text))
    return vin.replace("I", "1").replace("O", "0").replace("Q", "0")


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / North American check digit (position 9) computed for ``vin``.

    Raises:
        ValueError: ``vin`` is not 17 valid VIN characters.
    """
    vin = normalize_vin(vin)
    if not _VIN_RE.match(vin):
        raise ValueError("not a VIN")
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS, strict=True))
    rem = total % 11
    return "X" if rem == 10 else str(rem)


@dataclass(frozen=True, slots=True)
class VinInfo:
    """A normalised VIN and what can be said about it.

    Attributes:
        vin: The normalised VIN.
        well_formed: 17 characters from the VIN alphabet.
        check_digit_ok: Whether position 9 holds the check digit. Only North American
            (and Chinese) VINs must carry it, so ``False`` is a doubt, not a rejection.
    """

    vin: str
    well_formed: bool
    check_digit_ok: bool | None


def inspect_vin(text: str) -> VinInfo:
    """Normalise a VIN and verify what can be verified."""
    vin = normalize_vin(text)
    if not _VIN_RE.match(vin):
        return VinInfo(vin, False, None)
    return VinInfo(vin, True, vin[8] == vin_check_digit(vin))


def looks_like_vin(text: str) -> bool:
    """True when ``text`` normalises to 17 VIN characters with at least one digit and letter."""
    vin = normalize_vin(text)
    return (
        bool(_VIN_RE.match(vin)) and any(c.isdigit() for c in vin) and any(c.isalpha() for c in vin)
    )


def looks_like_plate(text: str) -> bool:
    """True for a short mix of letters and digits (3 to 12 characters after normalising)."""
    plate = normalize_plate(text)
    return (
        3 <= len(plate) <= 12
        and plate.isalnum()
        and any(c.isdigit() for c in plate)
        and any(c.isalpha() for c in plate)
    )
