"""Look-ups by code: VIN, plate, document number, bulletin reference, case number or title."""

# ruff: noqa: S608 - SQL here is assembled from "?" placeholders only; every value is a
# bound parameter.
from __future__ import annotations

from sqlalchemy import Connection

from app.search.documents import normalize_document_number
from app.search.evidence import Band, Code, Effect, Evidence
from app.search.results import Kind, SearchResult
from app.search.vehicles import (
    CYRILLIC_LOOKALIKES,
    inspect_vin,
    normalize_plate,
    plate_loose_key,
)

_LATIN_TO_CYR_PLATE = str.maketrans({v: k for k, v in CYRILLIC_LOOKALIKES.items()})


def _marks(n: int) -> str:
    return ",".join("?" * n)


def simple_result(kind: Kind, target_id: str, band: Band, score: float, label: str,
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


def vehicles_by_plate(conn: Connection, text: str, limit: int) -> list[SearchResult]:
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
        out.append(simple_result(
            Kind.VEHICLE, vid, Band.STRONG if same else Band.POSSIBLE, 1.0 if same else 0.85,
            plate, bid, Evidence(code, Effect.SUPPORTS,
                                 {"query": wanted, "stored": normalize_plate(plate),
                                  "loose_key": plate_loose_key(plate)}),
        ))  # fmt: skip
    return out


def vehicles_by_vin(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    info = inspect_vin(text)
    out: list[SearchResult] = []
    for vid, bid, vin in conn.exec_driver_sql(
        "SELECT id, bulletin_id, vin FROM vehicles WHERE vin IN (?, ?) AND deleted = 0 LIMIT ?",
        (info.vin, text.strip().upper(), limit),
    ):
        out.append(simple_result(
            Kind.VEHICLE, vid, Band.STRONG, 1.0, vin, bid,
            Evidence(Code.VIN_EQUAL, Effect.DECISIVE,
                     {"vin": info.vin, "check_digit_ok": info.check_digit_ok}),
        ))  # fmt: skip
    return out


def documents_by_number(conn: Connection, numbers: set[str], limit: int) -> list[SearchResult]:
    nums = tuple(sorted(n for n in numbers if n))
    if not nums:
        return []
    out: list[SearchResult] = []
    for did, bid, number in conn.exec_driver_sql(
        f"SELECT id, bulletin_id, number FROM documents WHERE number_norm IN ({_marks(len(nums))}) "
        "AND deleted = 0 LIMIT ?",
        (*nums, limit),
    ):
        out.append(simple_result(
            Kind.DOCUMENT, did, Band.STRONG, 1.0, number, bid,
            Evidence(Code.DOCUMENT_NUMBER_EQUAL, Effect.DECISIVE,
                     {"number": normalize_document_number(number)}),
        ))  # fmt: skip
    return out


def bulletins_by_reference(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    out: list[SearchResult] = []
    ref = text.strip()
    for bid, reference in conn.exec_driver_sql(
        "SELECT id, reference FROM bulletins WHERE (reference = ? OR reference LIKE ?) "
        "AND deleted = 0 LIMIT ?",
        (ref, ref.replace("%", "").replace("_", "") + "%", limit),
    ):
        exact = reference.casefold() == ref.casefold()
        out.append(simple_result(
            Kind.BULLETIN, bid, Band.STRONG if exact else Band.POSSIBLE, 1.0 if exact else 0.8,
            reference, bid, Evidence(Code.REFERENCE_EQUAL if exact else Code.TEXT_MATCH,
                                     Effect.SUPPORTS, {"reference": reference}),
        ))  # fmt: skip
    return out


def cases_by_number(conn: Connection, text: str, limit: int) -> list[SearchResult]:
    out: list[SearchResult] = []
    ref = text.strip()
    for cid, number in conn.exec_driver_sql(
        "SELECT id, number FROM cases WHERE (number = ? OR number LIKE ?) AND deleted = 0 LIMIT ?",
        (ref, ref.replace("%", "").replace("_", "") + "%", limit),
    ):
        exact = number.casefold() == ref.casefold()
        out.append(simple_result(
            Kind.CASE, cid, Band.STRONG if exact else Band.POSSIBLE, 1.0 if exact else 0.8,
            number, None, Evidence(Code.REFERENCE_EQUAL if exact else Code.TEXT_MATCH,
                                   Effect.SUPPORTS, {"number": number}),
        ))  # fmt: skip
    return out


def cases_by_title(conn: Connection, text: str, limit: int) -> list[SearchResult]:
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
        out.append(simple_result(
            Kind.CASE, cid, Band.POSSIBLE, 0.8, f"{number} {title}".strip(), None,
            Evidence(Code.TEXT_MATCH, Effect.SUPPORTS, {"number": number}),
        ))  # fmt: skip
    return out
