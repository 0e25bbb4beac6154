"""Put requests into any workflow state through the real service (for tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from app.store.models import OutgoingRequest, Priority, RequestState, RequestType
from app.users import Actor
from app.workflow import RequestAction, RequestDraft, RequestService, hash_of
from tests.helpers.desk import Office

S = RequestState
A = RequestAction

READY = RequestDraft(
    request_type=RequestType.INFORMATION,
    priority=Priority.URGENT,
    recipients=("NCB-MOSCOW",),
    body="Please confirm the identity of the person detained today.",
)
CHANGED = RequestDraft(
    request_type=RequestType.INFORMATION,
    priority=Priority.ROUTINE,
    recipients=("NCB-MOSCOW", "KZ-GP"),
    body="Please confirm the identity and the address of the person detained today.",
)


def reviewer_of(office: Office, drafter: Actor) -> Actor:
    """A supervisor of the office who did not draft the request."""
    return office.supervisor2 if drafter.user_id == office.supervisor.user_id else office.supervisor


def request_in_state(
    office: Office, svc: RequestService, state: RequestState, drafter: Actor
) -> str:
    """A new request drafted by ``drafter`` and moved to ``state`` by the right people."""
    reviewer = reviewer_of(office, drafter)
    rid = svc.create_draft(drafter, READY)
    if state == S.DRAFT:
        return rid
    if state == S.WITHDRAWN:
        svc.withdraw(drafter, rid, "No longer needed")
        return rid
    svc.submit(drafter, rid)
    if state == S.SUBMITTED:
        return rid
    if state == S.RETURNED:
        svc.return_request(reviewer, rid, "Add the place of detention")
        return rid
    svc.approve(reviewer, rid, current_hash(office, rid), hold=state == S.APPROVED)
    if state in (S.APPROVED, S.QUEUED):
        return rid
    with office.desk.store.write() as s:
        if state == S.REJECTED_BY_SERVER:
            svc.apply_rejection(s, rid, "recipient.unknown", "Unknown recipient")
            return rid
        svc.apply_receipt(s, rid, server_time=datetime.now(UTC), server_reference="R-1")
        if state in (S.ACKNOWLEDGED, S.ANSWERED, S.CLOSED):
            svc.apply_acknowledgement(s, rid)
        if state in (S.ANSWERED, S.CLOSED):
            svc.apply_answer(s, rid)
    if state == S.CLOSED:
        svc.close(drafter, rid)
    return rid


def current_hash(office: Office, rid: str) -> str:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return hash_of(req)


def perform(
    office: Office, svc: RequestService, action: RequestAction
) -> Callable[[Actor, str], object]:
    """A function doing ``action`` with plausible input (a reason, the shown hash...)."""
    calls: dict[RequestAction, Callable[[Actor, str], object]] = {
        A.EDIT: lambda a, rid: svc.edit(a, rid, CHANGED),
        A.SUBMIT: lambda a, rid: svc.submit(a, rid),
        A.APPROVE: lambda a, rid: svc.approve(a, rid, current_hash(office, rid)),
        A.RETURN: lambda a, rid: svc.return_request(a, rid, "Add the place of detention"),
        A.RELEASE: lambda a, rid: svc.release(a, rid),
        A.WITHDRAW: lambda a, rid: svc.withdraw(a, rid, "No longer needed"),
        A.COPY: lambda a, rid: svc.copy_to_draft(a, rid),
        A.CLOSE: lambda a, rid: svc.close(a, rid),
    }
    return calls[action]
