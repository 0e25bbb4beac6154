"""Start the reference server (``district-desk-server serve``) for tests.

The server runs as a real subprocess on 127.0.0.1 with a free port, on a temporary SQLite
database, or on a fresh PostgreSQL database when ``DD_TEST_PG_URL`` is set (see
``tests/helpers/pg.sh``). Helpers create users, enrolment codes and seed data by opening
the same database in-process, which is much faster than running the CLI for each.

The fixtures below are declared once, in ``tests/conftest.py``, for every test directory.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from app.sync.protocol import API_PREFIX, PROTOCOL_HEADER

REPO = Path(__file__).resolve().parents[2]
PG_ENV = "DD_TEST_PG_URL"
_LISTENING = re.compile(r"listening on (https?://\S+)")
START_TIMEOUT = 30.0


def _run_sql_autocommit(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def _pg_database(base_url: str) -> tuple[str, str]:
    """Create a throw-away database next to ``base_url``; return (its URL, its name)."""
    name = "dd_test_" + uuid.uuid4().hex[:12]
    _run_sql_autocommit(base_url, f'CREATE DATABASE "{name}"')
    head, _, _ = base_url.rpartition("/")
    return f"{head}/{name}", name


@dataclass
class RunningServer:
    """A server subprocess and helpers to prepare its data."""

    url: str
    db_url: str
    blob_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]
    pg_cleanup: tuple[str, str] | None = None
    _db: Any = field(default=None, repr=False)

    def api(self, path: str) -> str:
        """Absolute URL of an API path such as ``/hello``."""
        return self.url + API_PREFIX + path

    @property
    def db(self) -> Any:
        """The server's database opened in this process (``server.db.Database``)."""
        if self._db is None:
            from server.db import open_database

            self._db = open_database(self.db_url, create=False)
        return self._db

    def add_user(
        self, username: str, role: str, office: str, password: str = "correct horse"
    ) -> str:
        """Create a user; return its id."""
        from server import accounts

        with self.db.write() as session:
            user = accounts.add_user(
                session, username=username, password=password, role=role, office=office
            )
            return str(user.id)

    def enrolment_code(self, office: str) -> str:
        """A fresh one-time enrolment code."""
        from server import accounts

        with self.db.write() as session:
            return accounts.issue_enrolment_code(session, office)

    def revoke_device(self, device_id: str) -> None:
        """Revoke a device (what ``district-desk-server revoke-device`` does)."""
        from server import accounts

        with self.db.write() as session:
            assert accounts.revoke_device(session, device_id)

    def expire_tokens(self, device_id: str) -> None:
        """Make every token of a device expire now (instead of waiting for the TTL)."""
        from datetime import UTC, datetime, timedelta

        from sqlalchemy import update

        from server.models import Token

        past = datetime.now(UTC) - timedelta(seconds=1)
        with self.db.write() as session:
            session.execute(
                update(Token).where(Token.device_id == device_id).values(expires_at=past)
            )

    def seed(
        self, bulletins: int, cases: int = 0, offices: list[str] | None = None, photos: bool = False
    ) -> Any:
        """Publish generated data; returns ``server.seed.SeedResult``."""
        from server.blobs import BlobStore
        from server.seed import seed

        return seed(
            self.db,
            BlobStore(self.blob_dir),
            bulletins=bulletins,
            cases=cases,
            offices=offices or ["D01"],
            photos=photos,
            seed_value=7,
        )

    def cli(
        self, *args: str, stdin: str | None = None, check: bool = True, timeout: float = 60
    ) -> str:
        """Run ``district-desk-server ARGS --db ... --blob-dir ...``; return stdout."""
        command = [
            sys.executable,
            "-m",
            "server",
            *args,
            "--db",
            self.db_url,
            "--blob-dir",
            str(self.blob_dir),
        ]
        done = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            text=True,
            cwd=REPO,
            env=_child_env(),
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed: {done.stderr}")
        return done.stdout

    def log(self) -> str:
        """What the server printed so far."""
        return self.log_path.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server and drop a PostgreSQL test database."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._db is not None:
            self._db.engine.dispose()
            self._db = None
        if self.pg_cleanup is not None:
            base, name = self.pg_cleanup
            _run_sql_autocommit(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.pg_cleanup = None


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("DD_SERVER_DB", None)
    env.pop("DD_SERVER_BLOBS", None)
    return env


def _wait_for_url(process: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        match = _LISTENING.search(log_path.read_text("utf-8", errors="replace"))
        if match:
            return match.group(1)
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text("utf-8", "replace"))
        time.sleep(0.05)
    raise RuntimeError("server did not start:\n" + log_path.read_text("utf-8", "replace"))


def _wait_for_hello(url: str, verify: str | bool = True) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            response = requests.get(url + API_PREFIX + "/hello", timeout=2, verify=verify)
            if response.status_code == 200 and response.headers.get(PROTOCOL_HEADER) == "1":
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no /hello from {url}")


def start_server(workdir: Path, *extra: str, demo_delay: float | None = None) -> RunningServer:
    """Start ``serve`` on 127.0.0.1 with a free port and wait until ``/hello`` answers.

    Args:
        workdir: Directory for the SQLite file, blobs and the server log.
        extra: Extra ``serve`` arguments.
        demo_delay: If given, run in demo mode with this delay.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    pg_base = os.environ.get(PG_ENV)
    pg_cleanup = None
    if pg_base:
        db_url, name = _pg_database(pg_base)
        pg_cleanup = (pg_base, name)
    else:
        db_url = f"sqlite:///{workdir / 'server.sqlite3'}"
    blob_dir = workdir / "blobs"
    log_path = workdir / "server.log"
    args = [
        sys.executable,
        "-m",
        "server",
        "serve",
        "--db",
        db_url,
        "--blob-dir",
        str(blob_dir),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--test-hooks",
        *extra,
    ]
    if demo_delay is not None:
        args += ["--demo", "--demo-delay", str(demo_delay)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, cwd=REPO, env=_child_env(), stdout=log, stderr=subprocess.STDOUT
        )
    server = RunningServer("", db_url, blob_dir, log_path, process, pg_cleanup)
    try:
        server.url = _wait_for_url(process, log_path)
        cert = extra[extra.index("--ssl-certfile") + 1] if "--ssl-certfile" in extra else True
        _wait_for_hello(server.url, cert)
    except BaseException:
        server.stop()
        raise
    return server


class ServerFactory:
    """Starts servers on demand and stops them all at the end of the test."""

    def __init__(self, root: Path) -> None:
        """Keep servers' files under ``root``."""
        self.root = root
        self.servers: list[RunningServer] = []

    def __call__(self, *extra: str, demo_delay: float | None = None) -> RunningServer:
        """Start one more server."""
        server = start_server(
            self.root / f"server{len(self.servers)}", *extra, demo_delay=demo_delay
        )
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        """Stop every server started by this factory."""
        for server in self.servers:
            server.stop()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[ServerFactory]:
    """A factory of running servers, all stopped after the test."""
    factory = ServerFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.stop_all()


@pytest.fixture
def dd_server(server_factory: ServerFactory) -> RunningServer:
    """One running server with an empty database."""
    return server_factory()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server shared by a test module (tests must not depend on each other's data)."""
    server = start_server(tmp_path_factory.mktemp("dd_server"))
    try:
        yield server
    finally:
        server.stop()
