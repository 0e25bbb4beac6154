"""Two builds of one commit give the same ``.deb``, byte for byte, and the package carries
the guides its README.Debian names."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_installer import ROOT
from tests.installer.conftest import BUILD_TIMEOUT_S, Build

DOC = "usr/share/doc/district-desk"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _listing(deb: Path) -> list[str]:
    out = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT_S + 120)
def test_a_second_build_of_the_same_commit_is_byte_identical(
    release_build: Build, tmp_path: Path
) -> None:
    """A fresh build (``--clean``, another work folder and output folder, so nothing is
    shared with the session's release build but the sources) gives the same SHA-256."""
    out = tmp_path / "again"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICT_DESK_")}
    env.pop("SOURCE_DATE_EPOCH", None)  # both builds take it from the commit
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_installer.py"),
            "--output",
            str(out),
            "--work",
            str(tmp_path / "work"),
            "--clean",
            "--skip-smoke",
            "--deb-compression",
            "zstd",  # as the release build of tests/installer/conftest.py
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    (again,) = sorted(out.glob("*.deb"))
    assert again.name == release_build.deb.name
    if _sha256(again) != _sha256(release_build.deb):
        first, second = _listing(release_build.deb), _listing(again)
        differ = sorted(set(first) ^ set(second))[:40]
        pytest.fail(
            "two builds of one commit differ; members whose size, mode, owner or time "
            "differ:\n" + ("\n".join(differ) or "(none: the contents of files differ)")
        )


def test_the_package_ships_the_guides_readme_debian_names(
    release_build: Build, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(release_build.deb), str(root)], check=True)
    readme = (root / DOC / "README.Debian").read_text(encoding="utf-8")
    named = [word for word in readme.split() if word.startswith(f"/{DOC}/")]
    assert f"/{DOC}/admin-guide.html" in named and f"/{DOC}/user-guide.html" in named
    assert "docs/" not in readme  # no path of the source tree
    for path in named:
        page = (root / path.lstrip("/")).read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<h1>" in page, path
    admin = (root / DOC / "admin-guide.html").read_text(encoding="utf-8")
    assert "<table>" in admin  # tables are rendered, not left as pipes
    user = (root / DOC / "user-guide.html").read_text(encoding="utf-8")
    pictures = user.split('src="')[1:]
    assert pictures, "the user guide shows screenshots"
    for picture in pictures:
        assert (root / DOC / picture.split('"')[0]).is_file(), picture
