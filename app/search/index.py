"""The name index over the encrypted store: maintenance and candidate retrieval.

Maintenance is incremental: whoever inserts, changes or deletes persons or their names
(sync, snapshot import, tests) calls :func:`index_persons` in the same transaction. The
sync engine does this through ``app.sync.apply.index_hook``. A full :func:`rebuild` runs
from the migration that creates the tables and again, at start-up, whenever
:data:`app.search.keys.KEY_ALGO_VERSION` has changed (:func:`ensure_current`).

Retrieval (:func:`candidate_refs`) lives in :mod:`app.search.retrieval`; its names stay
importable from here.

Functions here take a SQLAlchemy ``Connection`` or ``Session`` and never commit: they run
inside the caller's transaction.
"""

# ruff: noqa: S608 - SQL here is assembled from "?" placeholders and fixed table names only;
# every value is a bound parameter.
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.search.keys import (
    KEY_ALGO_VERSION,
    NameKey,
    PreparedName,
    TokenKey,
    clear_token_cache,
    encode_token_forms,
    encode_token_key,
    is_token_cached,
    name_keys,
    prepare_name,
    seed_token_forms,
    spelling_token_keys,
    token_forms_of,
)
from app.search.normalize import PartRole, Script

# Retrieval lives in app.search.retrieval; these names stay importable from here.
from app.search.retrieval import (  # noqa: F401
    KEY_SEP,
    MASK_BITS,
    MASK_SEP,
    MAX_KEY_LEN,
    Candidate,
    candidate_refs,
    clear_key_counts,
    raw_rows,
)
from app.search.tables import FTS_TABLE
from app.store.batches import chunked

log = logging.getLogger(__name__)

META_KEY = "search.key_algo_version"
BATCH = 2000

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def _conn(db: Connection | Session) -> Connection:
    return db.connection() if isinstance(db, Session) else db


# --- DDL (used by the migration) --------------------------------------------------------------


def fts_ddl(sqlite_version: tuple[int, ...]) -> str:
    """``CREATE VIRTUAL TABLE`` for the prefix table.

    SQLite 3.43 added ``contentless_delete``, which lets a contentless table (no copy of
    the text) delete rows by rowid; older SQLite keeps the text so rows can be deleted.
    """
    options = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
    if sqlite_version >= (3, 43, 0):
        options = "content = '', contentless_delete = 1, " + options
    return f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(tokens, {options})"


def sqlite_version(db: Connection | Session) -> tuple[int, ...]:
    """The SQLite library version behind a connection."""
    raw = _conn(db).exec_driver_sql("SELECT sqlite_version()").scalar()
    return tuple(int(x) for x in str(raw).split("."))


# --- keys of one person --------------------------------------------------------------------------


# Prepared stored spellings, by (full_name, language). A plain dict (not lru_cache) so
# that a search can tell which spellings still need their tokens' forms.
_PREPARED: dict[tuple[str, str], PreparedName] = {}
_PREPARED_MAX = 100_000


def _prepared(full_name: str, language: str) -> PreparedName:
    key = (full_name, language)
    cached = _PREPARED.get(key)
    if cached is None:
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        cached = _PREPARED[key] = prepare_name(full_name, language or None)
    return cached


def clear_caches() -> None:
    """Forget prepared spellings, token forms and key counts (a freshly started client)."""
    _PREPARED.clear()
    clear_token_cache()
    clear_key_counts()


def prepared_spelling(
    full_name: str, language: str = "", name_id: int | None = None
) -> PreparedName:
    """A stored spelling, prepared once per process and tagged with its row id."""
    base = _prepared(full_name, language or "")
    if name_id is None:
        return base
    return PreparedName(base.spelling, base.parts, base.language, name_id)


def person_keys(
    spellings: Iterable[tuple[str, str]], tokens: set[TokenKey] | None = None
) -> set[NameKey]:
    """The distinct keys of a person from ``(full_name, language)`` spellings.

    Args:
        spellings: ``(full_name, language)`` pairs.
        tokens: If given, receives the token keys the spellings use.
    """
    return set(person_key_masks(spellings, tokens))


def person_key_masks(
    spellings: Iterable[tuple[str, str]], tokens: set[TokenKey] | None = None
) -> dict[NameKey, int]:
    """The distinct keys of a person, each with the spellings that give it.

    Bit ``i`` of a key's mask is set when spelling ``i`` gives the key (spellings past the
    last bit share it), so retrieval can tell all parts of one spelling matching from parts
    pooled across a person's aliases.

    Args:
        spellings: ``(full_name, language)`` pairs.
        tokens: If given, receives the token keys the spellings use.
    """
    masks: dict[NameKey, int] = {}
    for i, (full_name, language) in enumerate(spellings):
        bit = 1 << min(i, MASK_BITS - 1)
        prepared = _prepared(full_name, language or "")
        for k in name_keys(prepared):
            if k.value and len(k.value) <= MAX_KEY_LEN:
                masks[k] = masks.get(k, 0) | bit
        if tokens is not None:
            # Exactly the keys a search will ask for (with and without ё).
            tokens.update(spelling_token_keys(full_name, language or None))
    return masks


def _store_tokens(conn: Connection, tokens: set[TokenKey]) -> None:
    rows = [
        (encode_token_key(t), encode_token_forms(token_forms_of(t)))
        for t in tokens
        if len(t[0]) <= 200
    ]
    if rows:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO search_tokens (token, forms) VALUES (?, ?)", rows
        )


def load_token_forms(db: Connection | Session, spellings: Iterable[tuple[str, str]]) -> int:
    """Seed the token cache from ``search_tokens`` for these spellings (fresh clients).

    Returns:
        How many token forms were read from the store.
    """
    wanted: set[TokenKey] = set()
    for full_name, language in spellings:
        if (full_name, language or "") in _PREPARED:
            continue
        for key in spelling_token_keys(full_name, language or None):
            if not is_token_cached(key):
                wanted.add(key)
    if not wanted:
        return 0
    conn = _conn(db)
    encoded = sorted(encode_token_key(k) for k in wanted)
    loaded = 0
    for chunk in chunked(encoded):
        chunk = tuple(chunk)
        rows = list(conn.exec_driver_sql(
            f"SELECT token, forms FROM search_tokens WHERE token IN ({','.join('?' * len(chunk))})",
            chunk,
        ))  # fmt: skip
        seed_token_forms(rows)
        loaded += len(rows)
    return loaded


def fts_tokens(spellings: Iterable[tuple[str, str]]) -> str:
    """The tokens of a person for the prefix table: ASCII Latin forms and Cyrillic text."""
    tokens: set[str] = set()
    for full_name, language in spellings:
        for part in _prepared(full_name, language or "").parts:
            if part.part.role is PartRole.MARKER:
                continue
            tokens.update(t for t in part.latin if t.isalpha())
            if part.part.script is Script.CYRILLIC:
                tokens.add(part.part.text.replace("'", ""))
    return " ".join(sorted(tokens))


def _encode(masks: dict[NameKey, int]) -> str:
    """``search_persons.keys``: ``<type>:<key>`` joined by ``\x1f``; a key that not every
    spelling gives is followed by ``\x1e`` and its spelling mask in hex."""
    every = 0
    for m in masks.values():
        every |= m
    # Sorted on plain tuples: the dataclass ordering is several times slower on a rebuild.
    ordered = sorted(masks.items(), key=lambda km: (int(km[0].key_type), km[0].value))
    return KEY_SEP.join(
        f"{int(k.key_type)}:{k.value}"
        if m == every
        else f"{int(k.key_type)}:{k.value}{MASK_SEP}{m:x}"
        for k, m in ordered
    )


def _decode(blob: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in blob.split(KEY_SEP) if blob else ():
        t, _, v = item.partition(":")
        out.append((int(t), v.partition(MASK_SEP)[0]))
    return out


# --- incremental maintenance -------------------------------------------------------------------


def _load_spellings(
    conn: Connection, person_ids: Sequence[str]
) -> dict[str, tuple[int | None, list[tuple[str, str]]]]:
    """Live persons among ``person_ids`` with their birth year and spellings."""
    out: dict[str, tuple[int | None, list[tuple[str, str]]]] = {}
    marks = ",".join("?" * len(person_ids))
    # Straight through the DB-API cursor: a rebuild reads millions of these rows.
    for pid, year in raw_rows(
        conn,
        f"SELECT id, birth_year FROM persons WHERE id IN ({marks}) AND deleted = 0",
        tuple(person_ids),
    ):
        out[pid] = (year, [])
    rows = raw_rows(
        conn,
        f"SELECT person_id, full_name, language FROM person_names WHERE person_id IN ({marks})",
        tuple(person_ids),
    )
    for pid, full_name, language in rows:
        if pid in out:
            out[pid][1].append((full_name, language or ""))
    return out


def _drop_refs(conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
    """Delete the keys and prefix tokens of ``(ref, keys)`` rows (the rows themselves stay)."""
    dead: list[tuple[int, str, int]] = []
    for ref, blob in rows:
        dead.extend((t, v, ref) for t, v in _decode(blob))
    if dead:
        conn.exec_driver_sql(
            "DELETE FROM name_keys WHERE key_type = ? AND key = ? AND ref = ?", dead
        )
    if rows:
        conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", [(r,) for r, _ in rows])


def index_persons(db: Connection | Session, person_ids: Sequence[str]) -> int:
    """Bring the index up to date for these persons, inside the caller's transaction.

    Persons that no longer exist (or are tombstoned) lose their keys. Call it after
    inserting, changing or deleting persons or their names.

    Returns:
        How many persons were (re)indexed.
    """
    conn = _conn(db)
    done = 0
    ids = sorted(set(person_ids))
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        existing = {
            pid: (ref, blob)
            for ref, pid, blob in conn.exec_driver_sql(
                f"SELECT ref, person_id, keys FROM search_persons WHERE person_id IN ({marks})",
                tuple(chunk),
            )
        }
        spellings = _load_spellings(conn, chunk)
        _drop_refs(conn, list(existing.values()))
        gone = [existing[p][0] for p in chunk if p in existing and p not in spellings]
        if gone:
            conn.exec_driver_sql("DELETE FROM search_persons WHERE ref = ?", [(r,) for r in gone])
        key_rows: list[tuple[int, str, int]] = []
        fts_rows: list[tuple[int, str]] = []
        tokens: set[TokenKey] = set()
        keyed: list[tuple[str, dict[NameKey, int], list[tuple[str, str]]]] = []
        changed: list[tuple[str, int, int | None, int]] = []
        added: list[tuple[str, int, int | None, str]] = []
        for pid, (year, names) in spellings.items():
            masks = person_key_masks(names, tokens)
            blob = _encode(masks)
            if pid in existing:
                changed.append((blob, KEY_ALGO_VERSION, year, existing[pid][0]))
            else:
                added.append((pid, KEY_ALGO_VERSION, year, blob))
            keyed.append((pid, masks, names))
        # One statement per kind of change, not one per person (a page brings thousands).
        if changed:
            conn.exec_driver_sql(
                "UPDATE search_persons SET keys = ?, algo_version = ?, birth_year = ? "
                "WHERE ref = ?",
                changed,
            )
        refs = {pid: ref for pid, (ref, _) in existing.items()}
        if added:
            conn.exec_driver_sql(
                "INSERT INTO search_persons (person_id, algo_version, birth_year, keys) "
                "VALUES (?, ?, ?, ?)",
                added,
            )
            new = tuple(row[0] for row in added)
            refs.update(
                (pid, ref)
                for ref, pid in conn.exec_driver_sql(
                    "SELECT ref, person_id FROM search_persons "
                    f"WHERE person_id IN ({','.join('?' * len(new))})",
                    new,
                )
            )
        for pid, masks, names in keyed:
            ref = refs[pid]
            key_rows.extend((int(k.key_type), k.value, ref) for k in masks)
            fts_rows.append((ref, fts_tokens(names)))
            done += 1
        if key_rows:
            conn.exec_driver_sql(
                "INSERT OR IGNORE INTO name_keys (key_type, key, ref) VALUES (?, ?, ?)", key_rows
            )
        if fts_rows:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES (?, ?)", fts_rows)
        _store_tokens(conn, tokens)
    return done


def remove_persons(db: Connection | Session, person_ids: Sequence[str]) -> None:
    """Drop persons from the index (same as :func:`index_persons` on deleted persons)."""
    conn = _conn(db)
    ids = sorted(set(person_ids))
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        rows = list(conn.exec_driver_sql(
            f"SELECT ref, keys FROM search_persons WHERE person_id IN ({marks})", tuple(chunk)
        ))  # fmt: skip
        _drop_refs(conn, [(r, b) for r, b in rows])
        conn.exec_driver_sql("DELETE FROM search_persons WHERE ref = ?", [(r,) for r, _ in rows])


# --- full rebuild ---------------------------------------------------------------------------------


def rebuild(
    db: Connection | Session,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    batch: int = BATCH,
) -> int:
    """Recompute every key from scratch, inside the caller's transaction.

    Keys are staged unsorted in a scratch table and copied into ``name_keys`` in key
    order at the end: appending to the clustered B-tree is many times faster than inserting
    twelve million rows at random places.

    Args:
        db: A connection or session in a write transaction.
        progress: Called as ``progress(done, total, "search.rebuild")``.
        cancelled: Polled between batches; when it returns True the rebuild stops and the
            caller should roll back.
        batch: Persons per batch.

    Returns:
        How many persons were indexed (``-1`` when cancelled).
    """
    conn = _conn(db)
    total = int(
        conn.exec_driver_sql("SELECT count(*) FROM persons WHERE deleted = 0").scalar() or 0
    )
    # One long transaction: with SQLite's default 2 MB page cache, dirty pages would spill
    # into the WAL over and over. Give this connection a large cache while it rebuilds.
    old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -262144")
    try:
        done = _rebuild(conn, total, progress, cancelled, batch)
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(old_cache or -2000)}")
    if done >= 0:
        _set_meta(conn, str(KEY_ALGO_VERSION))
        clear_key_counts()
        log.info("search index rebuilt: %d persons", done)
    return done


def _rebuild(
    conn: Connection,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
    batch: int,
) -> int:
    conn.exec_driver_sql("DELETE FROM name_keys")
    conn.exec_driver_sql("DELETE FROM search_persons")
    conn.exec_driver_sql("DELETE FROM search_tokens")
    conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_key_stage")
    tokens: set[TokenKey] = set()
    conn.exec_driver_sql("CREATE TABLE search_key_stage (key_type INTEGER, key TEXT, ref INTEGER)")
    done = 0
    ref = 0
    last_id = ""
    while True:
        if cancelled is not None and cancelled():
            conn.exec_driver_sql("DROP TABLE IF EXISTS search_key_stage")
            return -1
        ids = list(conn.exec_driver_sql(
            "SELECT id FROM persons WHERE id > ? AND deleted = 0 ORDER BY id LIMIT ?",
            (last_id, batch),
        ).scalars())  # fmt: skip
        if not ids:
            break
        last_id = ids[-1]
        spellings = _load_spellings(conn, ids)
        stage: list[tuple[int, str, int]] = []
        persons: list[tuple[int, str, int, int | None, str]] = []
        fts_rows: list[tuple[int, str]] = []
        for pid in ids:
            year, names = spellings.get(pid, (None, []))
            masks = person_key_masks(names, tokens)
            keys = masks.keys()
            # The tables were emptied above, so refs can be handed out here and the
            # rows inserted in bulk.
            ref += 1
            persons.append((ref, pid, KEY_ALGO_VERSION, year, _encode(masks)))
            stage.extend((int(k.key_type), k.value, ref) for k in keys)
            fts_rows.append((ref, fts_tokens(names)))
        conn.exec_driver_sql(
            "INSERT INTO search_persons (ref, person_id, algo_version, birth_year, keys) "
            "VALUES (?, ?, ?, ?, ?)",
            persons,
        )
        conn.exec_driver_sql(
            "INSERT INTO search_key_stage (key_type, key, ref) VALUES (?, ?, ?)", stage
        )
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES (?, ?)", fts_rows)
        done += len(ids)
        if progress is not None:
            progress(done, total, "search.rebuild")
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO name_keys (key_type, key, ref) "
        "SELECT key_type, key, ref FROM search_key_stage ORDER BY key_type, key, ref"
    )
    conn.exec_driver_sql("DROP TABLE search_key_stage")
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
    _store_tokens(conn, tokens)
    return done


def _set_meta(conn: Connection, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (META_KEY, value),
    )


def needs_rebuild(db: Connection | Session) -> bool:
    """True when the stored keys were made by another ``KEY_ALGO_VERSION``.

    Read on every name search (to say when the keys are being rebuilt): straight through
    the DB-API cursor, which costs a fraction of the engine's statement path.
    """
    rows = raw_rows(_conn(db), "SELECT value FROM meta WHERE key = ?", (META_KEY,))
    return not rows or rows[0][0] != str(KEY_ALGO_VERSION)


def ensure_current(
    db: Connection | Session,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Start-up check: rebuild after a key algorithm change, index persons that were missed.

    Cheap when nothing is to do (one meta read and two counts).

    Returns:
        How many persons were (re)indexed.
    """
    conn = _conn(db)
    if needs_rebuild(conn):
        return max(rebuild(conn, progress=progress, cancelled=cancelled), 0)
    persons = conn.exec_driver_sql("SELECT count(*) FROM persons WHERE deleted = 0").scalar()
    indexed = conn.exec_driver_sql("SELECT count(*) FROM search_persons").scalar()
    if persons == indexed:
        return 0
    missing = list(conn.exec_driver_sql(
        "SELECT p.id FROM persons p LEFT JOIN search_persons s ON s.person_id = p.id "
        "WHERE s.ref IS NULL AND p.deleted = 0"
    ).scalars())  # fmt: skip
    stale = list(conn.exec_driver_sql(
        "SELECT s.person_id FROM search_persons s LEFT JOIN persons p ON p.id = s.person_id "
        "WHERE p.id IS NULL OR p.deleted = 1"
    ).scalars())  # fmt: skip
    return index_persons(conn, missing + stale)
