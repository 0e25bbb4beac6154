"""The office journal's conflict rules: a request's state from the SET of its entries.

Pure functions, no store: :func:`fold` gives the same answer for the same set of entries
whatever order they arrived in, on every PC. The rules are written as a table in
docs/office-exchange.md; in short, the entries form a tree by ``parent`` (the ``create``
is the root) and the fold follows one child at a time, the winner being the first by
(holds the server's receipt in its subtree, kind rank, hlc, device id, id). The winner's
transition is checked with the workflow's own rules (:func:`app.request_rules.refusal`);
every other child loses with its whole branch, and keeps a reason code for its author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.request_rules import RequestAction, RequestFacts, UserFacts, refusal
from app.store.models import RequestState, Role
from app.sync.canonical import content_hash

S = RequestState

#: Every kind of entry, and its rank when siblings compete (lower wins): the more cautious
#: action wins, so nothing leaves the office over another supervisor's objection.
KIND_RANK: dict[str, int] = {
    "receipt": 0,
    "rejected": 0,
    "withdraw": 1,
    "return": 2,
    "approve": 3,
    "release": 3,
    "submit": 4,
    "edit": 5,
    "create": 6,
}
#: Kinds that are not steps of a request's state machine: a note added to a case (its
#: ``request_id`` is the case's id) and a hit (``request_id`` is the hit's own id,
#: :mod:`app.office.hits`). Append-only, they never conflict and have no parent.
NOTE_KINDS = frozenset({"case_note", "hit"})
#: Kinds without a parent: the root of a request's tree, and the notes.
ROOT_KINDS = frozenset({"create"}) | NOTE_KINDS
KINDS = frozenset(KIND_RANK) | NOTE_KINDS

#: The workflow action each user-made kind is checked as.
_ACTIONS = {
    "edit": RequestAction.EDIT,
    "submit": RequestAction.SUBMIT,
    "approve": RequestAction.APPROVE,
    "return": RequestAction.RETURN,
    "release": RequestAction.RELEASE,
    "withdraw": RequestAction.WITHDRAW,
}

#: Reason codes a losing entry keeps (ui/ translates them).
LOST_PREFIX = "office.lost_to_"
SUPERSEDED = "office.superseded"
REFUSED = "office.refused"

_UUIDISH = re.compile(r"^[0-9A-Za-z-]{1,36}$")


@dataclass(frozen=True)
class Entry:
    """One action on a request, as it travels between the PCs of an office.

    ``payload`` holds the kind's data: ``content`` (the request's canonical content) for
    ``create`` and ``edit``; ``content_hash`` (what was reviewed) for ``approve``;
    ``reason`` for ``return``, ``withdraw`` and ``rejected``; ``role`` (the author's role)
    for every user-made kind; ``hold`` for ``approve``.
    """

    id: str
    device_id: str
    counter: int
    office: str
    kind: str
    request_id: str
    parent: str | None
    payload: Mapping[str, Any]
    hlc: int
    author: str = ""

    def to_wire(self) -> dict[str, Any]:
        """The entry as a JSON object (docs/office-exchange.md)."""
        return {
            "id": self.id,
            "device_id": self.device_id,
            "counter": self.counter,
            "office": self.office,
            "kind": self.kind,
            "request_id": self.request_id,
            "parent": self.parent,
            "payload": dict(self.payload),
            "hlc": self.hlc,
            "author": self.author,
        }

    @classmethod
    def from_wire(cls, data: Any) -> Entry:
        """Parse and check an entry received from another PC or the server.

        Raises:
            ValueError: the entry is malformed (the caller refuses its whole batch).
        """
        if not isinstance(data, dict):
            raise ValueError("entry is not an object")

        def text(name: str, limit: int, *, optional: bool = False) -> str | None:
            value = data.get(name)
            if value is None and optional:
                return None
            if not isinstance(value, str) or len(value) > limit:
                raise ValueError(f"bad {name}")
            return value

        def number(name: str, low: int) -> int:
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"bad {name}")
            return value

        ident = text("id", 36)
        request_id = text("request_id", 36)
        parent = text("parent", 36, optional=True)
        for v in (ident, request_id, parent):
            if v is not None and not _UUIDISH.match(v):
                raise ValueError("bad identifier")
        kind = text("kind", 16)
        if kind not in KINDS:
            raise ValueError("unknown kind")
        if (kind in ROOT_KINDS) != (parent is None):
            raise ValueError("only a create or a note has no parent")
        payload = data.get("payload")
        if not isinstance(payload, dict):
            raise ValueError("bad payload")
        device_id = text("device_id", 64)
        if not device_id:
            raise ValueError("bad device_id")
        return cls(
            id=str(ident),
            device_id=device_id,
            counter=number("counter", 1),
            office=str(text("office", 32)),
            kind=str(kind),
            request_id=str(request_id),
            parent=parent,
            payload=payload,
            hlc=number("hlc", 0),
            author=str(text("author", 64)),
        )


@dataclass
class RequestFold:
    """A request's state as its entries decide it (user names, not local user ids)."""

    request_id: str
    state: RequestState | None = None
    office: str = ""
    drafter: str = ""
    content: dict[str, Any] = field(default_factory=dict)
    revision: int = 1
    approved_hash: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    last_reason: str = ""
    server_reference: str | None = None
    server_time: str | None = None
    server_reason_code: str | None = None
    #: The device whose entry moved the request to QUEUED: the only PC that may push it.
    pusher: str | None = None
    #: The winning chain, root first.
    chain: list[str] = field(default_factory=list)
    #: Entry id -> reason code, for every entry that lost.
    lost: dict[str, str] = field(default_factory=dict)

    @property
    def head(self) -> str | None:
        """The last entry of the winning chain: the parent of the next local action."""
        return self.chain[-1] if self.chain else None

    def hash(self) -> str:
        return content_hash(self.content)


def _facts(state: RequestFold) -> RequestFacts:
    assert state.state is not None
    return RequestFacts(state.state, state.drafter, state.office, state.approved_by)


def _step(state: RequestFold, e: Entry) -> bool:
    """Apply ``e`` to ``state`` if the workflow allows it; False (unchanged) if not."""
    p = e.payload
    if e.kind == "create":
        try:
            st = S(str(p.get("state", S.DRAFT)))
        except ValueError:
            return False
        content = p.get("content")
        if not isinstance(content, dict):
            return False
        state.state = st
        state.office = e.office
        state.drafter = str(p.get("drafter") or e.author)
        state.content = dict(content)
        state.revision = _int(p.get("revision"), 1)
        state.approved_hash = _opt(p.get("approved_hash"))
        state.approved_by = _opt(p.get("approved_by"))
        state.last_reason = str(p.get("reason") or "")
        if st == S.QUEUED:
            state.pusher = e.device_id
        return True
    if state.state is None or e.office != state.office:
        return False
    if e.kind in ("receipt", "rejected"):
        return _server_outcome(state, e)
    action = _ACTIONS[e.kind]
    try:
        role = Role(str(p.get("role", "")))
    except ValueError:
        return False
    user = UserFacts(e.author, role, e.office)
    if refusal(user, _facts(state), action) is not None:
        return False
    if e.kind == "edit":
        content = p.get("content")
        if not isinstance(content, dict):
            return False
        if state.state == S.RETURNED:
            state.revision += 1
            state.state = S.DRAFT
        state.content = dict(content)
        state.approved_hash = state.approved_by = state.approved_at = None
    elif e.kind == "submit":
        if p.get("content_hash") != state.hash():
            return False
        if state.state == S.RETURNED:
            state.revision += 1
        state.state = S.SUBMITTED
    elif e.kind == "approve":
        if p.get("content_hash") != state.hash():
            return False
        state.approved_hash = state.hash()
        state.approved_by = e.author
        state.approved_at = _opt(p.get("at"))
        state.state = S.APPROVED
        if not p.get("hold"):
            state.state = S.QUEUED
            state.pusher = e.device_id
    elif e.kind == "release":
        state.state = S.QUEUED
        state.pusher = e.device_id
    elif e.kind == "return":
        reason = str(p.get("reason") or "").strip()
        if not reason:
            return False
        state.last_reason = reason
        state.approved_hash = state.approved_by = state.approved_at = None
        state.state = S.RETURNED
    elif e.kind == "withdraw":
        reason = str(p.get("reason") or "").strip()
        if not reason:
            return False
        state.last_reason = reason
        state.state = S.WITHDRAWN
        state.pusher = None
    return True


def _server_outcome(state: RequestFold, e: Entry) -> bool:
    p = e.payload
    if e.kind == "receipt":
        if state.state not in (S.QUEUED, S.REJECTED_BY_SERVER):
            return False
        state.state = S.SENT
        state.server_reference = _opt(p.get("server_reference"))
        state.server_time = _opt(p.get("server_time"))
        return True
    if state.state not in (S.QUEUED, S.SENT):
        return False
    code = str(p.get("code") or "")
    if not code:
        return False
    state.state = S.REJECTED_BY_SERVER
    state.server_reason_code = code
    state.last_reason = str(p.get("reason") or "")
    return True


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def fold(request_id: str, entries: Iterable[Entry]) -> RequestFold:
    """The state of ``request_id`` decided by ``entries`` (any order, duplicates ignored).

    Entries whose parent is not (yet) among ``entries`` are neither on the chain nor lost:
    they wait for their parent.
    """
    by_id: dict[str, Entry] = {}
    for e in entries:
        if e.request_id == request_id and e.kind not in NOTE_KINDS:
            by_id.setdefault(e.id, e)
    children: dict[str | None, list[Entry]] = {}
    for e in by_id.values():
        children.setdefault(e.parent, []).append(e)

    receipt_below: dict[str, bool] = {}

    def has_receipt(e: Entry) -> bool:
        # Iterative post-order: a chain may be long, recursion is not needed.
        if e.id in receipt_below:
            return receipt_below[e.id]
        stack: list[tuple[Entry, bool]] = [(e, False)]
        while stack:
            node, done = stack.pop()
            if node.id in receipt_below:
                continue
            kids = children.get(node.id, [])
            if done:
                receipt_below[node.id] = node.kind == "receipt" or any(
                    receipt_below[k.id] for k in kids
                )
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in kids if k.id not in receipt_below)
        return receipt_below[e.id]

    def key(e: Entry) -> tuple[int, int, int, str, str]:
        return (0 if has_receipt(e) else 1, KIND_RANK[e.kind], e.hlc, e.device_id, e.id)

    state = RequestFold(request_id)

    def lose(e: Entry, reason: str) -> None:
        state.lost[e.id] = reason
        stack = list(children.get(e.id, []))
        while stack:
            node = stack.pop()
            state.lost[node.id] = SUPERSEDED
            stack.extend(children.get(node.id, []))

    candidates = sorted(children.get(None, []), key=key)
    while candidates:
        winner = None
        for e in candidates:
            if winner is None and _step(state, e):
                winner = e
        for e in candidates:
            if e is winner:
                continue
            if winner is None or key(e) < key(winner):
                lose(e, REFUSED)
            elif has_receipt(winner) and not has_receipt(e):
                lose(e, LOST_PREFIX + "receipt")
            else:
                lose(e, LOST_PREFIX + winner.kind)
        if winner is None:
            break
        state.chain.append(winner.id)
        candidates = sorted(children.get(winner.id, []), key=key)
    return state
