"""Secrets (the store key, device credentials, tokens) behind one small wrapper.

Production uses the OS keyring through ``keyring``. A backend that does not protect
secrets (fail, null, plaintext files) is refused unless the site configuration allows a
development key file, in which case secrets go to an owner-only file in the data
directory, clearly named as such. Tests use :class:`MemorySecrets`.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from pathlib import Path
from typing import Protocol

from app.errors import KeyringError, KeyringInsecure
from app.paths import Paths, atomic_write

SERVICE = "DistrictDesk"

_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class SecretBackend(Protocol):
    """Where secrets are kept."""

    name: str
    secure: bool

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


class OsKeyring:
    """The OS keyring through the ``keyring`` package."""

    secure = True

    def __init__(self, backend: object | None = None) -> None:
        import keyring

        self._kr = backend if backend is not None else keyring.get_keyring()
        cls = type(self._kr)
        self.name = f"{cls.__module__}.{cls.__name__}"

    def get(self, key: str) -> str | None:
        try:
            return self._kr.get_password(SERVICE, key)  # type: ignore[attr-defined]
        except Exception as exc:
            raise KeyringError(detail=f"{type(exc).__name__} reading from {self.name}") from exc

    def set(self, key: str, value: str) -> None:
        try:
            self._kr.set_password(SERVICE, key, value)  # type: ignore[attr-defined]
        except Exception as exc:
            raise KeyringError(detail=f"{type(exc).__name__} writing to {self.name}") from exc

    def delete(self, key: str) -> None:
        try:
            self._kr.delete_password(SERVICE, key)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001, S110 - deleting a missing secret is not an error
            pass


def backend_is_secure(backend: object) -> bool:
    """False for keyring backends that store nothing or store secrets in plain files."""
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    inner = getattr(backend, "backends", None)
    if inner is not None:  # the chainer: secure only if it chains something secure
        return any(backend_is_secure(b) for b in inner)
    priority = getattr(backend, "priority", 1)
    try:
        return float(priority) > 0
    except (TypeError, ValueError):
        return True


class DevKeyFile:
    """Development-only secrets file (owner-only permissions), allowed by site config."""

    secure = False
    name = "development key file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise KeyringError(detail=f"development key file {self.path} unreadable") from exc
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._load().get(key)

    def set(self, key: str, value: str) -> None:
        with self._lock:
            data = self._load()
            data[key] = value
            try:
                atomic_write(self.path, json.dumps(data).encode("utf-8"))
            except OSError as exc:
                raise KeyringError(
                    detail=f"development key file {self.path} cannot be written "
                    f"({exc.strerror or type(exc).__name__})"
                ) from exc
            try:
                os.chmod(self.path, 0o600)
            except OSError:
                pass

    def delete(self, key: str) -> None:
        with self._lock:
            data = self._load()
            if data.pop(key, None) is not None:
                atomic_write(self.path, json.dumps(data).encode("utf-8"))


class MemorySecrets:
    """In-memory fake for tests that cannot own the OS keyring."""

    secure = True
    name = "memory (tests)"

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        self.data[key] = value

    def delete(self, key: str) -> None:
        self.data.pop(key, None)


class Credentials:
    """Secrets of one installation (one data directory), namespaced in the backend.

    Keys: ``store-key`` (the SQLCipher key), ``device-id``, ``device-secret``,
    ``token:<username>``.
    """

    def __init__(self, backend: SecretBackend, scope: str) -> None:
        self.backend = backend
        self.scope = scope

    @property
    def backend_name(self) -> str:
        return self.backend.name

    def _key(self, name: str) -> str:
        return f"{self.scope}:{name}"

    def get(self, name: str) -> str | None:
        return self.backend.get(self._key(name))

    def set(self, name: str, value: str) -> None:
        self.backend.set(self._key(name), value)

    def delete(self, name: str) -> None:
        self.backend.delete(self._key(name))


def scope_for(paths: Paths) -> str:
    """A stable namespace for one installation, so two installations never share keys.

    The namespace comes from a random installation id kept (not secret) in the data
    directory, so a data directory restored to another path still finds its key.
    """
    id_file = paths.data_dir / "installation-id"
    try:
        ident = id_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        ident = ""
    if len(ident) != 32 or not all(c in "0123456789abcdef" for c in ident):
        ident = secrets.token_hex(16)
        atomic_write(id_file, ident.encode("ascii"))
    return "dd-" + hashlib.sha256(ident.encode("ascii")).hexdigest()[:16]


def open_credentials(paths: Paths, allow_dev_key_file: bool) -> Credentials:
    """Pick the secrets backend for this installation.

    Raises:
        KeyringInsecure: the OS keyring does not protect secrets and no development key
            file is allowed.
    """
    import keyring

    backend = keyring.get_keyring()
    if backend_is_secure(backend):
        return Credentials(OsKeyring(backend), scope_for(paths))
    if allow_dev_key_file:
        return Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    cls = type(backend)
    raise KeyringInsecure(backend=f"{cls.__module__}.{cls.__name__}")
