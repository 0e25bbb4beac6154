"""USB exchange on the server: import a device's outbox bundle, write its return bundle.

``district-desk-server import-bundle FILE [--out RETURN_FILE]``:

1. the bundle's header names a device; the device must be enrolled, not revoked, of the
   office the bundle says, with USB keys registered at enrolment; its Ed25519 signature
   must verify (``bundle.wrong_signature``); the bundle must be addressed to this
   server's X25519 key (``bundle.foreign``) and every frame must match the signed
   manifest (``bundle.tampered``/``truncated``) before anything is applied;
2. the items go through :func:`server.outbox.push_batch`, the code path of an online
   ``POST /outbox`` (same checks, same receipts, same idempotency records): a second
   import, or an import after the items were pushed online, gives ``duplicate``
   receipts and applies nothing twice;
3. the return bundle holds those receipts and every feed row of the device's scopes
   (regional and its office) after the cursor the device wrote in its bundle, in their
   wire form, plus inline thumbnails; it is signed with the publisher key and encrypted
   to the device's X25519 key.

The server's X25519 key lives in a file beside the publisher key (created on first use).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pydantic import ValidationError
from sqlalchemy import func, select

from app.sync.protocol import LANES, ErrorCode, OutboxItem, Receipt, ReceiptStatus
from app.sync.protocol import bundlefile as bf
from server import blobs as blob_access
from server import outbox
from server.accounts import AuthContext
from server.blobs import BlobStore
from server.db import Database
from server.feed import _scopes, row_json
from server.models import Device, DeviceUsbKeys, FeedRow, UsbBundleImport
from server.signing import PublisherKey

#: Environment variable naming the USB key file (else beside the publisher key).
KEY_ENV = "DD_SERVER_USB_KEY"
ROWS_PER_FRAME = 500
ITEMS_PER_TRANSACTION = 200
BLOB_FRAME_BYTES = 4 * 1024 * 1024


class BundleImportError(Exception):
    """The bundle is refused (``code``); nothing was applied."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def usb_key_path(publisher_key_path: Path) -> Path:
    """Where the USB key lives: ``$DD_SERVER_USB_KEY``, else beside the publisher key."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env)
    return publisher_key_path.parent / "district-desk-usb.key"


class UsbKey:
    """The server's X25519 key that outbox bundles are encrypted to (file, mode 0600)."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self.private = private

    @classmethod
    def load_or_create(cls, path: Path) -> UsbKey:
        """Read the key file; create it on first use."""
        if path.exists():
            raw = base64.b64decode(path.read_bytes().strip())
            return cls(X25519PrivateKey.from_private_bytes(raw))
        key = X25519PrivateKey.generate()
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.b64encode(raw) + b"\n")
        os.replace(tmp, path)
        return cls(key)

    def public_key_b64(self) -> str:
        """Base64 of the raw public key (sent at enrolment)."""
        return bf.x25519_public_b64(self.private)


_CACHE: dict[Path, UsbKey] = {}


def server_usb_key(publisher_key: Path | None, blob_dir: Path) -> UsbKey:
    """The server's USB key for a server configured with these paths (read once)."""
    from server.signing import default_key_path

    path = usb_key_path(publisher_key or default_key_path(blob_dir))
    key = _CACHE.get(path)
    if key is None:
        key = _CACHE[path] = UsbKey.load_or_create(path)
    return key


def register_device_keys(
    session: Any, device_id: str, sign_key: str | None, box_key: str | None
) -> None:
    """Keep the USB keys a device sent at enrolment (both or none)."""
    if not sign_key or not box_key:
        return
    row = session.get(DeviceUsbKeys, device_id)
    now = datetime.now(UTC)
    if row is None:
        session.add(
            DeviceUsbKeys(
                device_id=device_id, sign_key=sign_key, box_key=box_key, registered_at=now
            )
        )
    else:
        row.sign_key, row.box_key, row.registered_at = sign_key, box_key, now


def _check(db: Database, bundle: bf.BundleFile) -> tuple[Device, DeviceUsbKeys]:
    m = bundle.manifest
    device_id = str(m.get("device_id", ""))
    with db.read() as session:
        device = session.get(Device, device_id) if len(device_id) <= 36 else None
        keys = session.get(DeviceUsbKeys, device_id) if device is not None else None
        if device is None:
            raise BundleImportError("bundle.unknown_device", device_id)
        if device.revoked_at is not None:
            raise BundleImportError("bundle.device_revoked", device_id)
        if keys is None:
            raise BundleImportError("bundle.no_device_key", device_id)
        if m.get("server_id") != db.server_id():
            raise BundleImportError("bundle.other_server")
        if m.get("office") != device.office:
            raise BundleImportError("bundle.other_office", str(m.get("office")))
        session.expunge(device)
        session.expunge(keys)
    return device, keys


def _items(payload: bytes) -> tuple[list[OutboxItem], list[Receipt]]:
    """The valid items of a frame, and ``rejected`` receipts for unreadable ones."""
    items: list[OutboxItem] = []
    bad: list[Receipt] = []
    try:
        docs = json.loads(payload)
    except ValueError as exc:
        raise BundleImportError("bundle.tampered", "items frame") from exc
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for doc in docs if isinstance(docs, list) else []:
        try:
            items.append(OutboxItem.model_validate(doc))
        except ValidationError:
            ident = str(doc.get("id", "")) if isinstance(doc, dict) else ""
            bad.append(
                Receipt(
                    id=ident[:64] or "-",
                    status=ReceiptStatus.REJECTED,
                    server_time=now,
                    code=ErrorCode.PAYLOAD_INVALID,
                    message="item not readable",
                )
            )
    return items, bad


def import_bundle(
    db: Database,
    blobs: BlobStore,
    path: Path,
    *,
    usb_key: UsbKey,
    publisher: PublisherKey,
    out: Path | None = None,
    part_size: int = bf.MAX_PART_SIZE,
    frame_rows: int = ROWS_PER_FRAME,
) -> dict[str, Any]:
    """Import an outbox bundle; write the return bundle to ``out`` when given.

    Raises:
        BundleImportError: refused before anything was applied.
    """
    try:
        bundle = bf.open_bundle(path, bf.MAGIC_OUTBOX, bf.FORMAT_OUTBOX)
    except bf.BundleError as exc:
        raise BundleImportError(exc.code, exc.detail) from None
    device, keys = _check(db, bundle)
    try:
        bundle.check_signature(keys.sign_key)
        key = bf.open_key(usb_key.private, bundle.manifest)
        # Every frame decrypts before anything is applied (one frame in memory at a time).
        for _ in bf.frames(bundle, key):
            pass
    except bf.BundleError as exc:
        raise BundleImportError(exc.code, exc.detail) from None
    auth = AuthContext(device_id=device.id, office=device.office, user_id=None)
    stored_blobs = 0
    receipts: list[Receipt] = []
    try:
        # Attachments first: a request whose files are here is accepted like an online one.
        held: list[str] = []
        for _, kind, payload in bf.frames(bundle, key):
            if kind == "blobs":
                for sha, data in bf.parse_blob_records(payload):
                    if not blobs.exists(sha):
                        blobs.put(data)
                    held.append(sha)
                    stored_blobs += 1
        # The office proved it holds these bytes, as an online upload does: its requests
        # may cite them (without the grant they were answered "upload first" forever).
        with db.write() as session:
            for sha in held:
                blob_access.grant(session, sha, device.office)
        for _, kind, payload in bf.frames(bundle, key):
            if kind != "items":
                continue
            items, bad = _items(payload)
            receipts += bad
            for start in range(0, len(items), ITEMS_PER_TRANSACTION):
                with db.write() as session:
                    receipts += outbox.push_batch(
                        session, auth, blobs, items[start : start + ITEMS_PER_TRANSACTION]
                    )
    except bf.BundleError as exc:  # the file changed while it was read: idempotent anyway
        raise BundleImportError(exc.code, exc.detail) from None
    with db.write() as session:
        if session.get(UsbBundleImport, bundle.bundle_id) is None:
            session.add(
                UsbBundleImport(
                    bundle_id=bundle.bundle_id,
                    device_id=device.id,
                    items=len(receipts),
                    imported_at=datetime.now(UTC),
                )
            )
    statuses: dict[str, int] = {}
    for r in receipts:
        first = r.first_status.value if r.first_status else None
        label = f"{r.status.value}({first})" if first else r.status.value
        statuses[label] = statuses.get(label, 0) + 1
    summary: dict[str, Any] = {
        "bundle_id": bundle.bundle_id,
        "device_id": device.id,
        "office": device.office,
        "items": len(receipts),
        "receipts": statuses,
        "blobs": stored_blobs,
    }
    if out is not None:
        summary["return"] = write_return(
            db,
            blobs,
            out,
            device=device,
            box_key=keys.box_key,
            in_reply_to=bundle.bundle_id,
            cursor=bundle.manifest.get("cursor"),
            receipts=receipts,
            publisher=publisher,
            part_size=part_size,
            frame_rows=frame_rows,
        )
    return summary


def _positions(cursor: Any) -> list[int]:
    if not isinstance(cursor, list) or len(cursor) != len(LANES):
        return [0] * len(LANES)
    out = []
    for value in cursor:
        try:
            out.append(max(0, int(value)))
        except (TypeError, ValueError):
            out.append(0)
    return out


def write_return(
    db: Database,
    blobs: BlobStore,
    out: Path,
    *,
    device: Device,
    box_key: str,
    in_reply_to: str,
    cursor: Any,
    receipts: list[Receipt],
    publisher: PublisherKey,
    part_size: int = bf.MAX_PART_SIZE,
    frame_rows: int = ROWS_PER_FRAME,
) -> dict[str, Any]:
    """Write the return bundle for ``device``: receipts and the feed since ``cursor``."""
    bundle_id = str(uuid.uuid4())
    writer = bf.BundleWriter(bundle_id, box_key, out.resolve().parent)
    counts: dict[str, int] = {"receipts": len(receipts), "rows": 0, "blobs": 0}
    after = _positions(cursor)
    scopes = list(_scopes(device.office))
    try:
        if receipts:
            docs = [r.model_dump(mode="json", exclude_none=True) for r in receipts]
            writer.add("receipts", len(docs), json.dumps(docs, separators=(",", ":")).encode())
        thumbs: list[str] = []
        with db.read() as session:
            head = int(session.scalar(select(func.max(FeedRow.seq))) or 0)
            for lane, since in zip(LANES, after, strict=True):
                last = since
                while True:
                    chunk = session.execute(
                        select(
                            FeedRow.seq,
                            FeedRow.lane,
                            FeedRow.row_type,
                            FeedRow.row_id,
                            FeedRow.changed_at,
                            FeedRow.tombstone,
                            FeedRow.data,
                        )
                        .where(
                            FeedRow.lane == lane,
                            FeedRow.seq > last,
                            FeedRow.seq <= head,
                            FeedRow.scope.in_(scopes),
                        )
                        .order_by(FeedRow.seq)
                        .limit(max(1, min(frame_rows, 50_000)))
                    ).all()
                    if not chunk:
                        break
                    lines = []
                    for seq, ln, t, i, at, tomb, data in chunk:
                        lines.append(row_json(seq, ln, t, i, at, tomb, data))
                        if t == "m" and not tomb:
                            d = json.loads(data)
                            if not d.get("tb") and isinstance(d.get("th"), str):
                                thumbs.append(d["th"])
                    counts["rows"] += len(lines)
                    writer.add("rows", len(lines), ("\n".join(lines) + "\n").encode("utf-8"))
                    last = int(chunk[-1][0])
        batch: list[tuple[str, bytes]] = []
        size = 0
        for sha in dict.fromkeys(thumbs):
            if not blobs.valid(sha) or not blobs.exists(sha):
                continue
            blob = blobs.path(sha).read_bytes()
            batch.append((sha, blob))
            size += len(blob)
            counts["blobs"] += 1
            if size >= BLOB_FRAME_BYTES:
                writer.add("blobs", len(batch), bf.blob_records(batch))
                batch, size = [], 0
        if batch:
            writer.add("blobs", len(batch), bf.blob_records(batch))
        manifest = {
            "format": bf.FORMAT_RETURN,
            "server_id": db.server_id(),
            "office": device.office,
            "device_id": device.id,
            "in_reply_to": in_reply_to,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "head": head,
            "positions": [max(a, head) for a in after],
            "counts": counts,
        }
        written = writer.write(out, bf.MAGIC_RETURN, manifest, publisher.sign, part_size)
    finally:
        writer.close()
    return {
        "bundle_id": bundle_id,
        "path": str(out),
        "parts": written["parts"],
        "counts": counts,
        "bytes": sum((out.parent / p).stat().st_size for p in written["parts"]),
    }
