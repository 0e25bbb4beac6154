"""A PostgreSQL server for tests that need one whatever the run: ``DD_TEST_PG_URL`` when set
(``scripts/run_tests.sh`` and ``tests/helpers/pg.sh``), else a throw-away cluster started
with ``tests/helpers/pg.sh`` for the test session and stopped after it."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest

from tests.helpers.server_fixture import PG_ENV, REPO

_EXPORT = re.compile(r"^export (\w+)=(.*)$")


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """Base URL of a PostgreSQL server on loopback (its ``postgres`` database)."""
    given = os.environ.get(PG_ENV)
    if given:
        yield given
        return
    started = subprocess.run(
        ["bash", str(REPO / "tests/helpers/pg.sh"), "start"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values: dict[str, str] = {}
    for line in started.stdout.splitlines():
        match = _EXPORT.match(line)
        if match:
            values[match.group(1)] = match.group(2)
    try:
        yield values[PG_ENV]
    finally:
        subprocess.run(
            ["bash", str(REPO / "tests/helpers/pg.sh"), "stop", values["DD_TEST_PG_DIR"]],
            capture_output=True,
            timeout=120,
            check=False,
        )
