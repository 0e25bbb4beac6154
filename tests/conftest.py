"""Fixtures shared by every test directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.context import Desk
from tests.helpers.desk import Office, make_desk, make_office


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = make_desk(tmp_path / "data")
    yield d
    d.close()


@pytest.fixture
def office(desk: Desk) -> Office:
    return make_office(desk)
