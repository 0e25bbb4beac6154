"""HTTP transport to the regional server: deadlines, TLS pinning, compression, classification.

Everything the sync engine sends or receives goes through :class:`Transport`:

- one ``requests.Session`` (keep-alive matters: a new TCP+TLS connection costs two to three
  round trips on a 1 s link);
- every call has a connect deadline, a *stall* deadline (no byte for ``stall`` seconds
  aborts it: the socket read timeout, also enforced while sending a body) and a *total*
  deadline (``total_base`` plus the time the body needs at ``min_rate``; shorter for
  anonymous calls). The total deadline and the caller's cancel hook are enforced by a
  watchdog thread that shuts the socket down, so a server that trickles its headers or
  body one byte at a time cannot hold a call past its deadline, and Stop interrupts an
  in-flight call within a fraction of a second;
- TLS is verified against the site's CA bundle, optionally pinned to the SHA-256 of the
  server's SubjectPublicKeyInfo (checked by :class:`PinnedAdapter` right after the TLS
  handshake, before a single byte of the request is sent);
- responses are read raw and decompressed here (zstd or gzip) by streaming decoders with
  an output cap, so a compression bomb or a huge body is refused without ever being
  expanded in memory, and the bytes counted are wire bytes; JSON with ``NaN``/``Infinity``
  or nested deeper than Python can parse is a bad reply like any other;
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
import io
import json
import logging
import math
import socket
import ssl
import threading
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
    MAX_ROW_BYTES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    SERVER_ID_HEADER,
    ErrorClass,
    ErrorCode,
    classify_error,
)

log = logging.getLogger(__name__)
# urllib3 logs a malformed header block from a server with a full traceback at WARNING;
# the call fails and is classified here, so that record is noise (and alarms IT staff).
logging.getLogger("urllib3.connection").setLevel(logging.ERROR)

M = TypeVar("M", bound=BaseModel)

#: Largest compressed body the client reads for a JSON call (a page of 2 MiB raw row JSON
#: compresses to well under this); more is a misbehaving server.
MAX_WIRE_JSON = 8 * 1024 * 1024
#: Largest decoded JSON body of a call other than a page (hello, receipts, sessions,
#: integrity: all small). A page's limit follows the bytes asked for
#: (:func:`page_decode_limit`). Parsed JSON takes many times its size in memory, so
#: these limits are what keeps a reply's memory bounded.
MAX_DECODED_JSON = 1024 * 1024
#: Largest decoded error body (an error is a few hundred bytes; more is ignored).
MAX_DECODED_ERROR = 64 * 1024
#: Largest zstd window the client accepts: the decoder's memory is bounded by it.
MAX_ZSTD_WINDOW = 32 * 1024 * 1024
#: Longest delay a server may ask for (``Retry-After``, ``retry_after``): one day.
MAX_RETRY_AFTER = 24 * 3600.0
#: How often the watchdog looks at the deadline and the cancel hook.
_WATCH_PERIOD = 0.1
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


@dataclass
class Deadlines:
    """Time limits of every call, in seconds."""

    connect: float = 15.0
    #: Total deadline of an anonymous call (``hello``, login, enrolment): small answers.
    anonymous_total: float = 30.0
    #: No byte received (or sent) for this long aborts the call: the stall watchdog.
    stall: float = 30.0
    #: Every call ends within ``total_base`` plus the time its body needs at ``min_rate``.
    total_base: float = 60.0
    min_rate: float = 1000.0

    def total_for(self, size: int, *, anonymous: bool = False) -> float:
        """The total deadline of a call moving about ``size`` bytes."""
        total = self.total_base + size / max(self.min_rate, 1.0)
        return min(total, self.anonymous_total) if anonymous else total


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
        # A streaming reader asked for at most ``limit + 1`` bytes: a bomb is never
        # expanded past the cap, and the window (the decoder's memory) is bounded too.
        reader = zstandard.ZstdDecompressor(max_window_size=MAX_ZSTD_WINDOW).stream_reader(
            io.BytesIO(body), read_across_frames=True
        )
        out = bytearray()
        while True:
            piece = reader.read(min(256 * 1024, limit + 1 - len(out)))
            if not piece:
                return bytes(out)
            out += piece
            if len(out) > limit:
                raise _TooLarge()
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


def _no_constants(name: str) -> Any:
    raise ValueError(f"JSON constant {name[:10]} is not allowed")


def loads(body: bytes | str) -> Any:
    """``json.loads`` for wire bodies: no ``NaN``/``Infinity``.

    Raises:
        ValueError: not JSON, a non-finite constant, or nested too deep to parse.
    """
    try:
        return json.loads(body, parse_constant=_no_constants)
    except RecursionError as exc:
        raise ValueError("JSON nested too deep") from exc


def retry_delay(value: object) -> float | None:
    """A server-given delay in seconds, capped at :data:`MAX_RETRY_AFTER`; junk is ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        delay = float(value)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(delay) or delay < 0:
        return None
    return min(delay, MAX_RETRY_AFTER)


class _Watchdog:
    """Ends one call at its total deadline or when the caller cancels, from outside.

    A per-read timeout cannot do it: a server sending one byte every few seconds never
    lets a read time out. The watchdog shuts the call's socket down, which makes the
    blocked read return at once; :attr:`fired` then says why the call failed.
    """

    def __init__(
        self, deadline: float, cancelled: Callable[[], bool], abort: Callable[[], None]
    ) -> None:
        self.deadline = deadline
        self.fired: str | None = None
        self._cancelled = cancelled
        self._abort = abort
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dd-watchdog", daemon=True)

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(_WATCH_PERIOD):
            try:
                stop = bool(self._cancelled())
            except Exception:  # noqa: BLE001 - a broken hook must not stop the watchdog
                stop = False
            if stop:
                self.fired = "cancelled"
            elif time.monotonic() > self.deadline:
                self.fired = "deadline"
            else:
                continue
            self._abort()
            # Keep aborting: the call may be between two sockets (a retry, a reconnect).
            while not self._done.wait(_WATCH_PERIOD):
                self._abort()
            return

    def failure(self, status: int | None = None) -> SyncFailure:
        """The failure to raise for the call the watchdog ended."""
        if self.fired == "cancelled":
            return SyncFailure("sync.cancelled", ErrorClass.TRANSIENT, "cancelled", status=status)
        return SyncFailure("sync.timeout", ErrorClass.TRANSIENT, "deadline", status=status)


def page_decode_limit(max_bytes: int) -> int:
    """Largest decoded page for a request of ``max_bytes``: the rows asked for, one row
    over (a page always holds at least one), and the envelope with its integrity block."""
    return max_bytes + MAX_ROW_BYTES + 64 * 1024


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
        #: The caller's cancel hook, polled by the watchdog during every call.
        self.cancelled: Callable[[], bool] = lambda: False
        self._conn: Any = None
        self.session.trust_env = False  # no proxy or netrc surprises from the environment
        self.session.mount(
            "https://", PinnedAdapter(pin_sha256 or None, self._use_conn, max_retries=0)
        )
        self.session.mount("http://", PinnedAdapter(None, self._use_conn, max_retries=0))

    def close(self) -> None:
        """Close every pooled connection."""
        self.session.close()

    def _use_conn(self, conn: Any) -> None:
        self._conn = conn

    def _abort_call(self) -> None:
        """Shut the current call's socket down (from the watchdog thread)."""
        sock = getattr(self._conn, "sock", None)
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

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
        max_decoded: int = MAX_DECODED_JSON,
    ) -> Response:
        """One HTTP call with every deadline, header check and error classification.

        With ``sink`` the body of a successful (2xx) response is streamed to it in pieces
        as they arrive (blob downloads) instead of being returned.

        Raises:
            SyncFailure: classified.
        """
        limits = (max_wire, max_decoded)
        try:
            return self._request_once(
                method, path, params, body, headers, auth, expect_size, limits, sink, on_bytes
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
                    method, path, params, body, headers, auth, expect_size, limits, sink, on_bytes
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
        limits: tuple[int, int],
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> Response:
        """One attempt; ``limits`` are the wire and decoded byte limits of the answer."""
        d = self.deadlines
        size = (len(body) if body else 0) + expect_size
        total = d.total_for(size, anonymous=not auth)
        deadline = time.monotonic() + total
        if self.cancelled():
            raise SyncFailure("sync.cancelled", ErrorClass.TRANSIENT, "cancelled")
        self._conn = None
        with _Watchdog(deadline, self.cancelled, self._abort_call) as watch:
            try:
                return self._call_watched(
                    method, path, params, body, headers, auth, limits, sink, on_bytes, deadline
                )
            except SyncFailure as exc:
                if watch.fired:
                    raise watch.failure(exc.status) from exc
                raise

    def _call_watched(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        auth: bool,
        limits: tuple[int, int],
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
        deadline: float,
    ) -> Response:
        d = self.deadlines
        total = max(deadline - time.monotonic(), 0.1)
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
                timeout=(min(d.connect, total), min(read_timeout, total)),
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
            result = self._read(resp, deadline, limits, sink, on_bytes)
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
        limits: tuple[int, int],
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> Response:
        max_wire, max_decoded = limits
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
                if got > max_wire:
                    # For a blob, ``max_wire`` is its declared size: never store more.
                    raise SyncFailure(
                        "sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status
                    )
                if streaming:
                    assert sink is not None
                    sink(chunk)
                else:
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
        del chunks
        body = b""
        ok_status = 200 <= status < 300
        if not streaming:
            try:
                body = _decode(
                    raw,
                    headers.get("Content-Encoding", ""),
                    max_decoded if ok_status else MAX_DECODED_ERROR,
                )
            except _TooLarge as exc:
                if not ok_status:
                    raise self._error(status, headers, b"") from exc
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status
                ) from exc
            except (zstandard.ZstdError, zlib.error, ValueError, EOFError) as exc:
                if not ok_status:
                    raise self._error(status, headers, b"") from exc
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "undecodable", status=status
                ) from exc
        if not ok_status:
            raise self._error(status, headers, body)
        return Response(status, headers, body, got + header_bytes)

    @staticmethod
    def _error(status: int, headers: Mapping[str, str], body: bytes) -> SyncFailure:
        code: str | None = None
        message = ""
        retry_after: float | None = None
        details: dict[str, Any] = {}
        try:
            doc = loads(body) if body else None
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
            err = doc["error"]
            code = str(err.get("code"))[:64] if err.get("code") else None
            message = str(err.get("message", ""))[:300]
            retry_after = retry_delay(err.get("retry_after"))
            if isinstance(err.get("details"), dict):
                details = err["details"]
        header_ra = headers.get(RETRY_AFTER_HEADER)
        if header_ra and header_ra.strip().isdigit() and len(header_ra.strip()) <= 30:
            retry_after = retry_delay(header_ra.strip())
        klass = classify_error(status, code)
        ui_code = {
            ErrorClass.TRANSIENT: "sync.server_busy",
            ErrorClass.AUTH: "sync.auth",
            ErrorClass.FATAL: "sync.fatal",
            ErrorClass.REQUEST: "sync.refused",
            ErrorClass.ITEM: "sync.refused",
        }[klass]
        if klass is ErrorClass.TRANSIENT and status >= 500 and code is None:
            ui_code = "sync.server_error"
        if 300 <= status < 400:
            ui_code = "sync.redirected"
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
        max_decoded: int = MAX_DECODED_JSON,
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
            max_decoded=max_decoded,
        )
        return parse_model(resp.body, model)


def parse_model(body: bytes, model: type[M]) -> M:
    """Validate a JSON body (with the ``dd`` envelope) against ``model``.

    Raises:
        SyncFailure: ``sync.bad_reply`` (not JSON, truncated, wrong schema) or
            ``sync.fatal`` (an envelope of another protocol version).
    """
    try:
        doc = loads(body)
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
    except (ValidationError, RecursionError) as exc:
        raise SyncFailure(
            "sync.bad_reply", ErrorClass.TRANSIENT, f"schema:{model.__name__}"
        ) from exc
