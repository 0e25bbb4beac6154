"""Local users, offline login, lock-out, inactivity lock and personal signing keys.

A user logs in offline against an Argon2id hash cached at the last online login (or set
by IT staff on this PC). Five wrong passwords in a row lock the account until an
administrator unlocks it. Each user has an Ed25519 signing key whose private half is
encrypted under the user's password, so approvals made offline on a shared office PC can
be verified by the server.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.errors import AccountLocked, AuthError, NotFound, PermissionDenied, ValidationError
from app.store.db import Store
from app.store.models import Role, User, utcnow

MAX_FAILED_ATTEMPTS = 5
MIN_PASSWORD_LENGTH = 8

# OWASP's recommended Argon2id floor: 19 MiB, 2 passes. Slow enough for offline guessing,
# fast enough (~50 ms) for a login on an old office PC.
_TIME_COST = 2
_MEMORY_KIB = 19 * 1024
_hasher = PasswordHasher(time_cost=_TIME_COST, memory_cost=_MEMORY_KIB, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _wrap_key(password: str, private_raw: bytes) -> bytes:
    salt = secrets.token_bytes(16)
    kek = hash_secret_raw(password.encode("utf-8"), salt, _TIME_COST, _MEMORY_KIB, 1, 32, Type.ID)
    nonce = secrets.token_bytes(12)
    return b"\x01" + salt + nonce + AESGCM(kek).encrypt(nonce, private_raw, b"dd-signing-key")


def _unwrap_key(password: str, blob: bytes) -> Ed25519PrivateKey:
    if not blob or blob[0] != 1:
        raise AuthError("auth.key_damaged")
    salt, nonce, ct = blob[1:17], blob[17:29], blob[29:]
    kek = hash_secret_raw(password.encode("utf-8"), salt, _TIME_COST, _MEMORY_KIB, 1, 32, Type.ID)
    try:
        raw = AESGCM(kek).decrypt(nonce, ct, b"dd-signing-key")
    except Exception as exc:
        raise AuthError("auth.key_damaged") from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def new_signing_key(password: str) -> tuple[bytes, bytes]:
    """Return ``(public_raw, encrypted_private)`` for a fresh Ed25519 key."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return public, _wrap_key(password, raw)


@dataclass
class Actor:
    """Who is acting: the logged-in user, with the signing key unlocked for the session."""

    user_id: str
    username: str
    role: Role
    office_code: str
    display_name: str = ""
    signing_key: Ed25519PrivateKey | None = field(default=None, repr=False)

    def sign(self, payload: bytes) -> bytes | None:
        return self.signing_key.sign(payload) if self.signing_key else None


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(field="password", detail="too_short", minimum=MIN_PASSWORD_LENGTH)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    office_code: str,
    display_name: str = "",
    created_by: Actor | None = None,
) -> User:
    """Create a local user (IT staff on the PC, or a profile cached at online login)."""
    username = username.strip()
    if not username or len(username) > 64:
        raise ValidationError(field="username", detail="required")
    _validate_password(password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValidationError(field="username", detail="taken")
    public, wrapped = new_signing_key(password)
    user = User(
        username=username,
        display_name=display_name or username,
        role=Role(role),
        office_code=office_code,
        password_hash=hash_password(password),
        signing_public_key=public,
        signing_private_key_enc=wrapped,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        audit.Action.USER_CREATED,
        actor_id=created_by.user_id if created_by else None,
        actor_name=created_by.username if created_by else "system",
        target_type="user",
        target_id=user.id,
        details={"role": str(role)},
    )
    return user


def actor_for(user: User, signing_key: Ed25519PrivateKey | None = None) -> Actor:
    return Actor(
        user.id, user.username, Role(user.role), user.office_code, user.display_name, signing_key
    )


def login(store: Store, username: str, password: str) -> Actor:
    """Offline login against the cached hash.

    Raises:
        AuthError: wrong user name or password (the same error for both).
        AccountLocked: too many failed attempts.
    """
    with store.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        if user is None or not user.active:
            audit.record(
                session,
                audit.Action.LOGIN_FAILED,
                actor_name=username[:64],
                details={"reason": "unknown_user"},
            )
            # Spend the same time as a real check so user names cannot be probed.
            try:
                _hasher.verify(_DUMMY_HASH, password)
            except VerificationError:
                pass
            failure: AuthError = AuthError()
        elif user.locked:
            audit.record(
                session,
                audit.Action.LOGIN_FAILED,
                actor_id=user.id,
                actor_name=user.username,
                details={"reason": "locked"},
            )
            failure = AccountLocked(username=user.username)
        else:
            try:
                _hasher.verify(user.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                user.failed_attempts += 1
                audit.record(
                    session,
                    audit.Action.LOGIN_FAILED,
                    actor_id=user.id,
                    actor_name=user.username,
                    details={"reason": "password", "attempt": user.failed_attempts},
                )
                if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
                    user.locked = True
                    audit.record(
                        session,
                        audit.Action.ACCOUNT_LOCKED,
                        actor_id=user.id,
                        actor_name=user.username,
                    )
                    failure = AccountLocked(username=user.username)
                else:
                    failure = AuthError(remaining=MAX_FAILED_ATTEMPTS - user.failed_attempts)
            else:
                user.failed_attempts = 0
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                key = (
                    _unwrap_key(password, user.signing_private_key_enc)
                    if user.signing_private_key_enc
                    else None
                )
                audit.record(
                    session,
                    audit.Action.LOGIN,
                    actor_id=user.id,
                    actor_name=user.username,
                    details={"mode": "offline"},
                )
                return actor_for(user, key)
    raise failure


_DUMMY_HASH = _hasher.hash("district-desk-dummy-password")


def verify_password(store: Store, actor: Actor, password: str) -> bool:
    """Check the password of the logged-in user (unlocking the inactivity lock)."""
    with store.read() as session:
        user = session.get(User, actor.user_id)
        if user is None:
            return False
        try:
            return bool(_hasher.verify(user.password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def unlock_user(store: Store, admin: Actor, username: str) -> None:
    """An administrator (or supervisor of the office) unlocks a locked account."""
    with store.write() as session:
        me = session.get(User, admin.user_id)
        if me is None or me.role not in (Role.ADMIN, Role.SUPERVISOR):
            raise PermissionDenied(action="unlock_user")
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(kind="user", ident=username)
        if me.role == Role.SUPERVISOR and me.office_code != user.office_code:
            raise PermissionDenied(action="unlock_user")
        user.locked = False
        user.failed_attempts = 0
        audit.record(
            session,
            audit.Action.ACCOUNT_UNLOCKED,
            actor_id=me.id,
            actor_name=me.username,
            target_type="user",
            target_id=user.id,
        )


def change_password(store: Store, actor: Actor, old: str, new: str) -> None:
    """Change the password and re-encrypt the signing key under it."""
    _validate_password(new)
    with store.write() as session:
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotFound(kind="user", ident=actor.username)
        try:
            _hasher.verify(user.password_hash, old)
        except (VerifyMismatchError, VerificationError, InvalidHashError) as exc:
            raise AuthError() from exc
        user.password_hash = hash_password(new)
        if user.signing_private_key_enc:
            key = _unwrap_key(old, user.signing_private_key_enc)
            raw = key.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
            user.signing_private_key_enc = _wrap_key(new, raw)
        audit.record(
            session,
            audit.Action.EDIT,
            actor_id=user.id,
            actor_name=user.username,
            target_type="user",
            target_id=user.id,
            details={"field": "password"},
        )


class InactivityLock:
    """Tracks activity; the session locks after ``minutes`` without input.

    Time comes from a monotonic clock (wall-clock changes cannot unlock a PC).
    """

    def __init__(self, minutes: int, clock: Callable[[], float] | None = None) -> None:
        self.minutes = minutes
        self._clock = clock or time.monotonic
        self._last = self._clock()

    def touch(self) -> None:
        self._last = self._clock()

    def seconds_left(self) -> float:
        return max(0.0, self.minutes * 60 - (self._clock() - self._last))

    def expired(self) -> bool:
        return self.seconds_left() <= 0


def now_iso() -> str:
    return utcnow().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class OnlineProfile:
    """What the server says of a user at an online login."""

    role: Role
    office_code: str
    display_name: str | None


def cache_online_login(
    store: Store,
    username: str,
    password: str,
    profile: OnlineProfile,
    *,
    server_knows_key: bool,
) -> tuple[str, bytes | None]:
    """Cache a user the server just accepted, for offline logins on this PC.

    Creates the user (profile, Argon2 hash, a new signing key) or brings the cached one up
    to date; a password changed on the server gives the user a new signing key (the old
    one is sealed under the old password). Records the login in the audit trail.

    Returns:
        The user's id and the public key the server must register before anything the
        user signs is pushed (``None`` when the server already has it).

    Raises:
        AccountLocked: the account is locked on this PC.
    """
    register_key: bytes | None = None
    with store.write() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(
                s,
                username=username,
                password=password,
                role=profile.role,
                office_code=profile.office_code,
                display_name=profile.display_name or "",
            )
            register_key = user.signing_public_key
        else:
            try:
                same = bool(_hasher.verify(user.password_hash, password))
            except (VerificationError, InvalidHashError):
                same = False  # a mismatch or an old hash: replace it
            if not same:
                user.password_hash = hash_password(password)
                user.signing_public_key, user.signing_private_key_enc = new_signing_key(password)
                user.key_registered = False
                register_key = user.signing_public_key
            user.role = profile.role
            user.office_code = profile.office_code
            user.display_name = profile.display_name or user.display_name
            user.failed_attempts = 0
            if user.signing_public_key and not server_knows_key:
                register_key = user.signing_public_key
        if user.locked:
            raise AccountLocked(username=user.username)
        user.last_online_login = utcnow()
        if register_key is None:
            user.key_registered = True
        audit.record(
            s,
            audit.Action.LOGIN,
            actor_id=user.id,
            actor_name=user.username,
            details={"mode": "online"},
        )
        return user.id, register_key


def mark_key_registered(store: Store, user_id: str) -> None:
    """The server registered the user's public key."""
    with store.write() as s:
        user = s.get(User, user_id)
        if user is not None:
            user.key_registered = True


def actor_after_online_login(store: Store, user_id: str, password: str) -> Actor:
    """The logged-in user, with their signing key unsealed by the password just checked."""
    with store.read() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound(kind="user", ident=user_id)
        key = (
            _unwrap_key(password, user.signing_private_key_enc)
            if user.signing_private_key_enc
            else None
        )
        return actor_for(user, key)
