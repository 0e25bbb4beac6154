"""Fixtures shared by every test directory.

The server fixtures (``server_factory``, ``dd_server``, ``shared_server``) are declared here
once for every directory; ``tests/integration/conftest.py`` overrides ``office`` with a
server-side office of its own.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import Desk
from app.credentials import MemorySecrets
from tests.helpers.desk import Office, make_desk, make_office
from tests.helpers.server_fixture import (  # noqa: F401 - fixtures for every directory
    dd_server,
    server_factory,
    shared_server,
)


@dataclass(frozen=True)
class OfficeTemplate:
    """A closed store holding the typical office, made once per session.

    Creating six users runs Argon2 twelve times (hash, then login); copying the closed files
    and the secrets that open them costs a few milliseconds instead.
    """

    data_dir: Path
    secrets: dict[str, str]
    office: Office

    def copy_to(self, data_dir: Path) -> MemorySecrets:
        """Copy the store files to ``data_dir``; return secrets that open the copy."""
        shutil.copytree(self.data_dir, data_dir)
        secrets = MemorySecrets()
        secrets.data.update(self.secrets)
        return secrets

    def office_on(self, desk: Desk) -> Office:
        """The office's actors on ``desk``, a copy of this template (fresh objects per test)."""
        actors = {
            f.name: dataclasses.replace(getattr(self.office, f.name))
            for f in dataclasses.fields(Office)
            if f.name != "desk"
        }
        return Office(desk, **actors)


def _uses_this_office(request: pytest.FixtureRequest) -> bool:
    """Whether the test uses the ``office`` fixture defined in this file (and not an
    override such as the server-side one of ``tests/integration``)."""
    if "office" not in request.fixturenames:
        return False
    # pytest offers no public way to ask which definition of a fixture applies; if this
    # private attribute goes away, ``office`` falls back to creating the users itself.
    info = getattr(request.node, "_fixtureinfo", None)
    definitions: Sequence[object] = (
        info.name2fixturedefs.get("office", ()) if info is not None else ()
    )
    return bool(definitions) and getattr(definitions[-1], "func", None) is _office_function


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> OfficeTemplate:
    """The typical office in a closed store, made once for the whole session."""
    data_dir = tmp_path_factory.mktemp("office-template") / "data"
    secrets = MemorySecrets()
    desk = make_desk(data_dir, secrets=secrets)
    try:
        office = make_office(desk)
    finally:
        desk.close()
    return OfficeTemplate(data_dir, dict(secrets.data), office)


@pytest.fixture
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """A real encrypted store in the test's temporary directory: empty, or a copy of the
    office template when the test also uses ``office``."""
    data_dir = tmp_path / "data"
    secrets = None
    if _uses_this_office(request):
        template: OfficeTemplate = request.getfixturevalue("office_template")
        secrets = template.copy_to(data_dir)
    d = make_desk(data_dir, secrets=secrets)
    yield d
    d.close()


@pytest.fixture
def office(request: pytest.FixtureRequest, desk: Desk) -> Office:
    """Two officers, two supervisors and an admin of AST-01, a supervisor of KAR-02, all
    logged in, on ``desk``."""
    if _uses_this_office(request):
        template: OfficeTemplate = request.getfixturevalue("office_template")
        return template.office_on(desk)
    return make_office(desk)


_office_function = getattr(office, "__wrapped__", office)
