"""The sync status never contradicts itself: not "up to date" while something waits, the
amount waiting said once, a retry with its time, and the transfer with phase, items,
bytes, rate and time left."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from app.sync.state import SyncProgress, SyncStatus
from ui.i18n import install_language, remove_translators
from ui.sync_controller import SyncUiFacts
from ui.sync_panel import pending_text, state_text, transfer_text


def status(state: str, **fields: object) -> SyncStatus:
    """An enrolled PC's engine status with ``fields`` changed."""
    values: dict[str, object] = {
        "state": state,
        "enrolled": True,
        "server_url": "https://regional.example",
        "last_confirmed_sync": None,
        "pending_items": 0,
        "pending_bytes": 0,
        "current": None,
        "quarantine": [],
        "next_attempt": None,
        "last_error": None,
        "metered": False,
    }
    values.update(fields)
    return SyncStatus(**values)  # type: ignore[arg-type]


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    remove_translators()


def test_not_up_to_date_while_an_item_waits(language: str) -> None:
    online = SyncUiFacts(available=True, online=True)
    done = status("up_to_date")
    waiting = status("up_to_date", pending_items=1)
    assert state_text(done, online) != state_text(waiting, online)
    assert state_text(done, online) in ("Up to date", "Данные актуальны")
    assert "1" in pending_text(waiting)
    # The panel's label says "waiting to be sent"; the value does not repeat it.
    label = {"en": "waiting", "ru": "Ожидает"}[language]
    assert label not in pending_text(waiting)


def test_offline_says_when_it_retries(language: str) -> None:
    at = datetime(2026, 12, 3, 9, 41, tzinfo=UTC)
    view = status("backing_off", next_attempt=at)
    assert at.astimezone().strftime("%H:%M") in state_text(view, SyncUiFacts(available=True))


def test_transfer_line_has_phase_items_bytes_rate_and_time_left(language: str) -> None:
    tv = SyncProgress(
        "pull",
        items_done=2500,
        items_total=10_000,
        bytes_done=180_000,
        bytes_total=720_000,
        rate=8000.0,
        eta_seconds=150.0,
    )
    text = transfer_text(tv)
    phase = {"en": "Receiving bulletins", "ru": "Приём ориентировок"}[language]
    assert text.startswith(phase)
    thousands = {"en": "10,000", "ru": "10\u00a0000"}[language]
    assert "2" in text and thousands in text
    assert {"en": "KB", "ru": "КБ"}[language] in text
    assert {"en": "left", "ru": "осталось"}[language] in text
    assert {"en": "3 min", "ru": "3 мин"}[language] in text
