"""The push: outbox batches frozen before they are sent, receipts, quarantine, audit."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from app import audit, events
from app.store.meta import (
    META_AUDIT_SENT,
    get_meta,
    set_meta,
)
from app.store.models import (
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    format_store_time,
    utcnow,
)
from app.sync.client import (
    SyncFailure,
)
from app.sync.media import MediaPart
from app.sync.protocol import (
    FEATURE_DERIVED_AUDIT_IDS,
    ErrorClass,
    OutboxKind,
    OutboxResponse,
    ReceiptStatus,
    b64encode,
    compact_audit_events,
    content_hash,
)
from app.sync.state import (
    SyncProgress,
    SyncResult,
    parse_time,
)

log = logging.getLogger(__name__)

#: States a push sends. Items carried in a USB bundle go too when the link is back: the
#: server applies an id once and answers the bundle's later import with a receipt.
SENDABLE = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.CARRIED)


class PushPart(MediaPart):
    """Sends the outbox in ``seq`` order and applies the receipts."""

    def _pending_query(self) -> Any:
        """Sendable items: queued audit batches first (in chain order), then the rest in
        ``seq`` order. An audit batch whose body was cut so travels again beside the
        requests it records, and nothing overtakes an earlier part of the trail."""
        audit_first = case((OutboxItem.kind == OutboxKind.AUDIT_BATCH, 0), else_=1)
        return (
            select(OutboxItem)
            .where(OutboxItem.state.in_(SENDABLE))
            .order_by(audit_first, OutboxItem.seq)
        )

    def _requests_pending(self) -> bool:
        with self.desk.store.read() as s:
            return (
                s.scalar(
                    select(OutboxItem.id)
                    .where(OutboxItem.state.in_(SENDABLE), OutboxItem.kind == OutboxKind.REQUEST)
                    .limit(1)
                )
                is not None
            )

    def _pending_count(self) -> int:
        with self.desk.store.read() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(OutboxItem)
                    .where(OutboxItem.state.in_(SENDABLE))
                )
                or 0
            )

    @staticmethod
    def wire_item(item: OutboxItem) -> dict[str, Any]:
        """The protocol form of an outbox item."""
        doc: dict[str, Any] = {
            "id": item.id,
            "kind": item.kind,
            "content_hash": item.content_hash,
            "payload": item.payload,
        }
        if item.signature:
            doc["signature"] = {"sig": b64encode(item.signature)}
        return doc

    def _push(self, result: SyncResult) -> None:
        """Send the outbox batch by batch, in ``seq`` order, until nothing is left."""
        skip: set[str] = set()
        self._audit_added = 0  # audit batches queued during this push, beside requests
        if not self._requests_pending():
            # Requests take their audit events along (_with_their_audit); without any,
            # the trail written since the last push goes on its own.
            self._enqueue_audit_batch()
        pending = self._pending_count()
        done = 0
        while True:
            self._check_cancel()
            batch = self._next_batch(skip)
            if not batch:
                return
            self._upload_attachments(batch, skip)
            batch = [d for d in batch if d["id"] not in skip]
            if batch:
                batch = self._freeze(batch)
            if not batch:
                continue
            total = pending + self._audit_added
            self._report(
                SyncProgress("push", done, total, detail=f"{len(batch)} items", rate=self._rate)
            )
            resp = self._send_batch(batch, result)
            if resp is None:
                continue
            quarantined = self._apply_receipts(resp, skip)
            done += len(batch)
            result.pushed_items += len(batch) - quarantined
            result.quarantined += quarantined
            self.desk.bus.publish(events.OUTBOX_CHANGED)
            self.desk.bus.publish(events.REQUESTS_CHANGED)

    def _freeze(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Mark ``batch`` as being sent; return the items of it still sendable.

        Runs before the network call, in its own committed transaction: whatever happens
        next, an item is never changed or re-created, only re-sent as is.
        """
        ids = [d["id"] for d in batch]
        with self.desk.store.write() as s:
            # An item withdrawn since the batch was read is gone: never send it.
            still = set(
                s.scalars(
                    select(OutboxItem.id).where(
                        OutboxItem.id.in_(ids),
                        OutboxItem.state.in_(SENDABLE),
                    )
                )
            )
            batch = [d for d in batch if d["id"] in still]
            ids = [d["id"] for d in batch]
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(ids), OutboxItem.state != OutboxState.CARRIED)
                .values(state=OutboxState.SENDING, attempts=OutboxItem.attempts + 1)
            )
            # A carried item stays "carried" until a receipt comes, by wire or by hand.
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(ids), OutboxItem.state == OutboxState.CARRIED)
                .values(attempts=OutboxItem.attempts + 1)
            )
        return batch

    def _send_batch(self, batch: list[dict[str, Any]], result: SyncResult) -> OutboxResponse | None:
        """POST a frozen batch and check the receipts match it item for item.

        Returns ``None`` when the server refused the call itself (see :meth:`_refused`).

        Raises:
            SyncFailure: any other failure, or receipts that do not match the batch.
        """
        t0 = time.monotonic()
        in0 = self.stats.bytes_out
        try:
            resp = self.transport().call(
                "POST", "/outbox", OutboxResponse, json_body={"items": batch}, compress=True
            )
        except SyncFailure as exc:
            if exc.klass not in (ErrorClass.REQUEST, ErrorClass.ITEM):
                raise
            self._refused(batch, exc, result)
            return None
        self._measure(self.stats.bytes_out - in0, time.monotonic() - t0)
        if len(resp.receipts) != len(batch) or any(
            r.id != d["id"] for r, d in zip(resp.receipts, batch, strict=False)
        ):
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "receipts_mismatch")
        return resp

    def _refused(self, batch: list[dict[str, Any]], exc: SyncFailure, result: SyncResult) -> None:
        """The server refused a whole batch (too large, malformed): find the item that
        causes it by halving the next batches, and quarantine it alone; the rest of the
        batch goes back to pending."""
        if len(batch) == 1:
            self._quarantine(
                batch[0]["id"],
                exc.server_code or exc.code,
                str(exc.params.get("detail", "")),
            )
            result.quarantined += 1
        else:
            self._batch_cap = max(1, len(batch) // 2)
        ids = [d["id"] for d in batch]
        with self.desk.store.write() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(ids), OutboxItem.state == OutboxState.SENDING)
                .values(state=OutboxState.PENDING)
            )

    def _quarantine(self, item_id: str, code: str, message: str) -> None:
        with self.desk.store.write() as s:
            item = s.get(OutboxItem, item_id)
            if item is None:
                return
            kind, ref_id = item.kind, item.ref_id
            item.state = OutboxState.QUARANTINED
            item.error_code = code[:64]
            item.last_error = message[:500]
            if item.kind == OutboxKind.REQUEST and s.get(OutgoingRequest, item.ref_id) is not None:
                self.requests.apply_rejection(s, item.ref_id, item.error_code, item.last_error)
        events.notify(self.desk.bus, events.ItemQuarantined(item_id, kind, ref_id, code))

    def _next_batch(self, skip: set[str]) -> list[dict[str, Any]]:
        max_items = max(1, min(self._limits.max_batch_items, self._batch_cap))
        budget = self._byte_budget(self._limits.max_batch_bytes)
        out: list[dict[str, Any]] = []
        requests: list[tuple[str, str, int]] = []  # (item id, request id, bytes) in out
        size = 0
        audit_waiting = False
        with self.desk.store.read() as s:
            for item in s.scalars(self._pending_query().limit(max_items + len(skip))):
                if item.id in skip:
                    continue
                doc = self.wire_item(item)
                if item.kind == OutboxKind.AUDIT_BATCH:
                    self._audit_wire(doc, expand_audit_payload(s, item.payload))
                n = len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())
                if out and size + n > budget:
                    audit_waiting = audit_waiting or item.kind == OutboxKind.AUDIT_BATCH
                    break
                out.append(doc)
                size += n
                if item.kind == OutboxKind.REQUEST:
                    requests.append((item.id, item.ref_id, n))
                # One place is kept for the audit batch of the body's requests.
                if len(out) >= max_items - (1 if requests and max_items > 1 else 0):
                    break
            audit_waiting = audit_waiting or self._audit_batch_pending(s, out)
        if requests and not audit_waiting and len(out) < max_items:
            return self._with_their_audit(out, requests, budget)
        return out

    @staticmethod
    def _audit_batch_pending(s: Session, out: list[dict[str, Any]]) -> bool:
        """True when an audit batch is queued and not in ``out`` (the chain goes in order)."""
        taken = [d["id"] for d in out if d["kind"] == OutboxKind.AUDIT_BATCH]
        query = select(OutboxItem.id).where(
            OutboxItem.state.in_(SENDABLE), OutboxItem.kind == OutboxKind.AUDIT_BATCH
        )
        if taken:
            query = query.where(OutboxItem.id.not_in(taken))
        return s.scalar(query.limit(1)) is not None

    def _with_their_audit(
        self, out: list[dict[str, Any]], requests: list[tuple[str, str, int]], budget: int
    ) -> list[dict[str, Any]]:
        """``out`` with the audit events of its requests queued and added as one batch.

        A request and the events that record it (created, submitted, approved, queued)
        share ids and content hashes: in one compressed body these cross the link once.
        The trail stays in chain order: the batch holds every event not yet queued up to
        the last event of these requests. Requests are dropped from the end while the
        body would exceed ``budget``.
        """
        from app.store.models import AuditEvent

        limit = self.options.audit_batch_events
        with self.desk.store.write() as s:
            done = int(get_meta(s, META_AUDIT_SENT, "0") or 0)
            keep = list(requests)
            while True:
                upto = s.scalar(
                    select(func.max(AuditEvent.seq)).where(
                        AuditEvent.seq > done, AuditEvent.target_id.in_([r for _, r, _ in keep])
                    )
                )
                if upto is None:
                    return out
                total = sum(n for _, _, n in keep) + _audit_bytes(s, done, upto, limit)
                if total <= budget or len(keep) == 1:
                    break
                keep = keep[: max(1, int(len(keep) * budget / total))]
            item_id = enqueue_audit_batch(s, limit, upto=upto)
            item = s.get(OutboxItem, item_id) if item_id else None
            if item is None:
                return out
            doc = self.wire_item(item)
            self._audit_wire(doc, expand_audit_payload(s, item.payload))
        self._audit_added += 1
        dropped = {i for i, _, _ in requests} - {i for i, _, _ in keep}
        return [*(d for d in out if d["id"] not in dropped), doc]

    def _audit_wire(self, doc: dict[str, Any], payload: dict[str, Any]) -> None:
        """Put an audit batch's ``payload`` into its wire item ``doc``: without the event
        ids the server works out from the chain, when its ``hello`` says it does (the
        item's hash covers the ids; ``derived_ids`` tells the server to put them back)."""
        doc["payload"] = payload
        if FEATURE_DERIVED_AUDIT_IDS in self._server_features and "events" in payload:
            doc["payload"] = compact_audit_events(payload)
            doc["derived_ids"] = True

    def _byte_budget(self, cap: int) -> int:
        """Raw bytes for the next page/batch from the measured rate (compression ~4x)."""
        if self._rate <= 0:
            return min(cap, 256 * 1024)
        return int(
            max(self.options.min_page_bytes, min(cap, self._rate * self.options.target_seconds * 4))
        )

    def _apply_receipts(self, resp: OutboxResponse, skip: set[str]) -> int:
        quarantined = 0
        notes: list[events.ItemQuarantined] = []
        with self.desk.store.write() as s:
            for receipt in resp.receipts:
                item = s.get(OutboxItem, receipt.id)
                if item is None:
                    continue
                status = receipt.status
                if status == ReceiptStatus.DUPLICATE:
                    status = receipt.first_status or ReceiptStatus.ACCEPTED
                item.receipt = receipt.model_dump(exclude_none=True)
                when = parse_time(receipt.server_time) or utcnow()
                if status == ReceiptStatus.ACCEPTED:
                    item.state = OutboxState.DONE
                    item.sent_at = when
                    item.error_code = None
                    item.last_error = ""
                    if (
                        item.kind == OutboxKind.REQUEST
                        and s.get(OutgoingRequest, item.ref_id) is not None
                    ):
                        self.requests.apply_receipt(s, item.ref_id, server_time=when)
                    if item.kind == OutboxKind.AUDIT_BATCH:
                        self._audit_accepted(s, item)
                        self._remember_audit_anchor(item)
                elif status == ReceiptStatus.RETRY:
                    item.state = OutboxState.PENDING
                    item.error_code = receipt.code or "retry"
                    item.last_error = (receipt.message or "")[:500]
                    skip.add(item.id)
                else:  # rejected or conflict: permanent for this item
                    item.state = OutboxState.QUARANTINED
                    item.error_code = receipt.code or str(status)
                    item.last_error = (receipt.message or "")[:500]
                    quarantined += 1
                    known = s.get(OutgoingRequest, item.ref_id) is not None
                    if (
                        item.kind == OutboxKind.REQUEST
                        and status == ReceiptStatus.REJECTED
                        and known
                    ):
                        self.requests.apply_rejection(
                            s, item.ref_id, item.error_code, item.last_error
                        )
                    notes.append(
                        events.ItemQuarantined(item.id, item.kind, item.ref_id, item.error_code)
                    )
        for note in notes:
            events.notify(self.desk.bus, note)
        return quarantined

    def _upload_attachments(self, batch: list[dict[str, Any]], skip: set[str]) -> None:
        for doc in batch:
            if doc["kind"] != OutboxKind.REQUEST:
                continue
            content = doc["payload"].get("request", {}).get("content", {})
            for sha in content.get("attachments", []) or []:
                if sha in self._uploaded:
                    continue
                if not self.desk.blobs.has(sha):
                    # The file is not on this PC (yet); the server would answer "retry".
                    skip.add(doc["id"])
                    break
                self.upload_blob(sha)

    def _enqueue_audit_batch(self) -> bool:
        """Queue the audit events not yet queued as one ``audit_batch`` outbox item."""
        with self.desk.store.write() as s:
            return enqueue_audit_batch(s, self.options.audit_batch_events) is not None

    def _remember_audit_anchor(self, item: OutboxItem) -> None:
        """Keep the head the server just anchored outside the store (see app.audit)."""
        seqs = audit_batch_seqs(item.payload)
        if seqs:
            audit.remember_anchor(self.desk.credentials, seqs[1], str(item.payload["head"]))

    def _check_audit_anchor(self) -> None:
        """Stop, loudly, when the store lost audit events the server had acknowledged.

        Runs after the push, so the server has seen the chain that does not continue its
        anchor (and recorded it) before this PC stops syncing until IT staff look at it.
        """
        anchor = audit.load_anchor(self.desk.credentials)
        problem = audit.anchor_problem(self.desk.store.engine, anchor)
        if problem is not None and anchor is not None:
            raise SyncFailure(
                "store.rolled_back",
                ErrorClass.FATAL,
                f"{problem}: the server acknowledged audit event {anchor.seq}",
            )

    @staticmethod
    def _audit_accepted(session: Session, item: OutboxItem) -> None:
        from app.store.models import AuditEvent

        seqs = audit_batch_seqs(item.payload)
        if seqs:
            session.execute(
                update(AuditEvent)
                .where(AuditEvent.seq.between(seqs[0], seqs[1]))
                .values(uploaded=True)
            )


def enqueue_audit_batch(session: Session, limit: int, upto: int | None = None) -> str | None:
    """Queue up to ``limit`` audit events not yet queued (and none after seq ``upto``) as
    one ``audit_batch`` outbox item, in ``session``; returns its id, or None when there
    was nothing to queue. The online push and the USB export both queue the trail this
    way."""
    from app.store.models import AuditEvent
    from app.workflow import enqueue

    done = int(get_meta(session, META_AUDIT_SENT, "0") or 0)
    query = select(AuditEvent).where(AuditEvent.seq > done)
    if upto is not None:
        query = query.where(AuditEvent.seq <= upto)
    evs = list(session.scalars(query.order_by(AuditEvent.seq).limit(limit)))
    if not evs:
        return None
    payload = {
        "prev_head": evs[0].prev_hash,
        "head": evs[-1].hash,
        "events": [audit_event_fields(e) for e in evs],
    }
    # The item stores a reference to its events (they are append-only and hash-chained,
    # so the payload rebuilt from them at sending time is the one hashed here, byte for
    # byte): the trail is stored once, in audit_events.
    item_id = enqueue(
        session,
        kind=OutboxKind.AUDIT_BATCH,
        ref_id=evs[-1].id,
        content_hash=content_hash(payload),
        payload={
            "prev_head": payload["prev_head"],
            "head": payload["head"],
            "event_seqs": [evs[0].seq, evs[-1].seq],
        },
    )
    set_meta(session, META_AUDIT_SENT, str(evs[-1].seq))
    return item_id


def audit_batch_seqs(payload: dict[str, Any]) -> tuple[int, int] | None:
    """First and last event seq of an audit batch, stored as a reference or (items
    queued by earlier versions) with its events copied in."""
    ref = payload.get("event_seqs")
    if isinstance(ref, list) and len(ref) == 2:
        return int(ref[0]), int(ref[1])
    events_sent = payload.get("events") or []
    if events_sent:
        return int(events_sent[0]["seq"]), int(events_sent[-1]["seq"])
    return None


def expand_audit_payload(session: Session, payload: dict[str, Any]) -> dict[str, Any]:
    """The wire payload of an audit batch: its events read back from ``audit_events``."""
    from app.store.models import AuditEvent

    ref = payload.get("event_seqs")
    if not (isinstance(ref, list) and len(ref) == 2):
        return payload  # queued with its events copied in
    evs = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.seq.between(int(ref[0]), int(ref[1])))
        .order_by(AuditEvent.seq)
    )
    return {
        "prev_head": payload["prev_head"],
        "head": payload["head"],
        "events": [audit_event_fields(e) for e in evs],
    }


def audit_event_fields(ev: Any) -> dict[str, Any]:
    """The dict an audit event was hashed over (``app.audit``'s canonical fields)."""
    return {
        "seq": ev.seq,
        "id": ev.id,
        "at": format_store_time(ev.at),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "details": ev.details or {},
    }


def _audit_bytes(s: Session, done: int, upto: int, limit: int) -> int:
    """Wire bytes of the (at most ``limit``) audit events after ``done`` up to ``upto``."""
    from app.store.models import AuditEvent

    evs = s.scalars(
        select(AuditEvent)
        .where(AuditEvent.seq > done, AuditEvent.seq <= upto)
        .order_by(AuditEvent.seq)
        .limit(limit)
    )
    return sum(
        len(json.dumps(audit_event_fields(e), separators=(",", ":"), ensure_ascii=False))
        for e in evs
    )
