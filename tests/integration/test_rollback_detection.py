"""A store that lost committed work the server had acknowledged is detected (issue 9, item 8).

Real client store (SQLCipher), real sync engine, real server on loopback: the client
commits work and syncs (the server anchors its audit chain), an older copy of the store
is put back, or the end of its WAL is cut off, and then self-test fails with
``store.rolled_back``, the sync stops with the same code, and the server keeps an
``audit_rollback`` security event for the device.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app import audit
from app.config import SiteConfig
from app.credentials import Credentials, MemorySecrets
from app.selftest import run_self_test
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from app.sync.protocol import ErrorClass
from tests.faults.syncenv import OFFICE, PASSWORD, client_env, fast_options, server_users
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(120)

STORE_FILES = ("desk.db", "desk.db-wal", "desk.db-shm")


def copy_store(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in STORE_FILES:
        (target / name).unlink(missing_ok=True)
        if (source / name).exists():
            shutil.copy2(source / name, target / name)


def rollback_events(server: RunningServer, device_id: str) -> list[dict]:
    from server.models import SecurityEvent

    with server.db.read() as session:
        rows = session.scalars(
            select(SecurityEvent).where(
                SecurityEvent.kind == "audit_rollback", SecurityEvent.device_id == device_id
            )
        )
        return [{"office": r.office, "detail": r.detail} for r in rows]


def check(report: dict, name: str) -> dict:
    return next(c for c in report["checks"] if c["name"] == name)


def test_restored_older_store_is_detected(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    secrets = MemorySecrets()
    data = tmp_path / "client"
    env = client_env(dd_server, data, secrets=secrets)
    env.approved_request()
    assert env.engine.run_once().ok
    first = audit.load_anchor(env.desk.credentials)
    assert first is not None
    env.desk.close()
    copy_store(data, tmp_path / "backup")  # the "older copy"

    # More committed work, synced: the server anchors a later head.
    desk = make_desk(data, secrets=secrets, site=SiteConfig(office_code=OFFICE))
    engine = SyncEngine(desk, fast_options())
    engine.login_online("officer", PASSWORD)
    assert engine.run_once().ok
    later = audit.load_anchor(desk.credentials)
    assert later is not None and later.seq > first.seq
    healthy = run_self_test(data, credentials=Credentials(secrets, "test"))
    assert check(healthy, "audit_anchor")["ok"] is True
    desk.close()

    copy_store(tmp_path / "backup", data)
    report = run_self_test(data, credentials=Credentials(secrets, "test"))
    anchor = check(report, "audit_anchor")
    assert report["ok"] is False
    assert (anchor["ok"], anchor["code"]) == (False, "store.rolled_back")
    assert str(later.seq) in anchor["detail"]
    assert check(report, "audit_chain")["ok"] is True  # the chain itself is intact

    desk = make_desk(data, secrets=secrets, site=SiteConfig(office_code=OFFICE))
    engine = SyncEngine(desk, fast_options())
    engine.login_online("officer", PASSWORD)  # new work after the rollback
    result = engine.run_once()
    assert result.ok is False
    assert result.failure is not None
    assert (result.failure.code, result.failure.klass) == (
        "store.rolled_back",
        ErrorClass.FATAL.value,
    )
    # It keeps saying so: the sync does not pretend all is well.
    again = engine.run_once().failure
    assert again is not None and again.code == "store.rolled_back"
    recorded = rollback_events(dd_server, _device_of(dd_server))
    assert recorded and recorded[0]["office"] == OFFICE
    # IT staff accept the restored store by enrolling the PC again (a code from the
    # operator, who has the event): the new device starts a new anchor.
    enrol(desk, dd_server.url, dd_server.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options())
    engine.login_online("officer", PASSWORD)
    assert engine.run_once().ok
    desk.close()
    after = run_self_test(data, credentials=Credentials(secrets, "test"))
    assert check(after, "audit_anchor")["ok"] is True


def _device_of(server: RunningServer) -> str:
    from server.models import Device

    with server.db.read() as session:
        [device] = session.scalars(select(Device)).all()
        return device.id


def test_truncated_wal_is_detected(dd_server: RunningServer, tmp_path: Path) -> None:
    """SQLite drops the transactions of a cut WAL; the anchor outside the store remains."""
    server_users(dd_server)
    secrets = MemorySecrets()
    data = tmp_path / "client"
    env = client_env(dd_server, data, secrets=secrets)
    assert env.engine.run_once().ok
    env.desk.close()  # checkpoints: everything so far is in desk.db
    desk = make_desk(data, secrets=secrets, site=SiteConfig(office_code=OFFICE))
    engine = SyncEngine(desk, fast_options())
    engine.login_online("supervisor", PASSWORD)
    assert engine.run_once().ok
    anchor = audit.load_anchor(desk.credentials)
    assert anchor is not None
    wal = data / "desk.db-wal"
    # Copy the files as a crash would leave them: the WAL cut down to its header.
    snapshot = tmp_path / "crashed"
    copy_store(data, snapshot)
    # The later transactions are in the WAL only, so cutting it loses them.
    assert (snapshot / "desk.db-wal").stat().st_size > 32
    desk.close()
    copy_store(snapshot, data)
    with wal.open("r+b") as handle:
        handle.truncate(32)
    report = run_self_test(data, credentials=Credentials(secrets, "test"))
    assert check(report, "audit_anchor")["code"] == "store.rolled_back", report
