"""Opening an installation: paths, site configuration, secrets, store and blobs together.

The command line, the UI and the tests all open District Desk through :func:`open_desk`, so
start-up checks happen the same way everywhere.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app import events, paths
from app.config import Preferences, SiteConfig, load_site_config
from app.credentials import Credentials, open_credentials
from app.store.blobs import BlobStore
from app.store.db import Store, open_store


def install_dir() -> Path | None:
    """The directory of the installed program (frozen build), where IT may put site.toml."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


@dataclass
class Desk:
    """An open installation."""

    paths: paths.Paths
    site: SiteConfig
    credentials: Credentials
    store: Store
    blobs: BlobStore
    bus: events.EventBus = field(default_factory=events.EventBus)

    @property
    def preferences(self) -> Preferences:
        return Preferences.load(self.paths)

    def close(self) -> None:
        self.store.close()


def _refresh_search_keys(store: Store) -> None:
    """Rebuild name keys after a key-algorithm change (one meta read when current).

    Persons arriving by sync are indexed in the same transaction as their page, so the
    full consistency check (``ensure_current``) is left to IT tools, not every start.
    """
    from app.search.keys import KEY_ALGO_VERSION

    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT value FROM meta WHERE key = 'search.key_algo_version'"
        ).scalar()
    if stored == str(KEY_ALGO_VERSION):
        return
    from app.search import index

    with store.write() as session:
        index.rebuild(session)


def open_desk(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    credentials: Credentials | None = None,
    site: SiteConfig | None = None,
    rebuild_search_keys: bool = True,
) -> Desk:
    """Open (creating on first start) the installation at ``data_dir``.

    Args:
        data_dir: The data directory (default: the per-machine one).
        credentials: Where the database key lives (default: the OS keyring).
        site: The site configuration (default: read from the data or install directory).
        rebuild_search_keys: Rebuild stale name keys here, before returning (command-line
            tools). The GUI passes False and rebuilds them in the background with
            :func:`app.search.reindex.rebuild_in_steps`, so the window opens at once.

    Raises:
        DeskError subclasses with a code for every expected problem (config, keyring,
        store); nothing else is expected.
    """
    p = paths.resolve(data_dir)
    site = site or load_site_config(p, install_dir())
    creds = credentials or open_credentials(p, site.allow_dev_key_file)
    store = open_store(p, creds)
    if rebuild_search_keys:
        _refresh_search_keys(store)
    return Desk(p, site, creds, store, BlobStore(p.attachments, store.blob_key, store))
