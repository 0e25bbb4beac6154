"""Upgrades keep the data dir and keyring entry, migrate the store and lose no queued request.

Version N is the release build; version N+1 is the same sources stamped one patch version
higher and shipping one more migration script (see conftest.py), installed over N with a
real ``dpkg -i`` in a scratch root. The requests are queued by the application code of
version N itself (the sources the N bundle was built from) in a separate process that uses
the same keyring entry as the installed app. The PC is enrolled with the real reference
server (loopback) by the installed version N; enrolment must survive the upgrade and a
re-install.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.server_fixture import RunningServer
from tests.installer.conftest import PROBE_REVISION, ROOT, Build
from tests.installer.scratch import ScratchRoot, app_env, check, run_app, self_test

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _status(root: ScratchRoot, data: Path, env: dict[str, str]) -> dict[str, Any]:
    proc = run_app(root.command, data, env, "status", "--json")
    assert proc.returncode == 0, proc.stderr
    status: dict[str, Any] = json.loads(proc.stdout)
    return status


def _sync_status(root: ScratchRoot, data: Path, env: dict[str, str]) -> dict[str, Any]:
    proc = run_app(root.command, data, env, "sync-status", "--json")
    assert proc.returncode == 0, proc.stderr
    status: dict[str, Any] = json.loads(proc.stdout)
    return status


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_upgrade_keeps_queued_requests_and_a_downgrade_is_refused(
    release_build: Build, upgrade_build: Build, dd_server: RunningServer, tmp_path: Path
) -> None:
    root = ScratchRoot(tmp_path / "root")
    data = tmp_path / "home" / "data"
    env = app_env(tmp_path / "config")

    # Version N: first start creates the store, IT enrols the PC with the regional server
    # (the frozen sync stack talks real HTTP to the reference server), a first sync runs,
    # then the office queues three requests while the link is down.
    root.install(release_build.deb)
    code, report = self_test(root.command, data, env)
    assert code == 0, report
    enrol = run_app(
        root.command,
        data,
        env,
        "enroll",
        "--server",
        dd_server.url,
        "--code",
        dd_server.enrolment_code("AST-01"),
    )
    assert enrol.returncode == 0, enrol.stdout + enrol.stderr
    first_sync = run_app(root.command, data, env, "sync", "--json")
    assert first_sync.returncode == 0, first_sync.stdout + first_sync.stderr
    enrolled = _sync_status(root, data, env)
    assert enrolled["enrolled"] is True
    queue = subprocess.run(
        [sys.executable, "-m", "tests.installer.queue_requests", str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert queue.returncode == 0, queue.stderr
    ids = json.loads(queue.stdout)
    assert len(ids["queued"]) == 3
    before = _status(root, data, env)
    assert before["requests"] == {"draft": 1, "queued": 3}
    assert before["outbox_pending"] == 3
    installation_id = (data / "installation-id").read_text()

    # Version N+1 over it: same data dir, same keyring entry, store migrated at first start.
    proc = root.install(upgrade_build.deb)
    assert "Unpacking district-desk (" + upgrade_build.version + ") over (" in proc.stdout
    assert root.installed_version() == f"{upgrade_build.version} ii"
    after = _status(root, data, env)
    for key in ("requests", "outbox_pending", "outbox_quarantined"):
        assert after[key] == before[key], key
    code, report = self_test(root.command, data, env)
    assert code == 0, report
    assert report["version"] == upgrade_build.version
    assert f"schema {PROBE_REVISION}," in check(report, "store")["detail"]
    assert check(report, "audit_chain")["ok"]
    assert not (data / f"desk.db.before-{PROBE_REVISION}.bak").exists(), (
        "the copy taken before the migration is removed once the upgraded store checks ok"
    )
    assert (data / "installation-id").read_text() == installation_id
    # Still enrolled: the device credentials in the keyring survived the upgrade.
    status = _sync_status(root, data, env)
    assert status["enrolled"] is True
    assert status["server_url"] == enrolled["server_url"]
    assert status["pending_items"] == 3

    # Back to version N: refused with a clear message, the store left exactly as it was.
    db_before = _digest(data / "desk.db")
    root.install(release_build.deb)
    assert root.installed_version() == f"{release_build.version} ii"
    refused = run_app(root.command, data, env, "status", "--json")
    assert refused.returncode == 3
    assert "error [store.too_new]" in refused.stderr
    assert f"(schema {PROBE_REVISION})" in refused.stderr
    assert "Install the newer version." in refused.stderr
    code, report = self_test(root.command, data, env)
    assert code == 1 and check(report, "store")["code"] == "store.too_new"
    assert _digest(data / "desk.db") == db_before

    # Removing and re-installing N+1 (as IT does after a broken install) keeps everything.
    proc = root.dpkg("-r", "district-desk")
    assert proc.returncode == 0, proc.stderr
    root.install(upgrade_build.deb)
    again = _status(root, data, env)
    for key in ("requests", "outbox_pending", "outbox_quarantined"):
        assert again[key] == before[key], key
    assert _sync_status(root, data, env)["enrolled"] is True
