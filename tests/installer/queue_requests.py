"""Put requests in the outbox of an installation, as an office would before an upgrade.

Run as a separate process (``python -m tests.installer.queue_requests DATA_DIR``) with the
same environment as the installed app, so both use the same keyring entry for the store
key. Prints the ids of the queued and draft requests as JSON.
"""

from __future__ import annotations

import json
import sys

from app.context import open_desk
from app.store.models import OutgoingRequest, RequestType
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import make_office


def main(data_dir: str) -> int:
    desk = open_desk(data_dir)
    try:
        office = make_office(desk)
        svc = RequestService(desk.store)
        queued = []
        for n in range(3):
            rid = svc.create_draft(
                office.officer,
                RequestDraft(
                    request_type=RequestType.INFORMATION,
                    recipients=("NCB-ASTANA",),
                    body=f"Please confirm the identity of subject {n}.",
                ),
            )
            svc.submit(office.officer, rid)
            with desk.store.read() as s:
                req = s.get(OutgoingRequest, rid)
                assert req is not None
                reviewed = hash_of(req)
            svc.approve(office.supervisor, rid, reviewed)
            queued.append(rid)
        draft = svc.create_draft(
            office.officer2,
            RequestDraft(
                request_type=RequestType.INFORMATION,
                recipients=("NCB-ASTANA",),
                body="Draft kept across the upgrade.",
            ),
        )
    finally:
        desk.close()
    print(json.dumps({"queued": queued, "draft": draft}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
