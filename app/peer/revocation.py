"""Revoked devices of this PC's office, as the region signed them (office LAN exchange).

IT revokes a device at the regional server; the server serves the office's list of
revoked devices signed with its publisher key (``GET /office/revocations``,
``app.sync.protocol.revocation``). A PC takes a list from the region (a step of the sync
cycle, :func:`fetch_from_region`) **or** from a neighbour over the LAN
(``app.peer.transport``), and from either only after checking the publisher signature
with the key it pinned at enrolment, the office and the version: a list is kept only when
it is newer than the one held, so an older one can never undo a revocation.

The list is kept as received (signature included) in ``meta``, inside the encrypted
store, so this PC can pass it on to neighbours that never talked to the region since.
:func:`current` is what the transport checks every connection against: a certificate
whose device id or SHA-256 is listed is refused in both directions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.store.db import Store
from app.store.meta import META_DEVICE_ID, META_OFFICE, META_PUBLISHER_KEY, get_meta, set_meta
from app.sync.feedsig import verify_page
from app.sync.protocol.revocation import SignedRevocations, revocation_statement

log = logging.getLogger(__name__)

#: ``meta`` key of the signed list this PC holds (JSON, as received).
META_REVOCATIONS = "peer.revocations"
#: When this PC last asked the region for a newer list (Unix time).
META_REVOCATIONS_POLLED = "peer.revocations_polled_at"
#: The device id the region answered ``device_revoked`` for (this PC, before any list).
META_REGION_REVOKED = "peer.region_revoked"
#: Largest signed list accepted from anyone (JSON bytes).
MAX_LIST_BYTES = 4 * 1024 * 1024

#: Why a list was not taken (codes; see :class:`RevocationRefused`).
BAD_SIGNATURE = "revocation.bad_signature"
OTHER_OFFICE = "revocation.other_office"
INVALID = "revocation.invalid"
NO_KEY = "revocation.no_key"


class RevocationRefused(ValueError):
    """A list that is not the region's list for this office (forged, altered, foreign)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Revoked:
    """What the held list refuses: device ids and certificate SHA-256 digests."""

    version: int = 0
    devices: frozenset[str] = field(default_factory=frozenset)
    certificates: frozenset[str] = field(default_factory=frozenset)

    def blocks(self, device_id: str, cert_der: bytes | None = None) -> bool:
        """True when the device, or the certificate it presented, is revoked."""
        if device_id in self.devices:
            return True
        return cert_der is not None and hashlib.sha256(cert_der).hexdigest() in self.certificates


def parse(data: Any) -> SignedRevocations:
    """A signed list from its JSON (text, bytes or parsed), not yet verified.

    Raises:
        RevocationRefused: ``revocation.invalid``.
    """
    try:
        if isinstance(data, str | bytes):
            if len(data) > MAX_LIST_BYTES:
                raise RevocationRefused(INVALID, "too large")
            data = json.loads(data)
        return SignedRevocations.model_validate(data)
    except (ValueError, ValidationError, TypeError) as err:
        if isinstance(err, RevocationRefused):
            raise
        raise RevocationRefused(INVALID, type(err).__name__) from None


def verify(data: Any, publisher_key: str | None, office: str) -> SignedRevocations:
    """The list, when the pinned publisher key signed it for ``office``.

    Raises:
        RevocationRefused: ``revocation.invalid`` (not a list), ``revocation.no_key`` (this
            PC pinned no publisher key, so it can check nothing), ``revocation.other_office``
            or ``revocation.bad_signature`` (unsigned, another key, or altered).
    """
    signed = parse(data)
    if not publisher_key:
        raise RevocationRefused(NO_KEY)
    if signed.revocations.office != office:
        raise RevocationRefused(OTHER_OFFICE, signed.revocations.office)
    reason = verify_page(publisher_key, revocation_statement(signed.revocations), signed.sig)
    if reason is not None:
        raise RevocationRefused(BAD_SIGNATURE, reason)
    return signed


def held(store: Store) -> SignedRevocations | None:
    """The signed list this PC holds (verified when it was taken), or None."""
    with store.read() as s:
        text = get_meta(s, META_REVOCATIONS)
    if not text:
        return None
    try:
        return parse(text)
    except RevocationRefused:
        return None


def held_version(store: Store) -> int:
    """The version of the list this PC holds (0: none)."""
    signed = held(store)
    return signed.revocations.version if signed is not None else 0


def accept(store: Store, data: Any) -> bool:
    """Keep ``data`` when it is the region's list for this office and newer than ours.

    Returns:
        True when it replaced the held list; False when it is not newer (kept as is).

    Raises:
        RevocationRefused: forged, altered, of another office, or nothing to check with.
    """
    with store.read() as s:
        key = get_meta(s, META_PUBLISHER_KEY)
        office = get_meta(s, META_OFFICE) or ""
    signed = verify(data, key, office)
    with store.write() as s:
        text = get_meta(s, META_REVOCATIONS)
        ours = _version_of(text)
        if signed.revocations.version <= ours:
            return False
        set_meta(s, META_REVOCATIONS, signed.model_dump_json())
    _cache.forget()
    log.info(
        "revocation list version %s taken (%s devices revoked)",
        signed.revocations.version,
        len(signed.revocations.devices),
    )
    return True


def _version_of(text: str | None) -> int:
    if not text:
        return 0
    try:
        return parse(text).revocations.version
    except RevocationRefused:
        return 0


class _Cache:
    """The parsed held list, keyed by its text (the transport asks every connection)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_store: dict[int, tuple[str, Revoked]] = {}

    def forget(self) -> None:
        with self._lock:
            self._by_store.clear()

    def get(self, store: Store) -> Revoked:
        with store.read() as s:
            text = get_meta(s, META_REVOCATIONS) or ""
        with self._lock:
            hit = self._by_store.get(id(store))
            if hit is not None and hit[0] == text:
                return hit[1]
        revoked = Revoked()
        if text:
            try:
                lst = parse(text).revocations
            except RevocationRefused:
                lst = None
            if lst is not None:
                revoked = Revoked(
                    lst.version,
                    frozenset(d.device_id for d in lst.devices),
                    frozenset(h.lower() for d in lst.devices for h in d.cert_sha256),
                )
        with self._lock:
            self._by_store[id(store)] = (text, revoked)
        return revoked


_cache = _Cache()


def current(store: Store) -> Revoked:
    """What this PC refuses now (reads the store: a list taken by another process counts)."""
    return _cache.get(store)


def polled_recently(store: Store, every: float) -> bool:
    """True when the region was asked less than ``every`` seconds ago."""
    with store.read() as s:
        text = get_meta(s, META_REVOCATIONS_POLLED)
    try:
        last = float(text or 0)
    except ValueError:
        return False
    return 0 <= time.time() - last < every


def mark_polled(store: Store, *, due: bool = False) -> None:
    """Remember that the region was just asked (or told what it holds); ``due``: the
    region holds a newer list, so the next sync cycle asks for it at once."""
    with store.write() as s:
        set_meta(s, META_REVOCATIONS_POLLED, "0" if due else str(time.time()))


def note_region_revoked(session: Session) -> None:
    """The region answered ``device_revoked``: remember for which device id (in the
    caller's write transaction), so the LAN stops too. A new enrolment has a new id."""
    set_meta(session, META_REGION_REVOKED, get_meta(session, META_DEVICE_ID))


def region_revoked(store: Store, device_id: str) -> bool:
    """True when the region told this PC, enrolled as ``device_id``, that it is revoked."""
    with store.read() as s:
        return bool(device_id) and get_meta(s, META_REGION_REVOKED) == device_id
