"""The pure wire-to-column mappers (app/sync/mappers.py), one wire object at a time.

Expected values are written from docs/protocol.md section 3 (what each short key means),
not computed with the functions under test.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.store.models import BulletinKind, HandlingCode
from app.sync.mappers import (
    bulletin_values,
    derived_id,
    document_values,
    handling_code,
    name_values,
    parse_date,
    parse_ts,
    person_values,
    vehicle_values,
)
from app.sync.protocol import BulletinData, DocumentData, PersonData, Row, VehicleData

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
BULLETIN_ID = "0b7e4c52-8f1d-4a3e-9c2b-5d6f7a8b9c0d"


def _row(data: dict[str, Any], seq: int = 41) -> Row:
    # 1_764_752_400 is 2025-12-03T09:00:00Z.
    return Row(s=seq, l=2, t="b", i=BULLETIN_ID, a=1_764_752_400, d=data)


def test_bulletin_columns_follow_the_short_keys() -> None:
    wire = {
        "k": "red",
        "rf": "2025/31274",
        "ti": "Wanted for armed robbery",
        "hc": "law_enforcement",
        "u": 1,
        "is": "NCB Almaty",
        "ic": "KZ",
        "dt": "2025-11-30",
        "de": "Seen in Shymkent",
        "ch": "Art. 192 Criminal Code",
    }
    row = _row(wire)
    data = BulletinData.model_validate(wire)
    cols = bulletin_values(row, data, BulletinKind.RED, NOW)
    assert cols["id"] == BULLETIN_ID
    assert cols["reference"] == "2025/31274"
    assert cols["title"] == "Wanted for armed robbery"
    assert cols["summary"] == "Seen in Shymkent"
    assert cols["issuer"] == "NCB Almaty"
    assert cols["charges"] == "Art. 192 Criminal Code"
    assert cols["issuing_country"] == "KZ"
    assert cols["issued_on"] == date(2025, 11, 30)
    assert cols["urgent"] is True
    assert cols["handling_code"] == HandlingCode.LAW_ENFORCEMENT
    assert cols["server_seq"] == 41
    assert cols["data_as_of"] == datetime(2025, 12, 3, 9, 0, tzinfo=UTC)
    # A new version of a bulletin is live again, whatever an older version said.
    assert cols["cancelled"] is False and cols["cancelled_at"] is None
    assert cols["deleted"] is False


def test_missing_optional_texts_become_empty_not_null() -> None:
    wire: dict[str, object] = {
        "k": "yellow",
        "rf": "Y-1",
        "ti": "Missing",
        "hc": "unrestricted",
        "is": "MVD",
    }
    wire["dt"] = "not a date"
    cols = bulletin_values(_row(wire), BulletinData.model_validate(wire), BulletinKind.YELLOW, NOW)
    assert (cols["summary"], cols["charges"], cols["issuing_country"]) == ("", "", "")
    assert cols["issued_on"] is None
    assert cols["urgent"] is False


def test_unknown_handling_code_is_treated_as_restricted() -> None:
    assert handling_code("law_enforcement") == HandlingCode.LAW_ENFORCEMENT
    assert handling_code("top_secret_new_code") == HandlingCode.RESTRICTED
    assert handling_code(None) == HandlingCode.RESTRICTED
    assert handling_code(7) == HandlingCode.RESTRICTED


def test_dates_and_timestamps_tolerate_junk() -> None:
    assert parse_date("1980-08-20") == date(1980, 8, 20)
    assert parse_date("1980-08-20T10:00:00Z") == date(1980, 8, 20)
    assert parse_date("1980") is None
    assert parse_date("") is None and parse_date(None) is None
    assert parse_ts("2026-12-03T09:00:00Z") == NOW
    assert parse_ts("2026-12-03T14:00:00+05:00") == NOW
    assert parse_ts("2026-12-03 09:00") is None  # no zone: not a protocol timestamp
    assert parse_ts(None) is None


def test_derived_ids_are_uuid5_of_the_owner() -> None:
    expected = str(uuid.uuid5(uuid.UUID(BULLETIN_ID), "p0"))
    assert derived_id(BULLETIN_ID, "p0") == expected
    assert derived_id(BULLETIN_ID, "p1") != expected
    # An owner id that is not a UUID still gives a stable id.
    assert derived_id("legacy-17", "v0") == derived_id("legacy-17", "v0")


def test_person_with_a_partial_birth_date_and_unknown_sex() -> None:
    person = PersonData.model_validate(
        {"n": [{"f": "Кузнецов Дмитрий", "sc": "Cyrl"}], "sx": "X", "b": [1980, 0], "c": "KZ"}
    )
    cols = person_values("p-1", BULLETIN_ID, person, 41, NOW)
    assert (cols["birth_year"], cols["birth_month"], cols["birth_day"]) == (1980, None, None)
    assert cols["sex"] is None
    assert cols["nationality"] == "KZ"
    assert cols["bulletin_id"] == BULLETIN_ID
    case_person = person_values("p-2", None, person, 7, NOW)
    assert case_person["bulletin_id"] is None and case_person["server_seq"] == 7


def test_spellings_keep_their_order_and_skip_empty_ones() -> None:
    person = PersonData.model_validate(
        {
            "n": [
                {
                    "f": "Кузнецов Дмитрий Олегович",
                    "s": "Кузнецов",
                    "g": "Дмитрий",
                    "p": "Олегович",
                    "sc": "Cyrl",
                    "la": "ru",
                },
                {"f": "", "sc": "Latn"},
                {"f": "KUZNETSOV DMITRII", "sc": "Latn", "ty": "passport"},
            ]
        }
    )
    names = name_values("p-1", person)
    assert [n["full_name"] for n in names] == ["Кузнецов Дмитрий Олегович", "KUZNETSOV DMITRII"]
    assert [n["position"] for n in names] == [0, 2]
    assert names[0]["patronymic"] == "Олегович" and names[0]["language"] == "ru"
    assert names[1]["name_type"] == "passport" and names[1]["surname"] == ""


def test_vehicle_and_document_rows() -> None:
    row = _row({})
    vehicle = VehicleData.model_validate({"pl": "123 abc 02", "vin": "wdb1234", "pc": "KZ"})
    v = vehicle_values(row, 0, vehicle, NOW)
    assert v["id"] == str(uuid.uuid5(uuid.UUID(BULLETIN_ID), "v0"))
    assert v["plate"] == "123 abc 02"
    assert v["plate_norm"] != "" and " " not in v["plate_norm"]
    assert v["vin"] == "WDB1234"
    assert v["registration_country"] == "KZ"
    doc = DocumentData.model_validate({"ty": "passport", "no": "N 1234567", "cc": "KG"})
    d = document_values(row, 1, doc, "Асанов Бакыт", NOW)
    assert d["id"] == str(uuid.uuid5(uuid.UUID(BULLETIN_ID), "d1"))
    # A document without a printed holder belongs to the bulletin's first person.
    assert d["holder_name"] == "Асанов Бакыт"
    named = DocumentData.model_validate({"ty": "passport", "no": "N1", "hn": "ASANOV BAKYT"})
    assert document_values(row, 0, named, "someone else", NOW)["holder_name"] == "ASANOV BAKYT"


def test_protocol_2_fields_time_of_day_thumbnail_and_every_nationality() -> None:
    wire = {
        "k": "red",
        "rf": "2026/1",
        "ti": "Wanted",
        "hc": "law_enforcement",
        "is": "NCB Tashkent",
        "dt": "2026-01-02",
        "tm": "07:41",
        "th": "ab" * 32,
    }
    cols = bulletin_values(_row(wire), BulletinData.model_validate(wire), BulletinKind.RED, NOW)
    assert cols["issued_time"] == "07:41"
    assert cols["thumb_sha256"] == "ab" * 32
    person = PersonData.model_validate({"n": [], "c": "UZ", "cs": ["UZ", "TJ", "RU"]})
    assert person_values("p-1", BULLETIN_ID, person, 1, NOW)["nationalities"] == "UZ TJ RU"
    assert person_values("p-1", BULLETIN_ID, person, 1, NOW)["nationality"] == "UZ"
    with pytest.raises(ValueError):
        BulletinData.model_validate({**wire, "tm": "25:00"})
    with pytest.raises(ValueError):
        BulletinData.model_validate({**wire, "th": "not-a-sha"})
