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

from collections.abc import Sequence
from dataclasses import replace

# Re-exported: callers import the whole scoring vocabulary from here.
from app.search.compare import NameMatch, compare_names, compare_parts
from app.search.evidence import (
    BAND_ORDER,
    POSSIBLE_MIN_PART,
    POSSIBLE_MIN_SCORE,
    SCORE_HYPOCORISM,
    SINGLE_PART_METHODS,
    STRONG_MIN_PART,
    STRONG_MIN_SCORE,
    WEAK_MIN_SCORE,
    Band,
    Code,
    Doubt,
    Effect,
    Evidence,
    Match,
    MatchMethod,
    PartMatch,
)
from app.search.facts import Facts, PartialDate, compare_dob, normalize_sex, parse_dob
from app.search.keys import PreparedName
from app.search.normalize import Gender, PartRole

__all__ = [
    "BAND_ORDER",
    "SCORE_HYPOCORISM",
    "Band",
    "Code",
    "Doubt",
    "Effect",
    "Evidence",
    "Facts",
    "Match",
    "MatchMethod",
    "NameMatch",
    "PartMatch",
    "PartialDate",
    "compare_dob",
    "compare_names",
    "compare_parts",
    "is_listed",
    "normalize_sex",
    "parse_dob",
    "score_candidate",
]

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


def _compare(
    query: PreparedName,
    sp: PreparedName,
    partial: bool,
    memo: dict[tuple[str, str], NameMatch] | None,
) -> NameMatch:
    if memo is None:
        return compare_names(query, sp, partial=partial)
    key = (sp.spelling, sp.language or "")
    nm = memo.get(key)
    if nm is None:
        nm = memo[key] = compare_names(query, sp, partial=partial)
    elif nm.spelling.name_id != sp.name_id:
        nm = replace(nm, spelling=sp)  # the same comparison, this person's spelling row
    return nm


def score_candidate(
    query: PreparedName | None,
    query_facts: Facts,
    spellings: Sequence[PreparedName],
    stored_facts: Facts,
    *,
    partial: bool = False,
    memo: dict[tuple[str, str], NameMatch] | None = None,
) -> Match:
    """Score one candidate person against the query.

    Args:
        query: The typed name, or ``None`` for a search by document number only.
        query_facts: Date of birth, sex, nationality, documents typed with the query.
        spellings: Every stored spelling of the candidate.
        stored_facts: The candidate's recorded facts.
        partial: The last typed part may be unfinished.
        memo: Name comparisons already made for this query, by stored spelling: a crowd of
            namesakes shares a few spellings, each is compared once per search.

    Returns:
        The match with its band and explanation.
    """
    best: NameMatch | None = None
    if query is not None and query.name_parts:
        for sp in spellings:
            nm = _compare(query, sp, partial, memo)
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
