"""Rows serialised once per server process serve every office's pages: each office still
gets exactly its own rows, signed pages that verify, and a republished row's new content."""

from __future__ import annotations

import json
from typing import Any

import zstandard

from app.sync.feedsig import check_page
from app.sync.protocol import LANES, ChangesPage, parse_cursor
from server import operator
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import ProtocolClient


def _enrol(server: RunningServer, office: str) -> tuple[ProtocolClient, str]:
    """A device of ``office`` and the publisher key it pinned at enrolment."""
    client = ProtocolClient(server)
    code = server.enrolment_code(office)
    body = client.call("POST", "/enrol", json={"code": code, "device_name": "pc"}).json()
    client.device_id, client.device_secret = body["device_id"], body["device_secret"]
    assert client.device_session().status_code == 200
    return client, str(body["publisher_key"])


def _pull(client: ProtocolClient, key: str, cursor: str = "0") -> tuple[list[Any], str]:
    """Every row after ``cursor`` (pages of ~3 KB), checking each page's signature."""
    rows: list[Any] = []
    while True:
        response = client.call(
            "GET",
            "/changes",
            params={"after": cursor, "max_bytes": 3000, "integrity": 1},
            headers={"Accept-Encoding": "zstd"},
            stream=True,
        )
        assert response.status_code == 200, response.text
        raw = response.raw.read(decode_content=False)
        if response.headers.get("Content-Encoding") == "zstd":
            raw = zstandard.ZstdDecompressor().decompress(raw)
        page = ChangesPage.model_validate(json.loads(raw))
        assert check_page(key, page, parse_cursor(cursor), list(LANES)) is None
        rows.extend(page.rows)
        cursor = page.next_cursor
        if not page.has_more:
            return rows, cursor


def test_offices_share_serialised_rows_but_each_sees_only_its_own(
    dd_server: RunningServer,
) -> None:
    first, key = _enrol(dd_server, "RC1")
    second, _ = _enrol(dd_server, "RC2")
    seeded = dd_server.seed(30, cases=6, offices=["RC1", "RC2"])
    assert seeded is not None

    rows_a, cursor_a = _pull(first, key)
    rows_b, cursor_b = _pull(second, key)  # the regional rows now come from the cache
    cases_a = {r.i for r in rows_a if r.t == "c"}
    cases_b = {r.i for r in rows_b if r.t == "c"}
    assert cases_a and cases_b and not cases_a & cases_b
    bulletins_a = {(r.i, r.s, json.dumps(r.d)) for r in rows_a if r.t == "b"}
    assert bulletins_a == {(r.i, r.s, json.dumps(r.d)) for r in rows_b if r.t == "b"}
    assert len(bulletins_a) == 30

    # A republished bulletin: both offices get its new version, never the cached old one.
    some = sorted(bulletins_a)[0][0]
    with dd_server.db.write() as session:
        operator.publish_bulletin(
            session,
            {
                "k": "red",
                "rf": "RCC/2026/9",
                "ti": "Changed title",
                "hc": "law_enforcement",
                "is": "Regional coordination centre",
                "dt": "2026-01-01",
            },
            bulletin_id=some,
        )
    for client, cursor in ((first, cursor_a), (second, cursor_b)):
        changed, _ = _pull(client, key, cursor)
        assert [(r.i, r.d["ti"]) for r in changed] == [(some, "Changed title")]
