"""Damaged files, wrong or missing keys, read-only and full disks, bad configuration.

Each gives a typed error with a clear message, ``self-test`` names it (its JSON carries the
code), nothing prints a traceback, and the existing store is not damaged: its bytes are
unchanged, or it still opens with all its data once the cause is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import audit
from app.context import Desk
from app.credentials import Credentials, MemorySecrets
from app.errors import (
    ConfigError,
    KeyMissing,
    StoreCorrupt,
    StoreDiskFull,
    StoreError,
    StoreWrongKey,
)
from app.selftest import run_self_test
from app.store.db import STORE_KEY
from app.store.models import AuditEvent, Meta
from tests.helpers.desk import make_desk
from tests.unit.test_cli import make_cli_data_dir, open_cli_desk, run_cli

N_EVENTS = 400


def _digests(root: Path) -> dict[str, str]:
    """Every file of the store.

    Not the logs (a refused start may append to them) nor the development key file (the
    stand-in for the OS keyring, which the wrong-key tests change on purpose).
    """
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "logs" not in p.parts and p.name not in (".write-probe", "dev-store.key")
    }


def _fill(desk: Desk, n: int = N_EVENTS, *, marker: bool = True) -> None:
    with desk.store.write() as s:
        for i in range(n):
            audit.record(
                s,
                audit.Action.VIEW,
                actor_name="officer",
                target_type="bulletin",
                target_id=f"b-{i}",
                details={"pad": "x" * 300},
            )
        if marker:
            s.add(Meta(key="bad-input-test", value="still here"))


def _assert_intact(desk: Desk, n: int = N_EVENTS) -> None:
    with desk.store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == n
        assert s.get(Meta, "bad-input-test") is not None
    assert desk.store.integrity_check() == "ok"
    assert audit.verify(desk.store.engine).ok


def _check(report: dict[str, Any], name: str) -> dict[str, Any]:
    assert report["ok"] is False
    found = next((c for c in report["checks"] if c["name"] == name), None)
    assert found is not None, [c["name"] for c in report["checks"]]
    assert found["ok"] is False
    assert "Traceback" not in json.dumps(report)
    assert found["code"] != "unexpected", found
    return found


@pytest.fixture
def cli_store(tmp_path: Path) -> Iterator[Path]:
    """A data dir (OS keyring or development key file) with a filled, closed store."""
    data = make_cli_data_dir(tmp_path / "data")
    desk = open_cli_desk(data)
    try:
        _fill(desk)
        desk.store.checkpoint()
    finally:
        desk.close()
    yield data


def _damage(db: Path, how: str) -> None:
    raw = bytearray(db.read_bytes())
    if how == "first_page":
        raw[0:512] = os.urandom(512)
    elif how == "middle_page":
        mid = (len(raw) // 2) // 4096 * 4096
        raw[mid : mid + 4096] = os.urandom(4096)
    elif how == "truncated":
        raw = raw[: len(raw) // 3 + 123]
    elif how == "empty_header":
        raw[0:4096] = bytes(4096)
    db.write_bytes(bytes(raw))


@pytest.mark.parametrize("how", ["first_page", "middle_page", "truncated", "empty_header"])
def test_damaged_database_is_reported_not_crashed(cli_store: Path, how: str) -> None:
    db = cli_store / "desk.db"
    good = db.read_bytes()
    _damage(db, how)
    damaged = _digests(cli_store)

    with pytest.raises(StoreError) as info:
        desk = open_cli_desk(cli_store)
        try:  # a damaged inner page only shows when it is read
            with desk.store.read() as s:
                s.scalars(select(AuditEvent)).all()
            desk.store.integrity_check()
        finally:
            desk.close()
    assert info.value.code == "store.corrupt"
    assert str(db) in info.value.message

    report = run_self_test(cli_store)
    failed = next(c for c in report["checks"] if not c["ok"])
    assert failed["name"] in ("store", "integrity", "audit_chain")
    assert _check(report, failed["name"])["code"] == "store.corrupt"
    # Neither the refused start nor the self-test wrote to the damaged store.
    assert _digests(cli_store) == damaged

    db.write_bytes(good)  # restored from a backup, it opens with all its data
    desk = open_cli_desk(cli_store)
    try:
        _assert_intact(desk)
    finally:
        desk.close()


def test_cli_on_a_damaged_store_prints_a_message_not_a_traceback(cli_store: Path) -> None:
    _damage(cli_store / "desk.db", "first_page")
    for args in (["status", "--json"], ["audit", "verify"]):
        r = run_cli(*args, data_dir=cli_store)
        assert r.returncode == 3, (args, r.stderr)
        assert "error [store.corrupt]" in r.stderr
        assert "Traceback" not in r.stderr + r.stdout
    r = run_cli("self-test", data_dir=cli_store)
    assert r.returncode == 1
    assert json.loads(r.stdout)["ok"] is False


def test_plain_sqlite_file_is_not_taken_for_a_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with contextlib.closing(sqlite3.connect(data / "desk.db")) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    before = _digests(data)
    with pytest.raises(StoreCorrupt):
        make_desk(data, secrets=MemorySecrets())
    assert _digests(data) == before


def test_wrong_key_is_named_and_store_untouched(tmp_path: Path) -> None:
    secrets_ = MemorySecrets()
    desk = make_desk(tmp_path / "data", secrets=secrets_)
    _fill(desk)
    desk.close()
    data = tmp_path / "data"
    right = dict(secrets_.data)
    before = _digests(data)

    creds = Credentials(secrets_, "test")
    creds.set(STORE_KEY, secrets.token_hex(32))
    with pytest.raises(StoreWrongKey) as info:
        make_desk(data, secrets=secrets_)
    assert info.value.code == "store.wrong_key" and "keyring" in info.value.message
    # Without the key check file, SQLCipher's own refusal is still reported as a wrong key.
    (data / "store-key.check").rename(tmp_path / "check.bak")
    with pytest.raises(StoreWrongKey):
        make_desk(data, secrets=secrets_)
    (tmp_path / "check.bak").rename(data / "store-key.check")
    assert _digests(data) == before

    secrets_.data = right
    desk = make_desk(data, secrets=secrets_)
    try:
        _assert_intact(desk)
    finally:
        desk.close()


def test_wrong_and_missing_key_in_self_test(cli_store: Path) -> None:
    desk = open_cli_desk(cli_store)
    creds = desk.credentials
    desk.close()
    right = creds.get(STORE_KEY)
    assert right is not None
    before = _digests(cli_store)
    try:
        creds.set(STORE_KEY, secrets.token_hex(32))
        assert _check(run_self_test(cli_store), "store")["code"] == "store.wrong_key"
        creds.delete(STORE_KEY)
        with pytest.raises(KeyMissing):
            open_cli_desk(cli_store)
        found = _check(run_self_test(cli_store), "store")
        assert found["code"] == "keyring.key_missing"
        assert "exists but its key is not in the keyring" in found["detail"]
        assert _digests(cli_store) == before
    finally:
        creds.set(STORE_KEY, right)
    desk = open_cli_desk(cli_store)
    try:
        _assert_intact(desk)
    finally:
        desk.close()


# -- read-only data directory --------------------------------------------------------------
#
# Root ignores permission bits, so as root the data directory is made read-only for real: a
# read-only bind mount over it (what a write-protected share or medium looks like). An
# unprivileged run uses the permission bits.


@contextlib.contextmanager
def read_only(where: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        os.chmod(where, 0o555)
        try:
            yield
        finally:
            os.chmod(where, 0o700)
        return
    subprocess.run(["mount", "--bind", str(where), str(where)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_read_only_data_dir_is_named_and_store_untouched(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    r = run_cli(
        "user",
        "add",
        "--username",
        "ivanov",
        "--role",
        "officer",
        "--office",
        "AST-01",
        data_dir=data,
        stdin="correct horse 1\n",
    )
    assert r.returncode == 0, r.stderr
    before = _digests(data)
    with read_only(data):
        with pytest.raises(OSError):
            (data / "probe").write_bytes(b"")  # the directory really is read-only
        r = run_cli("self-test", data_dir=data)
        assert r.returncode == 1, r.stdout + r.stderr
        found = _check(json.loads(r.stdout), "data_dir")
        assert found["code"] == "store.read_only" and str(data) in found["detail"]
        r = run_cli("status", "--json", data_dir=data)
        assert r.returncode == 3
        assert "error [store.read_only]" in r.stderr and "not writable" in r.stderr
        assert "Traceback" not in r.stderr
        assert _digests(data) == before
    r = run_cli("audit", "verify", data_dir=data)
    assert r.returncode == 0 and "1 events" in r.stdout, r.stderr


# -- disk full: a real tiny file system ----------------------------------------------------


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "3m") -> Iterator[bool]:
    """Mount a small tmpfs at ``where``; yields False when mounting is not permitted."""
    where.mkdir(parents=True)
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    try:
        yield r.returncode == 0
    finally:
        if r.returncode == 0:
            subprocess.run(["umount", "-l", str(where)], check=False)


def _fill_disk(where: Path) -> Path:
    filler = where / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_disk_full_during_a_write_is_typed_and_harmless(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as mounted:
        if not mounted:  # a real full file system is the point of this test; no stand-in
            pytest.fail("mounting a tmpfs needs root; run the suite as root (CI does)")
        data = make_cli_data_dir(tmp_path / "disk" / "data")
        desk = open_cli_desk(data)
        try:
            _fill(desk, 50)
            desk.store.checkpoint()
            filler = _fill_disk(tmp_path / "disk")
            with pytest.raises(StoreDiskFull) as info:
                _fill(desk, 3000, marker=False)  # needs far more pages than are left
            assert info.value.code == "store.disk_full" and "full" in info.value.message
            with pytest.raises(StoreDiskFull):
                desk.blobs.put(os.urandom(300_000))
            report = run_self_test(data)
            first = next(c for c in report["checks"] if not c["ok"])
            found = _check(report, first["name"])
            if found["name"] == "keyring":  # the development key file is on that disk too
                assert found["code"] == "keyring.error"
                assert "No space left on device" in found["detail"]
            else:
                assert (found["name"], found["code"]) == ("blobs", "store.disk_full")
        finally:
            desk.close()
        filler.unlink()
        desk = open_cli_desk(data)
        try:
            _assert_intact(desk, 50)  # the failed transaction left no trace
            sha = desk.blobs.put(b"after the disk was freed")
            assert desk.blobs.read(sha) == b"after the disk was freed"
        finally:
            desk.close()


# -- bad site configuration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[district_desk]\noffice_code = "AST-01"\nserver_url = "https://x\n', 3, "not valid TOML"),
        ('[district_desk]\n\ninactivity_minutes = "15"\n', 3, "must be a whole number"),
        ('[district_desk]\noffice_code = "AST-01"\n\n\nsync_every = 5\n', 5, "unknown setting"),
        ('[district_desk]\nserver_url = "http://regional.example"\n', 2, "plain http"),
        ("[district_desk]\ninactivity_minutes = 0\n", 2, "between 1 and 240"),
        ('[district_desk]\nallow_dev_key_file = "yes"\n', 2, "must be true or false"),
    ],
)
def test_bad_site_config_names_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "site.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        open_cli_desk(data)
    assert info.value.params["line"] == line
    assert f"line {line}:" in info.value.message and words in info.value.message
    found = _check(run_self_test(data), "site_config")
    assert found["code"] == "config.invalid" and f"line {line}" in found["detail"]
    assert not (data / "desk.db").exists()


def test_the_cursor_reads_what_a_session_reads_and_types_driver_errors(desk: Desk) -> None:
    """``Store.cursor`` (the list's hot path) gives the session's rows as plain tuples,
    types a driver error like ``Store.read`` does, and leaves no transaction open."""
    from app.store.models import Bulletin, BulletinKind, HandlingCode

    with desk.store.write() as s:
        for i in range(3):
            s.add(
                Bulletin(
                    id=f"b{i}",
                    kind=BulletinKind.RED,
                    reference=f"R/{i}",
                    title=f"t{i}",
                    summary="",
                    handling_code=HandlingCode.LAW_ENFORCEMENT,
                )
            )
    sql = "SELECT id, reference FROM bulletins WHERE reference >= :r ORDER BY id"
    with desk.store.cursor() as cur:
        rows = cur.execute(sql, {"r": "R/1"}).fetchall()
    from sqlalchemy import text

    with desk.store.read() as s:
        assert rows == [tuple(r) for r in s.execute(text(sql), {"r": "R/1"})]
    assert rows == [("b1", "R/1"), ("b2", "R/2")]
    with pytest.raises(StoreError), desk.store.cursor() as cur:
        cur.execute("SELECT no_such_column FROM bulletins")
    # The pooled connection came back without an open transaction: a write goes through.
    with desk.store.write() as s:
        s.execute(text("UPDATE bulletins SET title = 'x' WHERE id = 'b0'"))
    with desk.store.cursor() as cur:
        assert cur.execute("SELECT title FROM bulletins WHERE id = 'b0'").fetchone() == ("x",)
