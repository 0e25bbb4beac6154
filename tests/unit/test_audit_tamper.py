"""Altering, deleting or reordering any one audit event is detected and named.

The events are tampered with through raw SQL on the real (decrypted) store, the way
someone holding the key would, then :func:`audit.verify` and ``district-desk audit
verify`` must name the first bad event.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app import audit
from app.context import Desk
from tests.helpers.desk import make_desk
from tests.unit.test_cli import make_cli_data_dir, open_cli_desk, populate, run_cli

N_EVENTS = 8

# Every column that the chain covers, and a different value of the right type for it.
ALTERATIONS = {
    "id": "'00000000-0000-4000-8000-000000000000'",
    "at": "'2001-01-01T00:00:00.000000Z'",
    "actor_id": "'someone-else'",
    "actor_name": "actor_name || 'x'",
    "action": "'export'",
    "target_type": "'case'",
    "target_id": "target_id || '1'",
    "details": '\'{"reason": "forged"}\'',
    "prev_hash": "'" + "1" * 64 + "'",
    "hash": "'" + "2" * 64 + "'",
    "seq": "seq + 1000",
}


def _add_events(desk: Desk, n: int) -> None:
    with desk.store.write() as s:
        for i in range(n):
            audit.record(
                s,
                audit.Action.VIEW,
                actor_id=f"user-{i % 3}",
                actor_name=f"officer{i % 3}",
                target_type="bulletin",
                target_id=f"b-{i}",
                details={"n": i, "why": "check"},
            )


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    desk = make_desk(tmp_path_factory.mktemp("audit") / "data")
    _add_events(desk, N_EVENTS)
    assert audit.verify(desk.store.engine).ok
    yield desk
    desk.close()


def _exec(desk: Desk, *statements: str) -> None:
    with desk.store.write() as s:
        for sql in statements:
            s.execute(text(sql))


def _row(desk: Desk, seq: int) -> dict[str, object]:
    with desk.store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT * FROM audit_events WHERE seq = ?", (seq,))
        return dict(row.mappings().one())


def _restore(desk: Desk, row: dict[str, object]) -> None:
    cols = ", ".join(row)
    marks = ", ".join(f":{c}" for c in row)
    with desk.store.write() as s:
        s.execute(text(f"INSERT INTO audit_events ({cols}) VALUES ({marks})"), row)


@pytest.mark.parametrize("column", sorted(ALTERATIONS))
def test_altering_any_field_of_any_event_is_detected(chain: Desk, column: str) -> None:
    for seq in range(1, N_EVENTS + 1):
        original = _row(chain, seq)
        _exec(chain, f"UPDATE audit_events SET {column} = {ALTERATIONS[column]} WHERE seq = {seq}")
        result = audit.verify(chain.store.engine)
        assert not result.ok, (column, seq)
        assert result.bad_seq == seq, (column, seq, result)
        _exec(chain, f"DELETE FROM audit_events WHERE seq IN ({seq}, {seq + 1000})")
        _restore(chain, original)
        assert audit.verify(chain.store.engine).ok


def test_deleting_any_event_is_detected(chain: Desk) -> None:
    for seq in range(1, N_EVENTS + 1):
        original = _row(chain, seq)
        _exec(chain, f"DELETE FROM audit_events WHERE seq = {seq}")
        result = audit.verify(chain.store.engine)
        assert not result.ok and result.bad_seq == seq, (seq, result)
        assert result.problem == ("truncated" if seq == N_EVENTS else "missing")
        _restore(chain, original)
        assert audit.verify(chain.store.engine).ok


def test_swapping_any_two_neighbours_is_detected(chain: Desk) -> None:
    for seq in range(1, N_EVENTS):
        _exec(
            chain,
            f"UPDATE audit_events SET seq = -1 WHERE seq = {seq}",
            f"UPDATE audit_events SET seq = {seq} WHERE seq = {seq + 1}",
            f"UPDATE audit_events SET seq = {seq + 1} WHERE seq = -1",
        )
        result = audit.verify(chain.store.engine)
        assert not result.ok and result.bad_seq == seq, (seq, result)
        _exec(
            chain,
            f"UPDATE audit_events SET seq = -1 WHERE seq = {seq}",
            f"UPDATE audit_events SET seq = {seq} WHERE seq = {seq + 1}",
            f"UPDATE audit_events SET seq = {seq + 1} WHERE seq = -1",
        )
        assert audit.verify(chain.store.engine).ok


def test_cutting_off_the_end_or_dropping_the_head_is_detected(chain: Desk) -> None:
    head = _row(chain, N_EVENTS)
    with chain.store.engine.connect() as conn:
        head_value = conn.exec_driver_sql(
            "SELECT value FROM meta WHERE key = 'audit_head'"
        ).scalar()
    _exec(chain, "DELETE FROM meta WHERE key = 'audit_head'")
    result = audit.verify(chain.store.engine)
    assert not result.ok and result.problem == "head_missing"
    _exec(
        chain,
        f"DELETE FROM audit_events WHERE seq = {N_EVENTS}",
        f"INSERT INTO meta (key, value) VALUES ('audit_head', '{head_value}')",
    )
    assert audit.verify(chain.store.engine).bad_seq == N_EVENTS
    _restore(chain, head)
    assert audit.verify(chain.store.engine).ok


def test_new_events_continue_a_verified_chain(chain: Desk) -> None:
    _add_events(chain, 3)
    result = audit.verify(chain.store.engine)
    assert result.ok and result.count == N_EVENTS + 3
    _exec(chain, f"DELETE FROM audit_events WHERE seq > {N_EVENTS}")
    with chain.store.engine.connect() as conn:  # put the head back for the other tests
        digest = conn.exec_driver_sql(
            f"SELECT hash FROM audit_events WHERE seq = {N_EVENTS}"
        ).scalar()
    _exec(chain, f"UPDATE meta SET value = '{N_EVENTS}:{digest}' WHERE key = 'audit_head'")
    assert audit.verify(chain.store.engine).ok


@pytest.mark.parametrize("tamper", ["alter", "delete", "reorder"])
def test_cli_audit_verify_names_the_first_bad_event(tmp_path: Path, tamper: str) -> None:
    data = make_cli_data_dir(tmp_path / "data")
    desk = open_cli_desk(data)
    try:
        populate(desk)
        count = audit.verify(desk.store.engine).count
        assert count > 6
        target = 4
        statements = {
            "alter": [f"UPDATE audit_events SET actor_name = 'nobody' WHERE seq = {target}"],
            "delete": [f"DELETE FROM audit_events WHERE seq = {target}"],
            "reorder": [
                f"UPDATE audit_events SET seq = -1 WHERE seq = {target}",
                f"UPDATE audit_events SET seq = {target} WHERE seq = {target + 1}",
                f"UPDATE audit_events SET seq = {target + 1} WHERE seq = -1",
            ],
        }[tamper]
        _exec(desk, *statements)
    finally:
        desk.close()
    r = run_cli("audit", "verify", data_dir=data)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"BROKEN at event {target}:" in r.stderr
    assert "Traceback" not in r.stderr


def test_forged_events_with_recomputed_hashes_are_caught_by_the_head(chain: Desk) -> None:
    """Someone who recomputes hashes can forge a chain, but not behind the recorded head."""
    last = _row(chain, N_EVENTS)
    fields = audit._fields(
        N_EVENTS + 1,
        "forged-id",
        "2030-01-01T00:00:00.000000Z",
        None,
        "ghost",
        "view",
        "case",
        "c-1",
        {},
    )
    forged = audit.event_digest(str(last["hash"]), fields)
    _exec(
        chain,
        "INSERT INTO audit_events (seq, id, at, actor_id, actor_name, action, "
        "target_type, target_id, details, prev_hash, hash, uploaded) VALUES "
        f"({N_EVENTS + 1}, 'forged-id', '2030-01-01T00:00:00.000000Z', NULL, "
        f"'ghost', 'view', 'case', 'c-1', '{{}}', '{last['hash']}', '{forged}', 0)",
    )
    result = audit.verify(chain.store.engine)
    assert not result.ok and result.bad_seq == N_EVENTS + 1
    assert result.problem == "beyond_head"
    _exec(chain, f"DELETE FROM audit_events WHERE seq = {N_EVENTS + 1}")

    # Rewriting the last event and recomputing its hash leaves the head pointing elsewhere.
    fields = audit._fields(
        N_EVENTS,
        str(last["id"]),
        str(last["at"]),
        None if last["actor_id"] is None else str(last["actor_id"]),
        "someone else",
        str(last["action"]),
        str(last["target_type"]),
        str(last["target_id"]),
        {"n": N_EVENTS - 1, "why": "check"},
    )
    rewritten = audit.event_digest(str(last["prev_hash"]), fields)
    _exec(
        chain,
        f"UPDATE audit_events SET actor_name = 'someone else', hash = '{rewritten}' "
        f"WHERE seq = {N_EVENTS}",
    )
    result = audit.verify(chain.store.engine)
    assert not result.ok and result.bad_seq == N_EVENTS and result.problem == "altered"
    _exec(chain, f"DELETE FROM audit_events WHERE seq = {N_EVENTS}")
    _restore(chain, last)
    assert audit.verify(chain.store.engine).ok


@pytest.mark.parametrize(
    "actor_name",
    [
        "officer",
        "Жулдыз Әбенова",
        'quote " and \\ slash',
        "tab\there\nnewline \x00\x1f",
        "emoji 🚓",
        "",
    ],
)
@pytest.mark.parametrize("actor_id", [None, "user-1"])
def test_fast_event_encoding_equals_canonical_json(actor_name: str, actor_id: str | None) -> None:
    """verify() builds the canonical bytes itself; they must equal the protocol's."""
    from app.sync.protocol import canonical_json

    details = {"z": [1, 2.5, None, True], "a": {"ü": "x", "b": -3}, "reason": actor_name}
    args = (
        123456,
        "id-1",
        "2026-01-01T00:00:00.000001Z",
        actor_id,
        actor_name,
        "view",
        "bulletin",
        "b-" + actor_name,
        details,
    )
    fast = audit.fast_event_bytes(*args[:-1], canonical_json(details).decode())
    assert fast == canonical_json(audit._fields(*args))
