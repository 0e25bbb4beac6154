"""Shared set-up for the sync engine's integration and fault tests.

A real reference server (subprocess on loopback), a real encrypted client store, users
created on the server and logged in online through the client (so their signing keys
are registered), and helpers to draft/approve requests and read the server's records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.config import SiteConfig, write_site_config
from app.context import Desk, open_desk
from app.credentials import Credentials, DevKeyFile, MemorySecrets, scope_for
from app.paths import resolve
from app.store.models import (
    Bulletin,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    RequestState,
    RequestType,
)
from app.sync.client import Deadlines
from app.sync.engine import EngineOptions, SyncEngine
from app.sync.enrol import enrol
from app.users import Actor
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer

OFFICE = "AST-01"
PASSWORD = "correct horse 1"


def fast_options(**overrides: Any) -> EngineOptions:
    """Engine options for tests: short deadlines and backoff, no automatic media.

    The pull uses protocol 1 pages (``stream_pull=False``; the engine's default is the
    feed stream): the fault and hostile-server tests built on these options spoil
    ``/changes`` answers, and pages stay the fallback for protocol 1 servers. The feed
    stream has its own tests (``tests/faults/test_sync_stream.py``,
    ``tests/faults/test_hostile_stream.py``), which pass ``stream_pull=True``. Idle
    cycles pull a page (``idle_news=False``; ``/news`` is not held either).
    """
    opts = EngineOptions(
        deadlines=Deadlines(connect=5.0, stall=5.0, total_base=30.0, min_rate=2000.0),
        backoff_base=0.2,
        backoff_cap=2.0,
        blob_retries=25,
        blob_retry_pause=0.05,
        good_link_rate=float("inf"),
        device_name="test-pc",
        stream_pull=False,
        # Every cycle pulls a page, as before /news: the fault and hostile-server cases
        # spoil pages after a first good sync. /news and its long-poll have their own
        # tests (tests/integration/test_news.py, test_idle_sync.py), which turn it on.
        idle_news=False,
        news_wait_seconds=0.0,
    )
    for key, value in overrides.items():
        setattr(opts, key, value)
    return opts


@dataclass
class ClientEnv:
    """An enrolled client with an officer and a supervisor logged in online."""

    server: RunningServer
    desk: Desk
    engine: SyncEngine
    officer: Actor
    supervisor: Actor
    service: RequestService

    def approved_request(
        self,
        body: str = "Please confirm the identity of the subject.",
        attachments: tuple[str, ...] = (),
    ) -> str:
        """Draft, submit and approve a request; returns its id (it is QUEUED)."""
        draft = RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-ASTANA",),
            body=body,
            attachments=attachments,
        )
        rid = self.service.create_draft(self.officer, draft)
        self.service.submit(self.officer, rid)
        with self.desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            assert req is not None
            digest = hash_of(req)
        self.service.approve(self.supervisor, rid, digest)
        return rid

    def state(self, rid: str) -> RequestState:
        with self.desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            assert req is not None
            return req.state

    def outbox(self) -> dict[str, int]:
        with self.desk.store.read() as s:
            rows = s.execute(
                select(OutboxItem.state, func.count()).group_by(OutboxItem.state)
            ).all()
        return {str(k): v for k, v in rows}

    def bulletin_count(self) -> int:
        with self.desk.store.read() as s:
            return int(
                s.scalar(
                    select(func.count()).select_from(Bulletin).where(Bulletin.deleted.is_(False))
                )
                or 0
            )

    def sync_until_done(self, rounds: int = 30) -> None:
        """Run cycles until one reports up to date (fails the test otherwise)."""
        last = None
        for _ in range(rounds):
            last = self.engine.run_once()
            if last.up_to_date:
                return
        raise AssertionError(f"sync never caught up: {last}")


def server_users(server: RunningServer) -> None:
    """The office's users on the server."""
    server.add_user("officer", "officer", OFFICE, password=PASSWORD)
    server.add_user("supervisor", "supervisor", OFFICE, password=PASSWORD)


def client_env(
    server: RunningServer,
    data_dir: Path,
    *,
    url: str | None = None,
    options: EngineOptions | None = None,
    secrets: MemorySecrets | None = None,
) -> ClientEnv:
    """Enrol a fresh client with ``server`` (through ``url``, e.g. a link emulator)."""
    desk = make_desk(
        data_dir, secrets=secrets or MemorySecrets(), site=SiteConfig(office_code=OFFICE)
    )
    enrol(desk, url or server.url, server.enrolment_code(OFFICE))
    engine = SyncEngine(desk, options or fast_options())
    officer = engine.login_online("officer", PASSWORD)
    supervisor = engine.login_online("supervisor", PASSWORD)
    return ClientEnv(
        server, desk, engine, officer, supervisor, RequestService(desk.store, desk.bus)
    )


def open_dev_key_desk(data_dir: Path) -> Desk:
    """Open the installation in ``data_dir`` with its secrets in the development key file,
    so a child process (the kill -9 tests' runners) opens the same store."""
    paths = resolve(data_dir)
    return open_desk(
        data_dir, credentials=Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    )


def dev_key_client_env(server: RunningServer, data_dir: Path) -> ClientEnv:
    """A client enrolled with ``server`` directly, its secrets in the development key file
    (see :func:`open_dev_key_desk`), officer and supervisor logged in."""
    data_dir.mkdir(parents=True, exist_ok=True)
    write_site_config(data_dir / "site.toml", office_code=OFFICE, allow_dev_key_file=True)
    desk = open_dev_key_desk(data_dir)
    enrol(desk, server.url, server.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options())
    officer = engine.login_online("officer", PASSWORD)
    supervisor = engine.login_online("supervisor", PASSWORD)
    return ClientEnv(
        server, desk, engine, officer, supervisor, RequestService(desk.store, desk.bus)
    )


def server_requests(server: RunningServer) -> dict[str, str]:
    """Request id -> status as the server holds them."""
    from server.models import OutgoingRequest as ServerRequest

    with server.db.read() as s:
        return {r.id: r.status for r in s.scalars(select(ServerRequest))}


def server_accepted_items(server: RunningServer, kind: str = "request") -> list[str]:
    """Ids of outbox items of ``kind`` the server accepted (idempotency records)."""
    from server.models import ItemRecord

    with server.db.read() as s:
        return [
            r.id
            for r in s.scalars(
                select(ItemRecord).where(ItemRecord.kind == kind, ItemRecord.status == "accepted")
            )
        ]


def post_reply(server: RunningServer, request_id: str, text: str = "Identity confirmed.") -> str:
    from server import operator

    with server.db.write() as s:
        return operator.post_reply(s, request_id, text)


def write_dev_site(data_dir: Path, url: str) -> None:
    """A site file allowing the development key file (subprocess clients share secrets)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    write_site_config(
        data_dir / "site.toml", server_url=url, office_code=OFFICE, allow_dev_key_file=True
    )


def pending_items(desk: Desk) -> int:
    with desk.store.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxItem)
                .where(OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING]))
            )
            or 0
        )


def dump(obj: Any) -> str:
    return json.dumps(obj, default=str, indent=1)
