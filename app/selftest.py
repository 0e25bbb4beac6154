"""``district-desk self-test``: what IT staff run first on a PC that misbehaves.

Every check is reported, even after one fails, and the report carries no personal data.

By default the store is checked with SQLite's ``quick_check`` (every page decrypts and is a
well-formed b-tree; seconds even on a two-year store); ``--full`` runs ``integrity_check``,
which also compares every index with its table and takes several times longer.
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

#: Every check, in the order it runs (a report with fewer stopped early).
CHECKS = (
    "data_dir",
    "site_config",
    "keyring",
    "store",
    "integrity",
    "audit_chain",
    "audit_anchor",
    "blobs",
)

ProgressFn = Callable[[int, int, str], None]


class _SelfTest:
    """The checks of one run; each returns its detail or raises a :class:`DeskError`."""

    def __init__(self, p: paths.Paths, credentials: Credentials | None, full: bool) -> None:
        self.p = p
        self.given_credentials = credentials
        self.full = full
        self.site: SiteConfig = SiteConfig()
        self.creds: Credentials | None = None
        self.store: Store | None = None

    def data_dir(self) -> str:
        check_writable(self.p)  # creates it when missing; StoreReadOnly names a read-only one
        return str(self.p.data_dir)

    def site_config(self) -> str:
        self.site = load_site_config(self.p, install_dir())
        return str(self.site.source) if self.site.source else "no site.toml (defaults)"

    def keyring(self) -> str:
        creds = self.given_credentials or open_credentials(self.p, self.site.allow_dev_key_file)
        self.creds = creds
        probe, value = "self-test-probe", secrets.token_hex(8)
        creds.set(probe, value)
        got = creds.get(probe)
        creds.delete(probe)
        if got != value:
            raise DeskError("keyring.roundtrip_failed")
        return f"{creds.backend_name} (round trip ok)"

    def open_store(self) -> str:
        assert self.creds is not None
        self.store = store = open_store(self.p, self.creds)
        with store.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        from app.store import migrate

        return (
            f"schema {migrate.current_revision(store.engine)}, SQLCipher {cipher}, "
            f"journal {journal}"
        )

    def integrity(self) -> str:
        assert self.store is not None
        result = self.store.integrity_check(full=self.full)
        if result != "ok":
            # The first finding names the damaged page; the CLI prints it for IT staff.
            raise StoreError("store.integrity", detail=result.splitlines()[0][:200])
        return f"{'integrity_check' if self.full else 'quick_check'} ok"

    def audit_chain(self) -> str:
        assert self.store is not None
        result = audit.verify(self.store.engine)
        if not result.ok:
            raise DeskError("audit.broken", detail=f"event {result.bad_seq}: {result.problem}")
        return f"{result.count} events verified"

    def audit_anchor(self) -> str:
        # The server acknowledged the chain up to this event: a store without it lost
        # committed work (truncated WAL, an older copy restored) and must not go on silently.
        assert self.store is not None and self.creds is not None
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
        assert self.store is not None
        bs = BlobStore(self.p.attachments, self.store.blob_key)
        data = b"district-desk self-test " + secrets.token_bytes(16)
        sha = bs.put(data)
        ok = bs.read(sha) == data
        bs.delete(sha)
        if not ok:
            raise DeskError("store.blob_roundtrip")
        return "encrypted round trip ok"


def _run_check(name: str, fn: Callable[[], str]) -> dict[str, Any]:
    """One check's report entry; an error is reported, never raised."""
    started = time.perf_counter()
    try:
        detail, ok, code = fn(), True, "ok"
    except DeskError as exc:
        ok, code, detail = False, exc.code, exc.message
    except Exception as exc:  # noqa: BLE001 - report, never crash
        ok, code, detail = False, "unexpected", f"{type(exc).__name__}: {exc}"
    ms = round((time.perf_counter() - started) * 1000, 1)
    return {"name": name, "ok": ok, "code": code, "detail": detail, "ms": ms}


def run_self_test(
    data_dir: str | os.PathLike[str] | None,
    credentials: Credentials | None = None,
    *,
    full: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Run every check and return the JSON-able report; ``report["ok"]`` is the verdict.

    ``credentials`` replaces the OS keyring (tests); the round trip is checked on it too.
    ``full`` runs ``integrity_check`` instead of ``quick_check``. ``progress(done, total,
    name)`` is called before each check (IT staff see which one a slow run is on).
    """
    t = _SelfTest(paths.resolve(data_dir), credentials, full)
    steps: dict[str, Callable[[], str]] = {
        "data_dir": t.data_dir,
        "site_config": t.site_config,
        "keyring": t.keyring,
        "store": t.open_store,
        "integrity": t.integrity,
        "audit_chain": t.audit_chain,
        "audit_anchor": t.audit_anchor,
        "blobs": t.blobs,
    }
    # A broken site configuration stops at its check: with the defaults instead, the
    # keyring and store checks could create a store the real start-up would never open.
    stop_after_failure = {"site_config", "keyring", "store"}
    checks: list[dict[str, Any]] = []
    try:
        for done, name in enumerate(CHECKS):
            if progress is not None:
                progress(done, len(CHECKS), name)
            checks.append(_run_check(name, steps[name]))
            if not checks[-1]["ok"] and name in stop_after_failure:
                break
    finally:
        if t.store is not None:
            t.store.close()
    if progress is not None:
        progress(len(checks), len(CHECKS), "done")
    return {
        "product": "District Desk",
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "data_dir": str(t.p.data_dir),
        "integrity": "full" if full else "quick",
        "checks": checks,
        "ok": all(c["ok"] for c in checks) and len(checks) == len(CHECKS),
    }
