"""Site configuration (deployed by IT staff) and user preferences, declared once with types.

Site configuration is a TOML file (``site.toml``) shared by every PC of an office: the
regional server, the office, the CA bundle and policy. User preferences (language,
metered mode, ...) live in the data directory and never override site policy limits.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.errors import ConfigError
from app.paths import Paths, atomic_write, site_config_candidates

_PIN_RE = re.compile(r"^(sha256/)?[A-Za-z0-9+/]{43}=$")
_ED25519_RE = re.compile(r"^[A-Za-z0-9+/]{43}=$")
_OFFICE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")


@dataclass(frozen=True)
class SiteConfig:
    """What IT staff configure once per office."""

    server_url: str = ""
    office_code: str = ""
    ca_bundle: Path | None = None
    pin_sha256: str | None = None
    metered_default: bool = False
    inactivity_minutes: int = 15
    allow_dev_key_file: bool = False
    default_language: str = "ru"
    #: The regional server's publisher key (base64 Ed25519) that signs snapshot files.
    snapshot_public_key: str | None = None
    #: How long the mobile network's NAT keeps an idle TCP connection (seconds): a sync
    #: connection idle longer is opened anew instead of waiting on a dead socket.
    nat_idle_seconds: int = 900
    #: Office LAN exchange (``[lan]``): off unless ``enabled = true``.
    lan_enabled: bool = False
    #: Neighbours' addresses (``host:port``) for networks that block multicast.
    lan_peers: tuple[str, ...] = ()
    #: TCP port this PC serves its neighbours on.
    lan_port: int = 8765
    #: Find neighbours by mDNS/DNS-SD (``_districtdesk._tcp``) as well.
    lan_discovery: bool = True
    source: Path | None = field(default=None, compare=False)


_SITE_KEYS: dict[str, type] = {
    "server_url": str,
    "office_code": str,
    "ca_bundle": str,
    "pin_sha256": str,
    "metered_default": bool,
    "inactivity_minutes": int,
    "allow_dev_key_file": bool,
    "default_language": str,
    "snapshot_public_key": str,
    "nat_idle_seconds": int,
}

_TYPE_WORDS: dict[type, str] = {str: "a quoted text", int: "a whole number", bool: "true or false"}

LANGUAGES = ("ru", "en")


def _line_of(text: str, key: str) -> int:
    # [ \t]* rather than \s*: \s would run over blank lines and name the wrong line.
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def parse_site_config(text: str, path: Path) -> SiteConfig:
    """Parse and validate a site configuration.

    Raises:
        ConfigError: naming the file, the line and what is wrong.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 0) or 0
        if not line:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m.group(1)) if m else 0
        raise ConfigError(path=str(path), line=line, detail=f"not valid TOML ({exc})") from exc
    table = raw.get("district_desk", raw)
    if not isinstance(table, dict):
        raise ConfigError(path=str(path), line=1, detail="[district_desk] must be a table")

    def bad(key: str, detail: str) -> ConfigError:
        return ConfigError(path=str(path), line=_line_of(text, key), detail=f"{key}: {detail}")

    table = dict(table)
    lan = _parse_lan(raw.get("lan", table.pop("lan", {})), text, path)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _SITE_KEYS:
            raise bad(key, "unknown setting")
        expected = _SITE_KEYS[key]
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            raise bad(key, f"must be {_TYPE_WORDS[expected]}")
        values[key] = value

    url = values.get("server_url", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise bad("server_url", "must be an https:// URL")
        if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise bad("server_url", "plain http is only allowed on loopback; use https")
    office = values.get("office_code", "")
    if office and not _OFFICE_RE.match(office):
        raise bad("office_code", "use 2-32 capital letters, digits, '-' or '_'")
    ca: Path | None = None
    if "ca_bundle" in values:
        ca = Path(values["ca_bundle"])
        if not ca.is_absolute():
            ca = (path.parent / ca).resolve()
        if not ca.is_file():
            raise bad("ca_bundle", f"file {ca} does not exist")
    pin = values.get("pin_sha256")
    if pin is not None and not _PIN_RE.match(pin):
        raise bad("pin_sha256", "must be a base64 SHA-256 of the server's public key")
    minutes = values.get("inactivity_minutes", 15)
    if not 1 <= minutes <= 240:
        raise bad("inactivity_minutes", "must be between 1 and 240")
    nat_idle = values.get("nat_idle_seconds", 900)
    if not 30 <= nat_idle <= 86_400:
        raise bad("nat_idle_seconds", "must be between 30 and 86400")
    lang = values.get("default_language", "ru")
    if lang not in LANGUAGES:
        raise bad("default_language", f"must be one of {', '.join(LANGUAGES)}")
    publisher = values.get("snapshot_public_key")
    if publisher is not None and not _ED25519_RE.match(publisher.strip()):
        raise bad("snapshot_public_key", "must be the base64 Ed25519 key the server prints")
    return SiteConfig(
        server_url=url.rstrip("/"),
        office_code=office,
        ca_bundle=ca,
        pin_sha256=pin.removeprefix("sha256/") if pin else None,
        metered_default=values.get("metered_default", False),
        inactivity_minutes=minutes,
        allow_dev_key_file=values.get("allow_dev_key_file", False),
        default_language=lang,
        snapshot_public_key=publisher.strip() if publisher else None,
        nat_idle_seconds=nat_idle,
        source=path,
        **lan,
    )


_LAN_KEYS: dict[str, type] = {"enabled": bool, "peers": list, "port": int, "discovery": bool}
_PEER_RE = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}):(\d{1,5})$")


def _parse_lan(table: Any, text: str, path: Path) -> dict[str, Any]:
    """The ``[lan]`` table: ``enabled``, ``peers``, ``port``, ``discovery``.

    Raises:
        ConfigError: naming the line and what is wrong.
    """

    def bad(key: str, detail: str) -> ConfigError:
        return ConfigError(
            path=str(path), line=_line_of(text, key), detail=f"[lan] {key}: {detail}"
        )

    if not isinstance(table, dict):
        raise ConfigError(
            path=str(path), line=_line_of(text, "lan"), detail="[lan] must be a table"
        )
    for key, value in table.items():
        if key not in _LAN_KEYS:
            raise bad(key, "unknown setting")
        expected = _LAN_KEYS[key]
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            word = 'a list of quoted "host:port" texts' if expected is list else None
            raise bad(key, f"must be {word or _TYPE_WORDS[expected]}")
    port = table.get("port", 8765)
    if not 1024 <= port <= 65535:
        raise bad("port", "must be between 1024 and 65535")
    peers = table.get("peers", [])
    for peer in peers:
        m = _PEER_RE.match(peer) if isinstance(peer, str) else None
        if m is None or not 1 <= int(m.group(2)) <= 65535:
            raise bad("peers", f'{str(peer)[:60]!r} is not "host:port"')
    if len(peers) > 64:
        raise bad("peers", "at most 64 addresses")
    return {
        "lan_enabled": table.get("enabled", False),
        "lan_peers": tuple(peers),
        "lan_port": port,
        "lan_discovery": table.get("discovery", True),
    }


def load_site_config(paths: Paths, install_dir: Path | None = None) -> SiteConfig:
    """Load the first site configuration found, or defaults when there is none."""
    for candidate in site_config_candidates(paths, install_dir):
        if candidate.is_file():
            try:
                raw = candidate.read_bytes()
            except OSError as exc:
                raise ConfigError(path=str(candidate), line=0, detail=str(exc)) from exc
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                # Where the bad byte is, so IT staff can find it (often an editor that
                # saved in a legacy code page such as Windows-1251).
                line = raw.count(b"\n", 0, exc.start) + 1
                raise ConfigError(
                    "config.encoding",
                    path=str(candidate),
                    line=line,
                    detail=f"byte 0x{raw[exc.start]:02x} is not UTF-8",
                ) from exc
            return parse_site_config(text, candidate)
    return SiteConfig()


def write_site_config(path: Path, **values: Any) -> None:
    """Write a site configuration file (used by enrolment and the demo)."""
    lines = ["[district_desk]"]
    for key, value in values.items():
        if value is None:
            continue
        if key not in _SITE_KEYS:
            raise ValueError(key)
        lines.append(f"{key} = {json.dumps(str(value) if isinstance(value, Path) else value)}")
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))


@dataclass
class Preferences:
    """A user's preferences on this PC (not secrets, not site policy)."""

    language: str = ""
    metered_mode: bool = False
    inactivity_minutes: int = 0  # 0: use the site's value

    @classmethod
    def load(cls, paths: Paths) -> Preferences:
        """Read preferences; a damaged file is ignored (defaults), never fatal."""
        try:
            raw = json.loads(paths.settings.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        prefs = cls()
        for f in fields(cls):
            value = raw.get(f.name) if isinstance(raw, dict) else None
            if isinstance(value, type(getattr(prefs, f.name))) and not (
                isinstance(value, bool) and f.type != "bool"
            ):
                setattr(prefs, f.name, value)
        if prefs.language not in ("", *LANGUAGES):
            prefs.language = ""
        if not 0 <= prefs.inactivity_minutes <= 240:
            prefs.inactivity_minutes = 0
        return prefs

    def save(self, paths: Paths) -> None:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        atomic_write(paths.settings, json.dumps(data, indent=2).encode("utf-8"))
