"""Error classes and codes, and how a status and a code are classified."""

from __future__ import annotations

from enum import StrEnum


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
