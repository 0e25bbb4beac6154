"""Outbox push against a real server: idempotency, conflicts, server-side four-eyes."""

from __future__ import annotations

import time

import pytest
import zstandard
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync.protocol import (
    AUDIT_GENESIS,
    audit_chain_next,
    canonical_json,
    content_hash,
)
from tests.helpers.server_fixture import ServerFactory
from tests.integration.conftest import (
    AT,
    Office,
    ProtocolClient,
    make_office,
    new_id,
    request_item,
    sample_content,
    signed_item,
    unique,
)

pytestmark = pytest.mark.timeout(60)


def status_row(client: ProtocolClient, request_id: str) -> dict:
    rows, _ = client.pull_all(lanes="0,1")
    matches = [r for r in rows if r["t"] == "q" and r["i"] == request_id]
    assert len(matches) == 1
    return matches[0]


def test_accepted_request_gets_seq_and_status_row(office: Office) -> None:
    item = request_item(office)
    [receipt] = office.client.push(item)
    assert receipt["status"] == "accepted"
    assert receipt["seq"] > 0
    assert receipt["server_time"].endswith("Z")
    row = status_row(office.client, item["payload"]["request"]["id"])
    assert row["l"] == 1
    assert row["s"] == receipt["seq"]
    assert row["d"]["st"] == "received"


def test_duplicate_gets_the_same_receipt(office: Office) -> None:
    item = request_item(office)
    [first] = office.client.push(item)
    [again] = office.client.push(item)
    assert first["status"] == "accepted"
    assert again["status"] == "duplicate"
    assert again["first_status"] == "accepted"
    assert (again["seq"], again["server_time"]) == (first["seq"], first["server_time"])
    lookup = office.client.call("GET", f"/outbox/{item['id']}").json()["receipt"]
    assert (lookup["status"], lookup["seq"]) == ("duplicate", first["seq"])
    # Applied once: one status row, not two.
    status_row(office.client, item["payload"]["request"]["id"])


def test_duplicate_in_one_batch_is_applied_once(office: Office) -> None:
    item = request_item(office)
    first, second = office.client.push(item, item)
    assert (first["status"], second["status"]) == ("accepted", "duplicate")
    assert second["seq"] == first["seq"]


def test_same_id_other_hash_is_a_conflict(office: Office) -> None:
    item = request_item(office)
    assert office.client.push(item)[0]["status"] == "accepted"
    changed = request_item(office, item_id=item["id"], content=sample_content("другой текст"))
    [receipt] = office.client.push(changed)
    assert receipt["status"] == "conflict"
    assert receipt["code"] == "id_conflict"


def test_replayed_item_with_different_body_is_refused(office: Office) -> None:
    item = request_item(office)
    assert office.client.push(item)[0]["status"] == "accepted"
    # Same id and declared hash, but the body was altered on the way.
    tampered = {**item, "payload": {**item["payload"]}}
    tampered["payload"]["request"] = {**item["payload"]["request"], "drafter_username": "x"}
    [receipt] = office.client.push(tampered)
    assert receipt["status"] == "conflict"
    assert receipt["code"] == "id_conflict"


def test_same_request_pushed_by_another_pc_of_the_office_gets_the_first_receipt(
    office: Office,
) -> None:
    item = request_item(office)
    [first] = office.client.push(item)
    assert first["status"] == "accepted"
    # Another PC of the office queued the same approved request: its own user ids and its
    # own signature of the approval (the approver's key on that PC), nothing else.
    other = {**item, "payload": {**item["payload"]}}
    other["payload"]["request"] = {**item["payload"]["request"], "drafter_id": "pc3-drafter"}
    other["payload"]["approval"] = {
        **item["payload"]["approval"],
        "approver_id": "pc3-approver",
        "signature": "c2lnbmVkIG9uIFBDIDM=",
    }
    other["signature"] = {"sig": "c2lnbmVkIG9uIFBDIDM="}
    [again] = office.client.push(other)
    assert (again["status"], again["first_status"]) == ("duplicate", "accepted")
    assert (again["seq"], again["server_time"]) == (first["seq"], first["server_time"])
    status_row(office.client, item["payload"]["request"]["id"])  # applied once
    # The office's part of the approval must be the same: another approver is a conflict.
    forged = {**other, "payload": {**other["payload"]}}
    forged["payload"]["approval"] = {**other["payload"]["approval"], "approver_username": "x"}
    [refused] = office.client.push(forged)
    assert (refused["status"], refused["code"]) == ("conflict", "id_conflict")


def test_self_approval_is_refused(office: Office) -> None:
    item = request_item(office, drafter=office.supervisor)
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "self_approval")
    # The refusal is permanent: a repeat gets the same receipt.
    [again] = office.client.push(item)
    assert (again["status"], again["first_status"], again["code"]) == (
        "duplicate",
        "rejected",
        "self_approval",
    )


def test_approval_by_an_officer_is_refused(office: Office) -> None:
    colleague = unique("officer.")
    office.client.server.add_user(colleague, "officer", office.code)
    item = request_item(office, approver=office.officer, key=office.officer_key, drafter=colleague)
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "approver_not_supervisor")


def test_approval_of_other_content_is_refused(office: Office) -> None:
    approved = content_hash(sample_content("what the supervisor saw"))
    item = request_item(office, content=sample_content("what was sent"), approved_hash=approved)
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "approval_hash_mismatch")


def test_declared_hash_must_match_the_content(office: Office) -> None:
    item = request_item(office)
    item["content_hash"] = content_hash({"something": "else"})
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "item_hash_invalid")


def test_forged_signature_is_refused(office: Office) -> None:
    forger = Ed25519PrivateKey.generate()
    item = request_item(office, key=forger)
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "signature_invalid")


def test_replayed_signature_is_refused(office: Office) -> None:
    original = request_item(office)
    assert office.client.push(original)[0]["status"] == "accepted"
    replay = request_item(office, sign=False, content=original["payload"]["request"]["content"])
    replay["signature"] = original["signature"]
    [receipt] = office.client.push(replay)
    assert (receipt["status"], receipt["code"]) == ("rejected", "signature_replayed")


def test_signature_for_another_item_does_not_verify(office: Office) -> None:
    donor = request_item(office)  # never sent: only its signature is reused
    item = request_item(office, sign=False)
    item["signature"] = donor["signature"]
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "signature_invalid")


def test_missing_signature_and_unknown_key(office: Office) -> None:
    [missing] = office.client.push(request_item(office, sign=False))
    assert (missing["status"], missing["code"]) == ("rejected", "signature_missing")
    newcomer = unique("super.")
    office.client.server.add_user(newcomer, "supervisor", office.code)
    item = request_item(office, approver=newcomer, key=Ed25519PrivateKey.generate())
    [unknown] = office.client.push(item)
    assert (unknown["status"], unknown["code"]) == ("rejected", "key_unknown")


def test_users_of_another_office_are_refused(office: Office) -> None:
    elsewhere = make_office(office.client.server)
    item = request_item(office, approver=elsewhere.supervisor, key=elsewhere.supervisor_key)
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "actor_other_office")


def test_bad_items_get_their_own_receipts(office: Office) -> None:
    good = request_item(office)
    receipts = office.client.push(
        {"id": "not-a-uuid", "kind": "request", "content_hash": "0" * 64, "payload": {}},
        {"id": new_id(), "kind": "teleport", "content_hash": "0" * 64, "payload": {}},
        {"id": new_id(), "kind": "request", "content_hash": "0" * 64, "payload": {"x": 1}},
        good,
    )
    assert [r["code"] for r in receipts[:3]] == ["payload_invalid"] * 3
    assert receipts[3]["status"] == "accepted"


def test_compressed_batch_is_accepted(office: Office) -> None:
    item = request_item(office)
    body = zstandard.ZstdCompressor().compress(canonical_json({"items": [item]}))
    response = office.client.call(
        "POST",
        "/outbox",
        data=body,
        headers={"Content-Type": "application/json", "Content-Encoding": "zstd"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["receipts"][0]["status"] == "accepted"
    bad = office.client.call("POST", "/outbox", data=b"x", headers={"Content-Encoding": "br"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (415, "unsupported_encoding")


def test_missing_attachment_asks_for_a_retry(office: Office) -> None:
    item = request_item(office, content=sample_content(attachments=["ab" * 32]))
    [receipt] = office.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("retry", "attachment_missing")
    # Nothing was recorded: no stored receipt.
    assert office.client.call("GET", f"/outbox/{item['id']}").status_code == 404


def withdrawal(office: Office, request_id: str, digest: str) -> dict:
    payload = {
        "request_id": request_id,
        "content_hash": digest,
        "decision": "withdraw",
        "actor_id": "local-approver",
        "actor_username": office.supervisor,
        "at": AT,
        "reason": "no longer needed",
    }
    return signed_item("withdrawal", payload, office.supervisor_key)


def test_withdrawal_after_sending_goes_to_lane_zero(office: Office) -> None:
    item = request_item(office)
    request_id = item["payload"]["request"]["id"]
    assert office.client.push(item)[0]["status"] == "accepted"
    [receipt] = office.client.push(withdrawal(office, request_id, item["content_hash"]))
    assert receipt["status"] == "accepted", receipt
    row = status_row(office.client, request_id)
    assert (row["l"], row["d"]["st"]) == (0, "withdrawn")


def test_withdrawal_before_arrival_blocks_the_request(office: Office) -> None:
    item = request_item(office)
    request_id = item["payload"]["request"]["id"]
    first, second = office.client.push(withdrawal(office, request_id, item["content_hash"]), item)
    assert first["status"] == "accepted"
    assert (second["status"], second["code"]) == ("rejected", "request_withdrawn")


def test_return_hit_case_note_and_audit_batch(office: Office) -> None:
    server = office.client.server
    seeded = server.seed(bulletins=1, cases=1, offices=[office.code])
    bulletin_id, case_id = seeded.bulletins[0], seeded.cases[0]
    returned = signed_item(
        "return",
        {
            "request_id": new_id(),
            "content_hash": content_hash(sample_content()),
            "decision": "return",
            "actor_id": "local-approver",
            "actor_username": office.supervisor,
            "at": AT,
            "reason": "уточните данные",
        },
        office.supervisor_key,
    )
    hit_content = {
        "bulletin_id": bulletin_id,
        "subject": {"kind": "person", "ref": "p-9"},
        "explanation": "совпадение ФИО и даты рождения",
        "observed_at": AT,
    }
    hit = signed_item(
        "hit",
        {
            "request_id": bulletin_id,
            "content_hash": content_hash(hit_content),
            "decision": "hit",
            "actor_id": "local-officer",
            "actor_username": office.officer,
            "at": AT,
            "content": hit_content,
        },
        office.officer_key,
    )
    note_payload = {
        "case_id": case_id,
        "author": office.officer,
        "written_at": AT,
        "text": "Проверен адрес.",
    }
    note = {
        "id": new_id(),
        "kind": "case_note",
        "content_hash": content_hash(note_payload),
        "payload": note_payload,
    }
    events = [{"seq": 1, "action": "login"}, {"seq": 2, "action": "view"}]
    head = AUDIT_GENESIS
    for event in events:
        head = audit_chain_next(head, event)
    audit_payload = {"prev_head": AUDIT_GENESIS, "head": head, "events": events}
    audit = {
        "id": new_id(),
        "kind": "audit_batch",
        "content_hash": content_hash(audit_payload),
        "payload": audit_payload,
    }
    broken_payload = {"prev_head": AUDIT_GENESIS, "head": head, "events": events}
    broken = {
        "id": new_id(),
        "kind": "audit_batch",
        "content_hash": content_hash(broken_payload),
        "payload": broken_payload,
    }
    receipts = office.client.push(returned, hit, note, audit, broken)
    assert [r["status"] for r in receipts[:4]] == ["accepted"] * 4, receipts
    # The second batch does not continue the anchored head.
    assert (receipts[4]["status"], receipts[4]["code"]) == ("rejected", "audit_chain_broken")
    rows, _ = office.client.pull_all(lanes="2")
    notes = [r for r in rows if r["t"] == "n" and r["i"] == note["id"]]
    assert notes and notes[0]["d"]["c"] == case_id
    assert notes[0]["s"] == receipts[2]["seq"]


def test_revoked_device_cannot_push(own_office: Office) -> None:
    office = own_office
    office.client.server.revoke_device(office.client.device_id)
    response = office.client.call("POST", "/outbox", json={"items": [request_item(office)]})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "device_revoked"
    again = office.client.device_session()
    assert (again.status_code, again.json()["error"]["code"]) == (403, "device_revoked")


def test_unenrolled_device_cannot_push(office: Office) -> None:
    stranger = ProtocolClient(office.client.server)
    stranger.device_id, stranger.device_secret = new_id(), "guess"
    session = stranger.device_session()
    assert (session.status_code, session.json()["error"]["code"]) == (403, "device_unknown")
    response = stranger.call(
        "POST",
        "/outbox",
        json={"items": [request_item(office)]},
        headers={"Authorization": "Bearer forged-token"},
    )
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token_invalid")
    anonymous = stranger.call("POST", "/outbox", json={"items": [request_item(office)]})
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "auth_required")


def test_demo_mode_acknowledges_and_answers(server_factory: ServerFactory) -> None:
    server = server_factory(demo_delay=0.3)
    office = make_office(server)
    item = request_item(office)
    request_id = item["payload"]["request"]["id"]
    assert office.client.push(item)[0]["status"] == "accepted"
    deadline = time.monotonic() + 20
    seen: set[str] = set()
    replies: list[dict] = []
    cursor = "0"
    while time.monotonic() < deadline and "answered" not in seen:
        rows, cursor = office.client.pull_all(cursor, lanes="0,1")
        seen |= {r["d"]["st"] for r in rows if r["t"] == "q" and r["i"] == request_id}
        replies += [r for r in rows if r["t"] == "r" and r["d"]["rq"] == request_id]
        time.sleep(0.2)
    assert "answered" in seen
    assert len(replies) == 1 and replies[0]["d"]["tx"]
