"""What changed in a resubmitted request: field by field, the text word by word, wrapped."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.request_view import FieldChange
from ui.messages import field_label
from ui.requests.common import esc, item_text, value_text

# Removed words are struck through on red, added ones underlined on green: the marks
# carry the meaning without the colours too.
_DEL = "background:#ffd7d5;color:#8b0000;text-decoration:line-through;"
_INS = "background:#ccf0d4;color:#004d1a;text-decoration:underline;"


def _span(op: str, text: str) -> str:
    body = esc(text).replace("\n", "<br>")
    if op == "delete":
        return f"<span style='{_DEL}'>{body}</span>"
    if op == "insert":
        return f"<span style='{_INS}'>{body}</span>"
    return body


class ChangesView(QTextBrowser):
    """Shows :attr:`app.request_view.RequestView.changes` as wrapped, marked-up text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setAccessibleName(self.tr("Changes since the previous submission"))
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setOpenLinks(False)

    def show_changes(
        self,
        changes: list[FieldChange],
        *,
        first_submission: bool,
        attachment_names: dict[str, str] | None = None,
    ) -> None:
        if first_submission:
            self.setPlainText(self.tr("First submission: nothing to compare."))
            return
        if not changes:
            self.setPlainText(self.tr("No changes since the previous submission."))
            return
        legend = self.tr("Removed: struck through on red. Added: underlined on green.")
        parts = [f"<p><small>{esc(legend)}</small></p>"]
        for ch in changes:
            parts.append(f"<p style='margin-bottom:2px'><b>{esc(field_label(ch.field))}</b></p>")
            if ch.field == "body":
                parts.append("<p style='margin-top:0'>")
                previous = ""
                for op, text in ch.ops:
                    if previous == "delete" and op == "insert":
                        parts.append(" ")  # "12 11", not "1211", when a word is replaced
                    parts.append(_span(op, str(text)))
                    previous = op
                parts.append("</p>")
            elif isinstance(ch.before, list) or isinstance(ch.after, list):
                lines = []
                for op, item in ch.ops:
                    mark = {"delete": "− ", "insert": "+ "}.get(op, "  ")
                    lines.append(_span(op, mark + item_text(ch.field, item, attachment_names)))
                parts.append("<p style='margin-top:0'>" + "<br>".join(lines) + "</p>")
            else:
                before = value_text(ch.field, ch.before, attachment_names)
                after = value_text(ch.field, ch.after, attachment_names)
                parts.append(
                    f"<p style='margin-top:0'>{_span('delete', before)} → "
                    f"{_span('insert', after)}</p>"
                )
        self.setHtml("".join(parts))
