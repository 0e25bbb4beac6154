"""``district-desk self-test``: what IT staff run first on a PC that misbehaves.

Every check is reported, even after one fails, and the report carries no personal data.
"""

from __future__ import annotations

import os
import platform
import secrets
import time
from collections.abc import Callable
from typing import Any

from app import __version__, audit, paths
from app.config import SiteConfig, load_site_config
from app.context import install_dir
from app.credentials import Credentials, open_credentials
from app.errors import DeskError, StoreError
from app.store.blobs import BlobStore
from app.store.db import Store, check_writable, open_store


class _Checks:
    """The checks in order, with what one hands to the next (site, keyring, store).

    Each check returns its detail line or raises; :meth:`run` records either.
    """

    def __init__(self, p: paths.Paths, credentials: Credentials | None) -> None:
        self.p = p
        self.credentials = credentials
        self.results: list[dict[str, Any]] = []
        self.site_cfg: SiteConfig | None = None
        self.creds: Credentials | None = None
        self.opened: Store | None = None

    @property
    def store(self) -> Store:
        assert self.opened is not None, "the store check runs first"
        return self.opened

    def run(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = fn()
            ok = True
            code = "ok"
        except DeskError as exc:
            ok, code, detail = False, exc.code, exc.message
        except Exception as exc:  # noqa: BLE001 - report, never crash
            ok, code, detail = False, "unexpected", f"{type(exc).__name__}: {exc}"
        self.results.append(
            {
                "name": name,
                "ok": ok,
                "code": code,
                "detail": detail,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )
        return ok

    def data_dir(self) -> str:
        check_writable(self.p)  # creates it when missing; StoreReadOnly names a read-only one
        return str(self.p.data_dir)

    def site(self) -> str:
        cfg = load_site_config(self.p, install_dir())
        self.site_cfg = cfg
        return str(cfg.source) if cfg.source else "no site.toml (defaults)"

    def keyring(self) -> str:
        cfg = self.site_cfg or SiteConfig()
        creds = self.credentials or open_credentials(self.p, cfg.allow_dev_key_file)
        self.creds = creds
        probe, value = "self-test-probe", secrets.token_hex(8)
        creds.set(probe, value)
        got = creds.get(probe)
        creds.delete(probe)
        if got != value:
            raise DeskError("keyring.roundtrip_failed")
        return f"{creds.backend_name} (round trip ok)"

    def store_check(self) -> str:
        assert self.creds is not None, "the keyring check runs first"
        store = open_store(self.p, self.creds)
        self.opened = store
        with store.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        from app.store import migrate

        return (
            f"schema {migrate.current_revision(store.engine)}, SQLCipher {cipher}, "
            f"journal {journal}"
        )

    def integrity(self) -> str:
        result = self.store.integrity_check()
        if result != "ok":
            # The first finding names the damaged page; the CLI prints it for IT staff.
            raise StoreError("store.integrity", detail=result.splitlines()[0][:200])
        return result

    def audit_chain(self) -> str:
        result = audit.verify(self.store.engine)
        if not result.ok:
            raise DeskError("audit.broken", detail=f"event {result.bad_seq}: {result.problem}")
        return f"{result.count} events verified"

    def audit_anchor(self) -> str:
        # The server acknowledged the chain up to this event: a store without it lost
        # committed work (truncated WAL, an older copy restored) and must not go on silently.
        assert self.creds is not None
        anchor = audit.load_anchor(self.creds)
        problem = audit.anchor_problem(self.store.engine, anchor)
        if anchor is None:
            return "no audit upload acknowledged yet"
        if problem is not None:
            raise StoreError(
                "store.rolled_back",
                detail=f"{problem}: the server acknowledged audit event {anchor.seq}",
            )
        return f"holds audit event {anchor.seq}, the last one the server acknowledged"

    def blobs(self) -> str:
        bs = BlobStore(self.p.attachments, self.store.blob_key)
        data = b"district-desk self-test " + secrets.token_bytes(16)
        sha = bs.put(data)
        ok = bs.read(sha) == data
        bs.delete(sha)
        if not ok:
            raise DeskError("store.blob_roundtrip")
        return "encrypted round trip ok"


def run_self_test(
    data_dir: str | os.PathLike[str] | None, credentials: Credentials | None = None
) -> dict[str, Any]:
    """Run every check and return the JSON-able report; ``report["ok"]`` is the verdict.

    ``credentials`` replaces the OS keyring (tests); the round trip is checked on it too.
    """
    p = paths.resolve(data_dir)
    c = _Checks(p, credentials)
    c.run("data_dir", c.data_dir)
    # A broken site configuration stops here: with the defaults instead, the keyring and
    # store checks could create a store the real start-up would never have opened.
    if (
        c.run("site_config", c.site)
        and c.run("keyring", c.keyring)
        and c.run("store", c.store_check)
    ):
        c.run("integrity", c.integrity)
        c.run("audit_chain", c.audit_chain)
        c.run("audit_anchor", c.audit_anchor)
        c.run("blobs", c.blobs)
    if c.opened is not None:
        c.opened.close()
    return {
        "product": "District Desk",
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "data_dir": str(p.data_dir),
        "checks": c.results,
        "ok": all(r["ok"] for r in c.results) and len(c.results) == 8,
    }
