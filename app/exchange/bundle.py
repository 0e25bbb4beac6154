"""USB exchange when there is no link: outbox bundles out, return bundles in.

**Export** (``district-desk export-bundle --to DIR``) writes the pending outbox (approved
requests, decisions, hits, case notes, audit batches: the items an online push would
send, with their ids, content hashes and signatures, and the request attachments) as one
file, signed with this device's Ed25519 key and encrypted to the regional server's X25519
key (both registered at enrolment). In the same write transaction the items move to
``carried`` with the bundle's id; the transaction commits only after the last byte of
the file is fsynced and renamed. A crash before the commit leaves the items queued and
a record of the unfinished export (:mod:`app.exchange.unfinished`): the next export
deletes that bundle's files, whole or partial, before it writes its own, so an item is
only ever carried by one complete bundle.

While items are carried, a sync that finds the link up **pushes them anyway**: the same
ids and hashes reach the server, which answers the later bundle import with ``duplicate``
receipts. Nothing is sent twice in effect, and the office does not wait for a courier
when the wire is back. IT staff can **release** a lost bundle's items back to the queue
(audited).

**Import** of the return bundle (``district-desk import-bundle FILE``): the publisher's
signature is checked, the whole file is verified, then receipts (carried -> receipted),
the feed rows (through the online pull's :class:`app.sync.apply.Applier`) and thumbnails
are applied one frame per write transaction, the next frame's number stored with it; a
killed import resumes there, and applying a bundle twice changes nothing.

Format: docs/snapshot-format.md and :mod:`app.sync.protocol.bundlefile`.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import audit, events
from app.context import Desk
from app.errors import DeskError
from app.exchange.snapshot import advance_lane_cursors, publisher_key
from app.exchange.unfinished import (
    META_EXPORT_OPEN,
    discard_unfinished_export,
    record_export_start,
)
from app.store.batches import chunked
from app.store.meta import (
    META_DEVICE_ID,
    META_OFFICE,
    META_SERVER_ID,
    META_USB_SERVER_KEY,
    get_meta,
    set_meta,
)
from app.store.models import (
    Attachment,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    SyncCursor,
    utcnow,
)
from app.sync import apply as applying
from app.sync.protocol import LANES, OutboxKind, Receipt, ReceiptStatus, Row
from app.sync.protocol import bundlefile as bf
from app.sync.push import (
    PushPart,
    audit_batch_seqs,
    enqueue_audit_batch,
    expand_audit_payload,
)
from app.sync.session import CRED_DEVICE_ID
from app.sync.state import parse_time
from app.workflow import RequestService

log = logging.getLogger(__name__)

#: Keyring entries of this device's bundle keys (base64 of the raw private key).
CRED_USB_SIGN = "usb-sign-key"
CRED_USB_BOX = "usb-box-key"
#: Per return bundle (id appended): the next frame to apply; done.
META_RETURN_NEXT = "usb.return_next."
META_RETURN_DONE = "usb.return_done."

ITEMS_PER_FRAME = 500
AUDIT_BATCH_EVENTS = 2000
QUEUED = (OutboxState.PENDING, OutboxState.SENDING)

_TEMPLATES = {
    "bundle.not_a_bundle": "{path} is not a District Desk bundle.",
    "bundle.unsupported": "The bundle was written in a newer format ({detail}).",
    "bundle.truncated": "The bundle is incomplete ({detail}); copy it again.",
    "bundle.tampered": "The bundle was altered or damaged ({detail}); copy it again.",
    "bundle.wrong_signature": "The bundle is not signed by this site's regional server.",
    "bundle.foreign": "The bundle is addressed to another PC or server.",
    "bundle.unreadable": "The bundle cannot be read: {detail}",
    "bundle.other_server": "The bundle comes from another regional server.",
    "bundle.other_device": "The bundle was made for another PC.",
    "bundle.not_enrolled": "This PC is not enrolled; enrol it first.",
    "bundle.no_keys": "This PC has no USB exchange keys yet: enrol it again with a new code.",
    "bundle.nothing_to_export": "Nothing is waiting to be sent.",
    "bundle.no_space": "The bundle cannot be written: {detail}",
    "bundle.unknown_bundle": "No items were carried in bundle {bundle_id}.",
    "bundle.outbox_bundle": "This is an outbox bundle: it is imported on the regional server, "
    "not on a PC.",
}


class BundleError(DeskError):
    """A bundle is refused or cannot be written; the store is unchanged."""

    code = "bundle.error"
    template = "The bundle cannot be used: {detail}"

    def __init__(self, code: str, /, **params: Any) -> None:
        self.template = _TEMPLATES.get(code, BundleError.template)
        params.setdefault("detail", "")
        super().__init__(code, **params)


def _from_file_error(exc: bf.BundleError, path: Path) -> BundleError:
    return BundleError(exc.code, detail=exc.detail, path=path.name)


# --- device keys -------------------------------------------------------------------------


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return bf.b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return bf.b64(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


def new_device_keys(credentials: Any) -> tuple[str, str]:
    """Make this device's bundle keys (in the keyring); return their public halves.

    Called at enrolment: ``(sign, box)``, the Ed25519 key outbox bundles are signed with
    and the X25519 key return bundles are encrypted to.
    """
    sign = Ed25519PrivateKey.generate()
    box = X25519PrivateKey.generate()
    credentials.set(CRED_USB_SIGN, _raw_private(sign))
    credentials.set(CRED_USB_BOX, _raw_private(box))
    return _raw_public(sign), _raw_public(box)


def _sign_key(desk: Desk) -> Ed25519PrivateKey:
    text = desk.credentials.get(CRED_USB_SIGN)
    if not text:
        raise BundleError("bundle.no_keys")
    return Ed25519PrivateKey.from_private_bytes(bf.unb64(text, 32))


def _box_key(desk: Desk) -> X25519PrivateKey:
    text = desk.credentials.get(CRED_USB_BOX)
    if not text:
        raise BundleError("bundle.no_keys")
    return X25519PrivateKey.from_private_bytes(bf.unb64(text, 32))


# --- export ------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """What an export wrote (no content)."""

    bundle_id: str
    path: Path
    parts: list[str]
    items: int
    counts: dict[str, int]
    bytes: int
    seconds: float


def _enqueue_audit(session: Session) -> None:
    """Queue the audit events not yet queued, as the online push does before sending."""
    while enqueue_audit_batch(session, AUDIT_BATCH_EVENTS):
        pass


def _local_positions(session: Session) -> list[int]:
    out = dict.fromkeys(LANES, 0)
    for cur in session.scalars(select(SyncCursor)):
        if cur.lane.isdigit() and int(cur.lane) in out:
            out[int(cur.lane)] = cur.cursor
    return [out[lane] for lane in LANES]


def default_name(office: str, bundle_id: str, when: datetime | None = None) -> str:
    """``<office>-<UTC time>-<id prefix>.ddout``: a name that says what it is on the
    stick, and never the name of another bundle written in the same second."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{office or 'office'}-{stamp}-{bundle_id[:8]}{bf.OUTBOX_SUFFIX}"


@dataclass(frozen=True)
class _Addressing:
    """Who an outbox bundle is from and to, read from the enrolment."""

    server_key: str
    server_id: str
    device_id: str
    office: str


def _addressing(desk: Desk) -> _Addressing:
    """This PC's enrolment as a bundle needs it.

    Raises:
        BundleError: ``bundle.not_enrolled``, ``bundle.no_keys``.
    """
    with desk.store.read() as s:
        server_key = get_meta(s, META_USB_SERVER_KEY)
        device_id = get_meta(s, META_DEVICE_ID) or desk.credentials.get(CRED_DEVICE_ID)
        server_id = get_meta(s, META_SERVER_ID)
        office = get_meta(s, META_OFFICE) or desk.site.office_code
    if not device_id or not server_id:
        raise BundleError("bundle.not_enrolled")
    if not server_key:
        raise BundleError("bundle.no_keys")
    return _Addressing(server_key, server_id, device_id, office)


def export_bundle(
    desk: Desk,
    to_dir: Path,
    *,
    actor_name: str = "it-staff",
    part_size: int = bf.MAX_PART_SIZE,
    progress: Callable[[int, int, str], None] | None = None,
) -> ExportResult:
    """Write the pending outbox to a bundle in ``to_dir``; the items become ``carried``.

    Runs off the GUI thread (it holds the store's write lock while it writes the file).

    Raises:
        BundleError: ``bundle.not_enrolled``, ``no_keys``, ``nothing_to_export``,
            ``no_space``; the store is unchanged.
    """
    started = time.monotonic()
    sign = _sign_key(desk)
    discard_unfinished_export(desk)
    to = _addressing(desk)
    bundle_id = str(uuid.uuid4())
    to_dir = Path(to_dir)
    out = to_dir / default_name(to.office, bundle_id)
    # Committed before any byte is written: a crash from here until the items are
    # carried leaves a record that the next export uses to delete the leftovers.
    record_export_start(desk, bundle_id, out)
    writer: bf.BundleWriter | None = None
    counts: dict[str, int] = {"items": 0, "blobs": 0, "blob_bytes": 0}
    try:
        try:
            writer = bf.BundleWriter(bundle_id, to.server_key, to_dir)
        except OSError as exc:  # no stick there, read-only, full
            raise BundleError("bundle.no_space", detail=exc.strerror or str(exc)) from exc
        written = _write_and_carry(
            desk,
            writer,
            out,
            to,
            counts,
            actor_name=actor_name,
            sign=sign.sign,
            part_size=part_size,
            progress=progress,
        )
    except BaseException:
        if writer is not None:
            writer.close()
        try:
            discard_unfinished_export(desk)  # refused or failed: nothing of it stays
        except Exception:  # the store itself failed: the next export cleans up
            log.warning("unfinished export not cleaned up yet", exc_info=True)
        raise
    writer.close()
    desk.bus.publish(events.OUTBOX_CHANGED)
    desk.bus.publish(events.REQUESTS_CHANGED)
    size = sum((to_dir / name).stat().st_size for name in written["parts"])
    log.info("outbox bundle %s written: %d items, %d bytes", bundle_id, counts["items"], size)
    return ExportResult(
        bundle_id,
        out,
        list(written["parts"]),
        counts["items"],
        counts,
        size,
        round(time.monotonic() - started, 3),
    )


def _write_and_carry(
    desk: Desk,
    writer: bf.BundleWriter,
    out: Path,
    to: _Addressing,
    counts: dict[str, int],
    *,
    actor_name: str,
    sign: Callable[[bytes], bytes],
    part_size: int,
    progress: Callable[[int, int, str], None] | None,
) -> dict[str, Any]:
    """In one store transaction: audit the export, write every queued item (and the
    attachments they name) to the bundle, mark them carried, clear the unfinished-export
    record and write the signed file. Nothing is committed unless the file is complete.

    Raises:
        BundleError: ``bundle.nothing_to_export``, ``bundle.no_space``.
    """
    bundle_id = writer.bundle_id
    with desk.store.write() as s:
        audit.record(
            s,
            audit.Action.EXPORT,
            actor_name=actor_name,
            target_type="usb_bundle",
            target_id=bundle_id,
        )
        _enqueue_audit(s)
        items = list(
            s.scalars(
                select(OutboxItem).where(OutboxItem.state.in_(QUEUED)).order_by(OutboxItem.seq)
            )
        )
        if not any(i.kind != OutboxKind.AUDIT_BATCH for i in items):
            raise BundleError("bundle.nothing_to_export")
        shas = _item_frames(s, writer, items, counts, progress)
        _attachment_frames(desk, writer, shas, counts)
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_([i.id for i in items]))
            .values(state=OutboxState.CARRIED, bundle_id=bundle_id)
        )
        set_meta(s, META_EXPORT_OPEN, None)
        manifest = _outbox_manifest(s, to, counts)
        try:
            return writer.write(out, bf.MAGIC_OUTBOX, manifest, sign, part_size)
        except OSError as exc:
            raise BundleError("bundle.no_space", detail=exc.strerror or str(exc)) from exc


def _item_frames(
    session: Session,
    writer: bf.BundleWriter,
    items: list[OutboxItem],
    counts: dict[str, int],
    progress: Callable[[int, int, str], None] | None,
) -> list[str]:
    """Write ``items`` in their wire form, ``ITEMS_PER_FRAME`` to a frame, counting them
    by kind; return the SHA-256 of every attachment their requests name."""
    shas: list[str] = []
    for part in chunked(items, ITEMS_PER_FRAME):
        docs = []
        for item in part:
            doc = PushPart.wire_item(item)
            if item.kind == OutboxKind.AUDIT_BATCH:
                doc["payload"] = expand_audit_payload(session, item.payload)
            if item.kind == OutboxKind.REQUEST:
                content = doc["payload"].get("request", {}).get("content", {})
                shas += [x for x in content.get("attachments", []) or [] if x]
            docs.append(doc)
            counts["items"] += 1
            counts[item.kind] = counts.get(item.kind, 0) + 1
        data = json.dumps(docs, separators=(",", ":"), ensure_ascii=False)
        writer.add("items", len(docs), data.encode("utf-8"))
        if progress:
            progress(counts["items"], len(items), "items")
    return shas


def _outbox_manifest(session: Session, to: _Addressing, counts: dict[str, int]) -> dict[str, Any]:
    """The outbox bundle's manifest (signed with the bundle)."""
    return {
        "format": bf.FORMAT_OUTBOX,
        "server_id": to.server_id,
        "office": to.office,
        "device_id": to.device_id,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cursor": _local_positions(session),
        "counts": counts,
    }


def _attachment_frames(
    desk: Desk, writer: bf.BundleWriter, shas: list[str], counts: dict[str, int]
) -> None:
    batch: list[tuple[str, bytes]] = []
    size = 0
    for sha in dict.fromkeys(shas):
        if not desk.blobs.has(sha):
            continue  # not on this PC: the server answers "retry" and it stays queued
        data = desk.blobs.read(sha)
        batch.append((sha, data))
        size += len(data)
        counts["blobs"] += 1
        counts["blob_bytes"] += len(data)
        if size >= 4 * 1024 * 1024:
            writer.add("blobs", len(batch), bf.blob_records(batch))
            batch, size = [], 0
    if batch:
        writer.add("blobs", len(batch), bf.blob_records(batch))


def release_bundle(desk: Desk, bundle_id: str, *, actor_name: str = "it-staff") -> int:
    """Put a lost bundle's carried items back in the queue (audited); return how many.

    Safe whatever became of the bundle: if it does reach the server after all, the
    server answers the items pushed again with the receipts it gave the first time.

    Raises:
        BundleError: ``bundle.unknown_bundle`` when no item is carried in it.
    """
    with desk.store.write() as s:
        ids = list(
            s.scalars(
                select(OutboxItem.id).where(
                    OutboxItem.bundle_id == bundle_id, OutboxItem.state == OutboxState.CARRIED
                )
            )
        )
        if not ids:
            raise BundleError("bundle.unknown_bundle", bundle_id=bundle_id)
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(ids))
            .values(state=OutboxState.PENDING, bundle_id=None)
        )
        audit.record(
            s,
            audit.Action.BUNDLE_RELEASE,
            actor_name=actor_name,
            target_type="usb_bundle",
            target_id=bundle_id,
            details={"items": len(ids)},
        )
    desk.bus.publish(events.OUTBOX_CHANGED)
    return len(ids)


def carried_bundles(desk: Desk) -> list[tuple[str, int]]:
    """``(bundle id, items)`` of every bundle with items still carried."""
    with desk.store.read() as s:
        rows = s.execute(
            select(OutboxItem.bundle_id, func.count())
            .where(OutboxItem.state == OutboxState.CARRIED)
            .group_by(OutboxItem.bundle_id)
        ).all()
    return [(str(b), int(n)) for b, n in rows]


# --- return bundle -----------------------------------------------------------------------


@dataclass
class ReturnResult:
    """What importing a return bundle did."""

    bundle_id: str
    already_imported: bool = False
    resumed_at_frame: int = 0
    receipts: int = 0
    receipted: int = 0
    quarantined: int = 0
    rows_applied: int = 0
    blobs: int = 0
    cursor: str = ""
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def open_return(desk: Desk, path: Path) -> tuple[bf.BundleFile, bytes]:
    """Check a return bundle completely; return it with its frame key.

    Raises:
        BundleError: refused (signature, parts, frames, device, server); nothing changed.
    """
    try:
        bundle = bf.open_bundle(Path(path), bf.MAGIC_RETURN, bf.FORMAT_RETURN)
        bundle.check_signature(publisher_key(desk))
    except bf.BundleError as exc:
        raise _from_file_error(exc, Path(path)) from None
    m = bundle.manifest
    with desk.store.read() as s:
        server_id = get_meta(s, META_SERVER_ID)
        device_id = get_meta(s, META_DEVICE_ID) or desk.credentials.get(CRED_DEVICE_ID)
    if server_id and m.get("server_id") != server_id:
        raise BundleError("bundle.other_server")
    if m.get("device_id") != device_id:
        raise BundleError("bundle.other_device")
    try:
        key = bf.open_key(_box_key(desk), m)
        bf.verify_frames(bundle)
    except bf.BundleError as exc:
        raise _from_file_error(exc, Path(path)) from None
    return bundle, key


def import_return_bundle(
    desk: Desk,
    path: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReturnResult:
    """Apply a return bundle (receipts, replies, bulletins); resumes a killed import.

    Runs off the GUI thread.

    Raises:
        BundleError: the bundle is refused; the store is unchanged.
    """
    started = time.monotonic()
    bundle, key = open_return(desk, path)
    m = bundle.manifest
    result = ReturnResult(bundle.bundle_id, counts=dict(m.get("counts", {})))
    with desk.store.read() as s:
        if get_meta(s, META_RETURN_DONE + bundle.bundle_id) is not None:
            result.already_imported = True
            return result
        nxt = get_meta(s, META_RETURN_NEXT + bundle.bundle_id)
    start = int(nxt) if nxt and nxt.isdigit() else 0
    result.resumed_at_frame = start
    requests = RequestService(desk.store, desk.bus)
    applier = applying.Applier(requests, desk.blobs.put, desk.blobs.put_many)
    total = len(m["frames"])
    notes: list[events.ItemQuarantined] = []
    finished = True
    try:
        for index, kind, payload in bf.frames(bundle, key, start):
            if cancelled is not None and cancelled():
                finished = False
                break
            if kind == "blobs":
                shas = [desk.blobs.put(data) for _, data in bf.parse_blob_records(payload)]
                with desk.store.write() as s:
                    for part in chunked(shas):
                        s.execute(
                            update(Attachment)
                            .where(Attachment.sha256.in_(part))
                            .values(present=True)
                        )
                    set_meta(s, META_RETURN_NEXT + bundle.bundle_id, str(index + 1))
                result.blobs += len(shas)
            elif kind == "receipts":
                receipts = _parse_receipts(payload)
                with desk.store.write() as s:
                    done, bad, more = apply_receipts(desk, s, requests, receipts)
                    set_meta(s, META_RETURN_NEXT + bundle.bundle_id, str(index + 1))
                notes += more
                result.receipts += len(receipts)
                result.receipted += done
                result.quarantined += bad
            else:
                rows = _parse_rows(payload)
                with desk.store.write() as s:
                    outcome = applier.apply_rows(s, rows)
                    applying.index_hook(s, outcome.person_ids)
                    set_meta(s, META_RETURN_NEXT + bundle.bundle_id, str(index + 1))
                for sha in outcome.purge_blobs:
                    desk.blobs.delete(sha)
                result.rows_applied += outcome.applied
            if progress:
                progress(index + 1, total, kind)
    except bf.BundleError as exc:  # changed on the stick since it was checked
        raise _from_file_error(exc, Path(path)) from None
    if finished:
        result.cursor = _finish(desk, bundle)
    for note in notes:
        events.notify(desk.bus, note)
    desk.bus.publish(events.OUTBOX_CHANGED)
    desk.bus.publish(events.REQUESTS_CHANGED)
    if result.rows_applied:
        desk.bus.publish(events.BULLETINS_CHANGED, count=result.rows_applied, cancelled=[])
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _parse_receipts(payload: bytes) -> list[Receipt]:
    out: list[Receipt] = []
    try:
        docs = json.loads(payload)
    except ValueError:
        return out
    for doc in docs if isinstance(docs, list) else []:
        try:
            out.append(Receipt.model_validate(doc))
        except ValidationError:
            log.warning("return bundle receipt not readable; skipped")
    return out


def _parse_rows(payload: bytes) -> list[Row]:
    rows = []
    for line in payload.splitlines():
        if not line.strip():
            continue
        try:
            rows.append(Row.model_validate_json(line))
        except ValidationError:
            log.warning("return bundle row not readable; skipped")
    return rows


def apply_receipts(
    desk: Desk, session: Session, requests: RequestService, receipts: list[Receipt]
) -> tuple[int, int, list[events.ItemQuarantined]]:
    """Apply receipts carried back by hand, as the online push applies its own.

    An item already receipted (pushed online since, or this bundle applied before) is
    left as it is: a receipt never moves an item backwards.
    """
    done = bad = 0
    notes: list[events.ItemQuarantined] = []
    for receipt in receipts:
        item = session.get(OutboxItem, receipt.id)
        if item is None or item.state in (OutboxState.DONE, OutboxState.QUARANTINED):
            continue
        status = receipt.status
        if status == ReceiptStatus.DUPLICATE:
            status = receipt.first_status or ReceiptStatus.ACCEPTED
        item.receipt = {**receipt.model_dump(exclude_none=True), "via": "usb"}
        when = parse_time(receipt.server_time) or utcnow()
        if status == ReceiptStatus.ACCEPTED:
            item.state = OutboxState.DONE
            item.sent_at = when
            item.error_code = None
            item.last_error = ""
            known = session.get(OutgoingRequest, item.ref_id) is not None
            if item.kind == OutboxKind.REQUEST and known:
                requests.apply_receipt(session, item.ref_id, server_time=when)
            if item.kind == OutboxKind.AUDIT_BATCH:
                PushPart._audit_accepted(session, item)
                seqs = audit_batch_seqs(item.payload)
                if seqs:
                    audit.remember_anchor(desk.credentials, seqs[1], str(item.payload["head"]))
            done += 1
        elif status == ReceiptStatus.RETRY:
            item.state = OutboxState.PENDING  # back in the queue (e.g. attachment missing)
            item.bundle_id = None
            item.error_code = receipt.code or "retry"
            item.last_error = (receipt.message or "")[:500]
        else:
            item.state = OutboxState.QUARANTINED
            item.error_code = receipt.code or str(status)
            item.last_error = (receipt.message or "")[:500]
            bad += 1
            known = session.get(OutgoingRequest, item.ref_id) is not None
            if item.kind == OutboxKind.REQUEST and status == ReceiptStatus.REJECTED and known:
                requests.apply_rejection(session, item.ref_id, item.error_code, item.last_error)
            notes.append(events.ItemQuarantined(item.id, item.kind, item.ref_id, item.error_code))
    return done, bad, notes


def _finish(desk: Desk, bundle: bf.BundleFile) -> str:
    """Move the lane cursors forward to the bundle's and mark it imported."""
    m = bundle.manifest
    with desk.store.write() as s:
        positions = advance_lane_cursors(s, m["positions"])
        set_meta(s, META_RETURN_NEXT + bundle.bundle_id, None)
        set_meta(s, META_RETURN_DONE + bundle.bundle_id, str(m.get("head", 0)))
        audit.record(
            s,
            audit.Action.BUNDLE_IMPORT,
            actor_name="it-staff",
            target_type="usb_bundle",
            target_id=bundle.bundle_id,
        )
    return ".".join(str(p) for p in positions)


def describe(path: Path) -> str | None:
    """``snapshot``, ``outbox`` or ``return`` (what the file's header says it is)."""
    return bf.sniff(Path(path))
