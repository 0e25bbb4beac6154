"""The office's records are read and written by the core, which audits and publishes events
itself (no Qt): bulletins, persons, cases and their notes, replies, the hit list's state,
the facts of a hit notification and a request's view for its reader."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from app import audit, events
from app.lists import H_REQUEST_STATE, hit_source
from app.records import add_case_note, load_bulletin, load_case, load_person, open_reply
from app.request_view import load_request, word_diff
from app.search.hits import english_notification, hit_facts_in_store, start_hit_notification
from app.store.models import (
    AuditEvent,
    Bulletin,
    BulletinKind,
    Case,
    Document,
    Hit,
    OutboxItem,
    Person,
    PersonName,
    Reply,
    RequestState,
)
from app.workflow import RequestAction, RequestService
from tests.helpers.desk import Office


def _audited(office: Office, target_type: str, target_id: str) -> list[tuple[str, str | None]]:
    """``(action, actor id)`` of the audit events about one record."""
    with office.desk.store.read() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.actor_id).where(
                AuditEvent.target_type == target_type, AuditEvent.target_id == target_id
            )
        )
        return [(r[0], r[1]) for r in rows]


def _records(office: Office) -> dict[str, str]:
    with office.desk.store.write() as s:
        b = Bulletin(kind=BulletinKind.STOLEN_DOCUMENT, reference="SD-77/2026", title="Паспорт")
        c = Case(number="2026/0007", title="Утрата паспорта", office_code="AST-01")
        s.add_all([b, c])
        s.flush()
        s.add(Document(bulletin_id=b.id, doc_type="vehicle_registration", number="KZ 123"))
        p = Person(bulletin_id=b.id, birth_year=1980, nationality="KZ")
        s.add(p)
        s.flush()
        s.add(PersonName(person_id=p.id, position=0, full_name="АХМЕТОВ Ерлан"))
        r = Reply(from_agency="NCB-MOSCOW", body="Confirmed.", received_at=datetime.now(UTC))
        hit = Hit(bulletin_id=b.id, target_kind="person", target_id=p.id,
                  officer_id=office.officer.user_id, place="Астана",
                  match_explanation={"label": "АХМЕТОВ Ерлан", "band": "strong"})  # fmt: skip
        s.add_all([r, hit])
        s.flush()
        return {"bulletin": b.id, "case": c.id, "person": p.id, "reply": r.id, "hit": hit.id}


def test_reads_are_audited_by_the_core(office: Office) -> None:
    ids = _records(office)
    desk, actor = office.desk, office.officer
    data = load_bulletin(desk, actor, ids["bulletin"])
    # Document types are codes for ui/ to word, never ready-made text with a code in it.
    assert data.documents == [
        {"doc_type": "vehicle_registration", "number": "KZ 123", "country": "", "holder": ""}
    ]
    person = load_person(desk, actor, ids["person"])
    assert person.spellings[0][0] == "АХМЕТОВ Ерлан" and person.bulletin_ref == "SD-77/2026"
    case = load_case(desk, actor, ids["case"])
    assert case.number == "2026/0007"
    for kind in ("bulletin", "person", "case"):
        assert _audited(office, kind, ids[kind]) == [(audit.Action.VIEW, actor.user_id)], kind


def test_case_note_and_reply_publish_their_events(office: Office) -> None:
    ids = _records(office)
    seen: list[str] = []
    office.desk.bus.subscribe("*", lambda name, _p: seen.append(name))
    note_id = add_case_note(office.desk, office.officer, ids["case"], "  Проверено на месте.  ")
    with office.desk.store.read() as s:
        item = s.get(OutboxItem, note_id)
        assert item is not None and item.payload["text"] == "Проверено на месте."
    assert [a for a, _ in _audited(office, "case_note", note_id)] == [audit.Action.CREATE]
    assert events.OUTBOX_CHANGED in seen
    reply = open_reply(office.desk, office.officer, ids["reply"])
    assert reply.from_agency == "NCB-MOSCOW"
    with office.desk.store.read() as s:
        assert s.get(Reply, ids["reply"]).read is True  # type: ignore[union-attr]
    assert events.REPLIES_CHANGED in seen
    assert _audited(office, "reply", ids["reply"])


def test_hit_list_shows_the_notifications_true_state(office: Office) -> None:
    ids = _records(office)
    svc = RequestService(office.desk.store)

    def state() -> str | None:
        rows = hit_source().block(office.desk.store, 0, 10, None, None)
        return rows[0][H_REQUEST_STATE]

    assert state() is None
    rid = start_hit_notification(office.desk.store, office.officer, ids["hit"],
                                 recipients=("NCB-ASTANA",), service=svc)  # fmt: skip
    assert state() == RequestState.DRAFT
    svc.submit(office.officer, rid)
    assert state() == RequestState.SUBMITTED
    view = load_request(office.desk.store, office.supervisor, rid)
    assert RequestAction.APPROVE in view.actions and view.hit_id == ids["hit"]
    svc.approve(office.supervisor, rid, view.content_hash)
    assert state() == RequestState.QUEUED
    with office.desk.store.write() as s:
        svc.apply_receipt(s, rid, server_time=datetime.now(UTC))
        svc.apply_answer(s, rid)
    assert state() == RequestState.ANSWERED


def test_hit_notification_facts_are_data_and_wording_is_chosen_by_the_caller(
    office: Office,
) -> None:
    ids = _records(office)
    facts = hit_facts_in_store(office.desk.store, ids["hit"])
    assert facts.bulletin_reference == "SD-77/2026" and facts.band == "strong"
    assert "Hit on bulletin SD-77/2026." in english_notification(facts)
    rid = start_hit_notification(
        office.desk.store,
        office.officer,
        ids["hit"],
        wording=lambda f: f"Совпадение по {f.bulletin_reference}",
    )
    view = load_request(office.desk.store, office.officer, rid)
    assert view.content["body"] == "Совпадение по SD-77/2026"


def test_word_diff_marks_words_not_lines() -> None:
    ops = word_diff("Проверить паспорт сегодня.", "Проверить паспорт и адрес завтра.")
    assert ("equal", "Проверить паспорт ") in ops
    assert ("delete", "сегодня") in ops and ("equal", ".") in ops
    assert any(op == "insert" and "адрес" in text and "завтра" in text for op, text in ops)
    assert "".join(t for op, t in ops if op != "delete") == "Проверить паспорт и адрес завтра."
    assert date(2026, 12, 3)  # dates in the review are worded by ui/ (see test_review_trust)


def test_user_actions_are_audited_in_the_core_and_keep_the_chain(office: Office) -> None:
    from app.records import record_user_action

    desk, actor = office.desk, office.officer
    record_user_action(desk, actor, audit.Action.LOGOUT)
    record_user_action(
        desk, actor, audit.Action.SETTINGS, details={"language": "en", "inactivity_minutes": 5}
    )
    with desk.store.read() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.details)
            .order_by(AuditEvent.seq.desc())
            .limit(2)
        ).all()
    assert [(r[0], r[1]) for r in rows] == [
        (audit.Action.SETTINGS, actor.user_id),
        (audit.Action.LOGOUT, actor.user_id),
    ]
    assert "inactivity_minutes" in str(rows[0][2])
    assert audit.verify(desk.store.engine).ok
