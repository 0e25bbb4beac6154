"""Nothing entered into District Desk reaches the disk in plain text.

A canary is written into a request body, a person's name, an attachment's content and
file name; then every file under the data directory (database, WAL, SHM, blobs, logs,
settings, key files) is searched for it, while the store is open and after it closes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import select

from app.config import Preferences
from app.context import Desk
from app.store.models import Attachment, Person, PersonName, RequestType
from app.users import login
from app.workflow import RequestDraft, RequestService
from tests.helpers.desk import TEST_PASSWORD
from tests.unit.test_cli import make_cli_data_dir, open_cli_desk, populate, run_cli


def _needles(canary: str) -> list[bytes]:
    """The canary in every encoding a careless writer could use."""
    return [
        canary.encode("utf-8"),
        canary.encode("utf-16-le"),
        canary.encode("utf-16-be"),
        canary.encode("utf-8").hex().encode("ascii"),
    ]


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _leaks(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in _files(root):
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # a -shm or temp file removed while we walked
            continue
        found += [f"{path.relative_to(root)}: {n[:12]!r}" for n in needles if n in data]
    return found


def _fill(desk: Desk, canary: str) -> str:
    actor = login(desk.store, "ivanov", TEST_PASSWORD)
    svc = RequestService(desk.store)
    svc.create_draft(
        actor,
        RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-ASTANA",),
            body=f"Subject was seen with {canary} near the border post.",
        ),
    )
    blob = f"scanned passport page of {canary}\n".encode() * 5000  # several chunks
    sha = desk.blobs.put(blob)
    with desk.store.write() as s:
        person = Person(description=f"tattoo reading {canary}", birth_year=1975)
        person.names.append(
            PersonName(full_name=f"{canary} Ivanovich", surname=canary, script="Latn")
        )
        s.add(person)
        s.add(Attachment(sha256=sha, size=len(blob), filename=f"{canary}.jpg"))
    Preferences(language="ru").save(desk.paths)
    return sha


def test_canary_never_on_disk_open_or_closed(tmp_path: Path) -> None:
    canary = "CANARY" + secrets.token_hex(6).upper() + "Жулдыз"
    needles = _needles(canary)
    data = make_cli_data_dir(tmp_path / "data")
    desk = open_cli_desk(data)
    try:
        populate(desk)
        sha = _fill(desk, canary)
        # The canary really went in (so finding nothing below means something).
        with desk.store.read() as s:
            names = s.scalars(select(PersonName.full_name)).all()
        assert any(canary in n for n in names)
        assert canary.encode() in desk.blobs.read(sha)

        wal = data / "desk.db-wal"
        assert wal.exists() and wal.stat().st_size > 0, "the test must see a live WAL"
        assert _leaks(data, needles) == []
        # Force the WAL into the main file and look again.
        desk.store.checkpoint()
        assert _leaks(data, needles) == []
    finally:
        desk.close()

    # A verbose command writes the log file; it must carry nothing entered either.
    r = run_cli("-v", "status", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert list((data / "logs").iterdir()), "expected a log file"
    assert _leaks(data, needles) == []
    assert canary not in r.stdout + r.stderr

    header = (data / "desk.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    # The positive control: the same search finds the canary in a plain file.
    (tmp_path / "plain.txt").write_bytes(needles[0])
    assert _leaks(tmp_path, needles)


def test_blob_files_are_named_and_filled_opaquely(tmp_path: Path) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    desk = open_cli_desk(data)
    try:
        content = b"%PDF-1.4 known public form " + os.urandom(16)
        sha = desk.blobs.put(content)
        path = desk.blobs.path(sha)
        assert sha not in str(path)  # the name does not reveal which file this is
        raw = path.read_bytes()
        assert content[:20] not in raw
        assert desk.blobs.read(sha) == content
    finally:
        desk.close()
