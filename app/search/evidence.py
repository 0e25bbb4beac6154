"""Bands, match methods, explanation codes and the records a score is made of.

The thresholds and part scores are calibrated on tests/data/name_pairs.csv (see
docs/search.md); :mod:`app.search.score` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.search.keys import KEY_ALGO_VERSION

# Part scores by method. Calibrated on tests/data/name_pairs.csv (see docs/search.md).
SCORE_EXACT = 1.0
SCORE_LATIN = 0.97
SCORE_PHONETIC = 0.95
SCORE_STEM = 0.80
SCORE_INITIAL = 0.80
SCORE_PREFIX = 0.80
FUZZY_MIN_RATIO = 0.80
# A fuzzy part (a consonant differs) reaches the possible band only from a ratio of about
# 0.91: one letter in ten. Below that, "Sarsenbaev"/"Sarsekbaev" are other families.
FUZZY_FACTOR = 0.88
# A known short form of the stored given name (Sasha / Александр): enough for possible
# together with a solid surname, never strong on its own.
SCORE_HYPOCORISM = 0.86
# Two adjacent letters swapped (Dmirtii / Dmitrii): a typing slip, possible at most.
SCORE_TRANSPOSED = 0.84
# Methods that count as a solid part match (a multi-part name needs one to be possible).
SOLID_METHODS = frozenset({"exact", "latin", "phonetic", "skeleton", "prefix"})
# Methods that make a one-word query a candidate: anything looser, alone, is a coincidence
# ("near" is not "Nair", "or" is not "Ura").
SINGLE_PART_METHODS = frozenset({"exact", "latin", "phonetic", "hypocorism"})

# Band thresholds.
STRONG_MIN_PART = 0.88
STRONG_MIN_SCORE = 0.90
POSSIBLE_MIN_PART = 0.80
POSSIBLE_MIN_SCORE = 0.78
WEAK_MIN_SCORE = 0.45


class Band(StrEnum):
    """How far a candidate can be relied on; only the officer turns it into an action."""

    STRONG = "strong"
    POSSIBLE = "possible"
    WEAK = "weak"


BAND_ORDER = {Band.STRONG: 0, Band.POSSIBLE: 1, Band.WEAK: 2}


class MatchMethod(StrEnum):
    """How one typed part met one stored part."""

    EXACT = "exact"  # the same normalised text
    LATIN = "latin"  # the same ASCII Latin form under some transliteration scheme
    PHONETIC = "phonetic"  # the same vowel-keeping phonetic form (Iwanow / Иванов)
    SKELETON = "skeleton"  # the same consonant skeleton; vowels differ
    STEM = "stem"  # the same stem, another ending (Rahmonov / Rahmonzoda)
    FUZZY = "fuzzy"  # similar letters (rapidfuzz ratio)
    PREFIX = "prefix"  # typed part is the start of the stored part (partial input)
    INITIAL = "initial"  # a single typed letter is the stored part's initial
    HYPOCORISM = "hypocorism"  # a short form of the stored given name (Sasha / Александр)
    TRANSPOSED = "transposed"  # two adjacent letters swapped (Dmirtii / Dmitrii)


class Doubt(StrEnum):
    """Why a part that resembles the stored one may still name someone else.

    A part with a doubt keeps its score (for ordering), but the candidate stays *weak*
    unless another fact supports it (an equal full date of birth or a document number).
    """

    VOWELS_DIFFER = "vowels_differ"  # Irina / Arina, Marat / Murat, Kamil / Kamal
    CONSONANT_DIFFERS = "consonant_differs"  # Nosov / Noskov: another family, or a typo
    OTHER_SEX_FORM = "other_sex_form"  # Valentin / Valentina, Ivanov / Ivanova


class Code(StrEnum):
    """Explanation codes (the UI translates them)."""

    NAME_PART_UNMATCHED = "name_part_unmatched"
    NAME_DIFFERENCE_UNSUPPORTED = "name_difference_unsupported"
    PATRONYMIC_ABSENT = "patronymic_absent"
    PATRONYMIC_DIFFERS = "patronymic_differs"
    ENDING_SEX_CONFLICT = "ending_sex_conflict"
    SINGLE_NAME_PART = "single_name_part"
    DOB_EXACT = "dob_exact"
    DOB_COMPATIBLE = "dob_compatible"
    DOB_UNKNOWN = "dob_unknown"
    DOB_YEAR_MISMATCH = "dob_year_mismatch"
    DOB_MONTH_DAY_MISMATCH = "dob_month_day_mismatch"
    DOB_DAY_MONTH_SWAPPED = "dob_day_month_swapped"
    SEX_AGREE = "sex_agree"
    SEX_MISMATCH = "sex_mismatch"
    SEX_UNKNOWN = "sex_unknown"
    NATIONALITY_AGREE = "nationality_agree"
    NATIONALITY_DIFFERS = "nationality_differs"
    DOCUMENT_NUMBER_EQUAL = "document_number_equal"
    DOCUMENT_NUMBER_DIFFERS = "document_number_differs"
    VIN_EQUAL = "vin_equal"
    PLATE_EQUAL = "plate_equal"
    PLATE_SIMILAR = "plate_similar"
    REFERENCE_EQUAL = "reference_equal"
    TEXT_MATCH = "text_match"


class Effect(StrEnum):
    """What one piece of evidence does to the band."""

    SUPPORTS = "supports"
    NEUTRAL = "neutral"
    WEAKENS = "weakens"  # caps the band at possible
    EXCLUDES = "excludes"  # caps the band at weak
    DECISIVE = "decisive"  # makes the band strong (equal document number or VIN)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact behind a band, with its values (dates, codes, numbers)."""

    code: Code
    effect: Effect
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": str(self.code), "effect": str(self.effect), **self.data}


@dataclass(frozen=True, slots=True)
class PartMatch:
    """How one typed part matched (or not) one part of the stored spelling."""

    query_part: str
    stored_part: str | None
    method: MatchMethod | None
    score: float
    key: str | None = None
    ratio: float | None = None
    sex_conflict: bool = False
    doubt: Doubt | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {
            "query_part": self.query_part,
            "stored_part": self.stored_part,
            "method": str(self.method) if self.method else None,
            "score": round(self.score, 3),
        }
        if self.key is not None:
            out["key"] = self.key
        if self.ratio is not None:
            out["ratio"] = round(self.ratio, 3)
        if self.sex_conflict:
            out["sex_conflict"] = True
        if self.doubt is not None:
            out["doubt"] = str(self.doubt)
        return out


@dataclass(frozen=True, slots=True)
class Match:
    """The scored comparison of a query with one candidate.

    Attributes:
        band: strong, possible or weak.
        score: 0..1, for ordering within a band.
        name_score: The name part of the score.
        spelling: The stored spelling that matched best (verbatim).
        name_id: Its ``person_names.id``.
        parts: Per typed part, how it matched.
        evidence: Everything else (dates, sex, nationality, documents, conflicts).
    """

    band: Band
    score: float
    name_score: float
    spelling: str | None
    name_id: int | None
    parts: tuple[PartMatch, ...]
    evidence: tuple[Evidence, ...]

    def explanation(self) -> dict[str, Any]:
        """The explanation as JSON-ready data (what a hit freezes)."""
        return {
            "band": str(self.band),
            "score": round(self.score, 3),
            "name_score": round(self.name_score, 3),
            "spelling": self.spelling,
            "name_id": self.name_id,
            "parts": [p.to_dict() for p in self.parts],
            "evidence": [e.to_dict() for e in self.evidence],
            "key_algo_version": KEY_ALGO_VERSION,
        }

    @property
    def sort_key(self) -> tuple[int, float]:
        """Sorts strong before possible before weak, then by score."""
        return (BAND_ORDER[self.band], -self.score)
