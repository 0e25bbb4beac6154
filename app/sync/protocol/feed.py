"""The change feed: rows, pages, integrity and the row data schemas (``d``)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, field_validator

from app.sync.protocol.common import Envelope, WireModel
from app.sync.protocol.constants import (
    BAD_TEXT_RE,
    MAX_BLOB_SIZE,
    MAX_SEQ,
    MAX_TEXT,
    MAX_UNIX_TIME,
    RowType,
    Sha256Hex,
)


class Row(WireModel):
    """One change row. Short keys keep pages small.

    ``s`` seq, ``l`` lane, ``t`` :class:`RowType`, ``i`` entity UUID, ``a`` server time of the
    change (Unix seconds), ``x`` 1 for a tombstone (cancelled/withdrawn/removed), ``d`` data
    (schema by type; for a tombstone ``{"why": reason}``).
    """

    s: int
    l: int  # noqa: E741 - short wire key
    t: str
    i: str
    a: int
    x: int = 0
    d: dict[str, Any] = Field(default_factory=dict)
    #: Set instead of ``d`` when the row's data is larger than :data:`MAX_ROW_BYTES`.
    z: int | None = None


#: Why a row could not be applied (``row_problem`` and the client's bad-row records).
ROW_PROBLEMS = (
    "bad_seq",
    "bad_time",
    "bad_id",
    "bad_type",
    "bad_text",
    "too_large",
    "schema",
    "unstorable",
)


def text_ok(value: str, max_len: int = MAX_TEXT) -> bool:
    """True when ``value`` is storable text: bounded, no NUL, no lone surrogate."""
    return len(value) <= max_len and BAD_TEXT_RE.search(value) is None


def row_problem(row: Row) -> str | None:
    """What makes a change row unusable before its data is looked at, or ``None``.

    Each row is checked on its own so that one bad row is isolated, never fatal to the page.
    """
    if not 0 < row.s <= MAX_SEQ:
        return "bad_seq"
    if not 0 <= row.a <= MAX_UNIX_TIME:
        return "bad_time"
    if not row.i or not text_ok(row.i, 64):
        return "bad_id"
    if row.t not in _ROW_TYPES:
        return "bad_type"
    if row.z is not None:
        return "too_large"
    return None


_ROW_TYPES = frozenset(t.value for t in RowType)


class LaneIntegrity(WireModel):
    """The sums of one lane visible to this device (docs/protocol.md section 3.4).

    ``count``/``checksum``: version 1 sums over the live rows' ``(t, i, s)``. ``rows``/
    ``digest``: the lane digest over every row's content, tombstones included
    (``app.sync.digest``); absent from older servers, which a client then compares by
    the version 1 sums.
    """

    lane: int
    count: int
    checksum: str
    rows: int | None = None
    digest: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")


class IntegrityResponse(Envelope):
    """``GET /api/v1/integrity`` (and the ``integrity`` block of a last page).

    ``head`` is the highest seq visible to this device; the client compares lanes only if
    its last complete pull reported the same ``head``.
    """

    head: int
    server_time: str
    lanes: list[LaneIntegrity]


def sums_tag(lanes: Mapping[int, tuple[int, str]]) -> str:
    """A short tag of every lane's row count and digest (the idle ``/news`` call).

    ``lanes`` maps a lane to ``(rows, digest in hex)``, as the client's ``lane_sums``
    and the server's ``lane_digests`` give them. Equal tags mean equal sums in every lane
    (96 bits of BLAKE2b: a fault that changes a lane changes the tag); the tag is
    16 characters of base64url, so it costs a few bytes in a request line.
    """
    text = ";".join(f"{lane}:{rows}:{digest}" for lane, (rows, digest) in sorted(lanes.items()))
    raw = hashlib.blake2b(text.encode("ascii"), digest_size=12).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii")


class NewsAnswer(Envelope):
    """``GET /api/v1/news`` when there is something to pull (docs/protocol.md, section 2).

    The answer "nothing new, and your lane sums are mine" is ``204 No Content``, without
    a body.
    """

    head: int
    #: Entries in the caller's office journal, when the call named what it knows
    #: (``journal=``): a different number means the office journal must be exchanged.
    journal: int | None = None


class ChangesPage(Envelope):
    """``GET /api/v1/changes``."""

    rows: list[Row]
    next_cursor: str
    has_more: bool
    head: int
    server_time: str
    raw_bytes: int
    integrity: IntegrityResponse | None = None
    #: The publisher's signature of the page (``{"k": key id, "s": base64}``, section 9).
    sig: dict[str, str] | None = None


# Row data schemas (``d``). Keys are short; the docs spell each one out.


class RowData(WireModel):
    """Base of the row data schemas: every text is bounded and storable (:func:`text_ok`)."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else (value,)
        for item in items:
            if isinstance(item, str) and not text_ok(item):
                raise ValueError("text too long or not storable")
        return value


#: A small bounded integer (sizes, years, flags) on the wire.
SmallInt = Annotated[int, Field(ge=0, le=2**31)]


class NameSpelling(RowData):
    """One spelling of a person's name, kept verbatim (``PersonData.n`` entries)."""

    f: str  # full name as written
    s: str | None = None  # surname
    g: str | None = None  # given name(s)
    p: str | None = None  # patronymic
    sc: str  # script, ISO 15924: Cyrl, Latn
    la: str | None = None  # language: ru, kk, ky, uz, tg, tk, en
    ty: str = "primary"  # primary, passport, translit, national_latin, alias


class PersonData(RowData):
    """A person inside a bulletin or case (``p`` entries)."""

    id: str | None = None  # absent: the client derives uuid5(row id, "p<index>")
    n: list[NameSpelling] = Field(default_factory=list)  # empty for an unidentified body
    sx: str | None = None  # sex: M, F (absent: unknown)
    #: date of birth [year, month, day]; nulls and zeros allowed (``1975/00/00``)
    b: Annotated[list[Annotated[int, Field(ge=0, le=9999)] | None], Field(max_length=3)] | None = (
        None
    )
    c: str | None = None  # nationality (ISO 3166 alpha-2)
    #: every nationality (protocol 2), ``c`` first
    cs: Annotated[list[Annotated[str, Field(max_length=3)]], Field(max_length=8)] | None = None
    pb: str | None = None  # place of birth
    de: str | None = None  # description (marks, height, clothing)
    r: str | None = None  # role in a case: suspect, victim, witness, subject


class VehicleData(RowData):
    """A vehicle (``v``)."""

    pl: str | None = None  # plate as written
    pc: str | None = None  # registration country
    vin: str | None = None
    mk: str | None = None  # make
    md: str | None = None  # model
    co: str | None = None  # colour
    y: SmallInt | None = None  # model year


class DocumentData(RowData):
    """An identity or travel document (``doc``)."""

    ty: str  # passport, id_card, driving_licence, vehicle_registration, ...
    no: str
    cc: str | None = None  # issuing country
    hn: str | None = None  # holder's name as printed
    bl: SmallInt = 0  # 1 = blank (stolen before issue)


class BulletinKind(StrEnum):
    """Bulletin kinds (``BulletinData.k``); the same values as the client's domain."""

    RED = "red"  # wanted for arrest
    YELLOW = "yellow"  # missing person
    BLUE = "blue"  # locate / more information
    BLACK = "black"  # unidentified body
    GREEN = "green"  # warning
    ORANGE = "orange"  # threat
    PURPLE = "purple"  # modus operandi
    UN_SPECIAL = "un_special"
    STOLEN_VEHICLE = "stolen_vehicle"
    STOLEN_DOCUMENT = "stolen_document"
    NATIONAL_ALERT = "national_alert"
    REGIONAL_ALERT = "regional_alert"


class HandlingCode(StrEnum):
    """Handling codes (``hc``); the same values as the client's domain."""

    UNRESTRICTED = "unrestricted"
    LAW_ENFORCEMENT = "law_enforcement"
    RESTRICTED = "restricted"
    NO_FURTHER = "no_further"


class BulletinData(RowData):
    """``d`` of a bulletin row (``t = "b"``)."""

    k: BulletinKind
    rf: str  # reference, e.g. 2024/31274
    ti: str  # title / summary line
    hc: HandlingCode
    u: SmallInt = 0  # 1 = urgent (travels in lane 1)
    is_: str = Field(alias="is")  # issuing authority
    ic: str | None = None  # issuing country (ISO 3166 alpha-2)
    dt: str  # date of issue YYYY-MM-DD
    p: list[PersonData] | None = None
    v: list[VehicleData] | None = None
    doc: list[DocumentData] | None = None
    de: str | None = None  # summary / remarks
    ch: str | None = None  # charges or reason
    #: time of day of issue, ``HH:MM`` (protocol 2; the issuer's time)
    tm: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None = None
    th: Sha256Hex | None = None  # thumbnail reference (protocol 2)


class CaseData(RowData):
    """``d`` of a case row (``t = "c"``); cases are visible to their office only."""

    rf: str
    ti: str
    of: str  # office
    st: str  # open, suspended, closed
    hc: HandlingCode
    op: str  # opened YYYY-MM-DD
    p: list[PersonData] = Field(default_factory=list)
    sm: str | None = None  # summary
    bl: list[str] | None = None  # linked bulletin ids


class CaseNoteData(RowData):
    """``d`` of a case note row (``t = "n"``); notes are append-only."""

    c: str  # case id
    by: str  # author username
    at: str  # written at (author's clock)
    tx: str
    hc: str | None = None


class ReplyData(RowData):
    """``d`` of a reply row (``t = "r"``, lane 1)."""

    rq: str  # request id
    fr: str  # from (sender)
    at: str  # received at the server
    tx: str
    hc: str
    att: list[Sha256Hex] | None = None  # attachment sha256s


class RequestStatus(StrEnum):
    """Server-side states of an outgoing request (``RequestStatusData.st``)."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class RequestStatusData(RowData):
    """``d`` of a request status row (``t = "q"``, ``i`` = request id, lane 1; lane 0 when
    withdrawn)."""

    st: str  # RequestStatus
    at: str
    code: str | None = None
    msg: str | None = None
    ref: str | None = None  # the recipient's reference number, once acknowledged


class MediaData(RowData):
    """``d`` of a media row (``t = "m"``, lane 3): a photo and its thumbnail."""

    ot: str  # owner row type (b, c)
    oi: str  # owner id
    sha: Sha256Hex  # full-size blob, fetched on demand
    sz: Annotated[int, Field(ge=0, le=MAX_BLOB_SIZE)]
    mt: str  # media type
    th: Sha256Hex  # thumbnail blob sha256
    tz: Annotated[int, Field(ge=0, le=MAX_BLOB_SIZE)]
    w: SmallInt | None = None
    h: SmallInt | None = None
    tb: str | None = None  # thumbnail bytes (base64) when tz <= INLINE_THUMB_MAX
