"""Named domain events published by the core; ``ui/`` subscribes and refreshes.

Plain callbacks, no Qt: a subscriber may be called from any thread and must hand work to
its own thread itself (the UI wraps this in a Qt signal).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, ClassVar

log = logging.getLogger(__name__)

OUTBOX_CHANGED = "outbox_changed"
REQUESTS_CHANGED = "requests_changed"
SYNC_STATE_CHANGED = "sync_state_changed"
SYNC_PROGRESS = "sync_progress"
LINK_CHANGED = "link_changed"
BULLETINS_CHANGED = "bulletins_changed"
REPLIES_CHANGED = "replies_changed"
HITS_CHANGED = "hits_changed"
NOTIFICATION = "notification"

Handler = Callable[[str, dict[str, Any]], None]


class NotificationKind(StrEnum):
    """What a ``NOTIFICATION`` tells the user about (its ``kind`` field)."""

    REPLY = "reply"
    URGENT_BULLETIN = "urgent_bulletin"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class ReplyArrived:
    """A reply to one of this office's requests arrived."""

    kind: ClassVar[NotificationKind] = NotificationKind.REPLY
    reply_id: str
    request_id: str


@dataclass(frozen=True)
class UrgentBulletin:
    """An urgent bulletin arrived."""

    kind: ClassVar[NotificationKind] = NotificationKind.URGENT_BULLETIN
    bulletin_id: str
    reference: str


@dataclass(frozen=True)
class BulletinCancelled:
    """A bulletin this PC holds was cancelled by its issuer."""

    kind: ClassVar[NotificationKind] = NotificationKind.CANCELLED
    bulletin_id: str
    reference: str


@dataclass(frozen=True)
class RequestRejected:
    """The regional centre rejected a request after it was received."""

    kind: ClassVar[NotificationKind] = NotificationKind.REJECTED
    request_id: str
    status: str


@dataclass(frozen=True)
class ItemQuarantined:
    """The regional server refused an outbox item for good (the reason is in the status)."""

    kind: ClassVar[NotificationKind] = NotificationKind.QUARANTINED
    item_id: str
    item_kind: str
    ref_id: str
    code: str


Notification = ReplyArrived | UrgentBulletin | BulletinCancelled | RequestRejected | ItemQuarantined


class EventBus:
    """Publish/subscribe by event name. Handlers' exceptions are logged, never raised."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._lock = threading.Lock()

    def subscribe(self, name: str, handler: Handler) -> Callable[[], None]:
        """Subscribe ``handler`` to ``name`` (``"*"`` for all); returns an unsubscribe."""
        with self._lock:
            self._handlers[name].append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers[name]:
                    self._handlers[name].remove(handler)

        return unsubscribe

    def publish(self, name: str, **payload: Any) -> None:
        with self._lock:
            handlers = [*self._handlers.get(name, ()), *self._handlers.get("*", ())]
        for handler in handlers:
            try:
                handler(name, payload)
            except Exception:  # a broken subscriber must not break the core
                log.exception("event handler failed for %s", name)


def notify(bus: EventBus, note: Notification) -> None:
    """Publish a ``NOTIFICATION`` whose fields are exactly those of its kind."""
    bus.publish(NOTIFICATION, kind=note.kind.value, **asdict(note))
