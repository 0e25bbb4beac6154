"""What every screen of a logged-in window shares: the desk, the actor and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.context import Desk
from app.store.models import Role
from app.users import Actor
from app.workflow import RequestService

if TYPE_CHECKING:
    from ui.ops import EventBridge
    from ui.sync_controller import SyncController


@dataclass
class UiSession:
    """The logged-in user's session.

    Attributes:
        desk: the open installation.
        actor: who is logged in (with the signing key unlocked).
        requests: the only way the UI changes a request.
        bridge: core events as a rate-limited Qt signal.
        sync: the sync controller (honest status even without a sync engine).
    """

    desk: Desk
    actor: Actor
    requests: RequestService = field(init=False)
    bridge: EventBridge | None = None
    sync: SyncController | None = None

    def __post_init__(self) -> None:
        self.requests = RequestService(self.desk.store, self.desk.bus)

    @property
    def is_supervisor(self) -> bool:
        return self.actor.role == Role.SUPERVISOR

    @property
    def can_draft(self) -> bool:
        return self.actor.role in (Role.OFFICER, Role.SUPERVISOR)
