"""Start-up stays light: an installation already at the newest schema never loads Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.context import Desk
from app.store import migrate
from tests.installer.conftest import ROOT, probe_migration


def test_scanned_head_is_alembics_head() -> None:
    assert migrate.scanned_head() == migrate.script_directory().get_current_head()
    assert migrate.head_revision() == migrate.script_directory().get_current_head()


def test_scanned_head_gives_up_on_anything_but_a_plain_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    for src in (migrate.MIGRATIONS / "versions").glob("*.py"):
        (versions / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS", tmp_path / "migrations")
    head = migrate.scanned_head()
    (versions / "9000_upgrade_probe.py").write_text(probe_migration(str(head)))
    assert migrate.scanned_head() == "9000_upgrade_probe"
    # A second branch from the same parent: two heads, so no answer from the scan.
    (versions / "9001_other.py").write_text(
        probe_migration(str(head)).replace("9000_upgrade_probe", "9001_other")
    )
    assert migrate.scanned_head() is None
    (versions / "9001_other.py").unlink()
    (versions / "9002_odd.py").write_text("revision = make_revision()\n")
    assert migrate.scanned_head() is None


def test_current_revision_of_an_open_store(desk: Desk) -> None:
    assert migrate.current_revision(desk.store.engine) == migrate.head_revision()


def test_opening_an_up_to_date_store_does_not_import_alembic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.credentials import Credentials, MemorySecrets\n"
        "from app.context import open_desk\n"
        "from app.config import SiteConfig\n"
        "secrets = MemorySecrets()\n"
        "d = Path(sys.argv[1])\n"
        "open_desk(d, credentials=Credentials(secrets, 't'), site=SiteConfig()).close()\n"
        "assert 'alembic' in sys.modules  # the first start migrates\n"
        "for name in [m for m in sys.modules if m.startswith('alembic')]:\n"
        "    del sys.modules[name]\n"
        "open_desk(d, credentials=Credentials(secrets, 't'), site=SiteConfig()).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
