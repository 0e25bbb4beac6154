"""Helpers of the hostile-server suite: bounds every case must keep, and convergence.

Every case runs inside :func:`bounded`: it must end by itself within its deadline, and the
memory the case adds to this process (peak RSS during the case, ``VmHWM`` reset at the
start, minus the RSS at the start) must stay under :data:`GROWTH_LIMIT`. The test process
itself holds a server's helpers and every earlier case, so its absolute RSS says little
about the client; the absolute bound of 256 MiB is checked on the real ``district-desk
sync`` process (``test_the_command_line_stays_bounded``). After a case the client syncs
against the honest server (the proxy forwards everything again) and :func:`assert_converged`
compares what the client holds with the server's feed.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.store.models import Bulletin, Case, Reply
from tests.faults.syncenv import OFFICE, ClientEnv
from tests.helpers.server_fixture import RunningServer

#: The bound ARCHITECTURE section 7 sets for any reply from a server, honest or not.
RSS_LIMIT = 256 * 1024 * 1024
#: What one hostile reply may add to the test process (a 1 GiB bomb used to add 2 GiB).
GROWTH_LIMIT = 64 * 1024 * 1024

#: Figures measured by the cases (printed at the end of the session with ``-s``).
FIGURES: dict[str, Any] = {}


def _status_kib(key: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    assert match, key
    return int(match.group(1))


@dataclass
class Measure:
    """What :func:`bounded` measured for one case."""

    seconds: float = 0.0
    peak_rss: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def bounded(name: str, deadline: float, *, rss: bool = True) -> Iterator[Measure]:
    """Run a case; fail unless it ends within ``deadline`` s adding <= 64 MiB of RSS.

    ``rss=False`` for a case that measures something else (an honest sync of thousands
    of rows inside this long-lived test process).
    """
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    at_start = _status_kib("VmRSS") * 1024
    m = Measure()
    started = time.monotonic()
    yield m
    m.seconds = time.monotonic() - started
    m.peak_rss = _status_kib("VmHWM") * 1024
    FIGURES[name] = {
        "seconds": round(m.seconds, 2),
        "peak_rss_mib": round(m.peak_rss / 2**20, 1),
        "rss_at_start_mib": round(at_start / 2**20, 1),
        "rss_growth_mib": round((m.peak_rss - at_start) / 2**20, 1),
        **m.extra,
    }
    assert m.seconds <= deadline, (name, m.seconds, deadline)
    assert not rss or m.peak_rss - at_start <= GROWTH_LIMIT, (name, m.peak_rss / 2**20)


def publish_raw(
    server: RunningServer,
    data: str,
    *,
    row_type: str = "b",
    lane: int = 2,
    row_id: str | None = None,
    changed_at: int | None = None,
    scope: str = "",
) -> tuple[str, int]:
    """Publish a feed row whose ``d`` is exactly ``data`` (JSON text), bypassing validation.

    This is how a regional server ends up holding a row no client can apply: a bulletin
    typed in by hand, an import from another system, an older server version.
    """
    from server import feed
    from server.models import FeedRow

    rid = row_id or str(uuid.uuid4())
    with server.db.write() as s:
        seq = feed.publish(
            s, row_type=row_type, row_id=rid, lane=lane, scope=scope, data={}, new=row_id is None
        )
        s.flush()
        row = s.get(FeedRow, (row_type, rid))
        assert row is not None
        feed.account_digest(s, row, -1)
        row.data = data
        if changed_at is not None:
            row.changed_at = changed_at
        feed.account_digest(s, row, +1)
    return rid, seq


def good_bulletin(index: int = 0) -> dict[str, Any]:
    """A valid bulletin's data, as the server's generator makes them."""
    import random

    from server.seed import Generator

    return dict(Generator(random.Random(1000 + index)).bulletin(index))


def cancel(server: RunningServer, bulletin_id: str) -> None:
    from server import operator

    with server.db.write() as s:
        assert operator.cancel_bulletin(s, bulletin_id, "withdrawn by the issuer")


def server_feed(
    server: RunningServer, office: str = OFFICE
) -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
    """The rows visible to ``office``: live ``(t, i) -> data`` and tombstoned ``(t, i)``."""
    from server.models import FeedRow

    with server.db.read() as s:
        rows = s.execute(
            select(FeedRow.row_type, FeedRow.row_id, FeedRow.tombstone, FeedRow.data).where(
                FeedRow.scope.in_(["", office])
            )
        ).all()
    live = {(t, i): data for t, i, tomb, data in rows if not tomb}
    dead = {(t, i) for t, i, tomb, _ in rows if tomb}
    return live, dead


def assert_converged(env: ClientEnv, expect_bad: set[str] | None = None) -> None:
    """The client's bulletins, cancellations, cases and replies equal the server's feed.

    Rows listed as bad in the sync status are left out, and must be exactly
    ``expect_bad`` (ids) when given: the honest server itself holds them unusable.
    """
    live, dead = server_feed(env.server)
    status = env.engine.status()
    bad = {b.row_id for b in status.bad_rows}
    if expect_bad is not None:
        assert bad == expect_bad, (bad, expect_bad)
    with env.desk.store.read() as s:
        bulletins = {b.id: (b.deleted, b.cancelled, b.title) for b in s.scalars(select(Bulletin))}
        cases = {c.id for c in s.scalars(select(Case).where(Case.deleted.is_(False)))}
        replies = {r.id for r in s.scalars(select(Reply).where(Reply.deleted.is_(False)))}
    want = {i for (t, i) in live if t == "b"} - bad
    have = {i for i, (deleted, _c, _t) in bulletins.items() if not deleted}
    assert have == want, (sorted(have - want)[:5], sorted(want - have)[:5])
    for i in want:
        assert bulletins[i][2] == json.loads(live[("b", i)])["ti"], i
    for t, i in dead:
        if t == "b" and i in bulletins:
            assert bulletins[i][0] and bulletins[i][1], ("cancellation not applied", i)
    assert cases == {i for (t, i) in live if t == "c"} - bad
    assert replies == {i for (t, i) in live if t == "r"} - bad
