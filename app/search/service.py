"""One search box for persons, bulletins, cases, vehicles and documents.

:func:`search` works out what was typed (a name, an MRZ, a VIN, a plate, a document
number, a bulletin or case reference; a trailing year or date is taken as the date of
birth), retrieves candidates through the indexes, scores them and returns typed results
with a band and a structured explanation. It has no side effects unless it is asked to
audit; :func:`search_and_audit` is what the UI calls (off the GUI thread): it searches in a
read transaction and then appends the audit event in a short write transaction, so a
search never holds the database write lock.
"""

# ruff: noqa: S608 - SQL here is assembled from "?" placeholders only; every value is a
# bound parameter.
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app import audit
from app.search import index
from app.search.documents import (
    Mrz,
    MrzError,
    looks_like_document_number,
    looks_like_mrz,
    normalize_document_number,
    parse_mrz,
)
from app.search.keys import PreparedName, prepare_name
from app.search.normalize import PartRole
from app.search.score import (
    Band,
    Code,
    Effect,
    Evidence,
    Facts,
    Match,
    PartialDate,
    is_listed,
    normalize_sex,
    parse_dob,
    score_candidate,
)
from app.search.vehicles import (
    CYRILLIC_LOOKALIKES,
    inspect_vin,
    looks_like_plate,
    looks_like_vin,
    normalize_plate,
    plate_loose_key,
)
from app.store.db import Store

# How many index candidates are scored per requested result: retrieval returns the
# strictest matches first, so half a page more than asked for is enough to fill it.
CANDIDATES_PER_RESULT = 1.2
MAX_CANDIDATES = 300
# Bounds on what one query may cost, whatever is typed or pasted: the text searched is cut
# to this many characters, and a name to this many parts (real names have at most five or
# six; a pasted paragraph must not turn into a 1,000-part query).
MAX_QUERY_CHARS = 256
MAX_NAME_PARTS = 6
# The longest name part looked at (the longest real ones are about 20 letters).
MAX_PART_CHARS = 40
# CPU time of the searching thread after which no further candidate is scored: candidates
# come strictest first, so what is left is the loosest, and the answer stays within the
# 200 ms any input is allowed. CPU time, not wall time, so that the load of the machine
# never changes the answer.
SCORING_DEADLINE_S = 0.16
# Error codes in SearchOutcome.errors (besides the MRZ codes of app.search.documents).
ERROR_DOB_INVALID = "dob_invalid"

_LATIN_TO_CYR_PLATE = str.maketrans({v: k for k, v in CYRILLIC_LOOKALIKES.items()})
_DOB_TAIL_RE = re.compile(
    r"\s+(\d{4}(?:[./\-]\d{1,2}[./\-]\d{1,2})?|\d{1,2}[./\-]\d{1,2}[./\-]\d{4})$"
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_REFERENCE_RE = re.compile(r"^[\w./\-]{3,64}$")


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
    """

    query: str
    interpretations: tuple[Interpretation, ...]
    results: list[SearchResult]
    mrz: Mrz | None = None
    dob: PartialDate | None = None
    elapsed_ms: float = 0.0
    more: bool = False
    errors: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class AuditActor:
    """Who searched (recorded in the audit log)."""

    user_id: str | None
    username: str = ""


def _conn(db: Connection | Session) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def _looks_like_code(text: str) -> bool:
    """A plate or document number, not a name with a year: mostly digits, no long words."""
    compact = "".join(ch for ch in text if ch.isalnum())
    if not compact or any(len(w) >= 4 and w.isalpha() for w in re.split(r"[\s\-./]+", text)):
        return False
    digits = sum(ch.isdigit() for ch in compact)
    return digits / len(compact) >= 0.4 and (
        looks_like_plate(text) or looks_like_document_number(text)
    )


def _split_dob(query: str) -> tuple[str, PartialDate | None, bool]:
    """Take a trailing year or date off a name query: "Ivanov 1975" -> ("Ivanov", 1975).

    Returns:
        The name, the date, and whether a date was typed that does not exist
        ("Ivanov 31.02.1975": the name is kept, the date is not used and is reported).
    """
    m = _DOB_TAIL_RE.search(query)
    if not m:
        return query, None, False
    dob = parse_dob(m.group(1))
    return query[: m.start()].strip(), dob, dob is None


def clean_query(text: str) -> str:
    """What is typed, made safe to search, log and audit: no lone surrogates, bounded."""
    return _SURROGATE_RE.sub("\ufffd", text[: MAX_QUERY_CHARS * 4])


def _bounded_words(text: str) -> str:
    """Words cut to :data:`MAX_PART_CHARS` before a name is parsed."""
    return " ".join(w[:MAX_PART_CHARS] for w in text.split())


def _bounded_name(prepared: PreparedName) -> PreparedName:
    """The name cut to its first :data:`MAX_NAME_PARTS` distinct name parts.

    A part typed twice ("Иванов Иванов ...", a paste gone wrong) counts once: no name
    repeats a part, and every repetition would multiply the work of pairing.
    """
    kept: list[Any] = []
    seen: set[str] = set()
    for part in prepared.parts:
        if part.part.role is not PartRole.MARKER:
            text = part.part.text
            if text in seen or (len(text) > 2 and len(set(text)) == 1):
                continue  # a repeat, or one letter held down ("аааа"): not a name part
            if len(seen) == MAX_NAME_PARTS:
                break
            seen.add(part.part.text)
        kept.append(part)
    if len(kept) == len(prepared.parts):
        return prepared
    return PreparedName(prepared.spelling, tuple(kept), prepared.language, prepared.name_id)


def search(
    session: Connection | Session,
    query: str,
    *,
    kinds: Iterable[Kind] = ALL_KINDS,
    dob: PartialDate | str | None = None,
    sex: str | None = None,
    nationality: str | None = None,
    document_number: str | None = None,
    partial: bool = False,
    limit: int = 50,
    audit_actor: AuditActor | None = None,
) -> SearchOutcome:
    """Search everything the office holds offline.

    Args:
        session: A session or connection. With ``audit_actor`` it must be a write session
            (``Store.write``); otherwise a read session is enough.
        query: What the officer typed or pasted.
        kinds: Which kinds of result are wanted.
        dob: Date of birth (``PartialDate`` or text such as ``1975/00/00``).
        sex: ``M``/``F`` (or ``male``, ``ж``...), if known.
        nationality: ISO 3166 alpha-3, if known.
        document_number: A document number known besides the name.
        partial: The last word may be unfinished (search-as-you-type).
        limit: Results per kind at most.
        audit_actor: Record the search in the audit log under this user.

    Returns:
        The outcome; never raises for odd input (an unreadable MRZ is reported in
        ``errors``).
    """
    started = time.perf_counter()
    started_cpu = time.thread_time()
    wanted = frozenset(kinds)
    query = clean_query(query)
    text = " ".join(query.split())[:MAX_QUERY_CHARS]
    errors: list[str] = []
    q_dob = parse_dob(dob) if isinstance(dob, str) else dob
    if isinstance(dob, str) and dob.strip() and q_dob is None:
        errors.append(ERROR_DOB_INVALID)
    facts_sex = normalize_sex(sex)
    doc_numbers: set[str] = set()
    if document_number:
        doc_numbers.add(normalize_document_number(document_number))
    interpretations: list[Interpretation] = []
    results: list[SearchResult] = []
    mrz: Mrz | None = None
    more = False
    name_text = text

    if "<" in text or "\n" in query:
        if looks_like_mrz(query):
            try:
                mrz = parse_mrz(query)
            except MrzError as exc:
                errors.append(exc.code)
            else:
                interpretations.append(Interpretation.MRZ)
                name_text = mrz.full_name
                doc_numbers.add(normalize_document_number(mrz.document_number))
                q_dob = q_dob or mrz.birth_date
                facts_sex = facts_sex or mrz.sex
                nationality = nationality or mrz.nationality or None
        elif "<<" in text:
            # An MRZ name field on its own: "IVANOV<<ALEKSANDR".
            name_text = text.replace("<", " ")

    conn = _conn(session)
    if mrz is None and looks_like_vin(text):
        interpretations.append(Interpretation.VIN)
        if Kind.VEHICLE in wanted:
            results.extend(_vehicles_by_vin(conn, text, limit))
    elif mrz is None and _looks_like_code(text):
        if Kind.VEHICLE in wanted and looks_like_plate(text):
            interpretations.append(Interpretation.PLATE)
            results.extend(_vehicles_by_plate(conn, text, limit))
        if Kind.DOCUMENT in wanted or Kind.PERSON in wanted:
            interpretations.append(Interpretation.DOCUMENT_NUMBER)
            doc_numbers.add(normalize_document_number(text))
            if Kind.DOCUMENT in wanted:
                results.extend(_documents_by_number(conn, doc_numbers, limit))
        name_text = ""
    if mrz is not None and Kind.DOCUMENT in wanted:
        results.extend(_documents_by_number(conn, doc_numbers, limit))

    if mrz is None and _REFERENCE_RE.match(text) and any(ch.isdigit() for ch in text):
        # Bulletin and case references look like codes too ("A-1234/5-2024").
        interpretations.append(Interpretation.REFERENCE)
        if Kind.BULLETIN in wanted:
            results.extend(_bulletins_by_reference(conn, text, limit))
        if Kind.CASE in wanted:
            results.extend(_cases_by_number(conn, text, limit))
    if name_text and mrz is None:
        name_text, tail_dob, tail_invalid = _split_dob(name_text)
        q_dob = q_dob or tail_dob
        if tail_invalid:
            errors.append(ERROR_DOB_INVALID)
    if name_text and Kind.PERSON in wanted:
        prepared = _bounded_name(prepare_name(_bounded_words(name_text)))
        if prepared.name_parts:
            interpretations.append(Interpretation.NAME)
            facts = Facts(
                dob=q_dob,
                sex=facts_sex,
                nationality=nationality.upper() if nationality else None,
                document_numbers=frozenset(doc_numbers),
            )
            found, more = _persons_by_name(conn, prepared, facts, partial=partial, limit=limit,
                                           deadline=started_cpu + SCORING_DEADLINE_S)  # fmt: skip
            results.extend(found)
    if doc_numbers and Kind.PERSON in wanted and not any(r.kind is Kind.PERSON for r in results):
        results.extend(_persons_by_document(conn, doc_numbers, limit))
    if name_text and Kind.CASE in wanted and Interpretation.REFERENCE not in interpretations:
        results.extend(_cases_by_title(conn, name_text, limit))

    results.sort(key=lambda r: (r.band != Band.STRONG, r.band == Band.WEAK, -r.score))
    outcome = SearchOutcome(
        query=query,
        interpretations=tuple(dict.fromkeys(interpretations)),
        results=results,
        mrz=mrz,
        dob=q_dob,
        elapsed_ms=(time.perf_counter() - started) * 1000.0,
        more=more,
        errors=tuple(errors),
    )
    if audit_actor is not None:
        if not isinstance(session, Session):
            raise TypeError("auditing needs an ORM write session")
        record_search(session, outcome, audit_actor, kinds=wanted, sex=facts_sex,
                      nationality=nationality)  # fmt: skip
    return outcome


def record_search(
    session: Session,
    outcome: SearchOutcome,
    actor: AuditActor,
    *,
    kinds: Iterable[Kind] = ALL_KINDS,
    sex: str | None = None,
    nationality: str | None = None,
) -> None:
    """Append the audit event of a search (inside a write transaction)."""
    strong = [r.target_id for r in outcome.results if r.band is Band.STRONG][:20]
    audit.record(
        session,
        audit.Action.SEARCH,
        actor_id=actor.user_id,
        actor_name=actor.username,
        target_type="search",
        target_id="",
        details={
            "query": outcome.query,
            "interpretations": [str(i) for i in outcome.interpretations],
            "kinds": sorted(str(k) for k in kinds),
            "dob": str(outcome.dob) if outcome.dob else None,
            "sex": sex,
            "nationality": nationality,
            "results": len(outcome.results),
            "strong": strong,
        },
    )


def search_and_audit(
    store: Store,
    query: str,
    actor: AuditActor,
    **options: Any,
) -> SearchOutcome:
    """Search in a read transaction, then record the audit event in a short write one.

    Runs off the GUI thread. ``options`` are those of :func:`search`.
    """
    with store.read() as session:
        outcome = search(session, query, **options)
    with store.write() as session:
        record_search(session, outcome, actor, kinds=options.get("kinds", ALL_KINDS),
                      sex=normalize_sex(options.get("sex")),
                      nationality=options.get("nationality"))  # fmt: skip
    return outcome


# --- persons ----------------------------------------------------------------------------------


def _marks(n: int) -> str:
    return ",".join("?" * n)


def load_person_facts(
    conn: Connection, person_ids: Sequence[str]
) -> tuple[dict[str, tuple[Facts, str | None]], dict[str, list[PreparedName]]]:
    """Facts and prepared spellings of persons (live ones only, cancelled bulletins left out)."""
    facts: dict[str, tuple[Facts, str | None]] = {}
    if not person_ids:
        return facts, {}
    ids = tuple(person_ids)
    rows = index.raw_rows(
        conn,
        "SELECT p.id, p.bulletin_id, p.sex, p.birth_year, p.birth_month, p.birth_day, "
        "p.nationality FROM persons p LEFT JOIN bulletins b ON b.id = p.bulletin_id "
        f"WHERE p.id IN ({_marks(len(ids))}) AND p.deleted = 0 "
        "AND (b.id IS NULL OR (b.cancelled = 0 AND b.deleted = 0))",
        ids,
    )
    bulletin_of = {pid: bid for pid, bid, *_ in rows}
    docs: dict[str, set[str]] = {}
    bids = tuple({b for b in bulletin_of.values() if b})
    if bids:
        for bid, num in index.raw_rows(
            conn,
            "SELECT bulletin_id, number_norm FROM documents "
            f"WHERE bulletin_id IN ({_marks(len(bids))}) "
            "AND deleted = 0",
            bids,
        ):
            if num:
                docs.setdefault(bid, set()).add(normalize_document_number(num))
    for pid, bid, sex, y, m, d, nat in rows:
        facts[pid] = (
            Facts(
                dob=PartialDate.of(y, m, d) if y else None,
                sex=normalize_sex(sex),
                nationality=nat.upper() if nat else None,
                document_numbers=frozenset(docs.get(bid, ())) if bid else frozenset(),
            ),
            bid,
        )
    rows_n = [
        row
        for row in index.raw_rows(
            conn,
            f"SELECT id, person_id, full_name, language FROM person_names "
            f"WHERE person_id IN ({_marks(len(ids))})",
            ids,
        )
        if row[1] in facts
    ]
    # A freshly started client reads the tokens' forms instead of recomputing them.
    index.load_token_forms(conn, [(full, lang or "") for _nid, _pid, full, lang in rows_n])
    names: dict[str, list[PreparedName]] = {}
    for nid, pid, full_name, language in rows_n:
        names.setdefault(pid, []).append(index.prepared_spelling(full_name, language or "", nid))
    return facts, names


def _person_result(pid: str, match: Match, bulletin_id: str | None) -> SearchResult:
    return SearchResult(
        kind=Kind.PERSON,
        target_id=pid,
        band=match.band,
        score=match.score,
        label=match.spelling or "",
        bulletin_id=bulletin_id,
        explanation=match.explanation(),
        match=match,
    )


def _persons_by_name(
    conn: Connection,
    query: PreparedName,
    facts: Facts,
    *,
    partial: bool,
    limit: int,
    deadline: float | None = None,
) -> tuple[list[SearchResult], bool]:
    cap = min(MAX_CANDIDATES, max(int(limit * CANDIDATES_PER_RESULT), limit))
    candidates = index.candidate_refs(conn, query, partial=partial, limit=cap + 1,
                                      birth_year=facts.dob.year if facts.dob else None)  # fmt: skip
    more = len(candidates) > cap
    candidates = candidates[:cap]
    person_facts, spellings = load_person_facts(conn, [c.person_id for c in candidates])
    scored: list[SearchResult] = []
    single = len(query.name_parts) == 1
    for cand in candidates:
        if deadline is not None and time.thread_time() > deadline:
            more = True  # the loosest candidates were left unscored
            break
        got = person_facts.get(cand.person_id)
        if got is None:
            continue
        stored, bulletin_id = got
        match = score_candidate(query, facts, spellings.get(cand.person_id, []), stored,
                                partial=partial)  # fmt: skip
        if is_listed(match) and not (single and match.band is Band.WEAK):
            # A one-word query lists only real candidates: "Ivanov" does not list every
            # Ivakin, and a stray word lists nothing.
            scored.append(_person_result(cand.person_id, match, bulletin_id))
    scored.sort(key=lambda r: r.match.sort_key if r.match else (3, 0.0))
    return scored[:limit], more or len(scored) > limit


def _persons_by_document(conn: Connection, numbers: set[str], limit: int) -> list[SearchResult]:
    nums = tuple(sorted(n for n in numbers if n))
    if not nums:
        return []
    pids = list(conn.exec_driver_sql(
        "SELECT DISTINCT p.id FROM documents d JOIN persons p ON p.bulletin_id = d.bulletin_id "
        f"WHERE d.number_norm IN ({_marks(len(nums))}) AND d.deleted = 0 LIMIT ?",
        (*nums, limit),
    ).scalars())  # fmt: skip
    person_facts, spellings = load_person_facts(conn, pids)
    out: list[SearchResult] = []
    for pid in pids:
        got = person_facts.get(pid)
        if got is None:
            continue
        stored, bulletin_id = got
        match = score_candidate(None, Facts(document_numbers=frozenset(numbers)),
                                spellings.get(pid, []), stored)  # fmt: skip
        out.append(_person_result(pid, match, bulletin_id))
    return out


# --- vehicles, documents, bulletins, cases --------------------------------------------------------


def _simple_result(kind: Kind, target_id: str, band: Band, score: float, label: str,
                   bulletin_id: str | None, *evidence: Evidence) -> SearchResult:  # fmt: skip
    return SearchResult(
        kind=kind,
        target_id=target_id,
        band=band,
        score=score,
        label=label,
        bulletin_id=bulletin_id,
        explanation={
            "band": str(band),
            "score": round(score, 3),
            "evidence": [e.to_dict() for e in evidence],
        },
    )


def plate_forms(text: str) -> list[str]:
    """Stored plate forms that mean the same plate (Latin or Cyrillic look-alikes)."""
    latin = normalize_plate(text)
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return sorted({latin, latin.translate(_LATIN_TO_CYR_PLATE), raw} - {""})


def _vehicles_by_plate(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    forms = plate_forms(text)
    wanted = normalize_plate(text)
    out: list[SearchResult] = []
    for vid, bid, plate in conn.exec_driver_sql(
        f"SELECT id, bulletin_id, plate FROM vehicles WHERE plate_norm IN ({_marks(len(forms))}) "
        "AND deleted = 0 LIMIT ?",
        (*forms, limit),
    ):
        same = normalize_plate(plate) == wanted
        code = Code.PLATE_EQUAL if same else Code.PLATE_SIMILAR
        out.append(_simple_result(
            Kind.VEHICLE, vid, Band.STRONG if same else Band.POSSIBLE, 1.0 if same else 0.85,
            plate, bid, Evidence(code, Effect.SUPPORTS,
                                 {"query": wanted, "stored": normalize_plate(plate),
                                  "loose_key": plate_loose_key(plate)}),
        ))  # fmt: skip
    return out


def _vehicles_by_vin(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    info = inspect_vin(text)
    out: list[SearchResult] = []
    for vid, bid, vin in conn.exec_driver_sql(
        "SELECT id, bulletin_id, vin FROM vehicles WHERE vin IN (?, ?) AND deleted = 0 LIMIT ?",
        (info.vin, text.strip().upper(), limit),
    ):
        out.append(_simple_result(
            Kind.VEHICLE, vid, Band.STRONG, 1.0, vin, bid,
            Evidence(Code.VIN_EQUAL, Effect.DECISIVE,
                     {"vin": info.vin, "check_digit_ok": info.check_digit_ok}),
        ))  # fmt: skip
    return out


def _documents_by_number(conn: Connection, numbers: set[str], limit: int) -> list[SearchResult]:
    nums = tuple(sorted(n for n in numbers if n))
    if not nums:
        return []
    out: list[SearchResult] = []
    for did, bid, number in conn.exec_driver_sql(
        f"SELECT id, bulletin_id, number FROM documents WHERE number_norm IN ({_marks(len(nums))}) "
        "AND deleted = 0 LIMIT ?",
        (*nums, limit),
    ):
        out.append(_simple_result(
            Kind.DOCUMENT, did, Band.STRONG, 1.0, number, bid,
            Evidence(Code.DOCUMENT_NUMBER_EQUAL, Effect.DECISIVE,
                     {"number": normalize_document_number(number)}),
        ))  # fmt: skip
    return out


def _bulletins_by_reference(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    out: list[SearchResult] = []
    ref = text.strip()
    for bid, reference in conn.exec_driver_sql(
        "SELECT id, reference FROM bulletins WHERE (reference = ? OR reference LIKE ?) "
        "AND deleted = 0 LIMIT ?",
        (ref, ref.replace("%", "").replace("_", "") + "%", limit),
    ):
        exact = reference.casefold() == ref.casefold()
        out.append(_simple_result(
            Kind.BULLETIN, bid, Band.STRONG if exact else Band.POSSIBLE, 1.0 if exact else 0.8,
            reference, bid, Evidence(Code.REFERENCE_EQUAL if exact else Code.TEXT_MATCH,
                                     Effect.SUPPORTS, {"reference": reference}),
        ))  # fmt: skip
    return out


def _cases_by_number(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    out: list[SearchResult] = []
    ref = text.strip()
    for cid, number in conn.exec_driver_sql(
        "SELECT id, number FROM cases WHERE (number = ? OR number LIKE ?) AND deleted = 0 LIMIT ?",
        (ref, ref.replace("%", "").replace("_", "") + "%", limit),
    ):
        exact = number.casefold() == ref.casefold()
        out.append(_simple_result(
            Kind.CASE, cid, Band.STRONG if exact else Band.POSSIBLE, 1.0 if exact else 0.8,
            number, None, Evidence(Code.REFERENCE_EQUAL if exact else Code.TEXT_MATCH,
                                   Effect.SUPPORTS, {"number": number}),
        ))  # fmt: skip
    return out


def _cases_by_title(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    # The office's own case files are few (thousands), so a LIKE scan is affordable; the
    # million-row tables never get one.
    words = [w for w in text.split() if len(w) >= 3][:3]
    if not words:
        return []
    cond = " AND ".join("title LIKE ?" for _ in words)
    params = [f"%{w.replace('%', '').replace('_', '')}%" for w in words]
    out: list[SearchResult] = []
    for cid, number, title in conn.exec_driver_sql(
        f"SELECT id, number, title FROM cases WHERE {cond} AND deleted = 0 LIMIT ?",
        (*params, limit),
    ):
        out.append(_simple_result(
            Kind.CASE, cid, Band.POSSIBLE, 0.8, f"{number} {title}".strip(), None,
            Evidence(Code.TEXT_MATCH, Effect.SUPPORTS, {"number": number}),
        ))  # fmt: skip
    return out
