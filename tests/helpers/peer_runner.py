"""PC processes for the LAN exchange tests.

``python -m tests.helpers.peer_runner serve DATA_DIR`` serves the PC's lanes on a free
loopback port, prints ``port N`` and serves until stdin closes.

``python -m tests.helpers.peer_runner exchange DATA_DIR ADDRESS`` brings the PC up to
date from the neighbour at ADDRESS and prints the result as JSON (exit 3 on a refusal).

``python -m tests.helpers.peer_runner act DATA_DIR JSON`` logs a user in offline and acts
on a request through the workflow service, as the application does (``{"user",
"password", "do": "submit" | "approve" | "release" | "return" | "hit", "request",
"hold", "reason", "bulletin"}``; ``submit`` without ``request`` drafts a new one); prints
``{"request", "state"}`` as JSON (``hit``: searches for the bulletin's reference and
records a hit on it; prints ``{"hit"}``).

``python -m tests.helpers.peer_runner sync DATA_DIR`` runs regional sync cycles until the
PC is up to date (30 at most) and prints ``{"up_to_date", "pushed", "quarantined",
"states", "outbox"}`` as JSON.

Every command carries every lane of the build (:func:`app.peer.service.default_lanes`:
the office journal, then bulletins).

``python -m tests.helpers.peer_runner --zygote DATA_DIR ADDRESS`` imports everything
once, then for every ``run`` line forks a PC process that exchanges with tiny pages
(many small transactions, so a SIGKILL lands inside one); it prints ``pid N`` when the
child starts and ``exit CODE`` when it ends (negative: killed by that signal).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from app.peer.service import default_lanes
from app.peer.transport import PeerError, PeerServer, exchange
from tests.helpers.peers import identity_of, open_pc


def serve(data_dir: str) -> int:
    desk = open_pc(Path(data_dir))
    server = PeerServer(desk, identity_of(desk), default_lanes(), host="127.0.0.1").start()
    print(f"port {server.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.close()
        desk.close()
    return 0


def run_exchange(data_dir: str, address: str, page_bytes: int = 2 * 1024 * 1024) -> int:
    desk = open_pc(Path(data_dir))
    try:
        result = exchange(desk, identity_of(desk), address, default_lanes(), page_bytes=page_bytes)
    except PeerError as err:
        print(json.dumps({"error": err.code}), flush=True)
        return 3
    finally:
        desk.close()
    print(json.dumps(result.__dict__), flush=True)
    return 0


def act(data_dir: str, order: dict[str, Any]) -> int:
    from app.store.models import OutgoingRequest, RequestType
    from app.users import login
    from app.workflow import RequestDraft, RequestService, hash_of

    desk = open_pc(Path(data_dir))
    try:
        actor = login(desk.store, order["user"], order["password"])
        service = RequestService(desk.store, desk.bus)
        rid = str(order.get("request") or "")
        what = order["do"]
        if what == "submit":
            if not rid:
                draft = RequestDraft(
                    request_type=RequestType.INFORMATION,
                    recipients=("NCB-ASTANA",),
                    body=order.get("body", "Please confirm the identity of the subject."),
                )
                rid = service.create_draft(actor, draft)
            service.submit(actor, rid)
        elif what == "approve":
            with desk.store.read() as s:
                req = s.get(OutgoingRequest, rid)
                assert req is not None, rid
                shown = hash_of(req)
            service.approve(actor, rid, shown, hold=bool(order.get("hold")))
        elif what == "release":
            service.release(actor, rid)
        elif what == "return":
            service.return_request(actor, rid, order.get("reason", "Add the subject."))
        elif what == "hit":
            print(json.dumps({"hit": _record_hit(desk, actor, order["bulletin"])}), flush=True)
            return 0
        else:
            raise SystemExit(f"unknown action {what!r}")
        with desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            assert req is not None
            state = str(req.state)
    finally:
        desk.close()
    print(json.dumps({"request": rid, "state": state}), flush=True)
    return 0


def _record_hit(desk: Any, actor: Any, bulletin_id: str) -> str:
    """The officer searches for a bulletin's reference and records a hit on it."""
    from app.search.hits import HitDetails, record_hit_in_store
    from app.search.service import search
    from app.store.models import Bulletin

    with desk.store.read() as s:
        bulletin = s.get(Bulletin, bulletin_id)
        assert bulletin is not None, bulletin_id
        reference = bulletin.reference
        found = [r for r in search(s, reference).results if r.bulletin_id == bulletin_id]
    assert found, reference
    details = HitDetails(place="Bus station", circumstances="Identity check at the exit")
    return record_hit_in_store(desk.store, actor, found[0], query=reference, details=details)


def sync(data_dir: str) -> int:
    from sqlalchemy import select

    from app.store.models import OutboxItem, OutgoingRequest
    from app.sync.engine import SyncEngine
    from tests.faults.syncenv import fast_options

    desk = open_pc(Path(data_dir))
    engine = SyncEngine(desk, fast_options())
    pushed = quarantined = 0
    up_to_date = False
    try:
        for _ in range(30):
            outcome = engine.run_once()
            pushed += outcome.pushed_items
            quarantined += outcome.quarantined
            if outcome.up_to_date:
                up_to_date = True
                break
        with desk.store.read() as s:
            states = {r.id: str(r.state) for r in s.scalars(select(OutgoingRequest))}
            items = select(OutboxItem).where(OutboxItem.kind == "request")
            outbox = [[str(i.state), i.last_error] for i in s.scalars(items)]
    finally:
        engine.close()
        desk.close()
    answer = {
        "up_to_date": up_to_date,
        "pushed": pushed,
        "quarantined": quarantined,
        "states": states,
        "outbox": outbox,
    }
    print(json.dumps(answer), flush=True)
    return 0


def zygote(data_dir: str, address: str) -> int:
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:  # the PC process: its result line must not mix with ours
            code = 2
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            sys.stdout = open(os.devnull, "w")
            try:
                code = run_exchange(data_dir, address, page_bytes=8192)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        sys.exit(serve(sys.argv[2]))
    if sys.argv[1] == "exchange":
        sys.exit(run_exchange(sys.argv[2], sys.argv[3]))
    if sys.argv[1] == "act":
        sys.exit(act(sys.argv[2], json.loads(sys.argv[3])))
    if sys.argv[1] == "sync":
        sys.exit(sync(sys.argv[2]))
    sys.exit(zygote(sys.argv[2], sys.argv[3]))
