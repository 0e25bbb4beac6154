"""The sync status never contradicts itself: not "up to date" while something waits, the
amount waiting said once, a retry with its time, and the transfer with phase, items,
bytes, rate and time left."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from ui.i18n import install_language, remove_translators
from ui.sync_controller import SyncView
from ui.sync_panel import pending_text, state_text, transfer_text
from ui.transfer import TransferView


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    remove_translators()


def test_not_up_to_date_while_an_item_waits(language: str) -> None:
    done = SyncView(available=True, state="up_to_date", enrolled=True, online=True)
    waiting = SyncView(
        available=True, state="up_to_date", enrolled=True, online=True, pending_items=1
    )
    assert state_text(done) != state_text(waiting)
    assert state_text(done) in ("Up to date", "Данные актуальны")
    assert "1" in pending_text(waiting)
    # The panel's label says "waiting to be sent"; the value does not repeat it.
    label = {"en": "waiting", "ru": "Ожидает"}[language]
    assert label not in pending_text(waiting)


def test_offline_says_when_it_retries(language: str) -> None:
    at = datetime(2026, 12, 3, 9, 41, tzinfo=UTC)
    view = SyncView(available=True, state="backing_off", enrolled=True, next_attempt=at)
    assert at.astimezone().strftime("%H:%M") in state_text(view)


def test_transfer_line_has_phase_items_bytes_rate_and_time_left(language: str) -> None:
    tv = TransferView(
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
