"""The idle call: ``GET /news`` instead of a page when nothing may have changed.

After a complete pull whose lane sums matched the server's, the engine remembers the
feed head it ended at. The next cycle asks ``/news`` with that head and a 16-character
tag of its lane sums (``app.sync.protocol.sums_tag``); the server answers ``204 No Content``
("nothing new, and your sums are mine") or ``200`` with its head, and only then is a page
pulled and checked as before. With ``hold`` the server keeps the ``204`` until something
is published for this office or ``hold`` seconds have passed (long-poll), so news reaches
an online PC within seconds for the bytes of one idle poll (docs/sync-engine.md, "Idle
sync and news").
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.sync.client import Call, SyncFailure, parse_model
from app.sync.lanesums import stored_lane_digests
from app.sync.office import known_server_total
from app.sync.protocol import MAX_NEWS_WAIT, NewsAnswer, sums_tag
from app.sync.state import SyncProgress, SyncResult

if TYPE_CHECKING:
    from app.sync.pull import PullPart

log = logging.getLogger(__name__)

#: Most bytes a ``/news`` answer may carry (it is a few dozen).
MAX_NEWS_BYTES = 4096


def hold_seconds(interval: float, wanted: float, nat_idle: float) -> float:
    """How long a ``/news`` call may be held.

    ``wanted`` (``EngineOptions.news_wait_seconds``; 0 turns long-poll off), never more
    than two thirds of the NAT's idle time (a held connection carries nothing, and a
    mapping the NAT forgot would leave the answer nowhere to go), the regular interval
    or the protocol's maximum.
    """
    if wanted <= 0:
        return 0.0
    return float(max(0, int(min(wanted, interval, nat_idle * 2 / 3, MAX_NEWS_WAIT))))


def anything_new(engine: PullPart, result: SyncResult) -> bool:
    """Whether this cycle must pull: ``/news`` when the last pull was verified.

    ``False`` means the server said that nothing was published after the verified head
    and that this PC's lane sums equal its own (``result.integrity_ok`` is then set).
    Runs on the sync engine's thread.

    Raises:
        SyncFailure: classified (a server without ``/news`` is not one: then it pulls).
    """
    head = engine.news_head
    if head is None or result.pushed_items or engine.news_unsupported:
        return True
    if not engine.options.idle_news:
        return True
    if engine._recheck_due:  # rows recorded as bad are asked for again by a pull
        return True
    with engine.desk.store.read() as s:
        tag = sums_tag(stored_lane_digests(s))
    hold = engine.news_hold()
    known = known_server_total(engine.desk.store)
    params: dict[str, int | str] = {"head": head, "sums": tag, "journal": known}
    if hold:
        params["wait"] = int(hold)
        # Nothing is transferred while the server holds the call: the UI shows the PC as
        # up to date and listening, not as synchronising.
        engine._report(SyncProgress("listening", detail="news"))
    try:
        resp = engine.transport().request(
            Call("GET", "/news", params=params, hold=hold, max_wire=MAX_NEWS_BYTES)
        )
    except SyncFailure as exc:
        if exc.status in (404, 405):  # a server from before /news: pages as before
            log.info("the server has no /news; idle cycles pull a page")
            engine.news_unsupported = True
            return True
        raise
    result.held_seconds = hold
    if resp.status == 204:
        result.integrity_ok = True
        return False
    answer = parse_model(resp.body, NewsAnswer)
    log.debug("news: head %s after %s", answer.head, head)
    if answer.journal is not None and answer.journal != known:
        engine.office_due = True  # the office journal grew: exchanged after the pull
    return True
