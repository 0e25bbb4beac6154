"""The office LAN transport: a small mutual-TLS HTTP server and its client (no Qt).

Both ends present their device certificates (``app.peer.identity``) and accept only a
chain to the regional device authority pinned at enrolment **and** a certificate naming
their own office. Anything else is refused before a byte of data is served: an unknown
certificate fails the TLS handshake, a device of another office gets ``403`` on its
first request (and the asking side drops a server of another office before asking).
Every refusal is audited (at most once a minute per address and reason) and published
as ``peer_refused`` with its code, which ``ui/`` translates.

Endpoints (JSON in, zstd-compressed JSON out):

- ``GET /peer/v1/hello``: ``{"device_id", "office", "lanes": [names]}``;
- ``POST /peer/v1/lanes/<name>`` with ``{"cursor": ..., "max_bytes": n}``: one page of
  the lane (:class:`app.peer.lanes.LaneBatch`);
- ``GET /peer/v1/revocations``: the signed list of the office's revoked devices this PC
  holds (``app.peer.revocation``); ``hello`` carries its version as ``revocations``.

A device on that list is refused both ways (``peer.revoked``, audited); the ``403`` a
revoked device gets carries the list, so it learns that it is revoked and stops.

A neighbour is treated like a hostile server: connect and read deadlines, request and
answer sizes bounded, decompression bounded, every page validated before it is applied.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import zstandard
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from app import audit
from app.context import Desk
from app.peer import revocation
from app.peer.identity import DeviceIdentity, subject_of, tls_context
from app.peer.lanes import LaneApplied, LaneBatch, PeerLane

log = logging.getLogger(__name__)

PREFIX = "/peer/v1"
#: Largest request body a peer accepts.
MAX_REQUEST_BYTES = 64 * 1024
#: Largest compressed answer, and largest decompressed page, a peer accepts.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
MAX_PAGE_BYTES = 32 * 1024 * 1024
#: Default page size asked for (decoded JSON bytes).
PAGE_BYTES = 2 * 1024 * 1024
#: Seconds a connection may take to open and the handshake to finish; a read may stall.
CONNECT_SECONDS = 5.0
READ_SECONDS = 30.0
#: Audit a refusal of one address for one reason at most this often (seconds).
AUDIT_EVERY = 60.0

#: Codes reported to the UI (``peer_refused`` events and :class:`PeerError`).
OTHER_OFFICE = "peer.other_office"
UNKNOWN_DEVICE = "peer.unknown_device"
UNREACHABLE = "peer.unreachable"
BAD_REPLY = "peer.bad_reply"
NO_IDENTITY = "peer.no_identity"
REFUSED = "peer.refused"  # the neighbour refused this PC's certificate
REVOKED = "peer.revoked"  # the neighbour's device was revoked by IT at the region
SELF_REVOKED = "peer.self_revoked"  # this PC was revoked: it neither serves nor asks

#: ``events`` name of a refused connection (payload: code, address, device).
PEER_REFUSED = "peer_refused"
#: ``events`` name of a finished exchange (payload: device, address, rows).
PEER_EXCHANGED = "peer_exchanged"


class PeerError(Exception):
    """A failed exchange with a neighbour, with a code ``ui/`` translates."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class _Refusals:
    """Audits refusals, at most once per ``AUDIT_EVERY`` per (address, reason)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def refuse(self, code: str, address: str, device: str = "", office: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            last = self._last.get((address, code))
            if last is not None and now - last < AUDIT_EVERY:
                return
            self._last[(address, code)] = now
        log.warning("refused a LAN peer at %s: %s", address, code)
        with self.desk.store.write() as s:
            audit.record(
                s,
                audit.Action.PEER_REFUSED,
                actor_name="lan",
                target_type="device",
                target_id=device or address,
                details={"code": code, "address": address, "office": office},
            )
        self.desk.bus.publish(PEER_REFUSED, code=code, address=address, device=device)


def peer_subject(sock: ssl.SSLSocket) -> tuple[str, str]:
    """``(office, device id)`` of the verified certificate the other end presented."""
    der = sock.getpeercert(binary_form=True)
    if not der:
        raise ValueError("no certificate")
    return subject_of(x509.load_der_x509_certificate(der))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 16

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A refused handshake or a neighbour gone mid-answer: already logged (no trace).
        log.debug("LAN connection from %s ended early", client_address[0])


class PeerServer:
    """Serves this PC's lanes to PCs of its office (a thread; :meth:`close` stops it)."""

    def __init__(
        self,
        desk: Desk,
        identity: DeviceIdentity,
        lanes: Sequence[PeerLane],
        *,
        host: str = "0.0.0.0",  # noqa: S104 - the LAN is the point; TLS guards it
        port: int = 0,
    ) -> None:
        self.desk = desk
        self.identity = identity
        self.lanes = {lane.name: lane for lane in lanes}
        self.refusals = _Refusals(desk)
        self._ctx = tls_context(identity, server_side=True)
        self._httpd = _Server((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on (useful with ``port=0``)."""
        return int(self._httpd.server_address[1])

    def start(self) -> PeerServer:
        """Start serving in a background thread."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="peer-server", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def hello(self) -> dict[str, Any]:
        return {
            "device_id": self.identity.device_id,
            "office": self.identity.office,
            "lanes": sorted(self.lanes),
            "revocations": revocation.held_version(self.desk.store),
        }

    def self_revoked(self) -> bool:
        """True once this PC knows that it is revoked: it then serves nobody."""
        return is_self_revoked(self.desk, self.identity)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class, bound to this server."""
        lan_server = self

        class Handler(_PeerRequestHandler):
            lan = lan_server

        return Handler


class _PeerRequestHandler(BaseHTTPRequestHandler):
    """One neighbour's connection: the TLS handshake and office check, then its requests.

    :meth:`PeerServer._handler_class` subclasses it with ``lan`` set to the server.
    """

    protocol_version = "HTTP/1.1"
    timeout = READ_SECONDS
    lan: ClassVar[PeerServer]
    #: ``(office, device id)`` of the neighbour's verified certificate.
    peer: tuple[str, str] | None = None
    #: The neighbour's device is on the office's revocation list.
    revoked: bool = False

    def setup(self) -> None:
        """Finish the TLS handshake before any byte is read; refuse unknown devices."""
        address = self.client_address[0]
        raw = self.request
        raw.settimeout(CONNECT_SECONDS)
        try:
            self.request = self.lan._ctx.wrap_socket(raw, server_side=True)
            office, device = peer_subject(self.request)
        except (ssl.SSLError, ValueError) as err:
            reason = getattr(err, "reason", None) or type(err).__name__
            log.info("LAN handshake from %s failed: %s", address, reason)
            self.lan.refusals.refuse(UNKNOWN_DEVICE, address)
            raw.close()
            raise ConnectionAbortedError from None
        except OSError:
            raw.close()
            raise ConnectionAbortedError from None
        if office != self.lan.identity.office:
            # Answered with 403 on its first request (see _allowed).
            self.lan.refusals.refuse(OTHER_OFFICE, address, device, office)
        elif revocation.current(self.lan.desk.store).blocks(
            device, self.request.getpeercert(binary_form=True)
        ):
            self.revoked = True
            self.lan.refusals.refuse(REVOKED, address, device, office)
        self.peer = (office, device)
        self.request.settimeout(READ_SECONDS)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            # The server closes the plain socket it accepted; the TLS one is ours.
            self.request.close()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("peer %s: " + format, self.client_address[0], *args)

    def _send(self, status: int, body: bytes, compressed: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if compressed:
            self.send_header("Content-Encoding", "zstd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str) -> None:
        self._send(status, json.dumps({"error": code}).encode())

    def _allowed(self) -> bool:
        if self.peer is None or self.peer[0] != self.lan.identity.office:
            self._error(403, OTHER_OFFICE)
            self.close_connection = True
            return False
        if self.revoked:
            # The list goes with the refusal: the revoked device learns why, and stops.
            held = revocation.held(self.lan.desk.store)
            body: dict[str, Any] = {"error": REVOKED}
            if held is not None:
                body["revocations"] = held.model_dump(mode="json")
            self._send(403, json.dumps(body).encode())
            self.close_connection = True
            return False
        if self.lan.self_revoked():
            self._error(403, SELF_REVOKED)
            self.close_connection = True
            return False
        return True

    def do_GET(self) -> None:
        if not self._allowed():
            return
        if self.path == PREFIX + "/revocations":
            held = revocation.held(self.lan.desk.store)
            if held is None:
                self._error(404, "not_found")
            else:
                self._send(200, held.model_dump_json().encode())
            return
        if self.path != PREFIX + "/hello":
            self._error(404, "not_found")
            return
        self._send(200, json.dumps(self.lan.hello()).encode())

    def do_POST(self) -> None:
        if not self._allowed():
            return
        name = self.path.removeprefix(PREFIX + "/lanes/")
        lane = self.lan.lanes.get(name) if self.path.startswith(PREFIX + "/lanes/") else None
        if lane is None:
            self._error(404, "not_found")
            return
        try:
            length = int(self.headers.get("Content-Length", "-1"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self._error(413, "too_large")
            self.close_connection = True
            return
        try:
            batch = self._lane_page(lane, self.rfile.read(length))
        except (ValueError, TypeError, AttributeError):
            self._error(400, "bad_cursor")
            return
        page = json.dumps(batch.to_json(), ensure_ascii=False).encode("utf-8")
        self._send(200, zstandard.ZstdCompressor(level=3).compress(page), True)

    def _lane_page(self, lane: PeerLane, request: bytes) -> LaneBatch:
        """The page of ``lane`` a request body asks for (its size capped).

        Raises:
            ValueError, TypeError, AttributeError: the body is not a lane request.
        """
        body = json.loads(request)
        max_bytes = min(int(body.get("max_bytes", PAGE_BYTES)), MAX_PAGE_BYTES // 2)
        return lane.since(self.lan.desk, body.get("cursor"), max_bytes)


@dataclass
class ExchangeResult:
    """What one exchange with one neighbour brought."""

    device_id: str
    address: str
    pages: int = 0
    received: int = 0
    applied: int = 0
    seconds: float = 0.0


class PeerClient:
    """Asks one neighbour for its lanes (one connection, kept alive)."""

    def __init__(
        self,
        desk: Desk,
        identity: DeviceIdentity,
        address: str,
        *,
        refusals: _Refusals | None = None,
        connect_timeout: float = CONNECT_SECONDS,
        read_timeout: float = READ_SECONDS,
    ) -> None:
        self.desk = desk
        self.identity = identity
        self.address = address
        self.refusals = refusals or _Refusals(desk)
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise PeerError(UNREACHABLE, "not host:port")
        self._host, self._port = host.strip("[]"), int(port)
        self._ctx = tls_context(identity, server_side=False)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._conn: http.client.HTTPSConnection | None = None
        self.peer: tuple[str, str] | None = None

    def _connection(self) -> http.client.HTTPSConnection:
        if self._conn is not None:
            return self._conn
        conn = http.client.HTTPSConnection(
            self._host, self._port, context=self._ctx, timeout=self._connect_timeout
        )
        try:
            conn.connect()
            assert isinstance(conn.sock, ssl.SSLSocket)
            office, device = peer_subject(conn.sock)
        except ssl.SSLError as err:
            conn.close()
            self.refusals.refuse(UNKNOWN_DEVICE, self.address)
            raise PeerError(UNKNOWN_DEVICE, getattr(err, "reason", "") or "") from None
        except (OSError, ValueError) as err:
            conn.close()
            raise PeerError(UNREACHABLE, type(err).__name__) from None
        if office != self.identity.office:
            conn.close()
            self.refusals.refuse(OTHER_OFFICE, self.address, device, office)
            raise PeerError(OTHER_OFFICE)
        if revocation.current(self.desk.store).blocks(
            device, conn.sock.getpeercert(binary_form=True)
        ):
            conn.close()
            self.refusals.refuse(REVOKED, self.address, device, office)
            raise PeerError(REVOKED)
        conn.sock.settimeout(self._read_timeout)
        # Never reconnect behind this method's back (http.client would, after an answer
        # with "Connection: close"): every connection passes the office and revocation
        # checks above.
        conn.auto_open = 0
        self.peer = (office, device)
        self._conn = conn
        return conn

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        conn = self._connection()
        if conn.sock is None:  # the neighbour closed it after its last answer
            self.close()
            conn = self._connection()
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        try:
            conn.request(method, PREFIX + path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read(MAX_ANSWER_BYTES + 1)
        except ssl.SSLError as err:
            self.close()
            # TLS 1.3: a server that refuses our certificate says so on the first read.
            raise PeerError(REFUSED, getattr(err, "reason", "") or "") from None
        except (OSError, http.client.HTTPException) as err:
            self.close()
            raise PeerError(UNREACHABLE, type(err).__name__) from None
        if len(raw) > MAX_ANSWER_BYTES:
            self.close()
            raise PeerError(BAD_REPLY, "answer too large")
        if resp.status == 403:
            self.close()
            raise PeerError(_refusal_code(self.desk, self.identity, raw))
        if resp.status != 200:
            raise PeerError(BAD_REPLY, f"status {resp.status}")
        try:
            if resp.getheader("Content-Encoding") == "zstd":
                raw = zstandard.ZstdDecompressor().decompress(raw, max_output_size=MAX_PAGE_BYTES)
            return json.loads(raw)
        except (zstandard.ZstdError, ValueError) as err:
            self.close()
            raise PeerError(BAD_REPLY, type(err).__name__) from None

    def revocations(self) -> None:
        """Take the neighbour's list of revoked devices when it verifies and is newer.

        Raises:
            PeerError: ``peer.bad_reply`` for a list that is not the region's (forged,
                altered, another office's): nothing of it is kept.
        """
        answer = self._call("GET", "/revocations")
        try:
            revocation.accept(self.desk.store, answer)
        except revocation.RevocationRefused as err:
            self.close()
            raise PeerError(BAD_REPLY, err.code) from None

    def hello(self) -> dict[str, Any]:
        """The neighbour's device id, office and lanes (validated)."""
        answer = self._call("GET", "/hello")
        if not isinstance(answer, dict) or not isinstance(answer.get("lanes"), list):
            raise PeerError(BAD_REPLY, "hello")
        return answer

    def fetch(self, lane: PeerLane, cursor: Any, max_bytes: int = PAGE_BYTES) -> LaneBatch:
        """One page of ``lane`` after ``cursor``, its shape checked, not applied.

        Runs on the exchange's fetching thread while the previous page is applied: it uses
        the connection, and the store only to take the revocation list a ``403`` carries.
        """
        answer = self._call(
            "POST", f"/lanes/{lane.name}", {"cursor": cursor, "max_bytes": max_bytes}
        )
        if (
            not isinstance(answer, dict)
            or not isinstance(answer.get("rows"), list)
            or not isinstance(answer.get("more"), bool)
        ):
            raise PeerError(BAD_REPLY, "page")
        return LaneBatch(answer["rows"], answer.get("cursor"), answer["more"])

    def apply(self, lane: PeerLane, batch: LaneBatch) -> LaneApplied:
        """Apply one page with its cursor (one transaction; nothing of a bad page)."""
        try:
            return lane.apply(self.desk, batch)
        except ValueError as err:
            raise PeerError(BAD_REPLY, str(err)) from None

    def pull(self, lane: PeerLane, max_bytes: int = PAGE_BYTES) -> tuple[LaneBatch, LaneApplied]:
        """One page of ``lane`` after this PC's cursor, applied."""
        batch = self.fetch(lane, lane.cursor(self.desk), max_bytes)
        try:
            return batch, self.apply(lane, batch)
        except PeerError:
            self.close()
            raise

    def interrupt(self) -> None:
        """Make a read in progress on another thread fail at once (the exchange is over)."""
        conn = self._conn
        sock = conn.sock if conn is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the other end


def exchange(
    desk: Desk,
    identity: DeviceIdentity,
    address: str,
    lanes: Sequence[PeerLane],
    *,
    cancelled: Callable[[], bool] | None = None,
    max_pages: int = 10_000,
    page_bytes: int = PAGE_BYTES,
) -> ExchangeResult:
    """Bring every lane up to date from the neighbour at ``address`` (runs off the GUI
    thread). A page is applied with its cursor in one transaction, so an exchange cut at
    any point resumes where it stopped and applies nothing twice.

    Pages are pipelined: while one page is applied, the next is asked for on a fetching
    thread with the cursor the page brings this PC to. That page is applied only if this
    PC's cursor, read again after the commit, is the one it was asked with; otherwise it
    is dropped and asked for again (so every applied page answers this PC's own cursor,
    as without pipelining). At most two pages are held at once.

    Raises:
        PeerError: unreachable, refused (``peer.other_office``, ``peer.unknown_device``)
            or a bad answer (``peer.bad_reply``; nothing of that page is applied).
    """
    started = time.monotonic()
    if is_self_revoked(desk, identity):
        raise PeerError(SELF_REVOKED)
    client = PeerClient(desk, identity, address)
    try:
        hello = client.hello()
        assert client.peer is not None
        _learn_revocations(client, hello)
        result = ExchangeResult(client.peer[1], address)
        offered = set(hello["lanes"])
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="peer-fetch") as fetcher:
            for lane in lanes:
                if lane.name in offered:
                    _exchange_lane(client, lane, fetcher, result, cancelled, max_pages, page_bytes)
    finally:
        client.close()
    result.seconds = round(time.monotonic() - started, 3)
    desk.bus.publish(PEER_EXCHANGED, device=result.device_id, address=address, rows=result.applied)
    return result


def is_self_revoked(desk: Desk, identity: DeviceIdentity) -> bool:
    """True when the list this PC holds names this PC (or its certificate), or the region
    answered this PC ``device_revoked``."""
    der = x509.load_pem_x509_certificate(identity.cert_pem.encode("ascii")).public_bytes(
        serialization.Encoding.DER
    )
    if revocation.current(desk.store).blocks(identity.device_id, der):
        return True
    return revocation.region_revoked(desk.store, identity.device_id)


def _learn_revocations(client: PeerClient, hello: dict[str, Any]) -> None:
    """Take the neighbour's list when it holds a newer one, then check both ends again.

    Raises:
        PeerError: the list does not verify (``peer.bad_reply``), the neighbour is on it
            (``peer.revoked``, audited) or this PC is (``peer.self_revoked``).
    """
    offered = hello.get("revocations")
    if not isinstance(offered, int) or offered <= revocation.held_version(client.desk.store):
        return
    try:
        client.revocations()
    except PeerError as err:
        if err.detail.startswith("revocation."):  # a list that is not the region's
            client.refusals.refuse(BAD_REPLY, client.address, client.peer[1] if client.peer else "")
        raise
    assert client.peer is not None
    if revocation.current(client.desk.store).blocks(client.peer[1]):
        client.close()
        client.refusals.refuse(REVOKED, client.address, client.peer[1], client.peer[0])
        raise PeerError(REVOKED)
    if is_self_revoked(client.desk, client.identity):
        client.close()
        raise PeerError(SELF_REVOKED)


def _refusal_code(desk: Desk, identity: DeviceIdentity, raw: bytes) -> str:
    """The code of a neighbour's ``403``; a revoked device takes the list it carries.

    ``peer.self_revoked`` only when a list that verifies names this PC: a neighbour's
    word alone stops nothing.
    """
    try:
        body = json.loads(raw)
    except ValueError:
        return OTHER_OFFICE
    if not isinstance(body, dict):
        return OTHER_OFFICE
    if body.get("error") == REVOKED:
        # We are the revoked one: keep the (verified) list so that this PC stops too.
        if body.get("revocations") is not None:
            try:
                revocation.accept(desk.store, body["revocations"])
            except revocation.RevocationRefused:
                pass
        return SELF_REVOKED if is_self_revoked(desk, identity) else REFUSED
    if body.get("error") == SELF_REVOKED:
        return REFUSED
    return OTHER_OFFICE


def _exchange_lane(
    client: PeerClient,
    lane: PeerLane,
    fetcher: ThreadPoolExecutor,
    result: ExchangeResult,
    cancelled: Callable[[], bool] | None,
    max_pages: int,
    page_bytes: int,
) -> None:
    """Every page of one lane, the next one fetched while the current one is applied."""
    cursor = lane.cursor(client.desk)
    ahead: Future[LaneBatch] | None = None
    try:
        for _ in range(max_pages):
            if cancelled is not None and cancelled():
                break
            batch = ahead.result() if ahead is not None else client.fetch(lane, cursor, page_bytes)
            ahead = None
            if batch.more:
                ahead = fetcher.submit(client.fetch, lane, batch.cursor, page_bytes)
            applied = client.apply(lane, batch)
            result.pages += 1
            result.received += applied.received
            result.applied += applied.applied
            if not batch.more:
                break
            cursor = lane.cursor(client.desk)
            if cursor != batch.cursor and ahead is not None:
                # The lane's cursor is not the page's (the lane keeps more than the page
                # says, or another sync moved it): ask again from where this PC is.
                _drop(client, ahead)
                ahead = None
    finally:
        if ahead is not None:
            _drop(client, ahead)


def _drop(client: PeerClient, ahead: Future[LaneBatch]) -> None:
    """Wait for a page fetched ahead that will not be applied. A fetch still running is
    cut and the connection closed: a reply left unread cannot be skipped on a kept-alive
    connection, and the exchange must not wait a read deadline for a page it drops."""
    if not ahead.done():
        client.interrupt()
        wait([ahead])
        client.close()
    if ahead.exception() is not None:
        log.debug("a page fetched ahead was dropped: %s", type(ahead.exception()).__name__)


def free_port() -> int:
    """A free TCP port on loopback (tests and benches)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
