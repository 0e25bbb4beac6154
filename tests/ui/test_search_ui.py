"""Searching from the window: a Latin spelling finds the Cyrillic record, the row says which
spelling matched and why, and a hit recorded on it starts a hit-notification draft."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import audit
from app.search import index
from app.store.models import (
    AuditEvent,
    Bulletin,
    BulletinKind,
    Hit,
    OutgoingRequest,
    Person,
    PersonName,
    RequestType,
    new_id,
)
from tests.helpers.desk import Office
from tests.ui.conftest import OpenWindow, settle


def _wanted_person(office: Office) -> str:
    bid, pid = new_id(), new_id()
    with office.desk.store.write() as s:
        s.add(
            Bulletin(
                id=bid,
                kind=BulletinKind.RED,
                reference="2024/1234",
                title="Wanted",
                issuing_country="KAZ",
                issued_on=date(2024, 3, 1),
            )
        )
        s.add(
            Person(
                id=pid,
                bulletin_id=bid,
                sex="M",
                birth_year=1975,
                names=[
                    PersonName(
                        full_name="Иванов Сергей Петрович",
                        surname="Иванов",
                        given_name="Сергей",
                        patronymic="Петрович",
                        script="Cyrl",
                        language="ru",
                    )
                ],
            )
        )
        s.flush()
        index.index_persons(s, [pid])
    return bid


def test_search_explains_and_records_a_hit(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    bid = _wanted_person(office)
    win = open_window(office.officer)
    win.show_page("search")
    page = win.search
    page.box.setText("Ivanov Sergei 1975")
    page.search()
    settle(qtbot)
    assert page.model.rowCount() >= 1
    row = page.model.rows[0]
    assert row.bulletin_id == bid
    assert row.matched == "Иванов Сергей Петрович"  # the stored spelling that matched
    assert row.reason  # translated explanation, e.g. "Ivanov → иванов (transliteration)"
    assert page.hit_button.isEnabled()

    # The person's own view lists every recorded spelling.
    person = win.open_person(row.target_id)
    settle(qtbot)
    assert person.view is not None and person.spellings.count() == 1
    assert "Иванов" in person.title.text()
    person.close()

    page._record_hit()
    dialog = page.hit_dialog
    assert dialog is not None
    dialog._check()  # no place yet: refused with a message
    assert dialog.error.isVisible() and dialog.isVisible()
    dialog.place.setText("Bus station, platform 3")
    dialog.action.setPlainText("Detained for identification.")
    dialog._check()
    settle(qtbot)
    with office.desk.store.read() as s:
        hit = s.scalars(select(Hit)).one()
        assert hit.bulletin_id == bid and hit.place == "Bus station, platform 3"
        assert hit.match_explanation  # the explanation is frozen with the hit
        req = s.get(OutgoingRequest, hit.request_id)
        assert req is not None and req.request_type == RequestType.HIT_NOTIFICATION
        request_id = hit.request_id
    win.hits.refresh()
    assert win.hits.model.rowCount() == 1
    assert any(e.request_id == request_id for e in win.editors)


def test_every_search_from_the_page_is_audited(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    """A search is a view of personal data: each one, with or without matches, leaves an
    audit event for the officer (there is no second, unaudited way to search)."""
    _wanted_person(office)
    win = open_window(office.officer)
    win.show_page("search")
    page = win.search

    def searches() -> list[str | None]:
        """The actor of every search event, oldest first."""
        with office.desk.store.read() as s:
            return list(
                s.scalars(
                    select(AuditEvent.actor_id)
                    .where(AuditEvent.action == audit.Action.SEARCH)
                    .order_by(AuditEvent.seq)
                )
            )

    before = len(searches())
    for text in ("Ivanov Sergei 1975", "Zzyzx Qwerty"):
        page.box.setText(text)
        page.search()
        settle(qtbot)
    events = searches()[before:]
    assert len(events) == 2
    assert set(events) == {office.officer.user_id}
    assert page.model.rowCount() == 0  # the second search found nothing, and was audited too
