"""The Windows installer script is compiled by Debian's makensis, not checked by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

import build_installer
from build_installer import BuildError, compile_nsis, stage_windows_layout


def test_nsis_script_compiles_with_signing_hook(tmp_path: Path) -> None:
    source = stage_windows_layout(tmp_path / "bundle")
    out = tmp_path / "out" / "DistrictDesk-Setup-0.1.0.exe"
    # The signing hook runs on the finished installer; here it just copies the file.
    exe = compile_nsis(source, "0.1.0", out, sign_cmd="cp {file} {file}.signed")
    data = exe.read_bytes()
    assert data[:2] == b"MZ", "a Windows PE executable"
    assert b"Nullsoft" in data or b"NullsoftInst" in data
    assert Path(f"{exe}.signed").read_bytes() == data


def test_nsis_script_refuses_a_missing_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = stage_windows_layout(tmp_path / "bundle")
    monkeypatch.setattr(build_installer, "windows_version_quad", lambda _v: "")
    with pytest.raises(BuildError, match="VERSION_QUAD"):
        compile_nsis(source, "0.1.0", tmp_path / "DistrictDesk-Setup.exe")


def test_nsis_script_fails_on_a_missing_source_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="failed"):
        compile_nsis(tmp_path / "nothing-here", "0.1.0", tmp_path / "DistrictDesk-Setup.exe")
