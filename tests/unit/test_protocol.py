"""Pure protocol helpers: canonical form, cursors, checksums, signing, error classes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from app.sync import protocol as p


def test_canonical_json_is_stable_and_unicode() -> None:
    assert p.canonical_json({"b": 1, "a": "Иванов"}) == '{"a":"Иванов","b":1}'.encode()
    with pytest.raises(ValueError):
        p.canonical_json({"x": float("nan")})


@given(st.lists(st.integers(min_value=0, max_value=10**15), min_size=4, max_size=4))
def test_cursor_round_trip(positions: list[int]) -> None:
    assert p.parse_cursor(p.format_cursor(positions)) == tuple(positions)


def test_plain_integer_cursor_means_every_lane() -> None:
    assert p.parse_cursor("0") == (0, 0, 0, 0)
    assert p.parse_cursor("42") == (42, 42, 42, 42)
    for bad in ("", "1.2", "a.b.c.d", "-1", "1.2.3.4.5", "9" * 30):
        with pytest.raises(ValueError):
            p.parse_cursor(bad)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("bcnrqm"),
            st.uuids().map(str),
            st.integers(min_value=1, max_value=10**9),
        ),
        unique=True,
    )
)
def test_lane_checksum_ignores_order_and_cancels_out(rows: list[tuple[str, str, int]]) -> None:
    assert p.lane_checksum(rows) == p.lane_checksum(list(reversed(rows)))
    assert p.lane_checksum(rows + rows) == p.lane_checksum([])
    assert len(p.lane_checksum(rows)) == 16


def test_every_code_has_a_class_and_call_codes_a_status() -> None:
    for code in p.ErrorCode:
        assert code.value in p.ERROR_CLASSES
        if p.ERROR_CLASSES[code.value] is not p.ErrorClass.ITEM and code not in (
            p.ErrorCode.ATTACHMENT_MISSING,
        ):
            assert code.value in p.ERROR_STATUS, code
    assert p.classify_error(403, "device_revoked") is p.ErrorClass.FATAL
    assert p.classify_error(401, "token_expired") is p.ErrorClass.AUTH
    assert p.classify_error(429, "rate_limited") is p.ErrorClass.TRANSIENT
    assert p.classify_error(502, None) is p.ErrorClass.TRANSIENT
    assert p.classify_error(401, "something_new") is p.ErrorClass.AUTH
    assert p.classify_error(418, None) is p.ErrorClass.REQUEST
    assert p.ERROR_CLASSES["self_approval"] is p.ErrorClass.ITEM


def test_signing_payload_binds_every_field() -> None:
    fields = {
        "item_id": "i",
        "request_id": "r",
        "content_hash": "h",
        "decision": "approve",
        "actor_id": "a",
        "actor_username": "u",
        "at": "t",
    }
    base = p.signing_payload(**fields)
    for name in fields:
        changed = dict(fields, **{name: "return" if name == "decision" else "other"})
        assert p.signing_payload(**changed) != base, name
    payload = {k: v for k, v in fields.items() if k != "item_id"}
    assert p.signing_payload_for_item("i", payload) == base
    with pytest.raises(ValueError):
        p.signing_payload(**dict(fields, decision="ignore"))


def test_signature_verifies_with_registered_key_id() -> None:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes_raw()
    assert len(p.key_id_for(raw)) == 16
    message = p.signing_payload(
        item_id="i",
        request_id="r",
        content_hash="h",
        decision="hit",
        actor_id="a",
        actor_username="u",
        at="t",
    )
    signature = p.b64decode(p.b64encode(key.sign(message)))
    key.public_key().verify(signature, message)
    with pytest.raises(ValueError):
        p.b64decode("not base64!")


def test_audit_chain_matches_the_client_log() -> None:
    from app.audit import GENESIS, event_digest

    event = {"seq": 1, "id": "x", "action": "login", "details": {"ok": True}}
    assert p.AUDIT_GENESIS == GENESIS
    assert p.audit_chain_next(GENESIS, event) == event_digest(GENESIS, event)


def test_timestamps() -> None:
    moment = datetime(2025, 3, 1, 9, 30, 5, 123456, tzinfo=UTC)
    text = p.format_timestamp(moment)
    assert text == "2025-03-01T09:30:05.123Z"
    assert p.parse_timestamp(text) == moment.replace(microsecond=123000)
    with pytest.raises(ValueError):
        p.parse_timestamp("2025-03-01T09:30:05")


def test_request_content_hash_ignores_set_order() -> None:
    first = p.request_content(
        request_type="information",
        priority="routine",
        due_date=None,
        recipients=["B", "A"],
        subjects=[{"kind": "person", "ref": "1", "label": "x"}],
        body="b",
        handling_code="restricted",
        attachments=["2", "1"],
    )
    second = p.request_content(
        request_type="information",
        priority="routine",
        due_date=None,
        recipients=["A", "B", "A"],
        subjects=[{"kind": "person", "ref": "1", "label": "x", "born": ""}],
        body="b",
        handling_code="restricted",
        attachments=["1", "2"],
    )
    assert p.content_hash(first) == p.content_hash(second)
    assert p.RequestContent.model_validate(first).model_dump() == first


def test_request_content_hash_covers_what_the_supervisor_reads() -> None:
    """A subject's summary (name, number, date of birth...) is approved with its id."""

    def digest(subject: dict[str, str]) -> str:
        return p.content_hash(
            p.request_content(
                request_type="locate",
                priority="routine",
                due_date=None,
                recipients=["A"],
                subjects=[subject],
                body="b",
                handling_code="restricted",
                attachments=[],
            )
        )

    base = {"kind": "person", "ref": "1", "label": "IVANOV Ivan", "born": "1975-03-12"}
    assert digest(base) != digest({**base, "label": "PETROV Pyotr"})
    assert digest(base) != digest({**base, "born": "1976-03-12"})
    assert digest(base) != digest({"kind": "person", "ref": "1"})
    # Keys that are not summary fields are not part of the content.
    assert digest(base) == digest({**base, "colour": "red"})


def test_bulletin_schema_round_trip() -> None:
    data = {
        "k": "red",
        "rf": "2024/1",
        "ti": "Розыск",
        "hc": "law_enforcement",
        "is": "НЦБ",
        "dt": "2024-01-02",
        "p": [{"n": [{"f": "Иванов Иван", "sc": "Cyrl"}], "b": [1975, None, None]}],
    }
    model = p.BulletinData.model_validate(data)
    assert model.is_ == "НЦБ" and model.p and model.p[0].n[0].ty == "primary"
    dumped = model.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    assert p.BulletinData.model_validate(dumped) == model
    with pytest.raises(ValueError):
        p.BulletinData.model_validate(dict(data, k="pink"))


def test_wire_enums_match_the_domain() -> None:
    """The server cannot import the ORM, so the wire repeats some domain enums: keep them equal."""
    from app.store import models
    from app.sync import protocol

    assert {k.value for k in protocol.BulletinKind} == {k.value for k in models.BulletinKind}
    assert {r.value for r in protocol.Role} == {r.value for r in models.Role}
