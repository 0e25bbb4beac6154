"""The request state machine's main path and its refusals."""

from __future__ import annotations

import pytest

from app.store.models import OutboxItem, OutgoingRequest, RequestState, RequestType
from app.workflow import (
    ContentChanged,
    IllegalTransition,
    OtherOffice,
    ReasonRequired,
    RequestDraft,
    RequestService,
    RoleRequired,
    SelfApproval,
    hash_of,
)
from tests.helpers.desk import Office

DRAFT = RequestDraft(
    request_type=RequestType.INFORMATION,
    recipients=("NCB-ASTANA",),
    body="Please confirm the identity of the subject.",
)


def _state(office: Office, rid: str) -> RequestState:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return req.state


def _hash(office: Office, rid: str) -> str:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return hash_of(req)


def test_draft_submit_return_edit_approve_queues_one_outbox_item(office: Office) -> None:
    svc = RequestService(office.desk.store)
    rid = svc.create_draft(office.officer, DRAFT)
    svc.submit(office.officer, rid)
    with pytest.raises(ReasonRequired):
        svc.return_request(office.supervisor, rid, "   ")
    svc.return_request(office.supervisor, rid, "Add the passport number")
    assert _state(office, rid) == RequestState.RETURNED
    svc.edit(
        office.officer,
        rid,
        RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-ASTANA",),
            body="Please confirm the identity. Passport N1234567.",
        ),
    )
    assert _state(office, rid) == RequestState.DRAFT
    svc.submit(office.officer, rid)
    svc.approve(office.supervisor, rid, _hash(office, rid))
    assert _state(office, rid) == RequestState.QUEUED
    with office.desk.store.read() as s:
        items = s.query(OutboxItem).filter_by(ref_id=rid).all()
        assert len(items) == 1
        assert items[0].content_hash == _hash(office, rid)
        assert items[0].signature is not None


def test_four_eyes_refusals(office: Office) -> None:
    svc = RequestService(office.desk.store)
    rid = svc.create_draft(office.supervisor, DRAFT)
    svc.submit(office.supervisor, rid)
    with pytest.raises(SelfApproval):
        svc.approve(office.supervisor, rid, _hash(office, rid))
    with pytest.raises(RoleRequired):
        svc.approve(office.officer, rid, _hash(office, rid))
    with pytest.raises(OtherOffice):
        svc.approve(office.other_supervisor, rid, _hash(office, rid))
    with pytest.raises(ContentChanged):
        svc.approve(office.supervisor2, rid, "0" * 64)
    svc.approve(office.supervisor2, rid, _hash(office, rid))
    with pytest.raises(IllegalTransition):
        svc.edit(office.supervisor, rid, DRAFT)
    with pytest.raises(RoleRequired):
        svc.withdraw(office.officer, rid, "no")


def test_withdraw_queued_by_supervisor_removes_unsent_item(office: Office) -> None:
    svc = RequestService(office.desk.store)
    rid = svc.create_draft(office.officer, DRAFT)
    svc.submit(office.officer, rid)
    svc.approve(office.supervisor, rid, _hash(office, rid))
    with pytest.raises(RoleRequired):
        svc.withdraw(office.officer, rid, "changed my mind")
    svc.withdraw(office.supervisor, rid, "Duplicate of an earlier request")
    assert _state(office, rid) == RequestState.WITHDRAWN
    with office.desk.store.read() as s:
        assert s.query(OutboxItem).filter_by(ref_id=rid).count() == 0
