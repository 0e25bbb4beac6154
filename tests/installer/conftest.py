"""Frozen builds for the installer tests: built once per source state, shared by all tests.

- ``release``: a full PyInstaller build of the sources as they are (the version in
  ``app/__init__.py``), smoke-tested by build_installer.py, with its .deb. Version N.
- ``upgrade``: version N+1, what the next release that changes the schema ships: the same
  program stamped one patch version higher and carrying one more migration script, chained
  after the current head. It is made with ``build_installer.py --reuse-bundle`` (a stamped
  copy of the release bundle; see ``reuse_bundle`` there for why that equals a rebuild)
  and packaged as its own .deb.

Both are cached under ``/tmp/district-desk-build-cache`` by a hash of everything that goes
into a build (sources, resources, packaging, tool versions), so a second ``make test``
without source changes does not rebuild. A cold build takes about 1.5 minutes on 2 idle
cores (PyInstaller is most of it).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.store import migrate

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("DISTRICT_DESK_BUILD_CACHE", "/tmp/district-desk-build-cache"))
PROBE_REVISION = "9000_upgrade_probe"
BUILD_TIMEOUT_S = 900


@dataclass(frozen=True)
class Build:
    """One finished build: its folder, version, bundle, .deb and measured figures."""

    output: Path
    version: str
    deb: Path
    report: dict[str, object]

    @property
    def bundle(self) -> Path:
        return self.output / "bundle" / "district-desk"


def _source_hash(extra: bytes) -> str:
    h = hashlib.sha256(extra)
    files: list[Path] = []
    for folder in ("app", "ui", "resources", "packaging"):
        files += [
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".qm"
        ]
    files += [
        ROOT / "build_installer.py",
        ROOT / "pyproject.toml",
        ROOT / "scripts" / "build_translations.py",
    ]
    for path in sorted(files):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    for dist in ("PySide6-Essentials", "pyinstaller", "pyinstaller-hooks-contrib"):
        h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    h.update(sys.version.encode())
    return h.hexdigest()[:16]


def probe_migration(head: str) -> str:
    """A schema change chained after ``head``, as the next release would ship it."""
    return f'''"""upgrade probe: the schema change of the next release (installer tests only)

Revision ID: {PROBE_REVISION}
Revises: {head}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "{PROBE_REVISION}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upgrade_probe",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("note", sa.String(length=40), nullable=False, server_default="migrated"),
    )


def downgrade() -> None:
    op.drop_table("upgrade_probe")
'''


def next_patch(version: str) -> str:
    major, minor, patch = version.split(".")[:3]
    return f"{major}.{minor}.{int(''.join(c for c in patch if c.isdigit())) + 1}"


def _prune(name: str, keep: Path) -> None:
    """Keep the cache small: the newest other build of a variant and the one in use."""
    old = sorted(
        (p for p in CACHE.glob(f"{name}-*") if p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in old[1:]:
        shutil.rmtree(stale, ignore_errors=True)


def _start_build(
    name: str, args: list[str], extra_files: dict[str, str]
) -> tuple[Path, subprocess.Popen[bytes] | None]:
    """Start build_installer.py for one variant unless its cached result is complete."""
    from build_installer import source_date_epoch

    # The source date is stamped into the build: a build of another commit is another build.
    stamp = [args, extra_files, source_date_epoch()]
    key = _source_hash(json.dumps(stamp, sort_keys=True).encode())
    out = CACHE / f"{name}-{key}"
    _prune(name, out)
    if (out / "build-report.json").is_file():
        return out, None
    out.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        str(ROOT / "build_installer.py"),
        "--output",
        str(out),
        "--work",
        str(CACHE / f"work-{name}"),
        "--deb-compression",
        "zstd",
        *args,
    ]
    for file_name, text in extra_files.items():
        path = out / file_name
        path.write_text(text, encoding="utf-8")
        cmd += ["--extra-migration", str(path)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICT_DESK_")}
    # The child writes its own copy of the descriptor; the parent's is closed at once. Its
    # own session, so that a timeout stops PyInstaller too, not only build_installer.py.
    with (out / "build.log").open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    return out, proc


def _finish(out: Path, proc: subprocess.Popen[bytes] | None) -> Build:
    if proc is not None:
        try:
            code = proc.wait(timeout=BUILD_TIMEOUT_S)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        log = (out / "build.log").read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"build_installer.py failed ({code}):\n{log[-6000:]}"
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    debs = sorted(out.glob("*.deb"))
    assert len(debs) == 1, f"expected one .deb in {out}, found {debs}"
    return Build(out, report["version"], debs[0], report)


@pytest.fixture(scope="session")
def builds() -> Iterator[dict[str, Build]]:
    """The ``release`` and ``upgrade`` builds (see the module docstring)."""
    from build_installer import read_version

    CACHE.mkdir(parents=True, exist_ok=True)
    version = read_version()
    head = migrate.head_revision()
    with (CACHE / ".lock").open("w") as lock:
        # Two test sessions at once (several engineers, CI retries) build one at a time.
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            release = _finish(*_start_build("release", [], {}))
            upgrade = _finish(
                *_start_build(
                    "upgrade",
                    [
                        "--version-override",
                        next_patch(version),
                        "--skip-smoke",
                        "--reuse-bundle",
                        str(release.bundle),
                    ],
                    {f"{PROBE_REVISION}.py": probe_migration(head)},
                )
            )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    yield {"release": release, "upgrade": upgrade}


@pytest.fixture(scope="session")
def release_build(builds: dict[str, Build]) -> Build:
    return builds["release"]


@pytest.fixture(scope="session")
def upgrade_build(builds: dict[str, Build]) -> Build:
    return builds["upgrade"]


@pytest.fixture(autouse=True)
def _forget_store_keys(tmp_path: Path) -> Iterator[None]:
    """Delete the keyring entries the installed app created for this test's data dirs.

    The tests share the session's login keyring; without this every run would leave store
    keys for data directories that no longer exist.
    """
    yield
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return
    from app.credentials import Credentials, OsKeyring, scope_for
    from app.paths import Paths

    for ident in tmp_path.rglob("installation-id"):
        creds = Credentials(OsKeyring(), scope_for(Paths(ident.parent)))
        for name in ("store-key", "device-id", "device-secret", "device-token"):
            creds.delete(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep the installer tests on one worker when the suite runs in several
    (``DD_TEST_WORKERS``): they share the cached builds under ``CACHE`` and each build
    takes both cores for minutes."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.xdist_group("installer"))
