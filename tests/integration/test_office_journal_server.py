"""Three PCs of one office and one of another, through a real regional server on loopback.

The officer submits on PC 1, the supervisor approves on PC 2, PC 3 sees it approved, the
region receives the request exactly once and every PC learns the receipt; the other
office's PC receives nothing and is refused when it tries to post into the office.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app.config import SiteConfig
from app.credentials import MemorySecrets
from app.office import journal
from app.store.models import OutgoingRequest, RequestState, RequestType
from app.sync import office as office_sync
from app.sync.client import SyncFailure
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from app.sync.protocol.office import OfficeEntriesPage, OfficeEntriesStored
from app.workflow import RequestDraft, hash_of
from tests.faults.syncenv import (
    ClientEnv,
    client_env,
    fast_options,
    server_accepted_items,
    server_requests,
    server_users,
)
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(300)


def _row(env: ClientEnv, rid: str) -> OutgoingRequest | None:
    with env.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        if req is not None:
            s.expunge(req)
        return req


def test_three_pcs_one_request_reaches_the_region_once_other_office_sees_nothing(
    dd_server: RunningServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office_sync, "POLL_SECONDS", 0.0)  # ask every cycle in this test
    server_users(dd_server)
    dd_server.add_user("kar_officer", "officer", "KAR-02", password="correct horse 1")
    pcs = [client_env(dd_server, tmp_path / f"pc{i}") for i in (1, 2, 3)]
    other_desk = make_desk(
        tmp_path / "kar", secrets=MemorySecrets(), site=SiteConfig(office_code="KAR-02")
    )
    enrol(other_desk, dd_server.url, dd_server.enrolment_code("KAR-02"))
    other = SyncEngine(other_desk, fast_options())
    pc1, pc2, pc3 = pcs
    try:
        rid = pc1.service.create_draft(
            pc1.officer,
            RequestDraft(
                request_type=RequestType.INFORMATION,
                recipients=("NCB-ASTANA",),
                body="Please confirm the identity of the subject.",
            ),
        )
        pc1.service.submit(pc1.officer, rid)
        assert pc1.engine.run_once().ok
        assert pc2.engine.run_once().ok
        row = _row(pc2, rid)
        assert row is not None and row.state == RequestState.SUBMITTED

        # The supervisor approves on PC 2 and holds it: PC 3 sees it approved, not sent.
        pc2.service.approve(pc2.supervisor, rid, hash_of(row), hold=True)
        assert pc2.engine.run_once().ok
        assert pc3.engine.run_once().ok
        row3 = _row(pc3, rid)
        assert row3 is not None and row3.state == RequestState.APPROVED
        assert row3.approved_hash == hash_of(row)
        assert server_requests(dd_server) == {}

        # Released on PC 2: PC 2 alone sends it; the receipt reaches every PC.
        pc2.service.release(pc2.supervisor, rid)
        for _ in range(2):
            for env in pcs:
                assert env.engine.run_once().ok
        assert [env.state(rid) for env in pcs] == [RequestState.SENT] * 3
        assert list(server_requests(dd_server)) == [rid]
        assert len(server_accepted_items(dd_server)) == 1
        assert [env.outbox().get("pending", 0) for env in pcs] == [0, 0, 0]

        # The other office's PC: nothing comes down, and it cannot post into AST-01.
        assert other.run_once().ok
        with other_desk.store.read() as s:
            assert s.get(OutgoingRequest, rid) is None
        assert journal.version_vector(other_desk.store) == {}
        page = other.transport().call(
            "POST", "/office/entries/since", OfficeEntriesPage, json_body={"vector": {}}
        )
        assert page.entries == [] and page.vector == {}
        stolen = [e.to_wire() for e in journal.local_entries_since(pc1.desk.store, {})]
        assert stolen
        with pytest.raises(SyncFailure) as refused:
            other.transport().call(
                "POST", "/office/entries", OfficeEntriesStored, json_body={"entries": stolen}
            )
        assert refused.value.server_code == "forbidden"
        # Relabelled as its own office, the entries land in KAR-02's journal only.
        relabelled = [{**e, "office": "KAR-02"} for e in stolen]
        other.transport().call(
            "POST", "/office/entries", OfficeEntriesStored, json_body={"entries": relabelled}
        )
        assert pc3.engine.run_once().ok
        assert journal.version_vector(pc3.desk.store) == journal.version_vector(pc1.desk.store)
        # Without a session nothing at all.
        anon = requests.post(
            dd_server.url + "/api/v1/office/entries/since", json={"vector": {}}, timeout=10
        )
        assert anon.status_code == 401
    finally:
        other.close()
        other_desk.close()
        for env in pcs:
            env.engine.close()
            env.desk.close()


def test_the_only_pc_of_its_office_keeps_its_journal_until_a_neighbour_enrols(
    dd_server: RunningServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_users(dd_server)
    pc1 = client_env(dd_server, tmp_path / "pc1")
    envs = [pc1]
    try:
        rid = pc1.approved_request("Please confirm the address of the subject.")
        assert pc1.engine.run_once().ok
        assert list(server_requests(dd_server)) == [rid]  # the request itself went
        page = pc1.engine.transport().call(
            "POST", "/office/entries/since", OfficeEntriesPage, json_body={"vector": {}}
        )
        # Nobody else in the office: the server holds none of PC 1's journal entries.
        assert page.neighbours == 0
        assert page.entries == [] and page.vector == {}
        assert journal.version_vector(pc1.desk.store)  # they wait on PC 1

        # A second PC enrols: at PC 1's next poll the entries go up, and PC 2 gets them.
        pc2 = client_env(dd_server, tmp_path / "pc2")
        envs.append(pc2)
        monkeypatch.setattr(office_sync, "POLL_SECONDS", 0.0)
        assert pc1.engine.run_once().ok
        page = pc1.engine.transport().call(
            "POST", "/office/entries/since", OfficeEntriesPage, json_body={"vector": {}}
        )
        assert page.neighbours == 1
        assert page.vector == journal.version_vector(pc1.desk.store)
        assert pc2.engine.run_once().ok
        assert pc2.state(rid) == RequestState.SENT
        assert journal.version_vector(pc2.desk.store) == journal.version_vector(pc1.desk.store)
    finally:
        for env in envs:
            env.engine.close()
            env.desk.close()
