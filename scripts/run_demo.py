"""``make run``: the reference server with demo data on loopback, and the client on it.

Steps: start ``district-desk-server serve --demo`` on 127.0.0.1 (free port, SQLite under
``.demo/server``), seed it, create an officer and a supervisor of one office and an
enrolment code; enrol ``.demo/client`` through the sync engine, log both users in online
once (so they can log in offline afterwards), pull the data, then open the desktop
interface. The server stops when the interface closes.

If the server or the sync engine cannot be used, the interface still opens on a demo data
directory with local users and sample data written through the core (never a dead end).
Run with ``--fresh`` to start again from nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"
OFFICE = "DEMO-01"
USERS = (
    # username, role, display name, password
    ("ivanov", "officer", "Иванов И. И.", "officer-demo-1"),
    ("petrova", "supervisor", "Петрова А. С.", "supervisor-demo-1"),
)
_LISTENING = re.compile(r"listening on (http://\S+)")

sys.path.insert(0, str(ROOT))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _server_args(workdir: Path) -> list[str]:
    return ["--db", f"sqlite:///{workdir / 'server.sqlite3'}", "--blob-dir", str(workdir / "blobs")]


def server_cli(workdir: Path, *args: str, stdin: str | None = None) -> str:
    """Run one ``district-desk-server`` admin command; returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "server", *args, *_server_args(workdir)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"server {args[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def start_server(workdir: Path, demo_delay: float = 20.0) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server in demo mode on a free loopback port; returns (process, URL)."""
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                *_server_args(workdir),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--demo",
                "--demo-delay",
                str(demo_delay),
            ],
            cwd=ROOT,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        m = _LISTENING.search(log_path.read_text("utf-8", errors="replace"))
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the server did not start:\n" + log_path.read_text("utf-8", "replace"))


def prepare_server(workdir: Path) -> str:
    """Seed the server and create the demo users (first run only); returns an enrolment code."""
    marker = workdir / ".prepared"
    if not marker.exists():
        server_cli(
            workdir,
            "seed",
            "--bulletins",
            "400",
            "--cases",
            "25",
            "--photos",
            "--office",
            OFFICE,
            "--seed",
            "7",
        )
        for username, role, display, password in USERS:
            server_cli(
                workdir,
                "user",
                "add",
                "--username",
                username,
                "--role",
                role,
                "--office",
                OFFICE,
                "--display-name",
                display,
                stdin=password + "\n",
            )
        marker.write_text("ok\n", encoding="utf-8")
    lines = server_cli(workdir, "enrollment-code", "--office", OFFICE).strip().splitlines()
    if not lines:
        raise RuntimeError("the server printed no enrolment code")
    return lines[-1].strip()


def write_site(client: Path, server_url: str) -> None:
    from app.config import write_site_config

    client.mkdir(parents=True, exist_ok=True)
    write_site_config(
        client / "site.toml",
        server_url=server_url or None,
        office_code=OFFICE,
        allow_dev_key_file=True,
        default_language="ru",
        inactivity_minutes=30,
    )


def enrol_client(client: Path, server_url: str, code: str) -> None:
    """Enrol the demo client, log the users in online once and pull the data."""
    from app.context import open_desk
    from app.store.models import Meta
    from app.sync.engine import SyncEngine
    from app.sync.enrol import enrol

    desk = open_desk(client)
    try:
        with desk.store.read() as s:
            enrolled = s.get(Meta, "device_id") is not None
        if not enrolled:
            enrol(desk, server_url, code)
        engine = SyncEngine(desk)
        try:
            actors = {u[0]: engine.login_online(u[0], u[3]) for u in USERS}
            print("demo: first synchronisation…", flush=True)
            result = engine.run_once()
            if result.failure is not None:
                print(f"demo: sync reported {result.failure.code}", flush=True)
        finally:
            engine.close()
        add_local_work(desk, actors)
    finally:
        desk.close()


def local_users(desk: Any) -> dict[str, Any]:
    """Create the demo users on this PC only (when there is no server)."""
    from sqlalchemy import select

    from app.store.models import Role, User
    from app.users import create_user, login

    with desk.store.write() as s:
        for username, role, display, password in USERS:
            if s.scalar(select(User).where(User.username == username)) is None:
                create_user(
                    s,
                    username=username,
                    password=password,
                    role=Role(role),
                    office_code=OFFICE,
                    display_name=display,
                )
    return {u[0]: login(desk.store, u[0], u[3]) for u in USERS}


def write_sample_data(desk: Any, n_bulletins: int = 300, seed: int = 7) -> None:
    """Bulletins, persons, vehicles, cases and a reply, written through the core (offline)."""
    from sqlalchemy import func, select

    from app.search import index
    from app.store.models import (
        Bulletin,
        BulletinKind,
        Case,
        CaseEvent,
        CaseSubject,
        HandlingCode,
        Person,
        PersonName,
        Vehicle,
        new_id,
        utcnow,
    )

    rnd = random.Random(seed)
    with desk.store.read() as s:
        if (s.scalar(select(func.count()).select_from(Bulletin)) or 0) > 0:
            return
    surnames = [
        ("Иванов", "Ivanov"),
        ("Каримов", "Karimov"),
        ("Нурланов", "Nurlanov"),
        ("Рахмонов", "Rakhmonov"),
        ("Сейткали", "Seitkali"),
        ("Петренко", "Petrenko"),
        ("Ахмедов", "Akhmedov"),
        ("Ташкентов", "Tashkentov"),
    ]
    given = [
        ("Сергей", "Sergei"),
        ("Азамат", "Azamat"),
        ("Бахтиёр", "Bakhtiyor"),
        ("Дильшод", "Dilshod"),
        ("Ерлан", "Yerlan"),
        ("Олег", "Oleg"),
    ]
    kinds = [
        BulletinKind.RED,
        BulletinKind.YELLOW,
        BulletinKind.BLUE,
        BulletinKind.STOLEN_VEHICLE,
        BulletinKind.NATIONAL_ALERT,
        BulletinKind.REGIONAL_ALERT,
    ]
    now = utcnow()
    person_ids: list[str] = []
    with desk.store.write() as s:
        for i in range(n_bulletins):
            kind = kinds[i % len(kinds)]
            bid = new_id()
            sur, giv = rnd.choice(surnames), rnd.choice(given)
            b = Bulletin(
                id=bid,
                kind=kind,
                reference=f"2024/{1000 + i}",
                title=f"{sur[1]} {giv[1]}"
                if kind != BulletinKind.STOLEN_VEHICLE
                else f"Toyota Camry {rnd.randint(100, 999)} ABC",
                summary="Sample bulletin for the demonstration.",
                issuing_country=rnd.choice(["KAZ", "UZB", "KGZ", "TJK", "TKM", "RUS"]),
                issued_on=date(2024, 1, 1) + timedelta(days=rnd.randrange(600)),
                urgent=i % 23 == 0,
                cancelled=i % 29 == 0,
                cancelled_at=now if i % 29 == 0 else None,
                handling_code=rnd.choice(list(HandlingCode)),
                data_as_of=now,
            )
            s.add(b)
            if kind == BulletinKind.STOLEN_VEHICLE:
                plate = f"{rnd.randint(100, 999)}ABC{rnd.randint(1, 17):02d}"
                s.add(
                    Vehicle(
                        bulletin_id=bid,
                        plate=plate,
                        plate_norm=plate,
                        make="Toyota",
                        model="Camry",
                        colour="white",
                        registration_country="KAZ",
                    )
                )
                continue
            pid = new_id()
            s.add(
                Person(
                    id=pid,
                    bulletin_id=bid,
                    sex="M",
                    birth_year=1960 + rnd.randrange(40),
                    names=[
                        PersonName(
                            full_name=f"{sur[0]} {giv[0]}",
                            surname=sur[0],
                            given_name=giv[0],
                            script="Cyrl",
                            language="ru",
                        ),
                        PersonName(
                            position=1,
                            full_name=f"{sur[1].upper()} {giv[1].upper()}",
                            surname=sur[1],
                            given_name=giv[1],
                            script="Latn",
                            name_type="passport",
                        ),
                    ],
                )
            )
            person_ids.append(pid)
        s.flush()
        index.index_persons(s, person_ids)
        for i in range(12):
            cid = new_id()
            s.add(
                Case(
                    id=cid,
                    number=f"{OFFICE}-2024-{i + 1:03d}",
                    title=rnd.choice(
                        [
                            "Кража автомобиля",
                            "Мошенничество",
                            "Розыск без вести пропавшего",
                            "Грабёж",
                        ]
                    ),
                    office_code=OFFICE,
                    opened_on=date(2024, 6, 1) + timedelta(days=i),
                )
            )
            s.flush()
            if person_ids:
                s.add(CaseSubject(case_id=cid, person_id=rnd.choice(person_ids)))
            s.add(
                CaseEvent(
                    case_id=cid,
                    kind="note",
                    author_name="Петрова А. С.",
                    body="Материалы получены, проводится проверка.",
                    origin="server",
                    server_seq=1,
                )
            )


def add_local_work(desk: Any, actors: dict[str, Any]) -> None:
    """A draft and a request awaiting approval, so both roles have something to do."""
    from sqlalchemy import func, select

    from app.store.models import OutgoingRequest, Priority, RequestType
    from app.workflow import RequestDraft, RequestService

    with desk.store.read() as s:
        if (s.scalar(select(func.count()).select_from(OutgoingRequest)) or 0) > 0:
            return
    service = RequestService(desk.store, desk.bus)
    officer = actors["ivanov"]
    service.create_draft(
        officer,
        RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-TASHKENT",),
            body="Прошу сообщить сведения о судимости задержанного гражданина.",
        ),
    )
    rid = service.create_draft(
        officer,
        RequestDraft(
            request_type=RequestType.VEHICLE_CHECK,
            priority=Priority.URGENT,
            recipients=("KZ-GP", "NCB-BISHKEK"),
            subjects=({"kind": "vehicle", "ref": "777ABC02", "label": "777ABC02"},),
            body="Прошу проверить автомобиль Toyota Camry, г/н 777ABC02, по учётам угона.",
        ),
    )
    service.submit(officer, rid)


def prepare_offline(client: Path) -> None:
    """The fallback: local users and sample data only."""
    from app.context import open_desk

    desk = open_desk(client)
    try:
        actors = local_users(desk)
        write_sample_data(desk)
        add_local_work(desk, actors)
    finally:
        desk.close()


def _mode(client: Path) -> str:
    """How the demo client was prepared: "online" (enrolled), "offline" or "" (new)."""
    try:
        return (client / ".demo-mode").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _set_mode(client: Path, mode: str) -> None:
    (client / ".demo-mode").write_text(mode + "\n", encoding="utf-8")


def print_accounts(server_url: str | None) -> None:
    print("\nDistrict Desk demo")
    print(f"  data directory : {DEMO / 'client'}")
    print(f"  regional server: {server_url or 'not running (offline demo)'}")
    for username, role, display, password in USERS:
        print(f"  {role:<10} {username:<8} password: {password}   ({display})")
    print(flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fresh", action="store_true", help="delete .demo first")
    parser.add_argument("--offline", action="store_true", help="do not start the server")
    parser.add_argument("--no-gui", action="store_true", help="prepare only (tests, CI)")
    args = parser.parse_args(argv)
    if args.fresh and DEMO.exists():
        shutil.rmtree(DEMO)
    client, server_dir = DEMO / "client", DEMO / "server"
    proc: subprocess.Popen[bytes] | None = None
    url: str | None = None
    try:
        if not args.offline:
            try:
                proc, url = start_server(server_dir)
                code = prepare_server(server_dir)
                if _mode(client) == "offline":
                    # Local sample data and the server's data do not mix: start the client
                    # again from the server (it holds demo data only).
                    print("demo: replacing the offline demo client with an enrolled one")
                    shutil.rmtree(client)
                write_site(client, url)
                enrol_client(client, url, code)
                _set_mode(client, "online")
            except Exception as exc:  # noqa: BLE001 - the demo must still open
                print(
                    f"demo: the regional server is not available ({exc}); "
                    "opening an offline demo instead",
                    file=sys.stderr,
                )
                if proc is not None:
                    proc.terminate()
                proc, url = None, None
        if url is None:
            if _mode(client) == "online":
                print("demo: using the enrolled demo client offline (the server is not running)")
            else:
                write_site(client, "")
                prepare_offline(client)
                _set_mode(client, "offline")
        print_accounts(url)
        if args.no_gui:
            return 0
        from ui.main import run_gui

        return run_gui(str(client), [])
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
