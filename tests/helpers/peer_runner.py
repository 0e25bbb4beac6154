"""PC processes for the LAN exchange tests.

``python -m tests.helpers.peer_runner serve DATA_DIR`` serves the PC's lanes on a free
loopback port, prints ``port N`` and serves until stdin closes.

``python -m tests.helpers.peer_runner exchange DATA_DIR ADDRESS`` brings the PC up to
date from the neighbour at ADDRESS and prints the result as JSON (exit 3 on a refusal).

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

from app.peer.lanes import BulletinLane
from app.peer.transport import PeerError, PeerServer, exchange
from tests.helpers.peers import identity_of, open_pc


def serve(data_dir: str) -> int:
    desk = open_pc(Path(data_dir))
    server = PeerServer(desk, identity_of(desk), [BulletinLane()], host="127.0.0.1").start()
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
        result = exchange(desk, identity_of(desk), address, [BulletinLane()], page_bytes=page_bytes)
    except PeerError as err:
        print(json.dumps({"error": err.code}), flush=True)
        return 3
    finally:
        desk.close()
    print(json.dumps(result.__dict__), flush=True)
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
    sys.exit(zygote(sys.argv[2], sys.argv[3]))
