"""A PC's first cycle asks only what it lacks: the device session says how many office
journal entries and which revocation list version the office has, so a PC that already
has both does not spend a round trip on each (docs/protocol.md, device-session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.store.models import OfficeEntry
from app.sync import client as sync_client
from app.sync.session import CRED_DEVICE_ID, CRED_DEVICE_TOKEN
from tests.faults.syncenv import ClientEnv, client_env, fast_options, server_users

pytestmark = pytest.mark.timeout(180)

OFFICE_CALLS = {"/office/entries/since", "/office/revocations"}


def _cycle_paths(env: ClientEnv, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths one cycle called, after a new device session is made to happen."""
    env.engine.close()
    env.desk.credentials.delete(CRED_DEVICE_TOKEN)
    seen: list[str] = []
    original = sync_client.Transport.request

    def request(self: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(call.path)
        return original(self, call, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(sync_client.Transport, "request", request)
        assert env.engine.run_once().ok
    assert "/device-session" in seen
    return seen


def _journal_entries(env: ClientEnv) -> int:
    with env.desk.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OfficeEntry)) or 0)


def test_a_new_pc_asks_neither_poll_when_the_office_has_nothing(
    server_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = server_factory()
    server_users(server)
    env = client_env(server, tmp_path / "pc1", options=fast_options())
    paths = _cycle_paths(env, monkeypatch)
    assert not OFFICE_CALLS & set(paths), paths
    env.engine.close()


def test_a_revocation_or_journal_entries_the_pc_lacks_are_still_asked_for(
    server_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server import accounts

    server = server_factory()
    server_users(server)
    first = client_env(server, tmp_path / "pc1", options=fast_options())
    assert first.engine.run_once().ok
    second = client_env(server, tmp_path / "pc2", options=fast_options())
    # Work on the second PC goes into the office journal, and up to the server (the
    # office has another PC to carry it to).
    second.approved_request("Please confirm the identity of the subject.")
    assert second.engine.run_once().ok
    assert _journal_entries(second) > 0
    paths = _cycle_paths(first, monkeypatch)
    assert "/office/entries/since" in paths and "/office/revocations" not in paths, paths
    assert _journal_entries(first) == _journal_entries(second)

    third = client_env(server, tmp_path / "pc3", options=fast_options())
    with server.db.write() as s:
        assert accounts.revoke_device(s, str(third.desk.credentials.get(CRED_DEVICE_ID)))
    paths = _cycle_paths(first, monkeypatch)
    assert "/office/revocations" in paths and "/office/entries/since" not in paths, paths
    for env in (first, second, third):
        env.engine.close()
