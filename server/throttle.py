"""Password and enrolment throttling, and the security event log the operator reviews.

A stolen enrolled PC must not be able to guess passwords at the speed of the hash, nor
anyone to guess enrolment codes. Failed attempts are counted per *subject* in the
database (so every worker process sees them):

- ``user:<name>`` — the user name as typed, whether or not such a user exists, so a
  lock-out tells nothing about which names exist. After ``user_failures`` failures within
  ``window`` the name is locked for ``user_lock`` (each further lock doubles it, up to a
  day); the operator can unlock it at once.
- ``device:<id>`` — every failure from one device, whatever the name. After
  ``device_failures`` the device is locked until the operator unlocks it: a device that
  guesses across many names is the stolen-laptop signature.
- ``addr:<ip>`` — failed enrolment codes from one address; after ``enrol_failures``
  within ``window`` further attempts get ``429 rate_limited`` until the window ends.

Every lock-out and unlock is written to :class:`server.models.SecurityEvent` (never a
password). Counters of a subject are cleared by a successful login (user only) or by the
operator.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.sync.protocol import ErrorCode
from server.errors import ApiError
from server.models import LoginThrottle, SecurityEvent

#: ``locked_until`` of a lock only the operator lifts.
UNTIL_UNLOCKED = datetime(9999, 1, 1, tzinfo=UTC)
MAX_USER_LOCK = timedelta(days=1)
#: Longest subject kept (a user name is at most 80 characters on the wire).
_SUBJECT_MAX = 160


@dataclass(frozen=True)
class ThrottleSettings:
    """Limits of the throttle (``serve`` flags)."""

    user_failures: int = 5
    device_failures: int = 20
    enrol_failures: int = 10
    window: timedelta = timedelta(minutes=15)
    user_lock: timedelta = timedelta(minutes=15)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the throttle flags to the ``serve`` command."""
    defaults = ThrottleSettings()
    parser.add_argument(
        "--login-user-failures",
        type=int,
        default=defaults.user_failures,
        help=f"failed logins of one user name before it is locked ({defaults.user_failures})",
    )
    parser.add_argument(
        "--login-device-failures",
        type=int,
        default=defaults.device_failures,
        help="failed logins from one device before the operator must unlock it "
        f"({defaults.device_failures})",
    )
    parser.add_argument(
        "--enrol-failures",
        type=int,
        default=defaults.enrol_failures,
        help=f"wrong enrolment codes from one address per 15 minutes ({defaults.enrol_failures})",
    )


def settings_from(args: argparse.Namespace) -> ThrottleSettings:
    """The throttle settings given on the command line."""
    return ThrottleSettings(
        user_failures=max(1, args.login_user_failures),
        device_failures=max(1, args.login_device_failures),
        enrol_failures=max(1, args.enrol_failures),
    )


def utcnow() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def user_subject(username: str) -> str:
    """Subject of a user name as typed (case-folded, bounded)."""
    return ("user:" + username.strip().casefold())[:_SUBJECT_MAX]


def device_subject(device_id: str) -> str:
    """Subject of a device."""
    return "device:" + device_id[:40]


def address_subject(address: str) -> str:
    """Subject of a network address."""
    return "addr:" + address[:64]


def record_event(
    session: Session,
    kind: str,
    *,
    device_id: str | None = None,
    office: str | None = None,
    subject: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append a security event (no secrets, no passwords in ``detail``)."""
    session.add(
        SecurityEvent(
            at=utcnow(),
            kind=kind,
            device_id=device_id,
            office=office,
            subject=subject,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        )
    )


def events(session: Session, kind: str | None = None, limit: int = 100) -> list[SecurityEvent]:
    """The latest security events, newest first."""
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(limit)
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    return list(session.scalars(query))


def _row(session: Session, subject: str, now: datetime, window: timedelta) -> LoginThrottle:
    row = session.get(LoginThrottle, subject)
    if row is None:
        row = LoginThrottle(subject=subject, failures=0, window_start=now, locked_until=None)
        session.add(row)
    elif row.locked_until is None and now - _aware(row.window_start) > window:
        row.failures = 0
        row.window_start = now
    return row


def locked_for(session: Session, subject: str, now: datetime | None = None) -> int | None:
    """Seconds a subject stays locked (a large number if until unlocked), or None."""
    now = now or utcnow()
    row = session.get(LoginThrottle, subject)
    if row is None or row.locked_until is None:
        return None
    until = _aware(row.locked_until)
    if until <= now:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


def check_login_allowed(session: Session, device_id: str, username: str) -> None:
    """Refuse a login attempt while the device or the user name is locked.

    Raises:
        ApiError: ``login_locked`` (429) with ``Retry-After``.
    """
    for subject in (device_subject(device_id), user_subject(username)):
        seconds = locked_for(session, subject)
        if seconds is not None:
            retry = min(seconds, 24 * 3600)
            raise ApiError(
                ErrorCode.LOGIN_LOCKED,
                "too many failed logins: ask the operator to unlock, or wait",
                retry_after=retry,
            )


def record_login_failure(
    session: Session, settings: ThrottleSettings, device_id: str, office: str, username: str
) -> None:
    """Count one failed login against the user name and the device; lock either at its limit."""
    now = utcnow()
    user = _row(session, user_subject(username), now, settings.window)
    user.failures += 1
    if user.locked_until is None and user.failures >= settings.user_failures:
        locks = _recent_locks(session, user.subject)
        duration = min(settings.user_lock * (2**locks), MAX_USER_LOCK)
        user.locked_until = now + duration
        record_event(
            session,
            "login_locked",
            device_id=device_id,
            office=office,
            subject=user.subject,
            detail={"failures": user.failures, "seconds": int(duration.total_seconds())},
        )
    device = _row(session, device_subject(device_id), now, settings.window)
    device.failures += 1
    if device.locked_until is None and device.failures >= settings.device_failures:
        device.locked_until = UNTIL_UNLOCKED
        record_event(
            session,
            "login_locked",
            device_id=device_id,
            office=office,
            subject=device.subject,
            detail={"failures": device.failures, "seconds": None},
        )


def _recent_locks(session: Session, subject: str) -> int:
    """How many times ``subject`` was locked in the last day (from the event log)."""
    since = utcnow() - MAX_USER_LOCK
    found = session.scalars(
        select(SecurityEvent.id).where(
            SecurityEvent.kind == "login_locked",
            SecurityEvent.subject == subject,
            SecurityEvent.at >= since,
        )
    ).all()
    return len(found)


def record_login_success(session: Session, username: str) -> None:
    """A correct password clears the user name's failures (never the device's)."""
    row = session.get(LoginThrottle, user_subject(username))
    if row is not None and row.locked_until is None:
        session.delete(row)


def unlock(session: Session, subject: str, by: str = "operator") -> bool:
    """Lift a lock and clear the counters of ``subject``; False if it had none."""
    removed = session.execute(delete(LoginThrottle).where(LoginThrottle.subject == subject))
    found = bool(getattr(removed, "rowcount", 0))
    if found:
        record_event(session, "login_unlocked", subject=subject, detail={"by": by})
    return found


def check_enrol_allowed(session: Session, settings: ThrottleSettings, address: str) -> None:
    """Refuse enrolment from an address that sent too many wrong codes lately.

    Raises:
        ApiError: ``rate_limited`` (429) with ``Retry-After``.
    """
    now = utcnow()
    row = session.get(LoginThrottle, address_subject(address))
    if row is None or row.failures < settings.enrol_failures:
        return
    ends = _aware(row.window_start) + settings.window
    if ends <= now:
        return
    retry = max(1, math.ceil((ends - now).total_seconds()))
    raise ApiError(
        ErrorCode.RATE_LIMITED,
        "too many wrong enrolment codes from this address",
        retry_after=retry,
    )


def record_enrol_failure(session: Session, settings: ThrottleSettings, address: str) -> None:
    """Count a wrong enrolment code from ``address``."""
    now = utcnow()
    row = _row(session, address_subject(address), now, settings.window)
    row.failures += 1
    if row.failures == settings.enrol_failures:
        record_event(
            session,
            "enrol_throttled",
            subject=row.subject,
            detail={"failures": row.failures},
        )
