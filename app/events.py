"""Named domain events published by the core; ``ui/`` subscribes and refreshes.

Plain callbacks, no Qt: a subscriber may be called from any thread and must hand work to
its own thread itself (the UI wraps this in a Qt signal).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

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
