"""Typed errors of the core.

The core never shows text to a user: every error carries a stable ``code`` and named
``params``. ``ui/`` maps codes to translated messages; the command line prints
``message`` (English) next to the code.
"""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """Base class of every error the core raises on purpose.

    Attributes:
        code: stable machine-readable code, e.g. ``"workflow.self_approval"``.
        params: values for placeholders in the translated message.
    """

    code = "error"
    template = "Unexpected error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """English message with the parameters filled in (for logs and the CLI)."""
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return self.template


class StoreError(DeskError):
    """The local store cannot be opened or written."""

    code = "store.error"
    template = "The local store cannot be used: {detail}"


class StoreCorrupt(StoreError):
    code = "store.corrupt"
    template = "The local store at {path} is damaged or is not a District Desk store."


class StoreWrongKey(StoreError):
    code = "store.wrong_key"
    template = "The local store at {path} cannot be decrypted with the key held in the keyring."


class StoreTooNew(StoreError):
    code = "store.too_new"
    template = (
        "The local store was written by a newer version of District Desk (schema {found}); "
        "this version understands up to {supported}. Install the newer version."
    )


class StoreReadOnly(StoreError):
    code = "store.read_only"
    template = "The data directory {path} is not writable."


class StoreDiskFull(StoreError):
    code = "store.disk_full"
    template = "The disk holding {path} is full; nothing was written."


class StoreNoRoomForBackup(StoreError):
    code = "store.no_room_for_backup"
    template = (
        "The schema upgrade needs a copy of the local store first: {need_mb} MB free on the "
        "disk holding {path}, only {free_mb} MB are. Free some space and start again; "
        "nothing was changed."
    )


class KeyringError(DeskError):
    code = "keyring.error"
    template = "The OS keyring cannot be used: {detail}"


class KeyringInsecure(KeyringError):
    code = "keyring.insecure"
    template = (
        "The keyring backend {backend} does not protect secrets. Install and unlock an OS "
        "keyring (Windows Credential Manager, GNOME Keyring, KWallet), or allow a "
        "development key file in the site configuration."
    )


class KeyMissing(KeyringError):
    code = "keyring.key_missing"
    template = (
        "The store at {path} exists but its key is not in the keyring ({backend}). "
        "Restore the keyring or the data directory from the same backup."
    )


class ConfigError(DeskError):
    code = "config.invalid"
    template = "{path}, line {line}: {detail}"


class AuthError(DeskError):
    code = "auth.failed"
    template = "Wrong user name or password."


class AccountLocked(AuthError):
    code = "auth.locked"
    template = "The account {username} is locked after too many failed attempts."


class PermissionDenied(DeskError):
    code = "auth.forbidden"
    template = "You are not allowed to {action}."


class NotFound(DeskError):
    code = "not_found"
    template = "{kind} {ident} does not exist."


class ValidationError(DeskError):
    """Bad form input; ``params['field']`` names the field the message belongs next to."""

    code = "validation"
    template = "{field}: {detail}"
