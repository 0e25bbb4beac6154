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
- every failure becomes a :class:`SyncFailure` with an :class:`ErrorClass`
  (:mod:`app.sync.failures` maps error replies and bad bodies to it).

No Qt, no database here.
"""

from __future__ import annotations

import json
import logging
import socket
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import requests
import urllib3
import zstandard
from pydantic import BaseModel

from app import __version__
from app.sync.decoding import (
    MAX_DECODED_ERROR,
    MAX_DECODED_JSON,
    MAX_RETRY_AFTER,
    MAX_WIRE_JSON,
    BodyTooLarge,
    decode_body,
    encode_body,
    page_decode_limit,
)
from app.sync.failures import SyncFailure, error_reply, parse_model, watch_failure
from app.sync.protocol import (
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SERVER_ID_HEADER,
    ErrorClass,
    ErrorCode,
)
from app.sync.tls import PinMismatch, PinnedAdapter, spki_sha256, tls_failure
from app.sync.watchdog import HELD_WATCH_PERIOD, WATCH_PERIOD, Watchdog

__all__ = [
    "MAX_RETRY_AFTER",
    "Call",
    "CallStats",
    "Deadlines",
    "Response",
    "SyncFailure",
    "Transport",
    "page_decode_limit",
    "parse_model",
    "spki_sha256",
]

log = logging.getLogger(__name__)
# urllib3 logs a malformed header block from a server with a full traceback at WARNING;
# the call fails and is classified here, so that record is noise (and alarms IT staff).
logging.getLogger("urllib3.connection").setLevel(logging.ERROR)

M = TypeVar("M", bound=BaseModel)

_READ = 16 * 1024
#: Rough size of the request line and headers (for byte accounting; TCP/TLS not included).
_HEADER_OVERHEAD = 250


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

    @property
    def sent(self) -> int:
        """Bytes handed to the socket so far."""
        return self._pos

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


@dataclass(frozen=True)
class Call:
    """One HTTP call: what is sent, and the limits and destination of the answer."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    body: bytes | None = None
    headers: Mapping[str, str] | None = None
    #: Sent with the session token (``False``: anonymous, with a shorter deadline).
    auth: bool = True
    #: Bytes the answer is expected to carry (they lengthen the total deadline).
    expect_size: int = 0
    #: Most bytes of the answer on the wire, and decoded.
    max_wire: int = MAX_WIRE_JSON
    max_decoded: int = MAX_DECODED_JSON
    #: Receives a successful answer's body in pieces instead of returning it.
    sink: Callable[[bytes], None] | None = None
    #: Told how many bytes crossed, as they cross (progress).
    on_bytes: Callable[[int], None] | None = None
    #: Renew an expired session once and call again.
    retry_auth: bool = True
    #: Seconds the server may hold the call before it answers (``/news?wait=``): they
    #: lengthen the stall and total deadlines.
    hold: float = 0.0


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
        #: A pooled connection idle longer than this is dropped before the next call (a
        #: NAT has probably forgotten it; a call on it would wait for a dead socket).
        self.nat_idle_seconds: float | None = None
        self._last_used = 0.0
        self._reply_whole = False
        self._verify: bool | str = str(ca_bundle) if ca_bundle else True
        self.session = requests.Session()
        #: The caller's cancel hook, polled by the watchdog during every call.
        self.cancelled: Callable[[], bool] = lambda: False
        self._watch: Watchdog | None = None  # the current call's
        self._conn: Any = None
        self.session.trust_env = False  # no proxy or netrc surprises from the environment
        self.session.mount(
            "https://", PinnedAdapter(pin_sha256 or None, self._use_conn, max_retries=0)
        )
        self.session.mount("http://", PinnedAdapter(None, self._use_conn, max_retries=0))

    def close(self) -> None:
        """Close every pooled connection."""
        self.session.close()

    def interrupt(self) -> None:
        """Make the current call look at :attr:`cancelled` now (from any thread): a held
        ``/news`` call is otherwise looked at only every few seconds."""
        watch = self._watch
        if watch is not None:
            watch.poke()

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

    def _headers(self, auth: bool, extra: Mapping[str, str] | None) -> dict[str, str | None]:
        # ``None`` removes a header requests would add: ``Accept: */*`` and
        # ``Connection: keep-alive`` say what HTTP/1.1 means anyway, and an idle poll
        # pays for every byte of them (docs/sync-engine.md, "Idle sync").
        headers: dict[str, str | None] = {
            PROTOCOL_HEADER: str(PROTOCOL_VERSION),
            "Accept-Encoding": ", ".join([*self.codecs, "identity"]) if self.codecs else "identity",
            "User-Agent": f"DistrictDesk/{__version__}",
            "Accept": None,
            "Connection": None,
        }
        if self.server_id:
            headers[SERVER_ID_HEADER] = self.server_id
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def request(self, call: Call) -> Response:
        """One HTTP call with every deadline, header check and error classification.

        With ``call.sink`` the body of a successful (2xx) response is streamed to it in
        pieces as they arrive (blob downloads) instead of being returned. An expired
        session is renewed once (``renew_token``) and the call made again.

        Raises:
            SyncFailure: classified.
        """
        try:
            return self._request_once(call)
        except SyncFailure as exc:
            if (
                exc.klass is ErrorClass.AUTH
                and call.auth
                and call.retry_auth
                and self.renew_token is not None
            ):
                self.renew_token()
                return self._request_once(call)
            raise

    def _request_once(self, call: Call) -> Response:
        """One attempt, ended by the watchdog at its total deadline or on cancel."""
        d = self.deadlines
        size = (len(call.body) if call.body else 0) + call.expect_size
        total = d.total_for(size, anonymous=not call.auth) + call.hold
        deadline = time.monotonic() + total
        if self.cancelled():
            raise SyncFailure("sync.cancelled", ErrorClass.TRANSIENT, "cancelled")
        now = time.monotonic()
        if self.nat_idle_seconds is not None and now - self._last_used > self.nat_idle_seconds:
            self.reset_connections()
        self._last_used = now
        self._conn = None
        period = HELD_WATCH_PERIOD if call.hold else WATCH_PERIOD
        with Watchdog(deadline, self.cancelled, self._abort_call, period) as watch:
            self._watch = watch
            try:
                return self._call_watched(call, deadline)
            except SyncFailure as exc:
                if watch.fired:
                    raise watch_failure(watch, exc.status) from exc
                raise
            finally:
                self._watch = None

    def _call_watched(self, call: Call, deadline: float) -> Response:
        body, on_bytes = call.body, call.on_bytes
        d = self.deadlines
        total = max(deadline - time.monotonic(), 0.1)
        url = self.base_url + API_PREFIX + call.path
        hdrs = self._headers(call.auth, call.headers)
        data: _Body | None = None
        if body is not None:
            data = _Body(body, deadline, on_bytes)
            hdrs["Content-Length"] = str(len(body))
        # The body goes into the kernel's socket buffer at once, but on a slow link it is
        # still crossing while the client waits for the answer: the stall watchdog for the
        # first answer byte allows the time the body needs at ``min_rate``.
        read_timeout = d.stall + (len(body) / max(d.min_rate, 1.0) if body else 0.0) + call.hold
        started = time.monotonic()
        resp = self._send(call, url, data, hdrs, d, total, read_timeout)
        # An answer has started: the whole request crossed.
        self.stats.round_trips += 1
        self.stats.bytes_out += _HEADER_OVERHEAD + (len(body) if body else 0)
        ok = False
        self._reply_whole = False
        try:
            result = self._read(resp, deadline, call)
            ok = True
            return result
        finally:
            self.stats.timings.append((self.stats.bytes_in, time.monotonic() - started))
            self._last_used = time.monotonic()
            if ok or self._reply_whole:
                # Keep the connection alive for the next call: after a whole reply, an
                # error reply included (an expired session's 401 is renewed on it).
                resp.raw.release_conn()
            else:
                resp.close()
                self.reset_connections()

    def _send(
        self,
        call: Call,
        url: str,
        data: _Body | None,
        hdrs: dict[str, str | None],
        d: Deadlines,
        total: float,
        read_timeout: float,
    ) -> requests.Response:
        """Send the request and wait for the answer's headers; failures classified."""
        try:
            resp = self.session.request(
                call.method,
                url,
                params=call.params,
                data=data,
                # requests drops a header whose value is None (its stubs do not say so).
                headers=cast("dict[str, str]", hdrs),
                timeout=(min(d.connect, total), min(read_timeout, total)),
                stream=True,
                verify=self._verify,
                allow_redirects=False,
            )
        except PinMismatch as exc:
            # Refused right after the handshake, before the request was written.
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
            self._count_unanswered(data)
            self.reset_connections()
            raise SyncFailure("sync.timeout", ErrorClass.TRANSIENT, "no_answer") from exc
        except (requests.exceptions.RequestException, OSError, urllib3.exceptions.HTTPError) as exc:
            self.stats.connections_failed += 1
            self._count_unanswered(data)
            self.reset_connections()
            raise SyncFailure(
                "sync.network", ErrorClass.TRANSIENT, f"connection_failed:{type(exc).__name__}"
            ) from exc
        return resp

    def _count_unanswered(self, data: _Body | None) -> None:
        """Count what a call without an answer handed to a connected socket.

        The request line and headers, and the body as far as it was read; a connection
        that was refused or never made sent nothing.
        """
        if getattr(self._conn, "dd_connected", False):
            self.stats.bytes_out += _HEADER_OVERHEAD + (data.sent if data else 0)

    def _read(
        self,
        resp: requests.Response,
        deadline: float,
        call: Call,
    ) -> Response:
        max_wire, max_decoded, sink, on_bytes = (
            call.max_wire,
            call.max_decoded,
            call.sink,
            call.on_bytes,
        )
        status = resp.status_code
        headers = resp.headers
        header_bytes = 20 + sum(len(k) + len(v) + 4 for k, v in headers.items())
        self.stats.bytes_in += header_bytes
        sent = (call.headers or {}).get(PROTOCOL_HEADER, str(PROTOCOL_VERSION))
        self._check_headers(status, headers, max_wire, sent)
        streaming = sink is not None and 200 <= status < 300
        raw, got = self._receive(
            resp, status, deadline, max_wire, sink if streaming else None, on_bytes
        )
        self._reply_whole = True  # every byte of it read: the connection can serve again
        body = b""
        ok_status = 200 <= status < 300
        if not streaming:
            try:
                body = decode_body(
                    raw,
                    headers.get("Content-Encoding", ""),
                    max_decoded if ok_status else MAX_DECODED_ERROR,
                )
            except BodyTooLarge as exc:
                if not ok_status:
                    raise error_reply(status, headers, b"") from exc
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "too_large", status=status
                ) from exc
            except (zstandard.ZstdError, zlib.error, ValueError, EOFError) as exc:
                if not ok_status:
                    raise error_reply(status, headers, b"") from exc
                raise SyncFailure(
                    "sync.bad_reply", ErrorClass.TRANSIENT, "undecodable", status=status
                ) from exc
        if not ok_status:
            raise error_reply(status, headers, body)
        return Response(status, headers, body, got + header_bytes)

    def _check_headers(
        self, status: int, headers: Mapping[str, str], max_wire: int, sent: str
    ) -> None:
        """Refuse a reply that is not from a District Desk server of this protocol and of
        the enrolled server, or that announces more bytes than the call accepts."""
        proto = headers.get(PROTOCOL_HEADER)
        if proto is None:
            # A captive portal, a proxy's error page, a redirect to a login page: not ours.
            raise SyncFailure(
                "sync.not_our_server",
                ErrorClass.TRANSIENT,
                f"no_protocol_header:http_{status}",
                status=status,
            )
        # The server echoes the version the call was made with; any other is not ours.
        if proto.strip() != sent:
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

    def _receive(
        self,
        resp: requests.Response,
        status: int,
        deadline: float,
        max_wire: int,
        sink: Callable[[bytes], None] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> tuple[bytes, int]:
        """The reply's bytes as they crossed the link (to ``sink`` when given, else
        returned) and their count, never more than ``max_wire``, never past the deadline."""
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
                if sink is not None:
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
        return b"".join(chunks), got

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
            Call(
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
        )
        return parse_model(resp.body, model)
