"""The handshake and the sessions: ``hello``, the device token, online login."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app.errors import AuthError
from app.store.meta import (
    META_SERVER_ID,
    META_SERVER_URL,
    get_meta,
)
from app.store.models import (
    Role,
    User,
)
from app.sync.base import EngineBase
from app.sync.client import (
    SyncFailure,
    Transport,
)
from app.sync.news import hold_seconds as news_hold_seconds
from app.sync.protocol import (
    MAX_BATCH_BYTES,
    MAX_BATCH_ITEMS,
    MAX_BLOB_CHUNK,
    MAX_BLOB_SIZE,
    MAX_PAGE_BYTES,
    PROTOCOL_VERSION,
    ErrorClass,
    ErrorCode,
    HelloResponse,
    KeyRegistered,
    Limits,
    SessionResponse,
    b64encode,
    parse_timestamp,
)
from app.sync.state import (
    now_utc,
)
from app.users import (
    Actor,
    OnlineProfile,
    actor_after_online_login,
    cache_online_login,
    mark_key_registered,
)

log = logging.getLogger(__name__)

# Keyring names (Credentials namespaces them per installation).
CRED_DEVICE_ID = "device-id"
CRED_DEVICE_SECRET = "device-secret"  # noqa: S105 - a key name, not a secret
CRED_DEVICE_TOKEN = "device-token"  # noqa: S105


def user_token_key(username: str) -> str:
    """Keyring name of a user's session token."""
    return f"token:{username}"


class SessionPart(EngineBase):
    """The transport to the enrolled server and the sessions on it."""

    def _server(self) -> tuple[str, str | None]:
        with self.desk.store.read() as s:
            # The site file wins: IT staff change it when the regional server moves. The
            # device credentials still belong to the server enrolled with, and the server
            # id sent with every call makes any other server refuse them (wrong_server).
            url = self.desk.site.server_url or get_meta(s, META_SERVER_URL) or ""
            sid = get_meta(s, META_SERVER_ID)
        return url, sid

    def interrupt(self) -> None:
        """After the cycle's cancel hook turned true: end its current call now (from any
        thread; a held ``/news`` call would otherwise notice within a few seconds)."""
        if self._transport is not None:
            self._transport.interrupt()

    def transport(self) -> Transport:
        """The (lazily created) transport to the enrolled server."""
        if self._transport is None:
            url, sid = self._server()
            if not url:
                raise SyncFailure("sync.not_enrolled", ErrorClass.FATAL, "no_server_url")
            self._transport = Transport(
                url,
                ca_bundle=self.desk.site.ca_bundle,
                pin_sha256=self.desk.site.pin_sha256,
                deadlines=self.options.deadlines,
                server_id=sid,
                stats=self.stats,
            )
            self._transport.renew_token = self._renew_device_token
            # site.toml nat_idle_seconds: how long the office's mobile NAT holds an idle
            # connection; an older one is opened anew rather than waited on.
            self._transport.nat_idle_seconds = float(self.desk.site.nat_idle_seconds)
        return self._transport

    def news_hold(self) -> float:
        """Seconds an idle cycle's ``/news`` call may be held (``app.sync.news``)."""
        if self.news_unsupported:
            return 0.0
        return news_hold_seconds(
            self.options.interval_seconds,
            self.options.news_wait_seconds,
            float(self.desk.site.nat_idle_seconds),
        )

    def next_interval(self) -> float:
        """Seconds from a good cycle to the next: ``interval_seconds`` less the hold.

        A held ``/news`` call already spent the interval waiting for news, so the next one
        is asked at once (the scheduler's own minimum applies); one call per interval
        either way.
        """
        return max(1.0, self.options.interval_seconds - self.news_hold())

    def close(self) -> None:
        """Close network connections (the store stays open: it belongs to the desk)."""
        self._hello_until = 0.0
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def _hello_if_due(self) -> None:
        """``/hello`` when the last one is older than ``hello_ttl_seconds`` (or failed)."""
        if time.monotonic() < self._hello_until and self._transport is not None:
            return
        self._hello()
        self._hello_until = time.monotonic() + self.options.hello_ttl_seconds

    def _forget_hello(self) -> None:
        self._hello_until = 0.0

    def _hello(self) -> HelloResponse:
        t = self.transport()
        hello = t.call("GET", "/hello", HelloResponse, auth=False)
        if PROTOCOL_VERSION not in hello.protocol_versions:
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "protocol_version",
                server_code=ErrorCode.PROTOCOL_UNSUPPORTED.value,
            )
        if t.server_id and hello.server_id != t.server_id:
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "wrong_server",
                server_code=ErrorCode.WRONG_SERVER.value,
            )
        t.codecs = [c for c in ("zstd", "gzip") if c in hello.codecs]
        self._limits = _sane_limits(hello.limits)
        self._server_versions = {v for v in hello.protocol_versions if isinstance(v, int)}
        self._server_features = {f for f in hello.features if isinstance(f, str)}
        return hello

    def _device_credentials(self) -> tuple[str, str]:
        creds = self.desk.credentials
        device_id = creds.get(CRED_DEVICE_ID)
        secret = creds.get(CRED_DEVICE_SECRET)
        if not device_id or not secret:
            raise SyncFailure("sync.not_enrolled", ErrorClass.FATAL, "not_enrolled")
        return device_id, secret

    def _ensure_device_token(self) -> None:
        t = self.transport()
        if t.token:
            return
        cached = self.desk.credentials.get(CRED_DEVICE_TOKEN)
        if cached:
            try:
                doc = json.loads(cached)
                if parse_timestamp(doc["expires_at"]) > now_utc() + timedelta(seconds=60):
                    t.token = str(doc["token"])
                    return
            except (ValueError, KeyError, TypeError):
                pass
        self._renew_device_token()

    def _note_office_state(self, resp: SessionResponse) -> None:
        """A device session says how many office-journal entries and which revocation
        list version the office has. What this PC already has is not asked for again
        (each ask is a round trip, a second of an office link); what it lacks is asked
        for in this cycle, without waiting for the polls' interval. Entries this PC has
        not sent yet still go up in this cycle."""
        from app.peer import revocation
        from app.sync import office

        store = self.desk.store
        if resp.revocations is not None:
            revocation.mark_polled(store, due=resp.revocations != revocation.held_version(store))
        if resp.office_journal is not None:
            office.mark_polled(store, due=resp.office_journal != office.known_server_total(store))

    def _renew_device_token(self) -> None:
        t = self.transport()
        device_id, secret = self._device_credentials()
        t.token = None
        resp = t.call(
            "POST",
            "/device-session",
            SessionResponse,
            auth=False,
            json_body={"device_id": device_id, "device_secret": secret},
            retry_auth=False,
        )
        t.token = resp.token
        self._note_office_state(resp)
        self.desk.credentials.set(
            CRED_DEVICE_TOKEN, json.dumps({"token": resp.token, "expires_at": resp.expires_at})
        )

    def login_online(self, username: str, password: str) -> Actor:
        """Log in against the server; cache the profile and Argon2 hash for offline login.

        The user's Ed25519 public key is registered with the server in the same call (or
        right after, for a user new to this PC), before anything they sign is pushed.

        Raises:
            AuthError: wrong user name or password (the server said so).
            AccountLocked: the account is locked on this PC.
            SyncFailure: the server cannot be reached or refused for another reason.
        """
        username = username.strip()
        self._hello()
        device_id, secret = self._device_credentials()
        with self.desk.store.read() as s:
            local = s.scalar(select(User).where(User.username == username))
            public = local.signing_public_key if local is not None else None
        body: dict[str, Any] = {
            "device_id": device_id,
            "device_secret": secret,
            "username": username,
            "password": password,
        }
        if public:
            body["public_key"] = b64encode(public)
        t = self.transport()
        try:
            resp = t.call(
                "POST", "/login", SessionResponse, auth=False, json_body=body, retry_auth=False
            )
        except SyncFailure as exc:
            if exc.server_code in (ErrorCode.BAD_CREDENTIALS.value,):
                raise AuthError() from exc
            if exc.server_code == ErrorCode.LOGIN_LOCKED.value:
                # The server's lock-out (too many wrong passwords): ui says who can lift it.
                raise AuthError(ErrorCode.LOGIN_LOCKED.value) from exc
            raise
        profile = resp.user
        if profile is None:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_profile")
        self.desk.credentials.set(
            user_token_key(username),
            json.dumps({"token": resp.token, "expires_at": resp.expires_at}),
        )
        user_id, register_key = cache_online_login(
            self.desk.store,
            username,
            password,
            OnlineProfile(
                role=Role(profile.role.value),
                office_code=profile.office,
                display_name=profile.display_name,
            ),
            server_knows_key=bool(public),
        )
        if register_key is not None:
            saved = t.token
            t.token = resp.token
            try:
                t.call(
                    "POST",
                    "/keys",
                    KeyRegistered,
                    json_body={"public_key": b64encode(register_key)},
                    retry_auth=False,
                )
            finally:
                t.token = saved
            mark_key_registered(self.desk.store, user_id)
        return actor_after_online_login(self.desk.store, user_id, password)


def _sane_limits(limits: Limits) -> Limits:
    """The server's limits kept within the protocol's own (a server cannot ask the client
    for 1 TB pages, zero-byte chunks or a million items per batch)."""

    def clamp(value: int, low: int, high: int) -> int:
        return max(low, min(value, high))

    page = clamp(limits.max_page_bytes, 4096, MAX_PAGE_BYTES)
    return limits.model_copy(
        update={
            "max_page_bytes": page,
            "default_page_bytes": clamp(limits.default_page_bytes, 4096, page),
            "max_batch_items": clamp(limits.max_batch_items, 1, MAX_BATCH_ITEMS),
            "max_batch_bytes": clamp(limits.max_batch_bytes, 4096, MAX_BATCH_BYTES),
            "max_blob_chunk": clamp(limits.max_blob_chunk, 4096, MAX_BLOB_CHUNK),
            "max_blob_size": clamp(limits.max_blob_size, 0, MAX_BLOB_SIZE),
        }
    )
