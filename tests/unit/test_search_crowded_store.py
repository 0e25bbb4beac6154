"""Name search quality end-to-end, in an encrypted store crowded with realistic distractors.

Every labelled pair of ``tests/data/name_pairs.csv`` and ``tests/data/name_pairs_heldout.csv``
is run through :func:`app.search.service.search` (retrieval, scoring and the first page of
50 results, exactly as the search page asks) in one store that holds the stored side of
every pair *and* at least 40,000 distractor persons. The distractors are drawn with a fixed
seed from the published name-frequency lists typed into ``tests/data/name_frequencies.csv``
(common surnames and given names shared by many people, plus a long tail of rare
surnames), so the wanted person has to be found among many namesakes, as in a real
store.

A pair counts as predicted "same person" when the stored person of the pair is on the
first page as *strong* or *possible*. The report (printed with ``-s``, and by running this
file as a script) gives recall and precision per band, per tradition (nationality of the
stored person), per category and per data set. The test fails below recall 0.97 /
precision 0.95 for strong + possible, on each data set.

``name_pairs_heldout.csv`` was written and committed before the matcher was changed for
issue 12, and no constant was tuned to an individual pair of it.
"""

from __future__ import annotations

import csv
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.credentials import Credentials, MemorySecrets
from app.paths import Paths
from app.search import index
from app.search.score import Band
from app.search.service import Kind, search
from app.store.db import Store, open_store

DATA = Path(__file__).resolve().parent.parent / "data"
PAIR_FILES = ("name_pairs.csv", "name_pairs_heldout.csv")
DISTRACTORS = 40_000
SEED = 20261203
PAGE = 50
MIN_RECALL = 0.97
MIN_PRECISION = 0.95

NAT_WEIGHTS = {"RUS": 45, "KAZ": 15, "UZB": 15, "KGZ": 8, "TJK": 9, "TKM": 8}
# Share of persons whose surname is on the typed frequency list; the rest carry a rare
# surname from the long tail. With weights 1/rank**0.6 this gives the commonest Russian
# surname (Smirnov) about 1.7 % of Russians, close to the published share of about 2 %.
LISTED_SURNAME_SHARE = 0.25
SURNAME_EXPONENT = 0.6
ALIAS_SHARE = 0.25
LATIN_SHARE = 0.8


@dataclass(frozen=True)
class NameRow:
    cyrillic: str
    latin: str
    weight: float
    patronymic_m: str = ""
    patronymic_f: str = ""


def _read_frequencies() -> tuple[dict[tuple[str, str], list[NameRow]], list[tuple[str, str]]]:
    lists: dict[tuple[str, str], list[NameRow]] = defaultdict(list)
    syllables: list[tuple[str, str]] = []
    with (DATA / "name_frequencies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == "syllable":
                syllables.append((row["cyrillic"], row["latin"]))
                continue
            rank = int(row["rank"])
            # Zipf-like weights by published rank (the lists give ranks, not counts).
            weight = 1 / rank ** (SURNAME_EXPONENT if row["kind"] == "surname" else 0.7)
            lists[(row["nat"], row["kind"])].append(
                NameRow(
                    row["cyrillic"], row["latin"], weight, row["patronymic_m"], row["patronymic_f"]
                )
            )
    return lists, syllables


class Distractors:
    """Random persons with a realistic name-frequency spread (fixed seed)."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.lists, self.syllables = _read_frequencies()
        self.nats = list(NAT_WEIGHTS)
        self.nat_w = list(NAT_WEIGHTS.values())

    def _pick(self, nat: str, kind: str) -> NameRow:
        rows = self.lists[(nat, kind)]
        return self.rng.choices(rows, weights=[r.weight for r in rows])[0]

    def _surname(self, nat: str, female: bool) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < LISTED_SURNAME_SHARE:
            row = self._pick(nat, "surname")
            cyr, lat = row.cyrillic, row.latin
        else:
            sy = [rng.choice(self.syllables) for _ in range(rng.choice((2, 3, 3, 4)))]
            suffix = rng.choice((("ов", "OV"), ("ев", "EV"), ("ин", "IN")))
            cyr = ("".join(c for c, _ in sy) + suffix[0]).capitalize()
            lat = "".join(x for _, x in sy) + suffix[1]
            if nat == "TKM" and lat.endswith("V"):
                lat = lat[:-1] + "W"
        if female and cyr[-2:] in ("ов", "ев", "ин", "ёв"):
            cyr, lat = cyr + "а", lat + "A"
        return cyr, lat

    def name(self, nat: str, sex: str) -> tuple[str, str]:
        """One (Cyrillic, passport Latin) name of this nationality and sex."""
        female = sex == "F"
        s_cyr, s_lat = self._surname(nat, female)
        given = self._pick(nat, "given_f" if female else "given_m")
        cyr = f"{s_cyr} {given.cyrillic}"
        if nat == "RUS":
            father = self._pick(nat, "given_m")
            cyr += " " + (father.patronymic_f if female else father.patronymic_m)
        return cyr, f"{s_lat} {given.latin}"

    def person(self) -> tuple[str, str | None, tuple[int, int | None, int | None], list[str]]:
        rng = self.rng
        nat = rng.choices(self.nats, weights=self.nat_w)[0]
        sex = "M" if rng.random() < 0.6 else "F"
        cyr, lat = self.name(nat, sex)
        names = [cyr]
        if rng.random() < LATIN_SHARE:
            names.append(lat)
        if rng.random() < ALIAS_SHARE:
            # An alias of the same person: another, unrelated name (the crowding that
            # pooled keys suffer from).
            names.append(self.name(nat, sex)[0])
        year = rng.randint(1945, 2005)
        month, day = (
            (None, None) if rng.random() < 0.2 else (rng.randint(1, 12), rng.randint(1, 28))
        )
        recorded_sex = sex if rng.random() < 0.8 else None
        return nat, recorded_sex, (year, month, day), names


@dataclass(frozen=True)
class Pair:
    source_file: str
    row: dict[str, str]


def read_pairs() -> list[Pair]:
    out: list[Pair] = []
    for name in PAIR_FILES:
        with (DATA / name).open(encoding="utf-8", newline="") as fh:
            out.extend(Pair(name, row) for row in csv.DictReader(fh))
    return out


def _dob_tuple(text: str) -> tuple[int | None, int | None, int | None]:
    if not text:
        return None, None, None
    bits = [int(x) for x in text.split("/")] + [0, 0]
    return bits[0] or None, bits[1] or None, bits[2] or None


PersonRow = tuple[str, str | None, str | None, tuple[int | None, int | None, int | None], list[str]]


def _insert(store: Store, persons: list[PersonRow]) -> None:
    now = "2026-01-01T00:00:00.000000Z"
    with store.write() as s:
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO persons (id, bulletin_id, sex, birth_year, birth_month, birth_day, "
            "nationality, description, server_seq, created_at, updated_at, deleted) "
            "VALUES (?, NULL, ?, ?, ?, ?, ?, '', NULL, ?, ?, 0)",
            [(pid, sex, *dob, nat, now, now) for pid, nat, sex, dob, _ in persons],
        )
        rows = []
        for pid, _nat, _sex, _dob, names in persons:
            for pos, full in enumerate(names):
                script = "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in full) else "Latn"
                rows.append((pid, pos, full, script))
        conn.exec_driver_sql(
            "INSERT INTO person_names (person_id, position, full_name, surname, given_name, "
            "patronymic, script, language, name_type) "
            "VALUES (?, ?, ?, '', '', '', ?, '', 'primary')",
            rows,
        )


def build_store(data_dir: Path, distractors: int = DISTRACTORS) -> tuple[Store, dict[tuple, str]]:
    """The crowded store: targets of every pair plus ``distractors`` random persons.

    Returns:
        The open store and the person id of each distinct stored side of a pair.
    """
    store = open_store(Paths(data_dir), Credentials(MemorySecrets(), "eval"))
    targets: dict[tuple, str] = {}
    rng = random.Random(SEED + 1)
    persons: list[PersonRow] = []
    for pair in read_pairs():
        r = pair.row
        key = (r["right_name"], r["right_sex"], r["right_dob"], r["right_nationality"])
        if key not in targets:
            pid = str(uuid.UUID(int=rng.getrandbits(128)))
            targets[key] = pid
            persons.append((pid, r["right_nationality"] or None, r["right_sex"] or None,
                            _dob_tuple(r["right_dob"]), [r["right_name"]]))  # fmt: skip
    gen = Distractors()
    for _ in range(distractors):
        nat, sex, dob, names = gen.person()
        persons.append((str(uuid.UUID(int=gen.rng.getrandbits(128))), nat, sex, dob, names))
    # Targets are not all indexed first: mix them in so insertion order says nothing.
    rng.shuffle(persons)
    for start in range(0, len(persons), 5000):
        _insert(store, persons[start : start + 5000])
    with store.write() as s:
        index.rebuild(s)
    return store, targets


@dataclass
class Outcome:
    pair: Pair
    band: Band | None  # None: not on the first page
    elapsed_ms: float


def evaluate(store: Store, targets: dict[tuple, str]) -> list[Outcome]:
    out: list[Outcome] = []
    for pair in read_pairs():
        r = pair.row
        target = targets[(r["right_name"], r["right_sex"], r["right_dob"], r["right_nationality"])]
        with store.read() as s:
            t0 = time.perf_counter()
            outcome = search(s, r["left_name"], kinds={Kind.PERSON}, dob=r["left_dob"] or None,
                             sex=r["left_sex"] or None, nationality=r["left_nationality"] or None,
                             limit=PAGE)  # fmt: skip
            elapsed = (time.perf_counter() - t0) * 1000
        band = next((res.band for res in outcome.results if res.target_id == target), None)
        out.append(Outcome(pair, band, elapsed))
    return out


def _rates(items: list[Outcome], bands: tuple[Band, ...]) -> tuple[int, int, int, int]:
    tp = fp = fn = tn = 0
    for o in items:
        predicted = o.band in bands
        actual = o.pair.row["label"] == "1"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not actual and not predicted
    return tp, fp, fn, tn


def _fmt(tp: int, fp: int, fn: int) -> str:
    recall = tp / (tp + fn) if tp + fn else float("nan")
    precision = tp / (tp + fp) if tp + fp else float("nan")
    return f"recall {recall:.3f} precision {precision:.3f} (tp {tp} fp {fp} fn {fn})"


def recall_precision(items: list[Outcome]) -> tuple[float, float]:
    tp, fp, fn, _ = _rates(items, (Band.STRONG, Band.POSSIBLE))
    return tp / max(tp + fn, 1), tp / max(tp + fp, 1)


def report(results: list[Outcome]) -> str:
    """Recall and precision per data set, band, tradition and category."""
    lines: list[str] = []
    sp = (Band.STRONG, Band.POSSIBLE)
    for name in (*PAIR_FILES, "all"):
        items = [o for o in results if name in ("all", o.pair.source_file)]
        lines.append(f"== {name}: {len(items)} pairs")
        lines.append("  strong+possible: " + _fmt(*_rates(items, sp)[:3]))
        lines.append("  strong only:     " + _fmt(*_rates(items, (Band.STRONG,))[:3]))
        if name == "all":
            continue
        by_nat: dict[str, list[Outcome]] = defaultdict(list)
        by_cat: dict[str, list[Outcome]] = defaultdict(list)
        for o in items:
            by_nat[o.pair.row["right_nationality"] or "-"].append(o)
            by_cat[o.pair.row["category"]].append(o)
        for title, groups in (("tradition", by_nat), ("category", by_cat)):
            lines.append(f"  by {title} (strong+possible):")
            for key in sorted(groups):
                lines.append(
                    f"    {key:26s} n={len(groups[key]):4d} " + _fmt(*_rates(groups[key], sp)[:3])
                )
    misses = [o for o in results if o.pair.row["label"] == "1" and o.band not in sp]
    offers = [o for o in results if o.pair.row["label"] == "0" and o.band in sp]
    lines.append(f"misses ({len(misses)}):")
    lines.extend(
        f"  {o.pair.row['left_name']!r} -> {o.pair.row['right_name']!r}: "
        f"{o.band or 'not on page'} [{o.pair.row['category']}]"
        for o in misses
    )
    lines.append(f"false offers ({len(offers)}):")
    lines.extend(f"  {o.pair.row['left_name']!r} -> {o.pair.row['right_name']!r}: {o.band} "
                 f"[{o.pair.row['category']}]" for o in offers)  # fmt: skip
    times = sorted(o.elapsed_ms for o in results)
    lines.append(f"latency ms: p50 {times[len(times) // 2]:.1f} "
                 f"p95 {times[int(len(times) * 0.95)]:.1f} max {times[-1]:.1f}")  # fmt: skip
    return "\n".join(lines)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Outcome]]:
    store, targets = build_store(tmp_path_factory.mktemp("crowded"))
    try:
        with store.read() as s:
            count = s.connection().exec_driver_sql("SELECT count(*) FROM persons").scalar()
        assert count is not None and count >= DISTRACTORS
        yield evaluate(store, targets)
    finally:
        store.close()


def test_distractors_share_common_names() -> None:
    gen = Distractors()
    surnames = Counter(gen.name("RUS", "M")[0].split()[0] for _ in range(5000))
    # A realistic spread: the commonest surname is shared by many, most are rare.
    assert surnames.most_common(1)[0][1] >= 50
    assert sum(1 for c in surnames.values() if c == 1) >= 1000


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("source", PAIR_FILES)
def test_recall_and_precision_in_a_crowded_store(crowded: list[Outcome], source: str) -> None:
    print("\n" + report(crowded))
    recall, precision = recall_precision([o for o in crowded if o.pair.source_file == source])
    assert recall >= MIN_RECALL, f"{source}: recall {recall:.3f}"
    assert precision >= MIN_PRECISION, f"{source}: precision {precision:.3f}"


def test_hard_negatives_are_never_strong_in_the_store(crowded: list[Outcome]) -> None:
    strong = [
        (o.pair.row["left_name"], o.pair.row["right_name"])
        for o in crowded
        if o.pair.row["label"] == "0"
        and o.pair.row["category"] in ("dob", "sex")
        and o.band is Band.STRONG
    ]
    assert strong == []


if __name__ == "__main__":
    import tempfile

    n = int(sys.argv[1]) if len(sys.argv) > 1 else DISTRACTORS
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        st, tg = build_store(Path(tmp), n)
        print(f"built in {time.perf_counter() - t0:.1f} s", flush=True)
        res = evaluate(st, tg)
        st.close()
    print(report(res))
