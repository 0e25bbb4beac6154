"""Realistic generated data for development, demos, tests and benchmarks.

Bulletins of every kind with people of Russia and Central Asia (Cyrillic and Latin
spellings stored separately, partial dates of birth), vehicles and documents; office cases
with subjects and notes; optional generated photos with thumbnails.
"""

from __future__ import annotations

import base64
import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.sync.protocol import (
    INLINE_THUMB_MAX,
    BulletinKind,
    HandlingCode,
    MediaData,
    RowType,
    format_timestamp,
)
from server import feed, operator
from server.blobs import BlobStore
from server.db import Database
from server.images import photo_and_thumbnail
from server.models import BlobGrant
from server.names import COUNTRIES, Country, person_spellings

ISSUERS = {
    "RU": "НЦБ Интерпола МВД России",
    "KZ": "НЦБ Интерпола в Республике Казахстан",
    "KG": "НЦБ Интерпола Кыргызской Республики",
    "UZ": "НЦБ Интерпола Республики Узбекистан",
    "TJ": "НЦБ Интерпола Республики Таджикистан",
    "TM": "НЦБ Интерпола Туркменистана",
}
CHARGES = (
    "Мошенничество в особо крупном размере",
    "Умышленное убийство",
    "Разбой",
    "Незаконный оборот наркотических средств",
    "Торговля людьми",
    "Контрабанда оружия",
    "Организация незаконной миграции",
    "Легализация преступных доходов",
    "Кража автотранспортных средств",
)
CITIES = (
    "Москва",
    "Новосибирск",
    "Екатеринбург",
    "Алматы",
    "Астана",
    "Шымкент",
    "Бишкек",
    "Ош",
    "Ташкент",
    "Самарканд",
    "Душанбе",
    "Худжанд",
    "Ашхабад",
    "Туркменабат",
    "Оренбург",
)
VEHICLES = (
    ("Toyota", "Camry"),
    ("Toyota", "Land Cruiser 200"),
    ("Lada", "Vesta"),
    ("Lada", "Granta"),
    ("Hyundai", "Solaris"),
    ("Kia", "Rio"),
    ("Chevrolet", "Cobalt"),
    ("Lexus", "LX 570"),
    ("Mercedes-Benz", "E 200"),
    ("Chevrolet", "Nexia"),
    ("Daewoo", "Matiz"),
)
COLOURS = ("белый", "чёрный", "серебристый", "серый", "синий", "красный", "зелёный")
DOC_TYPES = ("passport", "passport", "id_card", "driving_licence", "vehicle_registration")
HANDLING = (
    HandlingCode.LAW_ENFORCEMENT,
    HandlingCode.LAW_ENFORCEMENT,
    HandlingCode.RESTRICTED,
    HandlingCode.UNRESTRICTED,
    HandlingCode.NO_FURTHER,
)
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass
class Generator:
    """Deterministic generator of wire-shaped records."""

    rng: random.Random

    def country(self) -> Country:
        """A random country."""
        return self.rng.choice(COUNTRIES)

    def dob(self) -> list[int | None]:
        """Date of birth: full, year+month, or year only (real notices carry 1975/00/00)."""
        year = self.rng.randrange(1955, 2008)
        roll = self.rng.random()
        if roll < 0.2:
            return [year, None, None]
        if roll < 0.45:
            return [year, self.rng.randrange(1, 13), None]
        return [year, self.rng.randrange(1, 13), self.rng.randrange(1, 29)]

    def person(self, role: str | None = None) -> dict[str, Any]:
        """A person with spellings, sex, partial date of birth and nationality."""
        country = self.country()
        female = self.rng.random() < 0.3
        out: dict[str, Any] = {
            "n": person_spellings(self.rng, country, female),
            "sx": "F" if female else "M",
            "b": self.dob(),
            "c": country.code,
        }
        if self.rng.random() < 0.3:
            out["pb"] = self.rng.choice(CITIES)
        if role:
            out["r"] = role
        return out

    def plate(self, country: str) -> str:
        """A plate in the country's format."""
        r = self.rng
        letters = "АВЕКМНОРСТУХ"
        latin = string.ascii_uppercase
        digits = lambda n: "".join(r.choice(string.digits) for _ in range(n))  # noqa: E731
        pick: Callable[[str, int], str] = lambda pool, n: "".join(  # noqa: E731
            r.choice(pool) for _ in range(n)
        )
        formats = {
            "RU": lambda: f"{pick(letters, 1)}{digits(3)}{pick(letters, 2)}{r.randrange(1, 200)}",
            "KZ": lambda: f"{digits(3)}{pick(latin, 3)}{r.randrange(1, 18):02d}",
            "KG": lambda: f"{r.randrange(1, 9):02d}KG{digits(3)}{pick(latin, 3)}",
            "UZ": lambda: f"{r.randrange(1, 95):02d}{pick(latin, 1)}{digits(3)}{pick(latin, 2)}",
            "TJ": lambda: f"{digits(4)}{pick(latin, 2)}{r.randrange(1, 9):02d}",
            "TM": lambda: f"{pick(latin, 2)}{digits(4)}",
        }
        return formats.get(country, formats["RU"])()

    def vehicle(self) -> dict[str, Any]:
        """A stolen vehicle: plate, VIN, make, model, colour, year."""
        country = self.country().code
        make, model = self.rng.choice(VEHICLES)
        return {
            "pl": self.plate(country),
            "pc": country,
            "vin": "".join(self.rng.choice(_VIN_CHARS) for _ in range(17)),
            "mk": make,
            "md": model,
            "co": self.rng.choice(COLOURS),
            "y": self.rng.randrange(2005, 2025),
        }

    def document(self, holder: dict[str, Any] | None) -> dict[str, Any]:
        """A stolen or lost document."""
        country = self.country().code
        number = "".join(self.rng.choice(string.digits) for _ in range(7))
        prefix = "".join(self.rng.choice(string.ascii_uppercase) for _ in range(2))
        out: dict[str, Any] = {
            "ty": self.rng.choice(DOC_TYPES),
            "no": f"{prefix}{number}",
            "cc": country,
        }
        if holder is not None:
            latin = [s for s in holder["n"] if s["ty"] == "passport"]
            if latin:
                out["hn"] = latin[0]["f"]
        elif self.rng.random() < 0.5:
            out["bl"] = 1
        return out

    def issued(self) -> date:
        """Date of issue within the last six years."""
        return date.today() - timedelta(days=self.rng.randrange(0, 6 * 365))

    def bulletin(self, index: int) -> dict[str, Any]:
        """One bulletin of a kind chosen to cover every kind."""
        kinds = list(BulletinKind)
        kind = kinds[index % len(kinds)] if index < len(kinds) else self.rng.choice(kinds)
        country = self.country().code
        issued = self.issued()
        data: dict[str, Any] = {
            "k": kind.value,
            "rf": f"{issued.year}/{self.rng.randrange(1000, 99999)}",
            "hc": self.rng.choice(HANDLING).value,
            "is": ISSUERS[country],
            "ic": country,
            "dt": issued.isoformat(),
        }
        if self.rng.random() < 0.05:
            data["u"] = 1
        BUILDERS[kind](self, data)
        return data


def _wanted(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    data["p"] = [person]
    data["ch"] = gen.rng.choice(CHARGES)
    data["ti"] = f"Розыск: {person['n'][0]['f']}"


def _missing(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    person["de"] = f"Рост {gen.rng.randrange(150, 195)} см, был(а) одет(а) в тёмную куртку"
    data["p"] = [person]
    data["ti"] = f"Без вести пропавший: {person['n'][0]['f']}"
    data["de"] = f"Последний раз видели: {gen.rng.choice(CITIES)}"


def _locate(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    data["p"] = [person]
    data["ti"] = f"Установление местонахождения: {person['n'][0]['f']}"
    data["ch"] = "Свидетель по уголовному делу"


def _body(gen: Generator, data: dict[str, Any]) -> None:
    data["p"] = [
        {
            "n": [],
            "sx": gen.rng.choice(["M", "F"]),
            "de": f"Возраст 30-45 лет, рост около {gen.rng.randrange(160, 190)} см, татуировка",
        }
    ]
    data["ti"] = "Неопознанное тело"
    data["de"] = f"Обнаружено: {gen.rng.choice(CITIES)}"


def _warning(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    data["p"] = [person]
    data["ti"] = f"Предупреждение: {person['n'][0]['f']}"
    data["de"] = "Ранее судим, склонен к насилию"


def _threat(gen: Generator, data: dict[str, Any]) -> None:
    data["ti"] = "Угроза: самодельные взрывные устройства в почтовых отправлениях"
    data["de"] = "Посылки без обратного адреса, провода, запах растворителя"


def _modus(gen: Generator, data: dict[str, Any]) -> None:
    data["ti"] = "Способ совершения: мошенничество под видом сотрудников банка"
    data["de"] = "Звонки от имени службы безопасности банка, перевод на «безопасный счёт»"


def _un(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    extra = gen.person()
    person["n"] += [dict(s, ty="alias") for s in extra["n"][:1]]
    data["p"] = [person]
    data["ti"] = f"Специальное уведомление ООН: {person['n'][0]['f']}"
    data["ch"] = "Санкции Совета Безопасности ООН"


def _vehicle(gen: Generator, data: dict[str, Any]) -> None:
    vehicle = gen.vehicle()
    data["v"] = [vehicle]
    data["ti"] = f"Угон: {vehicle['mk']} {vehicle['md']} {vehicle['pl']}"


def _document(gen: Generator, data: dict[str, Any]) -> None:
    holder = gen.person() if gen.rng.random() < 0.7 else None
    document = gen.document(holder)
    data["doc"] = [document]
    data["ti"] = f"Утрачен документ: {document['ty']} {document['no']}"


def _alert(gen: Generator, data: dict[str, Any]) -> None:
    person = gen.person()
    data["p"] = [person]
    data["ti"] = f"Ориентировка: {person['n'][0]['f']}"
    data["de"] = f"Возможно передвижение в направлении: {gen.rng.choice(CITIES)}"


BUILDERS: dict[BulletinKind, Callable[[Generator, dict[str, Any]], None]] = {
    BulletinKind.RED: _wanted,
    BulletinKind.YELLOW: _missing,
    BulletinKind.BLUE: _locate,
    BulletinKind.BLACK: _body,
    BulletinKind.GREEN: _warning,
    BulletinKind.ORANGE: _threat,
    BulletinKind.PURPLE: _modus,
    BulletinKind.UN_SPECIAL: _un,
    BulletinKind.STOLEN_VEHICLE: _vehicle,
    BulletinKind.STOLEN_DOCUMENT: _document,
    BulletinKind.NATIONAL_ALERT: _alert,
    BulletinKind.REGIONAL_ALERT: _alert,
}

NOTE_TEXTS = (
    "Опрошены соседи, сведений о местонахождении нет.",
    "Направлен запрос в НЦБ о проверке по учётам.",
    "Получены сведения о пересечении границы.",
    "Проверен адрес регистрации, по адресу не проживает.",
    "Изъяты записи камер видеонаблюдения.",
)


def case_record(gen: Generator, office: str, bulletin_ids: list[str]) -> dict[str, Any]:
    """One office case with subjects."""
    opened = gen.issued()
    subjects = [gen.person(role) for role in ("suspect", "victim")[: gen.rng.randrange(1, 3)]]
    data: dict[str, Any] = {
        "rf": f"{office}-{opened.year}-{gen.rng.randrange(100, 9999)}",
        "ti": f"Уголовное дело: {gen.rng.choice(CHARGES).lower()}",
        "of": office,
        "st": gen.rng.choice(["open", "open", "suspended", "closed"]),
        "hc": gen.rng.choice(HANDLING).value,
        "op": opened.isoformat(),
        "p": subjects,
        "sm": f"Возбуждено {opened.isoformat()}, {gen.rng.choice(CITIES)}",
    }
    if bulletin_ids and gen.rng.random() < 0.3:
        data["bl"] = [gen.rng.choice(bulletin_ids)]
    return data


@dataclass
class SeedResult:
    """What a seed run created."""

    bulletins: list[str]
    cases: list[str]
    photos: int


def seed(
    db: Database,
    blobs: BlobStore,
    *,
    bulletins: int,
    cases: int,
    offices: list[str],
    photos: bool = False,
    seed_value: int | None = None,
    batch: int = 500,
) -> SeedResult:
    """Publish generated bulletins and cases (in transactions of ``batch`` rows)."""
    gen = Generator(random.Random(seed_value))
    result = SeedResult([], [], 0)
    for start in range(0, bulletins, batch):
        with db.write() as session:
            stop = min(start + batch, bulletins)
            first_seq = feed.allocate_seq(session, stop - start)
            due: list[tuple[str, Photo]] = []
            for index in range(start, stop):
                bulletin_id = str(uuid.uuid4())
                operator.publish_bulletin(
                    session,
                    gen.bulletin(index),
                    bulletin_id,
                    new=True,
                    seq=first_seq + index - start,
                )
                result.bulletins.append(bulletin_id)
                if photos and gen.rng.random() < 0.5:
                    due.append((bulletin_id, photo_and_thumbnail(gen.rng)))
                    result.photos += 1
            # Published after the batch's bulletins, in the same order (so with the same
            # change numbers as one by one), with their download grants made in one go.
            stored = [_put(blobs, photo) for _, photo in due]
            grants = _grant_in_bulk(session, [sha for pair in stored for sha in pair])
            for (bulletin_id, photo), shas in zip(due, stored, strict=True):
                _add_photo(session, RowType.BULLETIN, bulletin_id, photo, shas)
            del grants
    for start in range(0, cases, batch):
        with db.write() as session:
            for index in range(start, min(start + batch, cases)):
                office = offices[index % len(offices)]
                case_id = operator.publish_case(session, case_record(gen, office, result.bulletins))
                result.cases.append(case_id)
                _add_notes(session, gen, case_id, office)
    return result


def _add_notes(session: Any, gen: Generator, case_id: str, office: str) -> None:
    for _ in range(gen.rng.randrange(0, 4)):
        operator.publish_case_note(
            session,
            case_id=case_id,
            office=office,
            author="regional.operator",
            written_at=format_timestamp(datetime.now(UTC)),
            text=gen.rng.choice(NOTE_TEXTS),
            handling_code=None,
        )


#: A generated photo: full-size PNG, thumbnail PNG, width, height.
Photo = tuple[bytes, bytes, int, int]


def _put(blobs: BlobStore, photo: Photo) -> tuple[str, str]:
    """Store a photo and its thumbnail; their shas."""
    return blobs.put(photo[0]), blobs.put(photo[1])


def _grant_in_bulk(session: Any, shas: list[str]) -> list[BlobGrant]:
    """Every office may download these blobs: the grants publishing a photo makes, made
    for a whole batch at once (one query and one flush instead of two of each per blob).

    Returns the grants: while the caller holds them, the session's identity map (weak
    references) keeps them, so :func:`server.blobs.grant` finds each without a query.
    """
    scope = feed.REGIONAL
    grants: list[BlobGrant] = []
    for part in range(0, len(shas), 500):
        grants += session.scalars(
            select(BlobGrant).where(
                BlobGrant.scope == scope, BlobGrant.sha.in_(shas[part : part + 500])
            )
        )
    have = {g.sha for g in grants}
    new = [BlobGrant(sha=sha, scope=scope) for sha in dict.fromkeys(shas) if sha not in have]
    session.add_all(new)
    session.flush()
    return grants + new


def _add_photo(
    session: Any, owner_type: str, owner_id: str, photo: Photo, shas: tuple[str, str]
) -> None:
    full, thumb, width, height = photo
    full_sha, thumb_sha = shas
    media = MediaData(
        ot=owner_type,
        oi=owner_id,
        sha=full_sha,
        sz=len(full),
        mt="image/png",
        th=thumb_sha,
        tz=len(thumb),
        w=width,
        h=height,
        tb=base64.b64encode(thumb).decode() if len(thumb) <= INLINE_THUMB_MAX else None,
    )
    operator.publish_media(session, owner_type, owner_id, media)
