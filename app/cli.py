"""The ``district-desk`` command: the GUI by default, plus headless tools for IT staff.

Exit codes: 0 all well; 1 a check failed or work remains; 2 bad usage or configuration;
3 the store or keyring cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from app import __version__
from app.errors import ConfigError, DeskError, KeyringError, StoreError

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _exit_code(exc: DeskError) -> int:
    if isinstance(exc, ConfigError):
        return EXIT_USAGE
    if isinstance(exc, StoreError | KeyringError):
        return EXIT_STORE
    return EXIT_FAIL


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def cmd_self_test(args: argparse.Namespace) -> int:
    from app.selftest import run_self_test

    def progress(done: int, total: int, name: str) -> None:
        if not args.quiet:
            line = "done" if name == "done" else f"[{done + 1}/{total}] {name}"
            print(f"self-test: {line}", file=sys.stderr, flush=True)

    report = run_self_test(args.data_dir, full=args.full, progress=progress)
    _print_json(report)
    return EXIT_OK if report["ok"] else EXIT_FAIL


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app import audit
    from app.context import open_desk

    desk = open_desk(args.data_dir)
    try:
        result = audit.verify(desk.store.engine)
    finally:
        desk.close()
    if result.ok:
        print(f"audit chain OK: {result.count} events")
        return EXIT_OK
    print(
        f"audit chain BROKEN at event {result.bad_seq}: {result.problem} "
        f"({result.count} events verified before it)",
        file=sys.stderr,
    )
    return EXIT_FAIL


def cmd_status(args: argparse.Namespace) -> int:
    from app.context import open_desk
    from app.status import collect_status

    desk = open_desk(args.data_dir)
    try:
        status = collect_status(desk)
    finally:
        desk.close()
    if args.json:
        _print_json(status)
    else:
        for key, value in status.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.context import open_desk
    from app.store.models import Role
    from app.users import create_user

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()
    desk = open_desk(args.data_dir)
    try:
        with desk.store.write() as session:
            user = create_user(
                session,
                username=args.username,
                password=password,
                role=Role(args.role),
                office_code=args.office,
                display_name=args.display_name or args.username,
            )
            print(f"user {user.username} ({user.role}) created")
    finally:
        desk.close()
    return EXIT_OK


def _snapshot_passphrase(args: argparse.Namespace) -> str:
    import os
    from pathlib import Path

    if args.passphrase_file:
        return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\n")
    return os.environ.get("DD_SNAPSHOT_PASSPHRASE") or getpass.getpass("Snapshot passphrase: ")


def cmd_import_snapshot(args: argparse.Namespace) -> int:
    """Verify and apply a snapshot file (before or after enrolment); resumable."""
    from pathlib import Path

    from app.context import open_desk
    from app.exchange.snapshot import ImportProgress, import_snapshot

    def progress(p: ImportProgress) -> None:
        if args.quiet:
            return
        pct = 100 * p.done_bytes // max(1, p.total_bytes)
        left = "" if p.seconds_left is None else f", about {p.seconds_left:.0f} s left"
        stage = "checking" if p.stage == "verify" else "importing"
        print(f"{stage}: {pct}% ({p.rows} rows){left}", file=sys.stderr, flush=True)

    passphrase = _snapshot_passphrase(args)
    desk = open_desk(args.data_dir)
    try:
        result = import_snapshot(desk, Path(args.file), passphrase, progress=progress)
    finally:
        desk.close()
    if result.already_imported:
        print(f"snapshot {result.snapshot_id} was already imported; nothing to do")
        return EXIT_OK
    _print_json(
        {
            "snapshot": result.snapshot_id,
            "resumed_at_frame": result.resumed_at_frame,
            "rows_applied": result.rows_applied,
            "blobs": result.blobs,
            "cursor": result.cursor,
            "seconds": result.seconds,
            "counts": result.counts,
        }
    )
    return EXIT_OK


def cmd_export_bundle(args: argparse.Namespace) -> int:
    """Write the pending outbox to a USB bundle; the items become "carried"."""
    from pathlib import Path

    from app.context import open_desk
    from app.exchange.bundle import export_bundle

    desk = open_desk(args.data_dir)
    try:
        result = export_bundle(desk, Path(args.to))
    finally:
        desk.close()
    _print_json(
        {
            "bundle": result.bundle_id,
            "path": str(result.path),
            "parts": result.parts,
            "items": result.items,
            "counts": result.counts,
            "bytes": result.bytes,
            "seconds": result.seconds,
        }
    )
    return EXIT_OK


def cmd_import_bundle(args: argparse.Namespace) -> int:
    """Apply a return bundle (or a snapshot, told apart by its header); resumable."""
    from pathlib import Path

    from app.context import open_desk
    from app.exchange.bundle import BundleError, describe, import_return_bundle

    path = Path(args.file)
    kind = describe(path)
    if kind == "snapshot":
        return cmd_import_snapshot(args)
    if kind == "outbox":
        raise BundleError("bundle.outbox_bundle")
    desk = open_desk(args.data_dir)
    try:
        result = import_return_bundle(desk, path)
    finally:
        desk.close()
    if result.already_imported:
        print(f"bundle {result.bundle_id} was already imported; nothing to do")
        return EXIT_OK
    _print_json(
        {
            "bundle": result.bundle_id,
            "resumed_at_frame": result.resumed_at_frame,
            "receipts": result.receipts,
            "receipted": result.receipted,
            "quarantined": result.quarantined,
            "rows_applied": result.rows_applied,
            "blobs": result.blobs,
            "cursor": result.cursor,
            "seconds": result.seconds,
        }
    )
    return EXIT_OK


def cmd_release_bundle(args: argparse.Namespace) -> int:
    """Put the items of a lost bundle back in the queue (audited)."""
    from app.context import open_desk
    from app.exchange.bundle import carried_bundles, release_bundle

    desk = open_desk(args.data_dir)
    try:
        if not args.bundle_id:
            _print_json([{"bundle": b, "items": n} for b, n in carried_bundles(desk)])
            return EXIT_OK
        count = release_bundle(desk, args.bundle_id)
    finally:
        desk.close()
    print(f"{count} items of bundle {args.bundle_id} are queued again")
    return EXIT_OK


GuiRunner = Callable[[str | None, list[str]], int]


def _no_gui(_data_dir: str | None, _qt_args: list[str]) -> int:
    print("the desktop interface is not part of this installation", file=sys.stderr)
    return EXIT_FAIL


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="district-desk",
        description="District Desk: offline-first police information exchange client.",
    )
    parser.add_argument("--version", action="version", version=f"District Desk {__version__}")
    parser.add_argument(
        "--data-dir", help="data directory (default: per-machine data dir or $DISTRICT_DESK_HOME)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("gui", help="open the desktop interface (the default)")
    p.add_argument("qt_args", nargs="*", help=argparse.SUPPRESS)

    p = sub.add_parser("self-test", help="check store, keyring and configuration; JSON report")
    p.add_argument(
        "--full",
        action="store_true",
        help="run SQLite's full integrity_check (compares every index with its table; slower) "
        "instead of the default quick_check",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_self_test)

    p = sub.add_parser("audit", help="audit log tools")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    pv = audit_sub.add_parser("verify", help="verify the hash chain of the audit log")
    pv.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("status", help="counts of cached data and pending work")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("user", help="local user accounts (IT staff)")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    pa = user_sub.add_parser("add", help="add a local user; password from stdin")
    pa.add_argument("--username", required=True)
    pa.add_argument("--role", required=True, choices=["officer", "supervisor", "admin"])
    pa.add_argument("--office", required=True)
    pa.add_argument("--display-name", default="")
    pa.set_defaults(func=cmd_user_add)

    p = sub.add_parser(
        "import-snapshot", help="import a signed snapshot file (USB); resumes if interrupted"
    )
    p.add_argument("file", help="the snapshot file (its .002, .003... parts beside it)")
    p.add_argument("--passphrase-file", default=None, help="file holding the passphrase")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_import_snapshot)

    p = sub.add_parser("export-bundle", help="write the pending outbox to a USB bundle (no link)")
    p.add_argument("--to", required=True, help="directory to write it in (the USB stick)")
    p.set_defaults(func=cmd_export_bundle)

    p = sub.add_parser(
        "import-bundle", help="apply a return bundle (or a snapshot) from USB; resumable"
    )
    p.add_argument("file", help="the return bundle (.ddret) or snapshot")
    p.add_argument("--passphrase-file", default=None, help="snapshot only: the passphrase")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_import_bundle)

    p = sub.add_parser(
        "release-bundle", help="queue again the items of a lost bundle (lists them without id)"
    )
    p.add_argument("bundle_id", nargs="?", default=None, help="the bundle's id")
    p.set_defaults(func=cmd_release_bundle)

    try:
        from app.sync import cli as sync_cli
    except ImportError:
        pass
    else:
        sync_cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, gui: GuiRunner | None = None) -> int:
    """Run the command line; ``gui`` opens the desktop interface (given by ``ui``).

    The core cannot import the UI, so the ``district-desk`` entry point lives in
    ``ui.launcher`` and passes the GUI runner in; headless commands never load Qt.
    """
    from app.logs import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        runner = gui or _no_gui
        args.func = lambda a: runner(a.data_dir, list(getattr(a, "qt_args", None) or []))
    setup_logging(args.data_dir, verbose=args.verbose, console=args.command is not None)
    try:
        return int(args.func(args))
    except DeskError as exc:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return _exit_code(exc)
    except KeyboardInterrupt:
        return 130
    except Exception:
        logging.getLogger("district_desk").exception("unexpected error")
        print("unexpected error; details are in the log file", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
