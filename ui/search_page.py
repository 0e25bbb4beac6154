"""One search box for people, vehicles and documents, and recording a hit.

The search itself is :mod:`app.search.service` (cross-script, fuzzy, explained, audited);
a hit is recorded by :mod:`app.search.hits`. Each result row shows the spelling that
matched and why (the band and the reasons), so an officer can judge a match before acting
on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.search import hits
from app.search.service import AuditActor, SearchOutcome, SearchResult, search_and_audit
from app.store.models import Bulletin
from ui.models import configure_big_table
from ui.ops import Op
from ui.session import UiSession
from ui.widgets import FieldError, heading

MAX_RESULTS = 200


@dataclass
class ResultRow:
    """One search result as the page shows it."""

    kind: str  # person, vehicle, document
    target_id: str
    bulletin_id: str | None
    matched: str  # the stored spelling / plate / number that matched
    band: str  # e.g. strong, probable, possible
    reason: str
    source: SearchResult  # the service's result, what a hit freezes
    score: float = 0.0
    cancelled: bool = False
    bulletin_ref: str = ""
    explanation: dict[str, Any] = field(default_factory=dict)


def explain(expl: dict[str, Any]) -> str:
    """A short translated reason from the service's structured explanation."""
    methods = {
        "exact": QCoreApplication.translate("SearchPage", "same spelling"),
        "latin": QCoreApplication.translate("SearchPage", "transliteration"),
        "phonetic": QCoreApplication.translate("SearchPage", "sounds the same"),
        "skeleton": QCoreApplication.translate("SearchPage", "same consonants"),
        "stem": QCoreApplication.translate("SearchPage", "same stem"),
        "fuzzy": QCoreApplication.translate("SearchPage", "similar letters"),
        "prefix": QCoreApplication.translate("SearchPage", "beginning"),
        "initial": QCoreApplication.translate("SearchPage", "initial"),
        "hypocorism": QCoreApplication.translate("SearchPage", "short form of the name"),
        "transposed": QCoreApplication.translate("SearchPage", "two letters swapped"),
    }
    codes = {
        "name_part_unmatched": QCoreApplication.translate(
            "SearchPage", "a name part does not match"
        ),
        "name_difference_unsupported": QCoreApplication.translate(
            "SearchPage", "the name differs and no date of birth or document confirms it"
        ),
        "patronymic_absent": QCoreApplication.translate("SearchPage", "no patronymic on record"),
        "patronymic_differs": QCoreApplication.translate("SearchPage", "patronymic differs"),
        "ending_sex_conflict": QCoreApplication.translate(
            "SearchPage", "name ending suggests the other sex"
        ),
        "single_name_part": QCoreApplication.translate("SearchPage", "only one name part"),
        "dob_exact": QCoreApplication.translate("SearchPage", "date of birth equal"),
        "dob_compatible": QCoreApplication.translate("SearchPage", "date of birth compatible"),
        "dob_unknown": QCoreApplication.translate("SearchPage", "date of birth unknown"),
        "dob_year_mismatch": QCoreApplication.translate("SearchPage", "year of birth differs"),
        "dob_month_day_mismatch": QCoreApplication.translate(
            "SearchPage", "day or month of birth differs"
        ),
        "dob_day_month_swapped": QCoreApplication.translate("SearchPage", "day and month swapped"),
        "sex_agree": QCoreApplication.translate("SearchPage", "sex agrees"),
        "sex_mismatch": QCoreApplication.translate("SearchPage", "sex differs"),
        "sex_unknown": QCoreApplication.translate("SearchPage", "sex unknown"),
        "nationality_agree": QCoreApplication.translate("SearchPage", "nationality agrees"),
        "nationality_differs": QCoreApplication.translate("SearchPage", "nationality differs"),
        "document_number_equal": QCoreApplication.translate("SearchPage", "document number equal"),
        "document_number_differs": QCoreApplication.translate(
            "SearchPage", "document number differs"
        ),
        "vin_equal": QCoreApplication.translate("SearchPage", "VIN equal"),
        "plate_equal": QCoreApplication.translate("SearchPage", "plate equal"),
        "plate_similar": QCoreApplication.translate("SearchPage", "plate similar"),
        "reference_equal": QCoreApplication.translate("SearchPage", "reference equal"),
        "text_match": QCoreApplication.translate("SearchPage", "text matches"),
    }
    parts = []
    for p in expl.get("parts") or []:
        if p.get("method"):
            parts.append(
                f"{p.get('query_part')} → {p.get('stored_part')} "
                f"({methods.get(p['method'], p['method'])})"
            )
    for e in expl.get("evidence") or []:
        code = str(e.get("code", ""))
        if code:
            parts.append(codes.get(code, code))
    return "; ".join(parts)


def _rows_from_service(outcome: SearchOutcome, session_: UiSession) -> list[ResultRow]:
    """Adapt :class:`app.search.service.SearchOutcome` results for the table."""
    out: list[ResultRow] = []
    for r in outcome.results:
        out.append(
            ResultRow(
                kind=str(r.kind),
                target_id=r.target_id,
                bulletin_id=r.bulletin_id,
                matched=r.label,
                band=str(r.band),
                reason=explain(r.explanation),
                score=float(r.score),
                explanation=dict(r.explanation),
                source=r,
            )
        )
    ids = {r.bulletin_id for r in out if r.bulletin_id}
    if ids:
        with session_.desk.store.read() as s:
            info = {
                b.id: (b.reference, b.cancelled)
                for b in s.scalars(select(Bulletin).where(Bulletin.id.in_(ids)))
            }
        for row in out:
            if row.bulletin_id in info:
                row.bulletin_ref, row.cancelled = info[row.bulletin_id]
    return out


@dataclass
class SearchResults:
    """What one search found, and what the page must say about it."""

    rows: list[ResultRow]
    more: bool = False  # more candidates existed than were shown
    store_empty: bool = False  # nothing synchronised yet: no match is not "no match"
    errors: tuple[str, ...] = ()  # input problems (``dob_invalid``: a date that does not exist)
    # Percent done while the name keys are rebuilt after an upgrade (None: they are current).
    rebuilding: int | None = None


def _store_empty(session_: UiSession) -> bool:
    with session_.desk.store.read() as s:
        return s.scalar(select(Bulletin.id).limit(1)) is None


def run_search(session_: UiSession, query: str) -> SearchResults:
    """Search, and audit the search, with :mod:`app.search.service`. Worker thread."""
    actor = AuditActor(session_.actor.user_id, session_.actor.username)
    outcome = search_and_audit(session_.desk.store, query, actor)
    rows = _rows_from_service(outcome, session_)
    rebuilding = None
    if outcome.index_rebuilding:
        from app.search import reindex

        rebuilding = reindex.status(session_.desk.store).percent
    return SearchResults(
        rows,
        more=outcome.more,
        store_empty=not rows and _store_empty(session_),
        errors=outcome.errors,
        rebuilding=rebuilding,
    )


class ResultModel(QAbstractTableModel):
    """Search results (at most a few hundred, so they are held in memory)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []
        self.headers = [
            self.tr("What"),
            self.tr("Matched"),
            self.tr("Match"),
            self.tr("Why"),
            self.tr("Bulletin"),
        ]

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            kinds = {
                "person": self.tr("Person"),
                "vehicle": self.tr("Vehicle"),
                "document": self.tr("Document"),
            }
            bands = {
                "exact": self.tr("Exact"),
                "strong": self.tr("Strong"),
                "probable": self.tr("Probable"),
                "possible": self.tr("Possible"),
                "weak": self.tr("Weak"),
                "text": self.tr("Text contains"),
            }
            bulletin = r.bulletin_ref or (r.bulletin_id or "")[:8]
            if r.cancelled:
                bulletin += " " + self.tr("(CANCELLED)")
            values = [
                kinds.get(r.kind, r.kind),
                r.matched,
                bands.get(r.band, r.band),
                r.reason,
                bulletin,
            ]
            return values[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


class HitDialog(QDialog):
    """Record that a person, vehicle or document in front of the officer matches a bulletin."""

    def __init__(self, row: ResultRow, query: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a hit"))
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                self.tr("Match: %1 (%2)").replace("%1", row.matched).replace("%2", row.reason), self
            )
        )
        form = QFormLayout()
        self.place = QLineEdit(self)
        self.place.setAccessibleName(self.tr("Place"))
        self.circumstances = QPlainTextEdit(self)
        self.circumstances.setAccessibleName(self.tr("Circumstances"))
        self.circumstances.setTabChangesFocus(True)
        self.action = QPlainTextEdit(self)
        self.action.setAccessibleName(self.tr("Action taken"))
        self.action.setTabChangesFocus(True)
        form.addRow(self.tr("&Place:"), self.place)
        form.addRow(self.tr("&Circumstances:"), self.circumstances)
        form.addRow(self.tr("&Action taken:"), self.action)
        lay.addLayout(form)
        self.confirm_weak = QCheckBox(
            self.tr("I have checked this weak match myself (documents, photo, details)"), self
        )
        self.confirm_weak.setVisible(row.band == "weak")
        lay.addWidget(self.confirm_weak)
        self.notify = QCheckBox(self.tr("Start a hit notification request"), self)
        self.notify.setChecked(True)
        lay.addWidget(self.notify)
        self.error = FieldError(self)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _check(self) -> None:
        if not self.place.text().strip():
            self.error.show_message(self.tr("Say where the hit happened."))
            return
        if not self.confirm_weak.isHidden() and not self.confirm_weak.isChecked():
            self.error.show_message(
                self.tr("A weak match can only be recorded after you have checked it yourself.")
            )
            return
        self.accept()

    def values(self) -> dict[str, str]:
        return {
            "place": self.place.text().strip(),
            "circumstances": self.circumstances.toPlainText().strip(),
            "action_taken": self.action.toPlainText().strip(),
        }


class SearchPage(QWidget):
    """The search box and its results.

    Signals:
        open_bulletin(str): show a result's bulletin.
        open_person(str): show a person found.
        use_in_request(object): a subject dict for the request editor.
        hit_recorded(str): the new hit's id.
        notification_started(str): the id of the hit-notification draft started with it.
    """

    open_bulletin = Signal(str)
    open_person = Signal(str)
    use_in_request = Signal(object)
    hit_recorded = Signal(str)
    notification_started = Signal(str)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.hit_dialog: HitDialog | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Search people, vehicles and documents"), self))
        bar = QHBoxLayout()
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(
            self.tr("Name (any script), date of birth, plate, VIN or document number")
        )
        self.box.setAccessibleName(self.tr("Search"))
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.search)
        self.go = QPushButton(self.tr("&Search"), self)
        self.go.clicked.connect(self.search)
        bar.addWidget(self.box, 1)
        bar.addWidget(self.go)
        lay.addLayout(bar)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.view = QTableView(self)
        self.view.setAccessibleName(self.tr("Search results"))
        configure_big_table(self.view)
        self.model = ResultModel(self)
        self.view.setModel(self.model)
        for i, w in enumerate((90, 260, 110, 260, 160)):
            self.view.setColumnWidth(i, w)
        lay.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Show &bulletin"), self)
        self.open_button.clicked.connect(self._open)
        self.hit_button = QPushButton(self.tr("Record hi&t…"), self)
        self.hit_button.clicked.connect(self._record_hit)
        self.use_button = QPushButton(self.tr("&Use in request"), self)
        self.use_button.clicked.connect(self._use)
        for b in (self.open_button, self.hit_button, self.use_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.view.doubleClicked.connect(lambda _i: self._open_details())
        self.view.activated.connect(lambda _i: self._open_details())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence("Ctrl+H"), self, self._record_hit)
        self._update_buttons()

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def search(self) -> None:
        query = self.box.text().strip()
        if not query:
            return
        self.info.setText(self.tr("Searching…"))
        Op(self, lambda: run_search(self.session, query)).on_success(self._show).start()

    def _show(self, result: SearchResults) -> None:
        rows = result.rows
        self.model.set_rows(rows)
        if result.store_empty:
            text = self.tr(
                "Nothing to search yet: this PC has not received any bulletins. They "
                "arrive with the first synchronisation with the regional server."
            )
        elif not rows:
            text = self.tr("No matches for “%1”.").replace("%1", self.box.text().strip())
        else:
            text = self.tr("%n result(s)", "", len(rows))
        if "dob_invalid" in result.errors:
            text += " — " + self.tr(
                "the date of birth typed does not exist (for example 31.02) and was not used; "
                "check it and search again"
            )
        if result.more:
            text += " " + self.tr(
                "More matches exist than are shown: add a date of birth, a second name or "
                "a document number to narrow the search."
            )
        if result.rebuilding is not None:
            text += " " + self.tr(
                "The name index is being rebuilt after an upgrade (%1 % done): until it "
                "finishes, some persons may not be found. Search again later to be sure."
            ).replace("%1", str(result.rebuilding))
        self.info.setText(text)
        if rows:
            self.view.selectRow(0)
        self._update_buttons()

    def _current(self) -> ResultRow | None:
        idx = self.view.currentIndex()
        return self.model.rows[idx.row()] if idx.isValid() else None

    def _update_buttons(self) -> None:
        r = self._current()
        self.open_button.setEnabled(bool(r and r.bulletin_id))
        self.hit_button.setEnabled(bool(r and r.bulletin_id and not r.cancelled))
        self.use_button.setEnabled(bool(r) and self.session.can_draft)

    def _open(self) -> None:
        r = self._current()
        if r and r.bulletin_id:
            self.open_bulletin.emit(r.bulletin_id)

    def _open_details(self) -> None:
        r = self._current()
        if r and r.kind == "person":
            self.open_person.emit(r.target_id)
        else:
            self._open()

    def _use(self) -> None:
        r = self._current()
        if r:
            self.use_in_request.emit({"kind": r.kind, "ref": r.target_id, "label": r.matched[:300]})

    def _record_hit(self) -> None:
        r = self._current()
        if r is None or not r.bulletin_id:
            return
        dialog = HitDialog(r, self.box.text(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_hit(r, dialog))
        self.hit_dialog = dialog
        dialog.open()

    def _save_hit(self, r: ResultRow, dialog: HitDialog) -> None:
        values = dialog.values()
        confirm = dialog.confirm_weak.isChecked()
        notify = dialog.notify.isChecked() and self.session.can_draft
        session_, query = self.session, self.box.text().strip()

        def record() -> tuple[str, str | None]:
            hit_id = hits.record_hit_in_store(
                session_.desk.store,
                session_.actor,
                r.source,
                query=query,
                details=hits.HitDetails(**values),
                confirm_weak=confirm,
            )
            session_.desk.bus.publish("hits_changed", hit_id=hit_id)
            request_id = None
            if notify:
                from ui.requests.hit_text import hit_notification_text

                # Prefilled in the user's language; the editor can reword it in another.
                request_id = hits.start_hit_notification(
                    session_.desk.store,
                    session_.actor,
                    hit_id,
                    service=session_.requests,
                    wording=hit_notification_text,
                )
            return hit_id, request_id

        def done(result: tuple[str, str | None]) -> None:
            hit_id, request_id = result
            self.hit_recorded.emit(hit_id)
            if request_id:
                self.notification_started.emit(request_id)

        Op(self, record).writes().on_success(done).start()


__all__ = ["SearchPage"]
