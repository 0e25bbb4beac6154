"""TLS for the transport: certificate pinning and what a failed verification means."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ssl
from collections.abc import Callable
from typing import Any

import urllib3
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from requests.adapters import HTTPAdapter

#: OpenSSL verify codes (X509_V_ERR_*) that IT staff fix in different ways.
_TLS_REASONS: dict[int, tuple[str, str]] = {
    18: ("sync.tls_self_signed", "tls_self_signed"),  # DEPTH_ZERO_SELF_SIGNED_CERT
    19: ("sync.tls_self_signed", "tls_self_signed"),  # SELF_SIGNED_CERT_IN_CHAIN
    10: ("sync.tls_expired", "tls_expired"),  # CERT_HAS_EXPIRED
    9: ("sync.tls_expired", "tls_not_yet_valid"),  # CERT_NOT_YET_VALID (PC clock?)
    62: ("sync.tls_wrong_host", "tls_wrong_host"),  # HOSTNAME_MISMATCH
    64: ("sync.tls_wrong_host", "tls_wrong_host"),  # IP_ADDRESS_MISMATCH
    2: ("sync.tls_untrusted", "tls_untrusted"),  # UNABLE_TO_GET_ISSUER_CERT
    20: ("sync.tls_untrusted", "tls_untrusted"),  # UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    21: ("sync.tls_untrusted", "tls_untrusted"),  # UNABLE_TO_VERIFY_LEAF_SIGNATURE
}


def tls_failure(exc: BaseException) -> tuple[str, str]:
    """``(code, detail)`` of a failed TLS verification, by what IT staff must fix.

    Looks for the ``ssl.SSLCertVerificationError`` among the causes of ``exc``; anything
    else (or an unknown verify code) is ``sync.tls`` / ``tls_verification_failed``.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return _TLS_REASONS.get(current.verify_code, ("sync.tls", "tls_verification_failed"))
        nested = [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        current = current.__cause__ or current.__context__ or (nested[0] if nested else None)
    return "sync.tls", "tls_verification_failed"


class PinMismatch(Exception):
    """The server's public key is not the pinned one."""


def spki_sha256(der_cert: bytes) -> str:
    """Base64 SHA-256 of the SubjectPublicKeyInfo of a DER certificate (the pin format)."""
    cert = x509.load_der_x509_certificate(der_cert)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


class PinnedAdapter(HTTPAdapter):
    """An adapter that reports the connection each call uses, optionally pinned.

    ``on_conn`` gets every connection a call is about to use (pooled or new), so the
    transport's watchdog can shut it down. With ``pin_sha256`` the server's public key is
    checked inside the connection's ``connect()``, right after the TLS handshake, so a
    server with another key never receives the request (and the credentials it may carry).
    """

    def __init__(
        self,
        pin_sha256: str | None = None,
        on_conn: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Pin to ``pin_sha256`` (base64 SHA-256 of the SubjectPublicKeyInfo) if given."""
        self._pin = pin_sha256
        self._on_conn = on_conn or (lambda _conn: None)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Create the pool manager with watched (and pinned) connection classes."""
        super().init_poolmanager(*args, **kwargs)
        pin = self._pin
        on_conn = self._on_conn

        class _HttpsConn(urllib3.connection.HTTPSConnection):
            def connect(self) -> None:
                on_conn(self)
                super().connect()
                # The transport counts bytes as sent only on a connection that was made.
                self.dd_connected = True
                if pin is None:
                    return
                sock: Any = self.sock
                der = sock.getpeercert(binary_form=True) if sock is not None else None
                if not der or not hmac.compare_digest(spki_sha256(der), pin):
                    self.close()
                    raise PinMismatch("server public key does not match the pin")

        class _HttpConn(urllib3.connection.HTTPConnection):
            def connect(self) -> None:
                on_conn(self)
                super().connect()
                self.dd_connected = True

        class _HttpsPool(urllib3.HTTPSConnectionPool):
            ConnectionCls = _HttpsConn

            def _get_conn(self, timeout: float | None = None) -> Any:
                conn = super()._get_conn(timeout)
                on_conn(conn)
                return conn

        class _HttpPool(urllib3.HTTPConnectionPool):
            ConnectionCls = _HttpConn

            def _get_conn(self, timeout: float | None = None) -> Any:
                conn = super()._get_conn(timeout)
                on_conn(conn)
                return conn

        self.poolmanager.pool_classes_by_scheme = {
            **self.poolmanager.pool_classes_by_scheme,
            "http": _HttpPool,
            "https": _HttpsPool,
        }
