"""The ``district-desk`` USB commands as IT staff run them: real processes (issue 16).

``python -m ui.launcher`` is the ``district-desk`` entry point; the commands run against a
real encrypted store enrolled with a real server on loopback, whose own CLI imports the
bundles. Errors must be a clear line with the code on stderr, a non-zero exit code, no
traceback, and no change to the store.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import write_site_config
from app.context import Desk
from app.exchange.bundle import export_bundle
from app.store.models import OutboxItem, OutboxState, OutgoingRequest
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from app.workflow import RequestService
from tests.faults.syncenv import OFFICE, PASSWORD, ClientEnv, client_env, fast_options, server_users
from tests.helpers.server_fixture import REPO, RunningServer
from tests.integration.test_snapshot_kill import _child_env, _open

pytestmark = pytest.mark.timeout(300)


def district_desk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``district-desk --data-dir DATA_DIR ARGS`` as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--data-dir", str(data_dir), *args],
        cwd=REPO,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def refused(done: subprocess.CompletedProcess[str], code: str) -> None:
    """A clean refusal: exit 1, ``error [code]: message`` on stderr, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert f"error [{code}]: " in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert done.stdout == ""


def outbox_states(desk: Desk) -> dict[str, int]:
    with desk.store.read() as s:
        rows = s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state))
        return {str(k): int(v) for k, v in rows}


@pytest.fixture
def office(dd_server: RunningServer, tmp_path: Path) -> Iterator[ClientEnv]:
    """A PC enrolled with the server whose store the CLI can open (development key file)."""
    server_users(dd_server)
    dd_server.seed(bulletins=15, offices=[OFFICE])
    data_dir = tmp_path / "client"
    data_dir.mkdir()
    write_site_config(data_dir / "site.toml", office_code=OFFICE, allow_dev_key_file=True)
    desk = _open(data_dir)
    enrol(desk, dd_server.url, dd_server.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options())
    env = ClientEnv(
        dd_server,
        desk,
        engine,
        engine.login_online("officer", PASSWORD),
        engine.login_online("supervisor", PASSWORD),
        RequestService(desk.store, desk.bus),
    )
    env.sync_until_done()
    engine.close()
    yield env
    desk.close()


def server_import(server: RunningServer, bundle: Path, out: Path) -> dict[str, object]:
    return dict(json.loads(server.cli("import-bundle", str(bundle), "--out", str(out))))


def test_export_import_release_through_the_command_line(office: ClientEnv, tmp_path: Path) -> None:
    data_dir = office.desk.paths.data_dir
    rid = office.approved_request("Check the vehicle AB 123 CD.")
    usb = tmp_path / "usb"

    done = district_desk(data_dir, "export-bundle", "--to", str(usb))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    path = Path(report["path"])
    assert path.parent == usb and path.exists() and report["parts"] == [path.name]
    assert report["counts"]["request"] == 1 and report["items"] >= 2
    with office.desk.store.read() as s:
        carried = dict(
            s.execute(
                select(OutboxItem.ref_id, OutboxItem.bundle_id).where(
                    OutboxItem.state == OutboxState.CARRIED
                )
            ).all()
        )
    assert carried[rid] == report["bundle"]
    assert outbox_states(office.desk).get("carried") == report["items"]

    back = tmp_path / "back" / "r.ddret"
    summary = server_import(office.server, path, back)
    assert summary["receipts"] == {"accepted": report["items"]}

    done = district_desk(data_dir, "import-bundle", str(back))
    assert done.returncode == 0, done.stderr
    applied = json.loads(done.stdout)
    assert applied["receipted"] == report["items"] and applied["quarantined"] == 0
    assert outbox_states(office.desk).get("carried", 0) == 0
    assert office.state(rid) == "sent"
    again = district_desk(data_dir, "import-bundle", str(back))
    assert again.returncode == 0 and "already imported" in again.stdout

    # A lost stick: list the bundles with carried items, put one back in the queue.
    office.approved_request("Locate the owner of AB 124 CD.")
    lost = export_bundle(office.desk, tmp_path / "lost")
    listed = district_desk(data_dir, "release-bundle")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [{"bundle": lost.bundle_id, "items": lost.items}]
    released = district_desk(data_dir, "release-bundle", lost.bundle_id)
    assert released.returncode == 0, released.stderr
    assert f"{lost.items} items of bundle {lost.bundle_id} are queued again" in released.stdout
    assert outbox_states(office.desk).get("carried", 0) == 0
    before = outbox_states(office.desk)
    refused(district_desk(data_dir, "release-bundle", lost.bundle_id), "bundle.unknown_bundle")
    assert outbox_states(office.desk) == before


def test_command_line_refusals_are_clear_and_change_nothing(
    office: ClientEnv, dd_server: RunningServer, tmp_path: Path
) -> None:
    data_dir = office.desk.paths.data_dir
    refused(
        district_desk(data_dir, "export-bundle", "--to", str(tmp_path / "e")),
        "bundle.nothing_to_export",
    )

    office.approved_request("Check the passport N1234567.")
    done = district_desk(data_dir, "export-bundle", "--to", str(tmp_path / "usb"))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    back = tmp_path / "r.ddret"
    server_import(dd_server, Path(report["path"]), back)

    # Another PC of the office, with its own return bundle.
    other = client_env(dd_server, tmp_path / "other")
    other.sync_until_done()
    other.approved_request("Check the passport N7654321.")
    theirs = export_bundle(other.desk, tmp_path / "usb2")
    their_back = tmp_path / "theirs.ddret"
    server_import(dd_server, theirs.path, their_back)
    other.engine.close()
    other.desk.close()

    tampered = tmp_path / "tampered.ddret"
    raw = bytearray(back.read_bytes())
    raw[-10] ^= 0x01
    tampered.write_bytes(bytes(raw))
    truncated = tmp_path / "short.ddret"
    truncated.write_bytes(back.read_bytes()[:-100])
    before = outbox_states(office.desk)

    refused(
        district_desk(data_dir, "import-bundle", str(tmp_path / "missing.ddret")),
        "bundle.unreadable",
    )
    refused(district_desk(data_dir, "import-bundle", str(tampered)), "bundle.tampered")
    refused(district_desk(data_dir, "import-bundle", str(truncated)), "bundle.truncated")
    refused(district_desk(data_dir, "import-bundle", str(their_back)), "bundle.other_device")
    refused(district_desk(data_dir, "import-bundle", report["path"]), "bundle.outbox_bundle")
    assert outbox_states(office.desk) == before == {**before, "carried": report["items"]}
    with office.desk.store.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(OutgoingRequest)
                .where(OutgoingRequest.state == "sent")
            )
            == 0
        )

    # The good one still applies afterwards.
    assert district_desk(data_dir, "import-bundle", str(back)).returncode == 0
    assert outbox_states(office.desk).get("carried", 0) == 0
