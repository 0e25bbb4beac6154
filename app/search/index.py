"""The name index over the encrypted store: maintenance and candidate retrieval.

Maintenance is incremental: whoever inserts, changes or deletes persons or their names
(sync, snapshot import, tests) calls :func:`index_persons` in the same transaction. The
sync engine does this through ``app.sync.apply.index_hook``. A full :func:`rebuild` runs
from the migration that creates the tables and again, at start-up, whenever
:data:`app.search.keys.KEY_ALGO_VERSION` has changed (:func:`ensure_current`).

Retrieval (:func:`candidate_refs`) looks every typed part's keys up in ``name_keys`` and
ranks persons by how many parts they matched and how strictly; the caller then scores the
best few hundred with :mod:`app.search.score`.

Functions here take a SQLAlchemy ``Connection`` or ``Session`` and never commit: they run
inside the caller's transaction.
"""

# ruff: noqa: S608 - SQL here is assembled from "?" placeholders and fixed table names only;
# every value is a bound parameter.
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.search.keys import (
    KEY_ALGO_VERSION,
    KeyType,
    NameKey,
    PreparedName,
    TokenKey,
    clear_token_cache,
    deletion_keys,
    encode_token_forms,
    encode_token_key,
    full_names_of,
    is_token_cached,
    joined_skeletons,
    name_keys,
    prepare_name,
    query_part_keys,
    seed_token_forms,
    spelling_token_keys,
    token_forms_of,
)
from app.search.normalize import PartRole, Script
from app.search.tables import FTS_TABLE
from app.store.batches import chunked

log = logging.getLogger(__name__)

META_KEY = "search.key_algo_version"
KEY_SEP = "\x1f"
MAX_KEY_LEN = 64
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
    """Forget prepared spellings and token forms (a freshly started client)."""
    _PREPARED.clear()
    clear_token_cache()


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
    keys: set[NameKey] = set()
    for full_name, language in spellings:
        prepared = _prepared(full_name, language or "")
        keys |= name_keys(prepared)
        if tokens is not None:
            # Exactly the keys a search will ask for (with and without ё).
            tokens.update(spelling_token_keys(full_name, language or None))
    return {k for k in keys if k.value and len(k.value) <= MAX_KEY_LEN}


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
    for batch in chunked(encoded):
        chunk = tuple(batch)
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


def _encode(keys: Iterable[NameKey]) -> str:
    return KEY_SEP.join(f"{int(k.key_type)}:{k.value}" for k in sorted(keys))


def _decode(blob: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in blob.split(KEY_SEP) if blob else ():
        t, _, v = item.partition(":")
        out.append((int(t), v))
    return out


# --- incremental maintenance -------------------------------------------------------------------


def _load_spellings(
    conn: Connection, person_ids: Sequence[str]
) -> dict[str, tuple[int | None, list[tuple[str, str]]]]:
    """Live persons among ``person_ids`` with their birth year and spellings."""
    out: dict[str, tuple[int | None, list[tuple[str, str]]]] = {}
    marks = ",".join("?" * len(person_ids))
    for pid, year in conn.exec_driver_sql(
        f"SELECT id, birth_year FROM persons WHERE id IN ({marks}) AND deleted = 0",
        tuple(person_ids),
    ):
        out[pid] = (year, [])
    rows = conn.exec_driver_sql(
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
        for pid, (year, names) in spellings.items():
            keys = person_keys(names, tokens)
            blob = _encode(keys)
            if pid in existing:
                ref = existing[pid][0]
                conn.exec_driver_sql(
                    "UPDATE search_persons SET keys = ?, algo_version = ?, birth_year = ? "
                    "WHERE ref = ?",
                    (blob, KEY_ALGO_VERSION, year, ref),
                )
            else:
                cur = conn.exec_driver_sql(
                    "INSERT INTO search_persons (person_id, algo_version, birth_year, keys) "
                    "VALUES (?, ?, ?, ?)",
                    (pid, KEY_ALGO_VERSION, year, blob),
                )
                ref = int(cur.lastrowid or 0)
            key_rows.extend((int(k.key_type), k.value, ref) for k in keys)
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
            keys = person_keys(names, tokens)
            # The tables were emptied above, so refs can be handed out here and the
            # rows inserted in bulk.
            ref += 1
            persons.append((ref, pid, KEY_ALGO_VERSION, year, _encode(keys)))
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
    """True when the stored keys were made by another ``KEY_ALGO_VERSION``."""
    value = _conn(db).exec_driver_sql("SELECT value FROM meta WHERE key = ?", (META_KEY,)).scalar()
    return value != str(KEY_ALGO_VERSION)


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


# --- retrieval ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person the index proposes, before scoring.

    Attributes:
        ref: Index reference of the person.
        person_id: ``persons.id``.
        parts_matched: How many typed parts its keys matched.
        tier: 0 for the strictest retrieval (same Latin form for every part), then 1
            (same skeleton), 2 (skeleton or stem), 3 (all parts but one).
    """

    ref: int
    person_id: str
    parts_matched: int
    tier: int


@dataclass(frozen=True, slots=True)
class _Lookup:
    """How one typed part is looked up in one tier: key types -> values, or an FTS query."""

    part: int
    keys: tuple[tuple[int, tuple[str, ...]], ...] = ()
    fts: str | None = None


def _fts_prefix_query(token: str) -> str | None:
    """An FTS5 prefix query for one unfinished token, or None if it is unusable."""
    cleaned = "".join(ch for ch in token if ch.isalnum())
    if len(cleaned) < 2:
        return None
    return f'"{cleaned}"*'


# Tiers of retrieval, strictest first: 0 Latin form, 1 skeleton, 2 skeleton or stem, 3 one
# consonant apart (deletion keys); then, for three parts or more, all parts but one.
_TIERS = 4
_FUZZY_TIER = 3
# Bound of the posting count estimate used to pick the rarest part.
_ESTIMATE_CAP = 5000
# Bound of the rows one tier reads from its driving part. Two very common parts that
# rarely occur together would otherwise scan every posting of the rarer one.
_DRIVER_SCAN_CAP = 20_000
# The approximate tier probes a wide key set for every driving row: it reads fewer rows.
_FUZZY_SCAN_CAP = 4_000
# Skeletons this short ("kt", "_l") match a large share of the population: a stem this
# short is left out of retrieval (it still counts when scoring).
_MIN_STEM_KEY = 3


def _lookups(query: PreparedName, partial: bool, tier: int) -> list[_Lookup]:
    parts = query.name_parts
    out: list[_Lookup] = []
    for n, part in enumerate(parts):
        # A short form stands for its full names (Sasha -> Александр), and a part may be
        # half of a name the stored spelling writes as one word (Nur Sultan / Нурсултан).
        fulls = full_names_of(part)
        joined: set[str] = set()
        for a, b in ((n - 1, n), (n, n + 1)):
            if 0 <= a and b < len(parts):
                joined |= joined_skeletons(parts[a], parts[b])
        if partial and n == len(parts) - 1:
            alts = [
                q
                for q in (_fts_prefix_query(x) for x in (part.part.text, *sorted(part.latin)))
                if q
            ]
            if alts:
                out.append(_Lookup(n, fts=" OR ".join(dict.fromkeys(alts))))
                continue
        if len(part.part.text) == 1:
            continue  # an initial narrows nothing; it is checked when scoring
        keys = query_part_keys(part)
        full_latin = {v for f in fulls for v in f.latin}
        full_skel = {v for f in fulls for v in f.skeletons}
        if tier == 0:
            wanted = {KeyType.LATIN: keys[KeyType.LATIN] | full_latin}
        elif tier == 1:
            wanted = {KeyType.SKELETON: set(part.skeletons) | full_skel | joined}
        elif tier == 2:
            # A short stem (Саид-ов, Said-zoda: "st") is too common to drive a scan, but
            # with another part to drive it is a cheap probe.
            min_stem = _MIN_STEM_KEY if len(parts) == 1 else 2
            stems = {v for v in keys[KeyType.STEM] if len(v.lstrip("_")) >= min_stem}
            stems |= set(part.skeletons)
            wanted = {KeyType.SKELETON: stems | full_skel | joined, KeyType.STEM: stems}
        else:
            near = set(part.skeletons) | deletion_keys(part.skeletons)
            near = {v for v in near if len(v.lstrip("_")) >= _MIN_STEM_KEY} | full_skel | joined
            wanted = {KeyType.SKELETON: near, KeyType.FUZZY: near}
        cleaned = tuple(
            (int(t), tuple(sorted(v for v in vals if v and len(v) <= MAX_KEY_LEN)))
            for t, vals in wanted.items()
        )
        cleaned = tuple((t, v) for t, v in cleaned if v)
        if cleaned:
            out.append(_Lookup(n, keys=cleaned))
    return out


def _driver_sql(lk: _Lookup, per_key: int | None = None) -> tuple[str, list[object]]:
    """SQL selecting the refs of one lookup (duplicates possible).

    With ``per_key``, each key value contributes at most that many rows, so one very
    common key (an approximate "mrt" shared by every Marat) cannot crowd a rare one out of
    a bounded scan.
    """
    if lk.fts is not None:
        return f"SELECT rowid AS ref FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", [lk.fts]
    selects: list[str] = []
    params: list[object] = []
    for key_type, values in lk.keys:
        if per_key is None:
            selects.append(
                f"SELECT ref FROM name_keys WHERE key_type = {key_type} "
                f"AND key IN ({','.join('?' * len(values))})"
            )
            params.extend(values)
            continue
        for value in values:
            selects.append(
                "SELECT * FROM (SELECT ref FROM name_keys WHERE key_type = "
                f"{key_type} AND key = ? LIMIT {per_key})"
            )
            params.append(value)
    return " UNION ALL ".join(selects), params


def _probe_sql(lk: _Lookup, ref: str) -> tuple[str, list[object]]:
    """SQL condition true when the person ``ref`` matches one lookup (index probes only)."""
    if lk.fts is not None:
        # Materialised once per query: a correlated "MATCH ... AND rowid = ?" makes FTS5
        # evaluate the whole prefix query again for every probe.
        return f"{ref} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [lk.fts]
    conds: list[str] = []
    params: list[object] = []
    for key_type, values in lk.keys:
        conds.append(
            f"EXISTS (SELECT 1 FROM name_keys k WHERE k.key_type = {key_type} "
            f"AND k.key IN ({','.join('?' * len(values))}) AND k.ref = {ref})"
        )
        params.extend(values)
    return "(" + " OR ".join(conds) + ")", params


def raw_rows(conn: Connection, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
    """Run a read on the DB-API cursor directly: retrieval runs dozens of small statements
    per query, and the engine's per-statement bookkeeping would cost more than SQLite."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cur.execute(sql, tuple(params)))
    finally:
        cur.close()


def _estimate(conn: Connection, lk: _Lookup, cache: dict[_Lookup, int] | None = None) -> int:
    if cache is not None and lk in cache:
        return cache[lk]
    sql, params = _driver_sql(lk)
    rows = raw_rows(conn, f"SELECT count(*) FROM ({sql} LIMIT {_ESTIMATE_CAP})", params)
    value = int(rows[0][0] or 0) if rows else 0
    if cache is not None:
        cache[lk] = value
    return value


def _run_tier(
    conn: Connection,
    lookups: list[_Lookup],
    need: int,
    birth_year: int | None,
    limit: int,
    exclude: set[int],
    cache: dict[_Lookup, int] | None = None,
    scan_cap: int = _DRIVER_SCAN_CAP,
) -> list[int]:
    """Refs matching ``need`` of the lookups, driven by the rarest one, first ``limit`` only."""
    if not lookups or need < 1:
        return []
    counts = [(_estimate(conn, lk, cache), i) for i, lk in enumerate(lookups)]
    counts.sort()
    if need == len(lookups):
        combos = [[i for _c, i in counts]]
    else:
        # All but one part: each part in turn is allowed to miss (rarest driver first).
        combos = [[i for _c, i in counts if i != skip] for _c, skip in reversed(counts)]
    found: list[int] = []
    seen = set(exclude)
    for combo in combos:
        driver, others = lookups[combo[0]], [lookups[i] for i in combo[1:]]
        values = sum(len(v) for _t, v in driver.keys)
        sql, params = _driver_sql(driver, max(scan_cap // max(values, 1), 200))
        where: list[str] = []
        for lk in others:
            cond, p = _probe_sql(lk, "d.ref")
            where.append(cond)
            params.extend(p)
        if birth_year is not None:
            where.append(
                "EXISTS (SELECT 1 FROM search_persons s WHERE s.ref = d.ref "
                "AND (s.birth_year = ? OR s.birth_year IS NULL))"
            )
            params.append(birth_year)
        full = f"SELECT d.ref FROM ({sql} LIMIT {scan_cap}) AS d"
        if where:
            full += " WHERE " + " AND ".join(where)
        # Duplicates (a person matching two keys of the driver) are dropped below, so ask
        # for a few more than needed.
        full += " LIMIT ?"
        params.append(2 * (limit - len(found)) + 10)
        for (ref,) in raw_rows(conn, full, params):
            if ref not in seen:
                seen.add(ref)
                found.append(int(ref))
                if len(found) >= limit:
                    return found
    return found


def _run_fuzzy_tier(
    conn: Connection,
    query: PreparedName,
    partial: bool,
    year: int | None,
    limit: int,
    exclude: set[int],
    estimates: dict[_Lookup, int],
) -> list[int]:
    """One part approximate (one consonant apart), every other part as in tier 2.

    Each part takes its turn as the approximate one, so the other parts' few keys drive
    or probe, and the approximate part's wider key set is only probed when it is not the
    rarest.
    """
    strict = {lk.part: lk for lk in _lookups(query, partial, 2)}
    near = {lk.part: lk for lk in _lookups(query, partial, _FUZZY_TIER)}
    found: list[int] = []
    seen = set(exclude)
    for part, loose in near.items():
        if loose == strict.get(part):
            continue
        combo = [loose] + [lk for p, lk in strict.items() if p != part]
        combo += [lk for p, lk in near.items() if p != part and p not in strict]
        refs = _run_tier(conn, combo, len(combo), year, limit - len(found), seen, estimates,
                         scan_cap=_FUZZY_SCAN_CAP)  # fmt: skip
        for ref in refs:
            seen.add(ref)
            found.append(ref)
        if len(found) >= limit:
            break
    return found


def candidate_refs(
    db: Connection | Session,
    query: PreparedName,
    *,
    partial: bool = False,
    birth_year: int | None = None,
    limit: int = 200,
    budget_s: float = 0.1,
) -> list[Candidate]:
    """Persons whose keys match the typed name, strictest matches first.

    Retrieval goes in tiers, stopping as soon as ``limit`` persons are found: every typed
    part with the same Latin form, then the same skeleton, then skeleton or stem, then
    (three parts or more) all parts but one. In each tier the rarest part drives the scan
    and the others are checked by primary-key probes, so a common name costs no more than
    a rare one: the scan stops at the first ``limit`` hits. The unfinished last part of a
    search-as-you-type query is looked up by prefix in the FTS5 table. With a birth year,
    persons born in another year are left for last.

    Args:
        db: Connection or session (read transaction is enough).
        query: The prepared query.
        partial: The last typed part may be unfinished.
        birth_year: The typed year of birth, if any.
        limit: How many candidates to return at most.
        budget_s: No looser tier is started after this many seconds of this thread's CPU.
    """
    conn = _conn(db)
    # CPU time of this thread, not wall time: other work on the machine must not change
    # which candidates are found (the answer would depend on the load).
    deadline = time.thread_time() + budget_s
    estimates: dict[_Lookup, int] = {}
    found: list[tuple[int, int, int]] = []  # ref, parts, tier
    seen: set[int] = set()
    years = (birth_year, None) if birth_year is not None else (None,)
    for year in years:
        for tier in range(_TIERS + 1):
            if tier > 0 and time.thread_time() > deadline:
                # Out of time: the stricter tiers' candidates are what the page gets.
                break
            if year is None and birth_year is not None and tier > 1:
                # Persons born in another year are weak at best: only close namesakes.
                break
            lookups = _lookups(query, partial, tier if tier < _TIERS else 2)
            if not lookups:
                return []
            need = len(lookups)
            if tier == _FUZZY_TIER:
                if need < 2 or found:
                    # One loose word alone is no candidate (see score.py); and when some
                    # person already shares every part's key, a spelling one consonant
                    # away is another name (a doubt, weak at best), not worth the scan.
                    continue
                refs = _run_fuzzy_tier(conn, query, partial, year, limit - len(found), seen,
                                       estimates)  # fmt: skip
                for ref in refs:
                    seen.add(ref)
                    found.append((ref, need, tier))
                if len(found) >= limit:
                    break
                continue
            if tier == _TIERS:
                if need < 3:
                    continue
                need -= 1
            refs = _run_tier(conn, lookups, need, year, limit - len(found), seen, estimates)
            for ref in refs:
                seen.add(ref)
                found.append((ref, need, tier))
            if len(found) >= limit:
                break
        if len(found) >= limit:
            break
    if not found:
        return []
    ids = dict(_person_ids(conn, [r for r, _p, _t in found]))
    return [Candidate(r, ids[r], p, t) for r, p, t in found if r in ids]


def _person_ids(conn: Connection, refs: Sequence[int]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for batch in chunked(refs):
        chunk = tuple(batch)
        out.extend(
            (int(r), str(p))
            for r, p in raw_rows(
                conn,
                "SELECT ref, person_id FROM search_persons "
                f"WHERE ref IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return out
