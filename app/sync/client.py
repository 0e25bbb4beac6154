"""HTTP transport to the regional server: deadlines, TLS pinning, compression, classification.

Everything the sync engine sends or receives goes through :class:`Transport`:

- one ``requests.Session`` (keep-alive matters: a new TCP+TLS connection costs two to three
  round trips on a 1 s link);
- every call has a connect deadline, a *stall* deadline (no byte for ``stall`` seconds
  aborts it: the socket read timeout, also enforced while sending a body) and a *total*
  deadline (``total_base`` plus the time the body needs at ``min_rate``);
- TLS is verified against the site's CA bundle, optionally pinned to the SHA-256 of the
  server's SubjectPublicKeyInfo (checked by :class:`PinnedAdapter` right after the TLS
  handshake, before a single byte of the request is sent);
- responses are read raw and decompressed here (zstd or gzip) with a hard size limit, so
  a compression bomb or a huge body is refused, and the bytes counted are wire bytes;
- every response must carry the District Desk headers and envelope, otherwise it did not
  come from the server (a captive portal's ``200``) and is never taken as an answer;
- every failure becomes a :class:`SyncFailure` with an :class:`ErrorClass`.

No Qt, no database here.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import logging
import ssl
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import requests
import urllib3
import zstandard
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter

from app import __version__
from app.errors import DeskError
from app.sync.protocol import (
    API_PREFIX,
    COMPRESS_MIN_BYTES,
    ENVELOPE_FIELD,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    SERVER_ID_HEADER,
    ErrorClass,
    ErrorCode,
    classify_error,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

#: Largest compressed body the client reads for a JSON call (a page of 2 MiB raw row JSON
#: compresses to well under this); more is a misbehaving server.
MAX_WIRE_JSON = 8 * 1024 * 1024
#: Largest decoded JSON body (pages are capped at 2 MiB of rows by the protocol).
MAX_DECODED_JSON = 16 * 1024 * 1024
_READ = 16 * 1024
#: Rough size of the request line and headers (for byte accounting; TCP/TLS not included).
_HEADER_OVERHEAD = 250


class SyncFailure(DeskError):
    """A sync call failed. ``klass`` says how to react; ``code`` is for the UI.

    Codes: ``sync.network`` (connection refused, reset, cut), ``sync.timeout`` (stall or
    deadline), ``sync.not_our_server`` (captive portal, proxy page: no District Desk
    headers), ``sync.bad_reply`` (truncated, not JSON, wrong schema, too large),
    ``sync.server_busy`` (503/429), ``sync.auth`` (log in again), ``sync.fatal`` (wrong
    server, protocol version, device unknown or revoked, TLS pin mismatch), ``sync.refused``
    (the server refused this call for good), ``sync.not_enrolled``.
    """

    code = "sync.failed"
    template = "Synchronisation failed: {detail}"

    def __init__(
        self,
        code: str,
        klass: ErrorClass,
        detail: str,
        *,
        server_code: str | None = None,
        retry_after: float | None = None,
        status: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Create a failure; ``detail`` is English and safe to log (no content)."""
        self.klass = klass
        self.server_code = server_code
        self.retry_after = retry_after
        self.status = status
        self.details = dict(details or {})
        super().__init__(code, detail=detail, server_code=server_code or "")


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
    """An HTTPS adapter that checks the server's public key pin after every handshake.

    The check runs inside the connection's ``connect()``, so a server with another key
    never receives the request (and the credentials it may carry).
    """

    def __init__(self, pin_sha256: str, **kwargs: Any) -> None:
        """Pin to ``pin_sha256`` (base64 SHA-256 of the SubjectPublicKeyInfo)."""
        self._pin = pin_sha256
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Create the pool manager with a pinned HTTPS connection class."""
        super().init_poolmanager(*args, **kwargs)
        pin = self._pin

        class _Conn(urllib3.connection.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                sock: Any = self.sock
                der = sock.getpeercert(binary_form=True) if sock is not None else None
                if not der or not hmac.compare_digest(spki_sha256(der), pin):
                    self.close()
                    raise PinMismatch("server public key does not match the pin")

        class _Pool(urllib3.HTTPSConnectionPool):
            ConnectionCls = _Conn

        self.poolmanager.pool_classes_by_scheme = {
            **self.poolmanager.pool_classes_by_scheme,
            "https": _Pool,
        }


@dataclass
class Deadlines:
    """Time limits of every call, in seconds."""

    connect: float = 15.0
    #: No byte received (or sent) for this long aborts the call: the stall watchdog.
    stall: float = 30.0
    #: Every call ends within ``total_base`` plus the time its body needs at ``min_rate``.
    total_base: float = 60.0
    min_rate: float = 1000.0

    def total_for(self, size: int) -> float:
        """The total deadline of a call moving about ``size`` bytes."""
        return self.total_base + size / max(self.min_rate, 1.0)


@dataclass
class CallStats:
    """Counters of one engine run (or a benchmark)."""

    round_trips: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    connections_failed: int = 0
    timings: list[tuple[int, float]] = field(default_factory=list)


class _Body:
    """A request body that enforces the total deadline and reports progress while sent."""

    def __init__(self, data: bytes, deadline: float, on_bytes: Callable[[int], None] | None):
        self._data = memoryview(data)
        self._pos = 0
        self._deadline = deadline
        self._on_bytes = on_bytes

    def __len__(self) -> int:
        return len(self._data)

    def read(self, n: int = -1) -> bytes:
        if time.monotonic() > self._deadline:
            raise TimeoutError("upload deadline passed")
        if n is None or n < 0:
            n = len(self._data) - self._pos
        n = min(n, _READ)
        chunk = bytes(self._data[self._pos : self._pos + n])
        self._pos += len(chunk)
        if chunk and self._on_bytes:
            self._on_bytes(len(chunk))
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while True:
            chunk = self.read(_READ)
            if not chunk:
                return
            yield chunk


def _decode(body: bytes, encoding: str, limit: int) -> bytes:
    """Decompress ``body`` (zstd, gzip or identity) refusing more than ``limit`` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "zstd":
        dobj = zstandard.ZstdDecompressor().decompressobj()
        out = bytearray()
        for start in range(0, len(body), 64 * 1024):
            out += dobj.decompress(body[start : start + 64 * 1024])
            if len(out) > limit:
                raise _TooLarge()
        return bytes(out)
    if encoding in ("gzip", "x-gzip"):
        zobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = zobj.decompress(body, limit + 1)
        if len(data) > limit or zobj.unconsumed_tail:
            raise _TooLarge()
        if not zobj.eof:
            raise zlib.error("truncated gzip stream")
        return data
    raise ValueError(f"unknown content encoding {encoding[:20]!r}")


class _TooLarge(Exception):
    pass


def encode_body(data: bytes, codecs: list[str]) -> tuple[bytes, str | None]:
    """Compress a request body with the best codec both sides speak (or not at all)."""
    if len(data) < COMPRESS_MIN_BYTES:
        return data, None
    if "zstd" in codecs:
        return zstandard.ZstdCompressor(level=10).compress(data), "zstd"
    if "gzip" in codecs:
        return gzip.compress(data, compresslevel=6), "gzip"
    return data, None


@dataclass
class Response:
    """A decoded response from the District Desk server."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    wire_bytes: int


class Transport:
    """Calls to one regional server (see the module docstring for the rules)."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: Path | None = None,
        pin_sha256: str | None = None,
        deadlines: Deadlines | None = None,
        server_id: str | None = None,
        stats: CallStats | None = None,
    ) -> None:
        """Prepare a session for ``base_url`` (``https://host[:port]``, no path)."""
        self.base_url = base_url.rstrip("/")
        self.deadlines = deadlines or Deadlines()
        self.server_id = server_id
        self.stats = stats or CallStats()
        self.codecs: list[str] = ["zstd", "gzip"]
        self.token: str | None = None
        #: Called once when an authenticated call fails with an auth error (new token).
        self.renew_token: Callable[[], None] | None = None
        self._verify: bool | str = str(ca_bundle) if ca_bundle else True
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or netrc surprises from the environment
        if pin_sha256:
            self.session.mount("https://", PinnedAdapter(pin_sha256, max_retries=0))
        else:
            self.session.mount("https://", HTTPAdapter(max_retries=0))
        self.session.mount("http://", HTTPAdapter(max_retries=0))

    def close(self) -> None:
        """Close every pooled connection."""
        self.session.close()

    def reset_connections(self) -> None:
        """Drop pooled connections (after a cut, a pooled socket is usually dead)."""
        for adapter in self.session.adapters.values():
            adapter.close()

    # -- low level -----------------------------------------------------------------------

    def _headers(self, auth: bool, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {
            PROTOCOL_HEADER: str(PROTOCOL_VERSION),
            "Accept-Encoding": ", ".join([*self.codecs, "identity"]) if self.codecs else "identity",
            "User-Agent": f"DistrictDesk/{__version__}",
        }
        if self.server_id:
            headers[SERVER_ID_HEADER] = self.server_id
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        expect_size: int = 0,
        max_wire: int = MAX_WIRE_JSON,
        sink: Callable[[bytes], None] | None = None,
        on_bytes: Callable[[int], None] | None = None,
        retry_auth: bool = True,
    ) -> Response:
        """One HTTP call with every deadline, header check and error classification.

        With ``sink`` the body of a successful (2xx) response is streamed to it in pieces
        as they arrive (blob downloads) instead of being returned.

        Raises:
            SyncFailure: classified.
        """
        try:
            return self._request_once(
                method, path, params, body, headers, auth, expect_size, max_wire, sink, on_bytes
            )
        except SyncFailure as exc:
            if (
                exc.klass is ErrorClass.AUTH
                and auth
                and retry_auth
                and self.renew_token is not None
            ):
                self.renew_token()
                return self._request_once(
                    method, path, params, body, headers, auth, expect_size, max_wire, sink, on_bytes
                )
            raise

    def _request_once(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        auth: bool,
        expect_size: int,
        max_wire: int,
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> Response:
        d = self.deadlines
        size = (len(body) if body else 0) + expect_size
        deadline = time.monotonic() + d.total_for(size)
        url = self.base_url + API_PREFIX + path
        hdrs = self._headers(auth, headers)
        data: _Body | None = None
        if body is not None:
            data = _Body(body, deadline, on_bytes)
            hdrs["Content-Length"] = str(len(body))
        # The body goes into the kernel's socket buffer at once, but on a slow link it is
        # still crossing while the client waits for the answer: the stall watchdog for the
        # first answer byte allows the time the body needs at ``min_rate``.
        read_timeout = d.stall + (len(body) / max(d.min_rate, 1.0) if body else 0.0)
        self.stats.round_trips += 1
        self.stats.bytes_out += _HEADER_OVERHEAD + (len(body) if body else 0)
        started = time.monotonic()
        try:
            resp = self.session.request(
                method,
                url,
                params=params,
                data=data,
                headers=hdrs,
                timeout=(d.connect, read_timeout),
                stream=True,
                verify=self._verify,
                allow_redirects=False,
            )
        except PinMismatch as exc:
            self.stats.connections_failed += 1
            raise SyncFailure(
                "sync.fatal", ErrorClass.FATAL, "tls_pin_mismatch", server_code="pin_mismatch"
            ) from exc
        except requests.exceptions.SSLError as exc:
            self.stats.connections_failed += 1
            code, detail = tls_failure(exc)
            raise SyncFailure(code, ErrorClass.FATAL, detail, server_code="tls") from exc
        except (requests.exceptions.Timeout, TimeoutError) as exc:
            self.stats.connections_failed += 1
            self.reset_connections()
            raise SyncFailure("sync.timeout", ErrorClass.TRANSIENT, "no_answer") from exc
        except (requests.exceptions.RequestException, OSError, urllib3.exceptions.HTTPError) as exc:
            self.stats.connections_failed += 1
            self.reset_connections()
            raise SyncFailure(
                "sync.network", ErrorClass.TRANSIENT, f"connection_failed:{type(exc).__name__}"
            ) from exc
        ok = False
        try:
            result = self._read(resp, deadline, max_wire, sink, on_bytes)
            ok = True
            return result
        finally:
            self.stats.timings.append((self.stats.bytes_in, time.monotonic() - started))
            if ok:
                resp.raw.release_conn()  # keep the connection alive for the next call
            else:
                resp.close()
                self.reset_connections()

    def _read(
        self,
        resp: requests.Response,
        deadline: float,
        max_wire: int,
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> Response:
        status = resp.status_code
        headers = resp.headers
        header_bytes = 20 + sum(len(k) + len(v) + 4 for k, v in headers.items())
        self.stats.bytes_in += header_bytes
        proto = headers.get(PROTOCOL_HEADER)
        if proto is None:
            # A captive portal, a proxy's error page, a redirect to a login page: not ours.
            raise SyncFailure(
                "sync.not_our_server",
                ErrorClass.TRANSIENT,
                f"no_protocol_header:http_{status}",
                status=status,
            )
        if proto.strip() != str(PROTOCOL_VERSION):
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "protocol_version",
                server_code=ErrorCode.PROTOCOL_UNSUPPORTED.value,
                status=status,
            )
        sid = headers.get(SERVER_ID_HEADER)
        if self.server_id and sid is not None and sid != self.server_id:
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "wrong_server",
                server_code=ErrorCode.WRONG_SERVER.value,
                status=status,
            )
        length = headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > max_wire:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status)
        streaming = sink is not None and 200 <= status < 300
        chunks: list[bytes] = []
        got = 0
        try:
            for chunk in resp.raw.stream(_READ, decode_content=False):
                got += len(chunk)
                self.stats.bytes_in += len(chunk)
                if on_bytes:
                    on_bytes(len(chunk))
                if streaming:
                    assert sink is not None
                    sink(chunk)
                else:
                    if got > max_wire:
                        raise SyncFailure(
                            "sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status
                        )
                    chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise SyncFailure(
                        "sync.timeout", ErrorClass.TRANSIENT, "deadline", status=status
                    )
        except SyncFailure:
            raise
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
            raise SyncFailure(
                "sync.timeout", ErrorClass.TRANSIENT, "stalled", status=status
            ) from exc
        except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError) as exc:
            raise SyncFailure(
                "sync.network", ErrorClass.TRANSIENT, "cut_during_reply", status=status
            ) from exc
        raw = b"".join(chunks)
        body = b""
        if not streaming:
            try:
                body = _decode(raw, headers.get("Content-Encoding", ""), MAX_DECODED_JSON)
            except _TooLarge as exc:
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status
                ) from exc
            except (zstandard.ZstdError, zlib.error, ValueError, EOFError) as exc:
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "undecodable", status=status
                ) from exc
        if not 200 <= status < 300:
            raise self._error(status, headers, body)
        return Response(status, headers, body, got + header_bytes)

    @staticmethod
    def _error(status: int, headers: Mapping[str, str], body: bytes) -> SyncFailure:
        code: str | None = None
        message = ""
        retry_after: float | None = None
        details: dict[str, Any] = {}
        try:
            doc = json.loads(body) if body else None
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
            err = doc["error"]
            code = str(err.get("code")) if err.get("code") else None
            message = str(err.get("message", ""))[:300]
            if isinstance(err.get("retry_after"), int | float):
                retry_after = float(err["retry_after"])
            if isinstance(err.get("details"), dict):
                details = err["details"]
        header_ra = headers.get(RETRY_AFTER_HEADER)
        if header_ra and header_ra.strip().isdigit():
            retry_after = float(header_ra.strip())
        klass = classify_error(status, code)
        ui_code = {
            ErrorClass.TRANSIENT: "sync.server_busy",
            ErrorClass.AUTH: "sync.auth",
            ErrorClass.FATAL: "sync.fatal",
            ErrorClass.REQUEST: "sync.refused",
            ErrorClass.ITEM: "sync.refused",
        }[klass]
        if klass is ErrorClass.TRANSIENT and status >= 500 and code is None:
            ui_code = "sync.network"
        return SyncFailure(
            ui_code,
            klass,
            message or f"http_{status}",
            server_code=code,
            retry_after=retry_after,
            status=status,
            details=details,
        )

    # -- JSON ------------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        auth: bool = True,
        compress: bool = False,
        expect_size: int = 0,
        retry_auth: bool = True,
    ) -> M:
        """A JSON call whose answer is validated against ``model``.

        Raises:
            SyncFailure: classified; a body that is not valid JSON of the expected schema
                is ``sync.bad_reply`` (transient: nothing is applied from it).
        """
        body: bytes | None = None
        extra: dict[str, str] = {}
        if json_body is not None:
            raw = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False).encode()
            body, coding = encode_body(raw, self.codecs) if compress else (raw, None)
            extra["Content-Type"] = "application/json"
            if coding:
                extra["Content-Encoding"] = coding
        resp = self.request(
            method,
            path,
            params=params,
            body=body,
            headers=extra,
            auth=auth,
            expect_size=expect_size,
            retry_auth=retry_auth,
        )
        return parse_model(resp.body, model)


def parse_model(body: bytes, model: type[M]) -> M:
    """Validate a JSON body (with the ``dd`` envelope) against ``model``.

    Raises:
        SyncFailure: ``sync.bad_reply`` (not JSON, truncated, wrong schema) or
            ``sync.fatal`` (an envelope of another protocol version).
    """
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "not_json") from exc
    if not isinstance(doc, dict) or ENVELOPE_FIELD not in doc:
        raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_envelope")
    if doc[ENVELOPE_FIELD] != PROTOCOL_VERSION:
        raise SyncFailure(
            "sync.fatal",
            ErrorClass.FATAL,
            "protocol_version",
            server_code=ErrorCode.PROTOCOL_UNSUPPORTED.value,
        )
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise SyncFailure(
            "sync.bad_reply", ErrorClass.TRANSIENT, f"schema:{model.__name__}"
        ) from exc
