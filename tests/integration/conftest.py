"""Fixtures for integration tests against a real reference server on loopback.

``ProtocolClient`` is a deliberately small, test-only speaker of the protocol (the real
client sync engine lives in ``app.sync``); it lets the server tests state exactly what
goes over the wire.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.sync.protocol import (
    PROTOCOL_HEADER,
    audit_chain_next,
    b64encode,
    content_hash,
    request_content,
    signing_payload,
)
from tests.helpers.server_fixture import RunningServer

TIMEOUT = 15


def unique(prefix: str) -> str:
    """A name no other test uses (tests share module-scoped servers)."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def new_id() -> str:
    """A fresh UUID string."""
    return str(uuid.uuid4())


def public_key_b64(key: Ed25519PrivateKey) -> str:
    """Base64 of the raw public key."""
    return b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


@dataclass
class ProtocolClient:
    """A device as the server sees it: enrolment, sessions, pull, push, blobs."""

    server: RunningServer
    http: requests.Session = field(default_factory=requests.Session)
    device_id: str = ""
    device_secret: str = ""
    office: str = ""

    def __post_init__(self) -> None:
        self.http.headers[PROTOCOL_HEADER] = "1"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One HTTP call with a timeout."""
        kwargs.setdefault("timeout", TIMEOUT)
        return self.http.request(method, self.server.api(path), **kwargs)

    def enrol(self, office: str) -> ProtocolClient:
        """Enrol with a fresh code for ``office`` and open a device session."""
        code = self.server.enrolment_code(office)
        response = self.call("POST", "/enrol", json={"code": code, "device_name": "pc"})
        assert response.status_code == 200, response.text
        body = response.json()
        self.device_id, self.device_secret, self.office = (
            body["device_id"],
            body["device_secret"],
            body["office"],
        )
        self.device_session()
        return self

    def device_session(self) -> requests.Response:
        """Get a device token and use it."""
        response = self.call(
            "POST",
            "/device-session",
            json={"device_id": self.device_id, "device_secret": self.device_secret},
        )
        if response.status_code == 200:
            self.http.headers["Authorization"] = "Bearer " + response.json()["token"]
        return response

    def login(
        self, username: str, password: str = "correct horse", public_key: str | None = None
    ) -> requests.Response:
        """User login on this device (the token replaces the device token)."""
        body = {
            "device_id": self.device_id,
            "device_secret": self.device_secret,
            "username": username,
            "password": password,
        }
        if public_key:
            body["public_key"] = public_key
        response = self.call("POST", "/login", json=body)
        if response.status_code == 200:
            self.http.headers["Authorization"] = "Bearer " + response.json()["token"]
        return response

    def push(self, *items: dict[str, Any]) -> list[dict[str, Any]]:
        """Push a batch; return its receipts."""
        response = self.call("POST", "/outbox", json={"items": list(items)})
        assert response.status_code == 200, response.text
        receipts: list[dict[str, Any]] = response.json()["receipts"]
        return receipts

    def pull_all(self, cursor: str = "0", **params: Any) -> tuple[list[dict[str, Any]], str]:
        """Pull every page after ``cursor``; return the rows and the final cursor."""
        rows: list[dict[str, Any]] = []
        while True:
            response = self.call("GET", "/changes", params={"after": cursor, **params})
            assert response.status_code == 200, response.text
            page = response.json()
            rows += page["rows"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return rows, cursor


@dataclass
class Office:
    """An office with an officer, a supervisor (with registered keys) and a device."""

    code: str
    officer: str
    supervisor: str
    officer_key: Ed25519PrivateKey
    supervisor_key: Ed25519PrivateKey
    client: ProtocolClient


def make_office(server: RunningServer) -> Office:
    """Create users, enrol a device and register both users' keys."""
    code = unique("D")
    officer, supervisor = unique("officer."), unique("super.")
    server.add_user(officer, "officer", code)
    server.add_user(supervisor, "supervisor", code)
    client = ProtocolClient(server).enrol(code)
    officer_key, supervisor_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    for name, key in ((officer, officer_key), (supervisor, supervisor_key)):
        assert client.login(name, public_key=public_key_b64(key)).status_code == 200
    client.device_session()
    return Office(code, officer, supervisor, officer_key, supervisor_key, client)


AT = "2025-03-01T09:30:00.000000Z"


def sample_content(body: str = "Просим проверить по учётам.", **changes: Any) -> dict[str, Any]:
    """Canonical content of a request."""
    fields: dict[str, Any] = {
        "request_type": "information",
        "priority": "routine",
        "due_date": None,
        "recipients": ["NCB-KZ", "NCB-RU"],
        "subjects": [{"kind": "person", "ref": "p-1"}],
        "body": body,
        "handling_code": "law_enforcement",
        "attachments": [],
    }
    fields.update(changes)
    return request_content(**fields)


def request_item(
    office: Office,
    *,
    drafter: str | None = None,
    approver: str | None = None,
    key: Ed25519PrivateKey | None = None,
    content: dict[str, Any] | None = None,
    approved_hash: str | None = None,
    item_id: str | None = None,
    request_id: str | None = None,
    sign: bool = True,
) -> dict[str, Any]:
    """A ``request`` item with its embedded approval, as the client's workflow builds it."""
    drafter = drafter or office.officer
    approver = approver or office.supervisor
    key = key or office.supervisor_key
    content = content or sample_content()
    digest = content_hash(content)
    approved = approved_hash or digest
    item_id = item_id or new_id()
    request_id = request_id or new_id()
    payload = {
        "request": {
            "id": request_id,
            "office_code": office.code,
            "drafter_id": "local-drafter",
            "drafter_username": drafter,
            "revision": 1,
            "hit_id": None,
            "content": content,
        },
        "approval": {
            "approver_id": "local-approver",
            "approver_username": approver,
            "content_hash": approved,
            "at": AT,
            "signature": None,
        },
    }
    item: dict[str, Any] = {
        "id": item_id,
        "kind": "request",
        "content_hash": digest,
        "payload": payload,
    }
    if sign:
        signed = signing_payload(
            item_id=item_id,
            request_id=request_id,
            content_hash=approved,
            decision="approve",
            actor_id="local-approver",
            actor_username=approver,
            at=AT,
        )
        item["signature"] = {"sig": b64encode(key.sign(signed))}
    return item


def signed_item(
    kind: str, payload: dict[str, Any], key: Ed25519PrivateKey, item_id: str | None = None
) -> dict[str, Any]:
    """A standalone signed item (return, withdrawal, hit)."""
    item_id = item_id or new_id()
    signed = signing_payload(
        item_id=item_id,
        request_id=payload["request_id"],
        content_hash=payload["content_hash"],
        decision=payload["decision"],
        actor_id=payload["actor_id"],
        actor_username=payload["actor_username"],
        at=payload["at"],
    )
    return {
        "id": item_id,
        "kind": kind,
        "content_hash": content_hash(payload),
        "payload": payload,
        "signature": {"sig": b64encode(key.sign(signed))},
    }


@pytest.fixture(scope="module")
def office(shared_server: RunningServer) -> Iterator[Office]:
    """An office on the module's shared server (tests use fresh ids, so they can share)."""
    yield make_office(shared_server)


@pytest.fixture
def own_office(shared_server: RunningServer) -> Iterator[Office]:
    """An office of the test's own (for tests that revoke or otherwise spoil it)."""
    yield make_office(shared_server)


def audit_item(
    prev: str, first_seq: int, count: int = 2, details: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    """An ``audit_batch`` item of ``count`` events (numbered from ``first_seq``, with
    ``details``) chained on ``prev``; returns it and its head."""
    events, head = [], prev
    for n in range(first_seq, first_seq + count):
        event = {
            "seq": n,
            "id": str(uuid.uuid4()),
            "at": "2026-01-01T08:00:00.000000Z",
            "actor_id": "u1",
            "actor_name": "officer",
            "action": "search",
            "target_type": "person",
            "target_id": "",
            "details": details or {},
        }
        head = audit_chain_next(head, event)
        events.append(event)
    payload = {"prev_head": prev, "head": head, "events": events}
    item = {
        "id": str(uuid.uuid4()),
        "kind": "audit_batch",
        "content_hash": content_hash(payload),
        "payload": payload,
    }
    return item, head
