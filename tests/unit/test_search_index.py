"""The search index and service over a real encrypted store (SQLCipher in tmp_path)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import delete, func, select

from app import audit
from app.context import Desk
from app.search import index
from app.search.hits import (
    HitDetails,
    WeakMatchNotConfirmed,
    record_hit_in_store,
    start_hit_notification,
)
from app.search.keys import KEY_ALGO_VERSION
from app.search.score import Band, Code
from app.search.service import (
    AuditActor,
    Interpretation,
    Kind,
    SearchResult,
    search,
    search_and_audit,
)
from app.search.tables import NameKeyRow, SearchPerson, SearchToken
from app.store.models import (
    AuditEvent,
    Bulletin,
    BulletinKind,
    Document,
    Hit,
    Meta,
    OutgoingRequest,
    Person,
    PersonName,
    RequestState,
    RequestType,
    Vehicle,
)
from tests.helpers.desk import Office


def _td3(surname: str, given: str, number: str, nat: str, dob: str, sex: str, expiry: str) -> str:
    """A TD3 MRZ with correct check digits."""
    from app.search.documents import mrz_check_digit as cd

    line1 = f"P<{nat}{surname}<<{given}".ljust(44, "<")
    optional = "<" * 14
    body = (
        f"{number}{cd(number)}{nat}{dob}{cd(dob)}{sex}{expiry}{cd(expiry)}{optional}{cd(optional)}"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{cd(composite)}"


TD3 = _td3("SARSENBAEV", "NURSULTAN", "N12345678", "KAZ", "700606", "M", "300101")


def _add_person(
    desk: Desk,
    names: Iterable[tuple[str, str]],
    *,
    sex: str | None = None,
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    nationality: str | None = None,
    bulletin_id: str | None = None,
    hook: bool = True,
) -> str:
    with desk.store.write() as s:
        p = Person(
            sex=sex,
            birth_year=year,
            birth_month=month,
            birth_day=day,
            nationality=nationality,
            bulletin_id=bulletin_id,
        )
        s.add(p)
        s.flush()
        for pos, (full, lang) in enumerate(names):
            s.add(PersonName(person_id=p.id, position=pos, full_name=full, language=lang))
        s.flush()
        if hook:
            index.index_persons(s, [p.id])
        return p.id


def _add_bulletin(desk: Desk, reference: str, kind: BulletinKind = BulletinKind.RED) -> str:
    with desk.store.write() as s:
        b = Bulletin(kind=kind, reference=reference, title="", urgent=True)
        s.add(b)
        s.flush()
        return b.id


def _persons(outcome_results: list[SearchResult]) -> list[tuple[str, Band]]:
    return [(r.target_id, r.band) for r in outcome_results if r.kind is Kind.PERSON]


@pytest.fixture
def people(desk: Desk) -> dict[str, str]:
    bid = _add_bulletin(desk, "A-1234/5-2024")
    return {
        "bulletin": bid,
        "ivanov": _add_person(
            desk,
            [("Иванов Александр Петрович", "ru"), ("IVANOV ALEKSANDR", "")],
            sex="M",
            year=1975,
            month=3,
            day=12,
            nationality="RUS",
            bulletin_id=bid,
        ),
        "ivanova": _add_person(desk, [("Иванова Анна Сергеевна", "ru")], sex="F", year=1980),
        "otkir": _add_person(desk, [("Ўткир Ҳамдамов Рустам ўғли", "uz")], sex="M", year=1980),
        "nursultan": _add_person(
            desk, [("Нұрсұлтан Әбішұлы Сарсенбаев", "kk")], sex="M", year=1970, month=6, day=6
        ),
        "rahmonzoda": _add_person(desk, [("Ҷамшед Раҳмонзода", "tg")], sex="M", year=1987),
        "petrov80": _add_person(desk, [("Иван Петров", "ru")], sex="M", year=1980),
        "petrov85": _add_person(desk, [("Иван Петров", "ru")], sex="M", year=1985),
    }


def test_migration_created_the_index(desk: Desk) -> None:
    with desk.store.read() as s:
        conn = s.connection()
        tables = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
        )
        assert {"name_keys", "search_persons", "search_tokens", "name_fts"} <= tables
        assert s.get(Meta, index.META_KEY).value == str(KEY_ALGO_VERSION)  # type: ignore[union-attr]
        assert not index.needs_rebuild(s)


def test_cross_script_search(desk: Desk, people: dict[str, str]) -> None:
    with desk.store.read() as s:
        queries = ("Aleksandr Ivanov", "Александр Иванов", "Alexander Iwanow", "IVANOV<<ALEKSANDR")
        for query in queries:
            results = _persons(search(s, query).results)
            assert results[0] == (people["ivanov"], Band.STRONG), query
        assert _persons(search(s, "O'tkir Hamdamov").results)[0] == (people["otkir"], Band.STRONG)
        assert _persons(search(s, "Utkir Khamdamov").results)[0][0] == people["otkir"]
        assert _persons(search(s, "Nursultan Sarsenbaev").results)[0] == (
            people["nursultan"],
            Band.STRONG,
        )
        top = search(s, "Jamshed Rakhmonov").results[0]
        assert (top.target_id, top.band) == (people["rahmonzoda"], Band.POSSIBLE)
        assert top.explanation["parts"][1]["method"] in ("stem", "skeleton")


def test_dob_and_sex_rules_inside_search(desk: Desk, people: dict[str, str]) -> None:
    with desk.store.read() as s:
        found = dict(_persons(search(s, "Ivan Petrov 1980").results))
        assert found[people["petrov80"]] is Band.STRONG
        assert found.get(people["petrov85"], Band.WEAK) is Band.WEAK
        found = dict(_persons(search(s, "Ivanova Aleksandra").results))
        assert found.get(people["ivanov"], Band.WEAK) is Band.WEAK
        outcome = search(s, "Aleksandr Ivanov", dob="1975/00/00", sex="M")
        top = outcome.results[0]
        codes = {e["code"] for e in top.explanation["evidence"]}
        assert {Code.DOB_COMPATIBLE.value, Code.SEX_AGREE.value} <= codes


def test_partial_input_uses_the_prefix_table(desk: Desk, people: dict[str, str]) -> None:
    with desk.store.read() as s:
        results = _persons(search(s, "Aleksandr Iva", partial=True).results)
        assert results[0][0] == people["ivanov"]
        results = _persons(search(s, "Нұрсұлтан Сарс", partial=True).results)
        assert results[0][0] == people["nursultan"]


def test_incremental_maintenance(desk: Desk, people: dict[str, str]) -> None:
    pid = people["petrov85"]
    with desk.store.write() as s:
        name = s.scalars(select(PersonName).where(PersonName.person_id == pid)).one()
        name.full_name = "Сидоров Иван"
        s.flush()
        index.index_persons(s, [pid])
    with desk.store.read() as s:
        assert pid not in dict(_persons(search(s, "Ivan Petrov").results))
        assert pid in dict(_persons(search(s, "Ivan Sidorov").results))
    with desk.store.write() as s:
        s.execute(delete(PersonName).where(PersonName.person_id == pid))
        s.execute(delete(Person).where(Person.id == pid))
        index.index_persons(s, [pid])  # what sync calls after a purge
    with desk.store.read() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(SearchPerson).where(SearchPerson.person_id == pid)
            )
            == 0
        )
        assert pid not in dict(_persons(search(s, "Ivan Sidorov").results))
        orphans = (
            s.connection()
            .exec_driver_sql(
                "SELECT count(*) FROM name_keys k LEFT JOIN search_persons p ON p.ref = k.ref "
                "WHERE p.ref IS NULL"
            )
            .scalar()
        )
        assert orphans == 0


def test_start_up_check_indexes_missed_persons_and_rebuilds_on_version_change(
    desk: Desk, people: dict[str, str]
) -> None:
    missed = _add_person(desk, [("Ёқубов Ботир", "uz")], hook=False)
    with desk.store.write() as s:
        assert index.ensure_current(s) == 1
    with desk.store.read() as s:
        assert _persons(search(s, "Botir Yoqubov").results)[0][0] == missed
    with desk.store.write() as s:
        s.get(Meta, index.META_KEY).value = "0"  # type: ignore[union-attr]
        s.flush()
        seen: list[int] = []
        assert index.ensure_current(s, progress=lambda d, t, m: seen.append(d)) == len(people)
        assert seen and seen[-1] == len(people)
        assert (s.scalar(select(func.count()).select_from(NameKeyRow)) or 0) > 0
        assert (s.scalar(select(func.count()).select_from(SearchToken)) or 0) > 0
        assert not index.needs_rebuild(s)


def test_fresh_client_reads_token_forms_from_the_store(desk: Desk, people: dict[str, str]) -> None:
    index.clear_caches()
    with desk.store.read() as s:
        loaded = index.load_token_forms(s, [("Иванов Александр Петрович", "ru")])
        assert loaded >= 3
        assert _persons(search(s, "Aleksandr Ivanov").results)[0][0] == people["ivanov"]


def test_searches_are_audited(desk: Desk, office: Office, people: dict[str, str]) -> None:
    actor = AuditActor(office.officer.user_id, office.officer.username)
    outcome = search_and_audit(desk.store, "Aleksandr Ivanov", actor, dob="1975")
    assert outcome.results
    with desk.store.write() as s:
        search(s, "Petrov", audit_actor=actor)
    with desk.store.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == audit.Action.SEARCH)).all()
        assert [e.details["query"] for e in events] == ["Aleksandr Ivanov", "Petrov"]
        assert events[0].details["strong"] == [people["ivanov"]]
        assert events[0].actor_id == office.officer.user_id
    assert audit.verify(desk.store.engine).ok


def test_vehicles_documents_mrz_and_references(desk: Desk, people: dict[str, str]) -> None:
    bid = _add_bulletin(desk, "SV-2024-0042", BulletinKind.STOLEN_VEHICLE)
    with desk.store.write() as s:
        # Stored the way sync stores it: upper case, Cyrillic letters kept.
        s.add(
            Vehicle(
                bulletin_id=bid, plate="А 123 ВС 77", plate_norm="А123ВС77", vin="1M8GDM9AXKP042788"
            )
        )
        s.add(Document(bulletin_id=people["bulletin"], number="N12345678", number_norm="N12345678"))
        kz = _add_bulletin(desk, "R-2024-7")
        s.flush()
    _add_person(desk, [("Сарсенбаев Нұрсұлтан", "kk")], sex="M", year=1970, bulletin_id=kz)
    with desk.store.write() as s:
        s.add(Document(bulletin_id=kz, number="N12345678", number_norm="N12345678"))
    with desk.store.read() as s:
        plate = search(s, "a123bc 77")  # typed on a Latin keyboard
        assert Interpretation.PLATE in plate.interpretations
        assert [(r.kind, r.band) for r in plate.results if r.kind is Kind.VEHICLE] == [
            (Kind.VEHICLE, Band.STRONG)
        ]
        vin = search(s, "1m8gdm9axkp042788")
        assert vin.results[0].kind is Kind.VEHICLE
        assert vin.results[0].explanation["evidence"][0]["check_digit_ok"] is True
        doc = search(s, "N 1234 5678")
        assert {r.kind for r in doc.results} >= {Kind.DOCUMENT}
        mrz = search(s, TD3)
        assert mrz.mrz is not None and mrz.mrz.checks["document_number"]
        top = next(r for r in mrz.results if r.kind is Kind.PERSON)
        assert top.band is Band.STRONG
        assert any(
            e["code"] == Code.DOCUMENT_NUMBER_EQUAL.value for e in top.explanation["evidence"]
        )
        ref = search(s, "A-1234/5-2024")
        assert ref.results[0].kind is Kind.BULLETIN and ref.results[0].band is Band.STRONG


def test_hits_freeze_the_explanation_and_start_a_notification(
    desk: Desk, office: Office, people: dict[str, str]
) -> None:
    with desk.store.read() as s:
        strong = search(s, "Aleksandr Ivanov").results[0]
        weak = next(
            r for r in search(s, "Ivanova Aleksandra").results if r.target_id == people["ivanov"]
        )
    assert weak.band is Band.WEAK
    with pytest.raises(WeakMatchNotConfirmed):
        record_hit_in_store(desk.store, office.officer, weak, query="Ivanova Aleksandra")
    weak_hit = record_hit_in_store(
        desk.store, office.officer, weak, query="Ivanova Aleksandra", confirm_weak=True
    )
    hit_id = record_hit_in_store(
        desk.store,
        office.officer,
        strong,
        query="Aleksandr Ivanov",
        details=HitDetails(place="Border post 3", circumstances="document check"),
    )
    with desk.store.read() as s:
        hit = s.get(Hit, hit_id)
        assert hit is not None and hit.bulletin_id == people["bulletin"]
        frozen = hit.match_explanation
        assert frozen["band"] == "strong" and len(frozen["digest"]) == 64
        assert frozen["explanation"]["key_algo_version"] == KEY_ALGO_VERSION
        assert s.get(Hit, weak_hit).match_explanation["officer_confirmed_weak"] is True  # type: ignore[union-attr]
        hits_audited = s.scalars(
            select(AuditEvent).where(AuditEvent.action == audit.Action.HIT)
        ).all()
        assert {e.target_id for e in hits_audited} == {hit_id, weak_hit}
    rid = start_hit_notification(desk.store, office.officer, hit_id, recipients=("NCB-MOSCOW",))
    assert start_hit_notification(desk.store, office.officer, hit_id) == rid
    with desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        assert req.state is RequestState.DRAFT
        assert req.request_type is RequestType.HIT_NOTIFICATION
        assert req.hit_id == hit_id
        hit_subject = next(x for x in req.subjects if x["kind"] == "hit")
        assert hit_subject["ref"] == hit_id and hit_subject["number"] == "A-1234/5-2024"
        assert "A-1234/5-2024" in req.body
        assert s.get(Hit, hit_id).request_id == rid  # type: ignore[union-attr]


ODD_INPUT = [
    "",
    "   ",
    "<<<",
    "12",
    "!!!",
    "a",
    "ё",
    "P<UTO\nbroken",
    "'\"*",
    "Иванов " * 200,
    "x" * 500,
    "A-",
    "1975",
    "NEAR(a b)",
    "ivanov* OR petrov",
]


def test_odd_input_never_raises(desk: Desk, people: dict[str, str]) -> None:
    with desk.store.read() as s:
        for text in ODD_INPUT:
            outcome = search(s, text)
            assert isinstance(outcome.results, list)
            search(s, text, partial=True)
