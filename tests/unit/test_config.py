"""Site configuration (IT staff) and preferences (users): parsing, precedence, damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Preferences, load_site_config, parse_site_config, write_site_config
from app.errors import ConfigError
from app.paths import ENV_SITE_CONFIG, Paths


def test_round_trip_of_a_full_site_config(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    path = tmp_path / "site.toml"
    write_site_config(
        path,
        server_url="https://regional.example:8443/",
        office_code="AST-01",
        ca_bundle=ca,
        pin_sha256="sha256/" + "A" * 43 + "=",
        metered_default=True,
        inactivity_minutes=30,
        default_language="en",
    )
    cfg = parse_site_config(path.read_text(encoding="utf-8"), path)
    assert cfg.server_url == "https://regional.example:8443"
    assert cfg.office_code == "AST-01" and cfg.ca_bundle == ca
    assert cfg.pin_sha256 == "A" * 43 + "="
    assert cfg.metered_default and cfg.inactivity_minutes == 30
    assert cfg.default_language == "en" and not cfg.allow_dev_key_file


def test_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    text = '[district_desk]\noffice_code = "AST-01"\n\n# comment\noffice_code_typo = 1\n'
    with pytest.raises(ConfigError) as info:
        parse_site_config(text, path)
    assert info.value.message.startswith(f"{path}, line 5: office_code_typo")
    with pytest.raises(ConfigError) as info:
        parse_site_config('[district_desk]\nca_bundle = "missing.pem"\n', path)
    assert "line 2" in info.value.message and "does not exist" in info.value.message
    with pytest.raises(ConfigError):
        parse_site_config('[district_desk]\noffice_code = "ast 01"\n', path)


def test_environment_config_wins_over_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    write_site_config(paths.local_site_config, office_code="AST-01")
    assert load_site_config(paths).office_code == "AST-01"
    other = tmp_path / "it.toml"
    write_site_config(other, office_code="KAR-02")
    monkeypatch.setenv(ENV_SITE_CONFIG, str(other))
    cfg = load_site_config(paths)
    assert cfg.office_code == "KAR-02" and cfg.source == other


def test_damaged_preferences_fall_back_to_defaults(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    Preferences(language="en", metered_mode=True, inactivity_minutes=5).save(paths)
    assert Preferences.load(paths) == Preferences("en", True, 5)
    paths.settings.write_text(
        '{"language": "xx", "inactivity_minutes": 999, "metered_mode": "yes"}', encoding="utf-8"
    )
    assert Preferences.load(paths) == Preferences()
    paths.settings.write_bytes(b"\xff\xfe not json")
    assert Preferences.load(paths) == Preferences()


def test_snapshot_public_key_is_checked(tmp_path: Path) -> None:
    good = "RGlzdHJpY3QgRGVzayBwdWJsaXNoZXIga2V5IDIwMjY="
    site = parse_site_config(f'snapshot_public_key = "{good}"\n', tmp_path / "site.toml")
    assert site.snapshot_public_key == good
    with pytest.raises(ConfigError) as info:
        parse_site_config(
            'office_code = "AST-01"\nsnapshot_public_key = "not a key"\n', tmp_path / "site.toml"
        )
    assert info.value.params["line"] == 2
    assert "snapshot_public_key" in info.value.message


# --- [lan]: office LAN exchange ---------------------------------------------------------


def test_lan_exchange_is_off_by_default_and_one_line_turns_it_on(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    assert parse_site_config('[district_desk]\noffice_code = "AST-01"\n', path).lan_enabled is False
    site = parse_site_config(
        '[district_desk]\noffice_code = "AST-01"\n\n[lan]\nenabled = true\n', path
    )
    assert (site.lan_enabled, site.lan_port, site.lan_peers, site.lan_discovery) == (
        True,
        8765,
        (),
        True,
    )
    site = parse_site_config(
        '[lan]\nenabled = true\npeers = ["10.0.0.5:8765", "pc-2.office.local:9000"]\n'
        "port = 9000\ndiscovery = false\n",
        path,
    )
    assert site.lan_peers == ("10.0.0.5:8765", "pc-2.office.local:9000")
    assert (site.lan_port, site.lan_discovery) == (9000, False)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('peers = ["10.0.0.5"]', "[lan] peers: '10.0.0.5' is not \"host:port\""),
        ('peers = "10.0.0.5:8765"', "[lan] peers: must be a list"),
        ("port = 80", "[lan] port: must be between 1024 and 65535"),
        ('enabled = "yes"', "[lan] enabled: must be true or false"),
        ("colour = 1", "[lan] colour: unknown setting"),
    ],
)
def test_lan_mistakes_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    text = f'[district_desk]\noffice_code = "AST-01"\n\n[lan]\n{body}\n'
    with pytest.raises(ConfigError) as err:
        parse_site_config(text, tmp_path / "site.toml")
    assert err.value.message.startswith(f"{tmp_path / 'site.toml'}, line 5: "), err.value.message
    assert message in err.value.message
