"""Scoring a candidate person against what the officer typed, with an explanation.

A score never decides anything by itself. It sorts candidates into three bands:

``strong``
    At least two name parts agree closely (same transliteration, same phonetic form, or
    the same skeleton with nearly the same letters) and nothing contradicts: no other
    birth year, no other sex, no other patronymic. Or a document number/VIN is equal.
``possible``
    Every typed part finds a counterpart, but at least one only loosely (skeleton with
    other vowels, stem with another ending, fuzzy, initial, prefix), or the name is a
    single part, or a soft conflict exists (birth month/day differ, nationality differs,
    patronymic differs, ``Ivanov``/``Ivanova`` when nobody's sex is recorded).
``weak``
    Anything else that still resembles the name, including every candidate with a hard
    conflict: a different birth year, or a different sex when a sex is recorded on either
    side (``Ivanova`` against a man recorded as ``M``).

The explanation is structured (codes and values, never sentences) so the UI can translate
it and a hit can freeze it as JSON.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from app.search.keys import (
    KEY_ALGO_VERSION,
    PreparedName,
    PreparedPart,
    full_names_of,
    prepare_part,
)
from app.search.normalize import Gender, NamePart, PartRole, split_ending

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


# --- parts ---------------------------------------------------------------------------------------

_GENDER_OF_ENDING = {
    **dict.fromkeys(("ov", "ev", "yev", "iev", "yov", "ow", "ew", "off", "eff", "ов", "ев"), "m"),
    **dict.fromkeys(("in", "yn", "ин", "ын", "sky", "skiy", "skii", "skij", "ski"), "m"),
    **dict.fromkeys(("ский", "цкий", "ской", "tsky", "tskiy", "tskii"), "m"),
    **dict.fromkeys(("ova", "eva", "yeva", "ieva", "yova", "owa", "ewa", "ова", "ева"), "f"),
    **dict.fromkeys(("ina", "yna", "ина", "ына", "skaya", "skaia", "skaja", "ska"), "f"),
    **dict.fromkeys(("ская", "цкая", "tskaya", "tskaia"), "f"),
    **dict.fromkeys(("ovich", "evich", "yevich", "ievich", "ovych", "evych", "ovitch"), "m"),
    **dict.fromkeys(("ович", "евич", "uly", "uli", "ulu", "uulu", "улы", "ұлы", "уулу"), "m"),
    **dict.fromkeys(("ovna", "evna", "yevna", "ievna", "ivna", "ichna", "inichna"), "f"),
    **dict.fromkeys(("овна", "евна", "ична", "инична", "qyzy", "kyzy", "qizi", "kizi"), "f"),
    **dict.fromkeys(("қызы", "кызы", "қизи", "кизи", "gyzy"), "f"),
}


def _ending_gender(part: PreparedPart) -> str | None:
    """Gender of a part's ending, including ``-in/-ina`` (trusted only between two parts)."""
    return _GENDER_OF_ENDING.get(part.part.ending)


def _ratio(a: Iterable[str], b: Iterable[str], cutoff: float = 0.0) -> float:
    """Best rapidfuzz ratio (0..1) over all pairs; pairs below ``cutoff`` count as 0."""
    best = 0.0
    for x in a:
        for y in b:
            # The indel ratio can never exceed 2*min/(len1+len2): skip hopeless pairs cheaply.
            lx, ly = len(x), len(y)
            if 2 * min(lx, ly) < max(cutoff, best) * (lx + ly):
                continue
            r = fuzz.ratio(x, y, score_cutoff=cutoff * 100) / 100.0
            if r > best:
                best = r
    return best


def _hypocorism(q: PreparedPart, c: PreparedPart) -> str | None:
    """The full name through which one part is a short form of the other, if any."""
    for short, full in ((q, c), (c, q)):
        for f in full_names_of(short):
            if f.part.text == full.part.text or f.latin & full.latin or f.phonetic & full.phonetic:
                return f.part.text
    return None


def _transposition(a: Iterable[str], b: Iterable[str]) -> str | None:
    """A form of ``a`` that equals one of ``b`` but for two adjacent letters swapped."""
    for x in a:
        for y in b:
            if len(x) != len(y) or len(x) < 4 or x == y:
                continue
            diff = [i for i in range(len(x)) if x[i] != y[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1:
                i = diff[0]
                if x[i] == y[i + 1] and x[i + 1] == y[i]:
                    return y
    return None


# Vowels that stand for one another between transliterations and languages: a/o (Uzbek
# and Tajik o for Russian а: Gulnora / Gulnara), e/i (Jamshed / Jamshid), a/e (Ahmad /
# Ahmed, Rustam / Rustem), o/u (Uzbek oʻ, Mohammad / Muhammad).
_VOWELS_ALIKE = frozenset(frozenset(p) for p in ("ao", "ei", "ae", "ou"))
# Never a transliteration variant, whatever the length: Mahmadov / Mahmudov, Kamil / Kamal.
# (i/u is: Nuriddin / Nuruddin, Turkmen Myrat / Murat, so only short names doubt it.)
_VOWELS_APART = frozenset(frozenset(p) for p in ("au", "eu", "ai"))
_PHON_VOWELS = frozenset("aeiou")
# Below this length a vowel is a large part of a name, and a different one names another
# person (Marat / Murat, Dina / Dana); in longer names it is more often a transliteration.
_SHORT_NAME = 6


def _vowel_doubt(q: PreparedPart, c: PreparedPart) -> Doubt | None:
    """Whether parts with the same consonants differ in vowels that make another name."""
    worst: Doubt | None = Doubt.VOWELS_DIFFER
    for x in q.phonetic:
        for y in c.phonetic:
            d = _vowel_doubt_of(x, y)
            if d is None:
                return None
            if d is Doubt.OTHER_SEX_FORM:
                worst = d
    return worst


def _vowel_doubt_of(x: str, y: str) -> Doubt | None:
    vx = [ch for ch in x if ch in _PHON_VOWELS]
    vy = [ch for ch in y if ch in _PHON_VOWELS]
    if len(vx) != len(vy):
        longer, shorter = (x, y) if len(x) > len(y) else (y, x)
        if longer.endswith("a") and longer[:-1] == shorter:
            return Doubt.OTHER_SEX_FORM
        return None
    short = min(len(x), len(y)) <= _SHORT_NAME
    for i, (a, b) in enumerate(zip(vx, vy, strict=True)):
        pair = frozenset((a, b))
        if a == b or pair in _VOWELS_ALIKE:
            continue
        if (
            short
            or pair in _VOWELS_APART
            or (i == 0 and x[0] in _PHON_VOWELS and y[0] in _PHON_VOWELS)
        ):
            return Doubt.VOWELS_DIFFER
    return None


def _compare_close(q: PreparedPart, c: PreparedPart) -> PartMatch | None:
    """The exact, Latin or phonetic match of two parts, or None (the cheap checks only)."""
    qt, ct = q.part.text, c.part.text
    if qt == ct:
        return PartMatch(qt, ct, MatchMethod.EXACT, SCORE_EXACT, key=qt)
    shared = q.latin & c.latin
    if shared:
        return PartMatch(qt, ct, MatchMethod.LATIN, SCORE_LATIN, key=min(shared))
    shared = q.phonetic & c.phonetic
    if shared:
        return PartMatch(qt, ct, MatchMethod.PHONETIC, SCORE_PHONETIC, key=min(shared))
    return None


def compare_parts(q: PreparedPart, c: PreparedPart, *, prefix_ok: bool = False) -> PartMatch:
    """Compare one typed part with one stored part.

    Args:
        q: The typed part.
        c: The stored part.
        prefix_ok: The typed part may be unfinished (the last part of search-as-you-type).

    Returns:
        The best way they match; ``method`` is ``None`` and ``score`` 0 when they do not.
    """
    qt, ct = q.part.text, c.part.text
    qg, cg = _ending_gender(q), _ending_gender(c)
    conflict = qg is not None and cg is not None and qg != cg
    if qt == ct:
        return PartMatch(qt, ct, MatchMethod.EXACT, SCORE_EXACT, key=qt)
    shared = q.latin & c.latin
    if shared:
        return PartMatch(qt, ct, MatchMethod.LATIN, SCORE_LATIN, key=min(shared))
    shared = q.phonetic & c.phonetic
    if shared:
        return PartMatch(qt, ct, MatchMethod.PHONETIC, SCORE_PHONETIC, key=min(shared))
    hypo = _hypocorism(q, c)
    if hypo is not None:
        return PartMatch(qt, ct, MatchMethod.HYPOCORISM, SCORE_HYPOCORISM, key=hypo)
    shared = q.skeletons & c.skeletons
    if shared:
        r = _ratio(q.phonetic, c.phonetic)
        score = 0.56 + 0.35 * r
        return PartMatch(qt, ct, MatchMethod.SKELETON, score, key=min(shared), ratio=r,
                         sex_conflict=conflict, doubt=_vowel_doubt(q, c))  # fmt: skip
    shared = q.stem_skeletons & c.stem_skeletons
    # A patronymic's stem is the father's name: "Ivanovich" never stands for "Ivanov".
    same_kind = (q.part.role is PartRole.PATRONYMIC) == (c.part.role is PartRole.PATRONYMIC)
    if shared and same_kind and (q.part.ending or c.part.ending):
        r = _ratio(q.phonetic, c.phonetic)
        return PartMatch(qt, ct, MatchMethod.STEM, SCORE_STEM, key=min(shared), ratio=r,
                         sex_conflict=conflict)  # fmt: skip
    if len(qt) == 1:
        if any(x.startswith(qt) for x in c.latin) or ct.startswith(qt):
            return PartMatch(qt, ct, MatchMethod.INITIAL, SCORE_INITIAL)
        return PartMatch(qt, None, None, 0.0)
    if prefix_ok and len(qt) >= 2:
        for form in (ct, *c.latin):
            for typed in (qt, *q.latin):
                if len(typed) < len(form) and form.startswith(typed):
                    return PartMatch(qt, ct, MatchMethod.PREFIX, SCORE_PREFIX, key=typed)
    swapped = _transposition(q.latin, c.latin) or _transposition(q.phonetic, c.phonetic)
    if swapped is not None:
        return PartMatch(qt, ct, MatchMethod.TRANSPOSED, SCORE_TRANSPOSED, key=swapped,
                         sex_conflict=conflict)  # fmt: skip
    r = max(
        _ratio(q.latin, c.latin, FUZZY_MIN_RATIO), _ratio(q.phonetic, c.phonetic, FUZZY_MIN_RATIO)
    )
    if r >= FUZZY_MIN_RATIO:
        return PartMatch(qt, ct, MatchMethod.FUZZY, r * FUZZY_FACTOR, ratio=r,
                         sex_conflict=conflict, doubt=Doubt.CONSONANT_DIFFERS)  # fmt: skip
    return PartMatch(qt, None, None, 0.0, ratio=r)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How a whole typed name matched one stored spelling."""

    score: float
    min_part: float
    counted: int
    solid: int
    parts: tuple[PartMatch, ...]
    evidence: tuple[Evidence, ...]
    spelling: PreparedName


@lru_cache(maxsize=4096)
def _joined(a: PreparedPart, b: PreparedPart) -> PreparedPart:
    """Two adjacent parts written as one ("Abdul Aziz" -> "abdulaziz")."""
    text = a.part.text + b.part.text
    stem, ending = split_ending(text)
    part = NamePart(
        text=text,
        stem=stem,
        ending=ending.suffix if ending else "",
        role=ending.role if ending else PartRole.NAME,
        gender=ending.gender if ending else None,
        script=a.part.script,
        position=a.part.position,
    )
    return prepare_part(part)


def _match_joined(
    qs: tuple[PreparedPart, ...],
    cs: tuple[PreparedPart, ...],
    used_q: set[int],
    used_c: set[int],
    chosen: dict[int, PartMatch],
) -> set[int]:
    """Pair leftover parts that one side writes as two words and the other as one.

    "Abdul Aziz" / "Abdulaziz", "Abdul-Aziz" / "Abdulaziz", "Mamyt uulu" is handled by the
    parser. Only parts left unmatched by the first pass are tried, so ordinary names cost
    nothing extra.

    Returns:
        Query indices absorbed into the part before them.
    """
    merged: set[int] = set()
    for i in range(len(qs) - 1):
        if i in used_q or i + 1 in used_q:
            continue
        joined = _joined(qs[i], qs[i + 1])
        for j, c in enumerate(cs):
            if j in used_c:
                continue
            pm = compare_parts(joined, c)
            if pm.method is not None and pm.score >= POSSIBLE_MIN_PART:
                used_q.update((i, i + 1))
                used_c.add(j)
                chosen[i] = PartMatch(f"{qs[i].part.text} {qs[i + 1].part.text}", pm.stored_part,
                                      pm.method, pm.score, pm.key, pm.ratio)  # fmt: skip
                merged.add(i + 1)
                break
    for j in range(len(cs) - 1):
        if j in used_c or j + 1 in used_c:
            continue
        joined = _joined(cs[j], cs[j + 1])
        for i, q in enumerate(qs):
            if i in used_q:
                continue
            pm = compare_parts(q, joined)
            if pm.method is not None and pm.score >= POSSIBLE_MIN_PART:
                used_q.add(i)
                used_c.update((j, j + 1))
                chosen[i] = PartMatch(q.part.text, f"{cs[j].part.text} {cs[j + 1].part.text}",
                                      pm.method, pm.score, pm.key, pm.ratio)  # fmt: skip
                break
    return merged


_LOOSE = frozenset({MatchMethod.FUZZY, MatchMethod.TRANSPOSED})


def _pair(
    qs: tuple[PreparedPart, ...],
    cs: tuple[PreparedPart, ...],
    pairs: list[tuple[float, int, int, PartMatch]],
    *,
    loose_ok: bool,
    join: bool = True,
) -> tuple[set[int], set[int], dict[int, PartMatch], set[int]]:
    """Greedy pairing, best pair first, then the joined-word pass on what is left."""
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: dict[int, PartMatch] = {}
    for _score, i, j, pm in pairs:
        if i in used_q or j in used_c or (not loose_ok and pm.method in _LOOSE):
            continue
        used_q.add(i)
        used_c.add(j)
        chosen[i] = pm
    merged: set[int] = set()
    # The joined-word pass is quadratic: names have a handful of parts, so it is skipped
    # for anything longer (a pasted paragraph).
    if join and len(used_q) < len(qs) and len(used_c) < len(cs) and len(qs) + len(cs) <= 10:
        merged = _match_joined(qs, cs, used_q, used_c, chosen)
    return used_q, used_c, chosen, merged


def _is_patronymic(p: PreparedPart) -> bool:
    return p.part.role is PartRole.PATRONYMIC


def compare_names(query: PreparedName, stored: PreparedName, *, partial: bool = False) -> NameMatch:
    """Compare a typed name with one stored spelling, in any part order.

    Parts are paired greedily, best pair first (names have at most a handful of parts, and
    greedy pairing gives the same result as an optimal one on every real case we met while
    costing a fraction of it on the first-page budget).

    Args:
        query: The typed name.
        stored: One stored spelling.
        partial: The last typed part may be unfinished.
    """
    qs = query.name_parts
    cs = stored.name_parts
    last = len(qs) - 1
    pairs: list[tuple[float, int, int, PartMatch]] = []
    if not partial:
        # Fast path for the common case (and the crowded first page): every typed part
        # has an exact, Latin or phonetic counterpart. Those outscore every looser method,
        # so greedy pairing would choose them first anyway.
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                cheap = _compare_close(q, c)
                if cheap is not None:
                    pairs.append((cheap.score, i, j, cheap))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
        fast = _pair(qs, cs, pairs, loose_ok=False, join=False)
        if len(fast[0]) < len(qs):
            pairs = []
    if not pairs:
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                pm = compare_parts(q, c, prefix_ok=partial and i == last)
                if pm.method is not None:
                    pairs.append((pm.score, i, j, pm))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_q, used_c, chosen, merged = _pair(qs, cs, pairs, loose_ok=True)
    if len(qs) != len(cs) and any(pm.method in _LOOSE for pm in chosen.values()):
        # "Akbota" is nearer "Ак Бота" joined than "Бота" alone: a loose pair must not take
        # a part that the joined-word pass would match properly.
        alt = _pair(qs, cs, pairs, loose_ok=False)
        if len(alt[0]) >= len(used_q) and sum(pm.method in _LOOSE for pm in alt[2].values()) < sum(
            pm.method in _LOOSE for pm in chosen.values()
        ):
            used_q, used_c, chosen, merged = alt
    results: list[PartMatch] = []
    evidence: list[Evidence] = []
    total = 0.0
    counted = 0
    min_part = 1.0
    stored_has_patronymic = any(_is_patronymic(c) for c in cs)
    for i, q in enumerate(qs):
        if i in merged:
            continue
        found = chosen.get(i)
        if found is not None:
            pm = found
        else:
            pm = PartMatch(q.part.text, None, None, 0.0)
            data = {"query_part": q.part.text}
            if _is_patronymic(q) and not stored_has_patronymic and len(used_c) == len(cs):
                # Many spellings (passports, Latin bulletins) simply leave patronymics out;
                # that is no evidence either way as long as nothing else is left over.
                evidence.append(Evidence(Code.PATRONYMIC_ABSENT, Effect.NEUTRAL, data))
                results.append(pm)
                continue
            if _is_patronymic(q) and stored_has_patronymic:
                evidence.append(Evidence(Code.PATRONYMIC_DIFFERS, Effect.WEAKENS, data))
            else:
                evidence.append(Evidence(Code.NAME_PART_UNMATCHED, Effect.NEUTRAL, data))
        if pm.sex_conflict:
            evidence.append(Evidence(Code.ENDING_SEX_CONFLICT, Effect.WEAKENS,
                                     {"query_part": pm.query_part,
                                      "stored_part": pm.stored_part}))  # fmt: skip
        results.append(pm)
        total += pm.score
        counted += 1
        min_part = min(min_part, pm.score)
    score = total / counted if counted else 0.0
    if not counted:
        min_part = 0.0
    solid = sum(1 for pm in results if pm.method is not None and pm.method.value in SOLID_METHODS)
    return NameMatch(score, min_part, counted, solid, tuple(results), tuple(evidence), stored)


# --- whole candidates ---------------------------------------------------------------------------


def _sex_evidence(
    query: Facts, stored: Facts, q_implied: str | None, c_implied: str | None
) -> Evidence:
    q_sex = query.sex or q_implied
    c_sex = stored.sex or c_implied
    if not q_sex or not c_sex:
        return Evidence(Code.SEX_UNKNOWN, Effect.NEUTRAL)
    data = {
        "query": q_sex,
        "stored": c_sex,
        "query_from": "recorded" if query.sex else "name_ending",
        "stored_from": "recorded" if stored.sex else "name_ending",
    }
    if q_sex == c_sex:
        return Evidence(Code.SEX_AGREE, Effect.SUPPORTS, data)
    recorded = bool(query.sex or stored.sex)
    return Evidence(Code.SEX_MISMATCH, Effect.EXCLUDES if recorded else Effect.WEAKENS, data)


def _implied_sex(name: PreparedName) -> str | None:
    found = {p.part.gender for p in name.name_parts if p.part.gender is not None}
    found |= {p.part.gender for p in name.parts if p.part.role is PartRole.MARKER and p.part.gender}
    if len(found) != 1:
        return None
    return "M" if found.pop() is Gender.MALE else "F"


def score_candidate(
    query: PreparedName | None,
    query_facts: Facts,
    spellings: Sequence[PreparedName],
    stored_facts: Facts,
    *,
    partial: bool = False,
) -> Match:
    """Score one candidate person against the query.

    Args:
        query: The typed name, or ``None`` for a search by document number only.
        query_facts: Date of birth, sex, nationality, documents typed with the query.
        spellings: Every stored spelling of the candidate.
        stored_facts: The candidate's recorded facts.
        partial: The last typed part may be unfinished.

    Returns:
        The match with its band and explanation.
    """
    best: NameMatch | None = None
    if query is not None and query.name_parts:
        for sp in spellings:
            nm = compare_names(query, sp, partial=partial)
            if best is None or (nm.score, nm.min_part) > (best.score, best.min_part):
                best = nm
                if nm.min_part >= STRONG_MIN_PART and nm.counted == len(query.name_parts):
                    # Every part already agrees closely: another spelling could add a
                    # point of score but not change the band (first-page budget).
                    break
    evidence: list[Evidence] = list(best.evidence) if best else []
    name_score = best.score if best else 0.0
    if best is not None and best.counted == 1 and query is not None and len(query.name_parts) == 1:
        evidence.append(Evidence(Code.SINGLE_NAME_PART, Effect.WEAKENS))
    if query_facts.sex or stored_facts.sex:
        # Ivanov/Ivanova is only a doubt while nobody's sex is recorded; once a sex is
        # recorded on either side, the other ending names another person.
        evidence = [
            Evidence(e.code, Effect.EXCLUDES, e.data) if e.code is Code.ENDING_SEX_CONFLICT else e
            for e in evidence
        ]

    evidence.append(compare_dob(query_facts.dob, stored_facts.dob))
    q_implied = _implied_sex(query) if query is not None else None
    c_implied = _implied_sex(best.spelling) if best is not None else None
    evidence.append(_sex_evidence(query_facts, stored_facts, q_implied, c_implied))
    if query_facts.nationality and stored_facts.nationality:
        data = {"query": query_facts.nationality, "stored": stored_facts.nationality}
        if query_facts.nationality.upper() == stored_facts.nationality.upper():
            evidence.append(Evidence(Code.NATIONALITY_AGREE, Effect.SUPPORTS, data))
        else:
            # Dual nationals and notices that record only one: never more than a doubt.
            evidence.append(Evidence(Code.NATIONALITY_DIFFERS, Effect.WEAKENS, data))
    if query_facts.document_numbers and stored_facts.document_numbers:
        equal = query_facts.document_numbers & stored_facts.document_numbers
        if equal:
            evidence.append(Evidence(Code.DOCUMENT_NUMBER_EQUAL, Effect.DECISIVE,
                                     {"number": min(equal)}))  # fmt: skip
        else:
            evidence.append(Evidence(Code.DOCUMENT_NUMBER_DIFFERS, Effect.NEUTRAL))
    single = query is not None and len(query.name_parts) == 1
    return _finish(best, name_score, evidence, single)


def _finish(
    best: NameMatch | None, name_score: float, evidence: list[Evidence], single: bool = False
) -> Match:
    parts = best.parts if best else ()
    doubts = sorted({str(p.doubt) for p in parts if p.doubt is not None})
    if any(e.code is Code.ENDING_SEX_CONFLICT and e.effect is Effect.WEAKENS for e in evidence):
        doubts.append(str(Doubt.OTHER_SEX_FORM))
    supported = any(e.code in (Code.DOB_EXACT, Code.DOCUMENT_NUMBER_EQUAL) for e in evidence)
    if doubts and not supported:
        # Irina / Arina, Nosov / Noskov, Valentin / Valentina: as likely another person as a
        # slip, so only listed as weak unless an equal date of birth or document supports it.
        evidence.append(Evidence(Code.NAME_DIFFERENCE_UNSUPPORTED, Effect.EXCLUDES,
                                 {"doubts": sorted(set(doubts))}))  # fmt: skip
    if (
        single
        and parts
        and not any(p.method is not None and p.method.value in SINGLE_PART_METHODS for p in parts)
    ):
        # One word that only resembles a name part is not a candidate.
        evidence.append(Evidence(Code.NAME_DIFFERENCE_UNSUPPORTED, Effect.EXCLUDES,
                                 {"doubts": ["single_part_loose"]}))  # fmt: skip
    effects = {e.effect for e in evidence}
    min_part = best.min_part if best else 0.0
    counted = best.counted if best else 0
    solid = best.solid if best else 0
    score = name_score
    for e in evidence:
        if e.code is Code.DOB_EXACT:
            score += 0.03
        elif e.code is Code.DOB_COMPATIBLE or e.code in (Code.SEX_AGREE, Code.NATIONALITY_AGREE):
            score += 0.01
        elif e.code is Code.NATIONALITY_DIFFERS:
            score -= 0.03
    if Effect.EXCLUDES in effects:
        score *= 0.6
    elif Effect.WEAKENS in effects:
        score -= 0.02
    # Only an equal document number or VIN ranks at 1.0: it beats any name agreement.
    score = min(score, 0.99)
    if Effect.DECISIVE in effects:
        band = Band.STRONG
        score = 1.0
    elif Effect.EXCLUDES in effects:
        band = Band.WEAK
    elif (
        counted >= 2
        and min_part >= STRONG_MIN_PART
        and name_score >= STRONG_MIN_SCORE
        and Effect.WEAKENS not in effects
    ):
        band = Band.STRONG
    elif (
        counted >= 1
        and min_part >= POSSIBLE_MIN_PART
        and name_score >= POSSIBLE_MIN_SCORE
        # Two loose parts (stem + stem, fuzzy + initial) are a coincidence, not a candidate:
        # "Petr Ivanov" against "Ivan Petrov".
        and (counted == 1 or solid >= 1)
    ):
        band = Band.POSSIBLE
    else:
        band = Band.WEAK
    score = max(0.0, min(1.0, score))
    spelling = best.spelling if best else None
    return Match(
        band=band,
        score=score,
        name_score=name_score,
        spelling=spelling.spelling if spelling else None,
        name_id=spelling.name_id if spelling else None,
        parts=best.parts if best else (),
        evidence=tuple(evidence),
    )


def is_listed(match: Match) -> bool:
    """True when a match is worth showing at all (weak matches above a floor are shown)."""
    return match.band is not Band.WEAK or match.score >= WEAK_MIN_SCORE
