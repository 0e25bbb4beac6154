"""The office's list of revoked devices from the region: one small step of a sync cycle.

Runs on the sync worker thread, at most every ``EngineOptions.revocation_poll_seconds``:
``GET /office/revocations?after=<version held>`` answers ``204`` without a body when the
list did not change, else the signed list, which :func:`app.peer.revocation.accept`
checks (publisher signature, office, newer version) before keeping it. Office PCs then
pass it on over the LAN (docs/office-exchange-lan.md, "Revocation").
"""

from __future__ import annotations

import logging
from typing import Protocol

from app.context import Desk
from app.peer import revocation
from app.sync.client import Call, SyncFailure, Transport
from app.sync.protocol import ErrorClass
from app.sync.state import EngineOptions

log = logging.getLogger(__name__)


class _Engine(Protocol):
    desk: Desk
    options: EngineOptions

    def transport(self) -> Transport: ...


def fetch_revocations(engine: _Engine, *, force: bool = False) -> bool:
    """Ask the region for a newer list of revoked devices; True when one was taken.

    Raises:
        SyncFailure: transient, auth or fatal failures (the cycle handles them). A server
            without the route, or a list that does not verify, is logged and the rest of
            the cycle goes on.
    """
    store = engine.desk.store
    if not force and revocation.polled_recently(store, engine.options.revocation_poll_seconds):
        return False
    after = revocation.held_version(store)
    try:
        resp = engine.transport().request(
            Call("GET", "/office/revocations", params={"after": after})
        )
    except SyncFailure as exc:
        if exc.klass not in (ErrorClass.REQUEST, ErrorClass.ITEM):
            raise
        log.warning("revocation list refused by the server: %s", exc.server_code)
        revocation.mark_polled(store)
        return False
    taken = False
    if resp.status == 200:
        try:
            taken = revocation.accept(store, resp.body)
        except revocation.RevocationRefused as exc:
            log.warning("revocation list from the region not taken: %s", exc.code)
    revocation.mark_polled(store)
    return taken
