"""Helpers to open real District Desk installations in temporary directories."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.config import SiteConfig
from app.context import Desk, open_desk
from app.credentials import Credentials, MemorySecrets
from app.store.models import Role
from app.users import Actor, create_user, login

TEST_PASSWORD = "correct horse 1"


def make_desk(
    data_dir: Path, *, secrets: MemorySecrets | None = None, site: SiteConfig | None = None
) -> Desk:
    """Open a real encrypted store in ``data_dir`` with in-memory secrets."""
    creds = Credentials(secrets or MemorySecrets(), "test")
    return open_desk(data_dir, credentials=creds, site=site or SiteConfig(office_code="AST-01"))


@dataclass
class Office:
    """A desk with a typical office: two officers, two supervisors, an admin."""

    desk: Desk
    officer: Actor
    officer2: Actor
    supervisor: Actor
    supervisor2: Actor
    admin: Actor
    other_supervisor: Actor  # a supervisor of another office


def make_office(desk: Desk) -> Office:
    people = [
        ("officer", Role.OFFICER, "AST-01"),
        ("officer2", Role.OFFICER, "AST-01"),
        ("supervisor", Role.SUPERVISOR, "AST-01"),
        ("supervisor2", Role.SUPERVISOR, "AST-01"),
        ("admin", Role.ADMIN, "AST-01"),
        ("other_supervisor", Role.SUPERVISOR, "KAR-02"),
    ]
    with desk.store.write() as s:
        for name, role, office in people:
            create_user(
                s,
                username=name,
                password=TEST_PASSWORD,
                role=role,
                office_code=office,
                display_name=name.title(),
            )
    actors = {name: login(desk.store, name, TEST_PASSWORD) for name, _, _ in people}
    return Office(desk, **actors)
