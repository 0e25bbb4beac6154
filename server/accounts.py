"""Devices, users, sessions and signing keys of the reference server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam, insert, select
from sqlalchemy.orm import Session

from app.sync.protocol import (
    ErrorCode,
    Role,
    UserProfile,
    b64decode,
    key_id_for,
)
from server.errors import ApiError
from server.models import Device, EnrolmentCode, SigningKey, Token, User
from server.security import (
    check_password_or_dummy,
    code_hash,
    hash_password,
    new_enrolment_code,
    new_secret,
    secret_hash,
)

DEFAULT_CODE_TTL = timedelta(hours=72)


def utcnow() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: treat them as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class AuthContext:
    """Who is calling: always a device, sometimes a user."""

    device_id: str
    office: str
    user_id: str | None


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued bearer token."""

    token: str
    expires_at: datetime


# --- users ---------------------------------------------------------------------------


def add_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    office: str,
    display_name: str | None = None,
) -> User:
    """Create a user.

    Raises:
        ValueError: bad role, empty password or username taken.
    """
    if role not in {r.value for r in Role}:
        raise ValueError(f"unknown role {role!r}")
    if not password:
        raise ValueError("empty password")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"user {username!r} exists")
    user = User(
        id=str(uuid.uuid4()),
        username=username,
        display_name=display_name or username,
        role=role,
        office=office,
        password_hash=hash_password(password),
        disabled=False,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def user_by_name(session: Session, username: str) -> User | None:
    """The user with this username, if any."""
    return session.scalar(select(User).where(User.username == username))


def profile(session: Session, user: User) -> UserProfile:
    """The wire profile of a user."""
    keys = session.scalars(select(SigningKey.key_id).where(SigningKey.user_id == user.id))
    return UserProfile(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        office=user.office,
        key_ids=sorted(keys),
    )


# --- devices -------------------------------------------------------------------------


def issue_enrolment_code(session: Session, office: str, ttl: timedelta = DEFAULT_CODE_TTL) -> str:
    """Create a one-time enrolment code for ``office`` and return it (shown once)."""
    code = new_enrolment_code()
    now = utcnow()
    session.add(
        EnrolmentCode(
            code_hash=code_hash(code), office=office, created_at=now, expires_at=now + ttl
        )
    )
    return code


def enrol_device(
    session: Session, *, code: str, name: str, platform: str, client_version: str
) -> tuple[Device, str]:
    """Use a one-time code to enrol a device; return it and its secret.

    Raises:
        ApiError: ``enrolment_code_invalid``.
    """
    row = session.get(EnrolmentCode, code_hash(code))
    now = utcnow()
    if row is None or row.used_at is not None or aware(row.expires_at) < now:
        raise ApiError(ErrorCode.ENROLMENT_CODE_INVALID, "unknown, used or expired code")
    secret = new_secret()
    device = Device(
        id=str(uuid.uuid4()),
        secret_hash=secret_hash(secret),
        office=row.office,
        name=name,
        platform=platform,
        client_version=client_version,
        enrolled_at=now,
    )
    session.add(device)
    row.used_at = now
    row.device_id = device.id
    session.flush()
    return device, secret


def check_device(session: Session, device_id: str, secret: str | None) -> Device:
    """The device, if it exists, is not revoked and (when given) the secret matches.

    Raises:
        ApiError: ``device_unknown`` or ``device_revoked``.
    """
    device = session.get(Device, device_id) if len(device_id) <= 36 else None
    if device is None or (secret is not None and device.secret_hash != secret_hash(secret)):
        raise ApiError(ErrorCode.DEVICE_UNKNOWN, "device not enrolled with this server")
    if device.revoked_at is not None:
        raise ApiError(ErrorCode.DEVICE_REVOKED, "device revoked by the operator")
    return device


def revoke_device(session: Session, device_id: str) -> bool:
    """Revoke a device; False if there is no such device.

    Its tokens are kept so that its next call is answered ``device_revoked`` (fatal)
    rather than ``token_invalid`` (which would only send it to log in again).
    """
    device = session.get(Device, device_id)
    if device is None:
        return False
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    return True


# --- sessions ------------------------------------------------------------------------


def issue_token(session: Session, device: Device, user: User | None, ttl: int) -> IssuedToken:
    """Create a bearer token for a device (and optionally a user)."""
    token = new_secret()
    now = utcnow()
    expires = now + timedelta(seconds=ttl)
    session.add(
        Token(
            token_hash=secret_hash(token),
            device_id=device.id,
            user_id=user.id if user else None,
            created_at=now,
            expires_at=expires,
        )
    )
    return IssuedToken(token=token, expires_at=expires)


def login_user(session: Session, device: Device, username: str, password: str) -> User:
    """Check a user's credentials for a device of their office.

    Raises:
        ApiError: ``bad_credentials`` or ``office_mismatch``.
    """
    user = user_by_name(session, username)
    # Hash even for an unknown or disabled user: same work, same time, same answer.
    stored = user.password_hash if user is not None else None
    matches = check_password_or_dummy(password, stored)
    if user is None or user.disabled or not matches:
        raise ApiError(ErrorCode.BAD_CREDENTIALS, "wrong username or password")
    if user.office != device.office and user.role != Role.ADMIN:
        raise ApiError(ErrorCode.OFFICE_MISMATCH, "user belongs to another office")
    return user


def authenticate(session: Session, authorization: str | None) -> AuthContext:
    """Resolve an ``Authorization: Bearer`` header to the calling device and user.

    Raises:
        ApiError: an auth code, or ``device_revoked``.
    """
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(ErrorCode.AUTH_REQUIRED, "bearer token required")
    token = session.get(Token, secret_hash(authorization[7:].strip()))
    if token is None:
        raise ApiError(ErrorCode.TOKEN_INVALID, "unknown token")
    device = check_device(session, token.device_id, None)
    if aware(token.expires_at) <= utcnow():
        raise ApiError(ErrorCode.TOKEN_EXPIRED, "token expired")
    return AuthContext(device_id=device.id, office=device.office, user_id=token.user_id)


def _token_lookup() -> Select[Any]:
    tokens, devices = Token.__table__, Device.__table__
    return (
        select(
            tokens.c.device_id,
            tokens.c.user_id,
            tokens.c.expires_at,
            devices.c.office,
            devices.c.revoked_at,
            devices.c.id,
        )
        .select_from(tokens.outerjoin(devices, devices.c.id == tokens.c.device_id))
        .where(tokens.c.token_hash == bindparam("token_hash"))
    )


#: Built once: every authenticated call runs it, and building the statement (and its
#: cache key) each time cost about as much as running it.
_TOKEN_LOOKUP = _token_lookup()


def authenticate_token(conn: Connection, authorization: str | None) -> AuthContext:
    """:func:`authenticate` in one statement (token joined to its device), without ORM.

    Every authenticated call runs this: one indexed read instead of a transaction with
    two ORM loads. Same checks, same answers.

    Raises:
        ApiError: an auth code, or ``device_revoked``.
    """
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(ErrorCode.AUTH_REQUIRED, "bearer token required")
    found = conn.execute(
        _TOKEN_LOOKUP, {"token_hash": secret_hash(authorization[7:].strip())}
    ).first()
    if found is None:
        raise ApiError(ErrorCode.TOKEN_INVALID, "unknown token")
    device_id, user_id, expires_at, office, revoked_at, known = found
    if known is None:
        raise ApiError(ErrorCode.DEVICE_UNKNOWN, "device not enrolled with this server")
    if revoked_at is not None:
        raise ApiError(ErrorCode.DEVICE_REVOKED, "device revoked by the operator")
    if aware(expires_at) <= utcnow():
        raise ApiError(ErrorCode.TOKEN_EXPIRED, "token expired")
    return AuthContext(device_id=device_id, office=office, user_id=user_id)


def device_lookup(*also: Any) -> Select[Any]:
    """The statement :func:`device_token` reads a device with (``device_id`` bound).

    ``also``: more columns of that one row, such as scalar subqueries on the device's
    office (``Device.__table__.c.office``); build the statement once and pass it on."""
    devices = Device.__table__
    return select(devices.c.secret_hash, devices.c.office, devices.c.revoked_at, *also).where(
        devices.c.id == bindparam("device_id")
    )


#: Built once, like the token lookup: every PC's every cycle renews its session.
_DEVICE_LOOKUP = device_lookup()
_TOKEN_INSERT = insert(Token)


def device_token(
    conn: Connection, device_id: str, secret: str, ttl: int, lookup: Select[Any] | None = None
) -> tuple[str, IssuedToken, tuple[Any, ...]]:
    """:func:`check_device` and :func:`issue_token` for a device session, without ORM.

    One read and one insert, each its own statement: a device revoked in between gets a
    token that every call then refuses (``device_revoked``). ``lookup``: a statement of
    :func:`device_lookup` with more columns, read in the same statement.

    Returns:
        The device's office, the token and the values of the lookup's further columns.

    Raises:
        ApiError: ``device_unknown`` or ``device_revoked``.
    """
    found = None
    if len(device_id) <= 36:
        stmt = _DEVICE_LOOKUP if lookup is None else lookup
        found = conn.execute(stmt, {"device_id": device_id}).first()
    if found is None or found[0] != secret_hash(secret):
        raise ApiError(ErrorCode.DEVICE_UNKNOWN, "device not enrolled with this server")
    if found[2] is not None:
        raise ApiError(ErrorCode.DEVICE_REVOKED, "device revoked by the operator")
    token = new_secret()
    now = utcnow()
    expires = now + timedelta(seconds=ttl)
    conn.execute(
        _TOKEN_INSERT,
        {
            "token_hash": secret_hash(token),
            "device_id": device_id,
            "user_id": None,
            "created_at": now,
            "expires_at": expires,
        },
    )
    return str(found[1]), IssuedToken(token=token, expires_at=expires), tuple(found[3:])


# --- keys ----------------------------------------------------------------------------


def register_key(session: Session, user: User, public_key_b64: str) -> SigningKey:
    """Register (idempotently) an Ed25519 public key for ``user``.

    Raises:
        ApiError: ``bad_request`` (not a key) or ``key_conflict`` (another user's key).
    """
    try:
        raw = b64decode(public_key_b64)
    except ValueError as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, "public_key is not base64") from exc
    if len(raw) != 32:
        raise ApiError(ErrorCode.BAD_REQUEST, "public_key must be 32 raw bytes")
    key_id = key_id_for(raw)
    existing = session.get(SigningKey, key_id)
    if existing is not None:
        if existing.user_id != user.id:
            raise ApiError(ErrorCode.KEY_CONFLICT, "key registered to another user")
        return existing
    key = SigningKey(
        key_id=key_id,
        user_id=user.id,
        public_key=public_key_b64,
        registered_at=utcnow(),
    )
    session.add(key)
    session.flush()
    return key


def keys_of(session: Session, user_id: str) -> list[SigningKey]:
    """Registered keys of a user."""
    return list(session.scalars(select(SigningKey).where(SigningKey.user_id == user_id)))
