"""The one module that owns every path District Desk reads or writes.

Order of precedence for the data directory: an explicit ``--data-dir``, then the
``DISTRICT_DESK_HOME`` environment variable, then the per-machine data directory from
platformdirs. Tests and smoke runs always pass a temporary directory.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "DistrictDesk"
ENV_HOME = "DISTRICT_DESK_HOME"
ENV_SITE_CONFIG = "DISTRICT_DESK_SITE_CONFIG"


@dataclass(frozen=True)
class Paths:
    """Every location under one data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "desk.db"

    @property
    def attachments(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def reports(self) -> Path:
        return self.data_dir / "reports"

    @property
    def settings(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def dev_key_file(self) -> Path:
        return self.data_dir / "dev-store.key"

    @property
    def local_site_config(self) -> Path:
        return self.data_dir / "site.toml"

    def ensure(self) -> None:
        """Create the directories (owner-only where the OS supports it)."""
        for d in (self.data_dir, self.attachments, self.logs, self.reports):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Return the paths for ``data_dir``, the environment override or the default."""
    if data_dir:
        return Paths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return Paths(Path(env).expanduser().resolve())
    return Paths(default_data_dir())


def site_config_candidates(paths: Paths, install_dir: Path | None = None) -> list[Path]:
    """Where a site configuration may live, most specific first.

    The environment variable, the data directory, the installation directory (IT staff
    deploy one file next to the program), then the machine-wide config directory.
    """
    out: list[Path] = []
    env = os.environ.get(ENV_SITE_CONFIG)
    if env:
        out.append(Path(env))
    out.append(paths.local_site_config)
    if install_dir is not None:
        out.append(install_dir / "site.toml")
    out.append(Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "site.toml")
    return out


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
