"""Words for a request's content, shared by the editor, the review and the diff view.

The core hands over codes and data (:mod:`app.request_view`, :mod:`app.subjects`); this
module is where they become sentences in the user's language. Nothing here shows an
internal id: a subject is named by its case number, bulletin reference or person's name.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.request_view import RequestView
from ui import formats, labels
from ui.printing import PrintableRecord


def esc(text: object) -> str:
    return html.escape(str(text))


def review_date(value: date | str | None) -> str:
    """A date no reader can misread, in the one format of ``ui.formats``.

    Partial dates of birth (``1975-00-00``) keep only the parts that are known.
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            y, m, d = (int(x) for x in value[:10].split("-"))
        except ValueError:
            return value
    else:
        y, m, d = value.year, value.month, value.day
    return formats.fmt_partial_date(y, m, d) or "—"


def subject_kind(kind: str) -> str:
    """The translated name of a subject kind."""
    names = {
        "bulletin": QCoreApplication.translate("RequestEditor", "Bulletin"),
        "person": QCoreApplication.translate("RequestEditor", "Person"),
        "case": QCoreApplication.translate("RequestEditor", "Case"),
        "vehicle": QCoreApplication.translate("RequestEditor", "Vehicle"),
        "document": QCoreApplication.translate("RequestEditor", "Document"),
        "hit": QCoreApplication.translate("RequestEditor", "Hit"),
    }
    return names.get(kind, QCoreApplication.translate("RequestEditor", "Subject"))


def target_kind(kind: str) -> str:
    names = {
        "person": QCoreApplication.translate("RequestEditor", "person"),
        "vehicle": QCoreApplication.translate("RequestEditor", "vehicle"),
        "document": QCoreApplication.translate("RequestEditor", "document"),
    }
    return names.get(kind, QCoreApplication.translate("RequestEditor", "record"))


def _fill(template: str, *values: object) -> str:
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", str(value))
    return template


def subject_text(s: dict[str, Any]) -> str:
    """What a subject is, as a person would name it (without its kind)."""
    kind = str(s.get("kind", ""))
    number, label = str(s.get("number", "")), str(s.get("label", ""))
    if kind == "case":
        return " — ".join(x for x in (number, label) if x) or QCoreApplication.translate(
            "RequestEditor", "(case not on this PC)"
        )
    if kind == "bulletin":
        parts = [labels.bulletin_kind(s["subtype"]) if s.get("subtype") else "", number, label]
        return " · ".join(x for x in parts if x) or QCoreApplication.translate(
            "RequestEditor", "(bulletin not on this PC)"
        )
    if kind == "person":
        facts = [label or QCoreApplication.translate("RequestEditor", "(name unknown)")]
        if s.get("born"):
            facts.append(
                _fill(
                    QCoreApplication.translate("RequestEditor", "born %1"),
                    review_date(str(s["born"])),
                )
            )
        if s.get("nationality"):
            facts.append(
                _fill(
                    QCoreApplication.translate("RequestEditor", "nationality %1"), s["nationality"]
                )
            )
        return ", ".join(facts)
    if kind == "hit":
        text = _fill(
            QCoreApplication.translate("RequestEditor", "%1 “%2” matches bulletin %3"),
            target_kind(str(s.get("subtype", ""))),
            label or "?",
            number or "?",
        )
        if s.get("place"):
            text += ", " + _fill(QCoreApplication.translate("RequestEditor", "at %1"), s["place"])
        return text
    if kind == "document":
        parts = [labels.document_type(str(s["subtype"])) if s.get("subtype") else "", number, label]
        parts.append(str(s.get("country", "")))
        return " · ".join(x for x in parts if x) or QCoreApplication.translate(
            "RequestEditor", "(reference missing)"
        )
    if kind == "vehicle":
        parts = [number, label, str(s.get("country", ""))]
        return " · ".join(x for x in parts if x) or QCoreApplication.translate(
            "RequestEditor", "(reference missing)"
        )
    return label or number or QCoreApplication.translate("RequestEditor", "(reference missing)")


def subject_line(s: dict[str, Any]) -> str:
    """``Kind: what it is``."""
    return f"{subject_kind(str(s.get('kind', '')))}: {subject_text(s)}"


def value_text(key: str, value: Any, attachment_names: dict[str, str] | None = None) -> str:
    """One content field's value in words."""
    if value is None or value == [] or value == "":
        return "—"
    if key == "request_type":
        return labels.request_type(str(value))
    if key == "priority":
        return labels.priority(str(value))
    if key == "handling_code":
        return labels.handling_code(str(value))
    if key == "due_date":
        return review_date(str(value))
    if key == "subjects":
        return "; ".join(subject_line(s) for s in value)
    if key == "attachments":
        names = attachment_names or {}
        return ", ".join(attachment_name(str(v), names) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def attachment_name(sha: str, names: dict[str, str]) -> str:
    return names.get(sha) or QCoreApplication.translate("RequestEditor", "(file not on this PC)")


def item_text(key: str, item: Any, attachment_names: dict[str, str] | None = None) -> str:
    """One item of a list field (a recipient, a subject, an attachment) in words."""
    if key == "subjects" and isinstance(item, dict):
        return subject_line(item)
    if key == "attachments":
        return attachment_name(str(item), attachment_names or {})
    return str(item)


def request_printable(v: RequestView) -> PrintableRecord:
    c = v.content
    sections = [
        (QCoreApplication.translate("RequestEditor", "State"), labels.request_state(v.state)),
        (QCoreApplication.translate("RequestEditor", "Priority"), labels.priority(c["priority"])),
        (QCoreApplication.translate("RequestEditor", "Due date"), review_date(c.get("due_date"))),
        (QCoreApplication.translate("RequestEditor", "Recipients"), ", ".join(c["recipients"])),
        (
            QCoreApplication.translate("RequestEditor", "Subjects"),
            value_text("subjects", c["subjects"]),
        ),
        (QCoreApplication.translate("RequestEditor", "Text"), c["body"]),
        (QCoreApplication.translate("RequestEditor", "Drafted by"), v.drafter_name),
        (QCoreApplication.translate("RequestEditor", "Content hash"), v.content_hash),
    ]
    if v.server_reference:
        sections.append(
            (QCoreApplication.translate("RequestEditor", "Server reference"), v.server_reference)
        )
    return PrintableRecord(
        "request", v.id, labels.request_type(c["request_type"]), c["handling_code"], sections
    )


def fingerprint(digest: str, groups: int = 4) -> str:
    """The start of a content hash in groups of four (``3F2A 9C01 77B4 E0D2``): short enough
    to compare by eye between the screen, a printout and the audit log."""
    text = digest.upper()
    return " ".join(text[i : i + 4] for i in range(0, min(len(text), groups * 4), 4))
