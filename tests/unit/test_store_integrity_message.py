"""self-test names the damage an integrity check finds (issue 9, item 10).

A real encrypted store whose index no longer matches its table (the kind of damage
SQLCipher's page HMACs cannot see, because the pages were written with the key).
"""

from __future__ import annotations

from pathlib import Path

from app.credentials import Credentials, MemorySecrets
from app.selftest import run_self_test
from tests.helpers.desk import make_desk


def test_integrity_failure_is_named(tmp_path: Path) -> None:
    data, secrets = tmp_path / "data", MemorySecrets()
    desk = make_desk(data, secrets=secrets)
    with desk.store.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch(x)")
        conn.exec_driver_sql("CREATE INDEX scratch_x ON scratch(x)")
        for i in range(20):
            conn.exec_driver_sql(f"INSERT INTO scratch VALUES ({i})")
        # Declare the index in the other order without rebuilding it.
        conn.exec_driver_sql("PRAGMA writable_schema=ON")
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX scratch_x ON scratch(x DESC)' "
            "WHERE name = 'scratch_x'"
        )
        conn.exec_driver_sql("PRAGMA writable_schema=OFF")
        conn.commit()
    desk.close()
    # Index against table is what the full check compares (``--full``): quick_check
    # reads every page but not every index entry back to its row.
    report = run_self_test(data, credentials=Credentials(secrets, "test"), full=True)
    assert report["integrity"] == "full"
    found = next(c for c in report["checks"] if c["name"] == "integrity")
    assert (found["ok"], found["code"]) == (False, "store.integrity")
    assert "missing from index scratch_x" in found["detail"]
    assert "Unexpected error" not in found["detail"]
    assert report["ok"] is False
