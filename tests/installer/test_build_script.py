"""build_installer.py: its options, version handling, and the artifacts list it writes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import app
from build_installer import (
    ENV_SIGN,
    ROOT,
    BuildError,
    check_version,
    debian_version,
    drop_outside_records,
    read_version,
    sign,
    windows_version_quad,
)
from tests.installer.conftest import Build


def test_help_lists_the_options() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    for option in (
        "--output",
        "--version-override",
        "--skip-package",
        "--skip-smoke",
        "--deb-compression",
        "--smoke-keyring",
        "--clean",
    ):
        assert option in proc.stdout


def test_version_comes_from_app_init() -> None:
    assert read_version() == app.__version__


@pytest.mark.parametrize(
    ("version", "deb", "quad"),
    [
        ("1.2.3", "1.2.3", "1.2.3.0"),
        ("1.2.3rc1", "1.2.3~rc1", "1.2.3.0"),
        ("1.2.3.dev4", "1.2.3~dev4", "1.2.3.0"),
        ("1.2.3.post2", "1.2.3+post2", "1.2.3.2"),
    ],
)
def test_version_mapping(version: str, deb: str, quad: str) -> None:
    assert check_version(version) == version
    assert debian_version(version) == deb
    assert windows_version_quad(version) == quad


def test_debian_order_of_pre_releases() -> None:
    def lt(a: str, b: str) -> bool:
        return (
            subprocess.run(
                ["dpkg", "--compare-versions", debian_version(a), "lt", debian_version(b)],
                check=False,
            ).returncode
            == 0
        )

    assert lt("1.2.3rc1", "1.2.3")
    assert lt("1.2.3", "1.2.3.post1")
    assert lt("1.2.3.post1", "1.2.4")


@pytest.mark.parametrize("bad", ["1.2", "v1.2.3", "1.2.3-beta", "1.2.3; rm -rf /"])
def test_bad_versions_are_refused(bad: str) -> None:
    with pytest.raises(BuildError):
        check_version(bad)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_artifacts_are_listed_with_sha256(release_build: Build) -> None:
    sums = (release_build.output / "SHA256SUMS").read_text().splitlines()
    digest = hashlib.sha256(release_build.deb.read_bytes()).hexdigest()
    assert f"{digest}  {release_build.deb.name}" in sums
    report = release_build.report
    assert report["artifacts"] == [
        {
            "file": release_build.deb.name,
            "bytes": release_build.deb.stat().st_size,
            "sha256": digest,
        }
    ]
    assert isinstance(report["smoke_s"], dict) and report["smoke_s"]["self_test_s"] > 0
    assert isinstance(report["bundle_bytes"], int)
    # The bundle stays small: no QtWebEngine, QML or 3D, and one folder under 250 MB.
    assert report["bundle_bytes"] < 250_000_000, report["bundle_bytes"]
    internal = release_build.bundle / "_internal"
    for unwanted in (
        "libQt6WebEngineCore",
        "libQt6Qml",
        "libQt6Quick",
        "libQt63D",
        "libgtk-3",
        "libQt6Multimedia",
    ):
        assert not list(internal.rglob(f"{unwanted}*")), unwanted
    migrations = internal / "app" / "store" / "migrations" / "versions"
    shipped = {p.name for p in migrations.glob("*.py")}
    sources = {p.name for p in (ROOT / "app/store/migrations/versions").glob("*.py")}
    assert sources <= shipped
    assert (internal / "app" / "store" / "migrations" / "env.py").is_file()
    assert (internal / "resources" / "site.toml.example").is_file()
    for ts in (ROOT / "resources" / "i18n").glob("*.ts"):
        assert (internal / "resources" / "i18n" / f"{ts.stem}.qm").is_file(), ts.name
    assert not list(internal.rglob("__pycache__"))
    # Nothing in the bundle depends on the folder the build ran from (the build venv's
    # launcher scripts are named, with their hashes, in the RECORD of their distribution).
    records = list(internal.glob("*.dist-info/RECORD"))
    assert records
    for record in records:
        assert "../" not in record.read_text(encoding="utf-8"), record.parent.name


def test_signing_hook_is_optional_and_runs_the_configured_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "district desk.exe"
    target.write_bytes(b"MZ placeholder")
    monkeypatch.delenv(ENV_SIGN, raising=False)
    sign(target)  # nothing configured: nothing happens
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district desk.exe"]
    monkeypatch.setenv(ENV_SIGN, "cp {file} {file}.signed")
    sign(target)
    assert (tmp_path / "district desk.exe.signed").read_bytes() == b"MZ placeholder"
    monkeypatch.setenv(ENV_SIGN, "signtool sign /a")
    with pytest.raises(BuildError, match="must contain"):
        sign(target)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_app_and_ui_module_is_frozen(release_build: Build) -> None:
    """Modules imported by name at run time (search, sync) are in the bundle too."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(release_build.bundle / "district-desk"))
    pyz = next(name for name in archive.toc if name.endswith(".pyz"))
    frozen = set(archive.open_embedded_archive(pyz).toc)
    expected = set()
    for package in ("app", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            if "migrations" in rel.parts:
                continue  # shipped as files (Alembic loads them from disk)
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            expected.add(".".join(parts))
    assert expected - frozen == set()
    for name in ("keyring.backends.SecretService", "secretstorage", "jeepney.io.blocking"):
        assert name in frozen
    assert not {m for m in frozen if m.split(".")[0] in ("server", "tests", "pytest")}


def test_record_lines_outside_site_packages_are_dropped(tmp_path: Path) -> None:
    info = tmp_path / "keyring-25.7.0.dist-info"
    info.mkdir()
    record = info / "RECORD"
    record.write_bytes(
        b"../../../bin/keyring,sha256=PMQA_I-oM5xZD2OBlL_U05mG-Uo4izVIUiOHt1g02_o,169\r\n"
        b"keyring/__init__.py,sha256=abc,12\r\n"
        b"keyring-25.7.0.dist-info/RECORD,,\r\n"
    )
    untouched = tmp_path / "other-1.0.dist-info"
    untouched.mkdir()
    (untouched / "RECORD").write_text("other/__init__.py,sha256=def,3\n", encoding="utf-8")
    drop_outside_records(tmp_path)
    assert record.read_bytes() == (
        b"keyring/__init__.py,sha256=abc,12\r\nkeyring-25.7.0.dist-info/RECORD,,\r\n"
    )
    assert (untouched / "RECORD").read_text(encoding="utf-8") == "other/__init__.py,sha256=def,3\n"
