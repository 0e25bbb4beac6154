"""Candidate retrieval from the name index.

:func:`candidate_refs` looks every typed part's keys up in ``name_keys`` and proposes the
persons that match, strictest first; the caller scores the best few hundred with
:mod:`app.search.score`. Everything here only reads.
"""

# ruff: noqa: S608 - SQL here is assembled from "?" placeholders and fixed table names only;
# every value is a bound parameter.
from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.search.keys import (
    KeyType,
    PreparedName,
    deletion_keys,
    full_names_of,
    joined_skeletons,
    query_part_keys,
)
from app.search.normalize import PartRole
from app.search.tables import FTS_TABLE
from app.store.batches import chunked

# Longer key values are not stored (no real name part is this long).
MAX_KEY_LEN = 64


def _conn(db: Connection | Session) -> Connection:
    return db.connection() if isinstance(db, Session) else db


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
    """How one typed part is looked up in one tier: key types -> values, an FTS query, or
    the Latin forms of an initial (probed, never driving a scan)."""

    part: int
    keys: tuple[tuple[int, tuple[str, ...]], ...] = ()
    fts: str | None = None
    initials: tuple[str, ...] = ()


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
# The estimate of an initial: larger than any real one, so an initial never drives.
_NEVER_DRIVES = 1 << 40
# The separator of the keys kept in search_persons.keys, and the same in SQL.
KEY_SEP = "\x1f"
_SEP = "char(31)"
# A key that not every spelling of the person gives is followed by this and the mask of
# the spellings that give it, in hex (bit i = spelling i; spellings past the last bit
# share it).
MASK_SEP = "\x1e"
MASK_BITS = 16
_ALL_SPELLINGS = (1 << MASK_BITS) - 1
# Ranking: a tier fetches up to this many times the candidates asked for (at most
# _POOL_MAX), so that when a name is common the page gets the best of a deeper pool,
# not the first persons indexed.
_DEPTH_FACTOR = 4
_POOL_MAX = 600
# A part matched only by another spelling of the person (surname in one alias, given name
# in another) counts this much of a part matched by the spelling that matches most.
_POOLED_WEIGHT = 0.25
# Weight of an initial ("A. Ivanov"): it narrows, but hardly identifies.
_INITIAL_WEIGHT = 0.5
# A patronymic identifies less than a surname or given name (scoring treats another
# patronymic as a soft doubt): its weight is scaled by this.
_PATRONYMIC_SCALE = 0.5
# Skeletons this short ("kt", "_l") match a large share of the population: a stem this
# short is left out of retrieval (it still counts when scoring).
_MIN_STEM_KEY = 3


@lru_cache(maxsize=512)
def _lookups(query: PreparedName, partial: bool, tier: int) -> tuple[_Lookup, ...]:
    """How each typed part is looked up in one tier (kept: a search asks several times)."""
    return tuple(_make_lookups(query, partial, tier))


def _make_lookups(query: PreparedName, partial: bool, tier: int) -> list[_Lookup]:
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
            # An initial ("A. Ivanov", "Иванов А.П.") is too common to drive a scan, but
            # it narrows a crowd of namesakes: persons with a Latin key that starts so.
            forms = tuple(sorted(x for x in part.latin if x.isascii() and x.isalpha()))
            if forms:
                out.append(_Lookup(n, initials=forms))
            continue
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
    if lk.initials:
        # The person's own keys are kept with it (search_persons.keys, "<type>:<key>"
        # joined by \x1f): one primary-key probe, no index on name_keys.ref needed.
        tests = " OR ".join(f"instr({_SEP} || s.keys, ?) > 0" for _ in lk.initials)
        cond = f"EXISTS (SELECT 1 FROM search_persons s WHERE s.ref = {ref} AND ({tests}))"
        return cond, [f"{KEY_SEP}{int(KeyType.LATIN)}:{x}" for x in lk.initials]
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


# Posting-count estimates by key set, kept across searches (the commonest names recur in
# query after query). They only choose which typed part drives a scan: a count gone a
# little stale after sync costs speed at worst, and a rebuild clears them.
_KEY_COUNTS: dict[tuple[object, ...], int] = {}
_KEY_COUNTS_MAX = 50_000


def clear_key_counts() -> None:
    """Forget the posting-count estimates (after a rebuild, or a freshly started client)."""
    _KEY_COUNTS.clear()


def _estimate(conn: Connection, lk: _Lookup, cache: dict[_Lookup, int] | None = None) -> int:
    if lk.initials:
        return _NEVER_DRIVES
    if cache is not None and lk in cache:
        return cache[lk]
    # Per database file: tests (and tools) may open several stores in one process.
    where = (conn.engine.url.database, lk.keys, lk.fts)
    known = _KEY_COUNTS.get(where)
    if known is None:
        sql, params = _driver_sql(lk)
        rows = raw_rows(conn, f"SELECT count(*) FROM ({sql} LIMIT {_ESTIMATE_CAP})", params)
        known = int(rows[0][0] or 0) if rows else 0
        if len(_KEY_COUNTS) >= _KEY_COUNTS_MAX:
            _KEY_COUNTS.clear()
        _KEY_COUNTS[where] = known
    if cache is not None:
        cache[lk] = known
    return known


def _run_tier(
    conn: Connection,
    lookups: Sequence[_Lookup],
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
        # Each combination may bring ``limit`` candidates of its own: the first one (the
        # rarest parts) must not fill the pool before the others are asked. The caller
        # ranks what they bring together.
        cap = len(found) + limit
        driver, others = lookups[combo[0]], [lookups[i] for i in combo[1:]]
        if driver.initials:
            continue  # initials alone would scan the whole index
        values = sum(len(v) for _t, v in driver.keys)
        sql, params = _driver_sql(driver, max(scan_cap // max(values, 1), 200))
        where: list[str] = []
        if seen:
            # Persons already found are left out in SQL, before the probes and the LIMIT:
            # otherwise they would fill the LIMIT and hide the persons not yet found.
            where.append("d.ref NOT IN (SELECT value FROM json_each(?))")
            params.append("[" + ",".join(map(str, seen)) + "]")
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
        params.append(2 * (cap - len(found)) + 10)
        for (ref,) in raw_rows(conn, full, params):
            if ref not in seen:
                seen.add(ref)
                found.append(int(ref))
                if len(found) >= cap:
                    break
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
        # Each part in turn may bring ``limit`` candidates: the caller ranks them together.
        refs = _run_tier(conn, combo, len(combo), year, limit, seen, estimates,
                         scan_cap=_FUZZY_SCAN_CAP)  # fmt: skip
        for ref in refs:
            seen.add(ref)
            found.append(ref)
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
    pool = _Pool(
        conn,
        query,
        partial,
        limit,
        # A tier whose candidates match the parts only across aliases fetches deeper, so
        # the ranking below picks from a pool; and the looser tiers go on until enough
        # candidates match every part in one spelling.
        depth=max(limit, min(_POOL_MAX, _DEPTH_FACTOR * limit)),
        estimates=estimates,
        ranker=_Ranker(conn, query, partial, estimates),
    )
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
            if all(lk.initials for lk in lookups):
                return []  # nothing but initials (or nothing at all) to look up
            need = _parts_needed(tier, len(lookups), pool.ranker.good)
            if need is None:
                continue
            pool.fetch(lookups, need, year, tier)
            if pool.full:
                break
        if pool.full:
            break
    if not pool.found:
        return []
    ranked = pool.ranker.ranked(pool.found)
    return [Candidate(r, pool.ranker.rows[r][0], p, t) for r, p, t in ranked[:limit]]


def _parts_needed(tier: int, parts: int, good: int) -> int | None:
    """How many of ``parts`` typed parts a candidate of ``tier`` must match, or ``None``
    when the tier is not asked (``good``: candidates already matching every part)."""
    if tier == _FUZZY_TIER and (parts < 2 or good):
        # One loose word alone is no candidate (see score.py); and when some person
        # already has every part's key in one spelling, a spelling one consonant away is
        # another name (a doubt, weak at best): no scan.
        return None
    if tier == _TIERS:
        return parts - 1 if parts >= 3 else None
    return parts


@dataclass
class _Pool:
    """The candidates :func:`candidate_refs` has found so far, across tiers and years."""

    conn: Connection
    query: PreparedName
    partial: bool
    limit: int
    #: How many candidates the pool may hold before ranking.
    depth: int
    estimates: dict[_Lookup, int]
    ranker: _Ranker
    #: ``(ref, parts matched, tier)`` in the order found.
    found: list[tuple[int, int, int]] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    @property
    def full(self) -> bool:
        """Enough candidates match every part in one spelling: no looser tier is asked."""
        return self.ranker.good >= self.limit

    def fetch(self, lookups: Sequence[_Lookup], need: int, year: int | None, tier: int) -> None:
        """Add one tier's candidates matching ``need`` of ``lookups`` (born in ``year``).

        The approximate and all-but-one tiers ask several combinations of parts, each for
        its own share: they fetch the whole pool at once. The strict tiers ask for what is
        missing first, and deeper only when that is not enough.
        """
        whole = tier in (_FUZZY_TIER, _TIERS)
        missing = self.limit - self.ranker.good
        want = max(self.depth - len(self.found), missing) if whole else missing
        for rnd in range(1 if whole else 2):
            if tier == _FUZZY_TIER:
                refs = _run_fuzzy_tier(
                    self.conn, self.query, self.partial, year, want, self.seen, self.estimates
                )
            else:
                refs = _run_tier(self.conn, lookups, need, year, want, self.seen, self.estimates)
            self.seen.update(refs)
            self.found.extend((ref, need, tier) for ref in refs)
            self.ranker.add(refs, need, tier)
            if rnd or self.full or len(refs) < want or len(self.found) >= self.depth:
                break
            # The tier has more, and some of what it gave match the parts only across a
            # person's aliases: fetch deeper, so ranking can put the best first.
            want = self.depth - len(self.found)


def _person_rows(conn: Connection, refs: Sequence[int]) -> dict[int, tuple[str, str]]:
    """``ref -> (person_id, keys)`` of the candidates found."""
    out: dict[int, tuple[str, str]] = {}
    for chunk in chunked(refs):
        chunk = tuple(chunk)
        for r, p, k in raw_rows(
            conn,
            "SELECT ref, person_id, keys FROM search_persons "
            f"WHERE ref IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            out[int(r)] = (str(p), str(k or ""))
    return out


# --- ranking -----------------------------------------------------------------------------------


def _weight(count: int) -> float:
    """Specificity of a key set from its (bounded) posting count: rarer weighs more.

    1.0 for a key set with ``_ESTIMATE_CAP`` postings or more, about 9.5 for one person.
    """
    return 1.0 + math.log((_ESTIMATE_CAP + 1) / (min(count, _ESTIMATE_CAP) + 1))


def _lookup_weight(
    conn: Connection, query: PreparedName, lk: _Lookup, estimates: dict[_Lookup, int]
) -> float:
    if lk.initials:
        return _INITIAL_WEIGHT
    weight = _weight(_estimate(conn, lk, estimates))
    if query.name_parts[lk.part].part.role is PartRole.PATRONYMIC:
        weight *= _PATRONYMIC_SCALE
    return weight


def _needles(lk: _Lookup) -> tuple[tuple[str, bool], ...]:
    """What to look for in ``search_persons.keys``: ``(text, is_prefix)``."""
    if lk.initials:
        return tuple((f"{KEY_SEP}{int(KeyType.LATIN)}:{x}", True) for x in lk.initials)
    return tuple((f"{KEY_SEP}{t}:{v}", False) for t, values in lk.keys for v in values)


def _spelling_mask(blob: str, needles: tuple[tuple[str, bool], ...]) -> int:
    """The spellings of a person (bit mask) that give one of ``needles``; 0 if none."""
    mask = 0
    for needle, prefix in needles:
        start = blob.find(needle)
        while start >= 0:
            end = start + len(needle)
            nxt = blob[end] if end < len(blob) else KEY_SEP
            if prefix or nxt == KEY_SEP:
                return _ALL_SPELLINGS  # every spelling gives it (an initial: near enough)
            if nxt == MASK_SEP:
                stop = blob.find(KEY_SEP, end)
                mask |= int(blob[end + 1 : stop if stop >= 0 else len(blob)], 16)
                break
            start = blob.find(needle, end)
    return mask


class _Ranker:
    """Scores candidates as the tiers find them (see :meth:`ranked`)."""

    def __init__(
        self,
        conn: Connection,
        query: PreparedName,
        partial: bool,
        estimates: dict[_Lookup, int],
    ) -> None:
        self.conn = conn
        self.query = query
        self.partial = partial
        self.estimates = estimates
        self.rows: dict[int, tuple[str, str]] = {}
        self.scores: dict[int, float] = {}
        # Candidates matching every part a tier asked for in one spelling.
        self.good = 0
        self._plans: dict[int, list[tuple[float, tuple[tuple[str, bool], ...]]]] = {}

    def _plan(self, tier: int) -> list[tuple[float, tuple[tuple[str, bool], ...]]]:
        plan = self._plans.get(tier)
        if plan is None:
            lookups = _lookups(self.query, self.partial, 2 if tier == _TIERS else tier)
            plan = self._plans[tier] = [
                (_lookup_weight(self.conn, self.query, lk, self.estimates),
                 () if lk.fts is not None else _needles(lk))
                for lk in lookups
            ]  # fmt: skip
        return plan

    def add(self, refs: Sequence[int], need: int, tier: int) -> None:
        if not refs:
            return
        self.rows.update(_person_rows(self.conn, refs))
        plan = self._plan(tier)
        for ref in refs:
            row = self.rows.get(ref)
            if row is None:
                continue
            score, together = _score(plan, KEY_SEP + row[1])
            self.scores[ref] = score
            self.good += together >= need

    def ranked(self, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """The candidates found, best first.

        Each typed part weighs by how rare its keys are (:func:`_weight` of the bounded
        posting count); a part counts in full when the spelling that matches most gives
        it, and :data:`_POOLED_WEIGHT` of that when only another alias of the person does.
        Ties keep the stricter tier, then the order found.
        """
        keyed = [
            (-self.scores[item[0]], item[2], n, item)
            for n, item in enumerate(found)
            if item[0] in self.scores
        ]
        keyed.sort()
        return [item for _s, _t, _n, item in keyed]


def _score(plan: list[tuple[float, tuple[tuple[str, bool], ...]]], blob: str) -> tuple[float, int]:
    """A candidate's ranking score and how many lookups its best spelling matches."""
    masks = [
        (w, _ALL_SPELLINGS if not needles else _spelling_mask(blob, needles)) for w, needles in plan
    ]
    pooled = sum(w for w, m in masks if m)
    best = pooled
    together = sum(1 for _w, m in masks if m)
    bits = 0
    for _w, m in masks:
        if m != _ALL_SPELLINGS:
            bits |= m
    if bits:
        best, together = 0.0, 0
        while bits:
            bit = bits & -bits
            bits ^= bit
            best = max(best, sum(w for w, m in masks if m & bit))
            together = max(together, sum(1 for _w, m in masks if m & bit))
    return best + _POOLED_WEIGHT * (pooled - best), together
