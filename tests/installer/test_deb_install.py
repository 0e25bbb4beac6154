"""The Linux package: install into a scratch root, run the installed app, remove, purge."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.store import migrate
from tests.installer.conftest import Build
from tests.installer.scratch import (
    ScratchRoot,
    app_env,
    check,
    keyring_mode,
    run_app,
    self_test,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_installed_deb_passes_self_test_with_the_real_keyring(
    release_build: Build, tmp_path: Path
) -> None:
    root = ScratchRoot(tmp_path / "root")
    root.install(release_build.deb)
    assert root.installed_version() == f"{release_build.version} ii"

    # What the package puts on the PC.
    assert (root.program_dir / "district-desk").is_file()
    assert (root.root / "usr/share/applications/district-desk.desktop").is_file()
    assert (root.root / "usr/share/icons/hicolor/scalable/apps/district-desk.svg").is_file()
    desktop = (root.root / "usr/share/applications/district-desk.desktop").read_text()
    assert "Exec=district-desk\n" in desktop and "Icon=district-desk\n" in desktop

    data = tmp_path / "home" / "data"
    env = app_env(tmp_path / "config")
    version = run_app(root.command, data, env, "--version")
    assert version.returncode == 0 and version.stdout.strip() == (
        f"District Desk {release_build.version}"
    )

    code, report = self_test(root.command, data, env)
    assert code == 0, report
    assert report["ok"] is True
    assert all(c["ok"] for c in report["checks"]), report["checks"]
    # Every check of a full self-test ran, the rolled-back-store check (audit_anchor) included.
    assert len(report["checks"]) == 8
    assert "audit_anchor" in [c["name"] for c in report["checks"]]
    keyring = check(report, "keyring")["detail"]
    if keyring_mode() == "os":
        # secretstorage and jeepney are bundled: the frozen app talks to the Secret Service.
        assert keyring.startswith("keyring.backends.SecretService.Keyring"), keyring
    else:
        assert keyring.startswith("development key file"), keyring
    store = check(report, "store")["detail"]
    assert f"schema {migrate.head_revision()}," in store, store
    assert "SQLCipher" in store

    # A second start opens the same encrypted store with the key from the keyring.
    code, report = self_test(root.command, data, env)
    assert code == 0 and report["ok"], report


def test_remove_keeps_site_config_and_data_purge_keeps_data(
    release_build: Build, tmp_path: Path
) -> None:
    root = ScratchRoot(tmp_path / "root")
    root.install(release_build.deb)
    site = root.program_dir / "site.toml"
    site.write_text('[district_desk]\noffice_code = "AST-01"\n', encoding="utf-8")
    data = tmp_path / "home" / "data"
    env = app_env(tmp_path / "config")
    code, report = self_test(root.command, data, env)
    assert code == 0, report
    db = data / "desk.db"
    before = db.read_bytes()

    proc = root.dpkg("-r", "district-desk")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (root.program_dir / "district-desk").exists()
    assert not (root.program_dir / "_internal").exists()
    assert not root.command.exists()
    assert site.is_file(), "remove must keep the site configuration IT deployed"
    assert db.read_bytes() == before

    proc = root.dpkg("-P", "district-desk")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not site.exists(), "purge deletes the site configuration"
    assert not root.program_dir.exists()
    assert db.read_bytes() == before, "purge never deletes a user's data directory"
    assert root.installed_version() == ""


def test_site_config_next_to_the_program_is_used_and_a_bad_line_is_named(
    release_build: Build, tmp_path: Path
) -> None:
    root = ScratchRoot(tmp_path / "root")
    root.install(release_build.deb)
    env = app_env(tmp_path / "config")
    del env["DISTRICT_DESK_SITE_CONFIG"]  # only the file next to the program
    if "PYTHON_KEYRING_BACKEND" in env:
        extra = "allow_dev_key_file = true\n"
    else:
        extra = ""
    site = root.program_dir / "site.toml"
    site.write_text('[district_desk]\noffice_code = "KAR-02"\n' + extra, encoding="utf-8")
    data = tmp_path / "data"
    code, report = self_test(root.command, data, env)
    assert code == 0, report
    assert check(report, "site_config")["detail"] == str(site.resolve())

    site.write_text(
        '[district_desk]\noffice_code = "KAR-02"\n' + extra + "inactivity_minutes = 999\n",
        encoding="utf-8",
    )
    code, report = self_test(root.command, data, env)
    assert code == 1
    bad = check(report, "site_config")
    line = 3 + (1 if extra else 0)
    assert bad["code"] == "config.invalid"
    assert f"line {line}: inactivity_minutes" in bad["detail"], bad

    proc = run_app(root.command, data, env, "status")
    assert proc.returncode == 2
    assert f"{site.resolve()}, line {line}: inactivity_minutes" in proc.stderr


def test_frozen_gui_starts_and_paints_its_first_window(
    release_build: Build, tmp_path: Path
) -> None:
    root = ScratchRoot(tmp_path / "root")
    root.install(release_build.deb)
    env = app_env(tmp_path / "config")
    env["DISTRICT_DESK_EXIT_AFTER_START"] = "1"
    proc = run_app(root.command, tmp_path / "data", env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "district-desk: first window painted" in proc.stderr


def test_package_metadata(release_build: Build, upgrade_build: Build) -> None:
    depends = [
        subprocess.run(
            ["dpkg-deb", "-f", str(b.deb), "Depends"], capture_output=True, text=True, check=True
        ).stdout
        for b in (release_build, upgrade_build)
    ]
    assert depends[0] == depends[1] and "libc6 (>= " in depends[0]
    # dlopen'ed by Qt's xcb plugin: without it the window cannot open on an X11 desktop.
    assert "libxcb-cursor0" in depends[0]
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(release_build.deb), "Package", "Version", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: district-desk\n" in fields
    assert f"Version: {release_build.version}\n" in fields
    assert "libc6 (>= " in fields
    contents = subprocess.run(
        ["dpkg-deb", "-c", str(release_build.deb)], capture_output=True, text=True, check=True
    ).stdout
    # Everything root-owned (--root-owner-group), nothing outside the expected places.
    for line in contents.splitlines():
        assert " root/root " in line, line
        path = line.split()[5]
        assert path.startswith(("./opt/district-desk", "./usr/bin/", "./usr/share/")) or (
            path in ("./", "./opt/", "./usr/")
        ), path
