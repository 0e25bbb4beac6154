"""What an operator of a regional server relies on: health, metrics, logs, workers, latency."""

from __future__ import annotations

import json
import statistics
import time

import requests

from app.sync.protocol import PROTOCOL_HEADER
from tests.helpers.server_fixture import RunningServer, ServerFactory
from tests.integration.conftest import ProtocolClient, make_office, request_item

TIMEOUT = 15


def _metric(text: str, name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` whose labels include ``labels``."""
    total = 0.0
    found = False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        sample, _, label_text = head.partition("{")
        if sample != name:
            continue
        if all(f'{k}="{v}"' in label_text for k, v in labels.items()):
            total += float(value)
            found = True
    assert found, f"no sample {name} {labels}"
    return total


def test_kept_alive_calls_do_not_wait_for_delayed_acks(dd_server: RunningServer) -> None:
    # Without TCP_NODELAY on accepted sockets every reply waited ~40 ms (Nagle against
    # the client's delayed ACK): a floor under every call of a sync cycle.
    http = requests.Session()
    http.headers[PROTOCOL_HEADER] = "1"
    times = []
    for _ in range(25):
        started = time.perf_counter()
        assert http.get(dd_server.api("/hello"), timeout=TIMEOUT).status_code == 200
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.025, times


def test_health_metrics_request_ids_and_access_log(dd_server: RunningServer) -> None:
    health = requests.get(dd_server.url + "/healthz", timeout=TIMEOUT)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    client = ProtocolClient(dd_server).enrol("OPS1")
    client.http.headers["User-Agent"] = "DistrictDesk/9.8.7"
    dd_server.seed(5, offices=["OPS1"])
    rows, _ = client.pull_all()
    assert len(rows) == 5
    # The proxy's request id is kept; a malformed one is replaced.
    ours = client.call("GET", "/hello", headers={"X-Request-Id": "nginx-abc.123"})
    assert ours.headers["X-Request-Id"] == "nginx-abc.123"
    odd = client.call("GET", "/hello", headers={"X-Request-Id": "bad id\t<script>"})
    assert odd.headers["X-Request-Id"] != "bad id\t<script>"
    assert len(odd.headers["X-Request-Id"]) == 16

    text = requests.get(dd_server.url + "/metrics", timeout=TIMEOUT).text
    changes = _metric(
        text, "dd_http_requests_total", route="/api/v1/changes", method="GET", status="200"
    )
    assert changes >= 1
    assert _metric(text, "dd_http_request_duration_seconds_count", route="/api/v1/changes") >= 1
    with dd_server.db.read() as session:
        from server.feed import counter_value

        assert _metric(text, "dd_feed_head") == counter_value(session) >= 5
    assert _metric(text, "dd_devices_seen_last_hour") == 1
    assert _metric(text, "dd_pending_uploads") == 0
    assert _metric(text, "dd_db_pool_connections_in_use") >= 0

    # One JSON line per request, with its id and route template, and no secrets.
    lines = [json.loads(x) for x in dd_server.log().splitlines() if x.startswith("{")]
    access = [x for x in lines if x.get("msg") == "request"]
    assert any(x["rid"] == "nginx-abc.123" and x["route"] == "/api/v1/hello" for x in access)
    assert any(x["route"] == "/api/v1/changes" and x["status"] == 200 for x in access)
    log = dd_server.log()
    token = client.http.headers["Authorization"].split()[1]
    for secret in (token, client.device_secret, "OPS1", "after="):
        assert secret not in log


def test_operator_sees_devices_of_an_office(dd_server: RunningServer) -> None:
    client = ProtocolClient(dd_server).enrol("OPS2")
    client.http.headers["User-Agent"] = "DistrictDesk/1.2.3"
    assert client.call("GET", "/integrity").status_code == 200
    listing = json.loads(dd_server.cli("devices", "--office", "OPS2", "--json"))
    assert [d["device_id"] for d in listing] == [client.device_id]
    assert listing[0]["client_version"] == "1.2.3"
    assert listing[0]["last_seen"] is not None
    assert listing[0]["revoked"] is False
    dd_server.cli("revoke-device", client.device_id)
    listing = json.loads(dd_server.cli("devices", "--office", "OPS2", "--json"))
    assert listing[0]["revoked"] is True
    assert client.call("GET", "/integrity").json()["error"]["code"] == "device_revoked"


def test_operator_rotates_codes_and_sees_waiting_work(dd_server: RunningServer) -> None:
    old = dd_server.enrolment_code("OPS4")
    new = dd_server.cli("rotate-enrolment-code", "--office", "OPS4").strip()
    http = requests.Session()
    http.headers[PROTOCOL_HEADER] = "1"
    refused = http.post(dd_server.api("/enrol"), json={"code": old, "device_name": "x"}, timeout=9)
    assert refused.json()["error"]["code"] == "enrolment_code_invalid"
    taken = http.post(dd_server.api("/enrol"), json={"code": new, "device_name": "x"}, timeout=9)
    assert taken.status_code == 200 and taken.json()["office"] == "OPS4"

    office = make_office(dd_server)
    good = request_item(office)
    bad = request_item(office, sign=False)
    receipts = office.client.push(good, bad)
    assert [r["status"] for r in receipts] == ["accepted", "rejected"]
    work = json.loads(dd_server.cli("office-items", "--office", office.code, "--json"))
    assert [r["request_id"] for r in work["open_requests"]] == [good["payload"]["request"]["id"]]
    assert [(i["item_id"], i["status"]) for i in work["items_not_applied"]] == [
        (bad["id"], "rejected")
    ]
    assert "Просим" not in dd_server.cli("office-items", "--office", office.code)


def test_workers_share_the_work_and_the_metrics(server_factory: ServerFactory) -> None:
    server = server_factory("--workers", "2")
    client = ProtocolClient(server).enrol("OPS3")
    server.seed(3, offices=["OPS3"])
    for _ in range(30):
        rows, _ = client.pull_all()
        assert len(rows) == 3
    # Fresh connections land on both workers; every access line names its worker. The
    # kernel hands a connection to whichever worker accepts first, so a second worker
    # still starting up gets none of the first few: ask until both answered (or 20 s).
    workers: set[object] = set()
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:
        for _ in range(10):
            assert requests.get(server.url + "/healthz", timeout=TIMEOUT).status_code == 200
        lines = [json.loads(x) for x in server.log().splitlines() if x.startswith("{")]
        workers = {x["worker"] for x in lines if x.get("msg") == "request"}
    assert len(workers) == 2, workers
    text = requests.get(server.url + "/metrics", timeout=TIMEOUT).text
    pulled = _metric(
        text, "dd_http_requests_total", route="/api/v1/changes", method="GET", status="200"
    )
    assert pulled == 30
