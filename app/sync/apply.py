"""Applying pulled change rows to the local store, inside the caller's write transaction.

:func:`apply_rows` is called by the engine with the rows of one page and the session of
the ``Store.write()`` transaction that also stores the page's cursor, so a page is either
wholly applied with its cursor or not at all (a crash in between leaves neither).

Rules (docs/protocol.md section 3):

- keep the version with the higher ``s``: a row whose ``s`` is not above the one this
  device holds for the same ``(t, i)`` is skipped, so re-applying a page is harmless;
- a tombstone may arrive for an entity never seen; it is recorded (``sync_rows``) and
  nothing else is done;
- a cancelled bulletin is purged (persons, names, vehicles, documents, description,
  media) but its row stays with ``cancelled = True`` and its reference, so the user can be
  told it was cancelled;
- a row that cannot be applied, for whatever reason (out-of-range seq or time, an id
  or text that cannot be stored, data that does not match its schema, an integer the
  database cannot hold, a row too large to travel), is isolated: it is recorded as
  ``bad`` with its reason (``sync_rows.reason``, shown in the sync status; kept out of the
  integrity mismatch loop) and counted, and the rest of the page is applied. The
  server's next version of that row (a higher ``s``) is applied as usual;
- the bulk insert of a page's bulletins is tried first; if the database refuses it, the
  page's bulletins are applied one by one, each in its own savepoint, so the one that
  fails is found and isolated.

Bulk work uses SQLAlchemy Core statements on the ORM tables: a page carries up to a few
thousand bulletins and must apply in well under a second.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.store.batches import chunked
from app.store.models import (
    Attachment,
    Bulletin,
    BulletinKind,
    Case,
    CaseEvent,
    CaseSubject,
    Document,
    Media,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Person,
    PersonName,
    RequestState,
    SyncRow,
    Vehicle,
    utcnow,
)
from app.sync.apply_media import MediaRows
from app.sync.bulk import bulk, isolable, problem_of, table_of
from app.sync.lanecheck import row_digest_of
from app.sync.mappers import (
    bulletin_values,
    derived_id,
    document_values,
    handling_code,
    name_values,
    parse_date,
    parse_ts,
    person_values,
    vehicle_values,
)
from app.sync.outcome import ApplyOutcome
from app.sync.protocol import (
    BulletinData,
    CaseData,
    CaseNoteData,
    OutboxKind,
    ReplyData,
    RequestStatus,
    RequestStatusData,
    Row,
    RowType,
    row_problem,
    text_ok,
)
from app.workflow import RequestService

__all__ = ["Applier", "ApplyOutcome", "index_hook"]

log = logging.getLogger(__name__)

#: Rows are applied in this order inside a page so that a case exists before its notes.
_TYPE_ORDER = {"b": 0, "c": 1, "n": 2, "q": 3, "r": 4, "m": 5}


def _storable_id(text: str) -> str:
    return text if text_ok(text, 36) else text.encode("ascii", "backslashreplace").decode()[:36]


class Applier(MediaRows):
    """Applies rows for one engine (holds the workflow service and the blob store)."""

    def __init__(
        self, requests: RequestService, put_blob: Any = None, put_blobs: Any = None
    ) -> None:
        """``put_blob(data, session=) -> sha`` stores inline thumbnails (``BlobStore.put``);
        ``put_blobs(list, session=) -> list`` stores a page's thumbnails at once
        (``BlobStore.put_many``; default: ``put_blob`` one by one). Both get the page's
        write session: thumbnails are stored in its transaction."""
        self.requests = requests
        self.put_blob = put_blob
        self.put_blobs = put_blobs

    # -- entry point -------------------------------------------------------------------

    def apply_rows(
        self,
        session: Session,
        rows: Sequence[Row],
        checked: Mapping[int, BulletinData] | None = None,
    ) -> ApplyOutcome:
        """Apply ``rows`` (one page) in ``session``; never commits.

        ``checked``: the bulletin data of rows the caller has already validated, by the
        ``id()`` of the row (a neighbour's page is validated whole before it is applied);
        not validated twice.
        """
        out = ApplyOutcome()
        if not rows:
            return out
        bad: dict[tuple[str, str], str] = {}
        usable: list[Row] = []
        unusable: list[Row] = []
        # Content digests of the rows as the server sent them (before any repair of a
        # nonsense time or id below), so the lane digests match the server's.
        digests: dict[int, int] = {}
        for row in rows:
            digest = row_digest_of(row)
            problem = row_problem(row)
            if problem == "bad_time" and row.x:
                # A cancellation must get through even with a nonsense change time.
                row = row.model_copy(update={"a": int(utcnow().timestamp())})
                problem = None
            if problem is None:
                digests[id(row)] = digest
                usable.append(row)
                continue
            log.warning("feed row (s=%d) not applied: %s", row.s, problem)
            kind = row.t[:1] if text_ok(row.t[:1], 1) and row.t[:1] else "?"
            row = row.model_copy(update={"i": _storable_id(row.i), "t": kind})
            bad[(row.t, row.i)] = problem
            digests[id(row)] = digest
            unusable.append(row)
        held = self._held(session, usable)
        fresh: list[Row] = []
        seen: dict[tuple[str, str], Row] = {}
        for row in usable:
            key = (row.t, row.i)
            if held.get(key, -1) >= row.s:
                out.skipped += 1
                continue
            prev = seen.get(key)
            if prev is None or prev.s < row.s:
                seen[key] = row
        fresh = sorted(seen.values(), key=lambda r: (_TYPE_ORDER.get(r.t, 9), r.s))
        bulletin_rows = [r for r in fresh if r.t == RowType.BULLETIN and not r.x]
        if bulletin_rows:
            bad.update(self._bulletins_isolated(session, bulletin_rows, held, out, checked))
        media_rows = [r for r in fresh if r.t == RowType.MEDIA and not r.x]
        if media_rows:
            bad.update(self._media_isolated(session, media_rows, out))
        for row in fresh:
            if row.t in (RowType.BULLETIN, RowType.MEDIA) and not row.x:
                continue
            one = ApplyOutcome()
            try:
                with session.begin_nested():
                    self._one(session, row, held, one)
            except Exception as exc:
                if not isolable(exc):
                    raise
                log.warning("feed row %s (s=%d) not applied: %s", row.t, row.s, type(exc).__name__)
                bad[(row.t, row.i)] = problem_of(exc)
                continue
            out.merge(one)
        out.bad += len(bad)
        out.applied += len(fresh) - sum(1 for r in fresh if (r.t, r.i) in bad)
        self._record(session, [*fresh, *unusable], bad, digests)
        return out

    def _bulletins_isolated(
        self,
        session: Session,
        rows: Sequence[Row],
        held: dict[tuple[str, str], int],
        out: ApplyOutcome,
        checked: Mapping[int, BulletinData] | None = None,
    ) -> dict[tuple[str, str], str]:
        """Bulk-apply live bulletins; if the store refuses the batch, find the culprits."""
        try:
            batch = ApplyOutcome()
            with session.begin_nested():
                bad = self._bulletins(session, rows, held, batch, checked)
            out.merge(batch)
            return bad
        except Exception as exc:
            if not isolable(exc):
                raise
            log.warning("bulk apply of %d bulletins refused; applying one by one", len(rows))
        bad = {}
        for row in rows:
            one = ApplyOutcome()
            try:
                with session.begin_nested():
                    bad.update(self._bulletins(session, [row], held, one, checked))
            except Exception as exc:
                if not isolable(exc):
                    raise
                log.warning("bulletin row (s=%d) not applied: %s", row.s, type(exc).__name__)
                bad[(row.t, row.i)] = "unstorable"
                continue
            out.merge(one)
        return bad

    @staticmethod
    def _held(session: Session, rows: Sequence[Row]) -> dict[tuple[str, str], int]:
        ids = list({r.i for r in rows})
        held: dict[tuple[str, str], int] = {}
        for part in chunked(ids):
            for t, i, s in session.execute(
                select(SyncRow.t, SyncRow.i, SyncRow.s).where(SyncRow.i.in_(part))
            ):
                held[(t, i)] = s
        return held

    @staticmethod
    def _record(
        session: Session,
        rows: Sequence[Row],
        bad: dict[tuple[str, str], str],
        digests: dict[int, int] | None = None,
    ) -> None:
        """Record each row's version, lane, liveness and content digest (``sync_rows``).

        The ``lane_sums`` triggers add the new digest and remove the old one in the same
        transaction.
        """
        if not rows:
            return
        known = digests or {}
        values = [
            {
                "t": r.t,
                "i": r.i,
                "s": r.s,
                "lane": r.l,
                "live": not r.x,
                "bad": (r.t, r.i) in bad,
                "reason": bad.get((r.t, r.i)),
                "h": known[id(r)] if id(r) in known else row_digest_of(r),
            }
            for r in rows
        ]
        stmt = sqlite_insert(table_of(SyncRow))
        stmt = stmt.on_conflict_do_update(
            index_elements=["t", "i"],
            set_={
                "s": stmt.excluded.s,
                "lane": stmt.excluded.lane,
                "live": stmt.excluded.live,
                "bad": stmt.excluded.bad,
                "reason": stmt.excluded.reason,
                "h": stmt.excluded.h,
            },
        )
        for part in chunked(values):
            session.execute(stmt, part)

    def _one(
        self, session: Session, row: Row, held: dict[tuple[str, str], int], out: ApplyOutcome
    ) -> None:
        t = row.t
        if t == RowType.BULLETIN:
            self._cancel_bulletin(session, row, out)
        elif t == RowType.CASE:
            self._case(session, row, out)
        elif t == RowType.CASE_NOTE:
            self._note(session, row)
        elif t == RowType.REPLY:
            self._reply(session, row, (t, row.i) in held, out)
        elif t == RowType.REQUEST_STATUS:
            self._status(session, row, out)
        elif t == RowType.MEDIA:
            self._media(session, row, out)
        else:
            raise ValueError(f"unknown row type {t[:4]!r}")

    def forget(self, session: Session, t: str, i: str) -> ApplyOutcome:
        """Remove what a phantom row (one the server does not hold) put in the store.

        Its ``sync_rows`` record is reset (not live, ``s`` 0) so that the server's real
        version of the entity, if any, applies when it arrives. Local work (notes written
        on this PC, requests) is never removed.
        """
        from app.store.models import Reply

        out = ApplyOutcome()
        if t == RowType.BULLETIN:
            bulletin = session.get(Bulletin, i)
            if bulletin is not None and not bulletin.deleted:
                out.person_ids |= _purge_children(session, [i])
                for media in session.scalars(select(Media).where(Media.owner_id == i)):
                    out.purge_blobs |= {media.sha256, media.thumb_sha256}
                    media.deleted = True
                bulletin.deleted = True
                bulletin.photo_sha256 = None
                bulletin.thumb_sha256 = None
                out.bulletins += 1
        elif t == RowType.CASE:
            case = session.get(Case, i)
            if case is not None:
                case.deleted = True
                out.cases += 1
        elif t == RowType.CASE_NOTE:
            event = session.get(CaseEvent, i)
            if event is not None and event.origin == "server":
                session.delete(event)
        elif t == RowType.REPLY:
            reply = session.get(Reply, i)
            if reply is not None:
                reply.deleted = True
        elif t == RowType.MEDIA:
            photo = session.get(Media, i)
            if photo is not None:
                photo.deleted = True
                out.purge_blobs |= {photo.sha256, photo.thumb_sha256}
        session.execute(
            update(SyncRow)
            .where(SyncRow.t == t, SyncRow.i == i)
            .values(s=0, live=False, bad=False, reason=None)
        )
        return out

    # -- bulletins -----------------------------------------------------------------------

    def _bulletins(
        self,
        session: Session,
        rows: Sequence[Row],
        held: dict[tuple[str, str], int],
        out: ApplyOutcome,
        checked: Mapping[int, BulletinData] | None = None,
    ) -> dict[tuple[str, str], str]:
        """Upsert live bulletins in bulk; returns the rows that could not be parsed."""
        known = checked or {}
        bad: dict[tuple[str, str], str] = {}
        now = utcnow()
        b_values: list[dict[str, Any]] = []
        p_values: list[dict[str, Any]] = []
        n_values: list[dict[str, Any]] = []
        v_values: list[dict[str, Any]] = []
        d_values: list[dict[str, Any]] = []
        replaced: list[str] = []
        for row in rows:
            try:
                data = known.get(id(row)) or BulletinData.model_validate(row.d)
                kind = BulletinKind(data.k.value)
            except ValueError:  # pydantic's ValidationError is a ValueError
                log.warning("bulletin row (s=%d) has bad data", row.s)
                bad[(row.t, row.i)] = "schema"
                continue
            if (row.t, row.i) in held:
                replaced.append(row.i)
            b_values.append(bulletin_values(row, data, kind, now))
            holder = ""
            for idx, person in enumerate(data.p or []):
                pid = person.id or derived_id(row.i, f"p{idx}")
                p_values.append(person_values(pid, row.i, person, row.s, now))
                n_values += name_values(pid, person)
                out.person_ids.add(pid)
                if not holder and person.n:
                    holder = person.n[0].f
            v_values += [vehicle_values(row, idx, v, now) for idx, v in enumerate(data.v or [])]
            d_values += [
                document_values(row, idx, doc, holder, now)
                for idx, doc in enumerate(data.doc or [])
            ]
            out.bulletins += 1
            if data.u:
                out.urgent.append({"bulletin_id": row.i, "reference": data.rf})
        if replaced:
            out.person_ids |= _purge_children(session, replaced)
        bulk(session, _bulletin_upsert(b_values), b_values)
        bulk(session, _PERSON_UPSERT, p_values)
        bulk(session, table_of(PersonName).insert(), n_values)
        bulk(session, table_of(Vehicle).insert(), v_values)
        bulk(session, table_of(Document).insert(), d_values)
        return bad

    def _cancel_bulletin(self, session: Session, row: Row, out: ApplyOutcome) -> None:
        """A bulletin tombstone: purge what it held, keep a flag and its reference."""
        bulletin = session.get(Bulletin, row.i)
        if bulletin is None:
            return  # cancelled before this device ever saw it: nothing to purge or tell
        out.person_ids |= _purge_children(session, [bulletin.id])
        for sha in (bulletin.photo_sha256, bulletin.thumb_sha256):
            if sha:
                out.purge_blobs.add(sha)
        for media in session.scalars(select(Media).where(Media.owner_id == bulletin.id)):
            out.purge_blobs |= {media.sha256, media.thumb_sha256}
            media.deleted = True
        if not bulletin.cancelled:
            out.cancelled.append({"bulletin_id": bulletin.id, "reference": bulletin.reference})
        when = parse_ts(str(row.d.get("at"))) if row.d.get("at") else None
        bulletin.cancelled = True
        bulletin.cancelled_at = when or datetime.fromtimestamp(row.a, UTC)
        bulletin.deleted = True
        bulletin.title = ""
        bulletin.summary = ""
        bulletin.charges = ""
        bulletin.photo_sha256 = None
        bulletin.thumb_sha256 = None
        bulletin.server_seq = row.s
        out.bulletins += 1

    # -- cases and notes -----------------------------------------------------------------

    def _case(self, session: Session, row: Row, out: ApplyOutcome) -> None:
        case = session.get(Case, row.i)
        if row.x:
            if case is not None:
                case.deleted = True
                case.server_seq = row.s
            return
        data = CaseData.model_validate(row.d)
        if case is None:
            case = Case(id=row.i, number=data.rf)
            session.add(case)
        case.number = data.rf
        case.title = data.ti
        case.office_code = data.of
        case.status = data.st
        case.handling_code = handling_code(data.hc)
        case.opened_on = parse_date(data.op)
        case.summary = data.sm or ""
        case.server_seq = row.s
        case.deleted = False
        session.flush()
        old_people = set(
            session.scalars(select(CaseSubject.person_id).where(CaseSubject.case_id == row.i))
        )
        session.execute(delete(CaseSubject).where(CaseSubject.case_id == row.i))
        if old_people:
            session.execute(delete(PersonName).where(PersonName.person_id.in_(old_people)))
            session.execute(
                delete(Person).where(Person.id.in_(old_people), Person.bulletin_id.is_(None))
            )
            out.person_ids |= old_people
        now = utcnow()
        for idx, person in enumerate(data.p):
            pid = derived_id(row.i, f"p{idx}")
            session.execute(
                table_of(Person).insert(), [person_values(pid, None, person, row.s, now)]
            )
            names = name_values(pid, person)
            if names:
                session.execute(table_of(PersonName).insert(), names)
            session.execute(
                table_of(CaseSubject).insert(),
                [{"case_id": row.i, "person_id": pid, "role": person.r or "subject"}],
            )
            out.person_ids.add(pid)
        for bid in data.bl or []:
            link_id = derived_id(row.i, f"bl/{bid}")
            if session.get(CaseEvent, link_id) is None:
                session.add(
                    CaseEvent(
                        id=link_id,
                        case_id=row.i,
                        kind="link",
                        link_ref=bid,
                        author_name="",
                        origin="server",
                        server_seq=row.s,
                    )
                )
        out.cases += 1

    def _note(self, session: Session, row: Row) -> None:
        if row.x:
            return  # notes are append-only; a removed case is handled by its own row
        data = CaseNoteData.model_validate(row.d)
        if session.get(Case, data.c) is None:
            # The note's case arrives later in the feed (it changed after the note was
            # written): create the case's row now, the case row fills it in.
            session.add(Case(id=data.c, number="", title=""))
            session.flush()
        event = session.get(CaseEvent, row.i)
        if event is None:
            session.add(
                CaseEvent(
                    id=row.i,
                    case_id=data.c,
                    kind="note",
                    author_name=data.by,
                    body=data.tx,
                    created_at=parse_ts(data.at) or datetime.fromtimestamp(row.a, UTC),
                    server_seq=row.s,
                    origin="server",
                )
            )
        else:
            event.server_seq = row.s  # our own note came back: it is now on the server

    # -- replies and request outcomes ----------------------------------------------------

    def _reply(self, session: Session, row: Row, known: bool, out: ApplyOutcome) -> None:
        from app.store.models import Reply

        if row.x:
            return
        data = ReplyData.model_validate(row.d)
        reply = session.get(Reply, row.i)
        if reply is None:
            reply = Reply(id=row.i, read=False)
            session.add(reply)
        reply.request_id = data.rq
        reply.from_agency = data.fr
        reply.body = data.tx
        reply.handling_code = handling_code(data.hc)
        reply.received_at = parse_ts(data.at)
        reply.server_seq = row.s
        reply.deleted = False
        for sha in data.att or []:
            if len(sha) == 64 and session.get(Attachment, sha) is None:
                session.add(Attachment(sha256=sha, size=0, present=False))
        session.flush()
        req = session.get(OutgoingRequest, data.rq)
        if req is not None:
            self._confirm_sent(session, req, parse_ts(data.at))
            self.requests.apply_answer(session, req.id)
        if not known:
            out.replies.append({"reply_id": row.i, "request_id": data.rq})

    def _confirm_sent(
        self, session: Session, req: OutgoingRequest, server_time: datetime | None
    ) -> None:
        """The feed proves the server holds the request: finish a send whose receipt was lost.

        Only an item this PC actually sent (at least one attempt) is confirmed: a feed row
        about a request that never left (a lying server, another PC's copy) proves nothing.
        """
        items = session.scalars(
            select(OutboxItem).where(
                OutboxItem.ref_id == req.id,
                OutboxItem.kind == OutboxKind.REQUEST,
                OutboxItem.state.in_(
                    [OutboxState.SENDING, OutboxState.PENDING, OutboxState.CARRIED]
                ),
                OutboxItem.attempts > 0,
            )
        ).all()
        if req.state == RequestState.QUEUED:
            if not items:
                return
            self.requests.apply_receipt(session, req.id, server_time=server_time or utcnow())
        for item in items:
            item.state = OutboxState.DONE
            item.receipt = {"status": "accepted", "via": "feed"}
            item.sent_at = server_time or utcnow()

    def _status(self, session: Session, row: Row, out: ApplyOutcome) -> None:
        data = RequestStatusData.model_validate(row.d)
        req = session.get(OutgoingRequest, row.i)
        if req is None:
            return  # a request of another PC of the office
        st = data.st
        when = parse_ts(data.at)
        if st == RequestStatus.REJECTED:
            self.requests.apply_rejection(session, req.id, data.code or "rejected", data.msg or "")
            out.request_outcomes.append({"request_id": req.id, "status": st})
            return
        if st == RequestStatus.WITHDRAWN:
            return  # withdrawn here (or on another PC); nothing more to change locally
        self._confirm_sent(session, req, when)
        if data.ref and not req.server_reference:
            req.server_reference = data.ref[:64]
        if st in (RequestStatus.ACKNOWLEDGED,):
            self.requests.apply_acknowledgement(session, req.id)
        elif st in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
            self.requests.apply_answer(session, req.id)
        out.request_outcomes.append({"request_id": req.id, "status": st})

    # -- media -----------------------------------------------------------------------------


def _bulletin_upsert(values: list[dict[str, Any]]) -> Any:
    """Insert or update bulletins (a thumbnail reference is kept when a version has none)."""
    table = table_of(Bulletin)
    stmt = sqlite_insert(table)
    keep = {"id", "created_at"}
    return stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={
            c: (
                func.coalesce(stmt.excluded.thumb_sha256, table.c.thumb_sha256)
                if c == "thumb_sha256"
                else getattr(stmt.excluded, c)
            )
            for c in values[0]
            if c not in keep
        }
        if values
        else {"id": stmt.excluded.id},
    )


def _person_upsert() -> Any:
    """Insert or update a bulletin's persons (their names are replaced separately)."""
    stmt = sqlite_insert(table_of(Person))
    return stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={
            c: getattr(stmt.excluded, c)
            for c in (
                "bulletin_id",
                "sex",
                "birth_year",
                "birth_month",
                "birth_day",
                "nationality",
                "nationalities",
                "description",
                "server_seq",
                "updated_at",
                "deleted",
            )
        },
    )


_PERSON_UPSERT = _person_upsert()


def _purge_children(session: Session, bulletin_ids: Iterable[str]) -> set[str]:
    """Delete the persons, names, vehicles and documents of bulletins; return person ids."""
    ids = list(bulletin_ids)
    people: set[str] = set()
    for part in chunked(ids):
        pids = list(session.scalars(select(Person.id).where(Person.bulletin_id.in_(part))))
        people.update(pids)
        if pids:
            session.execute(delete(PersonName).where(PersonName.person_id.in_(pids)))
            session.execute(delete(Person).where(Person.id.in_(pids)))
        session.execute(delete(Vehicle).where(Vehicle.bulletin_id.in_(part)))
        session.execute(delete(Document).where(Document.bulletin_id.in_(part)))
    return people


def index_hook(session: Session, person_ids: set[str]) -> None:
    """Tell the search index which persons were added, changed or removed (it re-reads
    them and drops the keys of those that no longer exist), in the same transaction."""
    if not person_ids:
        return
    from app.search.index import index_persons  # the name index loads on first use

    index_persons(session, sorted(person_ids))
