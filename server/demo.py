"""Demo mode: the region answers every request by itself after a short delay."""

from __future__ import annotations

import json
import logging
import random
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.sync.protocol import RequestStatus
from server import operator
from server.accounts import aware
from server.db import Database
from server.models import OutgoingRequest

log = logging.getLogger(__name__)

REPLIES = {
    "information": "По учётам НЦБ проверен(а). Сведения о судимости отсутствуют.",
    "locate": "Разыскиваемое лицо установлено по адресу регистрации, материалы направлены.",
    "document_check": "Документ по учётам утраченных и похищенных документов не значится.",
    "vehicle_check": "Транспортное средство в розыске не значится.",
    "hit_notification": "Совпадение подтверждено. Просим задержать и сообщить незамедлительно.",
    "arrest": "Запрос принят к исполнению, направлен в компетентный орган.",
}
DEFAULT_REPLY = "Запрос рассмотрен. Дополнительные сведения будут направлены отдельно."


class DemoResponder(threading.Thread):
    """Acknowledges each received request after ``delay`` and answers it ``delay`` later.

    Runs in its own thread with its own database transactions.
    """

    def __init__(self, db: Database, delay: float) -> None:
        """Prepare the responder; call :meth:`start` to run it."""
        super().__init__(name="demo-responder", daemon=True)
        self.db = db
        self.delay = timedelta(seconds=delay)
        self.stopped = threading.Event()
        self.rng = random.Random()

    def stop(self) -> None:
        """Ask the thread to finish."""
        self.stopped.set()

    def run(self) -> None:
        """Poll twice a second until stopped."""
        while not self.stopped.wait(0.5):
            try:
                self.step()
            except Exception:  # a demo glitch must never take the server down
                log.exception("demo responder step failed")

    def step(self) -> int:
        """Advance every due request by one state; return how many moved."""
        cutoff = datetime.now(UTC) - self.delay
        moved = 0
        with self.db.write() as session:
            waiting = session.scalars(
                select(OutgoingRequest).where(
                    OutgoingRequest.status.in_(
                        [RequestStatus.RECEIVED.value, RequestStatus.ACKNOWLEDGED.value]
                    )
                )
            ).all()
            for request in waiting:
                if request.content is None or aware(request.updated_at) > cutoff:
                    continue
                if request.status == RequestStatus.RECEIVED:
                    ref = f"NCB/{datetime.now(UTC).year}/{self.rng.randrange(10000, 99999)}"
                    operator.acknowledge_request(session, request.id, ref)
                else:
                    kind = json.loads(request.content).get("request_type", "")
                    operator.post_reply(session, request.id, REPLIES.get(kind, DEFAULT_REPLY))
                moved += 1
        return moved
