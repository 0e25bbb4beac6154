"""``district-desk-server``: run the reference regional server and act as its operator.

Every subcommand takes ``--db URL``; without it ``$DD_SERVER_DB`` is used, else
``sqlite:///district-desk-server.sqlite3`` in the current directory. Blobs go to
``--blob-dir``, else ``$DD_SERVER_BLOBS``, else ``<sqlite file>-blobs`` (or
``./district-desk-server-blobs`` for PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.sync.protocol import BulletinKind, HandlingCode, Limits, Role
from server import accounts, operator, throttle
from server.db import (
    BLOB_DIR_ENV,
    DB_ENV,
    DEFAULT_DB_URL,
    Database,
    default_blob_dir,
    open_database,
    resolve_db_url,
)

Handler = Callable[[argparse.Namespace], int]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help=f"database URL (default: $DD_SERVER_DB or {DEFAULT_DB_URL})",
    )
    parser.add_argument(
        "--blob-dir",
        type=Path,
        default=None,
        help="blob directory (default: $DD_SERVER_BLOBS or beside the SQLite file)",
    )


#: Databases a command opened; :func:`main` closes their connections when it returns (a
#: command run in-process, as by the tests, must not leave connections behind).
_opened: list[Database] = []


def _open(args: argparse.Namespace) -> tuple[Database, Path]:
    url = resolve_db_url(args.db)
    db = open_database(url)
    _opened.append(db)
    return db, args.blob_dir or default_blob_dir(url)


# --- serve ---------------------------------------------------------------------------


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP (not 0): asyncio sets TCP_NODELAY only on accepted
    # sockets whose proto says TCP, and without it every kept-alive reply waits ~40 ms
    # for the client's delayed ACK (Nagle). Linux also copies the listening socket's
    # TCP_NODELAY to the sockets it accepts.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


#: Settings handed to worker processes (``serve --workers N``) through the environment.
TOKEN_TTL_ENV = "DD_SERVER_TOKEN_TTL"  # noqa: S105 - a variable name
TEST_HOOKS_ENV = "DD_SERVER_TEST_HOOKS"
LOG_LEVEL_ENV = "DD_SERVER_LOG_LEVEL"
THROTTLE_ENV = "DD_SERVER_THROTTLE"


def _throttle_env(args: argparse.Namespace) -> str:
    """The throttle flags as JSON, for worker processes."""
    return json.dumps(
        {
            "login_user_failures": args.login_user_failures,
            "login_device_failures": args.login_device_failures,
            "enrol_failures": args.enrol_failures,
        }
    )


def worker_app() -> Any:
    """The application of one worker process, configured from the environment.

    Every worker is stateless: sessions, idempotency records and the feed counter are
    in the database, blobs and upload offsets in the (shareable) blob directory.
    """
    from server.app import ServerSettings, create_app
    from server.metrics import configure_logging

    configure_logging(os.environ.get(LOG_LEVEL_ENV, "info"))
    url = resolve_db_url(None)
    db = open_database(url, create=False)
    limits = Limits(token_ttl=int(os.environ.get(TOKEN_TTL_ENV, "3600")))
    return create_app(
        ServerSettings(
            db=db,
            blob_dir=default_blob_dir(url),
            limits=limits,
            test_hooks=os.environ.get(TEST_HOOKS_ENV) == "1",
            throttle=throttle.settings_from(
                argparse.Namespace(**json.loads(os.environ.get(THROTTLE_ENV, "{}")))
            )
            if os.environ.get(THROTTLE_ENV)
            else throttle.ThrottleSettings(),
        )
    )


def _prepare_metrics_dir(args: argparse.Namespace) -> Path | None:
    """Point prometheus_client's multiprocess mode at an empty directory (workers > 1)."""
    from server.metrics import MULTIPROC_ENV

    if args.workers <= 1:
        os.environ.pop(MULTIPROC_ENV, None)
        return None
    chosen = args.metrics_dir or Path(tempfile.mkdtemp(prefix="dd-metrics-"))
    chosen.mkdir(parents=True, exist_ok=True)
    for stale in chosen.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(chosen)
    return None if args.metrics_dir else chosen


#: Default keep-alive of idle client connections: the clients' 300 s interval plus room.
KEEP_ALIVE_S = 660


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted; print the URL it listens on."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    url = resolve_db_url(args.db)
    blob_dir = args.blob_dir or default_blob_dir(url)
    temporary_metrics = _prepare_metrics_dir(args)
    # Imported after the metrics directory is chosen: prometheus_client picks its
    # multiprocess mode when first imported.
    from server.app import ServerSettings, create_app
    from server.demo import DemoResponder
    from server.metrics import THREADS_ENV, configure_logging

    configure_logging(args.server_log_level)
    os.environ[THREADS_ENV] = str(args.threads)
    if args.page_zstd_level is not None:
        from server import wire

        wire.ZSTD_LEVEL = wire.ZSTD_LEVEL_LARGE = args.page_zstd_level
    # The schema is created once, here, before any worker starts.
    db = open_database(url)
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    common: dict[str, Any] = {
        "log_level": args.log_level,
        "access_log": args.log_level == "debug",
        "lifespan": "off",
        "server_header": False,
        # No Date either: the protocol carries its own server_time where it matters, and
        # on an idle poll's "nothing new" answer the header is a sixth of the bytes.
        "date_header": False,
        # Longer than the clients' sync interval (300 s by default), so an idle PC's next
        # cycle reuses its connection instead of paying a new TCP and TLS handshake
        # (about 3 KB and 2-3 round trips on a field link). An idle connection costs the
        # server a socket and a few KB of memory.
        "timeout_keep_alive": args.keep_alive,
        "http": args.http,
        "loop": args.loop,
    }
    if args.ssl_certfile:
        # Direct TLS (small sites, tests, benchmarks); larger ones terminate it in nginx.
        common["ssl_certfile"] = str(args.ssl_certfile)
        common["ssl_keyfile"] = str(args.ssl_keyfile) if args.ssl_keyfile else None
    if args.workers > 1:
        os.environ.update(
            {
                DB_ENV: url,
                BLOB_DIR_ENV: str(blob_dir),
                TOKEN_TTL_ENV: str(args.token_ttl),
                TEST_HOOKS_ENV: "1" if args.test_hooks else "0",
                LOG_LEVEL_ENV: args.server_log_level,
                THROTTLE_ENV: _throttle_env(args),
            }
        )
        config = uvicorn.Config(
            "server.cli:worker_app", factory=True, workers=args.workers, **common
        )
    else:
        limits = Limits(token_ttl=args.token_ttl)
        app = create_app(
            ServerSettings(
                db=db,
                blob_dir=blob_dir,
                limits=limits,
                test_hooks=args.test_hooks,
                throttle=throttle.settings_from(args),
            )
        )
        config = uvicorn.Config(app, **common)
    print(
        f"District Desk server listening on {'https' if args.ssl_certfile else 'http'}://"
        f"{shown}:{port} ({args.workers} worker(s))",
        flush=True,
    )
    responder = None
    if args.demo:
        responder = DemoResponder(db, args.demo_delay)
        responder.start()
        print(f"demo mode: requests are answered after {args.demo_delay:g} s", flush=True)
    try:
        if args.workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        if responder is not None:
            responder.stop()
        sock.close()
        db.engine.dispose()
        if temporary_metrics is not None:
            shutil.rmtree(temporary_metrics, ignore_errors=True)
    return 0


# --- operator commands -----------------------------------------------------------------


def cmd_enrollment_code(args: argparse.Namespace) -> int:
    """Print a one-time enrolment code for an office."""
    db, _ = _open(args)
    with db.write() as session:
        code = accounts.issue_enrolment_code(session, args.office, timedelta(hours=args.ttl_hours))
    print(code)
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    """Create a user; the password is the first line of standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    db, _ = _open(args)
    try:
        with db.write() as session:
            user = accounts.add_user(
                session,
                username=args.username,
                password=password,
                role=args.role,
                office=args.office,
                display_name=args.display_name,
            )
            user_id = user.id
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(user_id)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    """Publish generated bulletins and cases."""
    from sqlalchemy import select

    from server.blobs import BlobStore
    from server.models import User
    from server.seed import seed

    db, blob_dir = _open(args)
    offices = args.office
    if not offices:
        with db.read() as session:
            offices = sorted(set(session.scalars(select(User.office)))) or ["DEMO"]
    result = seed(
        db,
        BlobStore(blob_dir),
        bulletins=args.bulletins,
        cases=args.cases,
        offices=offices,
        photos=args.photos,
        seed_value=args.seed,
    )
    print(
        f"seeded {len(result.bulletins)} bulletins, {len(result.cases)} cases "
        f"({', '.join(offices)}), {result.photos} photos"
    )
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    """Post an operator's reply to a request."""
    db, _ = _open(args)
    try:
        with db.write() as session:
            reply_id = operator.post_reply(
                session,
                args.request_id,
                args.body,
                sender=args.sender,
                handling_code=args.handling,
            )
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(reply_id)
    return 0


def cmd_acknowledge(args: argparse.Namespace) -> int:
    """Mark a request acknowledged by its recipient."""
    db, _ = _open(args)
    with db.write() as session:
        ok = operator.acknowledge_request(session, args.request_id, args.ref)
    if not ok:
        print("error: no received request with that id", file=sys.stderr)
        return 2
    return 0


def _bulletin_from_args(args: argparse.Namespace) -> dict[str, Any]:
    if args.json:
        text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text("utf-8")
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise ValueError("the JSON must be an object")
        return loaded
    data: dict[str, Any] = {
        "k": args.kind,
        "rf": args.reference,
        "ti": args.title,
        "hc": args.handling,
        "is": args.issuer,
        "dt": args.date,
        "u": 1 if args.urgent else 0,
    }
    if args.country:
        data["ic"] = args.country
    if args.description:
        data["de"] = args.description
    if args.person:
        data["p"] = [{"n": [{"f": name, "sc": _script(name)} for name in args.person]}]
        if args.dob:
            parts = [int(p) for p in args.dob.split("-")] + [None, None]
            data["p"][0]["b"] = parts[:3]
    if args.plate or args.vin:
        data["v"] = [{"pl": args.plate, "vin": args.vin}]
    return data


def _script(text: str) -> str:
    return "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "Latn"


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish a bulletin from arguments or a JSON object (``--json FILE`` or ``-``)."""
    try:
        data = _bulletin_from_args(args)
        db, _ = _open(args)
        with db.write() as session:
            bulletin_id = operator.publish_bulletin(session, data, args.id)
    except (ValueError, ValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(bulletin_id)
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    """Cancel a bulletin (a tombstone in lane 0)."""
    db, _ = _open(args)
    with db.write() as session:
        ok = operator.cancel_bulletin(session, args.bulletin_id, args.reason)
    if not ok:
        print("error: no such bulletin", file=sys.stderr)
        return 2
    return 0


def cmd_revoke_device(args: argparse.Namespace) -> int:
    """Revoke a device; its tokens stop working at once."""
    db, _ = _open(args)
    with db.write() as session:
        ok = accounts.revoke_device(session, args.device_id)
    if not ok:
        print("error: no such device", file=sys.stderr)
        return 2
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    """List the devices of an office with last-seen time and client version."""
    from server.admin import list_devices

    db, _ = _open(args)
    with db.read() as session:
        devices = list_devices(session, args.office)
    if args.json:
        print(json.dumps([d.as_dict() for d in devices], ensure_ascii=False, indent=2))
        return 0
    print(f"{'device':36}  {'last seen':27}  {'version':10}  {'revoked':7}  name")
    for d in devices:
        print(
            f"{d.device_id:36}  {d.last_seen or 'never':27}  {d.client_version or '?':10}  "
            f"{'yes' if d.revoked else 'no':7}  {d.name}"
        )
    return 0


def cmd_rotate_code(args: argparse.Namespace) -> int:
    """Void an office's unused enrolment codes and print a new one."""
    from server.admin import rotate_enrolment_code

    db, _ = _open(args)
    with db.write() as session:
        code, voided = rotate_enrolment_code(session, args.office, timedelta(hours=args.ttl_hours))
    print(code)
    print(f"{voided} unused code(s) of {args.office} voided", file=sys.stderr)
    return 0


def cmd_office_items(args: argparse.Namespace) -> int:
    """List an office's open requests and its items answered retry, rejected or conflict."""
    from server.admin import waiting_work

    db, _ = _open(args)
    with db.read() as session:
        work = waiting_work(session, args.office)
    if args.json:
        print(json.dumps(work.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"open requests: {len(work.open_requests)}")
    for r in work.open_requests:
        print(f"  {r['request_id']}  {r['status']:12}  received {r['received_at']}")
    print(f"items not applied: {len(work.items_not_applied)}")
    for i in work.items_not_applied:
        print(f"  {i['item_id']}  {i['kind']:12}  {i['status']:8}  {i['code'] or ''}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Back up the database (pg_dump or SQLite backup) and the blobs into a new directory."""
    from server.backup import BackupError, backup

    url = resolve_db_url(args.db)
    try:
        info = backup(url, args.blob_dir or default_blob_dir(url), args.out)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(info.as_dict()))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup into an empty database and blob directory; skip the feed ahead."""
    from server.backup import BackupError, restore

    url = resolve_db_url(args.db)
    try:
        counter = restore(args.source, url, args.blob_dir or default_blob_dir(url), args.seq_gap)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"restored; the next change number is {counter + 1}")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    """Print the OpenAPI document (the source of docs/openapi.json)."""
    print(openapi_text())
    return 0


def openapi_text() -> str:
    """The OpenAPI document as stable, pretty JSON (from a throw-away database)."""
    import tempfile

    from server.app import ServerSettings, create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/openapi.sqlite3")
        app = create_app(ServerSettings(db=db, blob_dir=Path(tmp) / "blobs"))
        document = app.openapi()
        db.engine.dispose()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)


def cmd_unlock_login(args: argparse.Namespace) -> int:
    """Lift the password lock-out of a user name or a device."""
    db, _ = _open(args)
    if args.user:
        subject = throttle.user_subject(args.user)
    else:
        subject = throttle.device_subject(args.device)
    with db.write() as session:
        found = throttle.unlock(session, subject)
    print(f"unlocked {subject}" if found else f"{subject} was not locked")
    return 0


def cmd_security_events(args: argparse.Namespace) -> int:
    """Print recent security events as JSON lines, newest first."""
    db, _ = _open(args)
    with db.read() as session:
        for event in throttle.events(session, args.kind, args.limit):
            line = {
                "at": event.at.isoformat(),
                "kind": event.kind,
                "device_id": event.device_id,
                "office": event.office,
                "subject": event.subject,
                "detail": json.loads(event.detail),
            }
            print(json.dumps(line, ensure_ascii=False, sort_keys=True))
    return 0


# --- snapshots (out-of-band bootstrap, issue 16) --------------------------------------


def _publisher_key(args: argparse.Namespace) -> Any:
    from server.signing import PublisherKey, default_key_path

    _, blob_dir = _open(args)
    return PublisherKey.load_or_create(args.publisher_key or default_key_path(blob_dir))


def _read_passphrase(args: argparse.Namespace) -> str:
    import getpass

    if args.passphrase_file:
        return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\n")
    env = os.environ.get("DD_SNAPSHOT_PASSPHRASE")
    if env:
        return env
    first = getpass.getpass("Snapshot passphrase: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("the two passphrases differ")
    return first


def cmd_publisher_key(args: argparse.Namespace) -> int:
    """Print the public key to pin as ``snapshot_public_key`` in site.toml."""
    print(_publisher_key(args).public_key_b64())
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Write a signed, encrypted snapshot of the shared lanes."""
    from server.blobs import BlobStore
    from server.snapshot import SnapshotWriteError, write_snapshot

    db, blob_dir = _open(args)
    key = _publisher_key(args)
    try:
        lanes = [int(x) for x in args.lanes.split(",") if x.strip()]
    except ValueError:
        print("--lanes: a comma-separated list of lane numbers", file=sys.stderr)
        return 2

    def progress(done: int, total: int, what: str) -> None:
        if not args.quiet:
            print(f"{what}: {done}/{total}", file=sys.stderr, flush=True)

    try:
        manifest = write_snapshot(
            db,
            BlobStore(blob_dir),
            Path(args.out),
            key=key,
            passphrase=_read_passphrase(args),
            lanes=lanes,
            office=args.office,
            with_photos=args.with_photos,
            part_size=args.part_size,
            frame_rows=args.frame_rows,
            progress=progress,
        )
    except SnapshotWriteError as exc:
        print(f"snapshot not written: {exc}", file=sys.stderr)
        return 2
    summary = {k: manifest[k] for k in ("id", "head", "cursor", "office", "counts", "parts")}
    summary["public_key"] = key.public_key_b64()
    print(json.dumps(summary, indent=2))
    return 0


def _add_snapshot(sub: Any) -> None:
    from server.snapshot import MAX_PART_SIZE

    p = _sub(sub, "publisher-key", cmd_publisher_key, "Print the publisher public key.")
    p.add_argument("--publisher-key", type=Path, default=None, help="key file")
    p = _sub(sub, "snapshot", cmd_snapshot, "Write a signed snapshot file for USB transport.")
    p.add_argument("--out", required=True, help="snapshot file to write")
    p.add_argument("--with-photos", action="store_true", help="include full-size photos")
    p.add_argument("--lanes", default="0,1,2,3", help="lanes to include (0,1,2,3)")
    p.add_argument("--office", default=None, help="also include this office's own rows")
    p.add_argument("--part-size", type=int, default=MAX_PART_SIZE, help="largest part, bytes")
    p.add_argument("--passphrase-file", default=None, help="file holding the passphrase")
    p.add_argument("--publisher-key", type=Path, default=None, help="key file")
    p.add_argument("--frame-rows", type=int, default=500, help="rows per frame (500)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


def cmd_import_bundle(args: argparse.Namespace) -> int:
    """Import a device's USB outbox bundle; write its return bundle with ``--out``."""
    from server.blobs import BlobStore
    from server.bundle import BundleImportError, import_bundle, server_usb_key

    db, blob_dir = _open(args)
    try:
        summary = import_bundle(
            db,
            BlobStore(blob_dir),
            Path(args.file),
            usb_key=server_usb_key(args.publisher_key, blob_dir),
            publisher=_publisher_key(args),
            out=Path(args.out) if args.out else None,
            part_size=args.part_size,
            frame_rows=args.frame_rows,
        )
    except BundleImportError as exc:
        print(f"bundle refused: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2))
    return 0


def cmd_usb_key(args: argparse.Namespace) -> int:
    """Print the server's USB exchange public key (X25519, base64)."""
    from server.bundle import server_usb_key

    _, blob_dir = _open(args)
    print(server_usb_key(args.publisher_key, blob_dir).public_key_b64())
    return 0


def _add_bundle(sub: Any) -> None:
    from app.sync.protocol import bundlefile

    p = _sub(sub, "usb-key", cmd_usb_key, "Print the USB exchange public key.")
    p.add_argument("--publisher-key", type=Path, default=None, help="publisher key file")

    p = _sub(sub, "import-bundle", cmd_import_bundle, "Import a USB outbox bundle from a PC.")
    p.add_argument("file", help="the outbox bundle (.ddout)")
    p.add_argument("--out", default=None, help="return bundle to write for that PC (.ddret)")
    p.add_argument(
        "--part-size", type=int, default=bundlefile.MAX_PART_SIZE, help="largest part, bytes"
    )
    p.add_argument("--frame-rows", type=int, default=500, help="feed rows per frame (500)")
    p.add_argument("--publisher-key", type=Path, default=None, help="key file")


# --- parser --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="district-desk-server",
        description="District Desk reference regional server.",
        epilog=f"Default database: $DD_SERVER_DB or {DEFAULT_DB_URL}.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_serve(sub)
    _add_admin(sub)
    _add_operator(sub)
    _add_snapshot(sub)
    _add_bundle(sub)
    return parser


def _sub(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    _common(parser)
    parser.set_defaults(handler=handler)
    return parser


def _add_serve(sub: Any) -> None:
    p = _sub(sub, "serve", cmd_serve, "Run the server.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (8765; 0 picks a free one)")
    p.add_argument("--demo", action="store_true", help="answer requests automatically")
    p.add_argument("--demo-delay", type=float, default=3.0, help="seconds per demo step (3)")
    p.add_argument("--token-ttl", type=int, default=3600, help="token lifetime, seconds")
    p.add_argument("--test-hooks", action="store_true", help="enable fault injection (tests)")
    p.add_argument("--log-level", default="warning", help="uvicorn log level (warning)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the socket (1); every worker is stateless",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker for database work (4)",
    )
    p.add_argument(
        "--http",
        default="auto",
        choices=["auto", "h11", "httptools"],
        help="HTTP parser (auto: httptools if installed, else h11)",
    )
    p.add_argument(
        "--loop",
        default="auto",
        choices=["auto", "asyncio", "uvloop"],
        help="event loop (auto: uvloop if installed, else asyncio)",
    )
    p.add_argument(
        "--page-zstd-level",
        type=int,
        default=None,
        help="zstd level of /changes pages (protocol 1; default 12, 9 from 64 KiB); for benchmarks",
    )
    p.add_argument(
        "--server-log-level",
        default="info",
        help="level of the server's JSON log lines, access lines included (info)",
    )
    p.add_argument(
        "--keep-alive",
        type=int,
        default=KEEP_ALIVE_S,
        help=f"seconds an idle client connection stays open ({KEEP_ALIVE_S}: longer than the "
        "clients' 300 s sync interval)",
    )
    p.add_argument("--ssl-certfile", type=Path, default=None, help="serve HTTPS: certificate")
    p.add_argument("--ssl-keyfile", type=Path, default=None, help="serve HTTPS: private key")
    p.add_argument(
        "--metrics-dir",
        type=Path,
        default=None,
        help="prometheus_client multiprocess directory (workers > 1; default: a temp dir)",
    )
    throttle.add_arguments(p)


def _add_admin(sub: Any) -> None:
    p = _sub(sub, "enrollment-code", cmd_enrollment_code, "Print a one-time enrolment code.")
    p.add_argument("--office", required=True, help="office code the device will belong to")
    p.add_argument("--ttl-hours", type=float, default=72.0, help="validity in hours (72)")

    user = sub.add_parser("user", help="Manage users.")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    p = _sub(user_sub, "add", cmd_user_add, "Add a user (password read from stdin).")
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--office", required=True)
    p.add_argument("--display-name", default=None)

    p = _sub(sub, "revoke-device", cmd_revoke_device, "Revoke an enrolled device.")
    p.add_argument("device_id")

    p = _sub(sub, "devices", cmd_devices, "List an office's devices, last seen and version.")
    p.add_argument("--office", required=True)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "rotate-enrolment-code", cmd_rotate_code, "Void unused codes; print a new one.")
    p.add_argument("--office", required=True)
    p.add_argument("--ttl-hours", type=float, default=72.0, help="validity in hours (72)")

    p = _sub(sub, "office-items", cmd_office_items, "An office's open requests and failed items.")
    p.add_argument("--office", required=True)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "unlock-login", cmd_unlock_login, "Lift a password lock-out.")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", help="user name that was locked")
    who.add_argument("--device", help="device id that was locked")

    p = _sub(sub, "security-events", cmd_security_events, "List recent security events.")
    p.add_argument("--kind", default=None, help="only this kind (login_locked, ...)")
    p.add_argument("--limit", type=int, default=50)

    p = _sub(sub, "seed", cmd_seed, "Publish generated bulletins and cases.")
    p.add_argument("--bulletins", type=int, default=100)
    p.add_argument("--cases", type=int, default=10)
    p.add_argument("--photos", action="store_true", help="add generated photos/thumbnails")
    p.add_argument("--office", action="append", default=[], help="office for cases (repeatable)")
    p.add_argument("--seed", type=int, default=None, help="random seed (reproducible data)")

    p = _sub(sub, "backup", cmd_backup, "Back up the database and the blobs.")
    p.add_argument("--out", type=Path, required=True, help="new (or empty) backup directory")

    p = _sub(sub, "restore", cmd_restore, "Restore a backup into an empty database.")
    p.add_argument("source", type=Path, help="backup directory")
    p.add_argument(
        "--seq-gap",
        type=int,
        default=1_000_000_000,
        help="move the change counter this far ahead of the backup's (10^9)",
    )

    _sub(sub, "openapi", cmd_openapi, "Print the OpenAPI document.")


def _add_operator(sub: Any) -> None:
    p = _sub(sub, "reply", cmd_reply, "Post a reply to a request.")
    p.add_argument("request_id")
    p.add_argument("--body", required=True)
    p.add_argument("--from", dest="sender", default="Regional coordination centre")
    p.add_argument(
        "--handling",
        default=HandlingCode.LAW_ENFORCEMENT.value,
        choices=[h.value for h in HandlingCode],
    )

    p = _sub(sub, "acknowledge", cmd_acknowledge, "Mark a request acknowledged.")
    p.add_argument("request_id")
    p.add_argument("--ref", required=True, help="the recipient's reference number")

    p = _sub(sub, "publish", cmd_publish, "Publish a bulletin.")
    p.add_argument("--json", default=None, help="bulletin data object (file, or - for stdin)")
    p.add_argument("--id", default=None, help="bulletin id (default: new UUID)")
    p.add_argument("--kind", default="national_alert", choices=[k.value for k in BulletinKind])
    p.add_argument("--title", default="")
    p.add_argument("--reference", default="")
    p.add_argument(
        "--handling",
        default=HandlingCode.LAW_ENFORCEMENT.value,
        choices=[h.value for h in HandlingCode],
    )
    p.add_argument("--issuer", default="Regional coordination centre")
    p.add_argument("--country", default=None)
    p.add_argument("--date", default=None, help="date of issue YYYY-MM-DD (default: today)")
    p.add_argument("--urgent", action="store_true", help="urgent: lane 1")
    p.add_argument("--description", default=None)
    p.add_argument("--person", action="append", default=[], help="a name spelling (repeat)")
    p.add_argument("--dob", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--plate", default=None)
    p.add_argument("--vin", default=None)

    p = _sub(sub, "cancel", cmd_cancel, "Cancel a bulletin.")
    p.add_argument("bulletin_id")
    p.add_argument("--reason", default="cancelled by the issuing authority")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``district-desk-server``."""
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "publish" and not args.date:
        from datetime import date

        args.date = date.today().isoformat()
    handler: Handler = args.handler
    try:
        return handler(args)
    finally:
        while _opened:
            _opened.pop().engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
