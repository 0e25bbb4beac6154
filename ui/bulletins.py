"""The bulletin list (filter by kind, country and date; cancelled ones struck out) and the
bulletin detail (handling banner, photo, persons, vehicles, documents, data as of).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.countries import COUNTRIES, Country, find_country
from app.records import BulletinDetailData, load_bulletin
from app.store.models import BulletinKind, HandlingCode
from ui import formats, labels
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table, strike_style
from ui.ops import Op
from ui.printing import PrintableRecord, export_interactively, print_interactively
from ui.session import UiSession
from ui.sources import (
    B_CANCELLED,
    B_COUNTRY,
    B_HANDLING,
    B_ISSUED,
    B_KIND,
    B_REF,
    B_TITLE,
    B_URGENT,
    BulletinFilter,
    BulletinSource,
)
from ui.widgets import FieldError, HandlingBanner, heading


def country_of(text: str) -> Country | None:
    """The country typed in a filter: a code, a name in either language, or a name picked
    from the completion list ("Kazakhstan (KZ, KAZ)")."""
    return find_country(text.split(" (", 1)[0]) if text else None


def country_completer(parent: QWidget) -> QCompleter:
    """Completion for a country field: "Name (KZ, KAZ)" in the interface language, found by
    any part of the name or the codes."""
    lang = formats.language()
    names = sorted(
        (f"{c.name(lang)} ({c.alpha2}, {c.alpha3})" for c in COUNTRIES), key=str.casefold
    )
    completer = QCompleter(names, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


def _iso_to_local(value: Any) -> str:
    if not value:
        return "—"
    if isinstance(value, date):
        return labels.fmt_date(value)
    try:
        return labels.fmt_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _load_bulletin(desk: Any, actor: Any, bulletin_id: str) -> BulletinDetailData:
    """The core's bulletin with dates of birth in the user's format (worker thread)."""
    data = load_bulletin(desk, actor, bulletin_id)
    for person in data.persons:
        person["dob"] = formats.fmt_partial_date(*person["birth"])
    return data


def bulletin_printable(d: BulletinDetailData) -> PrintableRecord:
    sections = [
        (QCoreApplication.translate("BulletinDetail", "Kind"), labels.bulletin_kind(d.kind)),
        (QCoreApplication.translate("BulletinDetail", "Reference"), d.reference),
        (QCoreApplication.translate("BulletinDetail", "Issuing country"), d.country),
        (QCoreApplication.translate("BulletinDetail", "Issued"), labels.fmt_date(d.issued_on)),
    ]
    if d.cancelled:
        sections.insert(
            0,
            (
                QCoreApplication.translate("BulletinDetail", "CANCELLED"),
                labels.fmt_time(d.cancelled_at),
            ),
        )
    sections.append((QCoreApplication.translate("BulletinDetail", "Summary"), d.summary))
    for p in d.persons:
        sections.append(
            (
                QCoreApplication.translate("BulletinDetail", "Person"),
                "\n".join([*p["names"], p["dob"], p["description"]]),
            )
        )
    for v in d.vehicles:
        sections.append((QCoreApplication.translate("BulletinDetail", "Vehicle"), v))
    for doc in d.documents:
        sections.append(
            (QCoreApplication.translate("BulletinDetail", "Document"), labels.document_line(doc))
        )
    sections.append(
        (
            QCoreApplication.translate("BulletinDetail", "Data as of"),
            labels.fmt_time(d.data_as_of, zone=True),
        )
    )
    mark = ""
    if d.cancelled:
        mark = QCoreApplication.translate("BulletinDetail", "CANCELLED")
    elif d.urgent:
        mark = QCoreApplication.translate("BulletinDetail", "URGENT")
    return PrintableRecord(
        "bulletin",
        d.id,
        d.title or d.reference,
        d.handling_code,
        sections,
        reference=d.reference,
        mark=mark,
        photo=d.thumb,
    )


class BulletinDetail(QWidget):
    """One bulletin. Signals:

    Signals:
        record_hit(str): the bulletin id, when the officer records a hit on it.
        use_in_request(object): a subject dict for the request editor.
    """

    record_hit = Signal(str)
    use_in_request = Signal(object)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.data: BulletinDetailData | None = None
        outer = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        outer.addWidget(self.banner)
        self.cancelled = QLabel(self)
        self.cancelled.setObjectName("cancelledNotice")
        self.cancelled.setStyleSheet("background:#424242;color:white;font-weight:bold;padding:6px;")
        self.cancelled.setWordWrap(True)
        self.cancelled.hide()
        outer.addWidget(self.cancelled)
        self._build_body(outer)
        self._build_buttons(outer)
        self.show_empty()

    def _build_body(self, outer: QVBoxLayout) -> None:
        """The scrolled body: title, photo, the bulletin's facts, summary and details."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        lay = QVBoxLayout(body)
        self.title = heading("", body)
        lay.addWidget(self.title)
        top = QHBoxLayout()
        photo_col = QVBoxLayout()
        self.photo = QLabel(body)
        self.photo.setFixedSize(120, 150)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setWordWrap(True)
        self.photo.setStyleSheet("border:1px solid #9e9e9e;background:#fafafa;")
        self.photo.setAccessibleName(self.tr("Photo"))
        photo_col.addWidget(self.photo)
        self.full_photo = QPushButton(self.tr("Load full photo"), body)
        self.full_photo.setToolTip(
            self.tr("Downloads the full-size photo from the regional server (uses the link).")
        )
        self.full_photo.clicked.connect(self._load_full_photo)
        photo_col.addWidget(self.full_photo)
        photo_col.addStretch(1)
        top.addLayout(photo_col)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind = QLabel(body)
        self.reference = QLabel(body)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.country = QLabel(body)
        self.issued = QLabel(body)
        self.as_of = QLabel(body)
        for label in (self.kind, self.reference, self.country, self.issued, self.as_of):
            label.setWordWrap(True)
        self.form.addRow(self.tr("Kind:"), self.kind)
        self.form.addRow(self.tr("Reference:"), self.reference)
        self.form.addRow(self.tr("Issuing country:"), self.country)
        self.form.addRow(self.tr("Issued:"), self.issued)
        self.form.addRow(self.tr("Data as of:"), self.as_of)
        top.addLayout(self.form, 1)
        lay.addLayout(top)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.summary)
        self.details = QLabel(body)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.details)
        lay.addStretch(1)

    def _build_buttons(self, outer: QVBoxLayout) -> None:
        """What to do about the bulletin, then paper."""
        buttons = QHBoxLayout()
        self.hit_button = QPushButton(self.tr("Record hi&t"), self)
        self.hit_button.clicked.connect(self._record_hit)
        self.use_button = QPushButton(self.tr("&Use in request"), self)
        self.use_button.clicked.connect(self._use)
        self.export_button = QPushButton(self.tr("Export &PDF…"), self)
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton(self.tr("P&rint…"), self)
        self.print_button.clicked.connect(self._print)
        # Two rows: what to do about the bulletin, then paper; long Russian labels fit.
        for b in (self.hit_button, self.use_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        paper = QHBoxLayout()
        for b in (self.export_button, self.print_button):
            paper.addWidget(b)
        paper.addStretch(1)
        outer.addLayout(paper)

    def _record_hit(self) -> None:
        if self.data:
            self.record_hit.emit(self.data.id)

    def show_empty(self) -> None:
        self.data = None
        self.banner.set_code("")
        self.cancelled.hide()
        self.title.setText(self.tr("Select a bulletin in the list."))
        for w in (
            self.kind,
            self.reference,
            self.country,
            self.issued,
            self.as_of,
            self.summary,
            self.details,
        ):
            w.setText("")
        self.photo.setText(self.tr("No photo"))
        for b in (
            self.hit_button,
            self.use_button,
            self.export_button,
            self.print_button,
            self.full_photo,
        ):
            b.setEnabled(False)

    def load(self, bulletin_id: str) -> None:
        desk, actor = self.session.desk, self.session.actor
        Op(self, lambda: _load_bulletin(desk, actor, bulletin_id)).on_success(
            self.show_data
        ).start()

    def show_data(self, d: BulletinDetailData) -> None:
        self.data = d
        self.banner.set_code(d.handling_code)
        if d.cancelled:
            self.cancelled.setText(
                self.tr("CANCELLED on %1 — no longer valid. Do not act on this bulletin.").replace(
                    "%1", labels.fmt_time(d.cancelled_at)
                )
            )
        self.cancelled.setVisible(d.cancelled)
        self.title.setText(d.title or d.reference)
        self.kind.setText(
            labels.bulletin_kind(d.kind) + ("  " + self.tr("URGENT") if d.urgent else "")
        )
        self.reference.setText(d.reference)
        self.country.setText(d.country or "—")
        self.issued.setText(labels.fmt_date(d.issued_on))
        self.as_of.setText(labels.fmt_time(d.data_as_of, zone=True))
        self.summary.setText(d.summary)
        lines: list[str] = []
        for p in d.persons:
            head = " / ".join(p["names"]) or self.tr("(no name)")
            extra = ", ".join(x for x in (p["sex"], p["dob"], p["nationality"]) if x)
            lines.append(f"• {head}" + (f" ({extra})" if extra else ""))
            if p["description"]:
                lines.append(f"   {p['description']}")
        lines += [f"• {v}" for v in d.vehicles]
        lines += [f"• {labels.document_line(x)}" for x in d.documents]
        self.details.setText("\n".join(lines))
        if d.thumb:
            pix = QPixmap()
            pix.loadFromData(d.thumb)
            self.photo.setPixmap(
                pix.scaled(
                    self.photo.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.setPixmap(QPixmap())
            self.photo.setText(
                self.tr("No photo") if not d.thumb_sha256 else self.tr("Photo not yet downloaded")
            )
        can_fetch = bool(d.photo_sha256) and not d.photo_present
        self.full_photo.setEnabled(can_fetch or d.photo_present)
        self.full_photo.setText(
            self.tr("Show full photo") if d.photo_present else self.tr("Load full photo")
        )
        self.hit_button.setEnabled(not d.cancelled)
        self.use_button.setEnabled(self.session.can_draft)
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _use(self) -> None:
        if self.data:
            self.use_in_request.emit(
                {
                    "kind": "bulletin",
                    "ref": self.data.id,
                    "label": f"{self.data.reference} {self.data.title}"[:300],
                }
            )

    def _load_full_photo(self) -> None:
        d = self.data
        if d is None or not d.photo_sha256:
            return
        sha = d.photo_sha256
        if d.photo_present:
            Op(self, lambda: self.session.desk.blobs.read(sha)).on_success(
                self._show_full_photo
            ).start()
            return
        sync = self.session.sync
        if sync is None:
            return
        sync.fetch_blob(self, sha, on_done=lambda: self.load(d.id))

    def _show_full_photo(self, data: bytes) -> None:
        from PySide6.QtWidgets import QDialog

        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Photo"))
        lay = QVBoxLayout(dlg)
        lab = QLabel(dlg)
        pix = QPixmap()
        pix.loadFromData(data)
        lab.setPixmap(
            pix.scaled(
                800,
                800,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        lay.addWidget(lab)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    def export_pdf(self) -> None:
        if self.data:
            export_interactively(
                self, self.session.desk, self.session.actor, bulletin_printable(self.data)
            )

    def _print(self) -> None:
        if self.data:
            print_interactively(
                self, self.session.desk, self.session.actor, bulletin_printable(self.data)
            )


class BulletinsPage(QWidget):
    """Filters, the lazy list and the detail side by side."""

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        lay = QVBoxLayout(self)
        self._build_filters(lay)
        self._build_empty_state(lay)
        self._build_table(lay)
        for sig in (
            self.kind.currentIndexChanged,
            self.use_dates.toggled,
            self.date_from.dateChanged,
            self.date_to.dateChanged,
            self.hide_cancelled.toggled,
            self.urgent_only.toggled,
        ):
            sig.connect(self.apply_filter)
        self.country.editingFinished.connect(self._country_entered)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.refreshed.connect(self._on_refreshed)
        QShortcut(QKeySequence("Ctrl+L"), self, self.view.setFocus)
        self._update_count()

    def _build_filters(self, lay: QVBoxLayout) -> None:
        """Kind, country, dates, cancelled and urgent; the count and the country's error."""
        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Bulletin kind"))
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(16)
        self.kind.addItem(self.tr("All kinds"), "")
        for k in BulletinKind:
            self.kind.addItem(labels.bulletin_kind(k), str(k))
        self.country = QLineEdit(self)
        self.country.setPlaceholderText(self.tr("Country: KZ, KAZ or name"))
        self.country.setAccessibleName(self.tr("Issuing country"))
        self.country.setToolTip(
            self.tr("A two- or three-letter ISO code (KZ, KAZ) or the country's name.")
        )
        self.country.setClearButtonEnabled(True)
        self.country.setMinimumWidth(190)
        self.country.setCompleter(country_completer(self.country))
        self.country.completer().activated.connect(self._country_chosen)
        self.use_dates = QCheckBox(self.tr("Issued from"), self)
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1), self)
        self.date_from.setCalendarPopup(True)
        self.date_from.setAccessibleName(self.tr("Issued from"))
        to_label = QLabel(self.tr("to"), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        self.date_to.setCalendarPopup(True)
        self.date_to.setAccessibleName(self.tr("Issued to"))
        self.hide_cancelled = QCheckBox(self.tr("Hide cancelled"), self)
        self.urgent_only = QCheckBox(self.tr("Urgent only"), self)
        # Two rows, so the page fits a 1366-pixel screen and 150 % scaling.
        for w in (self.kind, self.country, self.hide_cancelled, self.urgent_only):
            bar.addWidget(w)
        bar.addStretch(1)
        lay.addLayout(bar)
        bar2 = QHBoxLayout()
        for second in (self.use_dates, self.date_from, to_label, self.date_to):
            bar2.addWidget(second)
        bar2.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("bulletinCount")
        bar2.addWidget(self.count_label)
        lay.addLayout(bar2)
        self.country_error = FieldError(self)
        self.country_error.setObjectName("countryError")
        lay.addWidget(self.country_error)

    def _build_empty_state(self, lay: QVBoxLayout) -> None:
        """Why the list is empty, with a button that clears the filter."""
        self.empty = QWidget(self)
        self.empty.setObjectName("emptyState")
        empty_lay = QHBoxLayout(self.empty)
        empty_lay.setContentsMargins(0, 0, 0, 0)
        self.empty_text = QLabel(self.empty)
        self.empty_text.setObjectName("emptyText")
        self.empty_text.setWordWrap(True)
        self.clear_filter_button = QPushButton(self.tr("&Clear the filter"), self.empty)
        self.clear_filter_button.clicked.connect(self.clear_filter)
        empty_lay.addWidget(self.empty_text, 1)
        empty_lay.addWidget(self.clear_filter_button)
        self.empty.hide()
        lay.addWidget(self.empty)

    def _build_table(self, lay: QVBoxLayout) -> None:
        """The lazy list of bulletins and the detail beside it."""
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("bulletinSplit")
        self.view = QTableView(split)
        self.view.setAccessibleName(self.tr("Bulletins"))
        configure_big_table(self.view)
        # What an officer scans first comes first: reference, title, date and handling
        # are visible without scrolling sideways on a 1366-pixel screen.
        statuses = (self.tr("CANCELLED"), self.tr("Urgent"), self.tr("Valid"))
        self.columns = [
            Column(self.tr("Reference"), lambda r: r[B_REF], fit=("2026/99999", "R-000000")),
            Column(self.tr("Title"), lambda r: r[B_TITLE], 200),
            Column(
                self.tr("Issued"),
                lambda r: _iso_to_local(r[B_ISSUED]),
                fit=(formats.fmt_date(date(2026, 12, 30)), formats.fmt_date(date(2026, 9, 28))),
            ),
            Column(
                self.tr("Handling"),
                lambda r: labels.handling_code(r[B_HANDLING]),
                fit=tuple(labels.handling_code(h) for h in HandlingCode),
            ),
            Column(self.tr("Status"), self._status_text, fit=statuses),
            Column(self.tr("Kind"), lambda r: labels.bulletin_kind(r[B_KIND]), 200),
            Column(self.tr("Country"), lambda r: r[B_COUNTRY] or "", fit=("KAZ",)),
        ]
        self.model = LazyTableModel(
            self.session.desk.store,
            BulletinSource(),
            self.columns,
            self,
            style=strike_style(B_CANCELLED, B_URGENT),
        )
        self.view.setModel(self.model)
        apply_column_widths(self.view, self.columns)
        self.detail = BulletinDetail(self.session, split)
        self.detail.setMaximumWidth(560)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # The list gets the larger share: reference, title, date and handling in view.
        split.setSizes([650, 350])
        lay.addWidget(split, 1)

    def _status_text(self, r: Any) -> str:
        if r[B_CANCELLED]:
            return self.tr("CANCELLED")
        if r[B_URGENT]:
            return self.tr("Urgent")
        return self.tr("Valid")

    def _country_chosen(self, text: str) -> None:
        """A country picked in the completion list: keep its name, filter by it."""
        self.country.setText(text.split(" (", 1)[0])
        self._country_entered()

    def _country_entered(self) -> None:
        text = self.country.text().strip()
        if text and country_of(text) is None:
            # Nothing would match an unknown country: say so rather than show an empty list.
            self.country_error.show_message(
                self.tr("Unknown country “%1”: type a code (KZ or KAZ) or a name.").replace(
                    "%1", text
                )
            )
            return
        self.country_error.show_message("")
        self.apply_filter()

    def filtered(self) -> bool:
        f = self.current_filter()
        return bool(f.kinds or f.country or f.issued_from or f.hide_cancelled or f.urgent_only)

    def clear_filter(self) -> None:
        widgets = (self.kind, self.country, self.use_dates, self.hide_cancelled, self.urgent_only)
        for w in widgets:
            w.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.country.clear()
        self.country_error.show_message("")
        self.use_dates.setChecked(False)
        self.hide_cancelled.setChecked(False)
        self.urgent_only.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> BulletinFilter:
        kind = self.kind.currentData()
        use = self.use_dates.isChecked()
        country = country_of(self.country.text().strip())
        return BulletinFilter(
            kinds=(kind,) if kind else (),
            country=country.alpha2 if country else "",
            issued_from=self.date_from.date().toPython() if use else None,  # type: ignore[arg-type]
            issued_to=self.date_to.date().toPython() if use else None,  # type: ignore[arg-type]
            hide_cancelled=self.hide_cancelled.isChecked(),
            urgent_only=self.urgent_only.isChecked(),
        )

    def apply_filter(self) -> None:
        self.model.set_source(BulletinSource(self.current_filter()))
        self.detail.show_empty()
        self._update_count()

    def refresh(self) -> None:
        """New or changed bulletins arrived: recount off the GUI thread, keep the place."""
        self.model.refresh()

    def _on_refreshed(self) -> None:
        self._update_count()
        if self.detail.data is not None:
            self.detail.load(self.detail.data.id)  # it may have been cancelled meanwhile

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%Ln bulletin(s)", "", n))
        if n:
            self.empty.hide()
            return
        if self.filtered():
            self.empty_text.setText(
                self.tr("No bulletins match the filter. The other bulletins are hidden by it.")
            )
            self.clear_filter_button.show()
        else:
            self.empty_text.setText(
                self.tr(
                    "No bulletins on this PC yet: they arrive with the first "
                    "synchronisation with the regional server."
                )
            )
            self.clear_filter_button.hide()
        self.empty.show()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rid = self.model.row_id(current.row()) if current.isValid() else None
        if rid:
            self.detail.load(rid)

    def open_bulletin(self, bulletin_id: str) -> None:
        self.detail.load(bulletin_id)
