"""Password guessing from an enrolled device is throttled on the server (issue 9, item 9).

Per user name and per device, with a security event for each lock-out and the operator's
``unlock-login`` command; wrong enrolment codes are rate-limited per address; an unknown
user name costs the same password hash as a known one.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest

from tests.helpers.server_fixture import RunningServer, ServerFactory
from tests.integration.conftest import ProtocolClient, unique

pytestmark = pytest.mark.timeout(120)

GOOD = "correct horse"


def events(server: RunningServer, kind: str) -> list[dict]:
    out = server.cli("security-events", "--kind", kind)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_user_is_locked_after_five_failures_and_the_operator_unlocks(
    dd_server: RunningServer,
) -> None:
    office = unique("D")
    name = unique("officer.")
    dd_server.add_user(name, "officer", office)
    device = ProtocolClient(dd_server).enrol(office)
    for _ in range(5):
        wrong = device.login(name, "guess")
        assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "bad_credentials")
    locked = device.login(name, GOOD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    # Another device does not get around it: the lock is on the name.
    other = ProtocolClient(dd_server).enrol(office)
    assert other.login(name, GOOD).json()["error"]["code"] == "login_locked"
    [event] = events(dd_server, "login_locked")
    assert event["subject"] == f"user:{name}"
    assert event["device_id"] == device.device_id and event["office"] == office
    assert "guess" not in json.dumps(event) and GOOD not in json.dumps(event)
    assert "unlocked user:" in dd_server.cli("unlock-login", "--user", name)
    assert device.login(name, GOOD).status_code == 200
    assert events(dd_server, "login_unlocked")[0]["subject"] == f"user:{name}"


def test_unknown_names_are_locked_alike(dd_server: RunningServer) -> None:
    office = unique("D")
    device = ProtocolClient(dd_server).enrol(office)
    ghost = unique("nobody.")
    answers = [device.login(ghost, "guess") for _ in range(6)]
    assert [a.status_code for a in answers] == [401] * 5 + [429]


def test_device_guessing_many_names_is_locked_until_unlocked(
    server_factory: ServerFactory,
) -> None:
    server = server_factory("--login-device-failures", "6")
    office = unique("D")
    name = unique("officer.")
    server.add_user(name, "officer", office)
    device = ProtocolClient(server).enrol(office)
    for index in range(6):
        assert device.login(f"guess.{index}", "x").status_code == 401
    refused = device.login(name, GOOD)
    assert (refused.status_code, refused.json()["error"]["code"]) == (429, "login_locked")
    subjects = [e["subject"] for e in events(server, "login_locked")]
    assert f"device:{device.device_id}" in subjects
    # The same user on another PC of the office is fine: only the device is locked.
    assert ProtocolClient(server).enrol(office).login(name, GOOD).status_code == 200
    server.cli("unlock-login", "--device", device.device_id)
    assert device.login(name, GOOD).status_code == 200


def test_wrong_enrolment_codes_are_rate_limited_per_address(
    server_factory: ServerFactory,
) -> None:
    server = server_factory("--enrol-failures", "3")
    office = unique("D")
    stranger = ProtocolClient(server)
    for _ in range(3):
        bad = stranger.call("POST", "/enrol", json={"code": "AAAA-BBBB-CCCC", "device_name": "x"})
        assert bad.json()["error"]["code"] == "enrolment_code_invalid"
    good_code = server.enrolment_code(office)
    limited = stranger.call("POST", "/enrol", json={"code": good_code, "device_name": "x"})
    assert (limited.status_code, limited.json()["error"]["code"]) == (429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    assert events(server, "enrol_throttled")


def test_unknown_user_takes_as_long_as_a_wrong_password(dd_server: RunningServer) -> None:
    """No enumeration of names by timing: both answers pay for one password hash."""
    from server import accounts
    from server.models import Device

    office = unique("D")
    names = [unique("officer.") for _ in range(7)]
    for name in names:
        dd_server.add_user(name, "officer", office)
    device_id = ProtocolClient(dd_server).enrol(office).device_id

    def timed(username: str) -> float:
        with dd_server.db.read() as session:
            device = session.get(Device, device_id)
            start = time.perf_counter()
            with pytest.raises(accounts.ApiError):
                accounts.login_user(session, device, username, "wrong")
            return time.perf_counter() - start

    known = [timed(name) for name in names]
    unknown = [timed(unique("nobody.")) for _ in names]
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"median known {statistics.median(known) * 1000:.1f} ms, unknown ratio {ratio:.2f}")
    assert 0.5 < ratio < 2.0


def test_the_client_reports_the_server_lock_out(dd_server: RunningServer, tmp_path: Path) -> None:
    """The desktop client's online login gets ``login_locked``, not a generic failure."""
    from app.errors import AuthError
    from tests.faults.syncenv import PASSWORD, client_env, server_users

    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    for _ in range(5):
        with pytest.raises(AuthError) as wrong:
            env.engine.login_online("officer", "not the password")
        assert wrong.value.code == "auth.failed"
    with pytest.raises(AuthError) as locked:
        env.engine.login_online("officer", PASSWORD)
    assert locked.value.code == "login_locked"
