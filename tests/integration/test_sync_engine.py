"""The sync engine against the real reference server on loopback (fast link)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import events
from app.store.models import (
    Bulletin,
    OutboxItem,
    OutboxState,
    Person,
    PersonName,
    Reply,
    RequestState,
    User,
)
from app.sync.engine import SyncState
from app.sync.protocol import ErrorClass
from app.users import login
from tests.faults.syncenv import (
    OFFICE,
    PASSWORD,
    client_env,
    post_reply,
    server_accepted_items,
    server_requests,
    server_users,
)
from tests.helpers.server_fixture import RunningServer

# The server fixtures, under the names the tests ask for.

pytestmark = pytest.mark.timeout(120)


def test_full_cycle_bulletins_request_reply(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    seeded = dd_server.seed(bulletins=120, cases=4, offices=[OFFICE])
    env = client_env(dd_server, tmp_path / "client")
    seen: list[tuple[str, dict[str, Any]]] = []
    env.desk.bus.subscribe("*", lambda name, payload: seen.append((name, payload)))

    rid = env.approved_request()
    assert env.state(rid) == RequestState.QUEUED
    result = env.engine.run_once()
    assert result.ok, result
    assert result.integrity_ok is True
    assert env.state(rid) == RequestState.SENT
    assert server_requests(dd_server).get(rid) == "received"
    assert env.bulletin_count() == len(seeded.bulletins)
    # Every spelling of every name arrives verbatim.
    with env.desk.store.read() as s:
        assert s.scalars(select(func.count()).select_from(Person)).one() > 0
        assert (
            s.scalars(select(func.count()).select_from(PersonName)).one()
            >= s.scalars(
                select(func.count()).select_from(Person).where(Person.bulletin_id.is_not(None))
            ).one()
        )
    names = [n for n, _ in seen]
    assert events.SYNC_PROGRESS in names and events.BULLETINS_CHANGED in names

    post_reply(dd_server, rid)
    result = env.engine.run_once()
    assert result.ok and result.up_to_date, result
    assert env.state(rid) == RequestState.ANSWERED
    with env.desk.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Reply).where(Reply.request_id == rid)) == 1
    assert any(n == events.NOTIFICATION and p.get("kind") == "reply" for n, p in seen)
    # The receipt is stored and the approval is recorded once on the server.
    assert server_accepted_items(dd_server).count(server_accepted_items(dd_server)[0]) == 1
    status = env.engine.status()
    assert status.state == SyncState.UP_TO_DATE
    assert status.last_confirmed_sync is not None
    assert status.pending_items == 0 and status.quarantine == []


def test_cancelled_bulletin_is_purged_and_announced(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    seeded = dd_server.seed(bulletins=10)
    env = client_env(dd_server, tmp_path / "client")
    assert env.engine.run_once().ok
    victim = seeded.bulletins[3]
    with env.desk.store.read() as s:
        reference = s.get_one(Bulletin, victim).reference
    dd_server.cli("cancel", victim, "--reason", "withdrawn by issuer")
    notes: list[dict[str, Any]] = []
    env.desk.bus.subscribe(events.NOTIFICATION, lambda _n, p: notes.append(p))
    result = env.engine.run_once()
    assert result.ok and result.integrity_ok, result
    with env.desk.store.read() as s:
        row = s.get(Bulletin, victim)
        assert row is not None and row.cancelled and row.deleted
        assert row.reference == reference and row.title == ""
        assert (
            s.scalar(select(func.count()).select_from(Person).where(Person.bulletin_id == victim))
            == 0
        )
    assert {"kind": "cancelled", "bulletin_id": victim, "reference": reference} in notes
    assert env.bulletin_count() == 9


def test_online_login_caches_user_for_offline_login(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    with env.desk.store.read() as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
        assert user is not None and user.key_registered and user.office_code == OFFICE
        assert user.password_hash.startswith("$argon2id$")
        public_key = user.signing_public_key
    actor = login(env.desk.store, "supervisor", PASSWORD)  # offline, from the cache
    assert actor.signing_key is not None
    from server import accounts
    from server.models import SigningKey

    with dd_server.db.read() as s:
        server_user = accounts.user_by_name(s, "supervisor")
        assert server_user is not None
        keys = list(s.scalars(select(SigningKey).where(SigningKey.user_id == server_user.id)))
    assert any(base64.b64decode(k.public_key) == public_key for k in keys)
    from app.errors import AuthError

    with pytest.raises(AuthError):
        env.engine.login_online("supervisor", "wrong password!")
    from app.sync.client import SyncFailure
    from app.sync.enrol import enrol

    with pytest.raises(SyncFailure) as info:
        enrol(env.desk, dd_server.url, "AAAA-BBBB-CCCC")
    assert info.value.server_code == "enrolment_code_invalid"
    assert env.desk.credentials.get("device-id")  # the enrolment in place is kept


def test_tampered_approval_is_refused_and_quarantined(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    good = env.approved_request("Approved offline, sent later.")
    bad = env.approved_request("Original text the supervisor approved.")
    # Someone edits the frozen outbox item after approval: the content no longer matches
    # the hash the supervisor signed.
    with env.desk.store.write() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.ref_id == bad)).one()
        payload = dict(item.payload)
        request = dict(payload["request"])
        request["content"] = {**request["content"], "body": "Something else entirely."}
        item.payload = {**payload, "request": request}
    result = env.engine.run_once()
    assert result.ok, result
    assert result.quarantined == 1
    assert env.state(good) == RequestState.SENT
    assert env.state(bad) == RequestState.REJECTED_BY_SERVER
    status = env.engine.status()
    assert [q.ref_id for q in status.quarantine] == [bad]
    assert status.quarantine[0].code == "approval_hash_mismatch"
    assert set(server_requests(dd_server)) == {good}
    # Discarding keeps the record but empties the quarantine list.
    env.engine.discard_quarantined(status.quarantine[0].item_id)
    assert env.engine.status().quarantine == []
    with env.desk.store.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(OutboxItem)
                .where(OutboxItem.state == OutboxState.QUARANTINED)
            )
            == 0
        )


def test_revoked_device_is_fatal_and_keeps_data(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    rid = env.approved_request()
    device_id = env.desk.credentials.get("device-id")
    assert device_id
    dd_server.cli("revoke-device", device_id)
    env.desk.credentials.delete("device-token")
    env.engine.close()
    result = env.engine.run_once()
    assert not result.ok
    assert result.failure is not None and result.failure.klass == ErrorClass.FATAL.value
    assert result.failure.server_code == "device_revoked"
    assert result.state == SyncState.FATAL and result.next_attempt is None
    assert env.state(rid) == RequestState.QUEUED  # nothing lost
    assert env.engine.status().state == SyncState.FATAL


def test_command_line_enroll_login_sync_status(dd_server: RunningServer, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    from tests.helpers.server_fixture import REPO

    server_users(dd_server)
    dd_server.seed(bulletins=5)
    data_dir = tmp_path / "client"
    data_dir.mkdir()
    (data_dir / "site.toml").write_text("[district_desk]\nallow_dev_key_file = true\n")
    env = dict(
        os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", PYTHONPATH=str(REPO)
    )

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))",
                "--data-dir",
                str(data_dir),
                *args,
            ],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=60,
            check=False,
        )

    ok = cli(
        "enroll", "--server", dd_server.url, "--code", dd_server.enrolment_code(OFFICE), "--office"
    )
    assert ok.returncode == 0, ok.stderr
    assert 'office_code = "AST-01"' in (data_dir / "site.toml").read_text()
    logged = cli("login-online", "--username", "supervisor", stdin=PASSWORD + "\n")
    assert logged.returncode == 0, logged.stderr
    synced = cli("sync", "--json")
    if synced.returncode != 0:  # the login's audit events go up in a second cycle
        synced = cli("sync", "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["integrity_ok"] is True
    status = json.loads(cli("sync-status", "--json").stdout)
    assert status["enrolled"] and status["pending_items"] == 0
    assert status["last_confirmed_sync"]
    secrets = (data_dir / "dev-store.key").read_text()
    assert "device-secret" in secrets  # in the (development) keyring file, not in meta


def test_thumbnails_arrive_full_media_on_demand(dd_server: RunningServer, tmp_path: Path) -> None:
    from app.store.models import Attachment, Media

    server_users(dd_server)
    seeded = dd_server.seed(bulletins=12, photos=True)
    assert seeded.photos >= 2  # deterministic seed: several bulletins have photos
    env = client_env(dd_server, tmp_path / "client")
    result = env.engine.run_once()
    assert result.ok and result.integrity_ok, result
    with env.desk.store.read() as s:
        media = [(m.owner_id, m.sha256, m.thumb_sha256, m.size) for m in s.scalars(select(Media))]
        full_present = {
            a.sha256: a.present
            for a in s.scalars(
                select(Attachment).where(Attachment.sha256.in_([m[1] for m in media]))
            )
        }
        photo_of = {b.id: b.thumb_sha256 for b in s.scalars(select(Bulletin))}
    assert len(media) == seeded.photos
    for owner, full, thumb, _size in media:
        assert env.desk.blobs.has(thumb)  # every thumbnail is here (inline or fetched)
        assert not env.desk.blobs.has(full) and full_present[full] is False  # not yet
        assert photo_of[owner] == thumb
    owner, full, _thumb, size = media[0]
    assert env.engine.fetch_media(full, size_hint=size)
    data = env.desk.blobs.read(full)
    assert len(data) == size
    with env.desk.store.read() as s:
        assert s.get_one(Attachment, full).present
    # Metered: full-size media wait; not metered on a good link: they come by themselves.
    from app.config import Preferences
    from app.sync.engine import SyncEngine
    from tests.faults.syncenv import fast_options

    engine = SyncEngine(env.desk, fast_options(good_link_rate=0.0))
    Preferences(metered_mode=True).save(env.desk.paths)
    assert engine.status().metered
    assert engine.run_once().ok
    assert not env.desk.blobs.has(media[-1][1])
    Preferences(metered_mode=False).save(env.desk.paths)
    assert engine.run_once().ok
    assert all(env.desk.blobs.has(m[1]) for m in media)
    engine.close()
