"""A link emulator: an asyncio TCP proxy on loopback that behaves like a bad field link.

It sits between the client and the server and adds one-way latency, caps bandwidth per
direction (the link is shared by all connections, as a GPRS/VSAT modem is), cuts a
connection after N bytes (once, or every connection; both ends are closed mid-transfer),
resets connections on demand (TCP RST), cuts every open connection on a time basis
(``cut_mean_interval``: exponentially distributed intervals, as a radio link that drops
whatever is crossing it), charges a TCP handshake on every new connection
(``handshake_rtts``) and can black-hole traffic (accept, forward nothing). Counters record
the bytes that crossed it each way, the connections it saw and the cuts that happened.
Settings can be changed while it runs.

The proxy runs its own event loop in a background thread::

    with LinkEmulator("127.0.0.1", server_port, latency=0.5, bandwidth=8000) as link:
        requests.get(link.url + "/api/v1/hello", timeout=30)
        print(link.stats())
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field, fields, replace
from types import TracebackType
from typing import Any

_READ_SIZE = 16 * 1024
#: Largest piece written at once under a bandwidth cap, so pacing stays smooth.
_PACE_PIECE = 512
#: Chunks (of up to ``_READ_SIZE``) buffered per direction of a connection.
_QUEUE_CHUNKS = 4


@dataclass
class LinkSettings:
    """How the link behaves; change with :meth:`LinkEmulator.configure`.

    Attributes:
        latency: One-way delay in seconds, each direction (RTT = 2 * latency).
        bandwidth_up: Client-to-server cap in bytes/s (None: unlimited).
        bandwidth_down: Server-to-client cap in bytes/s (None: unlimited).
        cut_after: Cut a connection once it has carried this many bytes (both ways).
        cut_every: Cut every connection at ``cut_after`` (False: only the next one).
        cut_linger: After a cut the server side sees silence for this long before its
            connection is closed, as when a radio link drops (the server notices late).
        black_hole: Accept connections but forward nothing, answer nothing.
        cut_mean_interval: Cut every open connection at random moments, the intervals
            exponentially distributed with this mean in seconds (None: no timed cuts).
            Unlike ``cut_after`` the hazard is per second of link time, not per
            connection, so a client that keeps one connection open still gets cut.
        cut_seed: Seed of the timed cuts' random intervals (reproducible runs).
        handshake_rtts: Round trips a new connection costs before its first byte is
            forwarded (TCP handshake: 1; TCP + TLS: 2 to 3).
    """

    latency: float = 0.0
    bandwidth_up: float | None = None
    bandwidth_down: float | None = None
    cut_after: int | None = None
    cut_every: bool = False
    cut_linger: float = 0.5
    black_hole: bool = False
    cut_mean_interval: float | None = None
    cut_seed: int | None = None
    handshake_rtts: float = 0.0


@dataclass
class LinkStats:
    """Counters since start (or :meth:`LinkEmulator.reset_stats`)."""

    bytes_up: int = 0
    bytes_down: int = 0
    bytes_dropped: int = 0
    connections: int = 0
    active: int = 0
    cuts: int = 0
    resets: int = 0
    #: Timed cuts that fell (``timed_cuts_hit``: those that found a connection to cut).
    timed_cuts: int = 0
    timed_cuts_hit: int = 0


@dataclass(eq=False)
class _Connection:
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter | None = None
    carried: int = 0
    closed: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


def _abort(writer: asyncio.StreamWriter | None) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a dropped link or a middlebox would."""
    if writer is None or writer.transport.is_closing():
        return
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class LinkEmulator:
    """The proxy. Thread-safe public methods; the work happens on its own loop thread."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
        bandwidth: float | None = None,
        **settings: Any,
    ) -> None:
        """Prepare a proxy to ``target``; ``bandwidth`` sets both directions' caps."""
        self.target = (target_host, target_port)
        self._listen = (listen_host, listen_port)
        if bandwidth is not None:
            settings.setdefault("bandwidth_up", bandwidth)
            settings.setdefault("bandwidth_down", bandwidth)
        self._settings = LinkSettings(**settings)
        self._stats = LinkStats()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._connections: set[_Connection] = set()
        self._lingering: set[asyncio.StreamWriter] = set()
        # Time at which each direction of the shared link is free again (bandwidth pacing).
        self._free_at = {"up": 0.0, "down": 0.0}
        self._cutter: asyncio.Task[None] | None = None
        self.port = 0
        self.host = listen_host

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> LinkEmulator:
        """Start listening; returns self."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._open())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="linkemu", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("link emulator did not start")
        return self

    async def _open(self) -> None:
        self._server = await asyncio.start_server(self._accept, *self._listen)
        sockname = self._server.sockets[0].getsockname()
        self.host, self.port = sockname[0], sockname[1]
        self._cutter = asyncio.ensure_future(self._timed_cuts())

    async def _timed_cuts(self) -> None:
        """Cut every open connection at exponentially distributed moments."""
        rng: random.Random | None = None
        seed: int | None = None
        while True:
            settings = self.settings
            mean = settings.cut_mean_interval
            if not mean or mean <= 0:
                rng = None
                await asyncio.sleep(0.05)
                continue
            if rng is None or seed != settings.cut_seed:
                seed = settings.cut_seed
                rng = random.Random(seed)
            due = time.monotonic() + rng.expovariate(1.0 / mean)
            while time.monotonic() < due:
                await asyncio.sleep(min(0.05, max(due - time.monotonic(), 0.0)))
                if self.settings.cut_mean_interval != mean:
                    break
            else:
                victims = [c for c in self._connections if not c.closed and c.upstream]
                for conn in victims:
                    self._cut(conn, timed=True)
                self._count(timed_cuts=1, timed_cuts_hit=1 if victims else 0)

    def stop(self) -> None:
        """Close every connection and stop the loop thread."""
        if self._loop is None or self._thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._close(), self._loop)
        future.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None
        self._thread = None

    async def _close(self) -> None:
        if self._cutter is not None:
            self._cutter.cancel()
            await asyncio.gather(self._cutter, return_exceptions=True)
        if self._server is not None:
            self._server.close()
        for conn in list(self._connections):
            self._drop(conn, reset=True)
        for writer in list(self._lingering):
            self._end_linger(writer)
        tasks = [t for conn in self._connections for t in conn.tasks]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> LinkEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- control ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://host:port`` of the proxy."""
        return f"http://{self.host}:{self.port}"

    @property
    def settings(self) -> LinkSettings:
        """A copy of the current settings."""
        with self._lock:
            return replace(self._settings)

    def configure(self, **changes: Any) -> None:
        """Change settings while running (``bandwidth=`` sets both directions)."""
        if "bandwidth" in changes:
            value = changes.pop("bandwidth")
            changes.setdefault("bandwidth_up", value)
            changes.setdefault("bandwidth_down", value)
        known = {f.name for f in fields(LinkSettings)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown link settings: {sorted(unknown)}")
        with self._lock:
            self._settings = replace(self._settings, **changes)

    def stats(self) -> LinkStats:
        """A copy of the counters."""
        with self._lock:
            return replace(self._stats)

    def reset_stats(self) -> None:
        """Zero the counters (``active`` keeps its value)."""
        with self._lock:
            self._stats = LinkStats(active=self._stats.active)

    def reset(self) -> int:
        """Reset (RST) every open connection now; return how many were reset."""
        if self._loop is None:
            return 0
        future = asyncio.run_coroutine_threadsafe(self._reset_all(), self._loop)
        return future.result(10)

    async def _reset_all(self) -> int:
        victims = [c for c in self._connections if not c.closed]
        for conn in victims:
            self._drop(conn, reset=True)
        with self._lock:
            self._stats.resets += len(victims)
        return len(victims)

    # --- data path -------------------------------------------------------------------

    def _count(self, **deltas: int) -> None:
        with self._lock:
            for name, delta in deltas.items():
                setattr(self._stats, name, getattr(self._stats, name) + delta)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Connection(client=writer)
        self._connections.add(conn)
        self._count(connections=1, active=1)
        try:
            if self.settings.black_hole:
                await self._swallow(reader)
                return
            handshake = self.settings.handshake_rtts * 2 * self.settings.latency
            if handshake > 0:
                await asyncio.sleep(handshake)
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
            except OSError:
                self._drop(conn, reset=True)
                return
            conn.upstream = up_writer
            # No write buffering in the proxy: a byte counted as carried has been handed
            # to the peer's kernel, so a cut never loses bytes the counters include.
            for side in (writer, up_writer):
                side.transport.set_write_buffer_limits(high=0)
            conn.tasks = [
                asyncio.ensure_future(self._pump(conn, reader, up_writer, "up")),
                asyncio.ensure_future(self._pump(conn, up_reader, writer, "down")),
            ]
            await asyncio.gather(*conn.tasks, return_exceptions=True)
        finally:
            self._drop(conn, reset=False)
            self._connections.discard(conn)
            self._count(active=-1)

    async def _swallow(self, reader: asyncio.StreamReader) -> None:
        """Black hole: read and drop everything until the peer gives up."""
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while True:
                data = await reader.read(_READ_SIZE)
                if not data:
                    return
                self._count(bytes_dropped=len(data))

    async def _pump(
        self,
        conn: _Connection,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: str,
    ) -> None:
        """Copy one direction, delaying each chunk by the latency and pacing bandwidth.

        Reading and delivering are separate tasks joined by a queue, so latency delays
        data without throttling how fast it is read (like a long pipe).
        """
        # Bounded, like a modem's buffer: a full pipe pushes back on the sender.
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue(_QUEUE_CHUNKS)
        deliver = asyncio.ensure_future(self._deliver(conn, queue, writer, direction))
        try:
            while not conn.closed:
                try:
                    data = await reader.read(_READ_SIZE)
                except OSError:
                    self._drop(conn, reset=True)
                    break
                if not data:
                    break
                settings = self.settings
                if settings.black_hole:
                    self._count(bytes_dropped=len(data))
                    continue
                await queue.put((time.monotonic() + settings.latency, data))
        finally:
            await queue.put(None)
            await asyncio.gather(deliver, return_exceptions=True)

    async def _deliver(
        self,
        conn: _Connection,
        queue: asyncio.Queue[tuple[float, bytes] | None],
        writer: asyncio.StreamWriter,
        direction: str,
    ) -> None:
        while True:
            item = await queue.get()
            if item is None:
                if not conn.closed and writer.can_write_eof():
                    with contextlib.suppress(OSError):
                        writer.write_eof()
                return
            if conn.closed:
                # Keep draining: the reader may still be waiting to put a chunk, and a
                # full queue nobody empties would hang it (and stop()) for good.
                continue
            due, data = item
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if not conn.closed:
                await self._send(conn, writer, data, direction)

    async def _send(
        self, conn: _Connection, writer: asyncio.StreamWriter, data: bytes, direction: str
    ) -> bool:
        """Send ``data`` at the link's pace; False once the connection is cut."""
        settings = self.settings
        allowance = None
        if settings.cut_after is not None:
            allowance = max(settings.cut_after - conn.carried, 0)
        piece_size = _PACE_PIECE if self._rate(settings, direction) else len(data)
        offset = 0
        while offset < len(data):
            piece = data[offset : offset + piece_size]
            if allowance is not None:
                piece = piece[:allowance]
            if piece:
                await self._pace(len(piece), direction)
                if conn.closed:
                    return False
                try:
                    writer.write(piece)
                    await writer.drain()
                except OSError:
                    self._drop(conn, reset=True)
                    return False
                offset += len(piece)
                conn.carried += len(piece)
                self._count(**{f"bytes_{direction}": len(piece)})
            if allowance is not None:
                allowance -= len(piece)
                if allowance <= 0:
                    self._cut(conn)
                    return False
        return True

    @staticmethod
    def _rate(settings: LinkSettings, direction: str) -> float | None:
        return settings.bandwidth_up if direction == "up" else settings.bandwidth_down

    async def _pace(self, size: int, direction: str) -> None:
        """Wait until the shared link of ``direction`` has carried the previous bytes."""
        rate = self._rate(self.settings, direction)
        if not rate:
            return
        now = time.monotonic()
        start = max(now, self._free_at[direction])
        self._free_at[direction] = start + size / rate
        wait = self._free_at[direction] - now
        if wait > 0:
            await asyncio.sleep(wait)

    def _cut(self, conn: _Connection, *, timed: bool = False) -> None:
        """End a connection, like a dropped radio link (byte allowance reached or timed).

        Nothing more crosses. The client side is closed at once (FIN: a reset would make
        its kernel discard bytes the link did deliver); the server side only hears
        silence, and is closed ``cut_linger`` seconds later.
        """
        if conn.closed:
            return
        settings = self.settings
        if not settings.cut_every and not timed:
            self.configure(cut_after=None)
        self._count(cuts=1)
        conn.closed = True
        with contextlib.suppress(OSError):
            conn.client.close()
        upstream = conn.upstream
        if upstream is not None:
            self._lingering.add(upstream)
            asyncio.get_running_loop().call_later(settings.cut_linger, self._end_linger, upstream)

    def _end_linger(self, writer: asyncio.StreamWriter) -> None:
        if writer in self._lingering:
            self._lingering.discard(writer)
            with contextlib.suppress(OSError):
                writer.close()

    def _drop(self, conn: _Connection, *, reset: bool) -> None:
        if conn.closed:
            return
        conn.closed = True
        for writer in (conn.client, conn.upstream):
            if writer is None:
                continue
            if reset:
                _abort(writer)
            else:
                with contextlib.suppress(OSError):
                    writer.close()
