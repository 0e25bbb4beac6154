"""The pull: change-feed pages, their commit with the cursor, integrity and repair."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import events
from app.errors import DeskError
from app.store.batches import chunked
from app.store.meta import (
    META_HEAD,
    META_LAST_SYNC,
    META_PAGE_BYTES,
    META_PUBLISHER_KEY,
    META_RATE,
    get_meta,
    set_meta,
)
from app.store.models import (
    SyncCursor,
    SyncRow,
    utcnow,
)
from app.sync import apply as applying
from app.sync import news
from app.sync.client import (
    SyncFailure,
    page_decode_limit,
)
from app.sync.eta import PullEstimate
from app.sync.feedsig import check_page
from app.sync.lanecheck import differing_lanes
from app.sync.lanecheck import differs as row_differs
from app.sync.protocol import (
    LANES,
    MIN_ROW_BYTES,
    STREAM_PROTOCOL_VERSION,
    ChangesPage,
    ErrorClass,
    IntegrityResponse,
    format_cursor,
    parse_cursor,
)
from app.sync.session import SessionPart
from app.sync.state import (
    CursorAhead,
    SyncProgress,
    SyncResult,
)

log = logging.getLogger(__name__)

#: While a page crosses the link, the pull reports its bytes this often (seconds).
PULL_REPORT_SECONDS = 0.5


class PullPart(SessionPart):
    """Pulls the change feed until caught up and checks every lane."""

    def _positions(self, session: Session) -> list[int]:
        pos = dict.fromkeys(LANES, 0)
        for cur in session.scalars(select(SyncCursor)):
            if cur.lane.isdigit() and int(cur.lane) in pos:
                pos[int(cur.lane)] = cur.cursor
        return [pos[lane] for lane in LANES]

    @staticmethod
    def _store_positions(session: Session, positions: list[int]) -> None:
        existing = {c.lane: c for c in session.scalars(select(SyncCursor))}
        for lane, value in zip(LANES, positions, strict=True):
            cur = existing.get(str(lane))
            if cur is None:
                session.add(SyncCursor(lane=str(lane), cursor=value))
            elif cur.cursor != value:
                cur.cursor = value
                cur.updated_at = utcnow()

    def cursor(self) -> str:
        """The stored pull cursor (``s0.s1.s2.s3``)."""
        with self.desk.store.read() as s:
            return format_cursor(self._positions(s))

    def _fetch_page(self, positions: list[int], page_bytes: int) -> tuple[ChangesPage, int, float]:
        """One ``GET /changes``; returns the page, its wire bytes and seconds."""
        t0 = time.monotonic()
        in0 = self.stats.bytes_in
        try:
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={"after": format_cursor(positions), "max_bytes": page_bytes, "integrity": 1},
                expect_size=page_bytes,
                max_decoded=page_decode_limit(page_bytes),
            )
        except SyncFailure as exc:
            if exc.klass is ErrorClass.TRANSIENT:
                # Multiplicative decrease: a page that cannot cross the link in one piece
                # is too big for it right now.
                self._remember_page_bytes(max(self.options.min_page_bytes, page_bytes // 2))
            if exc.code in ("sync.network", "sync.timeout"):
                self._note_cut()
            raise
        return page, self.stats.bytes_in - in0, time.monotonic() - t0

    def _note_cut(self) -> None:
        """Remember how long the link lasted before this cut (smoothed)."""
        now = time.monotonic()
        life = max(now - self._uncut_since, 1.0)
        self._uncut_since = now
        self._link_life = life if self._link_life <= 0 else 0.6 * self._link_life + 0.4 * life

    def _next_page_bytes(self, page: ChangesPage, wire: int, page_bytes: int) -> int:
        """The next page's size: what the link carries in ``page_target_seconds``, and no
        more than half the observed life of a connection, reached by additive increase.

        On a link cut every 20 s a page of 30 s of transfer never crosses; half the
        connection's life gives a page a fair chance, and a page that is cut halves the
        next one (:meth:`_fetch_page`). Growth is additive (a quarter of the page, at
        least ``min_page_bytes``), so one lucky page does not jump back to pages the
        link cannot carry.
        """
        ratio = max(1.0, page.raw_bytes / max(wire, 1))
        seconds = min(self.options.page_target_seconds, self.options.target_seconds * 1.5)
        if self._link_life > 0:
            seconds = min(seconds, self._link_life / 2)
        want = int(self._rate * seconds * ratio)
        grown = page_bytes + max(self.options.min_page_bytes, page_bytes // 4)
        return max(self.options.min_page_bytes, min(self._limits.max_page_bytes, want, grown))

    def _pull(self, result: SyncResult) -> None:
        """Pull pages until caught up (see :meth:`_pull_pages`).

        A stored cursor past the server's head in some lane (left by a server that lied,
        or by a restored server) is not trusted: those lanes are pulled again from 0.
        """
        if not news.anything_new(self, result):
            return  # nothing published since the verified head, and the sums are equal
        try:
            self._pull_pages(result)
        except CursorAhead as ahead:
            log.warning("cursor ahead of the server's head in lanes %s; pulling again", ahead.lanes)
            with self.desk.store.write() as s:
                positions = self._positions(s)
                for lane in ahead.lanes:
                    positions[lane] = 0
                self._store_positions(s, positions)
            try:
                self._pull_pages(result)
            except CursorAhead as again:
                # From 0 and still ahead: the server's head contradicts its own rows.
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "head_behind") from again

    def _pull_pages(self, result: SyncResult) -> None:
        """Pull pages until caught up.

        The next page is requested (in a helper thread) as soon as this page's cursor is
        known, while this page is being applied: on a 1 s link that hides the apply time
        and the server's page-building time behind the transfer. The helper thread only
        does network I/O; every database write stays on this thread, in page order.
        """
        if self.options.max_pages is not None and self.options.max_pages <= 0:
            return
        if self.options.stream_pull and STREAM_PROTOCOL_VERSION in self._server_versions:
            from app.sync.streampull import pull_streamed

            self._check_cancel()
            pull_streamed(self, result)
            return
        positions, page_bytes = self._pull_start()
        start_max = max(positions)
        estimate = PullEstimate(time.monotonic())
        in_start = self.stats.bytes_in
        rows_total: int | None = None
        pages = 0
        self._check_cancel()
        # Say at once that bulletins are being received: the first page may take half a
        # minute on a slow link, and the previous phase must not stay on screen meanwhile.
        self._report(SyncProgress("pull", 0, None, 0, None, self._rate, None, detail="page 1"))
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dd-prefetch")
        stalled = 0
        try:
            page, wire, elapsed = self._fetch_page(positions, page_bytes)
            estimate.page(len(page.rows), wire, elapsed, time.monotonic())
            ahead_lanes = [lane for lane in LANES if positions[lane] > page.head]
            if ahead_lanes:
                raise CursorAhead(ahead_lanes)
            while True:
                self._measure(wire, elapsed)
                new_positions = self._validate_page(page, positions, page_bytes)
                self._verify_page(page, positions, LANES)
                stalled = self._check_feed_moves(page, positions, new_positions, stalled, pages)
                used_bytes = page_bytes
                page_bytes = self._next_page_bytes(page, wire, page_bytes)
                pages += 1
                more = page.has_more and not (
                    self.options.max_pages is not None and pages >= self.options.max_pages
                )
                ahead: Future[tuple[ChangesPage, int, float]] | None = None
                if more and not self._cancelled():
                    ahead = pool.submit(self._fetch_page, new_positions, page_bytes)
                t_apply = time.monotonic()
                outcome = self._commit_page(page, new_positions, used_bytes)
                t_applied = time.monotonic()
                positions = new_positions
                result.pages += 1
                result.pulled_rows += outcome.applied
                result.bad_rows += outcome.bad
                self._after_page(outcome)
                rows_total = self._page_applied(
                    page, start_max, (t_apply, t_applied), estimate, in_start, result, pages
                )
                if not page.has_more:
                    self._integrity(page, positions, result)
                    self._recheck_bad_rows(result)
                    return
                if ahead is None:
                    self._check_cancel()
                    return  # max_pages reached: the rest waits for the next cycle
                waiting = time.monotonic()
                page, wire, elapsed = self._await_page(
                    ahead, estimate, in_start, result.pulled_rows, rows_total, pages
                )
                arrived = time.monotonic()
                estimate.page(len(page.rows), wire, arrived - waiting, arrived)
        finally:
            pool.shutdown(wait=True)

    def _check_feed_moves(
        self,
        page: ChangesPage,
        positions: list[int],
        new_positions: list[int],
        stalled: int,
        pages: int,
    ) -> int:
        """Refuse a feed that keeps saying "more" without moving, or never ends.

        Returns how many pages in a row have now moved no cursor.

        Raises:
            SyncFailure: ``no_progress`` or ``endless_feed`` (a bad reply).
        """
        if page.has_more and new_positions == positions:
            stalled += 1
            if stalled >= self.options.no_progress_budget:
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_progress")
        else:
            stalled = 0
        if pages >= self.options.cycle_page_budget:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "endless_feed")
        return stalled

    def _page_applied(
        self,
        page: ChangesPage,
        start_max: int,
        apply_span: tuple[float, float],
        estimate: PullEstimate,
        in_start: int,
        result: SyncResult,
        pages: int,
    ) -> int:
        """Tell the estimate how long the page took to apply and report progress; returns
        the rows this pull has to receive: the changes published since the cursor (an
        upper bound when other offices' rows share the numbering)."""
        rows_total = (
            max(page.head - start_max, result.pulled_rows) if page.has_more else result.pulled_rows
        )
        t_apply, t_applied = apply_span
        estimate.applied(
            t_applied, t_applied - t_apply, len(page.rows), result.pulled_rows, rows_total
        )
        self._report_pull(estimate, in_start, result.pulled_rows, rows_total, pages)
        return rows_total

    def _await_page(
        self,
        ahead: Future[tuple[ChangesPage, int, float]],
        estimate: PullEstimate,
        in_start: int,
        rows_done: int,
        rows_total: int | None,
        pages: int,
    ) -> tuple[ChangesPage, int, float]:
        """The page fetched ahead; while it crosses the link, its bytes are reported (the
        time left counts them) every ``PULL_REPORT_SECONDS``."""
        while True:
            try:
                return ahead.result(timeout=PULL_REPORT_SECONDS)
            except FutureTimeout:
                # Quitting: stop here (nothing of this page is applied) and report nothing
                # more to a window that is closing.
                self._check_cancel()
                self._report_pull(estimate, in_start, rows_done, rows_total, pages + 1)

    def _pull_start(self) -> tuple[list[int], int]:
        """The stored cursor and the page size to start with (remembered from the last
        pull, within the server's limits); the remembered link rate, if none is measured."""
        with self.desk.store.read() as s:
            positions = self._positions(s)
            stored = get_meta(s, META_PAGE_BYTES)
            rate = get_meta(s, META_RATE)
        if self._rate <= 0 and rate:
            self._rate = float(rate)
        page_bytes = int(stored) if stored and stored.isdigit() else self._limits.default_page_bytes
        page_bytes = max(self.options.min_page_bytes, min(page_bytes, self._limits.max_page_bytes))
        return positions, page_bytes

    def _report_pull(
        self,
        estimate: PullEstimate,
        in_start: int,
        rows_done: int,
        rows_total: int | None,
        page: int,
    ) -> None:
        """Progress: rows applied of those published since the cursor, bytes received so far
        (the page on its way included), and the pull's bytes and time left
        (:class:`app.sync.eta.PullEstimate`)."""
        now = time.monotonic()
        received = self.stats.bytes_in - in_start
        estimate.received(now, received)
        figures = estimate.figures(now)
        done = rows_total is not None and rows_done >= rows_total
        self._report(
            SyncProgress(
                "pull",
                rows_done,
                rows_total,
                received,
                figures.bytes_total,
                self._rate,
                None if done else figures.eta_seconds,
                detail=f"page {page}",
            )
        )

    def _remember_page_bytes(self, page_bytes: int) -> None:
        try:
            with self.desk.store.write() as s:
                set_meta(s, META_PAGE_BYTES, str(page_bytes))
        except DeskError:
            pass

    def _verify_page(
        self, page: ChangesPage, positions: Sequence[int], lanes: Sequence[int]
    ) -> None:
        """Refuse a page the publisher did not sign exactly so (docs/protocol.md section 9).

        Only when this PC pinned a publisher key at enrolment. Nothing of a refused page
        is applied: an altered, added or dropped row, a rewritten cursor or head, a
        forged integrity block all fail. A page signed with another key cannot be right
        until IT staff enrol the PC again (fatal); the others are transient (the honest
        server's next answer is signed right).
        """
        with self.desk.store.read() as s:
            key = get_meta(s, META_PUBLISHER_KEY)
        if not key:
            return
        problem = check_page(key, page, positions, lanes)
        if problem is None:
            return
        log.warning("feed page refused: %s (after %s)", problem, format_cursor(positions))
        klass = ErrorClass.FATAL if problem == "other_key" else ErrorClass.TRANSIENT
        raise SyncFailure("sync.feed_unsigned", klass, problem)

    @staticmethod
    def _validate_page(
        page: ChangesPage, positions: list[int], asked_bytes: int | None = None
    ) -> list[int]:
        """The page's new cursor, checked against what the page itself proves.

        A lane's position moves only to the last row the page delivers in that lane (a
        cursor past it would skip rows for good), never backwards and never past the
        page's head; a page holding far more rows than ``asked_bytes`` could carry is not
        what was asked for.
        """
        try:
            new = list(parse_cursor(page.next_cursor))
        except ValueError as exc:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "bad_cursor") from exc
        if any(n < o for n, o in zip(new, positions, strict=True)):
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "cursor_backwards")
        if asked_bytes is not None and len(page.rows) > asked_bytes // MIN_ROW_BYTES + 1:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "page_too_large")
        last = list(positions)
        for row in page.rows:
            if row.l not in LANES or row.s > new[row.l] or row.s <= positions[row.l]:
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "row_outside_page")
            last[row.l] = max(last[row.l], row.s)
        if new != last or any(n > page.head for n in new):
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "cursor_ahead")
        return new

    def _commit_page(
        self, page: ChangesPage, positions: list[int], page_bytes: int, hold: bool = False
    ) -> applying.ApplyOutcome:
        """Rows and the cursor that covers them in one transaction per slice of the page.

        A page is applied in slices of ``apply_rows_per_transaction`` rows, each committed
        with the cursor of the last row it holds (rows in lane, then seq order), so a
        crash leaves rows and cursor together and a user's save never waits behind a
        page of thousands of rows. ``hold`` (a stream's hold line): the rows lie ahead of
        the cursor, which no slice moves.
        """
        with self.desk.store.read() as s:
            done = self._positions(s)
        rows = sorted(page.rows, key=lambda r: (r.l, r.s))
        outcome = applying.ApplyOutcome()
        start = 0
        while True:
            step = max(1, min(self._slice_rows, self.options.apply_rows_per_transaction))
            part = rows[start : start + step]
            start += len(part)
            last = start >= len(rows)
            cursor = list(positions) if last else list(done)
            if not last and not hold:
                for row in part:
                    cursor[row.l] = max(cursor[row.l], row.s)
                done = cursor
            t0 = time.monotonic()
            with self.desk.store.write() as s:
                out = self.applier.apply_rows(s, part)
                applying.index_hook(s, out.person_ids)
                self._store_positions(s, cursor)
                if last:
                    set_meta(s, META_HEAD, str(page.head))
                    set_meta(s, META_PAGE_BYTES, str(page_bytes))
                    set_meta(s, META_RATE, f"{self._rate:.0f}")
                    if not page.has_more:
                        set_meta(s, META_LAST_SYNC, page.server_time)
            outcome.merge(out)
            if len(part) >= 10:
                per_row = max(time.monotonic() - t0, 1e-4) / len(part)
                want = int(self.options.apply_seconds_per_transaction / per_row)
                self._slice_rows = max(10, min(want, self._slice_rows * 2))
            if last:
                return outcome

    def _after_page(self, outcome: applying.ApplyOutcome) -> None:
        for sha in outcome.purge_blobs:
            self.desk.blobs.delete(sha)
        bus = self.desk.bus
        if outcome.bulletins or outcome.cancelled:
            bus.publish(
                events.BULLETINS_CHANGED,
                count=outcome.bulletins,
                cancelled=[c["bulletin_id"] for c in outcome.cancelled],
            )
        if outcome.replies or outcome.request_outcomes:
            bus.publish(events.REPLIES_CHANGED, reply_ids=[r["reply_id"] for r in outcome.replies])
            bus.publish(events.REQUESTS_CHANGED)
        for reply in outcome.replies:
            events.notify(bus, events.ReplyArrived(reply["reply_id"], reply["request_id"]))
        for urgent in outcome.urgent:
            events.notify(bus, events.UrgentBulletin(urgent["bulletin_id"], urgent["reference"]))
        for c in outcome.cancelled:
            events.notify(bus, events.BulletinCancelled(c["bulletin_id"], c["reference"]))
        for res in outcome.request_outcomes:
            if res.get("status") == "rejected":
                events.notify(bus, events.RequestRejected(res["request_id"], res["status"]))

    def _integrity(self, page: ChangesPage, positions: list[int], result: SyncResult) -> None:
        self._report(SyncProgress("integrity", rate=self._rate))
        info: IntegrityResponse | None = page.integrity
        if info is None:
            info = self.transport().call("GET", "/integrity", IntegrityResponse)
        self.news_head = None
        if info.head != page.head:
            result.integrity_ok = None  # the feed moved on; compare after the next pull
            return
        with self.desk.store.read() as s:
            differ = differing_lanes(s, info.lanes)
        if not differ:
            result.integrity_ok = True
            self.news_head = page.head  # idle cycles ask /news from here
            return
        repaired: list[int] = []
        # A phantom removed from one lane may be a row the server holds in another (a
        # cancellation re-sent as live): a second round repairs that lane too.
        for _round in range(2):
            log.warning("integrity mismatch in lanes %s; pulling them again", differ)
            for lane in differ:
                self._repair_lane(lane, result)
            repaired += [lane for lane in differ if lane not in repaired]
            check = self.transport().call("GET", "/integrity", IntegrityResponse)
            with self.desk.store.read() as s:
                differ = differing_lanes(s, check.lanes)
            if not differ:
                break
        result.repaired_lanes = repaired
        result.integrity_ok = not differ

    def _recheck_bad_rows(self, result: SyncResult) -> None:
        """Fetch the rows recorded as bad once more, in the first complete pull of a run
        and in the one after a pull that recorded new bad rows.

        A row may have been recorded as bad from a broken or lying answer while the server
        holds a good version at the same ``s``; the lane digests show it only against a
        server that sends them. One small page starting just before the row brings the server's
        copy: applied if good, still listed if the server itself holds it bad (and then
        not asked for again until something new goes wrong: idle cycles cost nothing).
        """
        due, self._recheck_due = self._recheck_due, result.bad_rows > 0
        if not due:
            return
        with self.desk.store.read() as s:
            rows = s.execute(
                select(SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.lane)
                .where(SyncRow.bad.is_(True), SyncRow.s > 0)
                .order_by(SyncRow.s)
                .limit(self.options.bad_rows_listed)
            ).all()
        for t, i, sv, lane in rows[: self._recheck_budget]:
            self._check_cancel()
            if lane not in LANES:
                continue
            positions = [0] * len(LANES)
            positions[lane] = sv - 1
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={"after": format_cursor(positions), "lanes": str(lane), "max_bytes": 1},
                max_decoded=page_decode_limit(1),
            )
            self._validate_page(page, positions, 1)
            self._verify_page(page, positions, [lane])
            mine = [r for r in page.rows if (r.t, r.i, r.s) == (t, i, sv)]
            if not mine:
                continue  # the server has moved on: the next pull or repair brings it
            with self.desk.store.write() as s:
                s.execute(update(SyncRow).where(SyncRow.t == t, SyncRow.i == i).values(s=0))
                outcome = self.applier.apply_rows(s, mine)
                applying.index_hook(s, outcome.person_ids)
            result.pulled_rows += outcome.applied
            self._after_page(outcome)

    def _repair_lane(self, lane: int, result: SyncResult) -> None:
        """Pull one lane again from 0 and make this PC hold what the server holds.

        Every row whose version, liveness, lane or content digest differs from what this
        PC recorded (or that it recorded as bad) is applied again from the server's copy,
        so a cancellation that a lying server re-sent as live or dropped is applied and
        content altered at an unchanged ``s`` is corrected. A row this PC recorded in the
        lane (live or tombstone) that the server does not send is a phantom: what it put
        in the store is removed (local work is never touched) and its record is reset so
        that the server's real version, wherever it is, applies when it comes.
        """
        positions = [0] * len(LANES)
        seen: set[tuple[str, str]] = set()
        while True:
            self._check_cancel()
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={
                    "after": format_cursor(positions),
                    "lanes": str(lane),
                    "max_bytes": self._limits.max_page_bytes,
                },
                max_decoded=page_decode_limit(self._limits.max_page_bytes),
            )
            new = self._validate_page(page, positions, self._limits.max_page_bytes)
            self._verify_page(page, positions, [lane])
            if page.has_more and new == positions:
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_progress")
            seen.update((r.t, r.i) for r in page.rows)
            with self.desk.store.write() as s:
                ids = [r.i for r in page.rows]
                held: dict[tuple[str, str], tuple[int, bool, int, bool, int | None]] = {}
                for part in chunked(ids):
                    for t, i, sv, live, ln, bad, h in s.execute(
                        select(
                            SyncRow.t,
                            SyncRow.i,
                            SyncRow.s,
                            SyncRow.live,
                            SyncRow.lane,
                            SyncRow.bad,
                            SyncRow.h,
                        ).where(SyncRow.i.in_(part))
                    ):
                        held[(t, i)] = (sv, bool(live), ln, bool(bad), h)
                for r in page.rows:
                    mine = held.get((r.t, r.i))
                    if mine is not None and row_differs(mine, r):
                        s.execute(
                            update(SyncRow).where(SyncRow.t == r.t, SyncRow.i == r.i).values(s=0)
                        )
                outcome = self.applier.apply_rows(s, page.rows)
                applying.index_hook(s, outcome.person_ids)
                current = self._positions(s)
                current[lane] = max(current[lane], new[lane])
                self._store_positions(s, current)
            result.pulled_rows += outcome.applied
            result.bad_rows += outcome.bad
            self._after_page(outcome)
            positions = new
            if not page.has_more:
                break
        with self.desk.store.write() as s:
            phantoms = [
                (t, i)
                for t, i in s.execute(
                    select(SyncRow.t, SyncRow.i).where(SyncRow.lane == lane, SyncRow.s > 0)
                ).all()
                if (t, i) not in seen
            ]
            outcome = applying.ApplyOutcome()
            for t, i in phantoms:
                outcome.merge(self.applier.forget(s, t, i))
            applying.index_hook(s, outcome.person_ids)
        if phantoms:
            log.warning("removed %d rows the server does not hold in lane %d", len(phantoms), lane)
        self._after_page(outcome)
