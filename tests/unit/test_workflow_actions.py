"""``RequestService.allowed_actions`` is the single permission table: for every state,
every kind of user, drafter or not, it lists exactly the actions the service accepts.

The matrix is generated: each request is put in its state through the real service on a
real SQLCipher store, then every action is tried by every user. A refused action changes
nothing, so refusals are tried on one request per state; each accepted action gets a fresh
request in that state.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.models import OutgoingRequest, RequestState
from app.workflow import RequestAction, RequestService, WorkflowError
from tests.helpers.desk import Office, make_desk, make_office
from tests.helpers.requests import perform, request_in_state

USERS = ("officer", "officer2", "supervisor", "supervisor2", "admin", "other_supervisor")
DRAFTERS = ("officer", "supervisor")


@pytest.fixture(scope="module")
def ram_office() -> Iterator[Office]:
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as tmp:
        desk = make_desk(Path(tmp) / "data")
        try:
            yield make_office(desk)
        finally:
            desk.close()


def _state(office: Office, rid: str) -> tuple[RequestState, int]:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return RequestState(req.state), req.revision


@pytest.mark.parametrize("state", list(RequestState))
def test_allowed_actions_are_exactly_what_the_service_accepts(
    ram_office: Office, state: RequestState
) -> None:
    office = ram_office
    svc = RequestService(office.desk.store)
    offered_somewhere: set[RequestAction] = set()
    for drafter_name in DRAFTERS:
        drafter = getattr(office, drafter_name)
        shared = request_in_state(office, svc, state, drafter)
        assert _state(office, shared)[0] == state
        for user_name in USERS:
            actor = getattr(office, user_name)
            allowed = svc.allowed_actions(actor, shared)
            offered_somewhere |= allowed
            for action in RequestAction:
                where = f"{state} drafted by {drafter_name}, {action} by {user_name}"
                if action in allowed:
                    fresh = request_in_state(office, svc, state, drafter)
                    result = perform(office, svc, action)(actor, fresh)  # must not raise
                    if action == RequestAction.COPY:
                        assert _state(office, str(result))[0] == RequestState.DRAFT, where
                    elif action != RequestAction.EDIT:
                        assert _state(office, fresh)[0] != state, where
                else:
                    before = _state(office, shared)
                    with pytest.raises(WorkflowError):
                        perform(office, svc, action)(actor, shared)
                    assert _state(office, shared) == before, where
    # The table is not trivially empty: every state but the dead ends offers something.
    if state not in (RequestState.QUEUED,):
        assert offered_somewhere, state


def test_who_may_copy_a_request(ram_office: Office) -> None:
    """Copying is for the drafter or a supervisor of the office, from finished requests."""
    office = ram_office
    svc = RequestService(office.desk.store)
    done = request_in_state(office, svc, RequestState.WITHDRAWN, office.officer)
    assert RequestAction.COPY in svc.allowed_actions(office.officer, done)
    assert RequestAction.COPY in svc.allowed_actions(office.supervisor, done)
    for other in (office.officer2, office.admin, office.other_supervisor):
        assert RequestAction.COPY not in svc.allowed_actions(other, done)
    live = request_in_state(office, svc, RequestState.SUBMITTED, office.officer)
    assert RequestAction.COPY not in svc.allowed_actions(office.officer, live)


def test_held_approval_from_before_summaries_were_hashed_is_released_as_approved(
    ram_office: Office,
) -> None:
    """An upgrade does not strand a held approval: it was bound to the hash of subjects
    reduced to kind and reference, and the request leaves with exactly that content."""
    from sqlalchemy import select

    from app.store.models import Case, OutboxItem
    from app.sync.canonical import content_hash, request_content
    from app.workflow import RequestDraft, hash_of
    from tests.helpers.requests import READY

    office = ram_office
    svc = RequestService(office.desk.store)
    with office.desk.store.write() as s:
        case = Case(number="2025/0099", title="Old case", office_code="AST-01")
        s.add(case)
        s.flush()
        case_id = case.id
    draft = RequestDraft(**{**READY.__dict__, "subjects": ({"kind": "case", "ref": case_id},)})
    rid = svc.create_draft(office.officer, draft)
    svc.submit(office.officer, rid)
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None and req.subjects[0]["number"] == "2025/0099"
        digest = hash_of(req)
    svc.approve(office.supervisor, rid, digest, hold=True)
    # What an earlier version stored: the hash of the subjects' kind and reference only.
    with office.desk.store.write() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        legacy = request_content(
            request_type=str(req.request_type), priority=str(req.priority), due_date=None,
            recipients=list(req.recipients), subjects=[{"kind": "case", "ref": case_id}],
            body=req.body, handling_code=str(req.handling_code), attachments=[],
        )  # fmt: skip
        req.approved_hash = content_hash(legacy)
    svc.release(office.supervisor, rid)
    assert _state(office, rid)[0] == RequestState.QUEUED
    with office.desk.store.read() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.ref_id == rid)).one()
        sent = item.payload["request"]["content"]
        assert sent["subjects"] == [{"kind": "case", "ref": case_id}]
        # What the server recomputes equals what was approved.
        assert content_hash(request_content(**sent)) == item.content_hash == content_hash(legacy)
        assert item.payload["approval"]["content_hash"] == content_hash(legacy)
    # Anything else still voids a held approval.
    other = svc.create_draft(office.officer, draft)
    svc.submit(office.officer, other)
    svc.approve(office.supervisor, other, current := _hash(office, other), hold=True)
    with office.desk.store.write() as s:
        req = s.get(OutgoingRequest, other)
        assert req is not None
        req.approved_hash = "0" * 64
    with pytest.raises(WorkflowError):
        svc.release(office.supervisor, other)
    assert current


def _hash(office: Office, rid: str) -> str:
    from app.workflow import hash_of

    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return hash_of(req)
