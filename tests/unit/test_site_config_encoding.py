"""A site.toml that is not UTF-8 names the line of the bad byte (issue 9, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ConfigError
from app.selftest import run_self_test
from tests.unit.test_cli import open_cli_desk


def test_legacy_code_page_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    # An editor saved the office name in Windows-1251 on line 3.
    text = '[district_desk]\nserver_url = "https://sync.region.example"\n# Отдел\n'
    (data / "site.toml").write_bytes(text.encode("cp1251"))
    with pytest.raises(ConfigError) as info:
        open_cli_desk(data)
    assert info.value.code == "config.encoding"
    assert info.value.params["line"] == 3
    assert "line 3:" in info.value.message and "not UTF-8" in info.value.message
    report = run_self_test(data)
    found = next(c for c in report["checks"] if c["name"] == "site_config")
    assert found["code"] == "config.encoding" and "line 3" in found["detail"]
