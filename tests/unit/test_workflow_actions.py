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
