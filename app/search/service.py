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
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app import audit
from app.search import index, lookups
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
from app.search.results import (
    ALL_KINDS,
    AuditActor,
    Interpretation,
    Kind,
    SearchOutcome,
    SearchResult,
)
from app.search.score import (
    Band,
    Facts,
    Match,
    NameMatch,
    PartialDate,
    is_listed,
    normalize_sex,
    parse_dob,
    score_candidate,
)
from app.search.vehicles import (
    looks_like_plate,
    looks_like_vin,
)
from app.store.db import Store

__all__ = [
    "ALL_KINDS",
    "AuditActor",
    "Interpretation",
    "Kind",
    "SearchOutcome",
    "SearchResult",
    "clean_query",
    "load_person_facts",
    "record_search",
    "search",
    "search_and_audit",
]

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

_DOB_TAIL_RE = re.compile(
    r"\s+(\d{4}(?:[./\-]\d{1,2}[./\-]\d{1,2})?|\d{1,2}[./\-]\d{1,2}[./\-]\d{4})$"
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_REFERENCE_RE = re.compile(r"^[\w./\-]{3,64}$")


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
    read = _Reading(name_text=text, sex=normalize_sex(sex), nationality=nationality)
    read.dob = parse_dob(dob) if isinstance(dob, str) else dob
    if isinstance(dob, str) and dob.strip() and read.dob is None:
        read.errors.append(ERROR_DOB_INVALID)
    if document_number:
        read.doc_numbers.add(normalize_document_number(document_number))
    if "<" in text or "\n" in query:
        _read_mrz(query, text, read)

    conn = _conn(session)
    results = _by_codes(conn, text, read, wanted, limit)
    more = False
    if read.name_text and read.mrz is None:
        _take_dob_tail(read)
    if read.name_text and Kind.PERSON in wanted:
        found, more = _by_name(conn, read, partial, limit, started_cpu + SCORING_DEADLINE_S)
        results.extend(found)
    persons_found = any(r.kind is Kind.PERSON for r in results)
    if read.doc_numbers and Kind.PERSON in wanted and not persons_found:
        results.extend(_persons_by_document(conn, read.doc_numbers, limit))
    by_title = Interpretation.REFERENCE not in read.interpretations
    if read.name_text and Kind.CASE in wanted and by_title:
        results.extend(lookups.cases_by_title(conn, read.name_text, limit))

    results.sort(key=lambda r: (r.band != Band.STRONG, r.band == Band.WEAK, -r.score))
    outcome = SearchOutcome(
        query=query,
        interpretations=tuple(dict.fromkeys(read.interpretations)),
        results=results,
        mrz=read.mrz,
        dob=read.dob,
        elapsed_ms=(time.perf_counter() - started) * 1000.0,
        more=more,
        errors=tuple(read.errors),
        index_rebuilding=Interpretation.NAME in read.interpretations and index.needs_rebuild(conn),
    )
    if audit_actor is not None:
        if not isinstance(session, Session):
            raise TypeError("auditing needs an ORM write session")
        record_search(session, outcome, audit_actor, kinds=wanted, sex=read.sex,
                      nationality=read.nationality)  # fmt: skip
    return outcome


@dataclass(slots=True)
class _Reading:
    """What one query was read as, filled in step by step by :func:`search`."""

    name_text: str
    sex: str | None = None
    nationality: str | None = None
    dob: PartialDate | None = None
    mrz: Mrz | None = None
    doc_numbers: set[str] = field(default_factory=set)
    interpretations: list[Interpretation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _take_dob_tail(read: _Reading) -> None:
    """Take a trailing date of birth off the name ("Ivanov 1975"); report an impossible one."""
    read.name_text, tail_dob, tail_invalid = _split_dob(read.name_text)
    read.dob = read.dob or tail_dob
    if tail_invalid:
        read.errors.append(ERROR_DOB_INVALID)


def _by_name(
    conn: Connection, read: _Reading, partial: bool, limit: int, deadline: float
) -> tuple[list[SearchResult], bool]:
    """Persons by the name read from the query (empty when no name part is left)."""
    prepared = _bounded_name(prepare_name(_bounded_words(read.name_text)))
    if not prepared.name_parts:
        return [], False
    read.interpretations.append(Interpretation.NAME)
    facts = Facts(
        dob=read.dob,
        sex=read.sex,
        nationality=read.nationality.upper() if read.nationality else None,
        document_numbers=frozenset(read.doc_numbers),
    )
    return _persons_by_name(conn, prepared, facts, partial=partial, limit=limit,
                            deadline=deadline)  # fmt: skip


def _read_mrz(query: str, text: str, read: _Reading) -> None:
    """Read a pasted MRZ (or a bare MRZ name field) into ``read``."""
    if looks_like_mrz(query):
        try:
            mrz = parse_mrz(query)
        except MrzError as exc:
            read.errors.append(exc.code)
        else:
            read.mrz = mrz
            read.interpretations.append(Interpretation.MRZ)
            read.name_text = mrz.full_name
            read.doc_numbers.add(normalize_document_number(mrz.document_number))
            read.dob = read.dob or mrz.birth_date
            read.sex = read.sex or mrz.sex
            read.nationality = read.nationality or mrz.nationality or None
    elif "<<" in text:
        # An MRZ name field on its own: "IVANOV<<ALEKSANDR".
        read.name_text = text.replace("<", " ")


def _by_codes(
    conn: Connection, text: str, read: _Reading, wanted: frozenset[Kind], limit: int
) -> list[SearchResult]:
    """Results for a VIN, plate, document number or reference typed (or an MRZ's number).

    A query that reads as a code is not searched as a name (``read.name_text`` is cleared).
    """
    results: list[SearchResult] = []
    if read.mrz is None and looks_like_vin(text):
        read.interpretations.append(Interpretation.VIN)
        if Kind.VEHICLE in wanted:
            results.extend(lookups.vehicles_by_vin(conn, text, limit))
    elif read.mrz is None and _looks_like_code(text):
        if Kind.VEHICLE in wanted and looks_like_plate(text):
            read.interpretations.append(Interpretation.PLATE)
            results.extend(lookups.vehicles_by_plate(conn, text, limit))
        if Kind.DOCUMENT in wanted or Kind.PERSON in wanted:
            read.interpretations.append(Interpretation.DOCUMENT_NUMBER)
            read.doc_numbers.add(normalize_document_number(text))
            if Kind.DOCUMENT in wanted:
                results.extend(lookups.documents_by_number(conn, read.doc_numbers, limit))
        read.name_text = ""
    if read.mrz is not None and Kind.DOCUMENT in wanted:
        results.extend(lookups.documents_by_number(conn, read.doc_numbers, limit))
    if read.mrz is None and _REFERENCE_RE.match(text) and any(ch.isdigit() for ch in text):
        # Bulletin and case references look like codes too ("A-1234/5-2024").
        read.interpretations.append(Interpretation.REFERENCE)
        if Kind.BULLETIN in wanted:
            results.extend(lookups.bulletins_by_reference(conn, text, limit))
        if Kind.CASE in wanted:
            results.extend(lookups.cases_by_number(conn, text, limit))
    return results


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
    memo: dict[tuple[str, str], NameMatch] = {}
    for cand in candidates:
        if deadline is not None and time.thread_time() > deadline:
            more = True  # the loosest candidates were left unscored
            break
        got = person_facts.get(cand.person_id)
        if got is None:
            continue
        stored, bulletin_id = got
        match = score_candidate(query, facts, spellings.get(cand.person_id, []), stored,
                                partial=partial, memo=memo)  # fmt: skip
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
