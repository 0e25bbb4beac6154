"""Schema migrations: upgrades keep every row, newer stores are refused untouched, no drift.

The upgrade test is generic on purpose: it reflects the tables of the first revision, fills
every one of them (foreign keys included) and checks every value after upgrading to the
current head, so a migration added later is covered without editing this file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    select,
)
from sqlalchemy.engine import Engine

from app.credentials import Credentials, MemorySecrets
from app.errors import StoreTooNew
from app.paths import Paths
from app.store import migrate
from app.store.db import open_store
from app.store.models import Base, UtcDateTime
from tests.helpers.desk import make_desk

FIRST = "0001_initial"
ROWS_PER_TABLE = 2
# Columns a later migration removed on purpose (table.column); empty so far. Adding one
# here is the explicit decision that its data may be dropped.
DROPPED_ON_PURPOSE: set[str] = set()


def _value(table: Table, col: Any, i: int, parents: dict[str, list[dict[str, Any]]]) -> Any:
    """A valid, distinct value for ``col`` in row ``i``, typed as the head models expect."""
    for fk in col.foreign_keys:
        parent_rows = parents[fk.column.table.name]
        return parent_rows[i % len(parent_rows)][fk.column.name]
    orm_table = Base.metadata.tables.get(table.name)
    orm_col = orm_table.c.get(col.name) if orm_table is not None else None
    orm_type = orm_col.type if orm_col is not None else col.type
    if isinstance(orm_type, Enum):
        return orm_type.enums[i % len(orm_type.enums)]
    if isinstance(orm_type, UtcDateTime):
        return f"2024-0{i + 1}-1{i}T08:30:00.00000{i}Z"
    if isinstance(orm_type, Boolean) or isinstance(col.type, Boolean):
        return i % 2
    if isinstance(orm_type, Date) or isinstance(col.type, Date):
        return f"1975-0{i + 1}-2{i}"
    if isinstance(orm_type, Integer) or isinstance(col.type, Integer):
        return i + 1
    if isinstance(orm_type, LargeBinary) or isinstance(col.type, LargeBinary):
        return bytes([i, 0xDD, 0x01])
    if isinstance(orm_type, JSON) or isinstance(col.type, JSON):
        if col.name in ("recipients", "attachments"):
            return json.dumps([f"{col.name}-{i}"])
        if col.name == "subjects":
            return json.dumps([{"kind": "person", "ref": f"P-{i}"}])
        return json.dumps({"row": i, "note": "kept"})
    length = getattr(col.type, "length", None) or 200
    text = f"{col.name[:8]}-{table.name[:8]}-{i}"
    if length < len(text):
        text = f"{col.name}{i}"[-length:]
    return text


def _fill(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    md = MetaData()
    md.reflect(engine)
    rows: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as conn:
        for table in md.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows[table.name] = []
            for i in range(ROWS_PER_TABLE):
                row = {c.name: _value(table, c, i, rows) for c in table.columns}
                # Raw driver values, as stored: no type processing by the reflected table.
                cols = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" for _ in row)
                conn.exec_driver_sql(
                    f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})', tuple(row.values())
                )
                rows[table.name].append(row)
    return rows


def _read_all(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    md = MetaData()
    md.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for table in md.sorted_tables:
            out[table.name] = [
                dict(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{table.name}"').mappings()
            ]
    return out


def _normalise(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def test_upgrade_from_first_revision_keeps_every_row(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    creds = Credentials(MemorySecrets(), "migration-test")
    store = open_store(paths, creds, migrate=False)
    try:
        migrate.upgrade(store.engine, FIRST)
        assert migrate.current_revision(store.engine) == FIRST
        before = _fill(store.engine)
    finally:
        store.close()
    assert len(before) >= 15, sorted(before)  # every table of the first revision is filled

    store = open_store(paths, creds)  # start-up migrates to head, as the app does
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        after = _read_all(store.engine)
        # The head ORM loads every old row (enums, timestamps and JSON still parse).
        with store.read() as s:
            for mapper in Base.registry.mappers:
                s.scalars(select(mapper.class_)).all()
    finally:
        store.close()
    # The copy taken before the upgrade is gone once the upgraded store checked ok.
    assert not list(paths.data_dir.glob("desk.db.before-*.bak"))

    for name, rows in before.items():
        assert name in after, f"table {name} disappeared"
        assert len(after[name]) >= len(rows), f"rows lost in {name}"  # new rows are fine
        pk = [c for c in rows[0] if c in ("id", "code", "key", "seq", "sha256", "lane")]
        key = pk[0] if pk else next(iter(rows[0]))
        new_by_key = {r[key]: r for r in after[name]}
        for row in rows:
            new = new_by_key.get(row[key])
            assert new is not None, f"{name} row {row[key]} lost"
            for col, value in row.items():
                if f"{name}.{col}" in DROPPED_ON_PURPOSE:
                    continue
                assert col in new, f"column {name}.{col} lost by a migration"
                assert _normalise(new[col]) == _normalise(value), (name, col)


def _file_digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".write-probe"
    }


def test_store_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    secrets = MemorySecrets()
    desk = make_desk(tmp_path / "data", secrets=secrets)
    with desk.store.write() as s:
        s.connection().exec_driver_sql(
            "UPDATE alembic_version SET version_num = '0099_from_the_future'"
        )
    desk.close()
    before = _file_digests(tmp_path / "data")
    assert "desk.db" in before and "desk.db-wal" not in before

    with pytest.raises(StoreTooNew) as info:
        make_desk(tmp_path / "data", secrets=secrets)
    assert info.value.code == "store.too_new"
    assert "0099_from_the_future" in info.value.message
    assert "newer version of District Desk" in info.value.message
    assert migrate.head_revision() in info.value.message
    assert _file_digests(tmp_path / "data") == before


def test_migrations_have_a_single_head_and_a_linear_chain() -> None:
    script = migrate.script_directory()
    heads = script.get_heads()
    assert heads == [migrate.head_revision()], f"several heads: {heads}"
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == FIRST
    for rev in revisions:
        assert not rev.is_merge_point, f"{rev.revision} merges branches"
        assert rev.revision.split("_")[0].isdigit(), rev.revision


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    """A model changed without a migration (or the reverse) shows up here."""
    desk = make_desk(tmp_path / "data")
    try:
        with desk.store.engine.connect() as conn:
            # Virtual tables (FTS5 indexes) and their shadow tables are built by migrations
            # on purpose and have no ORM model.
            virtual = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            ]
            ctx = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_name": lambda name, kind, _parent: (
                        not (
                            kind == "table"
                            and name is not None
                            and any(name == v or name.startswith(f"{v}_") for v in virtual)
                        )
                    ),
                },
            )
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        desk.close()
    assert diff == [], "models and migrations differ:\n" + "\n".join(map(str, diff))
