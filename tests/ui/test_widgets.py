"""Lazy lists, login and lock, the pseudo-locale layout check, PDF export with banners."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, text

from app import audit
from app.context import Desk
from app.store.models import AuditEvent, Bulletin, BulletinKind, HandlingCode, Role, new_id
from app.users import create_user, login
from tests.helpers.desk import TEST_PASSWORD, Office
from tests.ui.conftest import OpenWindow, settle
from ui.i18n import install_language, install_pseudo_locale, remove_translators
from ui.login import LockScreen, LoginDialog
from ui.models import LazyTableModel
from ui.printing import PrintableRecord, export_pdf, record_output
from ui.sources import B_ID, BulletinFilter, BulletinSource


def _bulletins(desk: Desk, n: int, seed: int = 3) -> None:
    rnd = random.Random(seed)
    kinds = list(BulletinKind)
    rows = []
    for i in range(n):
        issued = None if i % 17 == 0 else date(2020, 1, 1) + timedelta(days=rnd.randrange(1500))
        rows.append(
            {
                "id": new_id(),
                "kind": kinds[i % len(kinds)],
                "reference": f"R-{i:06d}",
                "title": f"Bulletin {i}",
                "issuing_country": rnd.choice(["KAZ", "UZB"]),
                "issued_on": issued,
                "urgent": i % 11 == 0,
                "cancelled": i % 13 == 0,
                "handling_code": HandlingCode.LAW_ENFORCEMENT,
                "deleted": False,
            }
        )
    with desk.store.write() as s:
        s.execute(insert(Bulletin), rows)


def test_lazy_model_pages_by_key_and_matches_sql_order(qtbot: QtBot, desk: Desk) -> None:
    _bulletins(desk, 3000)
    model = LazyTableModel(desk.store, BulletinSource(), [], prefetch=False)
    assert model.rowCount() == 3000
    assert model.fetches == 0 and model.loaded_rows() == 0  # only counted, nothing loaded
    with desk.store.read() as s:
        expected = [
            r[0]
            for r in s.execute(text("SELECT id FROM bulletins ORDER BY issued_on DESC, rowid DESC"))
        ]
    # Forward by keyset, then a jump, then backwards from the jump: same order as SQL.
    got = [model.row_id(i) for i in range(3000)]
    assert got == expected
    assert model.loaded_rows() <= LazyTableModel.BLOCK * LazyTableModel.MAX_BLOCKS
    model.reload()
    assert [model.row_id(i) for i in range(2999, 1500, -1)] == expected[2999:1500:-1]
    # Jumps anywhere use the sampled keys once they are loaded (in the background).
    model.reload()
    qtbot.waitUntil(lambda: model._anchors is not None, timeout=10_000)
    order = list(range(3000))
    random.Random(5).shuffle(order)
    assert all(model.row_id(i) == expected[i] for i in order[:400])
    # With background prefetch on, the neighbours of a block arrive without blocking.
    prefetching = LazyTableModel(desk.store, BulletinSource(), [])
    block = LazyTableModel.BLOCK
    assert prefetching.row_id(5 * block) == expected[5 * block]
    qtbot.waitUntil(lambda: {4, 6} <= set(prefetching._blocks))
    fetched = prefetching.fetches
    assert prefetching.row_id(6 * block + 1) == expected[6 * block + 1]
    assert prefetching.fetches == fetched  # served from the block read ahead
    # Filters are applied in SQL.
    model.set_source(
        BulletinSource(
            BulletinFilter(kinds=(BulletinKind.RED,), country="KAZ", hide_cancelled=True)
        )
    )
    rows = [model.row_tuple(i) for i in range(model.rowCount())]
    with desk.store.read() as s:
        ids = {
            b.id
            for b in s.scalars(
                select(Bulletin).where(
                    Bulletin.kind == BulletinKind.RED,
                    Bulletin.issuing_country == "KAZ",
                    Bulletin.cancelled.is_(False),
                )
            )
        }
    assert {r[B_ID] for r in rows if r} == ids and ids


def test_login_counts_attempts_then_locks(qtbot: QtBot, office: Office) -> None:
    dialog = LoginDialog(office.desk)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert "AST-01" in dialog.where.text()
    dialog.username.setText("officer2")
    for attempt in range(1, 5):
        dialog.password.setText("wrong password")
        dialog.try_login()
        settle(qtbot)
        assert str(5 - attempt) in dialog.error.text()
    dialog.password.setText("wrong password")
    dialog.try_login()
    settle(qtbot)
    locked_text = dialog.error.text()
    dialog.password.setText(TEST_PASSWORD)  # even the right password: the account is locked
    dialog.try_login()
    settle(qtbot)
    assert dialog.actor is None and dialog.error.text() == locked_text
    dialog.username.setText("officer")
    dialog.password.setText(TEST_PASSWORD)
    dialog.try_login()
    settle(qtbot)
    assert dialog.actor is not None and dialog.actor.username == "officer"


def test_lock_screen_needs_the_same_password(
    qtbot: QtBot, office: Office, open_window: OpenWindow, tmp_path: Path
) -> None:
    win = open_window(office.officer)
    win.lock_now()
    screen = win.lock_screen
    assert isinstance(screen, LockScreen) and screen.isVisible()
    screen.password.setText("not the password")
    screen.try_unlock()
    settle(qtbot)
    assert screen.isVisible() and screen.error.isVisible()
    screen.password.setText(TEST_PASSWORD)
    screen.try_unlock()
    settle(qtbot)
    assert win.lock_screen is None and win.frame.currentWidget() is win.content
    with office.desk.store.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent))]
    assert audit.Action.SESSION_LOCKED in actions

    # A core notification (from the sync thread in real life) shows as a notice.
    office.desk.bus.publish(
        "notification", kind="urgent_bulletin", bulletin_id="b-1", reference="2024/777"
    )
    settle(qtbot)
    assert any("2024/777" in t for t in win.notices.texts())

    # Diagnostics for IT staff: useful facts, no personal data.
    about = win.open_about()
    settle(qtbot, timeout=30_000)
    assert about.report is not None and about.report["self_test"]["checks"]
    saved = about.save_report(tmp_path / "diag.json")
    assert saved is not None
    text = saved.read_text(encoding="utf-8")
    assert "keyring_backend" in text and "store_bytes" in text
    for personal in ("officer", "Officer", "supervisor", TEST_PASSWORD):
        assert personal not in text


def _clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons narrower than their text needs."""
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, QLabel | QAbstractButton):
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text()):
            continue
        if w.property("elidable"):  # secondary text allowed to be cut (full text elsewhere)
            continue
        if w.width() < w.minimumSizeHint().width():
            out.append(
                f"{type(w).__name__} {w.text()[:40]!r} {w.width()}<{w.minimumSizeHint().width()}"
            )
    return out


def test_pseudo_locale_fits_the_main_screens(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    """Texts 40 % longer than English (Russian runs ~30 %) still fit at 1280x800."""
    install_pseudo_locale()
    try:
        win = open_window(office.supervisor)
        win.resize(1280, 800)
        editor = win.new_request()
        assert editor is not None
        settle(qtbot)
        QApplication.processEvents()
        assert "~~" in win.nav.item(0).text()  # the pseudo-locale is really in use
        problems = _clipped(win) + _clipped(editor)
        assert not problems, problems
        # The real Russian catalogue loads and is used by windows created afterwards.
        assert install_language("ru") == "ru"
        win_ru = open_window(office.officer)
        assert win_ru.nav.item(0).text() == "Ориентировки"
    finally:
        remove_translators()


def test_pdf_export_has_the_banner_on_every_page(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    record = PrintableRecord(
        "request",
        new_id(),
        "Long request",
        HandlingCode.RESTRICTED,
        [("Text", "\n".join(f"Line {i} of the request body." for i in range(400)))],
    )
    path = tmp_path / "out.pdf"
    pages = export_pdf(record, path)
    assert pages >= 3 and path.stat().st_size > 1000
    with desk.store.write() as s:
        create_user(
            s, username="clerk", password=TEST_PASSWORD, role=Role.OFFICER, office_code="AST-01"
        )
    clerk = login(desk.store, "clerk", TEST_PASSWORD)
    record_output(desk, clerk, record, audit.Action.EXPORT, pages)
    with desk.store.read() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == audit.Action.EXPORT)).one()
        assert ev.target_id == record.ident and ev.details["pages"] == pages


def test_event_bridge_coalesces_bursts_from_other_threads(qtbot: QtBot) -> None:
    """A burst of core events from a worker thread refreshes the UI a few times, not 5000."""
    import threading

    from app.events import EventBus
    from ui.ops import EventBridge

    bus = EventBus()
    bridge = EventBridge(bus, interval_ms=100)
    batches: list[dict[str, dict[str, object]]] = []
    bridge.changed.connect(batches.append)

    def burst() -> None:
        for i in range(5000):
            bus.publish("bulletins_changed", n=i)
            if i % 1000 == 0:
                bus.publish("outbox_changed")

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()
    qtbot.waitUntil(
        lambda: any(b.get("bulletins_changed", {}).get("n") == 4999 for b in batches), timeout=5000
    )
    assert 1 <= len(batches) <= 5
    assert any("outbox_changed" in b for b in batches)
    bridge.close()


def test_language_switch_reopens_the_window_translated_without_logout(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    remove_translators()
    try:
        window = open_window(office.officer)
        assert window.nav.item(0).text() == "Bulletins"
        with office.desk.store.read() as s:
            logouts_before = s.query(AuditEvent).filter_by(action=audit.Action.LOGOUT).count()
        with qtbot.waitSignal(window.language_switched, timeout=5000) as switched:
            window.switch_language("ru")
        assert switched.args == ["ru"]
        assert not window.isVisible()
        # The launcher opens a new window in the same session: now in Russian.
        again = open_window(office.officer)
        assert again.nav.item(0).text() == "Ориентировки"
        with office.desk.store.read() as s:
            logouts_after = s.query(AuditEvent).filter_by(action=audit.Action.LOGOUT).count()
        assert logouts_after == logouts_before  # the user was not logged out
    finally:
        remove_translators()


def test_read_only_fields_stay_readable_and_unchanged(qtbot: QtBot) -> None:
    """Read-only fields are enabled (normal contrast, reachable by Tab) but cannot change."""
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit

    from ui.widgets import set_read_only

    form = QWidget()
    qtbot.addWidget(form)
    line = QLineEdit("NCB-MOSCOW", form)
    body = QPlainTextEdit("Please confirm the identity.", form)
    combo = QComboBox(form)
    combo.addItems(["Urgent", "Routine"])
    check = QCheckBox("Answer needed by", form)
    due = QDateEdit(QDate(2026, 12, 10), form)
    for w in (line, body, combo, check, due):
        set_read_only(w, True)
    form.show()
    for w in (line, body, combo, check, due):
        assert w.isEnabled(), w
    qtbot.keyClicks(line, "X")
    qtbot.keyClicks(body, "X")
    assert line.text() == "NCB-MOSCOW" and body.toPlainText() == "Please confirm the identity."
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    qtbot.keyClick(check, Qt.Key.Key_Space)
    qtbot.keyClick(due, Qt.Key.Key_Up)
    assert combo.currentText() == "Urgent" and not check.isChecked()
    assert due.date() == QDate(2026, 12, 10)
    # Editable again: the same widgets take input.
    for w in (line, combo, check):
        set_read_only(w, False)
    qtbot.keyClicks(line, "X")
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert line.text().endswith("X") and check.isChecked()
