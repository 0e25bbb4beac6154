"""Translated names of the domain's enumerations (kinds, states, priorities, handling codes).

The core stores stable English values; these functions give the words an officer reads.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from app.store.models import (
    BulletinKind,
    HandlingCode,
    Priority,
    RequestState,
    RequestType,
)
from ui import formats


def bulletin_kind(kind: str) -> str:
    names = {
        BulletinKind.RED: QCoreApplication.translate("labels", "Red notice (wanted)"),
        BulletinKind.YELLOW: QCoreApplication.translate("labels", "Yellow notice (missing)"),
        BulletinKind.BLUE: QCoreApplication.translate("labels", "Blue notice (locate)"),
        BulletinKind.BLACK: QCoreApplication.translate(
            "labels", "Black notice (unidentified body)"
        ),
        BulletinKind.GREEN: QCoreApplication.translate("labels", "Green notice (warning)"),
        BulletinKind.ORANGE: QCoreApplication.translate("labels", "Orange notice (threat)"),
        BulletinKind.PURPLE: QCoreApplication.translate("labels", "Purple notice (modus operandi)"),
        BulletinKind.UN_SPECIAL: QCoreApplication.translate("labels", "UN special notice"),
        BulletinKind.STOLEN_VEHICLE: QCoreApplication.translate("labels", "Stolen vehicle"),
        BulletinKind.STOLEN_DOCUMENT: QCoreApplication.translate("labels", "Stolen document"),
        BulletinKind.NATIONAL_ALERT: QCoreApplication.translate("labels", "National alert"),
        BulletinKind.REGIONAL_ALERT: QCoreApplication.translate("labels", "Regional alert"),
    }
    return names.get(kind, str(kind))  # type: ignore[call-overload]


def request_type(value: str) -> str:
    names = {
        RequestType.INFORMATION: QCoreApplication.translate("labels", "Request for information"),
        RequestType.LOCATE: QCoreApplication.translate("labels", "Locate a person"),
        RequestType.DOCUMENT_CHECK: QCoreApplication.translate("labels", "Document check"),
        RequestType.VEHICLE_CHECK: QCoreApplication.translate("labels", "Vehicle check"),
        RequestType.HIT_NOTIFICATION: QCoreApplication.translate("labels", "Hit notification"),
        RequestType.ARREST: QCoreApplication.translate("labels", "Arrest request"),
        RequestType.FOREIGN_REPLY: QCoreApplication.translate(
            "labels", "Reply to a foreign request"
        ),
    }
    return names.get(value, str(value))  # type: ignore[call-overload]


def priority(value: str) -> str:
    names = {
        Priority.ROUTINE: QCoreApplication.translate("labels", "Routine"),
        Priority.URGENT: QCoreApplication.translate("labels", "Urgent"),
        Priority.IMMEDIATE: QCoreApplication.translate("labels", "Immediate"),
    }
    return names.get(value, str(value))  # type: ignore[call-overload]


def request_state(value: str) -> str:
    names = {
        RequestState.DRAFT: QCoreApplication.translate("labels", "Draft"),
        RequestState.SUBMITTED: QCoreApplication.translate("labels", "Awaiting approval"),
        RequestState.RETURNED: QCoreApplication.translate("labels", "Returned for changes"),
        RequestState.APPROVED: QCoreApplication.translate("labels", "Approved (held)"),
        RequestState.QUEUED: QCoreApplication.translate("labels", "In outbox, not yet sent"),
        RequestState.SENT: QCoreApplication.translate("labels", "Received by the server"),
        RequestState.ACKNOWLEDGED: QCoreApplication.translate(
            "labels", "Acknowledged by recipient"
        ),
        RequestState.ANSWERED: QCoreApplication.translate("labels", "Answered"),
        RequestState.CLOSED: QCoreApplication.translate("labels", "Closed"),
        RequestState.WITHDRAWN: QCoreApplication.translate("labels", "Withdrawn"),
        RequestState.REJECTED_BY_SERVER: QCoreApplication.translate(
            "labels", "Rejected by the server"
        ),
    }
    return names.get(value, str(value))  # type: ignore[call-overload]


# States in which the region holds a request (it was sent, whatever happened next).
_AT_REGION = frozenset(
    {
        RequestState.SENT,
        RequestState.ACKNOWLEDGED,
        RequestState.ANSWERED,
        RequestState.CLOSED,
        RequestState.REJECTED_BY_SERVER,
    }
)


def request_where(state: str, shared: bool) -> str:
    """Where a request is: on this PC only, shared with the office, or sent to the region."""
    if state in _AT_REGION:
        return QCoreApplication.translate("labels", "Sent")
    if shared:
        return QCoreApplication.translate("labels", "Office")
    return QCoreApplication.translate("labels", "This PC only")


def office_outcome(code: str) -> str:
    """Why an action on a request lost to another PC's (``office.*`` codes of the fold)."""
    names = {
        "office.lost_to_return": QCoreApplication.translate(
            "labels", "Another supervisor returned the request first."
        ),
        "office.lost_to_withdraw": QCoreApplication.translate(
            "labels", "The request was withdrawn first."
        ),
        "office.lost_to_approve": QCoreApplication.translate(
            "labels", "Another supervisor approved the request first."
        ),
        "office.lost_to_release": QCoreApplication.translate(
            "labels", "Another supervisor released the request first."
        ),
        "office.lost_to_receipt": QCoreApplication.translate(
            "labels", "The regional server had already received the request."
        ),
        "office.lost_to_edit": QCoreApplication.translate(
            "labels", "The draft was changed on another PC first; your version is kept."
        ),
        "office.lost_to_submit": QCoreApplication.translate(
            "labels", "The request was submitted from another PC first."
        ),
        "office.lost_to_rejected": QCoreApplication.translate(
            "labels", "The regional server had already refused the request."
        ),
        "office.superseded": QCoreApplication.translate(
            "labels", "An earlier action on another PC took precedence."
        ),
        "office.refused": QCoreApplication.translate(
            "labels", "The action was not allowed when it reached the office."
        ),
    }
    return names.get(code, code)


def handling_code(value: str) -> str:
    names = {
        HandlingCode.UNRESTRICTED: QCoreApplication.translate("labels", "Unrestricted"),
        HandlingCode.LAW_ENFORCEMENT: QCoreApplication.translate("labels", "Law enforcement only"),
        HandlingCode.RESTRICTED: QCoreApplication.translate(
            "labels", "Restricted: named recipients only"
        ),
        HandlingCode.NO_FURTHER: QCoreApplication.translate(
            "labels", "Not to be passed on without the source's consent"
        ),
    }
    return names.get(value, str(value))  # type: ignore[call-overload]


def handling_banner(value: str) -> str:
    """The banner text shown on screen and on every printed page."""
    names = {
        HandlingCode.UNRESTRICTED: QCoreApplication.translate("labels", "UNRESTRICTED"),
        HandlingCode.LAW_ENFORCEMENT: QCoreApplication.translate(
            "labels", "LAW ENFORCEMENT USE ONLY"
        ),
        HandlingCode.RESTRICTED: QCoreApplication.translate(
            "labels", "RESTRICTED — NAMED RECIPIENTS ONLY"
        ),
        HandlingCode.NO_FURTHER: QCoreApplication.translate(
            "labels", "NO FURTHER DISSEMINATION WITHOUT THE SOURCE'S CONSENT"
        ),
    }
    return names.get(value, str(value).upper())  # type: ignore[call-overload]


def banner_colour(value: str) -> str:
    """Background colour of a handling banner (text is always dark on light or white on dark)."""
    return {
        HandlingCode.UNRESTRICTED: "#2e7d32",
        HandlingCode.LAW_ENFORCEMENT: "#1565c0",
        HandlingCode.RESTRICTED: "#e65100",
        HandlingCode.NO_FURTHER: "#b71c1c",
    }.get(value, "#455a64")  # type: ignore[call-overload]


def role(value: str) -> str:
    names = {
        "officer": QCoreApplication.translate("labels", "Officer"),
        "supervisor": QCoreApplication.translate("labels", "Supervisor"),
        "admin": QCoreApplication.translate("labels", "Administrator"),
    }
    return names.get(value, value)


def case_status(value: str) -> str:
    names = {
        "open": QCoreApplication.translate("labels", "open"),
        "closed": QCoreApplication.translate("labels", "closed"),
        "suspended": QCoreApplication.translate("labels", "suspended"),
    }
    return names.get(value, value)


def subject_role(value: str) -> str:
    names = {
        "subject": QCoreApplication.translate("labels", "subject"),
        "suspect": QCoreApplication.translate("labels", "suspect"),
        "victim": QCoreApplication.translate("labels", "victim"),
        "witness": QCoreApplication.translate("labels", "witness"),
        "missing": QCoreApplication.translate("labels", "missing person"),
        "wanted": QCoreApplication.translate("labels", "wanted person"),
    }
    return names.get(value, value)


def fmt_date(value: date | None) -> str:
    """A date in the one format of the interface (see :mod:`ui.formats`)."""
    return formats.fmt_date(value)


def fmt_time(value: datetime | None, *, zone: bool = False) -> str:
    """A UTC moment in the PC's local time, with the date (and the zone if asked)."""
    return formats.fmt_time(value, zone=zone)


def fmt_int(n: int) -> str:
    return formats.fmt_int(n)


def fmt_bytes(n: int) -> str:
    if n < 1024:
        return QCoreApplication.translate("labels", "%1 B").replace("%1", formats.fmt_int(n))
    if n < 1024 * 1024:
        return QCoreApplication.translate("labels", "%1 KB").replace(
            "%1", formats.fmt_decimal(n / 1024)
        )
    return QCoreApplication.translate("labels", "%1 MB").replace(
        "%1", formats.fmt_decimal(n / 1048576)
    )


def fmt_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return QCoreApplication.translate("labels", "%1 s").replace("%1", str(seconds))
    if seconds < 3600:
        minutes = max(1, int(seconds / 60 + 0.5))
        return QCoreApplication.translate("labels", "%1 min").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("labels", "%1 h %2 min")
        .replace("%1", str(seconds // 3600))
        .replace("%2", str(seconds % 3600 // 60))
    )


__all__ = [
    "banner_colour",
    "bulletin_kind",
    "case_status",
    "fmt_bytes",
    "fmt_date",
    "fmt_duration",
    "fmt_int",
    "fmt_time",
    "handling_banner",
    "handling_code",
    "priority",
    "request_state",
    "request_type",
    "role",
    "subject_role",
]


def document_type(code: str) -> str:
    """A document type code (passport, id_card, ...) in words."""
    names = {
        "passport": QCoreApplication.translate("labels", "passport"),
        "id_card": QCoreApplication.translate("labels", "identity card"),
        "driving_licence": QCoreApplication.translate("labels", "driving licence"),
        "vehicle_registration": QCoreApplication.translate(
            "labels", "vehicle registration certificate"
        ),
    }
    return names.get(code, QCoreApplication.translate("labels", "document"))


def document_line(doc: dict[str, str]) -> str:
    """One document of a bulletin: type in words, number, issuing country, holder."""
    parts = (document_type(doc.get("doc_type", "")), doc.get("number", ""),
             doc.get("country", ""), doc.get("holder", ""))  # fmt: skip
    return " ".join(x for x in parts if x)
