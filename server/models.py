"""Database models of the reference regional server (its own metadata, not the client's).

The change feed table holds the latest version of every published entity (bulletins,
cases, notes, replies, request statuses, media): it is both the feed and the store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base with the server's own metadata."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class ServerMeta(Base):
    """Key/value facts about this server (its id, schema version)."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A person who may log in from a device of their office."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(32), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SigningKey(Base):
    """A user's registered Ed25519 public key."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    public_key: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EnrolmentCode(Base):
    """A one-time enrolment code (only its hash is kept)."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    office: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Device(Base):
    """An enrolled office PC."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    office: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    platform: Mapped[str] = mapped_column(String(120), default="")
    client_version: Mapped[str] = mapped_column(String(40), default="")
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DeviceUsbKeys(Base):
    """A device's USB exchange keys, registered at enrolment (issue 16).

    ``sign_key`` (Ed25519) checks its outbox bundles; ``box_key`` (X25519) is what its
    return bundles are encrypted to. Base64 of the raw 32 bytes.
    """

    __tablename__ = "device_usb_keys"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sign_key: Mapped[str] = mapped_column(String(44))
    box_key: Mapped[str] = mapped_column(String(44))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UsbBundleImport(Base):
    """An outbox bundle the server imported (one row per bundle id; imports are idempotent
    anyway, the row says when and how many items)."""

    __tablename__ = "usb_bundle_imports"

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    items: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceSeen(Base):
    """When a device last called the server, and with which client version."""

    __tablename__ = "device_seen"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office: Mapped[str] = mapped_column(String(32), index=True)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    client_version: Mapped[str] = mapped_column(String(40), default="")


class Token(Base):
    """A bearer token (only its hash is kept)."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedCounter(Base):
    """The single row holding the last allocated change number."""

    __tablename__ = "feed_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


class FeedHead(Base):
    """Highest change number published in one scope (``""`` regional, else an office).

    Kept at publish time, under the feed counter's lock, so the head a device sees is
    two primary-key reads instead of ``max(seq)`` over every row of the feed.
    """

    __tablename__ = "feed_heads"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


class FeedRow(Base):
    """Latest version of one published entity; ``seq`` changes with every version."""

    __tablename__ = "feed_rows"
    __table_args__ = (Index("ix_feed_rows_lane_seq", "lane", "seq"),)

    row_type: Mapped[str] = mapped_column(String(1), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    lane: Mapped[int] = mapped_column(Integer)
    #: ``""`` for regional rows, else the office code the row belongs to.
    scope: Mapped[str] = mapped_column(String(32), index=True)
    changed_at: Mapped[int] = mapped_column(BigInteger)
    tombstone: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Compact JSON of the row's ``d`` object, stored ready to send.
    data: Mapped[str] = mapped_column(Text)
    #: Owner (``b``/``c`` + id) for media rows and case notes, to cascade cancellations.
    owner: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)


class LaneStat(Base):
    """Running count and XOR checksum of the live rows of one scope and lane."""

    __tablename__ = "lane_stats"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    lane: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    checksum: Mapped[str] = mapped_column(String(16), default="0" * 16)


class LaneDigest(Base):
    """Running number of rows and XOR of their content digests, per scope and lane.

    Every row counts, tombstones included (``app.sync.digest``); kept by
    ``server.feed.account_digest`` in the transaction that publishes the row.
    """

    __tablename__ = "lane_digests"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    lane: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    digest: Mapped[str] = mapped_column(String(16), default="0" * 16)


class OutgoingRequest(Base):
    """A request received from an office (or a withdrawal that arrived first)."""

    __tablename__ = "requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    drafter: Mapped[str | None] = mapped_column(String(80), nullable=True)
    approver: Mapped[str | None] = mapped_column(String(80), nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    content: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ItemRecord(Base):
    """Permanent idempotency record of an outbox item and its first receipt."""

    __tablename__ = "outbox_items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    body_hash: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    server_time: Mapped[str] = mapped_column(String(32))
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    payload: Mapped[str] = mapped_column(Text)


class SeenSignature(Base):
    """Every signature accepted, to refuse its reuse on another item."""

    __tablename__ = "seen_signatures"

    sig_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36))


class AuditAnchor(Base):
    """Head of each device's audit chain as last uploaded."""

    __tablename__ = "audit_anchors"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    head: Mapped[str] = mapped_column(String(64))
    events: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BlobGrant(Base):
    """An office (or, with scope ``""``, every office) entitled to download a blob."""

    __tablename__ = "blob_grants"

    sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: ``""`` for regional media, else the office code.
    scope: Mapped[str] = mapped_column(String(32), primary_key=True)


class LoginThrottle(Base):
    """Failed password attempts of one subject (``user:<name>``, ``device:<id>``, ``addr:<ip>``)."""

    __tablename__ = "login_throttle"

    subject: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SecurityEvent(Base):
    """Security-relevant events the operator reviews (lock-outs, unlocks, rollbacks)."""

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    office: Mapped[str | None] = mapped_column(String(32), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(160), nullable=True)
    #: Compact JSON with the event's facts (never a password or token).
    detail: Mapped[str] = mapped_column(Text, default="{}")


class OfficeJournalEntry(Base):
    """An entry of an office's journal (work in progress shared between its PCs).

    Stored as received and handed only to devices of ``office``. Ids and counters are
    unique per office, so one office can neither block nor shadow another's entries.
    """

    __tablename__ = "office_journal"
    __table_args__ = (
        UniqueConstraint("office", "entry_id", name="uq_office_journal_entry"),
        UniqueConstraint("office", "device_id", "counter", name="uq_office_journal_counter"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office: Mapped[str] = mapped_column(String(32), index=True)
    entry_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(64))
    counter: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceCertificate(Base):
    """A device certificate the regional device authority issued (office LAN exchange).

    Kept so that a revoked device's certificates can be named in its office's revocation
    list (``server/revocation.py``) by their SHA-256, beside the device id they carry.
    """

    __tablename__ = "device_certificates"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    office: Mapped[str] = mapped_column(String(32), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
