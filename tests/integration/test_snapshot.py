"""Signed snapshot files: bootstrap a PC from USB, then sync only the delta (issue 16).

Real server process on loopback writes the snapshot with its CLI; real encrypted client
stores import it. Every refusal is checked to change nothing in the store.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.config import SiteConfig
from app.context import Desk
from app.credentials import MemorySecrets
from app.exchange.snapshot import ImportProgress, SnapshotError, import_snapshot, open_snapshot
from app.store.models import Attachment, Bulletin, Media, Meta, SyncCursor, SyncRow
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from app.sync.lanes import local_lane_sums
from tests.faults.syncenv import OFFICE, PASSWORD, fast_options, server_users
from tests.helpers import server_fixture
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(180)

PASSPHRASE = "long enough passphrase 42"
OTHER_KEY = "Z2FyYmFnZSBrZXkgZm9yIGEgd3Jvbmcgc2VydmVyISE="  # 32 bytes, base64


def make_snapshot(server: RunningServer, out: Path, *extra: str) -> str:
    """Write a snapshot with the server CLI; return the publisher's public key."""
    secret = out.parent / "passphrase.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    server.cli("snapshot", "--out", str(out), "--passphrase-file", str(secret), "--quiet", *extra)
    return server.cli("publisher-key").strip()


def desk_for(path: Path, public_key: str) -> Desk:
    site = SiteConfig(office_code=OFFICE, snapshot_public_key=public_key)
    return make_desk(path, secrets=MemorySecrets(), site=site)


def fingerprint(desk: Desk) -> str:
    """A digest of every table's rows (what "nothing changed" is checked against)."""
    h = hashlib.sha256()
    with desk.store.read() as s:
        tables = [
            r[0]
            for r in s.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            )
        ]
        for table in tables:
            for row in s.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def counts(desk: Desk) -> dict[str, int]:
    with desk.store.read() as s:
        tables = [
            r[0]
            for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            if r[0] not in ("meta", "audit_events", "alembic_version", "sync_cursors")
        ]
        return {t: int(s.scalar(text(f'SELECT count(*) FROM "{t}"')) or 0) for t in tables}


def live_bulletins(desk: Desk) -> int:
    with desk.store.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(Bulletin).where(Bulletin.deleted.is_(False)))
            or 0
        )


@pytest.fixture
def seeded(dd_server: RunningServer) -> RunningServer:
    server_users(dd_server)
    dd_server.seed(bulletins=150, cases=4, offices=[OFFICE], photos=True)
    return dd_server


def test_import_before_enrolment_then_online_delta_only(
    seeded: RunningServer, tmp_path: Path
) -> None:
    snap = tmp_path / "usb" / "region.ddsnap"
    # A tiny part size forces several parts, as a FAT32 split would.
    key = make_snapshot(
        seeded, snap, "--office", OFFICE, "--with-photos", "--part-size", str(256 * 1024)
    )
    parts = sorted(p.name for p in snap.parent.glob("region.ddsnap*"))
    assert len(parts) >= 2 and parts[1] == "region.ddsnap.002"
    assert all(p.stat().st_size <= 256 * 1024 for p in snap.parent.glob("region.ddsnap*"))
    # Personal data never in plain text: a name from the feed is not in any part.
    with seeded.db.read() as s:
        from server.models import FeedRow

        sample = s.scalar(
            select(FeedRow.data)
            .where(FeedRow.row_type == "b", FeedRow.data.like('%"f":"%'))
            .order_by(FeedRow.seq)
            .limit(1)
        )
    assert sample is not None and '"f":"' in sample
    name = sample.split('"f":"', 1)[1].split('"', 1)[0].encode()
    assert len(name) >= 4
    for part in snap.parent.glob("region.ddsnap*"):
        assert name not in part.read_bytes()

    desk = desk_for(tmp_path / "client", key)
    seen: list[tuple[str, int]] = []
    result = import_snapshot(
        desk, snap, PASSPHRASE, progress=lambda p: seen.append((p.stage, p.done_bytes))
    )
    assert not result.already_imported and result.rows_applied > 150
    assert result.blobs > 0
    assert [st for st, _ in seen][-1] == "apply" and "verify" in {st for st, _ in seen}
    assert live_bulletins(desk) == 150
    with desk.store.read() as s:
        photos = s.scalars(select(Media.sha256).where(Media.deleted.is_(False))).all()
        assert photos
        present = s.scalars(
            select(Attachment.sha256).where(Attachment.sha256.in_(photos), Attachment.present)
        ).all()
        assert set(present) == set(photos)
    assert desk.blobs.read(photos[0])

    # Importing it again changes nothing.
    before = fingerprint(desk)
    assert import_snapshot(desk, snap, PASSPHRASE).already_imported
    assert fingerprint(desk) == before

    # New bulletins after the snapshot; enrol and sync: only the delta crosses the link.
    seeded.seed(bulletins=5)
    enrol(desk, seeded.url, seeded.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options())
    try:
        engine.login_online("officer", PASSWORD)
        outcome = engine.run_once()
    finally:
        engine.close()
    assert outcome.ok and outcome.up_to_date, outcome
    assert outcome.integrity_ok is True and outcome.repaired_lanes == []
    assert live_bulletins(desk) == 155
    # 5 bulletins (+ their media rows when the seed adds photos), never the 150 again.
    assert 5 <= outcome.pulled_rows <= 15, outcome.pulled_rows


def test_regional_snapshot_without_office_rows_still_converges(
    seeded: RunningServer, tmp_path: Path
) -> None:
    snap = tmp_path / "usb" / "regional.ddsnap"
    key = make_snapshot(seeded, snap)
    desk = desk_for(tmp_path / "client", key)
    import_snapshot(desk, snap, PASSPHRASE)
    enrol(desk, seeded.url, seeded.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options())
    try:
        engine.login_online("officer", PASSWORD)
        outcome = engine.run_once()
        with desk.store.read() as s:
            local = local_lane_sums(s)
    finally:
        engine.close()
    assert outcome.ok and outcome.integrity_ok is True and outcome.repaired_lanes == []
    assert live_bulletins(desk) == 150
    assert sum(c for c, _ in local.values()) > 150


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.fixture
def snapshot_and_key(seeded: RunningServer, tmp_path: Path) -> tuple[Path, str]:
    snap = tmp_path / "master" / "s.ddsnap"
    key = make_snapshot(seeded, snap, "--office", OFFICE, "--part-size", str(128 * 1024))
    return snap, key


def _copy(snap: Path, to: Path) -> Path:
    to.mkdir(parents=True)
    for part in snap.parent.glob(snap.name + "*"):
        shutil.copy(part, to / part.name)
    return to / snap.name


def _refused(desk: Desk, snap: Path, code: str, passphrase: str = PASSPHRASE) -> None:
    before = fingerprint(desk)
    with pytest.raises(SnapshotError) as info:
        import_snapshot(desk, snap, passphrase)
    assert info.value.code == code, info.value.message
    assert fingerprint(desk) == before


def test_tampered_truncated_foreign_and_wrong_passphrase_change_nothing(
    snapshot_and_key: tuple[Path, str], tmp_path: Path
) -> None:
    snap, key = snapshot_and_key
    desk = desk_for(tmp_path / "client", key)
    size = snap.stat().st_size

    body = _copy(snap, tmp_path / "t1")
    _flip(body, size - 100)  # a byte inside an encrypted frame
    _refused(desk, body, "snapshot.tampered")

    header = _copy(snap, tmp_path / "t2")
    _flip(header, 40)  # a byte of the signed manifest
    _refused(desk, header, "snapshot.wrong_key")

    last = _copy(snap, tmp_path / "t3")
    tail = sorted(last.parent.glob(last.name + ".*"))[-1]
    tail.write_bytes(tail.read_bytes()[:-10])
    _refused(desk, last, "snapshot.truncated")

    missing = _copy(snap, tmp_path / "t4")
    sorted(missing.parent.glob(missing.name + ".*"))[-1].unlink()
    _refused(desk, missing, "snapshot.truncated")

    short = _copy(snap, tmp_path / "t5")
    short.write_bytes(short.read_bytes()[:30])
    _refused(desk, short, "snapshot.truncated")
    short.write_bytes(short.read_bytes()[:10])
    _refused(desk, short, "snapshot.truncated")

    foreign = desk_for(tmp_path / "foreign", OTHER_KEY)
    _refused(foreign, snap, "snapshot.wrong_key")
    _refused(desk, snap, "snapshot.wrong_passphrase", passphrase="not the passphrase at all")

    not_ours = tmp_path / "notes.txt"
    not_ours.write_text("x" * 200, encoding="utf-8")
    _refused(desk, not_ours, "snapshot.not_a_snapshot")
    # After all that, the genuine file still imports.
    import_snapshot(desk, snap, PASSPHRASE)
    assert live_bulletins(desk) == 150


def test_snapshot_older_than_the_store_is_refused(
    seeded: RunningServer, snapshot_and_key: tuple[Path, str], tmp_path: Path
) -> None:
    old, key = snapshot_and_key
    seeded.seed(bulletins=10)
    new = tmp_path / "new" / "n.ddsnap"
    make_snapshot(seeded, new, "--office", OFFICE)
    desk = desk_for(tmp_path / "client", key)
    import_snapshot(desk, new, PASSPHRASE)
    assert live_bulletins(desk) == 160
    _refused(desk, old, "snapshot.older_than_store")


def test_snapshot_of_another_office_is_refused(seeded: RunningServer, tmp_path: Path) -> None:
    snap = tmp_path / "o" / "o.ddsnap"
    key = make_snapshot(seeded, snap, "--office", "KAR-02")
    desk = desk_for(tmp_path / "client", key)
    _refused(desk, snap, "snapshot.other_office")


def test_open_snapshot_reports_the_manifest(
    snapshot_and_key: tuple[Path, str],
) -> None:
    snap, key = snapshot_and_key
    opened = open_snapshot(snap, key)
    m = opened.manifest
    assert m["counts"]["b"] == 150 and m["office"] == OFFICE
    assert len(opened.parts) >= 2
    assert all(f["sha256"] and f["len"] > 0 for f in m["frames"])


def test_cursor_and_sync_rows_after_import(
    snapshot_and_key: tuple[Path, str], seeded: RunningServer, tmp_path: Path
) -> None:
    snap, key = snapshot_and_key
    desk = desk_for(tmp_path / "client", key)
    import_snapshot(desk, snap, PASSPHRASE)
    head = open_snapshot(snap, key).manifest["head"]
    with desk.store.read() as s:
        cursors = {c.lane: c.cursor for c in s.scalars(select(SyncCursor))}
        held = int(s.scalar(select(func.count()).select_from(SyncRow)) or 0)
        keys = [m.key for m in s.scalars(select(Meta))]
    assert cursors == {"0": head, "1": head, "2": head, "3": head}
    from server.feed import REGIONAL
    from server.models import FeedRow

    with seeded.db.read() as s:
        expected = s.scalar(
            select(func.count()).select_from(FeedRow).where(FeedRow.scope.in_([REGIONAL, OFFICE]))
        )
    assert held == expected
    assert not [k for k in keys if k.startswith("snapshot.next_frame.")]


def test_progress_reports_time_left(snapshot_and_key: tuple[Path, str], tmp_path: Path) -> None:
    snap, key = snapshot_and_key
    desk = desk_for(tmp_path / "client", key)
    seen: list[ImportProgress] = []
    import_snapshot(desk, snap, PASSPHRASE, progress=seen.append)
    applying = [p for p in seen if p.stage == "apply"]
    assert len(applying) >= 1
    assert applying[-1].done_bytes == applying[-1].total_bytes
    assert [p.done_bytes for p in applying] == sorted(p.done_bytes for p in applying)
    # Once enough has been timed, every report carries an estimate, ending at zero.
    estimates = [p.seconds_left for p in applying if p.seconds_left is not None]
    assert estimates and estimates[-1] == 0.0


def test_snapshot_of_some_lanes_imported_after_enrolment_then_sync_fills_the_rest(
    seeded: RunningServer, tmp_path: Path
) -> None:
    """A PC enrolled while the link worked, then cut off before its first pull: IT brings
    a snapshot of the ordinary bulletins only (``--lanes 2``, without the photos' lane).
    The import fills lane 2 alone; the first sync then pulls the other lanes and none of
    lane 2 again, and the lanes check out."""
    from app.sync.protocol.constants import Lane

    snap = tmp_path / "usb" / "ordinary.ddsnap"
    key = make_snapshot(seeded, snap, "--office", OFFICE, "--lanes", str(int(Lane.ORDINARY)))
    desk = desk_for(tmp_path / "client", key)
    enrol(desk, seeded.url, seeded.enrolment_code(OFFICE))
    result = import_snapshot(desk, snap, PASSPHRASE)
    assert not result.already_imported and result.rows_applied > 0
    with desk.store.read() as s:
        lanes = set(s.scalars(select(SyncRow.lane).distinct()).all())
    assert lanes == {int(Lane.ORDINARY)}, lanes
    assert 0 < live_bulletins(desk) <= 150  # urgent ones travel in a lane of their own

    engine = SyncEngine(desk, fast_options())
    try:
        engine.login_online("officer", PASSWORD)
        outcome = engine.run_once()
        with desk.store.read() as s:
            after = {
                lane: int(n)
                for lane, n in s.execute(select(SyncRow.lane, func.count()).group_by(SyncRow.lane))
            }
    finally:
        engine.close()
    assert outcome.ok and outcome.up_to_date, outcome
    assert outcome.integrity_ok is True and outcome.repaired_lanes == []
    # Only what the snapshot left out crossed the link (the photo lane and any others).
    others = sum(n for lane, n in after.items() if lane != int(Lane.ORDINARY))
    assert others > 0 and outcome.pulled_rows == others, (after, outcome.pulled_rows)
    assert live_bulletins(desk) == 150


def test_snapshot_of_another_server_is_refused_after_enrolment(
    seeded: RunningServer, server_factory: server_fixture.ServerFactory, tmp_path: Path
) -> None:
    other = server_factory()
    other.seed(bulletins=5)
    snap = tmp_path / "other" / "x.ddsnap"
    other_key = make_snapshot(other, snap)
    desk = desk_for(tmp_path / "client", other_key)
    enrol(desk, seeded.url, seeded.enrolment_code(OFFICE))
    _refused(desk, snap, "snapshot.other_server")


def test_command_line_import_and_refusal(
    snapshot_and_key: tuple[Path, str], tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    from app.config import write_site_config
    from tests.helpers.server_fixture import REPO

    snap, key = snapshot_and_key
    data_dir = tmp_path / "client"
    data_dir.mkdir()
    write_site_config(
        data_dir / "site.toml", office_code=OFFICE, allow_dev_key_file=True, snapshot_public_key=key
    )
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env["PYTHONPATH"] = str(REPO)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=120,
            check=False,
        )

    bad = _copy(snap, tmp_path / "bad")
    _flip(bad, bad.stat().st_size - 10)
    secret = str(snap.parent / "passphrase.txt")
    refused = run("import-snapshot", str(bad), "--passphrase-file", secret)
    assert refused.returncode == 1
    assert "snapshot.tampered" in refused.stderr and "copy it again" in refused.stderr
    done = run("import-snapshot", str(snap), "--passphrase-file", secret)
    assert done.returncode == 0, done.stderr
    assert "importing: 100%" in done.stderr
    assert '"rows_applied"' in done.stdout
    again = run("import-snapshot", str(snap), "--passphrase-file", secret, "--quiet")
    assert again.returncode == 0 and "already imported" in again.stdout


def test_a_flipped_byte_anywhere_is_refused(
    snapshot_and_key: tuple[Path, str], tmp_path: Path
) -> None:
    import random

    snap, key = snapshot_and_key
    desk = desk_for(tmp_path / "client", key)
    before = fingerprint(desk)
    parts = sorted(snap.parent.glob(snap.name + "*"))
    parts = [p for p in parts if not p.name.endswith(".txt")]
    rng = random.Random(16)
    codes = set()
    for n in range(24):
        copy = _copy(snap, tmp_path / f"f{n}")
        part = copy.parent / rng.choice(parts).name
        _flip(part, rng.randrange(part.stat().st_size))
        with pytest.raises(SnapshotError) as info:
            import_snapshot(desk, copy, PASSPHRASE)
        codes.add(info.value.code)
    # A flip in the header-length field may point past the end: read as cut short.
    assert codes <= {
        "snapshot.tampered",
        "snapshot.wrong_key",
        "snapshot.not_a_snapshot",
        "snapshot.unsupported",
        "snapshot.truncated",
    }
    assert "snapshot.tampered" in codes
    assert fingerprint(desk) == before
