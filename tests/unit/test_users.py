"""Local users: Argon2id hashes, lock-out, inactivity lock and the personal signing key."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from app import audit
from app.context import Desk
from app.errors import AccountLocked, AuthError, PermissionDenied, ValidationError
from app.store.models import AuditEvent, Role, User
from app.users import (
    MAX_FAILED_ATTEMPTS,
    InactivityLock,
    _unwrap_key,
    change_password,
    create_user,
    login,
    unlock_user,
    verify_password,
)
from tests.helpers.desk import TEST_PASSWORD, Office


def _user(desk: Desk, username: str) -> User:
    with desk.store.read() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        s.expunge(user)  # keep the loaded values after the read session ends
        return user


def _actions(desk: Desk) -> list[str]:
    with desk.store.read() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_password_is_stored_as_argon2id_only(office: Office) -> None:
    user = _user(office.desk, "officer")
    assert user.password_hash.startswith("$argon2id$")
    assert TEST_PASSWORD not in user.password_hash
    params = dict(p.split("=") for p in user.password_hash.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2
    assert PasswordHasher().verify(user.password_hash, TEST_PASSWORD)
    # Same password, different salt: hashes differ between users.
    assert user.password_hash != _user(office.desk, "officer2").password_hash


def test_short_or_duplicate_accounts_are_refused(desk: Desk) -> None:
    with desk.store.write() as s:
        create_user(
            s, username="nurlan", password=TEST_PASSWORD, role=Role.OFFICER, office_code="AST-01"
        )
    with pytest.raises(ValidationError) as info, desk.store.write() as s:
        create_user(
            s, username="short", password="1234567", role=Role.OFFICER, office_code="AST-01"
        )
    assert info.value.params["field"] == "password"
    with pytest.raises(ValidationError) as info, desk.store.write() as s:
        create_user(
            s, username=" nurlan ", password=TEST_PASSWORD, role=Role.OFFICER, office_code="AST-01"
        )
    assert info.value.params["detail"] == "taken"


def test_lockout_after_five_failures_even_for_the_right_password(office: Office) -> None:
    store = office.desk.store
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthError) as info:
            login(store, "officer", f"wrong password {attempt}")
        assert type(info.value) is AuthError
        assert info.value.params["remaining"] == MAX_FAILED_ATTEMPTS - attempt
    with pytest.raises(AccountLocked):
        login(store, "officer", "wrong password 5")
    assert _user(office.desk, "officer").locked
    with pytest.raises(AccountLocked) as locked:
        login(store, "officer", TEST_PASSWORD)
    assert locked.value.code == "auth.locked"

    with pytest.raises(PermissionDenied):
        unlock_user(store, office.officer2, "officer")
    unlock_user(store, office.admin, "officer")
    actor = login(store, "officer", TEST_PASSWORD)
    assert actor.username == "officer"
    user = _user(office.desk, "officer")
    assert user.failed_attempts == 0 and not user.locked

    actions = _actions(office.desk)
    assert actions.count(audit.Action.LOGIN_FAILED) == MAX_FAILED_ATTEMPTS + 1
    assert audit.Action.ACCOUNT_LOCKED in actions
    assert audit.Action.ACCOUNT_UNLOCKED in actions
    assert audit.verify(store.engine).ok


def test_a_success_resets_the_failure_count(office: Office) -> None:
    store = office.desk.store
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthError):
            login(store, "officer2", "not the password")
    login(store, "officer2", TEST_PASSWORD)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthError):
            login(store, "officer2", "not the password")
    assert not _user(office.desk, "officer2").locked


def test_unknown_user_gets_the_same_error_and_is_audited(office: Office) -> None:
    with pytest.raises(AuthError) as info:
        login(office.desk.store, "nobody-here", TEST_PASSWORD)
    assert type(info.value) is AuthError and info.value.code == "auth.failed"
    assert _actions(office.desk)[-1] == audit.Action.LOGIN_FAILED


def test_inactivity_lock_follows_an_injected_clock() -> None:
    now = [1000.0]
    lock = InactivityLock(15, clock=lambda: now[0])
    assert not lock.expired() and lock.seconds_left() == 900
    now[0] += 899
    assert not lock.expired()
    lock.touch()
    now[0] += 899
    assert not lock.expired() and lock.seconds_left() == 1
    now[0] += 1
    assert lock.expired() and lock.seconds_left() == 0


def test_signing_key_needs_the_password_and_survives_a_change(office: Office) -> None:
    store = office.desk.store
    actor = login(store, "supervisor", TEST_PASSWORD)
    assert actor.signing_key is not None
    user = _user(office.desk, "supervisor")
    assert user.signing_public_key is not None and user.signing_private_key_enc is not None
    public = Ed25519PublicKey.from_public_bytes(user.signing_public_key)
    signature = actor.sign(b"approve request 42")
    assert signature is not None
    public.verify(signature, b"approve request 42")  # raises if it does not match

    with pytest.raises(AuthError) as info:
        _unwrap_key("a wrong password", user.signing_private_key_enc)
    assert info.value.code == "auth.key_damaged"

    with pytest.raises(AuthError):
        change_password(store, actor, "not my password", "brand new secret 2")
    change_password(store, actor, TEST_PASSWORD, "brand new secret 2")
    assert not verify_password(store, actor, TEST_PASSWORD)
    assert verify_password(store, actor, "brand new secret 2")
    with pytest.raises(AuthError):
        login(store, "supervisor", TEST_PASSWORD)
    again = login(store, "supervisor", "brand new secret 2")
    assert again.signing_key is not None
    user = _user(office.desk, "supervisor")
    assert user.signing_public_key is not None
    # The same key pair, now unlocked by the new password only.
    Ed25519PublicKey.from_public_bytes(user.signing_public_key).verify(
        again.sign(b"after the change") or b"", b"after the change"
    )
    assert user.signing_private_key_enc is not None
    with pytest.raises(AuthError):
        _unwrap_key(TEST_PASSWORD, user.signing_private_key_enc)
    public.verify(again.sign(b"same key") or b"", b"same key")
