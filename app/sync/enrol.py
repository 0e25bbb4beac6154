"""Enrolling this PC with the regional server using a one-time code from IT staff.

The device id and secret go to the OS keyring (``Desk.credentials``), never to a file or
a log; the server's URL, id and the office go to ``meta`` (not secret) so the status and
the sync engine know which server this PC belongs to.
"""

from __future__ import annotations

import platform
import socket
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete

from app import __version__, audit
from app.config import write_site_config
from app.context import Desk
from app.peer.identity import PendingKey, clear_identity, new_key, store_identity
from app.store.meta import (
    META_DEVICE_ID,
    META_OFFICE,
    META_PUBLISHER_KEY,
    META_SERVER_ID,
    META_SERVER_URL,
    META_USB_SERVER_KEY,
    get_meta,
    set_meta,
)
from app.store.models import SyncCursor
from app.sync.client import Deadlines, Transport
from app.sync.protocol import EnrolResponse, HelloResponse
from app.sync.session import CRED_DEVICE_ID, CRED_DEVICE_SECRET, CRED_DEVICE_TOKEN


@dataclass(frozen=True)
class Enrolment:
    """What enrolment established (nothing secret)."""

    device_id: str
    office: str
    server_id: str
    server_name: str
    server_url: str


def enrol(
    desk: Desk,
    server_url: str,
    code: str,
    *,
    ca_bundle: Path | None = None,
    device_name: str | None = None,
    write_site: bool = False,
    deadlines: Deadlines | None = None,
) -> Enrolment:
    """Enrol this installation with the server at ``server_url`` using ``code``.

    Re-enrolling (after a revocation, or to another server) replaces the device
    credentials; with another server the pull cursors start again from 0 (local data and
    unsent work are kept).

    Raises:
        SyncFailure: classified (``sync.refused`` with server code
            ``enrolment_code_invalid`` for a used, expired or unknown code).
    """
    url = server_url.rstrip("/")
    from app.exchange.bundle import new_device_keys

    usb_sign, usb_box = new_device_keys(desk.credentials)
    transport = Transport(
        url,
        ca_bundle=ca_bundle or desk.site.ca_bundle,
        pin_sha256=desk.site.pin_sha256,
        deadlines=deadlines,
    )
    # The device key pair for office LAN exchange: only its public half leaves this PC.
    device_key = new_key()
    try:
        hello = transport.call("GET", "/hello", HelloResponse, auth=False)
        transport.codecs = [c for c in ("zstd", "gzip") if c in hello.codecs]
        resp = transport.call(
            "POST",
            "/enrol",
            EnrolResponse,
            auth=False,
            json_body={
                "code": code.strip(),
                "device_name": (device_name or socket.gethostname() or "district-desk")[:120],
                "platform": platform.platform()[:120],
                "client_version": __version__,
                "usb_sign_key": usb_sign,
                "usb_box_key": usb_box,
                "device_key": device_key.public_pem,
            },
        )
    finally:
        transport.close()
    _store_enrolment(desk, url, resp, device_key)
    if write_site:
        ca = ca_bundle or desk.site.ca_bundle
        write_site_config(
            desk.paths.local_site_config,
            server_url=url,
            office_code=resp.office,
            ca_bundle=str(ca) if ca else None,
            pin_sha256=desk.site.pin_sha256,
            allow_dev_key_file=desk.site.allow_dev_key_file or None,
        )
    return Enrolment(resp.device_id, resp.office, resp.server_id, hello.server_name, url)


def _store_enrolment(
    desk: Desk, url: str, resp: EnrolResponse, device_key: PendingKey | None = None
) -> None:
    """Keep the device credentials in the keyring and the server in the store (audited)."""
    creds = desk.credentials
    creds.set(CRED_DEVICE_ID, resp.device_id)
    creds.set(CRED_DEVICE_SECRET, resp.device_secret)
    creds.delete(CRED_DEVICE_TOKEN)
    # A new device starts a new audit anchor on the server. Enrolling again (with a code
    # from the operator) is how IT staff accept a restored, older store.
    creds.delete(audit.ANCHOR_ENTRY)
    with desk.store.write() as s:
        previous = get_meta(s, META_SERVER_ID)
        if previous is not None and previous != resp.server_id:
            s.execute(delete(SyncCursor))
        for key, value in (
            (META_SERVER_URL, url),
            (META_SERVER_ID, resp.server_id),
            (META_OFFICE, resp.office),
            (META_DEVICE_ID, resp.device_id),
            # Pinned now, checked on every feed page and snapshot; a server from before
            # signatures sends none and its pages are taken as version 1 pages were.
            (META_PUBLISHER_KEY, resp.publisher_key),
            (META_USB_SERVER_KEY, resp.usb_server_key),
        ):
            set_meta(s, key, value)
        # A server from before LAN exchange certifies nothing: this PC then takes no part
        # in it (and forgets any identity from an earlier enrolment).
        if device_key is not None and resp.device_certificate and resp.device_ca:
            store_identity(s, creds, device_key, resp.device_certificate, resp.device_ca)
        else:
            clear_identity(s, creds)
        audit.record(
            s,
            audit.Action.ENROL,
            actor_name="it-staff",
            target_type="device",
            target_id=resp.device_id,
            details={"server_id": resp.server_id, "office": resp.office},
        )
