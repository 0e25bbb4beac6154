"""Office PCs for the LAN exchange tests: enrolled stores that subprocesses can open.

Each PC is a real encrypted store in its own directory whose site file allows the
development key file, so a ``tests.helpers.peer_runner`` subprocess opens the same store
with the same secrets (no OS keyring in the children).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from app import audit
from app.context import Desk, open_desk
from app.credentials import Credentials, DevKeyFile, scope_for
from app.paths import resolve
from app.peer.identity import DeviceIdentity, load_identity
from app.store.models import AuditEvent, Bulletin, SyncRow
from app.sync.enrol import enrol
from tests.faults.syncenv import PASSWORD, fast_options, write_dev_site
from tests.helpers.server_fixture import REPO, RunningServer


def child_env() -> dict[str, str]:
    """Environment of a PC subprocess: this worktree, no OS keyring."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def exchange_process(data_dir: Path, address: str) -> dict[str, object]:
    """One LAN exchange of the PC in ``data_dir`` with ``address``, in its own process;
    the runner's JSON answer (``{"error": code}`` when the exchange was refused)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.peer_runner", "exchange", str(data_dir), address],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode in (0, 3), done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def refusals(data_dir: Path) -> list[dict[str, object]]:
    """The ``peer_refused`` audit events of a PC: their details, with the refused
    device (``device``, the event's target) added."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            return [
                {**(e.details or {}), "device": e.target_id}
                for e in s.scalars(
                    select(AuditEvent).where(AuditEvent.action == audit.Action.PEER_REFUSED)
                )
            ]
    finally:
        desk.close()


def open_pc(data_dir: Path) -> Desk:
    """Open a PC's store with its development key file."""
    paths = resolve(data_dir)
    return open_desk(
        data_dir, credentials=Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    )


def enrolled_pc(server: RunningServer, data_dir: Path, office: str) -> Path:
    """Enrol a new PC of ``office`` (closed again; returns its directory)."""
    write_dev_site(data_dir, server.url)
    desk = open_pc(data_dir)
    try:
        enrol(desk, server.url, server.enrolment_code(office))
    finally:
        desk.close()
    return data_dir


def pull_from_region(data_dir: Path) -> None:
    """Bring a PC up to date with the regional server."""
    from app.sync.engine import SyncEngine

    desk = open_pc(data_dir)
    engine = SyncEngine(desk, fast_options())
    try:
        for _ in range(30):
            if engine.run_once().up_to_date:
                return
        raise AssertionError("never caught up with the region")
    finally:
        engine.close()
        desk.close()


def login_online(data_dir: Path, *users: str, password: str = PASSWORD) -> None:
    """Log users in against the region once, so they can log in offline on this PC."""
    from app.sync.engine import SyncEngine

    desk = open_pc(data_dir)
    engine = SyncEngine(desk, fast_options())
    try:
        for user in users:
            engine.login_online(user, password)
    finally:
        engine.close()
        desk.close()


def identity_of(desk: Desk) -> DeviceIdentity:
    with desk.store.read() as s:
        identity = load_identity(s, desk.credentials)
    assert identity is not None
    return identity


def held(desk: Desk) -> dict[tuple[str, str], tuple[int, int | None]]:
    """``(t, i) -> (s, h)`` of every feed row the PC holds."""
    with desk.store.read() as s:
        return {(r.t, r.i): (r.s, r.h) for r in s.scalars(select(SyncRow))}


def bulletin_count(desk: Desk) -> int:
    with desk.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Bulletin)) or 0)


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A PC process serving its lanes on a free loopback port; yields it and its address."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.peer_runner", "serve", str(data_dir)],
        cwd=REPO,
        env=child_env(),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    try:
        line = proc.stdout.readline()
        if not line.startswith("port "):
            proc.kill()
            raise AssertionError(f"peer did not start: {line!r} {proc.stderr.read()[-2000:]!r}")
        yield proc, f"127.0.0.1:{int(line.split()[1])}"
    finally:
        proc.stdin.close()
        if proc.poll() is None:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
