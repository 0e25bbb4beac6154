"""A scratch root for real ``dpkg`` installs, and running the installed District Desk.

``dpkg --root=DIR --force-script-chrootless`` installs, upgrades, removes and purges the
package inside DIR with its own dpkg database and runs the maintainer scripts (they honour
``$DPKG_ROOT``), so upgrades replace files exactly as on a PC. ``--force-depends`` because
the scratch root has no other packages; the host provides the system libraries.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

PREFIX = "opt/district-desk"


class ScratchRoot:
    """One scratch root with its own dpkg database."""

    def __init__(self, root: Path) -> None:
        self.root = root
        admin = root / "var" / "lib" / "dpkg"
        for sub in ("info", "updates", "triggers"):
            (admin / sub).mkdir(parents=True, exist_ok=True)
        for name in ("status", "available"):
            (admin / name).touch()

    def dpkg(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [
            "dpkg",
            f"--root={self.root}",
            "--force-script-chrootless",
            "--force-depends",
            "--force-not-root",
            "--log=/dev/null",
            *args,
        ]
        if os.geteuid() != 0:
            cmd.insert(0, "fakeroot")
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def install(self, deb: Path) -> subprocess.CompletedProcess[str]:
        proc = self.dpkg("-i", str(deb))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def installed_version(self) -> str:
        proc = subprocess.run(
            [
                "dpkg-query",
                f"--admindir={self.root / 'var/lib/dpkg'}",
                "-W",
                "-f",
                "${Version} ${db:Status-Abbrev}",
                "district-desk",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    @property
    def program_dir(self) -> Path:
        return self.root / PREFIX

    @property
    def command(self) -> Path:
        """The installed ``/usr/bin/district-desk`` wrapper."""
        return self.root / "usr" / "bin" / "district-desk"


def keyring_mode() -> str:
    """``os`` inside ``scripts/run_tests.sh`` (D-Bus session, unlocked GNOME Keyring)."""
    return "os" if os.environ.get("DBUS_SESSION_BUS_ADDRESS") else "file"


def app_env(config_dir: Path, **site: Any) -> dict[str, str]:
    """Environment for the installed app and helper processes sharing one data dir.

    With a D-Bus session the real Secret Service keyring holds the store key; without one
    (pytest run outside run_tests.sh) a development key file does, allowed by site.toml.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICT_DESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHON_KEYRING_BACKEND", None)
    config_dir.mkdir(parents=True, exist_ok=True)
    lines = ["[district_desk]", 'office_code = "AST-01"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in site.items()]
    if keyring_mode() == "file":
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        lines.append("allow_dev_key_file = true")
    config = config_dir / "site.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env["DISTRICT_DESK_SITE_CONFIG"] = str(config)
    return env


def run_app(
    command: Path, data_dir: Path, env: dict[str, str], *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(command), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def self_test(command: Path, data_dir: Path, env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    proc = run_app(command, data_dir, env, "self-test")
    try:
        report = json.loads(proc.stdout)
    except ValueError as exc:
        raise AssertionError(f"self-test printed no JSON: {proc.stdout}\n{proc.stderr}") from exc
    return proc.returncode, report


def check(report: dict[str, Any], name: str) -> dict[str, Any]:
    found = [c for c in report["checks"] if c["name"] == name]
    assert found, f"no {name} check in {report}"
    return found[0]
