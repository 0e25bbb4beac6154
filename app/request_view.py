"""One request as the screens and the command line show it: content, history, what changed
since the previous submission (word by word) and what the reader may do with it.

Plain data only, read off the GUI thread; ``ui/`` words it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.errors import NotFound
from app.store.db import Store
from app.store.models import (
    Attachment,
    OfficeEntry,
    OutgoingRequest,
    RequestState,
    RequestTransition,
    User,
)
from app.sync.canonical import REQUEST_CONTENT_FIELDS, content_hash
from app.users import Actor
from app.workflow import RequestAction, RequestFacts, UserFacts, allowed, content_of

#: One step of a diff: ``("equal" | "delete" | "insert", value)``.
DiffOp = tuple[str, Any]


@dataclass(frozen=True)
class FieldChange:
    """How one content field changed between two submissions.

    ``ops`` is word by word for the text, item by item for lists (recipients, subjects,
    attachments) and ``delete`` old / ``insert`` new for single values.
    """

    field: str
    before: Any
    after: Any
    ops: list[DiffOp]


@dataclass
class RequestView:
    """A request as the screens need it."""

    id: str
    state: str
    drafter_id: str
    drafter_name: str
    office_code: str
    revision: int
    content: dict[str, Any]
    content_hash: str
    last_reason: str
    server_reason_code: str | None
    server_reference: str | None
    sent_at: datetime | None
    updated_at: datetime
    actions: frozenset[RequestAction] = frozenset()
    hit_id: str | None = None
    attachment_names: dict[str, str] = field(default_factory=dict)
    previous_content: dict[str, Any] | None = None
    history: list[tuple[datetime, str, str, str]] = field(default_factory=list)
    #: This user's actions on the request, taken on another PC of the office, that lost a
    #: conflict there (``office.*`` reason codes, newest first; docs/office-exchange.md).
    lost_reasons: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[FieldChange]:
        """What changed since the previous submission (empty on a first submission)."""
        return content_diff(self.previous_content, self.content)


def load_request(store: Store, actor: Actor, request_id: str) -> RequestView:
    """Read one request, its history, its previous submission and what ``actor`` may do.

    Runs off the GUI thread.

    Raises:
        NotFound: no such request (or no such user).
    """
    with store.read() as s:
        req = s.get(OutgoingRequest, request_id)
        if req is None:
            raise NotFound(kind="request", ident=request_id)
        me = s.get(User, actor.user_id)
        if me is None or not me.active:
            raise NotFound(kind="user", ident=actor.username)
        drafter = s.get(User, req.drafter_id)
        content = content_of(req)
        names = {
            a.sha256: a.filename
            for a in s.scalars(
                select(Attachment).where(Attachment.sha256.in_(list(req.attachments or [])))
            )
        }
        transitions = s.scalars(
            select(RequestTransition)
            .where(RequestTransition.request_id == req.id)
            .order_by(RequestTransition.id)
        ).all()
        actor_ids = {t.actor_id for t in transitions if t.actor_id}
        users = {
            u.id: u.display_name or u.username
            for u in s.scalars(select(User).where(User.id.in_(actor_ids)))
        }
        submissions = [
            t.content for t in transitions if t.to_state == RequestState.SUBMITTED and t.content
        ]
        # The previous submission is the one before the current; on a draft being edited
        # again after a return it is the last one.
        previous = None
        if req.state == RequestState.SUBMITTED and len(submissions) >= 2:
            previous = submissions[-2]
        elif req.state != RequestState.SUBMITTED and submissions:
            previous = submissions[-1]
        history = [
            (t.at, t.to_state, users.get(t.actor_id or "", ""), t.reason) for t in transitions
        ]
        lost_reasons = [
            str(code)
            for code in s.scalars(
                select(OfficeEntry.outcome)
                .where(
                    OfficeEntry.request_id == req.id,
                    OfficeEntry.author == me.username,
                    OfficeEntry.outcome.is_not(None),
                )
                .order_by(OfficeEntry.hlc.desc())
            )
        ]
        return RequestView(
            id=req.id,
            state=str(req.state),
            drafter_id=req.drafter_id,
            drafter_name=(drafter.display_name or drafter.username) if drafter else "",
            office_code=req.office_code,
            revision=req.revision,
            content=content,
            content_hash=content_hash(content),
            last_reason=req.last_reason,
            server_reason_code=req.server_reason_code,
            server_reference=req.server_reference,
            sent_at=req.sent_at,
            updated_at=req.updated_at,
            actions=allowed(UserFacts.of(me), RequestFacts.of(req)),
            hit_id=req.hit_id,
            attachment_names=names,
            previous_content=previous,
            history=history,
            lost_reasons=lost_reasons,
        )


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(before: str, after: str) -> list[DiffOp]:
    """Word-level diff of two texts: runs of ``equal``, ``delete`` and ``insert`` text."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    ops: list[DiffOp] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return ops


def _item_key(item: Any) -> Any:
    if isinstance(item, dict):
        return tuple(sorted(item.items()))
    return item


def list_diff(before: list[Any], after: list[Any]) -> list[DiffOp]:
    """Item-level diff of two lists, in the new list's order with removed items first."""
    keys_before = [_item_key(x) for x in before]
    keys_after = [_item_key(x) for x in after]
    ops: list[DiffOp] = [("delete", x) for x, k in zip(before, keys_before, strict=True)
                         if k not in keys_after]  # fmt: skip
    for x, k in zip(after, keys_after, strict=True):
        ops.append(("equal" if k in keys_before else "insert", x))
    return ops


def content_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[FieldChange]:
    """Every content field that differs between two submissions, in form order."""
    if old is None:
        return []
    out: list[FieldChange] = []
    for key in REQUEST_CONTENT_FIELDS:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "body":
            ops = word_diff(str(a or ""), str(b or ""))
        elif isinstance(a, list) or isinstance(b, list):
            ops = list_diff(list(a or []), list(b or []))
        else:
            ops = [op for op in (("delete", a), ("insert", b)) if op[1] not in (None, "")]
        out.append(FieldChange(key, a, b, ops))
    return out


def requests_needing_attention(store: Store, actor: Actor) -> tuple[int, int]:
    """How many of the user's requests were returned, and how many await their review.

    The second count is the office's submitted requests drafted by someone else (only a
    supervisor is told about it). Runs off the GUI thread.
    """
    with store.read() as s:
        returned = s.scalar(
            select(func.count())
            .select_from(OutgoingRequest)
            .where(
                OutgoingRequest.drafter_id == actor.user_id,
                OutgoingRequest.state == RequestState.RETURNED,
            )
        )
        review = s.scalar(
            select(func.count())
            .select_from(OutgoingRequest)
            .where(
                OutgoingRequest.office_code == actor.office_code,
                OutgoingRequest.state == RequestState.SUBMITTED,
                OutgoingRequest.drafter_id != actor.user_id,
            )
        )
    return int(returned or 0), int(review or 0)
