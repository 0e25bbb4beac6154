"""Alembic, driven programmatically: the store is migrated at start-up, never by hand.

Every start compares the store's revision with the newest migration. That comparison reads
the ``alembic_version`` table and the migration files' ``revision`` lines directly, so a
start with nothing to migrate does not import Alembic (about a third of a second of the
frozen app's start-up); Alembic is loaded only to migrate, or when the files are not a
plain linear chain it can be sure of.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")

_REVISION_RE = re.compile(r"^revision\s*(?::[^=\n]+)?=\s*['\"]([^'\"\n]+)['\"]\s*$", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*(?::[^=\n]+)?=\s*(?:None|['\"]([^'\"\n]+)['\"])\s*$", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def scanned_head() -> str | None:
    """The head of a linear chain read from the scripts' text, or None when unsure."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        if path.name.startswith(("_", ".")):
            continue
        text = path.read_text(encoding="utf-8")
        rev = _REVISION_RE.findall(text)
        down = _DOWN_RE.findall(text)
        if len(rev) != 1 or len(down) != 1:
            return None
        revisions.add(rev[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


def head_revision() -> str:
    head = scanned_head() or script_directory().get_current_head()
    assert head is not None
    return head


def is_known_revision(rev: str) -> bool:
    try:
        return script_directory().get_revision(rev) is not None
    except Exception:  # noqa: BLE001 - alembic raises several types for unknown revisions
        return False


def current_revision(engine: Engine) -> str | None:
    """The store's revision (None for a new store), read without loading Alembic."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        rows = (
            list(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
            if has_table
            else []
        )
    if len(rows) <= 1:
        return rows[0] if rows else None
    # Several rows mean several heads: let Alembic report it as it always did.
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` inside one connection."""
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
