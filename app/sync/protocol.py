"""Wire-level definitions shared by the District Desk client and the reference server.

This module is the only part of ``app`` that ``server`` imports. It must stay free of
database, Qt and network code: only constants, schemas and pure functions.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from enum import IntEnum, StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.sync.canonical import (  # noqa: F401 - re-exported for the server
    PROTOCOL_VERSION,
    REQUEST_CONTENT_FIELDS,
    SIGNED_DECISIONS,
    canonical_json,
    content_hash,
    format_timestamp,
    parse_timestamp,
    request_content,
    signing_payload,
)

API_PREFIX = "/api/v1"


# --------------------------------------------------------------------------------------
# Versions, headers and limits
# --------------------------------------------------------------------------------------

#: Every protocol version this module can speak; ``hello`` advertises the server's list.
SUPPORTED_PROTOCOL_VERSIONS: tuple[int, ...] = (1,)

#: Sent by the client on every call and by the server on every response (JSON, binary and
#: error alike). A response without it did not come from a District Desk server (captive
#: portal, proxy error page) and is never treated as a receipt.
PROTOCOL_HEADER = "X-District-Desk-Protocol"
#: The server's stable id, on every response. The client may send the id it enrolled with;
#: a server with another id answers ``wrong_server``.
SERVER_ID_HEADER = "X-District-Desk-Server"
#: Every JSON body carries this top-level field with the protocol version.
ENVELOPE_FIELD = "dd"

#: Resumable upload headers (blob endpoints).
UPLOAD_OFFSET_HEADER = "Upload-Offset"
UPLOAD_LENGTH_HEADER = "Upload-Length"
RETRY_AFTER_HEADER = "Retry-After"

#: Content codings in order of preference; ``identity`` is always accepted.
CODECS: tuple[str, ...] = ("zstd", "gzip")
#: JSON bodies smaller than this are sent uncompressed (the framing would cost more).
COMPRESS_MIN_BYTES = 512

#: Default and hard limits. The server reports its actual values in ``hello``.
DEFAULT_PAGE_BYTES = 256 * 1024
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_BATCH_ITEMS = 200
MAX_BATCH_BYTES = 1024 * 1024
MAX_BLOB_CHUNK = 512 * 1024
MAX_BLOB_SIZE = 64 * 1024 * 1024
#: Largest decoded request body (defends against compression bombs).
MAX_REQUEST_BYTES = 4 * 1024 * 1024
#: Thumbnails up to this size travel inline (base64) in their lane-3 row.
INLINE_THUMB_MAX = 6 * 1024
DEFAULT_TOKEN_TTL = 3600

#: Largest ``d`` of one change row the server puts in a page (serialised JSON). A bigger
#: row travels as a stub (``z`` = its size) that the client records as a bad row, so one
#: oversized bulletin never blocks the rows behind it.
MAX_ROW_BYTES = 256 * 1024
#: The smallest change row on the wire (a tombstone with a short id): a page cannot hold
#: more rows than the bytes asked for divided by this.
MIN_ROW_BYTES = 40
#: Bounds of integers and times on the wire (SQLite stores signed 64-bit integers).
MAX_SEQ = 2**62
#: Latest change time a row may carry (Unix seconds, 9999-12-31T23:59:59Z).
MAX_UNIX_TIME = 253_402_300_799
#: Longest string in a row's data (a bulletin's remarks can be long; 20 MB cannot).
MAX_TEXT = 64 * 1024
#: Characters no text on the wire may hold: NUL and lone UTF-16 surrogates (JSON's
#: ``"\ud800"`` decodes to one; SQLite and the search index cannot store it).
BAD_TEXT_RE = re.compile("[\x00\ud800-\udfff]")

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

Sha256Hex = Annotated[str, Field(pattern=SHA256_RE.pattern)]
UuidStr = Annotated[str, Field(pattern=UUID_RE.pattern)]


# --------------------------------------------------------------------------------------
# Lanes, row types, cursors
# --------------------------------------------------------------------------------------


class Lane(IntEnum):
    """Priority lanes of the change feed; a page delivers lower lanes first."""

    REVOCATIONS = 0
    OUTCOMES = 1
    ORDINARY = 2
    THUMBNAILS = 3


LANES: tuple[int, ...] = tuple(int(lane) for lane in Lane)


class RowType(StrEnum):
    """The ``t`` field of a change row."""

    BULLETIN = "b"
    CASE = "c"
    CASE_NOTE = "n"
    REPLY = "r"
    REQUEST_STATUS = "q"
    MEDIA = "m"


def parse_cursor(text: str) -> tuple[int, ...]:
    """Parse a pull cursor into one position per lane.

    A cursor is either a plain non-negative integer ``N`` (every lane at ``N``; ``0`` starts
    from scratch) or ``"s0.s1.s2.s3"``, the last seq delivered in each lane.

    Raises:
        ValueError: the text is not a cursor.
    """
    parts = text.strip().split(".")
    if len(parts) == 1:
        parts = parts * len(LANES)
    if len(parts) != len(LANES) or not all(p.isdigit() and len(p) <= 18 for p in parts):
        raise ValueError(f"not a cursor: {text[:40]!r}")
    return tuple(int(p) for p in parts)


def format_cursor(positions: Iterable[int]) -> str:
    """Format per-lane positions as a cursor string (inverse of :func:`parse_cursor`)."""
    values = [int(p) for p in positions]
    if len(values) != len(LANES) or any(v < 0 for v in values):
        raise ValueError("a cursor has one non-negative position per lane")
    return ".".join(str(v) for v in values)


def row_checksum(row_type: str, row_id: str, seq: int) -> int:
    """The 64-bit contribution of one live row to its lane's integrity checksum."""
    digest = hashlib.sha256(f"{row_type}:{row_id}:{seq}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def lane_checksum(rows: Iterable[tuple[str, str, int]]) -> str:
    """XOR of :func:`row_checksum` over ``(t, i, s)`` of live rows, as 16 hex digits."""
    acc = 0
    for row_type, row_id, seq in rows:
        acc ^= row_checksum(row_type, row_id, seq)
    return f"{acc:016x}"


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


class ErrorClass(StrEnum):
    """How a client reacts to an error (ARCHITECTURE section 4, rule 6)."""

    TRANSIENT = "transient"  # back off with full jitter, honour Retry-After, retry
    AUTH = "auth"  # get a new token (device session or user login), then retry
    FATAL = "fatal"  # stop syncing and tell IT staff (wrong server, version, revoked)
    REQUEST = "request"  # this call is wrong and will stay wrong (client bug or bad input)
    ITEM = "item"  # permanent for one outbox item: quarantine it, go on with the others


class ErrorCode(StrEnum):
    """Codes of ``{"error": {"code": ...}}`` bodies and of item receipts."""

    # transient
    UNAVAILABLE = "unavailable"
    RATE_LIMITED = "rate_limited"
    # auth
    AUTH_REQUIRED = "auth_required"
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - an error code, not a secret
    TOKEN_INVALID = "token_invalid"  # noqa: S105
    BAD_CREDENTIALS = "bad_credentials"
    LOGIN_LOCKED = "login_locked"  # too many failed logins; Retry-After says how long
    # fatal
    PROTOCOL_UNSUPPORTED = "protocol_unsupported"
    WRONG_SERVER = "wrong_server"
    DEVICE_UNKNOWN = "device_unknown"
    DEVICE_REVOKED = "device_revoked"
    # request (permanent for this call)
    BAD_REQUEST = "bad_request"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    OFFICE_MISMATCH = "office_mismatch"
    ENROLMENT_CODE_INVALID = "enrolment_code_invalid"
    KEY_CONFLICT = "key_conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    OFFSET_MISMATCH = "offset_mismatch"
    BLOB_HASH_MISMATCH = "blob_hash_mismatch"
    BLOB_INCOMPLETE = "blob_incomplete"
    RANGE_NOT_SATISFIABLE = "range_not_satisfiable"
    # item receipts (status "rejected" unless noted)
    ID_CONFLICT = "id_conflict"  # status "conflict"
    ATTACHMENT_MISSING = "attachment_missing"  # status "retry"
    ITEM_HASH_INVALID = "item_hash_invalid"
    PAYLOAD_INVALID = "payload_invalid"
    ACTOR_UNKNOWN = "actor_unknown"
    ACTOR_OTHER_OFFICE = "actor_other_office"
    SELF_APPROVAL = "self_approval"
    APPROVER_NOT_SUPERVISOR = "approver_not_supervisor"
    APPROVAL_HASH_MISMATCH = "approval_hash_mismatch"
    APPROVAL_MISSING = "approval_missing"
    APPROVAL_INVALID = "approval_invalid"
    REQUEST_UNKNOWN = "request_unknown"
    REQUEST_WITHDRAWN = "request_withdrawn"
    REQUEST_CLOSED = "request_closed"
    SIGNATURE_MISSING = "signature_missing"
    SIGNATURE_INVALID = "signature_invalid"
    SIGNATURE_REPLAYED = "signature_replayed"
    KEY_UNKNOWN = "key_unknown"
    BULLETIN_UNKNOWN = "bulletin_unknown"
    CASE_UNKNOWN = "case_unknown"
    AUDIT_CHAIN_BROKEN = "audit_chain_broken"


_TRANSIENT = {ErrorCode.UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.ATTACHMENT_MISSING}
_AUTH = {
    ErrorCode.AUTH_REQUIRED,
    ErrorCode.TOKEN_EXPIRED,
    ErrorCode.TOKEN_INVALID,
    ErrorCode.BAD_CREDENTIALS,
    ErrorCode.LOGIN_LOCKED,
}
_FATAL = {
    ErrorCode.PROTOCOL_UNSUPPORTED,
    ErrorCode.WRONG_SERVER,
    ErrorCode.DEVICE_UNKNOWN,
    ErrorCode.DEVICE_REVOKED,
}
_REQUEST = {
    ErrorCode.BAD_REQUEST,
    ErrorCode.NOT_FOUND,
    ErrorCode.FORBIDDEN,
    ErrorCode.OFFICE_MISMATCH,
    ErrorCode.ENROLMENT_CODE_INVALID,
    ErrorCode.KEY_CONFLICT,
    ErrorCode.PAYLOAD_TOO_LARGE,
    ErrorCode.UNSUPPORTED_ENCODING,
    ErrorCode.OFFSET_MISMATCH,
    ErrorCode.BLOB_HASH_MISMATCH,
    ErrorCode.BLOB_INCOMPLETE,
    ErrorCode.RANGE_NOT_SATISFIABLE,
}

#: Class of every error code; item codes not listed elsewhere are :attr:`ErrorClass.ITEM`.
ERROR_CLASSES: dict[str, ErrorClass] = {
    code.value: (
        ErrorClass.TRANSIENT
        if code in _TRANSIENT
        else ErrorClass.AUTH
        if code in _AUTH
        else ErrorClass.FATAL
        if code in _FATAL
        else ErrorClass.REQUEST
        if code in _REQUEST
        else ErrorClass.ITEM
    )
    for code in ErrorCode
}

#: HTTP status the server uses for each call-level code.
ERROR_STATUS: dict[str, int] = {
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.AUTH_REQUIRED: 401,
    ErrorCode.TOKEN_EXPIRED: 401,
    ErrorCode.TOKEN_INVALID: 401,
    ErrorCode.BAD_CREDENTIALS: 401,
    ErrorCode.LOGIN_LOCKED: 429,
    ErrorCode.PROTOCOL_UNSUPPORTED: 400,
    ErrorCode.WRONG_SERVER: 421,
    ErrorCode.DEVICE_UNKNOWN: 403,
    ErrorCode.DEVICE_REVOKED: 403,
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.OFFICE_MISMATCH: 403,
    ErrorCode.ENROLMENT_CODE_INVALID: 403,
    ErrorCode.KEY_CONFLICT: 409,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_ENCODING: 415,
    ErrorCode.OFFSET_MISMATCH: 409,
    ErrorCode.BLOB_HASH_MISMATCH: 422,
    ErrorCode.BLOB_INCOMPLETE: 409,
    ErrorCode.RANGE_NOT_SATISFIABLE: 416,
}


def classify_error(status: int, code: str | None) -> ErrorClass:
    """Classify a failed call from its HTTP status and (if any) its error code.

    Unknown codes fall back on the status: 5xx, 408 and 429 are transient, 401 is auth,
    anything else is a request error. A redirect (3xx) is never an answer to a call of
    this protocol: it is transient (a proxy or a misconfigured server), never a refusal.
    """
    if 300 <= status < 400:
        return ErrorClass.TRANSIENT
    if code is not None and code in ERROR_CLASSES:
        return ERROR_CLASSES[code]
    if status >= 500 or status in (408, 429):
        return ErrorClass.TRANSIENT
    if status == 401:
        return ErrorClass.AUTH
    return ErrorClass.REQUEST


# --------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------

#: Outbox kinds that must carry an Ed25519 signature, and the decision each one signs.
SIGNED_KINDS: dict[str, str] = {
    "approval": "approve",
    "return": "return",
    "withdrawal": "withdraw",
    "hit": "hit",
}


def signing_payload_for_item(item_id: str, payload: Mapping[str, Any]) -> bytes:
    """:func:`signing_payload` with the fields taken from a signed item's ``payload``.

    For a hit, ``request_id`` carries the id of the bulletin that was hit and
    ``content_hash`` is ``content_hash(payload["content"])``; for an approval, return or
    withdrawal it is the request's id and ``content_hash(request_content(...))``.

    Raises:
        KeyError: a required field is missing from ``payload``.
        ValueError: the decision is unknown.
    """
    return signing_payload(
        item_id=item_id,
        request_id=payload["request_id"],
        content_hash=payload["content_hash"],
        decision=payload["decision"],
        actor_id=payload["actor_id"],
        actor_username=payload["actor_username"],
        at=payload["at"],
    )


def key_id_for(public_key: bytes) -> str:
    """Stable id of a raw 32-byte Ed25519 public key: first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def b64encode(data: bytes) -> str:
    """Standard base64 with padding, as used for keys and signatures on the wire."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict inverse of :func:`b64encode`.

    Raises:
        ValueError: not valid base64.
    """
    return base64.b64decode(text.encode("ascii"), validate=True)


#: The chain head before the first audit event.
AUDIT_GENESIS = "0" * 64


def audit_chain_next(previous_hex: str, event: Mapping[str, Any]) -> str:
    """``h_i = SHA-256(h_{i-1} || canonical_json(event_i))``, ``h_{i-1}`` as ASCII hex."""
    return hashlib.sha256(previous_hex.encode("ascii") + canonical_json(dict(event))).hexdigest()


# --------------------------------------------------------------------------------------
# Wire schemas: common
# --------------------------------------------------------------------------------------


class WireModel(BaseModel):
    """Base of every wire schema: unknown fields are ignored (forward compatible)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Envelope(WireModel):
    """Base of every JSON response body; ``dd`` marks it as District Desk's."""

    dd: int = PROTOCOL_VERSION


class ErrorDetail(WireModel):
    """The ``error`` object of an error body."""

    code: str
    message: str
    retry_after: int | None = None
    #: Extra machine-readable facts (``offset`` for ``offset_mismatch``, ...).
    details: dict[str, Any] | None = None


class ErrorBody(Envelope):
    """Every non-2xx JSON body: ``{"dd": 1, "error": {"code", "message", ...}}``."""

    error: ErrorDetail


class Role(StrEnum):
    """User roles."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# --------------------------------------------------------------------------------------
# Handshake, enrolment, sessions
# --------------------------------------------------------------------------------------


class Limits(WireModel):
    """Server limits, reported by ``hello``."""

    max_page_bytes: int = MAX_PAGE_BYTES
    default_page_bytes: int = DEFAULT_PAGE_BYTES
    max_batch_items: int = MAX_BATCH_ITEMS
    max_batch_bytes: int = MAX_BATCH_BYTES
    max_blob_chunk: int = MAX_BLOB_CHUNK
    max_blob_size: int = MAX_BLOB_SIZE
    max_request_bytes: int = MAX_REQUEST_BYTES
    token_ttl: int = DEFAULT_TOKEN_TTL


class HelloResponse(Envelope):
    """``GET /api/v1/hello``."""

    protocol_versions: list[int]
    server_id: str
    server_name: str
    server_time: str
    limits: Limits
    codecs: list[str]
    lanes: list[int]


class EnrolRequest(WireModel):
    """``POST /api/v1/enrol``."""

    code: str = Field(min_length=4, max_length=64)
    device_name: str = Field(min_length=1, max_length=120)
    platform: str = Field(default="", max_length=120)
    client_version: str = Field(default="", max_length=40)


class EnrolResponse(Envelope):
    """Device credentials; the client keeps ``device_secret`` in the OS keyring."""

    device_id: str
    device_secret: str
    office: str
    server_id: str
    server_time: str


#: Base64 of a raw 32-byte Ed25519 public key.
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9+/]{43}=$"


class DeviceSessionRequest(WireModel):
    """``POST /api/v1/device-session``."""

    device_id: str = Field(max_length=64)
    device_secret: str = Field(max_length=256)


class SessionResponse(Envelope):
    """A bearer token; ``user`` is set for a user session only."""

    token: str
    expires_at: str
    server_time: str
    device_id: str
    office: str
    user: UserProfile | None = None


class LoginRequest(WireModel):
    """``POST /api/v1/login``: user credentials plus the device's credentials.

    ``public_key`` (base64 raw Ed25519) registers the user's signing key in the same round
    trip; it is idempotent.
    """

    device_id: str = Field(max_length=64)
    device_secret: str = Field(max_length=256)
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)
    public_key: str | None = Field(default=None, pattern=PUBLIC_KEY_PATTERN)


class UserProfile(WireModel):
    """The server-side profile of a user."""

    user_id: str
    username: str
    display_name: str
    role: Role
    office: str
    key_ids: list[str] = Field(default_factory=list)


class KeyRegistration(WireModel):
    """``POST /api/v1/keys`` (user session)."""

    public_key: str = Field(pattern=PUBLIC_KEY_PATTERN)


class KeyRegistered(Envelope):
    """Answer to a key registration."""

    key_id: str
    username: str
    registered_at: str


# --------------------------------------------------------------------------------------
# Change feed
# --------------------------------------------------------------------------------------


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
    """Count and XOR checksum of the live rows of one lane visible to this device."""

    lane: int
    count: int
    checksum: str


class IntegrityResponse(Envelope):
    """``GET /api/v1/integrity`` (and the ``integrity`` block of a last page).

    ``head`` is the highest seq visible to this device; the client compares lanes only if
    its last complete pull reported the same ``head``.
    """

    head: int
    server_time: str
    lanes: list[LaneIntegrity]


class ChangesPage(Envelope):
    """``GET /api/v1/changes``."""

    rows: list[Row]
    next_cursor: str
    has_more: bool
    head: int
    server_time: str
    raw_bytes: int
    integrity: IntegrityResponse | None = None


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


# --------------------------------------------------------------------------------------
# Outbox
# --------------------------------------------------------------------------------------


class OutboxKind(StrEnum):
    """Kinds of outbox items."""

    REQUEST = "request"
    APPROVAL = "approval"
    RETURN = "return"
    WITHDRAWAL = "withdrawal"
    HIT = "hit"
    CASE_NOTE = "case_note"
    AUDIT_BATCH = "audit_batch"


class ItemSignature(WireModel):
    """Ed25519 signature by a key registered to the author.

    ``key_id`` is optional: without it the server tries each key registered to the author.
    """

    sig: str = Field(max_length=128)  # base64 of the 64-byte signature
    key_id: str | None = Field(default=None, max_length=32)


class OutboxItem(WireModel):
    """One outgoing item.

    ``content_hash`` is ``content_hash(request_content(...))`` of the request for a
    ``request`` item and ``content_hash(payload)`` for every other kind. Fields are checked
    item by item on the server (a bad item gets its own ``rejected`` receipt and does not
    spoil the batch), hence the loose types here.
    """

    id: str = Field(min_length=1, max_length=64, description="UUID chosen by the client")
    kind: str = Field(max_length=32, description="an OutboxKind value")
    content_hash: str = Field(max_length=64, description="SHA-256 hex")
    payload: dict[str, Any]
    signature: ItemSignature | None = None


class OutboxBatch(WireModel):
    """``POST /api/v1/outbox``."""

    items: list[OutboxItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class RequestContent(WireModel):
    """The ``content`` of a request payload: exactly :func:`request_content`'s fields."""

    request_type: str
    priority: str
    due_date: str | None = None
    recipients: list[str]
    subjects: list[dict[str, str]]
    body: str
    handling_code: str
    attachments: list[str] = Field(default_factory=list)


class RequestBody(WireModel):
    """``payload.request`` of a ``request`` item."""

    id: UuidStr
    office_code: str
    drafter_id: str
    drafter_username: str
    revision: int = 0
    hit_id: str | None = None
    content: RequestContent


class EmbeddedApproval(WireModel):
    """``payload.approval`` of a ``request`` item: the supervisor's signed approval.

    The signature (also sent as the item's ``signature``) covers
    ``signing_payload(item_id=<item id>, request_id=request.id, content_hash=content_hash,
    decision="approve", actor_id=approver_id, actor_username=approver_username, at=at)``.
    """

    approver_id: str
    approver_username: str
    content_hash: Sha256Hex
    at: str
    signature: str | None = None  # base64; the item-level signature wins if both are sent


class RequestPayload(WireModel):
    """Payload of a ``request`` item: the request and its approval travel together.

    The item's ``content_hash`` is ``content_hash(request_content(**request.content))``.
    """

    request: RequestBody
    approval: EmbeddedApproval | None = None  # absent: rejected ``approval_missing``


class SignedPayload(WireModel):
    """Fields every signed payload carries (they are what :func:`signing_payload` covers)."""

    request_id: UuidStr
    content_hash: Sha256Hex
    decision: str
    actor_id: str  # the author's user_id (from the login profile)
    actor_username: str
    at: str  # author's UTC timestamp, informative only


class DecisionPayload(SignedPayload):
    """Payload of an ``approval`` (decision ``approve``) or ``return`` (``return``) item."""

    decision: Literal["approve", "return"]
    reason: str | None = None  # required for a return


class WithdrawalPayload(SignedPayload):
    """Payload of a ``withdrawal`` item (decision ``withdraw``)."""

    decision: Literal["withdraw"]
    reason: str = Field(min_length=1)


class HitContent(WireModel):
    """What a hit asserts (hashed into the signed ``content_hash``)."""

    bulletin_id: UuidStr
    subject: dict[str, str]  # {"kind": person|vehicle|document, "ref": local id}
    explanation: str
    observed_at: str
    place: str | None = None


class HitPayload(SignedPayload):
    """Payload of a ``hit`` item: ``request_id`` is the bulletin's id, ``content_hash`` is
    ``content_hash(content)``."""

    decision: Literal["hit"]
    content: HitContent


class CaseNotePayload(WireModel):
    """Payload of a ``case_note`` item; the item id becomes the note's row id."""

    case_id: UuidStr
    author: str
    written_at: str
    text: str
    handling_code: str | None = None


class AuditBatchPayload(WireModel):
    """Payload of an ``audit_batch`` item: consecutive events of this device's chain.

    Each event is the dict the client hashed (``seq``, ``id``, ``at``, ``actor_id``,
    ``actor_name``, ``action``, ``target_type``, ``target_id``, ``details``). ``head`` must
    equal folding :func:`audit_chain_next` over ``events`` from ``prev_head``, and
    ``prev_head`` must equal the head of the device's previous accepted batch (any value
    for the device's first batch). The receipt anchors ``head``.
    """

    prev_head: Sha256Hex
    head: Sha256Hex
    events: list[dict[str, Any]] = Field(min_length=1)


class ReceiptStatus(StrEnum):
    """Outcome of one outbox item."""

    ACCEPTED = "accepted"  # applied once, has seq and server_time
    DUPLICATE = "duplicate"  # seen before with the same hash: the first receipt again
    CONFLICT = "conflict"  # seen before with another hash; nothing changed
    REJECTED = "rejected"  # permanent for this item, with a reason code
    RETRY = "retry"  # not recorded; send again later (code says why)


class Receipt(WireModel):
    """Receipt for one item.

    For ``duplicate`` every other field is copied from the first receipt and
    ``first_status`` says what it was (``accepted`` or ``rejected``).
    """

    id: str
    status: ReceiptStatus
    seq: int | None = None
    server_time: str | None = None
    code: str | None = None
    message: str | None = None
    first_status: ReceiptStatus | None = None


class OutboxResponse(Envelope):
    """Receipts in the order of the batch's items."""

    receipts: list[Receipt]
    server_time: str


class ReceiptLookup(Envelope):
    """``GET /api/v1/outbox/{item_id}``."""

    receipt: Receipt


# --------------------------------------------------------------------------------------
# Blobs
# --------------------------------------------------------------------------------------


class UploadState(Envelope):
    """Where a resumable upload stands (``GET /blobs/{sha}/upload`` and ``PATCH``)."""

    sha256: str
    offset: int
    length: int | None = None  # unknown until the first chunk (omitted on the wire)
    complete: bool


SessionResponse.model_rebuild()
