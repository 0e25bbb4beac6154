"""The office PCs section: who answers, when each last exchanged, who was refused.

Real parts: two encrypted stores with device certificates from a real device authority
(``server.devicecert``), the real LAN service of each (mutual TLS on loopback), the real
widgets. The addresses come from the site configuration (discovery off).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import SiteConfig
from app.context import Desk
from app.peer import service as lan
from app.peer import transport
from app.peer.identity import new_key, store_identity
from app.peer.service import LanService
from app.users import Actor
from server.devicecert import DeviceAuthority
from tests.helpers.desk import Office, make_desk
from ui.i18n import install_language
from ui.ops import EventBridge
from ui.peer_panel import PeerSection, problem_text, refusal_text
from ui.session import UiSession

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    install_language("en")


@pytest.fixture(scope="module")
def authority() -> DeviceAuthority:
    return DeviceAuthority.create()


def certify(desk: Desk, authority: DeviceAuthority, office: str, device_id: str) -> None:
    key = new_key()
    cert = authority.issue(key.public_pem, office=office, device_id=device_id)
    with desk.store.write() as s:
        store_identity(s, desk.credentials, key, cert, authority.ca_pem())


def pc(tmp: Path, name: str, office: str, authority: DeviceAuthority) -> Desk:
    site = SiteConfig(office_code=office, lan_enabled=True, lan_port=0, lan_discovery=False)
    desk = make_desk(tmp / name, site=site)
    certify(desk, authority, office, f"{name}-device")
    return desk


def cell(section: PeerSection, row: int, column: int) -> str:
    item = section.table.item(row, column)
    assert item is not None
    return item.text()


def test_refusals_are_said_in_both_languages(language: str) -> None:
    other = refusal_text(transport.OTHER_OFFICE, "10.0.0.9")
    unknown = refusal_text(transport.UNKNOWN_DEVICE, "10.0.0.9")
    assert "10.0.0.9" in other and "10.0.0.9" in unknown and other != unknown
    words = {"en": ("another office", "unknown device"), "ru": ("другого", "неизвестное")}
    assert words[language][0] in other and words[language][1] in unknown.lower()


def test_revocation_refusals_are_said_in_both_languages(language: str) -> None:
    revoked = refusal_text(transport.REVOKED, "10.0.0.7")
    forged = refusal_text(transport.BAD_REPLY, "10.0.0.7")
    texts = [
        revoked,
        forged,
        problem_text(lan.REVOKED),
        problem_text(transport.REVOKED),
        problem_text(transport.SELF_REVOKED),
    ]
    assert "10.0.0.7" in revoked and "10.0.0.7" in forged
    assert len(set(texts)) == len(texts)
    assert not any(t.startswith(("peer.", "lan.")) for t in texts)
    word = {"en": "revoked", "ru": "отозван"}[language]
    assert all(word in t for t in texts)


def test_section_shows_reachable_pcs_and_who_was_refused(
    qtbot: QtBot, tmp_path: Path, authority: DeviceAuthority, office: Office
) -> None:
    neighbour = pc(tmp_path, "pc2", "AST-01", authority)
    stranger = pc(tmp_path, "pc9", "KAR-02", authority)
    services = [LanService(d, host="127.0.0.1").start() for d in (neighbour, stranger)]
    try:
        assert all(s.running for s in services)
        addresses = tuple(f"127.0.0.1:{s.server.port}" for s in services if s.server)
        desk = office.desk
        actor: Actor = office.supervisor
        desk.site = dataclasses.replace(
            desk.site, lan_enabled=True, lan_port=0, lan_discovery=False, lan_peers=addresses
        )
        certify(desk, authority, "AST-01", "pc1-device")
        session = UiSession(desk, actor)
        session.bridge = EventBridge(desk.bus)
        section = PeerSection(session)
        qtbot.addWidget(section)
        qtbot.waitUntil(lambda: section._starting is None, timeout=30_000)
        assert section.service.running
        assert section.table.rowCount() == 2
        assert cell(section, 0, 2) == "never"

        section.exchange_button.click()
        qtbot.waitUntil(lambda: section._op is None, timeout=60_000)
        rows = {
            cell(section, r, 0): (cell(section, r, 1), cell(section, r, 2))
            for r in range(section.table.rowCount())
        }
        assert rows[addresses[0]][0] == "yes" and rows[addresses[0]][1] != "never"
        assert rows[addresses[1]][0] == "no: belongs to another office: refused"
        assert rows[addresses[1]][1] == "never"

        # The other office's PC asks this PC: refused, audited there, said here.
        stranger_service = services[1]
        assert stranger_service.identity is not None
        with pytest.raises(transport.PeerError):
            transport.exchange(
                stranger,
                stranger_service.identity,
                f"127.0.0.1:{section.service.server.port}",  # type: ignore[union-attr]
                stranger_service.lanes,
            )
        qtbot.waitUntil(lambda: not section.refusal.isHidden(), timeout=10_000)
        assert "another office" in section.refusal.text()
        assert "127.0.0.1" in section.refusal.text()
    finally:
        for s in services:
            s.close()
        neighbour.close()
        stranger.close()
