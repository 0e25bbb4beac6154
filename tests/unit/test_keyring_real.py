"""The store key really lives in the OS keyring (GNOME Keyring over the Secret Service).

``scripts/run_tests.sh`` (``make test``) runs the suite in a private D-Bus session with an
unlocked GNOME Keyring. These tests fail, not skip, when that keyring is missing: a
silently skipped test would prove nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService

from app.credentials import SERVICE, OsKeyring, open_credentials
from app.errors import KeyMissing
from app.paths import Paths
from app.store.db import STORE_KEY, open_store

pytestmark = pytest.mark.keyring

HOW = (
    "The OS keyring (Secret Service) is not available. Run the tests through "
    "scripts/run_tests.sh (make test), which starts dbus-run-session and an unlocked "
    "gnome-keyring-daemon."
)


def _secret_service() -> SecretService.Keyring:
    backend = keyring.get_keyring()
    candidates = [backend, *getattr(backend, "backends", [])]
    found = next((b for b in candidates if isinstance(b, SecretService.Keyring)), None)
    if found is None:
        pytest.fail(f"{HOW} (keyring chose {type(backend).__module__})")
    try:
        found.set_password(SERVICE, "probe", "1")
        found.delete_password(SERVICE, "probe")
    except Exception as exc:
        pytest.fail(f"{HOW} ({type(exc).__name__}: {exc})")
    return found


@pytest.fixture
def paths(tmp_path: Path) -> Iterator[Paths]:
    p = Paths(tmp_path / "data")
    p.ensure()
    yield p


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_store_key_is_generated_into_the_secret_service(paths: Paths) -> None:
    _secret_service()
    creds = open_credentials(paths, allow_dev_key_file=False)
    assert isinstance(creds.backend, OsKeyring)
    assert "SecretService" in creds.backend_name

    store = open_store(paths, creds)
    try:
        with store.write() as s:
            s.connection().exec_driver_sql(
                "INSERT INTO meta (key, value) VALUES ('keyring-test', 'kept')"
            )
    finally:
        store.close()

    hexkey = keyring.get_password(SERVICE, f"{creds.scope}:{STORE_KEY}")
    assert hexkey is not None and len(hexkey) == 64
    key = bytes.fromhex(hexkey)
    # Not in any file: neither as hex nor raw; and no development key file was made.
    assert not paths.dev_key_file.exists()
    for needle in (hexkey.encode(), hexkey.upper().encode(), key):
        assert _files_containing(paths.data_dir, needle) == []

    # A second start finds the key in the keyring and reads the data.
    again = open_credentials(paths, allow_dev_key_file=False)
    assert again.scope == creds.scope
    store = open_store(paths, again)
    try:
        with store.read() as s:
            value = (
                s.connection()
                .exec_driver_sql("SELECT value FROM meta WHERE key = 'keyring-test'")
                .scalar()
            )
        assert value == "kept"
    finally:
        store.close()


def test_missing_keyring_entry_is_reported_and_store_untouched(paths: Paths) -> None:
    _secret_service()
    creds = open_credentials(paths, allow_dev_key_file=False)
    open_store(paths, creds).close()
    before = paths.database.read_bytes()
    keyring.delete_password(SERVICE, f"{creds.scope}:{STORE_KEY}")
    with pytest.raises(KeyMissing) as info:
        open_store(paths, open_credentials(paths, allow_dev_key_file=False))
    assert info.value.code == "keyring.key_missing"
    assert "SecretService" in info.value.message
    assert paths.database.read_bytes() == before
