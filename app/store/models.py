"""The District Desk domain as SQLAlchemy 2 typed ORM models.

Synced rows carry a UUID (client- or server-generated), ``created_at``/``updated_at``
(UTC), ``server_seq`` (the server's change number) and a tombstone. Dates of birth are
three nullable integers because real notices carry ``1975/00/00``.

Schema changes only happen through the Alembic migrations next to this module.
"""

from __future__ import annotations

import enum
import functools
import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


#: How the store and the audit chain's canonical fields write a moment: UTC with
#: microseconds and ``Z``. The protocol's own form has milliseconds
#: (``app.sync.canonical.format_timestamp``); the audit chain hashes this one, so it stays.
STORE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


@functools.lru_cache(maxsize=64)
def format_store_time(moment: datetime) -> str:
    """``moment`` (aware) in :data:`STORE_TIME_FORMAT`.

    Cached: a page of bulletins writes the same ``now`` into thousands of rows.
    """
    return moment.astimezone(UTC).strftime(STORE_TIME_FORMAT)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes stored as ISO text (sortable, unambiguous)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return format_store_time(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, STORE_TIME_FORMAT).replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        date: Date,
    }


class Role(enum.StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class BulletinKind(enum.StrEnum):
    RED = "red"  # wanted for arrest
    YELLOW = "yellow"  # missing person
    BLUE = "blue"  # locate / more information
    BLACK = "black"  # unidentified body
    GREEN = "green"  # warning
    ORANGE = "orange"  # threat
    PURPLE = "purple"  # modus operandi
    UN_SPECIAL = "un_special"
    STOLEN_VEHICLE = "stolen_vehicle"
    STOLEN_DOCUMENT = "stolen_document"
    NATIONAL_ALERT = "national_alert"
    REGIONAL_ALERT = "regional_alert"


class RequestType(enum.StrEnum):
    INFORMATION = "information"
    LOCATE = "locate"
    DOCUMENT_CHECK = "document_check"
    VEHICLE_CHECK = "vehicle_check"
    HIT_NOTIFICATION = "hit_notification"
    ARREST = "arrest"
    FOREIGN_REPLY = "foreign_reply"


class Priority(enum.StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    IMMEDIATE = "immediate"


class HandlingCode(enum.StrEnum):
    """Handling restrictions shown as a banner on screen, in print and in export."""

    UNRESTRICTED = "unrestricted"
    LAW_ENFORCEMENT = "law_enforcement"  # law-enforcement use only
    RESTRICTED = "restricted"  # named recipients only
    NO_FURTHER = "no_further"  # not to be passed on without the source's consent


class RequestState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    QUEUED = "queued"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    REJECTED_BY_SERVER = "rejected_by_server"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        values_callable=lambda e: [m.value for m in e],
        length=32,
        validate_strings=True,
    )


class SyncedMixin:
    """Columns every row that travels to or from the server carries."""

    server_seq: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Office(Base):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    office_code: Mapped[str] = mapped_column(String(32), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Ed25519 signing key: private half encrypted under the user's password.
    signing_public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    signing_private_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    last_online_login: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Bulletin(SyncedMixin, Base):
    """A notice or alert shared through the regional server (read-only on the client)."""

    __tablename__ = "bulletins"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[BulletinKind] = mapped_column(_enum(BulletinKind, "bulletin_kind"), index=True)
    reference: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    issuing_country: Mapped[str] = mapped_column(String(3), default="", index=True)
    issued_on: Mapped[date | None] = mapped_column()
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    handling_code: Mapped[HandlingCode] = mapped_column(
        _enum(HandlingCode, "handling_code"), default=HandlingCode.LAW_ENFORCEMENT
    )
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column()
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    thumb_sha256: Mapped[str | None] = mapped_column(String(64))
    data_as_of: Mapped[datetime | None] = mapped_column()
    # added by migration 0003: issuing authority and charges/reason as the server sends them
    issuer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    charges: Mapped[str] = mapped_column(Text, default="", server_default="")
    # added by migration 0007: time of day of issue (HH:MM, the issuer's time)
    issued_time: Mapped[str | None] = mapped_column(String(5))

    persons: Mapped[list[Person]] = relationship(back_populates="bulletin")
    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="bulletin")
    documents: Mapped[list[Document]] = relationship(back_populates="bulletin")

    __table_args__ = (
        Index("ix_bulletins_issued", "issued_on"),
        # The bulletin list (ui): count and page live bulletins from the index alone.
        Index("ix_bulletins_list", "deleted", "issued_on"),
        # Its filters (migration 0007): each one an index range in list order, and a
        # filtered count read from the index alone.
        Index("ix_bulletins_kind_list", "deleted", "kind", "issued_on"),
        Index("ix_bulletins_country_list", "deleted", "issuing_country", "issued_on"),
        Index(
            "ix_bulletins_not_cancelled",
            "issued_on",
            sqlite_where=text("deleted = 0 AND cancelled = 0"),
        ),
        Index("ix_bulletins_urgent", "issued_on", sqlite_where=text("deleted = 0 AND urgent = 1")),
    )


class Person(SyncedMixin, Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bulletin_id: Mapped[str | None] = mapped_column(ForeignKey("bulletins.id"), index=True)
    sex: Mapped[str | None] = mapped_column(String(1))  # "M", "F" or NULL when unknown
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    nationality: Mapped[str | None] = mapped_column(String(3))
    # added by migration 0007: every nationality (ISO alpha-2, space-separated), first first
    nationalities: Mapped[str] = mapped_column(String(64), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")

    bulletin: Mapped[Bulletin | None] = relationship(back_populates="persons")
    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonName.position"
    )


class PersonName(Base):
    """One spelling of a person's name, kept verbatim with its script and origin."""

    __tablename__ = "person_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(300))
    surname: Mapped[str] = mapped_column(String(150), default="")
    given_name: Mapped[str] = mapped_column(String(150), default="")
    patronymic: Mapped[str] = mapped_column(String(150), default="")
    script: Mapped[str] = mapped_column(String(8), default="")  # ISO 15924: Cyrl, Latn
    language: Mapped[str] = mapped_column(String(8), default="")  # ru, kk, ky, uz, tg, tk
    name_type: Mapped[str] = mapped_column(String(16), default="primary")  # alias, passport...

    person: Mapped[Person] = relationship(back_populates="names")


class Vehicle(SyncedMixin, Base):
    __tablename__ = "vehicles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bulletin_id: Mapped[str | None] = mapped_column(ForeignKey("bulletins.id"), index=True)
    plate: Mapped[str] = mapped_column(String(32), default="")
    plate_norm: Mapped[str] = mapped_column(String(32), default="", index=True)
    vin: Mapped[str] = mapped_column(String(17), default="", index=True)
    make: Mapped[str] = mapped_column(String(64), default="")
    model: Mapped[str] = mapped_column(String(64), default="")
    colour: Mapped[str] = mapped_column(String(32), default="")
    registration_country: Mapped[str] = mapped_column(String(3), default="")

    bulletin: Mapped[Bulletin | None] = relationship(back_populates="vehicles")


class Document(SyncedMixin, Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bulletin_id: Mapped[str | None] = mapped_column(ForeignKey("bulletins.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(32), default="passport")
    number: Mapped[str] = mapped_column(String(64), default="")
    number_norm: Mapped[str] = mapped_column(String(64), default="", index=True)
    issuing_country: Mapped[str] = mapped_column(String(3), default="")
    holder_name: Mapped[str] = mapped_column(String(300), default="")

    bulletin: Mapped[Bulletin | None] = relationship(back_populates="documents")


class Case(SyncedMixin, Base):
    """One of the office's case files."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    office_code: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    handling_code: Mapped[HandlingCode] = mapped_column(
        _enum(HandlingCode, "handling_code"), default=HandlingCode.LAW_ENFORCEMENT
    )
    opened_on: Mapped[date | None] = mapped_column()
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")  # migration 0003

    subjects: Mapped[list[CaseSubject]] = relationship(cascade="all, delete-orphan")
    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.created_at")


class CaseSubject(Base):
    __tablename__ = "case_subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(String(32), default="subject")

    person: Mapped[Person] = relationship()


class CaseEvent(Base):
    """An append-only addition to a case: a note, an attachment or a link.

    Events are never updated or deleted, so edits made offline on two PCs never
    overwrite each other; a correction is a new event.
    """

    __tablename__ = "case_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # note, attachment, link
    author_id: Mapped[str | None] = mapped_column(String(36))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    link_ref: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(8), default="local")  # local, office or server


class OutgoingRequest(Base):
    """A request drafted in the office, to leave only after a supervisor's approval."""

    __tablename__ = "requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_type: Mapped[RequestType] = mapped_column(_enum(RequestType, "request_type"))
    priority: Mapped[Priority] = mapped_column(
        _enum(Priority, "priority"), default=Priority.ROUTINE
    )
    due_date: Mapped[date | None] = mapped_column()
    state: Mapped[RequestState] = mapped_column(
        _enum(RequestState, "request_state"), default=RequestState.DRAFT, index=True
    )
    office_code: Mapped[str] = mapped_column(String(32), default="")
    drafter_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    handling_code: Mapped[HandlingCode] = mapped_column(
        _enum(HandlingCode, "handling_code"), default=HandlingCode.LAW_ENFORCEMENT
    )
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    approved_hash: Mapped[str | None] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    approved_at: Mapped[datetime | None] = mapped_column()
    last_reason: Mapped[str] = mapped_column(Text, default="")
    server_reason_code: Mapped[str | None] = mapped_column(String(64))
    server_reference: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column()  # server time of the receipt
    copied_from: Mapped[str | None] = mapped_column(String(36))
    hit_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    transitions: Mapped[list[RequestTransition]] = relationship(
        order_by="RequestTransition.id", cascade="all"
    )


class RequestTransition(Base):
    """The history of a request's states, with who, why and which content."""

    __tablename__ = "request_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Reply(SyncedMixin, Base):
    """An incoming answer to one of the office's requests."""

    __tablename__ = "replies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str | None] = mapped_column(String(36), index=True)
    from_agency: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    handling_code: Mapped[HandlingCode] = mapped_column(
        _enum(HandlingCode, "handling_code"), default=HandlingCode.LAW_ENFORCEMENT
    )
    received_at: Mapped[datetime | None] = mapped_column()
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_to: Mapped[str | None] = mapped_column(String(36))


class Hit(Base):
    """An officer's record that a person/vehicle/document matches a bulletin."""

    __tablename__ = "hits"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bulletin_id: Mapped[str] = mapped_column(ForeignKey("bulletins.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16), default="person")
    target_id: Mapped[str | None] = mapped_column(String(36))
    officer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    place: Mapped[str] = mapped_column(String(300), default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")
    query: Mapped[str] = mapped_column(String(300), default="")
    match_explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(Base):
    """A file kept in the encrypted blob store, addressed by the SHA-256 of its content."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    filename: Mapped[str] = mapped_column(String(255), default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThumbnailSegment(Base):
    """Thumbnails stored back to back inside the encrypted database (``app.store.blobs``):
    a 3-6 KB row each would take a 4 KB page or two, like a file takes a block or two."""

    __tablename__ = "thumbnail_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PackedThumbnail(Base):
    """Where one thumbnail is in ``thumbnail_segments``."""

    __tablename__ = "thumbnail_pack"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    segment: Mapped[int] = mapped_column(Integer, index=True)
    offset: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)


class AuditEvent(Base):
    """One link of the append-only, hash-chained audit log."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(48), index=True)
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(80), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)


class Meta(Base):
    """Small key/value facts about this installation (enrolment, server id, ...)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- added by migration 0002: sync bookkeeping -------------------------------------------


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # frozen: payload can no longer change
    DONE = "done"
    QUARANTINED = "quarantined"
    #: Written to a USB outbox bundle (``bundle_id``), waiting for its return bundle.
    CARRIED = "carried"


class OutboxItem(Base):
    """One thing to send to the server, exactly once, idempotently.

    The payload is frozen when the item is created; the server applies an id at most
    once and answers a repeat with the same receipt.
    """

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # send order
    kind: Mapped[str] = mapped_column(String(24))
    ref_id: Mapped[str] = mapped_column(String(36), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[OutboxState] = mapped_column(
        _enum(OutboxState, "outbox_state"), default=OutboxState.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    error_code: Mapped[str | None] = mapped_column(String(64))
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    #: The USB outbox bundle the item was carried in (migration 0013); kept after the
    #: receipt so the record says how the item travelled.
    bundle_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class SyncCursor(Base):
    """The server cursor of one pull lane; written in the same transaction as its page."""

    __tablename__ = "sync_cursors"

    lane: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- added by migration 0003: client-side sync bookkeeping -------------------------------


class SyncRow(Base):
    """The feed position of one server entity this device holds (for integrity checks).

    ``t``/``i``/``s``/``lane`` are the feed row's type, id, seq and lane; ``live`` is false
    for a tombstone; ``bad`` marks a row whose data could not be applied (kept so the
    per-lane integrity sums match and the row is not fetched again and again) and
    ``reason`` says why.
    """

    __tablename__ = "sync_rows"

    t: Mapped[str] = mapped_column(String(1), primary_key=True)
    i: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    s: Mapped[int] = mapped_column(Integer)
    lane: Mapped[int] = mapped_column(Integer)
    live: Mapped[bool] = mapped_column(Boolean, default=True)
    bad: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Why a ``bad`` row could not be applied (``app.sync.protocol.ROW_PROBLEMS``).
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: The row's content digest (``app.sync.digest.row_digest``, signed 64-bit); NULL for
    #: rows recorded before digests existed (their lane shows a mismatch and is repaired
    #: once). Triggers keep :class:`LaneSum` up to date on every write of this table.
    h: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_sync_rows_lane_live", "lane", "live"),
        Index("ix_sync_rows_bad", "bad"),
    )


class LaneSum(Base):
    """Per-lane number of rows and XOR of their content digests (``sync_rows`` with s > 0).

    Written only by the SQLite triggers of migration ``0007_lane_digests`` in the same
    transaction as the ``sync_rows`` write, so an integrity check reads four rows whatever
    the size of the store (a rebuild of ``sync_rows`` in batch mode would drop the
    triggers: a later migration that rebuilds it must create them again).
    """

    __tablename__ = "lane_sums"

    lane: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    digest: Mapped[int] = mapped_column(Integer, default=0)


class Media(Base):
    """A photo of a bulletin or case: full-size blob (on demand) and its thumbnail."""

    __tablename__ = "media"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(1))
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(100))
    thumb_sha256: Mapped[str] = mapped_column(String(64))
    thumb_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class OfficeEntry(Base):
    """One entry of the office journal: an action on a request, shared with the office.

    See :mod:`app.office.journal` and docs/office-exchange.md. ``counter`` is NULL while
    the request is this PC's alone (a draft its author has not shared); ``outcome`` is the
    fold's verdict on the entry (NULL when it counts, else the reason code it lost with).
    """

    __tablename__ = "office_journal"
    __table_args__ = (
        Index("ix_office_journal_device_counter", "device_id", "counter", unique=True),
        Index("ix_office_journal_request", "request_id"),
        Index("ix_office_journal_hlc", "hlc"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    counter: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str] = mapped_column(String(36))
    parent: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str | None] = mapped_column(String(48))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
