"""packaging/site.toml.example documents every setting and is itself a valid site.toml."""

from __future__ import annotations

import re
from pathlib import Path

from app.config import _SITE_KEYS, parse_site_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "packaging" / "site.toml.example"


def test_example_is_valid_and_shipped_unchanged() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    site = parse_site_config(text, EXAMPLE)
    assert site.office_code == "AST-01"
    assert site.allow_dev_key_file is False
    assert (ROOT / "resources" / "site.toml.example").read_text(encoding="utf-8") == text


def test_example_documents_every_setting() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in _SITE_KEYS:
        assert re.search(rf"^#? ?{key} = ", text, re.MULTILINE), key


def test_example_error_message_names_the_right_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    line = text.splitlines().index("inactivity_minutes = 15") + 1
    assert f"site.toml, line {line}: inactivity_minutes:" in text
    guide = (ROOT / "docs" / "admin-guide.md").read_text(encoding="utf-8")
    assert f"site.toml, line {line}: inactivity_minutes: must be between 1 and 240" in guide
