"""Handshake, enrolment, device sessions and online login."""

from __future__ import annotations

from pydantic import Field

from app.sync.protocol.common import Envelope, Role, WireModel
from app.sync.protocol.constants import (
    DEFAULT_PAGE_BYTES,
    DEFAULT_TOKEN_TTL,
    MAX_BATCH_BYTES,
    MAX_BATCH_ITEMS,
    MAX_BLOB_CHUNK,
    MAX_BLOB_SIZE,
    MAX_PAGE_BYTES,
    MAX_REQUEST_BYTES,
)


class Limits(WireModel):
    """Server limits, reported by ``hello``."""

    max_page_bytes: int = MAX_PAGE_BYTES
    default_page_bytes: int = DEFAULT_PAGE_BYTES
    max_batch_items: int = MAX_BATCH_ITEMS
    max_batch_bytes: int = MAX_BATCH_BYTES
    max_blob_chunk: int = MAX_BLOB_CHUNK
    max_blob_size: int = MAX_BLOB_SIZE
    max_request_bytes: int = MAX_REQUEST_BYTES
    token_ttl: int = DEFAULT_TOKEN_TTL


class HelloResponse(Envelope):
    """``GET /api/v1/hello``."""

    protocol_versions: list[int]
    server_id: str
    server_name: str
    server_time: str
    limits: Limits
    codecs: list[str]
    lanes: list[int]
    #: What the server does beyond its protocol versions (``FEATURE_*``; absent from
    #: servers before features were named).
    features: list[str] = Field(default_factory=list)


class EnrolRequest(WireModel):
    """``POST /api/v1/enrol``."""

    code: str = Field(min_length=4, max_length=64)
    device_name: str = Field(min_length=1, max_length=120)
    platform: str = Field(default="", max_length=120)
    client_version: str = Field(default="", max_length=40)
    #: USB exchange (base64 of raw 32-byte public keys): the Ed25519 key the device signs
    #: outbox bundles with, and the X25519 key return bundles are encrypted to.
    usb_sign_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9+/]{43}=$")
    usb_box_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9+/]{43}=$")
    #: PEM of the device's ECDSA P-256 public key (office LAN exchange): the server
    #: answers with a certificate for it. Absent from clients before LAN exchange.
    device_key: str | None = Field(default=None, max_length=1024)


class EnrolResponse(Envelope):
    """Device credentials; the client keeps ``device_secret`` in the OS keyring."""

    device_id: str
    device_secret: str
    office: str
    server_id: str
    server_time: str
    #: The publisher's Ed25519 public key (base64 of 32 raw bytes): it signs every feed
    #: page and snapshot; the client pins it (absent from servers before signatures).
    publisher_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9+/]{43}=$")
    #: The server's X25519 key outbox bundles are encrypted to (USB exchange).
    usb_server_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9+/]{43}=$")
    #: PEM certificate of ``device_key`` for (office, device id), when one was sent.
    device_certificate: str | None = Field(default=None, max_length=4096)
    #: PEM certificate of the regional device authority, pinned for office LAN exchange.
    device_ca: str | None = Field(default=None, max_length=4096)


#: Base64 of a raw 32-byte Ed25519 public key.
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9+/]{43}=$"


class DeviceSessionRequest(WireModel):
    """``POST /api/v1/device-session``."""

    device_id: str = Field(max_length=64)
    device_secret: str = Field(max_length=256)


class SessionResponse(Envelope):
    """A bearer token; ``user`` is set for a user session only."""

    token: str
    expires_at: str
    server_time: str
    device_id: str
    office: str
    user: UserProfile | None = None
    #: Device sessions only: how many entries the office's journal holds and the version
    #: of its list of revoked devices, so a PC that already has both skips asking for
    #: them (absent from older servers: the PC asks on its usual schedule).
    office_journal: int | None = None
    revocations: int | None = None


class LoginRequest(WireModel):
    """``POST /api/v1/login``: user credentials plus the device's credentials.

    ``public_key`` (base64 raw Ed25519) registers the user's signing key in the same round
    trip; it is idempotent.
    """

    device_id: str = Field(max_length=64)
    device_secret: str = Field(max_length=256)
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)
    public_key: str | None = Field(default=None, pattern=PUBLIC_KEY_PATTERN)


class UserProfile(WireModel):
    """The server-side profile of a user."""

    user_id: str
    username: str
    display_name: str
    role: Role
    office: str
    key_ids: list[str] = Field(default_factory=list)


class KeyRegistration(WireModel):
    """``POST /api/v1/keys`` (user session)."""

    public_key: str = Field(pattern=PUBLIC_KEY_PATTERN)


class KeyRegistered(Envelope):
    """Answer to a key registration."""

    key_id: str
    username: str
    registered_at: str


SessionResponse.model_rebuild()
