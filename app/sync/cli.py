"""Sync commands of ``district-desk`` (headless, for IT staff, scripts and tests).

``enroll --server URL --code CODE [--ca-bundle FILE] [--office]``
    Enrol this PC. ``--office`` also writes the server URL, the office and the CA bundle
    into ``site.toml`` in the data directory (an office without a central site file).
``sync [--json] [--if-due]``
    One full sync cycle. Exit codes: 0 up to date; 1 not up to date (a transient problem
    or work left: the reason is printed, the next attempt is scheduled); 4 fatal (wrong
    server, protocol version, device revoked or not enrolled: IT staff must act); 5 a user
    must log in online; 6 (only with ``--if-due``) not run: the backoff after the last
    failure says the next attempt is later. ``--if-due`` is for scheduled tasks (Task
    Scheduler, systemd timers) that start the command every few minutes.
``login-online --username NAME``
    Log in against the server (password on stdin) and cache the profile for offline use.
``sync-status [--json]``
    The sync status: last confirmed sync, pending items, quarantine, next attempt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_NOT_DONE, EXIT_FATAL, EXIT_AUTH, EXIT_NOT_DUE = 0, 1, 4, 5, 6


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def cmd_enroll(args: argparse.Namespace) -> int:
    """``district-desk enroll``."""
    from app.context import open_desk
    from app.sync.client import SyncFailure
    from app.sync.enrol import enrol

    desk = open_desk(args.data_dir)
    try:
        result = enrol(
            desk,
            args.server,
            args.code,
            ca_bundle=Path(args.ca_bundle).resolve() if args.ca_bundle else None,
            device_name=args.device_name,
            write_site=args.office,
        )
    except SyncFailure as exc:
        print(
            f"enrolment failed [{exc.code}/{exc.server_code or exc.params.get('detail')}]: "
            f"{exc.message}",
            file=sys.stderr,
        )
        return EXIT_FATAL if exc.klass.value == "fatal" else EXIT_NOT_DONE
    finally:
        desk.close()
    print(
        f"enrolled with {result.server_name} ({result.server_id}) as device "
        f"{result.device_id}, office {result.office}"
    )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    """``district-desk sync``: one cycle, exit 0 only when up to date."""
    from app.context import open_desk
    from app.sync.engine import SyncEngine, SyncState

    desk = open_desk(args.data_dir)
    engine = SyncEngine(desk)
    try:
        waiting = backoff_until(engine) if args.if_due else None
        if waiting is not None:
            print(f"not due: backing off after a failure until {waiting}", file=sys.stderr)
            return EXIT_NOT_DUE
        result = engine.run_once()
    finally:
        engine.close()
        desk.close()
    if args.json:
        _print_json(asdict(result))
    else:
        print(
            f"pulled {result.pulled_rows} rows in {result.pages} pages, pushed "
            f"{result.pushed_items} items, quarantined {result.quarantined}; "
            f"{result.round_trips} round trips, {result.bytes_in} B in, "
            f"{result.bytes_out} B out, {result.seconds:.1f} s"
        )
    if result.up_to_date:
        return EXIT_OK
    if result.failure is not None:
        f = result.failure
        print(
            f"not up to date [{f.code}{'/' + f.server_code if f.server_code else ''}]: "
            f"{f.detail}; next attempt: {result.next_attempt or 'after IT staff act'}",
            file=sys.stderr,
        )
    elif result.integrity_ok is False:
        lanes = ", ".join(str(lane) for lane in result.repaired_lanes) or "-"
        print(
            f"not up to date: the integrity check still differs after repairing lanes {lanes}"
            " (see sync-status)",
            file=sys.stderr,
        )
    else:
        print("not up to date: work is left (see sync-status)", file=sys.stderr)
    if result.state == SyncState.FATAL:
        return EXIT_FATAL
    if result.state == SyncState.AUTH_REQUIRED:
        return EXIT_AUTH
    return EXIT_NOT_DONE


def backoff_until(engine: Any, now: datetime | None = None) -> str | None:
    """When the backoff after the last failure ends, if that is still to come; else None.

    Only a failure's backoff counts: after a good cycle a scheduled task may run as often
    as it is started (its own interval is the schedule).
    """
    status = engine.status()
    moment = now or datetime.now(UTC)
    if status.last_error is None or status.next_attempt is None:
        return None
    if status.next_attempt <= moment:
        return None
    return str(status.next_attempt.isoformat(timespec="seconds"))


def cmd_login_online(args: argparse.Namespace) -> int:
    """``district-desk login-online``."""
    from app.context import open_desk
    from app.sync.engine import SyncEngine

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()
    desk = open_desk(args.data_dir)
    engine = SyncEngine(desk)
    try:
        actor = engine.login_online(args.username, password)
    finally:
        engine.close()
        desk.close()
    print(f"logged in online as {actor.username} ({actor.role}), office {actor.office_code}")
    return EXIT_OK


def cmd_sync_status(args: argparse.Namespace) -> int:
    """``district-desk sync-status``."""
    from app.context import open_desk
    from app.sync.engine import SyncEngine

    desk = open_desk(args.data_dir)
    try:
        status = SyncEngine(desk).status()
    finally:
        desk.close()
    doc = asdict(status)
    if args.json:
        _print_json(doc)
    else:
        for key, value in doc.items():
            print(f"{key}: {value}")
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register the sync commands on ``district-desk``'s sub-parsers."""
    p = sub.add_parser("enroll", help="enrol this PC with the regional server")
    p.add_argument("--server", required=True, help="server URL, e.g. https://region.example")
    p.add_argument("--code", required=True, help="one-time enrolment code from IT staff")
    p.add_argument("--ca-bundle", help="CA bundle (PEM) to verify the server with")
    p.add_argument("--device-name", help="name of this PC as the server shows it")
    p.add_argument(
        "--office",
        action="store_true",
        help="also write server, office and CA bundle to site.toml in the data dir",
    )
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", help="run one sync cycle; exit 0 when up to date")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "--if-due",
        action="store_true",
        help="do nothing (exit 6) while backing off after a failure (scheduled tasks)",
    )
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("login-online", help="log in against the server (password on stdin)")
    p.add_argument("--username", required=True)
    p.set_defaults(func=cmd_login_online)

    p = sub.add_parser("sync-status", help="sync status: last sync, pending, quarantine")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sync_status)
