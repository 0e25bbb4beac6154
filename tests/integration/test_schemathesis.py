"""Schemathesis against the live server: the OpenAPI document is the contract.

Runs the ``schemathesis`` command line (from PyPI) with ``--checks all`` against a real
server on loopback, once with a device token and once with a user token, with a bounded
number of examples per operation. Any failure of any check fails the test: a server
error, a response that breaks the schema, a schema-valid request refused, a
schema-violating request accepted, a wrong answer to an undeclared method.

The stateful phase is left out on purpose: it reads ``POST /outbox`` as creating a
resource at ``GET /outbox/{id}`` for every receipt id, but a receipt for an item the
server refused (a malformed id) is never stored, by design (docs/protocol.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync.protocol import PROTOCOL_HEADER
from tests.helpers.server_fixture import REPO, RunningServer, start_server
from tests.integration.conftest import ProtocolClient, make_office

pytestmark = [pytest.mark.contract, pytest.mark.timeout(300)]

#: Examples per operation and phase: bounded so both runs take well under 3 minutes.
MAX_EXAMPLES = 8
SEED = 20261203


def schemathesis(server: RunningServer, token: str, workdir: Path) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        server.api("/openapi.json"),
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--generation-database",
        "none",
        "--no-color",
        "-H",
        f"Authorization: {token}",
        "-H",
        f"{PROTOCOL_HEADER}: 1",
    ]
    done = subprocess.run(
        command,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, dict]]:
    """A server of its own with a device token and a user token, made before the runs.

    Schemathesis sends many wrong enrolment codes from loopback; the per-address limit
    would (rightly) make the second run's enrolment wait, so both sessions exist first.
    """
    server = start_server(tmp_path_factory.mktemp("schemathesis"))
    try:
        office = make_office(server)
        device: ProtocolClient = office.client
        user = ProtocolClient(server)
        user.device_id, user.device_secret = device.device_id, device.device_secret
        assert user.login(office.supervisor).status_code == 200
        yield (
            server,
            {
                "device": device.http.headers["Authorization"],
                "user": user.http.headers["Authorization"],
            },
        )
    finally:
        server.stop()


@pytest.mark.parametrize("session", ["device", "user"])
def test_schemathesis_finds_nothing(
    tokens: tuple[RunningServer, dict], session: str, tmp_path: Path
) -> None:
    server, by_session = tokens
    started = time.monotonic()
    code, output = schemathesis(server, by_session[session], tmp_path)
    elapsed = time.monotonic() - started
    summary = output[output.find("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    print(f"schemathesis ({session} token) took {elapsed:.0f} s\n{summary}")
    assert code == 0, output[-8000:]
    assert "FAILURES" not in output and "ERRORS" not in output, output[-8000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert generated is not None, summary
    assert int(generated.group(1)) > 100
    document = json.loads((REPO / "docs" / "openapi.json").read_text("utf-8"))
    operations = sum(len(methods) for methods in document["paths"].values())
    assert f"Tested: {operations}" in output, summary
