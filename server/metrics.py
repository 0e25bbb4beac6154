"""What an operator watches: Prometheus metrics, a health check, request ids and access logs.

Metrics come from ``prometheus_client``. With several worker processes
(``serve --workers N``) ``PROMETHEUS_MULTIPROC_DIR`` is set before any worker starts and
every worker writes its counters there, so ``/metrics`` on any worker reports the sum.
Figures that live in the database (feed head, devices seen, pending uploads) are read
when ``/metrics`` is scraped, so they are the same whichever worker answers.

Access logs are one JSON object per line with a request id (taken from the proxy's
``X-Request-Id`` when it is well formed, else made up), method, route template, status,
duration and response size. They never carry query strings, headers, tokens, names or
any other content of a call.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from server.db import Database
from server.models import DeviceSeen, FeedCounter, ItemRecord
from server.wire import ASGIApp, Message, Receive, Scope, Send

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Threads per worker for the routes that use the database (anyio's default is 40).
THREADS_ENV = "DD_SERVER_THREADS"
REQUEST_ID_HEADER = "X-Request-Id"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
#: How often one worker writes a device's last-seen time (a write per call would queue
#: behind the outbox on a busy server).
SEEN_EVERY_SECONDS = 60.0
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_VERSION_RE = re.compile(r"^DistrictDesk/([0-9A-Za-z.+_-]{1,32})")

access_log = logging.getLogger("district_desk.server.access")

REQUESTS = Counter(
    "dd_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "dd_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by route template.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
CURSORS_AHEAD = Counter(
    "dd_cursor_ahead",
    "Pulls whose cursor was beyond the feed (a device that synced after the backup that "
    "was restored).",
)
PAGE_CACHE = Counter(
    "dd_page_cache",
    "Pages of changes served from the page cache (hit) or built (miss).",
    ["result"],
)
REGIONAL_ROWS = Counter(
    "dd_regional_stream_rows",
    "Regional rows compressed into the regional stream (once each, and again when a "
    "stale epoch is refreshed), summed over workers.",
)
REGIONAL_CPU = Counter(
    "dd_regional_stream_cpu_seconds",
    "CPU time of the regional stream's builder threads, summed over workers.",
)
REGIONAL_SEQ = Gauge(
    "dd_regional_stream_seq",
    "Seq up to which the regional stream is compressed (the lowest of live workers: "
    "every worker's is at least there).",
    multiprocess_mode="livemin",
)
SEQ_LOCK_WAIT = Histogram(
    "dd_feed_seq_allocate_seconds",
    "Time to take the feed counter row (waiting for other publishers to commit included).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
POOL_IN_USE = Gauge(
    "dd_db_pool_connections_in_use",
    "Database connections checked out of the pool (summed over live workers).",
    multiprocess_mode="livesum",
)
NEWS_HELD = Gauge(
    "dd_news_held_calls",
    "/news calls being held until something is published (summed over live workers).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "dd_db_pool_connections_open",
    "Database connections held open by the pool (summed over live workers).",
    multiprocess_mode="livesum",
)


def multiprocess() -> bool:
    """True when metrics are shared between worker processes."""
    return bool(os.environ.get(MULTIPROC_ENV))


def request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The proxy's request id if it is well formed, else a new one."""
    for name, value in headers:
        if name.lower() == b"x-request-id":
            text_value = value.decode("latin-1").strip()
            if _REQUEST_ID_RE.match(text_value):
                return text_value
    return uuid.uuid4().hex[:16]


def client_version(user_agent: str | None) -> str:
    """The client version from ``User-Agent: DistrictDesk/X.Y.Z`` (empty if not ours)."""
    match = _VERSION_RE.match(user_agent or "")
    return match.group(1) if match else ""


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's extras."""

    FIELDS: tuple[str, ...] = (
        "rid",
        "method",
        "route",
        "status",
        "ms",
        "bytes",
        "worker",
        "device",
        "cursor_max",
        "head",
    )

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record``."""
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                out[name] = getattr(record, name)
        if record.exc_info:
            out["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "error"
        return json.dumps(out, separators=(",", ":"), ensure_ascii=False)


def configure_logging(level: str = "info") -> None:
    """Send the server's own logs (access lines included) to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger("district_desk.server")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False


class RequestObserver:
    """ASGI middleware: request id, access log line, request and latency metrics."""

    def __init__(self, app: ASGIApp, *, db: Database, threads: int | None = None) -> None:
        """Wrap ``app``; ``db`` is sampled for pool use after every call.

        ``threads`` caps the worker's thread pool. Fewer threads than requests in flight
        means requests wait their turn in the event loop instead of all sharing one GIL:
        a transaction holding the feed counter then finishes sooner.
        """
        self.app = app
        self.db = db
        self.worker = os.getpid()
        self.threads = threads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.threads is not None:
            # Set from inside the running loop (the limiter belongs to it); once.
            anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
            self.threads = None
        started = time.perf_counter()
        rid = request_id(scope.get("headers", []))
        status = 500
        sent = 0

        async def observe(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), rid.encode()))
                message["headers"] = headers
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            self._record(scope, rid, status, sent, time.perf_counter() - started)

    def _record(self, scope: Scope, rid: str, status: int, sent: int, elapsed: float) -> None:
        route = scope.get("route")
        template = str(getattr(route, "path", "unmatched")) if route is not None else "unmatched"
        method = str(scope.get("method", ""))
        REQUESTS.labels(template, method, str(status)).inc()
        LATENCY.labels(template, method).observe(elapsed)
        pool = self.db.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        if callable(checked_out):
            POOL_IN_USE.set(checked_out())
            size = getattr(pool, "size", None)
            overflow = getattr(pool, "overflow", None)
            if callable(size) and callable(overflow):
                POOL_SIZE.set(max(size() + overflow(), 0))
        access_log.info(
            "request",
            extra={
                "rid": rid,
                "method": method,
                "route": template,
                "status": status,
                "ms": round(elapsed * 1000, 1),
                "bytes": sent,
                "worker": self.worker,
            },
        )


_restored: dict[int, tuple[int, int] | None] = {}
_noted_ahead: set[str] = set()


def note_cursor_ahead(db: Database, device_id: str, positions: Sequence[int], head: int) -> None:
    """Count (and log once per device) a pull whose cursor is beyond the restored feed.

    Only a device that synced with this server after the backup it was restored from
    holds a position between the backup's last change number and the restore's gap (or
    beyond everything it can see, if the database was restored without the gap). The
    gap keeps it from skipping new rows; its integrity check repairs the rows the restore
    lost.
    """
    if not positions:
        return
    key = id(db)
    if key not in _restored:
        from server.backup import restored_window

        _restored[key] = restored_window(db)
    window = _restored[key]
    ahead = max(positions) > head or (
        window is not None and any(window[0] < p <= window[1] for p in positions)
    )
    if not ahead:
        return
    CURSORS_AHEAD.inc()
    if device_id not in _noted_ahead:
        _noted_ahead.add(device_id)
        access_log.warning(
            "cursor ahead of the feed",
            extra={"device": device_id, "cursor_max": max(positions), "head": head},
        )


class DatabaseFigures(Collector):
    """Gauges read from the database and blob directory when ``/metrics`` is scraped."""

    def __init__(self, db: Database, blob_dir: Path) -> None:
        """Read from ``db`` and ``blob_dir``."""
        self.db = db
        self.blob_dir = blob_dir

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The current figures."""
        since = datetime.now(UTC) - timedelta(hours=1)
        with self.db.read() as session:
            head = session.scalar(select(FeedCounter.seq).where(FeedCounter.id == 1)) or 0
            seen = session.scalar(
                select(func.count()).select_from(DeviceSeen).where(DeviceSeen.last_seen >= since)
            )
            retry = session.scalar(
                select(func.count()).select_from(ItemRecord).where(ItemRecord.status == "retry")
            )
        yield GaugeMetricFamily("dd_feed_head", "Last change number allocated.", value=head)
        yield GaugeMetricFamily(
            "dd_devices_seen_last_hour",
            "Devices that called the server in the last hour.",
            value=seen or 0,
        )
        partial = self.blob_dir / "partial"
        uploads = len(list(partial.glob("*.part"))) if partial.is_dir() else 0
        yield GaugeMetricFamily(
            "dd_pending_uploads", "Blob uploads started and not finished.", value=uploads
        )
        yield GaugeMetricFamily(
            "dd_outbox_items_waiting",
            "Outbox items answered 'retry' (waiting for an attachment).",
            value=retry or 0,
        )


def render_metrics(figures: DatabaseFigures) -> bytes:
    """The exposition text: request metrics (all workers) plus the database figures."""
    registry = CollectorRegistry()
    if multiprocess():
        MultiProcessCollector(registry)
        shared = generate_latest(registry)
    else:
        shared = generate_latest(REGISTRY)
    own = CollectorRegistry()
    own.register(figures)
    return shared + generate_latest(own)


class DeviceActivity:
    """Notes when each device last called and with which client version."""

    def __init__(self, db: Database) -> None:
        """Write to ``db``."""
        self.db = db
        self._written: dict[str, tuple[float, str]] = {}

    def seen(self, device_id: str, office: str, user_agent: str | None) -> None:
        """Record a call from ``device_id`` (at most once a minute per worker and device).

        Runs in the request's worker thread, in its own short transaction after the
        request's read; a failure here never fails the request.
        """
        version = client_version(user_agent)
        now = time.monotonic()
        last = self._written.get(device_id)
        if last is not None and now - last[0] < SEEN_EVERY_SECONDS and last[1] == version:
            return
        self._written[device_id] = (now, version)
        values = {
            "device_id": device_id,
            "office": office,
            "last_seen": datetime.now(UTC),
            "client_version": version,
        }
        table = DeviceSeen.__table__
        dialect = self.db.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(table).values(**values)  # type: ignore[arg-type]
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.device_id],
            set_={k: stmt.excluded[k] for k in ("office", "last_seen", "client_version")},
        )
        try:
            with self.db.write() as session:
                session.execute(stmt)
        except Exception:  # noqa: BLE001 - bookkeeping must never fail a sync call
            access_log.warning("could not record device activity", exc_info=True)


def install(app: FastAPI, db: Database) -> None:
    """Add the request observer to ``app``; the routes are in :mod:`server.routes.health`."""
    threads = os.environ.get(THREADS_ENV)
    app.add_middleware(RequestObserver, db=db, threads=int(threads) if threads else None)
