"""The headless ``district-desk`` command, run as a real subprocess on a real data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import __version__
from app.context import Desk, open_desk
from app.store.models import OutgoingRequest, RequestState, RequestType, Role
from app.users import create_user, login
from app.workflow import RequestDraft, RequestService, hash_of

CLI = Path(sys.executable).with_name("district-desk")
PASSWORD = "correct horse 1"


def run_cli(
    *args: str, data_dir: Path | None = None, stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``district-desk`` the way IT staff do, never through a shell."""
    cmd = [str(CLI)]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    env = {k: v for k, v in os.environ.items() if k != "DISTRICT_DESK_HOME"}
    env.pop("DISTRICT_DESK_SITE_CONFIG", None)
    return subprocess.run(
        [*cmd, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def make_cli_data_dir(data_dir: Path) -> Path:
    """A data dir whose site.toml allows the development key file.

    The command line and this process pick the same secrets backend (the OS keyring when
    one is unlocked, else the development key file), so both open the same store.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "site.toml").write_text(
        '[district_desk]\noffice_code = "AST-01"\nallow_dev_key_file = true\n', encoding="utf-8"
    )
    return data_dir


def open_cli_desk(data_dir: Path) -> Desk:
    return open_desk(data_dir)


def populate(desk: Desk) -> dict[str, str]:
    """Two users and requests in several states; returns request ids by state."""
    with desk.store.write() as s:
        create_user(
            s, username="ivanov", password=PASSWORD, role=Role.OFFICER, office_code="AST-01"
        )
        create_user(
            s, username="petrova", password=PASSWORD, role=Role.SUPERVISOR, office_code="AST-01"
        )
    officer = login(desk.store, "ivanov", PASSWORD)
    supervisor = login(desk.store, "petrova", PASSWORD)
    svc = RequestService(desk.store)
    draft = RequestDraft(
        request_type=RequestType.INFORMATION,
        recipients=("NCB-ASTANA",),
        body="Please confirm the identity of the subject.",
    )
    ids = {"draft": svc.create_draft(officer, draft)}
    for state in ("queued", "submitted"):
        rid = svc.create_draft(officer, draft)
        svc.submit(officer, rid)
        ids[state] = rid
    with desk.store.read() as s:
        req = s.get(OutgoingRequest, ids["queued"])
        assert req is not None
        digest = hash_of(req)
    svc.approve(supervisor, ids["queued"], digest)
    with desk.store.read() as s:
        req = s.get(OutgoingRequest, ids["queued"])
        assert req is not None and req.state == RequestState.QUEUED
    return ids


def test_version() -> None:
    r = run_cli("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"District Desk {__version__}"


def test_self_test_healthy_then_broken(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    r = run_cli("self-test", data_dir=data)
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["ok"] is True
    names = [c["name"] for c in report["checks"]]
    assert names == [
        "data_dir",
        "site_config",
        "keyring",
        "store",
        "integrity",
        "audit_chain",
        "audit_anchor",
        "blobs",
    ]
    assert all(c["code"] == "ok" for c in report["checks"])
    assert "Traceback" not in r.stderr
    # Quick by default, with progress for IT staff on stderr; the full check on request.
    assert report["integrity"] == "quick"
    assert next(c for c in report["checks"] if c["name"] == "integrity")["detail"] == (
        "quick_check ok"
    )
    assert "self-test: [1/8] data_dir" in r.stderr and "self-test: [5/8] integrity" in r.stderr
    full = run_cli("self-test", "--full", "--quiet", data_dir=data)
    assert full.returncode == 0, full.stdout + full.stderr
    report = json.loads(full.stdout)
    assert report["integrity"] == "full" and report["ok"] is True
    assert next(c for c in report["checks"] if c["name"] == "integrity")["detail"] == (
        "integrity_check ok"
    )
    assert "self-test:" not in full.stderr

    # Overwrite the middle of the (encrypted) database: self-test names the store.
    db = data / "desk.db"
    raw = bytearray(db.read_bytes())
    raw[0:4096] = os.urandom(4096)
    db.write_bytes(bytes(raw))
    r = run_cli("self-test", data_dir=data)
    assert r.returncode != 0
    report = json.loads(r.stdout)
    assert report["ok"] is False
    store = next(c for c in report["checks"] if c["name"] == "store")
    assert store["ok"] is False and store["code"].startswith("store.")
    assert "Traceback" not in r.stdout + r.stderr


def test_status_json_counts(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    desk = open_cli_desk(data)
    try:
        populate(desk)
    finally:
        desk.close()
    r = run_cli("status", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    status = json.loads(r.stdout)
    assert status["requests"] == {"draft": 1, "queued": 1, "submitted": 1}
    assert status["outbox_pending"] == 1
    assert status["bulletins"] == 0 and status["cases"] == 0
    assert status["office_code"] == "AST-01"


def test_audit_verify_ok_and_user_add(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    r = run_cli(
        "user",
        "add",
        "--username",
        "sidorov",
        "--role",
        "officer",
        "--office",
        "AST-01",
        data_dir=data,
        stdin=PASSWORD + "\n",
    )
    assert r.returncode == 0, r.stderr
    r = run_cli("audit", "verify", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "audit chain OK: 1 events"


def test_bad_usage_and_bad_site_config_are_clear(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    (data / "site.toml").write_text(
        '[district_desk]\noffice_code = "AST-01"\ninactivity_minutes = "soon"\n', encoding="utf-8"
    )
    r = run_cli("status", "--json", data_dir=data)
    assert r.returncode == 2
    assert "config.invalid" in r.stderr and "line 3" in r.stderr
    assert "Traceback" not in r.stderr
    r = run_cli("no-such-command", data_dir=data)
    assert r.returncode == 2 and "Traceback" not in r.stderr
