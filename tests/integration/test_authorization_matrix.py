"""Authorization matrix of the regional server, generated from its route table.

Every route of the application × every kind of caller × {the caller's office's object,
another office's object, an object that does not exist}. The expected outcome of each
cell is declared once, in :data:`ROUTES`; a route the application serves that is missing
from the table fails the test, so a new route cannot be added without being covered.

Every outbox item kind is covered the same way in :func:`test_every_item_kind`. Both run
against SQLite and, under ``scripts/run_tests.sh``, PostgreSQL (``DD_TEST_PG_URL``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.routing import APIRoute

from app.sync.protocol import (
    API_PREFIX,
    AUDIT_GENESIS,
    ERROR_STATUS,
    audit_chain_next,
    content_hash,
)
from tests.helpers.server_fixture import RunningServer, start_server
from tests.integration.conftest import (
    AT,
    Office,
    ProtocolClient,
    make_office,
    new_id,
    public_key_b64,
    request_item,
    sample_content,
    signed_item,
)

pytestmark = pytest.mark.timeout(300)

CALLERS = (
    "no_token",
    "device_own",
    "device_other",
    "revoked_device",
    "officer",
    "supervisor",
    "supervisor_other",
    "expired_token",
    "tampered_token",
)
OBJECTS = ("own", "other", "none")
#: Callers that belong to office B; every other caller is of office A.
OF_OFFICE_B = {"device_other", "supervisor_other"}
#: Callers holding a user session (the rest hold a device-only token or none).
USER_CALLERS = {"officer", "supervisor", "supervisor_other"}
#: What a caller with a bad bearer token gets from any route that needs one.
BAD_TOKEN = {
    "no_token": "auth_required",
    "revoked_device": "device_revoked",
    "expired_token": "token_expired",
    "tampered_token": "token_invalid",
}


# --- the world the matrix runs in -----------------------------------------------------------


@dataclass
class OfficeObjects:
    """Things one office owns on the server."""

    office: Office
    case_id: str
    blob: bytes
    item_id: str
    request_id: str
    request_hash: str
    bulletin_id: str

    @property
    def blob_sha(self) -> str:
        return hashlib.sha256(self.blob).hexdigest()


@dataclass
class World:
    """Two offices, every kind of caller, and what each office owns."""

    server: RunningServer
    a: OfficeObjects
    b: OfficeObjects
    callers: dict[str, ProtocolClient]
    used_code: str

    def client(self, caller: str) -> ProtocolClient:
        return self.callers[caller]

    def own(self, caller: str) -> OfficeObjects:
        return self.b if caller in OF_OFFICE_B else self.a

    def other(self, caller: str) -> OfficeObjects:
        return self.a if caller in OF_OFFICE_B else self.b

    def pick(self, caller: str, obj: str) -> OfficeObjects | None:
        return {"own": self.own(caller), "other": self.other(caller), "none": None}[obj]


def _upload(client: ProtocolClient, data: bytes) -> None:
    sha = hashlib.sha256(data).hexdigest()
    response = client.call(
        "PATCH",
        f"/blobs/{sha}",
        params={"offset": 0},
        data=data,
        headers={"Upload-Length": str(len(data))},
    )
    assert response.json()["complete"] is True, response.text


def _office_objects(server: RunningServer) -> OfficeObjects:
    office = make_office(server)
    seeded = server.seed(bulletins=1, cases=1, offices=[office.code])
    blob = b"scan " + os.urandom(32)
    _upload(office.client, blob)
    item = request_item(office)
    assert office.client.push(item)[0]["status"] == "accepted"
    return OfficeObjects(
        office=office,
        case_id=seeded.cases[0],
        blob=blob,
        item_id=item["id"],
        request_id=item["payload"]["request"]["id"],
        request_hash=item["content_hash"],
        bulletin_id=seeded.bulletins[0],
    )


def _device_client(server: RunningServer, office: Office) -> ProtocolClient:
    client = ProtocolClient(server)
    client.device_id, client.device_secret, client.office = (
        office.client.device_id,
        office.client.device_secret,
        office.code,
    )
    return client


def _user_client(server: RunningServer, office: Office, username: str) -> ProtocolClient:
    client = _device_client(server, office)
    assert client.login(username).status_code == 200
    return client


#: The matrix makes many failed enrolment attempts from one address on purpose.
MATRIX_SERVER_ARGS = ("--enrol-failures", "1000")


@pytest.fixture(scope="module")
def matrix_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server of the module's own (enrolment is throttled per address: allow the matrix)."""
    server = start_server(tmp_path_factory.mktemp("matrix"), *MATRIX_SERVER_ARGS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def world(matrix_server: RunningServer) -> World:
    server = matrix_server
    a, b = _office_objects(server), _office_objects(server)
    callers: dict[str, ProtocolClient] = {}
    callers["no_token"] = _device_client(server, a.office)
    callers["device_own"] = _device_client(server, a.office)
    callers["device_own"].device_session()
    callers["device_other"] = _device_client(server, b.office)
    callers["device_other"].device_session()
    callers["officer"] = _user_client(server, a.office, a.office.officer)
    callers["supervisor"] = _user_client(server, a.office, a.office.supervisor)
    callers["supervisor_other"] = _user_client(server, b.office, b.office.supervisor)
    revoked = ProtocolClient(server).enrol(a.office.code)
    server.revoke_device(revoked.device_id)
    callers["revoked_device"] = revoked
    expired = ProtocolClient(server).enrol(a.office.code)
    server.expire_tokens(expired.device_id)
    callers["expired_token"] = expired
    tampered = _device_client(server, a.office)
    tampered.device_session()
    token = tampered.http.headers["Authorization"]
    tampered.http.headers["Authorization"] = token[:-1] + ("A" if token[-1] != "A" else "B")
    callers["tampered_token"] = tampered
    used = server.enrolment_code(a.office.code)
    assert ProtocolClient(server).call("POST", "/enrol", json={"code": used, "device_name": "x"}).ok
    return World(server, a, b, callers, used)


# --- how each route is called ------------------------------------------------------------------

Call = Callable[[World, str, str], requests.Response]


def _sha_for(world: World, caller: str, obj: str) -> str:
    owner = world.pick(caller, obj)
    return owner.blob_sha if owner else hashlib.sha256(os.urandom(8)).hexdigest()


def call_hello(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/hello")


def call_openapi(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/openapi.json")


def call_health(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).http.get(world.server.url + "/healthz", timeout=30)


def call_metrics(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).http.get(world.server.url + "/metrics", timeout=30)


def call_faults(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("POST", "/_test/faults", json={"count": 0})


def call_statements(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/_test/statements")


def call_enrol(world: World, caller: str, obj: str) -> requests.Response:
    owner = world.pick(caller, obj)
    if obj == "own":
        code = world.server.enrolment_code(world.own(caller).office.code)
    elif owner is not None:
        code = world.used_code
    else:
        code = "ZZZZ-ZZZZ-ZZZZ"
    return world.client(caller).call("POST", "/enrol", json={"code": code, "device_name": "pc"})


def _credentials(world: World, caller: str, obj: str) -> dict[str, str]:
    client = world.client(caller)
    if obj == "own":
        return {"device_id": client.device_id, "device_secret": client.device_secret}
    other = world.other(caller).office.client
    device_id = other.device_id if obj == "other" else new_id()
    return {"device_id": device_id, "device_secret": client.device_secret}


def call_device_session(world: World, caller: str, obj: str) -> requests.Response:
    body = _credentials(world, caller, "own") if obj == "own" else _credentials(world, caller, obj)
    return ProtocolClient(world.server).call("POST", "/device-session", json=body)


def call_login(world: World, caller: str, obj: str) -> requests.Response:
    owner = world.pick(caller, obj)
    username = owner.office.officer if owner else "nobody." + uuid.uuid4().hex[:6]
    body = _credentials(world, caller, "own") | {"username": username, "password": "correct horse"}
    return ProtocolClient(world.server).call("POST", "/login", json=body)


def call_keys(world: World, caller: str, obj: str) -> requests.Response:
    if obj == "other":
        # A key already registered to a user of the other office.
        key = public_key_b64(world.other(caller).office.officer_key)
    elif obj == "own":
        key = public_key_b64(Ed25519PrivateKey.generate())
    else:
        key = "not-a-key"
    return world.client(caller).call("POST", "/keys", json={"public_key": key})


def call_changes(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/changes", params={"after": "0", "lanes": "2"})


def call_feed(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call(
        "GET", "/feed", params={"after": "0", "lanes": "2"}, stream=True
    )


def _feed_ids(response: requests.Response) -> set[str]:
    """Entity ids in a feed stream answer (decoded with the client's decoder)."""
    from app.sync.feedstream import StreamDecoder, StreamParser

    decoder = StreamDecoder(1 << 28)
    parser = StreamParser([0, 0, 0, 0])
    ids: set[str] = set()
    for line in decoder.feed(response.raw.read(decode_content=False)):
        commit = parser.line(line, decoder.consumed)
        if commit is not None:
            ids |= {row.i for row in commit.rows}
    return ids


def call_integrity(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/integrity")


def call_news(world: World, caller: str, obj: str) -> requests.Response:
    # Sums no PC has: answered at once with the caller's own head.
    return world.client(caller).call("GET", "/news", params={"head": 0, "sums": "A" * 16})


def _journal_entry(office_code: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "device_id": "matrix-" + new_id(),
        "counter": 1,
        "office": office_code,
        "kind": "create",
        "request_id": new_id(),
        "parent": None,
        "payload": {},
        "hlc": 1,
        "author": "",
    }


def call_office_post(world: World, caller: str, obj: str) -> requests.Response:
    target = world.pick(caller, obj)
    code = target.office.code if target is not None else "NO-SUCH-OFFICE"
    entries = [_journal_entry(code)]
    return world.client(caller).call("POST", "/office/entries", json={"entries": entries})


def call_office_since(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("POST", "/office/entries/since", json={"vector": {}})


def call_revocations(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", "/office/revocations", params={"after": 0})


def _withdrawal(office: Office, request_id: str, digest: str) -> dict[str, Any]:
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


def call_push(world: World, caller: str, obj: str) -> requests.Response:
    mine = world.own(caller)
    owner = world.pick(caller, obj)
    if obj == "own":
        # A fresh request of the caller's office, so the office's fixtures stay as they are.
        fresh = request_item(mine.office)
        mine.office.client.push(fresh)
        target, digest = fresh["payload"]["request"]["id"], fresh["content_hash"]
    elif owner is not None:
        target, digest = owner.request_id, owner.request_hash
    else:
        target, digest = new_id(), content_hash(sample_content())
    item = _withdrawal(mine.office, target, digest)
    return world.client(caller).call("POST", "/outbox", json={"items": [item]})


def call_receipt(world: World, caller: str, obj: str) -> requests.Response:
    owner = world.pick(caller, obj)
    item_id = owner.item_id if owner else new_id()
    return world.client(caller).call("GET", f"/outbox/{item_id}")


def call_upload_state(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", f"/blobs/{_sha_for(world, caller, obj)}/upload")


def call_upload_state_head(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("HEAD", f"/blobs/{_sha_for(world, caller, obj)}/upload")


def call_upload_chunk(world: World, caller: str, obj: str) -> requests.Response:
    # An empty chunk declaring a wrong length: the squatting attempt of issue 9.
    sha = _sha_for(world, caller, obj)
    return world.client(caller).call(
        "PATCH", f"/blobs/{sha}", params={"offset": 0}, data=b"", headers={"Upload-Length": "7"}
    )


def call_download(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("GET", f"/blobs/{_sha_for(world, caller, obj)}")


def call_download_head(world: World, caller: str, obj: str) -> requests.Response:
    return world.client(caller).call("HEAD", f"/blobs/{_sha_for(world, caller, obj)}")


# --- the one table of expected outcomes ---------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """How a route is called and what each cell of its row must give.

    ``own``/``other``/``none``: the outcome for an authorised caller. ``auth``: "bearer"
    (the bad-token callers get :data:`BAD_TOKEN`), "user" (a bearer token of a user
    session; device-only callers get ``forbidden``), "device_body" (credentials in the
    body: a revoked device gets ``device_revoked``) or "public".
    """

    call: Call
    auth: str
    own: str
    other: str
    none: str


P = API_PREFIX
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", P + "/hello"): Route(call_hello, "public", "ok", "ok", "ok"),
    ("GET", P + "/openapi.json"): Route(call_openapi, "public", "ok", "ok", "ok"),
    ("POST", P + "/_test/faults"): Route(call_faults, "public", "ok", "ok", "ok"),
    # A count only (test hooks), the same for every caller.
    ("GET", P + "/_test/statements"): Route(call_statements, "public", "ok", "ok", "ok"),
    # Operations routes for the proxy and the monitoring network: counts only, no office,
    # device or user named, so they are the same for every caller.
    ("GET", "/healthz"): Route(call_health, "public", "ok", "ok", "ok"),
    ("GET", "/metrics"): Route(call_metrics, "public", "no-names", "no-names", "no-names"),
    ("POST", P + "/enrol"): Route(
        call_enrol, "public", "ok", "enrolment_code_invalid", "enrolment_code_invalid"
    ),
    ("POST", P + "/device-session"): Route(
        call_device_session, "device_body", "ok", "device_unknown", "device_unknown"
    ),
    ("POST", P + "/login"): Route(
        call_login, "device_body", "ok", "office_mismatch", "bad_credentials"
    ),
    ("POST", P + "/keys"): Route(call_keys, "user", "ok", "key_conflict", "bad_request"),
    ("GET", P + "/changes"): Route(call_changes, "bearer", "sees-own", "sees-own", "sees-own"),
    ("GET", P + "/feed"): Route(call_feed, "bearer", "sees-own", "sees-own", "sees-own"),
    ("GET", P + "/integrity"): Route(call_integrity, "bearer", "ok", "ok", "ok"),
    ("GET", P + "/news"): Route(call_news, "bearer", "ok", "ok", "ok"),
    # Entries naming another office (or none that exists) are refused whole; the
    # entries asked for are only ever the caller's office's (posted by the row above).
    ("POST", P + "/office/entries"): Route(
        call_office_post, "bearer", "ok", "forbidden", "forbidden"
    ),
    ("POST", P + "/office/entries/since"): Route(
        call_office_since, "bearer", "own-only", "own-only", "own-only"
    ),
    # Only ever the caller's office's list of revoked devices (204: none revoked there).
    ("GET", P + "/office/revocations"): Route(
        call_revocations, "bearer", "own-only", "own-only", "own-only"
    ),
    ("POST", P + "/outbox"): Route(
        call_push, "bearer", "withdrawn", "accepted-no-effect", "accepted-no-effect"
    ),
    ("GET", P + "/outbox/{item_id}"): Route(call_receipt, "bearer", "ok", "not_found", "not_found"),
    ("GET", P + "/blobs/{sha}/upload"): Route(
        call_upload_state, "bearer", "complete", "incomplete", "incomplete"
    ),
    ("HEAD", P + "/blobs/{sha}/upload"): Route(call_upload_state_head, "bearer", "ok", "ok", "ok"),
    ("GET", P + "/blobs/{sha}"): Route(call_download, "bearer", "ok", "not_found", "not_found"),
    ("HEAD", P + "/blobs/{sha}"): Route(
        call_download_head, "bearer", "ok", "not_found", "not_found"
    ),
    # Last: a squatting attempt leaves the caller an upload of its own in progress.
    ("PATCH", P + "/blobs/{sha}"): Route(
        call_upload_chunk, "bearer", "complete", "incomplete", "incomplete"
    ),
}


def expected(route: Route, caller: str, obj: str) -> str:
    """The declared outcome of one cell."""
    if route.auth in ("bearer", "user") and caller in BAD_TOKEN:
        return BAD_TOKEN[caller]
    if route.auth == "user" and caller not in USER_CALLERS and getattr(route, obj) != "bad_request":
        # A malformed body is refused before the session's role is looked at.
        return "forbidden"
    if route.auth == "device_body" and caller == "revoked_device":
        # Login always presents the caller's own (revoked) device.
        if obj == "own" or route.call is call_login:
            return "device_revoked"
    outcome: str = getattr(route, obj)
    return outcome


def observed(world: World, route: Route, caller: str, obj: str, response: requests.Response) -> str:
    """What a response amounts to, in the words of the table."""
    if response.request.method == "HEAD":
        return f"status {response.status_code}"
    if route.call is call_revocations and response.status_code == 204:
        return "own-only"
    if response.status_code != 200:
        try:
            return str(response.json()["error"]["code"])
        except (ValueError, KeyError):
            return f"status {response.status_code}"
    if route.call is call_download:
        return "ok" if response.content == world.own(caller).blob else "other bytes"
    if route.call is call_metrics:
        text = response.text
        offices = (world.own(caller).office, world.other(caller).office)
        secrets = [x for o in offices for x in (o.code, o.officer, o.supervisor)]
        named = [x for x in secrets if x in text]
        return "no-names" if not named else f"names {named}"
    if route.call is call_feed:
        ids = _feed_ids(response)
        sees_own = world.own(caller).case_id in ids
        sees_other = world.other(caller).case_id in ids
        return (
            "sees-own" if sees_own and not sees_other else f"sees own={sees_own} other={sees_other}"
        )
    body = response.json()
    if route.call is call_changes:
        ids = {row["i"] for row in body["rows"]}
        sees_own = world.own(caller).case_id in ids
        sees_other = world.other(caller).case_id in ids
        return (
            "sees-own" if sees_own and not sees_other else f"sees own={sees_own} other={sees_other}"
        )
    if route.call is call_office_since:
        seen = {str(entry["office"]) for entry in body["entries"]}
        own = world.own(caller).office.code
        return "own-only" if seen == {own} else f"offices {sorted(seen)}"
    if route.call is call_news:
        return "ok" if body["head"] >= 0 else "no head"
    if route.call is call_revocations:
        office = body["revocations"]["office"]
        return "own-only" if office == world.own(caller).office.code else f"office {office}"
    if route.call in (call_upload_state, call_upload_chunk):
        return "complete" if body["complete"] else "incomplete"
    if route.call is call_push:
        [receipt] = body["receipts"]
        if receipt["status"] != "accepted":
            return f"{receipt['status']}/{receipt.get('code')}"
        if obj == "own":
            return "withdrawn"
        return "accepted-no-effect"
    return "ok"


def _head_form(outcome: str) -> str:
    if outcome in BAD_TOKEN.values() or outcome in ERROR_STATUS:
        return f"status {ERROR_STATUS[outcome]}"
    return "status 200"


def served_routes() -> set[tuple[str, str]]:
    """(method, path) of every route the application serves, test hooks included."""
    from server.app import ServerSettings, create_app
    from server.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'routes.sqlite3'}")
        try:
            app = create_app(ServerSettings(db=db, blob_dir=Path(tmp) / "blobs", test_hooks=True))
            found: set[tuple[str, str]] = set()
            for route in app.routes:
                if isinstance(route, APIRoute):
                    found |= {(method, route.path) for method in route.methods or ()}
                else:
                    methods = getattr(route, "methods", None) or {"GET"}
                    found |= {(m, str(getattr(route, "path", ""))) for m in methods}
        finally:
            db.engine.dispose()
    # Starlette adds HEAD to every GET route of its own (the OpenAPI document).
    found.discard(("HEAD", P + "/openapi.json"))
    return found


def test_every_route_is_in_the_table() -> None:
    served = served_routes()
    missing = sorted(served - set(ROUTES))
    stale = sorted(set(ROUTES) - served)
    assert not missing, f"routes without a row in the authorization table: {missing}"
    assert not stale, f"table rows for routes the server no longer serves: {stale}"


def test_authorization_matrix(world: World) -> None:
    wrong: list[str] = []
    cells = 0
    for (method, path), route in ROUTES.items():
        for caller in CALLERS:
            for obj in OBJECTS:
                response = route.call(world, caller, obj)
                assert response.request.method == method
                want = expected(route, caller, obj)
                if method == "HEAD":
                    want = _head_form(want)
                got = observed(world, route, caller, obj, response)
                cells += 1
                if got != want:
                    wrong.append(f"{method} {path} as {caller} on {obj}: {got} (want {want})")
    assert cells == len(ROUTES) * len(CALLERS) * len(OBJECTS)
    assert not wrong, "\n".join(wrong)
    # Nothing office B did changed office A's request, nor the other way round.
    for office in (world.a, world.b):
        rows, _ = office.office.client.pull_all(lanes="0,1")
        [row] = [r for r in rows if r["t"] == "q" and r["i"] == office.request_id]
        assert row["d"]["st"] == "received"


# --- every outbox item kind ---------------------------------------------------------------------

PUSHERS = ("device_own", "officer", "supervisor", "device_other", "supervisor_other")


def _approval(office: Office, request_id: str, digest: str) -> dict[str, Any]:
    payload = {
        "request_id": request_id,
        "content_hash": digest,
        "decision": "approve",
        "actor_id": "local-approver",
        "actor_username": office.supervisor,
        "at": AT,
    }
    return signed_item("approval", payload, office.supervisor_key)


def _return(office: Office, request_id: str) -> dict[str, Any]:
    payload = {
        "request_id": request_id,
        "content_hash": content_hash(sample_content()),
        "decision": "return",
        "actor_id": "local-approver",
        "actor_username": office.supervisor,
        "at": AT,
        "reason": "уточните данные",
    }
    return signed_item("return", payload, office.supervisor_key)


def _hit(office: Office, bulletin_id: str, actor: Office | None = None) -> dict[str, Any]:
    actor = actor or office
    content = {
        "bulletin_id": bulletin_id,
        "subject": {"kind": "person", "ref": "p-9"},
        "explanation": "совпадение ФИО и даты рождения",
        "observed_at": AT,
    }
    payload = {
        "request_id": bulletin_id,
        "content_hash": content_hash(content),
        "decision": "hit",
        "actor_id": "local-officer",
        "actor_username": actor.officer,
        "at": AT,
        "content": content,
    }
    return signed_item("hit", payload, actor.officer_key)


def _note(office: Office, case_id: str) -> dict[str, Any]:
    payload = {"case_id": case_id, "author": office.officer, "written_at": AT, "text": "Проверен."}
    return {
        "id": new_id(),
        "kind": "case_note",
        "content_hash": content_hash(payload),
        "payload": payload,
    }


def _audit(prev_head: str) -> tuple[dict[str, Any], str]:
    events = [{"seq": 1, "action": "login", "n": new_id()}]
    head = prev_head
    for event in events:
        head = audit_chain_next(head, event)
    payload = {"prev_head": prev_head, "head": head, "events": events}
    item = {
        "id": new_id(),
        "kind": "audit_batch",
        "content_hash": content_hash(payload),
        "payload": payload,
    }
    return item, head


@dataclass
class AuditHeads:
    """The anchored audit head of each device, as the test pushed it."""

    heads: dict[str, str] = field(default_factory=dict)


def _kind_item(
    world: World, heads: AuditHeads, kind: str, caller: str, obj: str
) -> tuple[dict[str, Any], Callable[[dict[str, Any]], None] | None]:
    """The item of ``kind`` about an object of ``obj``, and the effect to commit on success."""
    mine, theirs = world.own(caller), world.other(caller)
    office, other = mine.office, theirs.office
    bulletin = theirs.bulletin_id  # bulletins are regional: any office's will do
    if kind == "request":
        if obj == "own":
            return request_item(office), None
        if obj == "other":
            return request_item(other), None
        return request_item(office, drafter="nobody." + uuid.uuid4().hex[:6]), None
    if kind in ("approval", "withdrawal"):
        if obj == "own":
            fresh = request_item(office)
            office.client.push(fresh)
            rid, digest = fresh["payload"]["request"]["id"], fresh["content_hash"]
        elif obj == "other":
            rid, digest = theirs.request_id, theirs.request_hash
        else:
            rid, digest = new_id(), content_hash(sample_content())
        build = _approval if kind == "approval" else _withdrawal
        return build(office, rid, digest), None
    if kind == "return":
        target = {"own": mine.request_id, "other": theirs.request_id, "none": new_id()}[obj]
        return _return(office, target), None
    if kind == "hit":
        if obj == "own":
            return _hit(office, bulletin), None
        if obj == "other":
            return _hit(office, bulletin, actor=other), None
        return _hit(office, new_id()), None
    if kind == "case_note":
        target = {"own": mine.case_id, "other": theirs.case_id, "none": new_id()}[obj]
        return _note(office, target), None
    assert kind == "audit_batch"
    device = world.client(caller).device_id
    other_device = theirs.office.client.device_id
    if obj == "own":
        item, head = _audit(heads.heads.get(device, AUDIT_GENESIS))
        return item, lambda _receipt: heads.heads.__setitem__(device, head)
    if obj == "other":
        # Continuing another device's anchored chain is not continuing one's own.
        item, _ = _audit(heads.heads.get(other_device, AUDIT_GENESIS))
        return item, None
    return _audit(hashlib.sha256(os.urandom(8)).hexdigest())[0], None


#: Receipt (status/code) of each item kind for the pusher's office's object, another
#: office's object and a nonexistent one. One table, like :data:`ROUTES`.
ITEM_KINDS: dict[str, tuple[str, str, str]] = {
    "request": ("accepted", "rejected/actor_other_office", "rejected/actor_unknown"),
    "approval": ("accepted", "rejected/request_unknown", "rejected/request_unknown"),
    "return": ("accepted", "accepted", "accepted"),
    "withdrawal": ("accepted", "accepted", "accepted"),
    "hit": ("accepted", "rejected/actor_other_office", "rejected/bulletin_unknown"),
    "case_note": ("accepted", "rejected/case_unknown", "rejected/case_unknown"),
    "audit_batch": ("accepted", "rejected/audit_chain_broken", "rejected/audit_chain_broken"),
}


def test_item_kind_table_lists_every_kind() -> None:
    from server.outbox import HANDLERS

    assert set(ITEM_KINDS) == {str(kind) for kind in HANDLERS}


def test_every_item_kind(world: World) -> None:
    heads = AuditHeads()
    wrong: list[str] = []
    for kind, outcomes in ITEM_KINDS.items():
        for caller in PUSHERS:
            for obj, want in zip(OBJECTS, outcomes, strict=True):
                item, on_accept = _kind_item(world, heads, kind, caller, obj)
                [receipt] = world.client(caller).push(item)
                got = receipt["status"]
                if got != "accepted":
                    got = f"{got}/{receipt.get('code')}"
                elif on_accept is not None:
                    on_accept(receipt)
                if got != want:
                    wrong.append(f"{kind} by {caller} on {obj}: {got} (want {want})")
    assert not wrong, "\n".join(wrong)
    # The other office's request and case are as they were.
    for office in (world.a, world.b):
        rows, _ = office.office.client.pull_all(lanes="0,1")
        [row] = [r for r in rows if r["t"] == "q" and r["i"] == office.request_id]
        assert row["d"]["st"] == "received"
