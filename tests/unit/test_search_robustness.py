"""Long, odd and hostile input to the search box, in a real encrypted store.

Whatever is typed or pasted, :func:`app.search.service.search_and_audit` answers within
200 ms and never raises (the audit write included); invisible characters inside a name do
not split it; a stray word is not offered as a person; an impossible date is reported.

Each search is held to two bounds:

* **Wall time**, the officer's wait: at most :data:`WALL_LIMIT_MS`. That is the 200 ms
  budget with headroom for a loaded test machine (on the shared CI runner other jobs
  stretch wall time several-fold; an office PC is close to the budget itself), and it
  still fails a search that blocks, sleeps or scans a table.
* **Work**, counted deterministically so that load cannot hide a regression: SQLite
  virtual-machine steps and statements (a progress handler and a trace callback on the
  store's connections) and stored spellings compared with the query. The limits are what
  the bounds in :mod:`app.search.service` and :mod:`app.search.retrieval` allow, with a
  margin; the unbounded code of before (a 100-word query took 10 s) exceeded them by
  orders of magnitude.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from app.search import score
from app.search.score import Band
from app.search.service import (
    ERROR_DOB_INVALID,
    AuditActor,
    Kind,
    SearchOutcome,
    search_and_audit,
)
from app.store.db import Store
from tests.unit.test_search_crowded_store import build_store

BUDGET_MS = 200.0
# The budget with headroom for a loaded machine (see the module docstring): at a load
# average of 9 on the 2-core runner the worst warm search here took ~600 ms wall.
WALL_LIMIT_MS = 10 * BUDGET_MS
# Deterministic work bounds of one search, audit write included. Worst seen over these
# inputs: 87,000 VM steps, 38 statements, 146 spellings compared (a first page scores at
# most 60 candidates of about three spellings).
MAX_VM_STEPS = 1_000_000
MAX_STATEMENTS = 80
MAX_SPELLINGS_COMPARED = 400
ACTOR = AuditActor(None, "robustness")
# SQLite calls the progress handler every this many virtual-machine instructions.
_STEP = 1000


@dataclass
class Work:
    """Work done by one search, counted on the store's connections and in the scorer."""

    vm_steps: int = 0
    statements: int = 0
    spellings_compared: int = 0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[tuple, str]]]:
    # The stored sides of every labelled pair plus 5,000 distractors: enough common names
    # that a loose query has many candidates to look at.
    st_, targets = build_store(tmp_path_factory.mktemp("robust"), 5_000)
    # Count from here on: every connection the pool hands out reports its work to WORK.
    event.listen(st_.engine, "checkout", _count_work)
    # Warm up (first connections, first-use caches) so each test times one search only.
    search_and_audit(st_, "Иванов Сергей", ACTOR)
    try:
        yield st_, targets
    finally:
        event.remove(st_.engine, "checkout", _count_work)
        st_.close()


WORK = Work()


def _on_progress() -> int:
    WORK.vm_steps += _STEP
    return 0  # 0: go on


def _on_statement(_sql: str) -> None:
    WORK.statements += 1


def _count_work(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    dbapi_conn.set_progress_handler(_on_progress, _STEP)
    dbapi_conn.set_trace_callback(_on_statement)


@pytest.fixture(autouse=True)
def _count_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    real = score.compare_names

    def counted(*args: Any, **kwargs: Any) -> Any:
        WORK.spellings_compared += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(score, "compare_names", counted)


def _search(store: Store, text: str, **options: object) -> tuple[SearchOutcome, float]:
    """Search and audit within the bounds; returns the outcome and its wall milliseconds."""
    WORK.vm_steps = WORK.statements = WORK.spellings_compared = 0
    t0 = time.perf_counter()
    outcome = search_and_audit(store, text, ACTOR, **options)
    wall = (time.perf_counter() - t0) * 1000
    assert wall <= WALL_LIMIT_MS, f"{wall:.0f} ms wall for {text[:40]!r}"
    what = f"work bound exceeded for {text[:40]!r}: {WORK}"
    assert WORK.vm_steps <= MAX_VM_STEPS, what
    assert WORK.statements <= MAX_STATEMENTS, what
    assert WORK.spellings_compared <= MAX_SPELLINGS_COMPARED, what
    return outcome, wall


def _target(targets: dict[tuple, str], name: str) -> str:
    return next(pid for key, pid in targets.items() if key[0] == name)


HOSTILE = [
    " ".join(["Иванов"] * 1000),
    " ".join(f"word{i}" for i in range(1000)),
    " ".join(["Kuznetsov", "Dmitrii", "Olegovich"] * 100),
    " ".join(["Александр Сергеевич"] * 150),
    "Ivanov \ud800 Sergei",
    "\udfff",
    "Kuznetsov " + "a\u0301" * 400,
    "NEAR(" * 300,
    "ivanov* OR petrov AND NOT smirnov",
    '"' * 1000,
    "<" * 2000,
    "x" * 100_000,
    "\u200b" * 500,
    "\x00\x01\x02 Ivanov",
    "🙂 Иванов 🙂",
    "Иванов 31.02.1975",
    "Ivanov 99.99.9999",
    "P<RUSIVANOV<<SERGEI" + "<" * 30 + "\n" + "1" * 44,
]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_bounded(store: tuple[Store, dict[tuple, str]], text: str) -> None:
    outcome, _ms = _search(store[0], text)
    assert isinstance(outcome.results, list)


@pytest.mark.timeout(600)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=()),  # surrogates and controls too
        max_size=200,
    )
)
def test_random_unicode_never_raises(store: tuple[Store, dict[tuple, str]], text: str) -> None:
    outcome, _ms = _search(store[0], text)
    assert isinstance(outcome.results, list)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "typed",
    [
        "Кузне\u200bцов Дмитрий",  # zero-width space
        "Кузне\u200dцов Дмитрий",  # zero-width joiner
        "Кузне\u00adцов Дмитрий",  # soft hyphen
        "Кузне\x07цов Дмитрий",  # a control character
        "Кузне\u0301\u0301\u0301цов Дмитрий",  # stacked combining marks
        "\ufeffKuznetsov Dmitrii",  # byte-order mark pasted in front
    ],
)
def test_invisible_characters_do_not_split_a_name(
    store: tuple[Store, dict[tuple, str]], typed: str
) -> None:
    st_, targets = store
    wanted = _target(targets, "Кузнецов Дмитрий Олегович")
    outcome, _ms = _search(st_, typed, dob="1962")
    bands = {r.target_id: r.band for r in outcome.results if r.kind is Kind.PERSON}
    assert bands.get(wanted) in (Band.STRONG, Band.POSSIBLE)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("word", ["NEAR(", "OR", "AND", "the", "xyz", "Иии", "*"])
def test_a_stray_word_is_not_offered_as_a_person(
    store: tuple[Store, dict[tuple, str]], word: str
) -> None:
    outcome, _ms = _search(store[0], word)
    offered = [r for r in outcome.results if r.kind is Kind.PERSON]
    assert offered == []


@pytest.mark.timeout(300)
def test_impossible_date_is_reported_not_used(store: tuple[Store, dict[tuple, str]]) -> None:
    st_, targets = store
    outcome, _ms = _search(st_, "Kuznetsov Dmitrii 31.02.1962")
    assert ERROR_DOB_INVALID in outcome.errors
    assert outcome.dob is None
    wanted = _target(targets, "Кузнецов Дмитрий Олегович")
    assert wanted in {r.target_id for r in outcome.results}
    outcome, _ms = _search(st_, "Kuznetsov Dmitrii", dob="30.02.1962")
    assert ERROR_DOB_INVALID in outcome.errors
    good, _ms = _search(st_, "Kuznetsov Dmitrii 18.07.1962")
    assert good.errors == () and good.dob is not None and good.dob.day == 18


@pytest.mark.timeout(600)
def test_work_bounds_catch_an_unbounded_query(
    store: tuple[Store, dict[tuple, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deterministic bounds fail a search that does more work than its bounds allow.

    Lifting the cap on name parts (six) to thirty makes a pasted list of names cost many
    times more statements and VM steps, however idle or loaded the machine is.
    """
    from app.search import service

    words = "Иванов Петров Сидоров Кузнецов Смирнов Попов Волков Соколов Лебедев Козлов"
    given = "Сергей Дмитрий Алексей Андрей Максим Иван Михаил Николай Павел Олег"
    pasted = " ".join((words + " " + given + " " + words.lower()).split())
    outcome, _ms = _search(store[0], pasted)
    assert outcome.interpretations  # bounded: within every limit
    monkeypatch.setattr(service, "MAX_NAME_PARTS", 30)
    monkeypatch.setattr(sys.modules[__name__], "WALL_LIMIT_MS", float("inf"))
    with pytest.raises(AssertionError, match="work bound exceeded"):
        _search(store[0], pasted)
