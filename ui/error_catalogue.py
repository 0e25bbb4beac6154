"""The translated sentence for each of the core's and the server's error codes, by domain.

:mod:`ui.messages` picks a sentence from here (and keeps the fallbacks, the validation
sentences and the error dialog); a new error code gets its sentence in the function of its
domain below. The strings keep the ``messages`` translation context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def fill_in(template: str, *values: object) -> str:
    """Fill ``%1``, ``%2``... (Qt placeholders, so translators can reorder them)."""
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", str(value))
    return template


def plural_count(value: Any) -> int:
    """A count for a plural form (a bad value reads as 0, never raises)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def field_label(field: str) -> str:
    """The label of a form field named by a :class:`ValidationError`."""
    names = {
        "recipients": QCoreApplication.translate("messages", "Recipients"),
        "body": QCoreApplication.translate("messages", "Text"),
        "due_date": QCoreApplication.translate("messages", "Due date"),
        "subjects": QCoreApplication.translate("messages", "Subjects"),
        "request_type": QCoreApplication.translate("messages", "Type"),
        "priority": QCoreApplication.translate("messages", "Priority"),
        "handling_code": QCoreApplication.translate("messages", "Handling code"),
        "attachments": QCoreApplication.translate("messages", "Attachments"),
        "password": QCoreApplication.translate("messages", "Password"),
        "username": QCoreApplication.translate("messages", "User name"),
        "reason": QCoreApplication.translate("messages", "Reason"),
    }
    return names.get(field, field)


def code_texts(p: dict[str, Any]) -> dict[str, str]:
    """Every translated sentence for a code, filled with the error's ``params`` ``p``."""
    texts: dict[str, str] = {}
    for part in (
        _store_texts,
        _keyring_and_config_texts,
        _workflow_texts,
        _sync_texts,
        _link_texts,
        _enrol_texts,
        _server_session_texts,
        _server_item_texts,
        _snapshot_texts,
        _bundle_texts,
    ):
        texts.update(part(p))
    return texts


def _store_texts(p: dict[str, Any]) -> dict[str, str]:
    """The local database, the keyring and the site configuration."""
    return {
        # store and keyring
        "store.error": QCoreApplication.translate(
            "messages", "The local database cannot be used. Contact IT staff."
        ),
        "store.corrupt": QCoreApplication.translate(
            "messages",
            "The local database is damaged. Contact IT staff; do not delete the data folder.",
        ),
        "store.wrong_key": QCoreApplication.translate(
            "messages",
            "The local database cannot be decrypted with the key "
            "held on this PC. Contact IT staff.",
        ),
        "store.too_new": QCoreApplication.translate(
            "messages",
            "The local database was written by a newer version of "
            "District Desk. Install the newer version.",
        ),
        "store.read_only": QCoreApplication.translate(
            "messages", "The data folder cannot be written to. Contact IT staff."
        ),
        "store.disk_full": QCoreApplication.translate(
            "messages", "The disk is full. Nothing was saved; free some space and try again."
        ),
        "store.no_room_for_backup": fill_in(
            QCoreApplication.translate(
                "messages",
                "District Desk must copy the local database before upgrading it, and the "
                "disk does not have room for the copy: %1 MB are needed, %2 MB are free. "
                "Nothing was changed. Free some space, then start District Desk again.",
            ),
            p.get("need_mb", "?"),
            p.get("free_mb", "?"),
        ),
        "store.blob_corrupt": QCoreApplication.translate(
            "messages", "A stored file is damaged and cannot be opened."
        ),
    }


def _keyring_and_config_texts(p: dict[str, Any]) -> dict[str, str]:
    """The keyring, the store's checks and the site configuration."""
    return {
        "keyring.error": QCoreApplication.translate(
            "messages", "The Windows credential store cannot be used. Contact IT staff."
        ),
        "keyring.insecure": QCoreApplication.translate(
            "messages", "No secure credential store is available on this PC. Contact IT staff."
        ),
        "keyring.key_missing": QCoreApplication.translate(
            "messages",
            "The key of the local database is missing from the credential store. Contact IT staff.",
        ),
        "store.integrity": fill_in(
            QCoreApplication.translate(
                "messages",
                "The integrity check found damage in the local database (%1). IT staff: "
                "do not delete the data folder; copy it first, then restore the last "
                "backup or enrol this PC again.",
            ),
            p.get("detail", ""),
        ),
        "store.rolled_back": QCoreApplication.translate(
            "messages",
            "The local database is older than what the regional server already received: "
            "recent work was lost (an older copy restored, or a disk or power failure). "
            "Synchronisation is stopped. IT staff: do not delete the data folder; "
            "contact the regional operator.",
        ),
        "config.encoding": fill_in(
            QCoreApplication.translate(
                "messages",
                "The site configuration %1 is not saved as UTF-8 text (line %2). "
                "IT staff: open it in a text editor and save it again as UTF-8.",
            ),
            p.get("path", ""),
            p.get("line", ""),
        ),
        "config.invalid": fill_in(
            QCoreApplication.translate(
                "messages", "The site configuration is wrong (%1, line %2). Contact IT staff."
            ),
            p.get("path", ""),
            p.get("line", ""),
        ),
    }


def _workflow_texts(p: dict[str, Any]) -> dict[str, str]:
    """Users, logins and the request workflow."""
    return {
        # users
        "auth.failed": QCoreApplication.translate("messages", "Wrong user name or password."),
        "auth.not_on_this_pc": QCoreApplication.translate(
            "messages",
            "This user has not logged in on this PC yet. The first login on a PC goes "
            "through the regional server: ask IT staff to connect this PC to it.",
        ),
        "auth.locked": QCoreApplication.translate(
            "messages",
            "This account is locked after too many wrong passwords. "
            "A supervisor or IT staff must unlock it.",
        ),
        "auth.forbidden": QCoreApplication.translate("messages", "You are not allowed to do this."),
        "auth.key_damaged": QCoreApplication.translate(
            "messages", "Your signing key on this PC is damaged. Contact IT staff."
        ),
        "not_found": QCoreApplication.translate(
            "messages", "The record no longer exists. It may have been removed by the server."
        ),
        # workflow
        "workflow.error": QCoreApplication.translate("messages", "This action is not allowed."),
        "workflow.illegal_transition": fill_in(
            QCoreApplication.translate(
                "messages", "This action is not possible while the request is “%1”."
            ),
            _state(p.get("state")),
        ),
        "workflow.self_approval": QCoreApplication.translate(
            "messages",
            "You drafted this request, so you cannot approve "
            "or return it. Another supervisor must review it.",
        ),
        "workflow.role_required": QCoreApplication.translate(
            "messages", "Only a supervisor can do this."
        ),
        "workflow.other_office": QCoreApplication.translate(
            "messages", "Only a supervisor of the request's own office can do this."
        ),
        "workflow.not_drafter": QCoreApplication.translate(
            "messages", "Only the officer who drafted the request can do this."
        ),
        "workflow.reason_required": QCoreApplication.translate("messages", "Please give a reason."),
        "workflow.immutable": QCoreApplication.translate(
            "messages",
            "This request has been queued or sent and can no "
            "longer be changed. Make a copy to change it.",
        ),
        "workflow.content_changed": QCoreApplication.translate(
            "messages", "The request changed after you opened it. Review it again before approving."
        ),
        "workflow.already_sending": QCoreApplication.translate(
            "messages", "The request is already being sent and can no longer be withdrawn."
        ),
        "validation": fill_in(
            QCoreApplication.translate("messages", "%1: %2"),
            field_label(str(p.get("field", ""))),
            "",
        ),
    }


def _sync_texts(p: dict[str, Any]) -> dict[str, str]:
    """Synchronisation as a whole and the rows it could not store."""
    return {
        # sync
        "sync.unavailable": QCoreApplication.translate(
            "messages", "Synchronisation is not available in this version."
        ),
        "sync.offline": QCoreApplication.translate(
            "messages",
            "The regional server cannot be reached. Your work is kept "
            "and will be sent when the link is back.",
        ),
        "sync.not_enrolled": QCoreApplication.translate(
            "messages", "This PC is not registered with a regional server. Contact IT staff."
        ),
        "sync.auth": QCoreApplication.translate("messages", "Please log in again to synchronise."),
        "sync.bad_reply": QCoreApplication.translate(
            "messages",
            "The regional server sent an answer that could not be used (damaged, too "
            "large or inconsistent). Nothing was changed; it will be tried again. If this "
            "keeps happening, tell IT staff.",
        ),
        "sync.redirected": QCoreApplication.translate(
            "messages",
            "The regional server, or a proxy in front of it, sent the request elsewhere. "
            "Nothing was sent there; it will be tried again. If this keeps happening, tell "
            "IT staff.",
        ),
        "sync.feed_unsigned": QCoreApplication.translate(
            "messages",
            "Data from the regional server did not carry the publisher's valid signature "
            "(altered on the way, or not issued by the publisher). None of it was applied; "
            "it will be tried again. Tell IT staff: this can be a sign of tampering.",
        ),
        "sync.server_error": QCoreApplication.translate(
            "messages",
            "The regional server had an internal fault. Your work is kept; it will be tried again.",
        ),
        "sync.bad_rows": QCoreApplication.translate(
            "messages",
            "%n item(s) from the regional server could not be stored and were skipped; "
            "everything else was updated. IT staff can see them in the sync status.",
            "",
            plural_count(p.get("count")),
        ),
        "sync.row.bad_seq": QCoreApplication.translate(
            "messages", "Its change number is out of range."
        ),
        "sync.row.bad_time": QCoreApplication.translate("messages", "Its date is out of range."),
        "sync.row.bad_id": QCoreApplication.translate("messages", "Its identifier is invalid."),
        "sync.row.bad_type": QCoreApplication.translate(
            "messages", "It is of a kind this version does not know."
        ),
        "sync.row.bad_text": QCoreApplication.translate(
            "messages", "It contains text that cannot be stored."
        ),
        "sync.row.too_large": QCoreApplication.translate(
            "messages", "It is too large to be sent over the link."
        ),
        "sync.row.schema": QCoreApplication.translate(
            "messages", "Its content is invalid (a missing field or a value out of range)."
        ),
        "sync.row.unstorable": QCoreApplication.translate(
            "messages", "The local database refused its content."
        ),
    }


def _link_texts(p: dict[str, Any]) -> dict[str, str]:
    """The link to the regional server: TLS, network, busy, timeouts."""
    return {
        "sync.busy": QCoreApplication.translate(
            "messages", "A synchronisation is already running."
        ),
        "sync.cancelled": QCoreApplication.translate(
            "messages", "The synchronisation was stopped; it will continue later."
        ),
        "sync.failed": QCoreApplication.translate(
            "messages", "The synchronisation failed; it will be tried again."
        ),
        "sync.fatal": QCoreApplication.translate(
            "messages",
            "Synchronisation has stopped and needs IT staff (wrong server, "
            "version or a disconnected PC).",
        ),
        "sync.internal": QCoreApplication.translate(
            "messages",
            "An internal error stopped the synchronisation. Details are in the "
            "log file; please tell IT staff.",
        ),
        "sync.tls": QCoreApplication.translate(
            "messages",
            "The regional server's certificate could not be verified. IT staff: check "
            "the server's certificate and the CA bundle named in site.toml.",
        ),
        "sync.tls_self_signed": QCoreApplication.translate(
            "messages",
            "The regional server presented a self-signed certificate that this PC does "
            "not trust. IT staff: install a certificate issued by the site's CA on the "
            "server, or put the server's CA in the CA bundle named in site.toml.",
        ),
        "sync.tls_wrong_host": QCoreApplication.translate(
            "messages",
            "The regional server's certificate was issued for another host name than "
            "the server address in site.toml. IT staff: use the name the certificate "
            "was issued for, or issue a certificate for this name.",
        ),
        "sync.tls_expired": QCoreApplication.translate(
            "messages",
            "The regional server's certificate has expired or is not valid yet. IT "
            "staff: renew the certificate on the server, and check the date and time "
            "of this PC.",
        ),
        "sync.tls_untrusted": QCoreApplication.translate(
            "messages",
            "The regional server's certificate was issued by an authority that is not "
            "in the site's CA bundle. IT staff: check the ca_bundle setting in site.toml.",
        ),
        "sync.network": QCoreApplication.translate(
            "messages",
            "The regional server cannot be reached. Your work is kept and will "
            "be sent when the link is back.",
        ),
        "sync.not_our_server": QCoreApplication.translate(
            "messages",
            "Something on the network answered instead of the regional server (a "
            "captive portal or a proxy's login page?). Nothing was sent or changed; it "
            "will be tried again.",
        ),
        "sync.refused": QCoreApplication.translate(
            "messages", "The regional server refused the request."
        ),
        "sync.server_busy": QCoreApplication.translate(
            "messages", "The regional server is busy; it will be tried again."
        ),
        "sync.timeout": QCoreApplication.translate(
            "messages",
            "The link is too slow or was cut; the transfer will resume where it stopped.",
        ),
    }


def _enrol_texts(p: dict[str, Any]) -> dict[str, str]:
    """Enrolment (ui/enrol_dialog.py) and hit recording."""
    return {
        # enrolment (ui/enrol_dialog.py)
        "enrol.code_invalid": QCoreApplication.translate(
            "messages",
            "The enrolment code is wrong, already used or expired. "
            "Ask the server's operator for a new code.",
        ),
        "enrol.code_required": QCoreApplication.translate(
            "messages", "Enter the one-time enrolment code."
        ),
        "enrol.code_format": QCoreApplication.translate(
            "messages", "The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD."
        ),
        "enrol.url_required": QCoreApplication.translate(
            "messages", "Enter the address of the regional server."
        ),
        "enrol.url_invalid": QCoreApplication.translate(
            "messages", "The address must start with https://, e.g. https://sync.region.example."
        ),
        "enrol.url_http": QCoreApplication.translate(
            "messages", "Plain http:// is only allowed on this PC itself; use https://."
        ),
        "enrol.ca_missing": QCoreApplication.translate("messages", "This file does not exist."),
        "enrol.unreachable": QCoreApplication.translate(
            "messages",
            "The regional server cannot be reached at this address. Check the address "
            "and the link, then try again.",
        ),
        "enrol.tls": QCoreApplication.translate(
            "messages",
            "The server's certificate could not be verified. Check the CA bundle "
            "file with IT staff.",
        ),
        "enrol.protocol": QCoreApplication.translate(
            "messages",
            "The regional server speaks another protocol version. Install the "
            "District Desk version that matches the server.",
        ),
        "enrol.not_server": QCoreApplication.translate(
            "messages",
            "The address did not answer as a District Desk regional server (a proxy "
            "or login page?). Check the address.",
        ),
        "search.hit_weak_unconfirmed": QCoreApplication.translate(
            "messages", "A weak match can only be recorded after you have checked it yourself."
        ),
        "search.hit_without_bulletin": QCoreApplication.translate(
            "messages", "This record is not part of a bulletin; a hit needs a bulletin."
        ),
    }


def _server_session_texts(p: dict[str, Any]) -> dict[str, str]:
    """The server's codes (ErrorCode) for sessions and devices."""
    return {
        "unavailable": QCoreApplication.translate(
            "messages", "The regional server is busy or unavailable; it will be tried again."
        ),
        "rate_limited": QCoreApplication.translate(
            "messages", "The regional server asked to wait; it will be tried again."
        ),
        "auth_required": QCoreApplication.translate(
            "messages", "Please log in again to synchronise."
        ),
        "token_expired": QCoreApplication.translate(
            "messages", "Please log in again to synchronise."
        ),
        "token_invalid": QCoreApplication.translate(
            "messages", "Please log in again to synchronise."
        ),
        "bad_credentials": QCoreApplication.translate(
            "messages", "The server did not accept the user name or password."
        ),
        "login_locked": QCoreApplication.translate(
            "messages",
            "The regional server has locked logins for this user or this PC after too "
            "many wrong passwords. Wait, or ask the regional operator to unlock it.",
        ),
        "protocol_unsupported": QCoreApplication.translate(
            "messages",
            "The regional server needs a newer version of District Desk. Contact IT staff.",
        ),
        "wrong_server": QCoreApplication.translate(
            "messages", "This PC is configured for another server. Contact IT staff."
        ),
        "device_unknown": QCoreApplication.translate(
            "messages", "The server does not know this PC. Contact IT staff."
        ),
        "device_revoked": QCoreApplication.translate(
            "messages", "This PC has been disconnected by the regional server. Contact IT staff."
        ),
        "enrolment_code_invalid": QCoreApplication.translate(
            "messages", "The enrolment code is wrong or expired."
        ),
        "id_conflict": QCoreApplication.translate(
            "messages", "The server holds a different item with the same number."
        ),
        "attachment_missing": QCoreApplication.translate(
            "messages", "An attachment has not reached the server yet; it will be tried again."
        ),
        "payload_invalid": QCoreApplication.translate(
            "messages", "The server could not read this item."
        ),
        "actor_unknown": QCoreApplication.translate(
            "messages", "The server does not know the user who made this item."
        ),
        "actor_other_office": QCoreApplication.translate(
            "messages", "The user belongs to another office."
        ),
    }


def _server_item_texts(p: dict[str, Any]) -> dict[str, str]:
    """The server's codes (ErrorCode) for refused outbox items."""
    return {
        "self_approval": QCoreApplication.translate(
            "messages", "The server refused: the request was approved by the person who drafted it."
        ),
        "approver_not_supervisor": QCoreApplication.translate(
            "messages", "The server refused: the approver is not a supervisor."
        ),
        "approval_hash_mismatch": QCoreApplication.translate(
            "messages", "The server refused: the request differs from what was approved."
        ),
        "approval_missing": QCoreApplication.translate(
            "messages", "The server refused: the approval is missing."
        ),
        "approval_invalid": QCoreApplication.translate(
            "messages", "The server refused: the approval is not valid."
        ),
        "request_unknown": QCoreApplication.translate(
            "messages", "The server does not know this request."
        ),
        "request_withdrawn": QCoreApplication.translate("messages", "The request was withdrawn."),
        "request_closed": QCoreApplication.translate("messages", "The request is already closed."),
        "signature_missing": QCoreApplication.translate(
            "messages", "The server refused: the item is not signed."
        ),
        "signature_invalid": QCoreApplication.translate(
            "messages", "The server refused: the signature is not valid."
        ),
        "signature_replayed": QCoreApplication.translate(
            "messages", "The server refused: the signature was used before."
        ),
        "key_unknown": QCoreApplication.translate(
            "messages",
            "The server does not know the signing key of this user. "
            "Log in online once to register it.",
        ),
        "bulletin_unknown": QCoreApplication.translate(
            "messages", "The server does not know the bulletin."
        ),
        "case_unknown": QCoreApplication.translate(
            "messages", "The server does not know the case."
        ),
        "audit_chain_broken": QCoreApplication.translate(
            "messages", "The audit log of this PC failed verification. Contact IT staff."
        ),
        "payload_too_large": QCoreApplication.translate(
            "messages", "The item is too large for the server."
        ),
    }


def _snapshot_texts(p: dict[str, Any]) -> dict[str, str]:
    """Snapshot files; nothing was changed when one is refused."""
    return {
        # snapshot files (app.exchange.snapshot); nothing was changed when one is refused
        "snapshot.not_a_snapshot": fill_in(
            QCoreApplication.translate("messages", "%1 is not a District Desk snapshot."),
            p.get("path", ""),
        ),
        "snapshot.unsupported": QCoreApplication.translate(
            "messages",
            "The snapshot was written by a newer regional server. Update District Desk.",
        ),
        "snapshot.no_key": QCoreApplication.translate(
            "messages",
            "The site configuration has no snapshot key (snapshot_public_key). Contact IT staff.",
        ),
        "snapshot.wrong_key": QCoreApplication.translate(
            "messages",
            "The snapshot is not signed by this site's regional server. Nothing was imported.",
        ),
        "snapshot.truncated": QCoreApplication.translate(
            "messages",
            "The snapshot is incomplete (a part is missing or cut short). Copy all its "
            "parts again. Nothing was imported.",
        ),
        "snapshot.tampered": QCoreApplication.translate(
            "messages",
            "The snapshot was altered or damaged. Copy it again. Nothing was imported.",
        ),
        "snapshot.wrong_passphrase": QCoreApplication.translate(
            "messages", "The passphrase does not open this snapshot."
        ),
        "snapshot.other_server": QCoreApplication.translate(
            "messages", "The snapshot comes from another regional server. Nothing was imported."
        ),
        "snapshot.other_office": fill_in(
            QCoreApplication.translate(
                "messages",
                "The snapshot holds data of office %1, not of this office. Nothing was imported.",
            ),
            p.get("office", ""),
        ),
        "snapshot.older_than_store": QCoreApplication.translate(
            "messages",
            "This PC already holds newer data than the snapshot. Nothing was imported.",
        ),
        "snapshot.unreadable": QCoreApplication.translate(
            "messages", "The snapshot file cannot be read."
        ),
    }


def _bundle_texts(p: dict[str, Any]) -> dict[str, str]:
    """USB exchange bundles (app.exchange.bundle); nothing was changed when one is refused."""
    return {
        "bundle.not_a_bundle": fill_in(
            QCoreApplication.translate(
                "messages", "%1 is not a District Desk return bundle or snapshot."
            ),
            p.get("path", ""),
        ),
        "bundle.unsupported": QCoreApplication.translate(
            "messages", "The bundle was written by a newer version. Update District Desk."
        ),
        "bundle.truncated": QCoreApplication.translate(
            "messages",
            "The bundle is incomplete (a part is missing or cut short). Copy all its parts "
            "again. Nothing was imported.",
        ),
        "bundle.tampered": QCoreApplication.translate(
            "messages", "The bundle was altered or damaged. Copy it again. Nothing was imported."
        ),
        "bundle.wrong_signature": QCoreApplication.translate(
            "messages",
            "The bundle is not signed by this site's regional server. Nothing was imported.",
        ),
        "bundle.foreign": QCoreApplication.translate(
            "messages",
            "The bundle is addressed to another PC or server. Nothing was imported.",
        ),
        "bundle.unreadable": QCoreApplication.translate(
            "messages", "The bundle file cannot be read."
        ),
        "bundle.other_server": QCoreApplication.translate(
            "messages", "The bundle comes from another regional server. Nothing was imported."
        ),
        "bundle.other_device": QCoreApplication.translate(
            "messages", "The bundle was made for another PC. Nothing was imported."
        ),
        "bundle.not_enrolled": QCoreApplication.translate(
            "messages", "This PC is not enrolled yet. Enrol it first."
        ),
        "bundle.no_keys": QCoreApplication.translate(
            "messages",
            "This PC has no USB exchange keys yet. Ask IT staff to enrol it again.",
        ),
        "bundle.nothing_to_export": QCoreApplication.translate(
            "messages", "Nothing is waiting to be sent."
        ),
        "bundle.no_space": QCoreApplication.translate(
            "messages",
            "The bundle could not be written (is the USB stick full or read-only?). "
            "Nothing was changed.",
        ),
        "bundle.unknown_bundle": QCoreApplication.translate(
            "messages", "No items are carried in this bundle."
        ),
        "bundle.outbox_bundle": QCoreApplication.translate(
            "messages",
            "This is an outbox bundle: it is imported on the regional server, not on a PC.",
        ),
    }


def _state(value: object) -> str:
    from ui import labels

    return labels.request_state(str(value or ""))
