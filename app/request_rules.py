"""Who may do what to an outgoing request, in which state: the workflow's rules.

Pure functions of plain facts (:class:`UserFacts`, :class:`RequestFacts`), no store: the
service in :mod:`app.workflow` raises what :func:`refusal` returns before it acts, and the
screens offer exactly what :func:`allowed` lists.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from app.errors import DeskError
from app.store.models import OutgoingRequest, RequestState, Role, User

S = RequestState

#: States from which nothing about the request's content may change any more.
IMMUTABLE_STATES = frozenset(
    {S.QUEUED, S.SENT, S.ACKNOWLEDGED, S.ANSWERED, S.CLOSED, S.REJECTED_BY_SERVER}
)
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
#: States from which a request may be copied into a new draft: it is finished, or out of
#: the drafter's hands for good (a draft or a request under review is edited or withdrawn
#: instead, so that two live copies of one request never circulate).
COPYABLE_STATES = frozenset(
    {S.WITHDRAWN, S.REJECTED_BY_SERVER, S.SENT, S.ACKNOWLEDGED, S.ANSWERED, S.CLOSED}
)
DRAFTING_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
MAX_BODY = 20_000
MAX_RECIPIENTS = 20


class WorkflowError(DeskError):
    """A workflow rule refused an action. ``code`` says which rule."""

    code = "workflow.error"
    template = "This action is not allowed: {detail}"


class IllegalTransition(WorkflowError):
    code = "workflow.illegal_transition"
    template = "A request in state {state} cannot be {action}."


class SelfApproval(WorkflowError):
    code = "workflow.self_approval"
    template = "A request cannot be approved or returned by the person who drafted it."


class RoleRequired(WorkflowError):
    code = "workflow.role_required"
    template = "Only a {role} can {action}."


class OtherOffice(WorkflowError):
    code = "workflow.other_office"
    template = "Only a supervisor of office {office} can {action} this request."


class NotDrafter(WorkflowError):
    code = "workflow.not_drafter"
    template = "Only the drafter can {action} this request."


class ReasonRequired(WorkflowError):
    code = "workflow.reason_required"
    template = "A reason is required to {action}."


class Immutable(IllegalTransition):
    code = "workflow.immutable"
    template = "A request in state {state} can no longer be changed."


class ContentChanged(WorkflowError):
    code = "workflow.content_changed"
    template = "The request changed after it was reviewed; review it again."


class NotApprover(WorkflowError):
    code = "workflow.not_approver"
    template = "Only the supervisor who approved this request can release it."


class AlreadySending(WorkflowError):
    code = "workflow.already_sending"
    template = "The request is already being sent and can no longer be withdrawn."


class RequestAction(enum.StrEnum):
    """What a user can do to a request; :func:`refusal` says who may do which, when."""

    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    RELEASE = "release"
    WITHDRAW = "withdraw"
    COPY = "copy_to_draft"
    CLOSE = "close"


A = RequestAction


@dataclass(frozen=True)
class RequestFacts:
    """What the permission table needs to know about a request."""

    state: RequestState
    drafter_id: str
    office_code: str
    approved_by: str | None = None

    @classmethod
    def of(cls, req: OutgoingRequest) -> RequestFacts:
        return cls(RequestState(req.state), req.drafter_id, req.office_code, req.approved_by)


@dataclass(frozen=True)
class UserFacts:
    """Who acts, as the store knows them (roles are never taken on trust)."""

    user_id: str
    role: Role
    office_code: str

    @classmethod
    def of(cls, user: User) -> UserFacts:
        return cls(user.id, Role(user.role), user.office_code)


def refusal(user: UserFacts, req: RequestFacts, action: RequestAction) -> WorkflowError | None:
    """The permission table: why ``user`` may not do ``action`` to ``req`` now, or ``None``.

    This is the only place the rules of who may do what in which state are written. The
    service raises what it returns before acting;
    :meth:`app.workflow.RequestService.allowed_actions` lists the actions it returns
    ``None`` for, and the screens offer exactly those.
    Checks of the action's input (a reason, the reviewed hash, the content being ready to
    leave) are made by the service when the action runs.
    """
    rule = _RULES.get(action)
    if rule is None:
        raise ValueError(f"unknown action {action!r}")
    return rule(_Who.of(user, req), req, action)


@dataclass(frozen=True)
class _Who:
    """The user's relation to the request, as the rules below ask about it."""

    user: UserFacts
    drafter: bool
    same_office: bool
    supervisor: bool
    can_draft: bool

    @classmethod
    def of(cls, user: UserFacts, req: RequestFacts) -> _Who:
        return cls(
            user=user,
            drafter=user.user_id == req.drafter_id,
            same_office=user.office_code == req.office_code,
            supervisor=user.role == Role.SUPERVISOR,
            can_draft=user.role in DRAFTING_ROLES,
        )

    def reviewer(self, req: RequestFacts, verb: str) -> WorkflowError | None:
        """Why this user may not review (approve, return, release) the request, or None."""
        if not self.supervisor:
            return RoleRequired(role="supervisor", action=verb)
        if self.drafter:
            return SelfApproval()
        if not self.same_office:
            return OtherOffice(office=req.office_code, action=verb)
        return None


def _edit(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    if req.state in IMMUTABLE_STATES:
        return Immutable(state=str(req.state))
    if req.state not in EDITABLE_STATES:
        return IllegalTransition(state=str(req.state), action="edited")
    if not who.drafter or not who.can_draft:
        return NotDrafter(action="edit")
    return None


def _submit(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    # A RETURNED request is submitted again as it stands or after edits: both make it
    # a DRAFT again first (a new revision), then SUBMITTED.
    if req.state not in EDITABLE_STATES:
        return IllegalTransition(state=str(req.state), action="submitted")
    if not who.drafter or not who.can_draft:
        return NotDrafter(action="submit")
    return None


def _review(who: _Who, req: RequestFacts, action: RequestAction) -> WorkflowError | None:
    if req.state != S.SUBMITTED:
        verb = "approved" if action == A.APPROVE else "returned"
        return IllegalTransition(state=str(req.state), action=verb)
    return who.reviewer(req, "approve" if action == A.APPROVE else "return")


def _release(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    if req.state != S.APPROVED:
        return IllegalTransition(state=str(req.state), action="queued")
    refused = who.reviewer(req, "release")
    if refused is not None:
        return refused
    # The approval travels signed by its author; only the approver holds that key.
    if who.user.user_id != req.approved_by:
        return NotApprover()
    return None


def _withdraw(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    if req.state in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        return None if who.drafter else NotDrafter(action="withdraw")
    if req.state in (S.APPROVED, S.QUEUED):
        if not who.supervisor:
            return RoleRequired(role="supervisor", action="withdraw")
        if not who.same_office:
            return OtherOffice(office=req.office_code, action="withdraw")
        return None
    return IllegalTransition(state=str(req.state), action="withdrawn")


def _copy(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    # Copying puts the content (and its subjects) in a new draft: only its drafter or a
    # supervisor of its office may, and only someone who can draft.
    if req.state not in COPYABLE_STATES:
        return IllegalTransition(state=str(req.state), action="copied")
    if not who.can_draft:
        return RoleRequired(role="officer", action="copy")
    if not who.same_office:
        return OtherOffice(office=req.office_code, action="copy")
    if not who.drafter and not who.supervisor:
        return NotDrafter(action="copy")
    return None


def _close(who: _Who, req: RequestFacts, _action: RequestAction) -> WorkflowError | None:
    if req.state != S.ANSWERED:
        return IllegalTransition(state=str(req.state), action="closed")
    if not who.drafter and not (who.supervisor and who.same_office):
        return NotDrafter(action="close")
    return None


_RULES: dict[RequestAction, Callable[[_Who, RequestFacts, RequestAction], WorkflowError | None]] = {
    A.EDIT: _edit,
    A.SUBMIT: _submit,
    A.APPROVE: _review,
    A.RETURN: _review,
    A.RELEASE: _release,
    A.WITHDRAW: _withdraw,
    A.COPY: _copy,
    A.CLOSE: _close,
}


def allowed(user: UserFacts, req: RequestFacts) -> frozenset[RequestAction]:
    """Every action :func:`refusal` permits ``user`` on ``req``."""
    return frozenset(a for a in RequestAction if refusal(user, req, a) is None)
