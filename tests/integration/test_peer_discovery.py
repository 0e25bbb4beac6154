"""Neighbour discovery with python-zeroconf over the loopback interface (real mDNS)."""

from __future__ import annotations

import time

import pytest

from app.peer.discovery import Discovery, instance_name, office_tag

pytestmark = pytest.mark.timeout(60)

CA = "-----BEGIN CERTIFICATE-----\nregion\n-----END CERTIFICATE-----\n"


def _wait(predicate, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_pcs_of_one_office_find_each_other_and_not_another_office() -> None:
    ours, theirs = office_tag("AST-01", CA), office_tag("KAR-02", CA)
    # Neither the office code nor the device id is broadcast.
    assert "AST" not in ours and "pc-1" not in instance_name("pc-1")
    assert office_tag("AST-01", CA + "other region") != ours
    pcs = [
        Discovery(office_tag=tag, device_id=dev, port=port, interfaces=["127.0.0.1"])
        for tag, dev, port in (
            (ours, "pc-1", 18001),
            (ours, "pc-2", 18002),
            (theirs, "pc-3", 18003),
        )
    ]
    try:
        for pc in pcs:
            pc.start()
        assert _wait(lambda: pcs[0].addresses() and pcs[1].addresses())
        time.sleep(1.0)  # let the other office's record arrive too, if it were taken
        assert pcs[0].addresses() == ["127.0.0.1:18002"]
        assert pcs[1].addresses() == ["127.0.0.1:18001"]
        assert pcs[2].addresses() == []
    finally:
        for pc in pcs:
            pc.close()
