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


def run_self_test(
    data_dir: str | os.PathLike[str] | None, credentials: Credentials | None = None
) -> dict[str, Any]:
    """Run every check and return the JSON-able report; ``report["ok"]`` is the verdict.

    ``credentials`` replaces the OS keyring (tests); the round trip is checked on it too.
    """
    checks: list[dict[str, Any]] = []
    p = paths.resolve(data_dir)
    state: dict[str, Any] = {}

    def check(name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = fn()
            ok = True
            code = "ok"
        except DeskError as exc:
            ok, code, detail = False, exc.code, exc.message
        except Exception as exc:  # noqa: BLE001 - report, never crash
            ok, code, detail = False, "unexpected", f"{type(exc).__name__}: {exc}"
        checks.append(
            {
                "name": name,
                "ok": ok,
                "code": code,
                "detail": detail,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )
        return ok

    def site() -> str:
        cfg = load_site_config(p, install_dir())
        state["site"] = cfg
        return str(cfg.source) if cfg.source else "no site.toml (defaults)"

    def keyring_check() -> str:
        cfg: SiteConfig = state.get("site") or SiteConfig()
        creds = credentials or open_credentials(p, cfg.allow_dev_key_file)
        state["creds"] = creds
        probe, value = "self-test-probe", secrets.token_hex(8)
        creds.set(probe, value)
        got = creds.get(probe)
        creds.delete(probe)
        if got != value:
            raise DeskError("keyring.roundtrip_failed")
        return f"{creds.backend_name} (round trip ok)"

    def store_check() -> str:
        creds: Credentials = state["creds"]
        store = open_store(p, creds)
        state["store"] = store
        with store.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        from app.store import migrate

        return (
            f"schema {migrate.current_revision(store.engine)}, SQLCipher {cipher}, "
            f"journal {journal}"
        )

    def integrity() -> str:
        store: Store = state["store"]
        result = store.integrity_check()
        if result != "ok":
            # The first finding names the damaged page; the CLI prints it for IT staff.
            raise StoreError("store.integrity", detail=result.splitlines()[0][:200])
        return result

    def audit_chain() -> str:
        store: Store = state["store"]
        result = audit.verify(store.engine)
        if not result.ok:
            raise DeskError("audit.broken", detail=f"event {result.bad_seq}: {result.problem}")
        return f"{result.count} events verified"

    def audit_anchor() -> str:
        # The server acknowledged the chain up to this event: a store without it lost
        # committed work (truncated WAL, an older copy restored) and must not go on silently.
        store: Store = state["store"]
        anchor = audit.load_anchor(state["creds"])
        problem = audit.anchor_problem(store.engine, anchor)
        if anchor is None:
            return "no audit upload acknowledged yet"
        if problem is not None:
            raise StoreError(
                "store.rolled_back",
                detail=f"{problem}: the server acknowledged audit event {anchor.seq}",
            )
        return f"holds audit event {anchor.seq}, the last one the server acknowledged"

    def blobs() -> str:
        store: Store = state["store"]
        bs = BlobStore(p.attachments, store.blob_key)
        data = b"district-desk self-test " + secrets.token_bytes(16)
        sha = bs.put(data)
        ok = bs.read(sha) == data
        bs.delete(sha)
        if not ok:
            raise DeskError("store.blob_roundtrip")
        return "encrypted round trip ok"

    def data_dir_check() -> str:
        check_writable(p)  # creates it when missing; StoreReadOnly names a read-only one
        return str(p.data_dir)

    check("data_dir", data_dir_check)
    # A broken site configuration stops here: with the defaults instead, the keyring and
    # store checks could create a store the real start-up would never have opened.
    if (
        check("site_config", site)
        and check("keyring", keyring_check)
        and check("store", store_check)
    ):
        check("integrity", integrity)
        check("audit_chain", audit_chain)
        check("audit_anchor", audit_anchor)
        check("blobs", blobs)
    if "store" in state:
        state["store"].close()
    return {
        "product": "District Desk",
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "data_dir": str(p.data_dir),
        "checks": checks,
        "ok": all(c["ok"] for c in checks) and len(checks) == 8,
    }
