"""The operator's command line against a running server, and the checked-in OpenAPI file."""

from __future__ import annotations

import io
import json

import pytest

from server.cli import main, openapi_text
from tests.helpers.server_fixture import REPO, RunningServer
from tests.integration.conftest import (
    ProtocolClient,
    make_office,
    request_item,
    unique,
)

pytestmark = pytest.mark.timeout(90)


def run(server: RunningServer, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI in-process against the server's database; return stdout."""
    code = main([*args, "--db", server.db_url, "--blob-dir", str(server.blob_dir)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_enrolment_code_and_user_from_the_command_line(shared_server: RunningServer) -> None:
    office = unique("D")
    code = shared_server.cli("enrollment-code", "--office", office).strip()
    assert len(code) == 14 and code.count("-") == 2
    username = unique("cli.")
    user_id = shared_server.cli(
        "user",
        "add",
        "--username",
        username,
        "--role",
        "supervisor",
        "--office",
        office,
        "--display-name",
        "Асель Нурланова",
        stdin="pass phrase\n",
    ).strip()
    assert len(user_id) == 36
    client = ProtocolClient(shared_server)
    enrolled = client.call("POST", "/enrol", json={"code": code, "device_name": "pc"}).json()
    client.device_id, client.device_secret = enrolled["device_id"], enrolled["device_secret"]
    login = client.login(username, "pass phrase")
    assert login.status_code == 200, login.text
    assert login.json()["user"]["display_name"] == "Асель Нурланова"


def test_reply_reaches_the_office(shared_server: RunningServer) -> None:
    office = make_office(shared_server)
    item = request_item(office)
    request_id = item["payload"]["request"]["id"]
    assert office.client.push(item)[0]["status"] == "accepted"
    reply_id = shared_server.cli("reply", request_id, "--body", "Сведений не имеется.").strip()
    rows, _ = office.client.pull_all(lanes="1")
    reply = next(r for r in rows if r["t"] == "r")
    assert reply["i"] == reply_id
    assert reply["d"]["rq"] == request_id and reply["d"]["tx"] == "Сведений не имеется."
    status = next(r for r in rows if r["t"] == "q" and r["i"] == request_id)
    assert status["d"]["st"] == "answered"
    failed = shared_server.cli("reply", unique("nope"), "--body", "x", check=False)
    assert failed == ""


def test_publish_cancel_revoke_and_seed(
    shared_server: RunningServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = unique("D")
    client = ProtocolClient(shared_server).enrol(office)
    _, cursor = client.pull_all()
    urgent = run(
        shared_server,
        capsys,
        "publish",
        "--kind",
        "red",
        "--title",
        "Розыск",
        "--person",
        "Каримов Шерзод",
        "--person",
        "KARIMOV SHERZOD",
        "--dob",
        "1975",
        "--urgent",
        "--country",
        "UZ",
    ).strip()
    data = {
        "k": "stolen_vehicle",
        "rf": "2025/77",
        "ti": "Угон",
        "hc": "restricted",
        "is": "НЦБ",
        "dt": "2025-02-01",
        "v": [{"pl": "01A123BC", "vin": "X" * 17}],
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    vehicle = run(shared_server, capsys, "publish", "--json", "-").strip()
    rows, cursor = client.pull_all(cursor)
    by_id = {r["i"]: r for r in rows}
    assert by_id[urgent]["l"] == 1
    person = by_id[urgent]["d"]["p"][0]
    assert [n["sc"] for n in person["n"]] == ["Cyrl", "Latn"]
    assert person["b"] == [1975, None, None]
    assert by_id[vehicle]["l"] == 2 and by_id[vehicle]["d"]["v"][0]["pl"] == "01A123BC"

    run(shared_server, capsys, "cancel", vehicle, "--reason", "найден")
    rows, cursor = client.pull_all(cursor)
    assert [(r["i"], r["l"], r.get("x")) for r in rows] == [(vehicle, 0, 1)]

    summary = run(
        shared_server,
        capsys,
        "seed",
        "--bulletins",
        "12",
        "--cases",
        "2",
        "--photos",
        "--office",
        office,
        "--seed",
        "3",
    )
    assert "seeded 12 bulletins, 2 cases" in summary
    rows, cursor = client.pull_all(cursor)
    assert sum(r["t"] == "b" for r in rows) == 12
    assert sum(r["t"] == "c" for r in rows) == 2

    run(shared_server, capsys, "revoke-device", client.device_id)
    revoked = client.call("GET", "/changes", params={"after": cursor})
    assert revoked.json()["error"]["code"] == "device_revoked"
    assert main(["cancel", unique("x"), "--db", shared_server.db_url]) == 2


def test_checked_in_openapi_is_current() -> None:
    checked_in = json.loads((REPO / "docs" / "openapi.json").read_text("utf-8"))
    assert checked_in == json.loads(openapi_text()), (
        "docs/openapi.json is stale: run `district-desk-server openapi > docs/openapi.json`"
    )
    assert "/api/v1/outbox" in checked_in["paths"]
    assert "BulletinData" in checked_in["components"]["schemas"]


def test_served_openapi_matches(shared_server: RunningServer) -> None:
    client = ProtocolClient(shared_server)
    served = client.call("GET", "/openapi.json").json()
    assert served == json.loads((REPO / "docs" / "openapi.json").read_text("utf-8"))
