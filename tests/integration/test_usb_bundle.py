"""USB exchange: outbox bundle out, server import, return bundle in (issue 16).

A real server process on loopback (its CLI imports the bundles), real encrypted client
stores enrolled with it, real files. Every refusal is checked to change nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import func, select

from app.exchange.bundle import (
    BundleError,
    carried_bundles,
    export_bundle,
    import_return_bundle,
    release_bundle,
)
from app.store.meta import META_USB_SERVER_KEY, set_meta
from app.store.models import AuditEvent, OutboxItem, OutboxState, RequestState
from app.sync.protocol import bundlefile as bf
from tests.faults.syncenv import OFFICE, ClientEnv, client_env, server_users
from tests.helpers.server_fixture import RunningServer
from tests.integration.test_snapshot import fingerprint

pytestmark = pytest.mark.timeout(240)

BODY = "Please confirm the identity of Zhaksylyk Temirbekov-Usb."


@pytest.fixture
def env(dd_server: RunningServer, tmp_path: Path) -> ClientEnv:
    server_users(dd_server)
    dd_server.seed(bulletins=40, offices=[OFFICE], photos=True)
    e = client_env(dd_server, tmp_path / "client")
    e.sync_until_done()
    return e


def server_import(
    server: RunningServer, bundle: Path, out: Path | None = None, *extra: str, ok: bool = True
) -> dict[str, object] | str:
    args = ["import-bundle", str(bundle), *extra]
    if out is not None:
        args += ["--out", str(out)]
    if ok:
        return dict(json.loads(server.cli(*args)))
    import subprocess
    import sys

    from tests.helpers.server_fixture import REPO, _child_env

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server",
            *args,
            "--db",
            server.db_url,
            "--blob-dir",
            str(server.blob_dir),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_child_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    return done.stderr


def header_edit(path: Path) -> int:
    """Offset of a digit in the signed header that still leaves valid JSON when changed."""
    return path.read_bytes().index(b'"created_at":"') + len('"created_at":"') + 3


def server_records(server: RunningServer) -> dict[str, str]:
    from server.models import ItemRecord

    with server.db.read() as s:
        return {r.id: r.status for r in s.scalars(select(ItemRecord))}


def states(env: ClientEnv) -> dict[str, int]:
    with env.desk.store.read() as s:
        rows = s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state))
        return {str(k): int(v) for k, v in rows}


def test_round_trip_carried_then_receipted_and_return_applied_twice(
    env: ClientEnv, tmp_path: Path
) -> None:
    rids = [env.approved_request(f"{BODY} {n}") for n in range(3)]
    usb = tmp_path / "usb"
    result = export_bundle(env.desk, usb)
    assert result.items >= 3 and result.counts["request"] == 3
    assert result.path.exists() and result.path.suffix == ".ddout"
    # Every item is carried with the bundle's id; none queued; the status says so.
    assert states(env) == {"carried": result.items} | (
        {"done": states(env).get("done", 0)} if "done" in states(env) else {}
    )
    assert env.engine.status().carried_items == result.items
    assert env.engine.status().pending_items == 0
    assert carried_bundles(env.desk) == [(result.bundle_id, result.items)]
    # No plain personal data in the file.
    raw = result.path.read_bytes()
    assert b"Temirbekov" not in raw and b"Zhaksylyk" not in raw
    assert all(env.state(r) == RequestState.QUEUED for r in rids)

    # New bulletins are published while the office is cut off.
    before = env.bulletin_count()
    env.server.seed(bulletins=25, offices=[OFFICE])
    back = tmp_path / "back" / "return.ddret"
    summary = server_import(env.server, result.path, back)
    assert isinstance(summary, dict)
    assert summary["items"] == result.items
    assert summary["receipts"] == {"accepted": result.items}
    assert all(server_records(env.server)[r] == "accepted" for r in _item_ids(env, rids))

    done = import_return_bundle(env.desk, back)
    assert done.receipted == result.items
    assert states(env).get("carried", 0) == 0
    assert all(env.state(r) == RequestState.SENT for r in rids)
    assert env.bulletin_count() > before
    assert env.engine.status().carried_items == 0

    # Applied twice: nothing changes, not even with the "done" marker gone.
    snapshot_of_store = fingerprint(env.desk)
    again = import_return_bundle(env.desk, back)
    assert again.already_imported
    assert fingerprint(env.desk) == snapshot_of_store
    with env.desk.store.write() as s:
        set_meta(s, "usb.return_done." + done.bundle_id, None)
    counts_before = states(env), env.bulletin_count(), [env.state(r) for r in rids]
    replay = import_return_bundle(env.desk, back)
    assert replay.receipted == 0
    assert (states(env), env.bulletin_count(), [env.state(r) for r in rids]) == counts_before
    # The online sync then has nothing of the office's work left to send (only the audit
    # trail of the import itself) and the feed is consistent.
    with env.desk.store.read() as s:
        left = set(s.scalars(select(OutboxItem.kind).where(OutboxItem.state != OutboxState.DONE)))
    assert left <= {"audit_batch"}
    records = server_records(env.server)
    sync = env.engine.run_once()
    assert sync.ok and sync.up_to_date and sync.integrity_ok
    new = set(server_records(env.server)) - set(records)
    with env.desk.store.read() as s:
        kinds = set(s.scalars(select(OutboxItem.kind).where(OutboxItem.id.in_(new))))
    assert kinds <= {"audit_batch"}


def _item_ids(env: ClientEnv, rids: list[str]) -> list[str]:
    with env.desk.store.read() as s:
        return list(
            s.scalars(
                select(OutboxItem.id).where(
                    OutboxItem.ref_id.in_(rids), OutboxItem.kind == "request"
                )
            )
        )


def test_bundle_imported_twice_creates_nothing_twice(env: ClientEnv, tmp_path: Path) -> None:
    env.approved_request()
    result = export_bundle(env.desk, tmp_path / "usb")
    first = server_import(env.server, result.path)
    records = server_records(env.server)
    second = server_import(env.server, result.path, tmp_path / "r2.ddret")
    assert isinstance(first, dict) and isinstance(second, dict)
    assert first["receipts"] == {"accepted": result.items}
    assert second["receipts"] == {"duplicate(accepted)": result.items}
    assert server_records(env.server) == records
    # The second return bundle receipts the items just as well.
    done = import_return_bundle(env.desk, tmp_path / "r2.ddret")
    assert done.receipted == result.items
    assert states(env).get("carried", 0) == 0


def test_link_back_while_carried_pushes_online_then_import_is_receipts_only(
    env: ClientEnv, tmp_path: Path
) -> None:
    rid = env.approved_request()
    result = export_bundle(env.desk, tmp_path / "usb")
    # The link comes back before the courier arrives: the carried items go by wire.
    sync = env.engine.run_once()
    assert sync.ok and sync.pushed_items == result.items
    assert states(env).get("carried", 0) == 0 and env.state(rid) == RequestState.SENT
    records = server_records(env.server)
    back = tmp_path / "back.ddret"
    summary = server_import(env.server, result.path, back)
    assert isinstance(summary, dict)
    assert summary["receipts"] == {"duplicate(accepted)": result.items}
    assert server_records(env.server) == records
    before = states(env)
    done = import_return_bundle(env.desk, back)
    assert done.receipted == 0 and states(env) == before


def test_release_puts_a_lost_bundle_back_in_the_queue(env: ClientEnv, tmp_path: Path) -> None:
    env.approved_request()
    result = export_bundle(env.desk, tmp_path / "usb")
    assert release_bundle(env.desk, result.bundle_id) == result.items
    assert states(env).get("carried", 0) == 0
    with env.desk.store.read() as s:
        assert s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "bundle_release", AuditEvent.target_id == result.bundle_id)
        )
    with pytest.raises(BundleError) as err:
        release_bundle(env.desk, result.bundle_id)
    assert err.value.code == "bundle.unknown_bundle"
    env.sync_until_done()
    assert states(env).get("pending", 0) == 0
    # The lost bundle turns up after all: receipts only.
    summary = server_import(env.server, result.path)
    assert isinstance(summary, dict)
    assert set(dict(summary["receipts"])) == {"duplicate(accepted)"}  # type: ignore[call-overload]


def test_refusals_change_nothing(env: ClientEnv, tmp_path: Path) -> None:
    env.approved_request()
    result = export_bundle(env.desk, tmp_path / "usb")
    records = server_records(env.server)
    manifest = bf.open_bundle(result.path, bf.MAGIC_OUTBOX, bf.FORMAT_OUTBOX).manifest
    body_offset = len(result.path.read_bytes()) - int(manifest["body_bytes"])

    # A tampered byte in a frame, and in the signed header.
    in_header = header_edit(result.path)
    for where, code in (
        (body_offset + 5, "bundle.tampered"),
        (in_header, "bundle.wrong_signature"),
    ):
        bad = tmp_path / f"bad{where}.ddout"
        data = bytearray(result.path.read_bytes())
        data[where] ^= 0x01
        bad.write_bytes(bytes(data))
        assert code in str(server_import(env.server, bad, ok=False))
    # Truncated.
    short = tmp_path / "short.ddout"
    short.write_bytes(result.path.read_bytes()[:-10])
    assert "bundle.truncated" in str(server_import(env.server, short, ok=False))
    assert server_records(env.server) == records

    # Encrypted to the wrong server key.
    other = bf.x25519_public_b64(X25519PrivateKey.generate())
    release_bundle(env.desk, result.bundle_id)
    with env.desk.store.write() as s:
        set_meta(s, META_USB_SERVER_KEY, other)
    wrong = export_bundle(env.desk, tmp_path / "usb2")
    assert "bundle.foreign" in str(server_import(env.server, wrong.path, ok=False))
    assert server_records(env.server) == records

    # The return bundle: tampered, truncated, foreign publisher, another PC's.
    release_bundle(env.desk, wrong.bundle_id)
    with env.desk.store.write() as s:
        set_meta(s, META_USB_SERVER_KEY, env.server.cli("usb-key").strip())
    good = export_bundle(env.desk, tmp_path / "usb3")
    back = tmp_path / "back.ddret"
    server_import(env.server, good.path, back)
    before = fingerprint(env.desk)
    rm = bf.open_bundle(back, bf.MAGIC_RETURN, bf.FORMAT_RETURN).manifest
    offset = len(back.read_bytes()) - int(rm["body_bytes"])
    cases = []
    data = bytearray(back.read_bytes())
    data[offset + 3] ^= 0x80
    cases.append((bytes(data), "bundle.tampered"))
    cases.append((back.read_bytes()[:-1], "bundle.truncated"))
    data = bytearray(back.read_bytes())
    data[header_edit(back)] ^= 0x01
    cases.append((bytes(data), "bundle.wrong_signature"))
    cases.append((result.path.read_bytes(), "bundle.not_a_bundle"))
    for n, (content, code) in enumerate(cases):
        path = tmp_path / f"r{n}.ddret"
        path.write_bytes(content)
        with pytest.raises(BundleError) as err:
            import_return_bundle(env.desk, path)
        assert err.value.code == code, (n, err.value.code)
    assert fingerprint(env.desk) == before
    # Another PC of the same office cannot read this one's return bundle.
    other_pc = client_env(env.server, tmp_path / "other")
    before_other = fingerprint(other_pc.desk)
    with pytest.raises(BundleError) as err:
        import_return_bundle(other_pc.desk, back)
    assert err.value.code == "bundle.other_device"
    assert fingerprint(other_pc.desk) == before_other
    # The good one still applies.
    assert import_return_bundle(env.desk, back).receipted == good.items


def test_split_parts_and_nothing_to_export(env: ClientEnv, tmp_path: Path) -> None:
    with pytest.raises(BundleError) as err:
        export_bundle(env.desk, tmp_path / "empty")
    assert err.value.code == "bundle.nothing_to_export"
    assert states(env).get("carried", 0) == 0
    for n in range(30):
        env.approved_request(f"{BODY} {n} " + "x" * 1500)
    result = export_bundle(env.desk, tmp_path / "usb", part_size=4096)
    assert len(result.parts) >= 2
    assert all((tmp_path / "usb" / p).stat().st_size <= 4096 for p in result.parts)
    moved = tmp_path / "stick"
    shutil.copytree(tmp_path / "usb", moved)
    summary = server_import(env.server, moved / result.path.name, tmp_path / "r.ddret")
    assert isinstance(summary, dict) and summary["receipts"] == {"accepted": result.items}
    (moved / result.parts[-1]).unlink()
    assert "bundle.truncated" in str(server_import(env.server, moved / result.path.name, ok=False))


def test_request_with_attachment_is_accepted_from_a_bundle(env: ClientEnv, tmp_path: Path) -> None:
    # The bundle carries the file: the server must not answer "upload first" forever.
    sha = env.desk.blobs.put(b"scanned passport page " * 2000)
    rid = env.approved_request(attachments=(sha,))
    result = export_bundle(env.desk, tmp_path / "usb")
    assert result.counts["blobs"] == 1
    summary = server_import(env.server, result.path, tmp_path / "r.ddret")
    assert isinstance(summary, dict) and summary["receipts"] == {"accepted": result.items}
    done = import_return_bundle(env.desk, tmp_path / "r.ddret")
    assert done.receipted == result.items and not done.quarantined
    assert env.state(rid) == RequestState.SENT


def test_exports_in_the_same_second_keep_both_bundles(env: ClientEnv, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    env.approved_request(f"{BODY} first")
    first = export_bundle(env.desk, usb)
    env.approved_request(f"{BODY} second")
    second = export_bundle(env.desk, usb)
    assert first.path != second.path
    for result in (first, second):
        bundle = bf.open_bundle(result.path, bf.MAGIC_OUTBOX, bf.FORMAT_OUTBOX)
        assert bundle.bundle_id == result.bundle_id


def test_refused_export_leaves_no_file_and_no_record(env: ClientEnv, tmp_path: Path) -> None:
    from app.exchange.unfinished import unfinished_export

    usb = tmp_path / "usb"
    with pytest.raises(BundleError) as err:
        export_bundle(env.desk, usb)
    assert err.value.code == "bundle.nothing_to_export"
    assert unfinished_export(env.desk) is None
    assert not usb.exists() or list(usb.iterdir()) == []


def test_export_to_an_unusable_place_is_refused_cleanly(env: ClientEnv, tmp_path: Path) -> None:
    from app.exchange.unfinished import unfinished_export

    env.approved_request()
    before = states(env)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the stick's folder should be", encoding="utf-8")
    with pytest.raises(BundleError) as err:
        export_bundle(env.desk, blocked / "usb")
    assert err.value.code == "bundle.no_space"
    assert states(env) == before and "carried" not in before
    assert unfinished_export(env.desk) is None
