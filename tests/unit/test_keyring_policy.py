"""Keyring backends that do not protect secrets are refused unless the site allows a dev file."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail, null

from app.credentials import (
    DevKeyFile,
    OsKeyring,
    backend_is_secure,
    open_credentials,
    scope_for,
)
from app.errors import KeyringError, KeyringInsecure
from app.paths import Paths
from app.store.db import STORE_KEY, open_store

# Plain classes, not KeyringBackend subclasses: those register themselves as viable
# backends and keyring's chainer would then use them for every other test.


class PlaintextFileKeyring:
    """Stands in for ``keyrings.alt``'s plaintext file backend (same module prefix)."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


PlaintextFileKeyring.__module__ = "keyrings.alt.file"


class BrokenKeyring:
    """A secure-looking keyring whose daemon has died."""

    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")


@pytest.fixture
def use_backend() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: object) -> None:
        # keyring.set_keyring() insists on a KeyringBackend subclass (see above).
        keyring.core._keyring_backend = backend  # type: ignore[assignment]

    yield use
    keyring.core._keyring_backend = previous  # type: ignore[assignment]


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), PlaintextFileKeyring()],
    ids=["fail", "null", "plaintext"],
)
def test_insecure_backends_refused_without_dev_file(
    tmp_path: Path, use_backend: object, backend: object
) -> None:
    assert not backend_is_secure(backend)
    use_backend(backend)  # type: ignore[operator]
    paths = Paths(tmp_path / "data")
    with pytest.raises(KeyringInsecure) as info:
        open_credentials(paths, allow_dev_key_file=False)
    assert info.value.code == "keyring.insecure"
    assert type(backend).__module__ in info.value.message
    assert "development key file" in info.value.message

    creds = open_credentials(paths, allow_dev_key_file=True)
    assert isinstance(creds.backend, DevKeyFile)
    store = open_store(paths, creds)
    store.close()
    key_file = paths.dev_key_file
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    stored = json.loads(key_file.read_text())
    assert stored[f"{scope_for(paths)}:{STORE_KEY}"] == creds.get(STORE_KEY)


class Chain:
    """Shaped like keyring's chainer: secure only if it chains something secure."""

    def __init__(self, *backends: object) -> None:
        self.backends = list(backends)


def test_secure_backends_are_recognised() -> None:
    assert backend_is_secure(BrokenKeyring())
    assert not backend_is_secure(Chain(fail.Keyring(), null.Keyring()))
    assert backend_is_secure(Chain(fail.Keyring(), BrokenKeyring()))
    assert not backend_is_secure(Chain())


def test_keyring_failure_is_a_typed_error(tmp_path: Path, use_backend: object) -> None:
    use_backend(BrokenKeyring())  # type: ignore[operator]
    paths = Paths(tmp_path / "data")
    creds = open_credentials(paths, allow_dev_key_file=False)
    assert isinstance(creds.backend, OsKeyring)
    with pytest.raises(KeyringError) as info:
        open_store(paths, creds)
    assert info.value.code == "keyring.error"
    assert "RuntimeError" in info.value.message and "BrokenKeyring" in info.value.message
    assert not paths.database.exists()


def test_scope_is_stable_per_installation(tmp_path: Path) -> None:
    a, b = Paths(tmp_path / "a"), Paths(tmp_path / "b")
    a.ensure()
    b.ensure()
    scope = scope_for(a)
    assert scope_for(a) == scope
    assert scope_for(b) != scope
    # Moving the data directory keeps its namespace (the id file travels with it).
    moved = Paths(tmp_path / "moved")
    a.data_dir.rename(moved.data_dir)
    assert scope_for(moved) == scope
