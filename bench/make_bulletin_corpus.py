"""Write a realistic corpus of bulletins as JSON lines in the wire schema.

Each line is one bulletin: its id (``id``) and the fields of the feed's ``d`` object
(docs/protocol.md section 3.1), with the extensions of protocol version 2 (``tm`` time of
day, ``cs`` several nationalities per person, ``th`` thumbnail reference). Sizes are those
of real notices: remarks and charges of a few sentences, two to six spellings and aliases
per person, vehicles and documents, a thumbnail reference (SHA-256) on most bulletins:
about 900 bytes of compact JSON per bulletin on average.

Names come from the independent name list ``tests/data/name_frequencies.csv`` (published
frequency tables with their Latin passport spellings); spellings, aliases and texts are
written here. Nothing is taken from the project's own generators (``server/seed.py``) or
transliteration code, so the corpus does not flatter the project's compression.

Usage: ``python bench/make_bulletin_corpus.py --bulletins 10000 --out corpus.jsonl``
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NAMES = REPO / "tests" / "data" / "name_frequencies.csv"

NATIONS = {  # alpha-3 of the name list -> alpha-2 of the wire, with the main language
    "RUS": ("RU", "ru"),
    "KAZ": ("KZ", "kk"),
    "KGZ": ("KG", "ky"),
    "UZB": ("UZ", "uz"),
    "TJK": ("TJ", "tg"),
    "TKM": ("TM", "tk"),
}
ISSUERS = {
    "RU": "NCB Moscow",
    "KZ": "NCB Astana",
    "KG": "NCB Bishkek",
    "UZ": "NCB Tashkent",
    "TJ": "NCB Dushanbe",
    "TM": "NCB Ashgabat",
}
KINDS = [
    ("red", 30),
    ("yellow", 15),
    ("blue", 12),
    ("black", 3),
    ("green", 5),
    ("orange", 2),
    ("purple", 2),
    ("un_special", 1),
    ("stolen_vehicle", 15),
    ("stolen_document", 10),
    ("national_alert", 3),
    ("regional_alert", 2),
]
HANDLING = ["unrestricted", "law_enforcement", "law_enforcement", "restricted", "no_further"]
CHARGES = [
    "Murder (art. 105 CC RF)",
    "Armed robbery (art. 162 part 4)",
    "Fraud on an especially large scale (art. 159 part 4)",
    "Drug trafficking, large quantity (art. 228.1 part 4)",
    "Participation in an organised criminal group (art. 210)",
    "Smuggling of firearms and ammunition (art. 226.1)",
    "Trafficking in human beings (art. 127.1)",
    "Theft of a motor vehicle (art. 166 part 2)",
    "Forgery of identity documents (art. 327)",
    "Money laundering (art. 174.1 part 4)",
    "Grievous bodily harm (art. 111 part 2)",
    "Kidnapping (art. 126 part 2)",
    "Illegal border crossing (art. 322)",
    "Extortion by a group (art. 163 part 2)",
]
REMARKS = [
    "May be armed and dangerous; do not approach without backup.",
    "Known to use forged passports of several countries.",
    "Last seen at the bus station heading towards the border crossing point.",
    "Has relatives in the district; may seek shelter with them.",
    "Speaks Russian, Uzbek and some Turkish.",
    "Scar above the left eyebrow, tattoo of an eagle on the right forearm.",
    "Height about 178 cm, slim build, dark hair, brown eyes.",
    "Travels by minibus and shared taxis; avoids airports.",
    "Possibly works on construction sites under a false name.",
    "Uses mobile numbers registered to third persons.",
    "Suffers from diabetes and needs regular medication.",
    "Left home after a family quarrel; has no money or documents with her.",
    "Vehicle may carry false plates; check the VIN on the chassis.",
    "Document was reported stolen together with a bank card and a driving licence.",
    "Extradition will be requested; inform the NCB immediately on location.",
    "Wears glasses; walks with a slight limp.",
    "Was employed as a long-distance lorry driver on the Almaty-Moscow route.",
    "Associates include members of a car-theft network operating across three regions.",
    "Случай связан с серией краж автомобилей в приграничных районах.",
    "Разыскивается по подозрению в мошенничестве; может представляться врачом.",
    "При задержании немедленно сообщить дежурному НЦБ.",
]
PLACES = [
    "Tashkent",
    "Samarkand",
    "Osh",
    "Bishkek",
    "Almaty",
    "Shymkent",
    "Dushanbe",
    "Khujand",
    "Ashgabat",
    "Mary",
    "Novosibirsk",
    "Omsk",
    "Orenburg",
    "Astrakhan",
]
MAKES = [
    ("Toyota", "Camry"),
    ("Lada", "Vesta"),
    ("Lada", "Granta"),
    ("Chevrolet", "Cobalt"),
    ("Hyundai", "Solaris"),
    ("Kia", "Rio"),
    ("Mercedes-Benz", "Sprinter"),
    ("Daewoo", "Nexia"),
]
COLOURS = ["white", "black", "silver", "grey", "red", "blue", "dark green"]
DOC_TYPES = ["passport", "id_card", "driving_licence", "vehicle_registration"]
TITLES = {
    "red": "Wanted for prosecution: {name}",
    "yellow": "Missing person: {name}",
    "blue": "Locate and report: {name}",
    "black": "Unidentified body found near {place}",
    "green": "Warning: {name}, repeat offender",
    "orange": "Threat notice: {place}",
    "purple": "Modus operandi: {place}",
    "un_special": "UN Security Council sanctions: {name}",
    "stolen_vehicle": "Stolen vehicle {plate}",
    "stolen_document": "Stolen document {number}",
    "national_alert": "National alert: {name}",
    "regional_alert": "Regional alert: {place}",
}
HEX = "0123456789abcdef"


class NameList:
    """Surnames and given names per nationality, in Cyrillic and Latin."""

    def __init__(self, path: Path) -> None:
        """Read the name list."""
        self.names: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = (row["nat"], row["kind"])
                self.names[key].append(
                    (row["cyrillic"], row["latin"], row["patronymic_m"], row["patronymic_f"])
                )

    def pick(self, rng: random.Random, nat: str, kind: str) -> tuple[str, str, str, str]:
        """A name weighted towards the frequent ones (the list is ranked)."""
        pool = self.names[(nat, kind)]
        return pool[min(int(rng.expovariate(1 / (len(pool) / 3))), len(pool) - 1)]


def _feminine(surname: str, latin: str, sex: str) -> tuple[str, str]:
    if sex != "F":
        return surname, latin
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а", latin + "A"
    return surname, latin


def _variants(latin: str, rng: random.Random) -> list[str]:
    """Other Latin spellings met in documents and the press."""
    out = {latin.title()}
    swaps = [("KH", "H"), ("ZH", "J"), ("YU", "IU"), ("YA", "IA"), ("V", "W"), ("OV", "OFF")]
    for old, new in rng.sample(swaps, 3):
        if old in latin:
            out.add(latin.replace(old, new).title())
    return sorted(out)


def person(rng: random.Random, names: NameList, nat: str, role: str | None) -> dict[str, Any]:
    """One person with several spellings of the name and aliases."""
    cc, lang = NATIONS[nat]
    sex = "F" if rng.random() < 0.3 else "M"
    given = names.pick(rng, nat, "given_f" if sex == "F" else "given_m")
    father = names.pick(rng, nat, "given_m")
    sur_c, sur_l = _feminine(*names.pick(rng, nat, "surname")[:2], sex)
    patr = father[3 if sex == "F" else 2] or ""
    spellings: list[dict[str, Any]] = [
        {
            "f": " ".join(x for x in (sur_c, given[0], patr) if x),
            "s": sur_c,
            "g": given[0],
            **({"p": patr} if patr else {}),
            "sc": "Cyrl",
            "la": "ru",
            "ty": "primary",
        },
        {
            "f": f"{sur_l} {given[1]}",
            "s": sur_l,
            "g": given[1],
            "sc": "Latn",
            "ty": "passport",
        },
    ]
    for variant in _variants(sur_l, rng)[: rng.randint(1, 3)]:
        spellings.append(
            {"f": f"{given[1].title()} {variant}", "s": variant, "sc": "Latn", "ty": "translit"}
        )
    for _ in range(rng.choice((0, 1, 1, 2))):
        alias = names.pick(rng, nat, "surname")
        spellings.append(
            {"f": f"{alias[0]} {names.pick(rng, nat, 'given_m')[0]}", "sc": "Cyrl", "ty": "alias"}
        )
    if lang != "ru" and rng.random() < 0.5:
        spellings.append({"f": f"{given[1].title()} {sur_l.title()}", "sc": "Latn", "la": lang})
    year = rng.randint(1950, 2006)
    month = 0 if rng.random() < 0.1 else rng.randint(1, 12)
    day = 0 if month == 0 or rng.random() < 0.1 else rng.randint(1, 28)
    out: dict[str, Any] = {"n": spellings, "sx": sex, "b": [year, month, day], "c": cc}
    if rng.random() < 0.2:
        out["cs"] = [cc, rng.choice([c for c, _ in NATIONS.values() if c != cc])]
    out["pb"] = rng.choice(PLACES)
    if rng.random() < 0.6:
        out["de"] = " ".join(rng.sample(REMARKS[4:8], 2))
    if role:
        out["r"] = role
    return out


def _plate(rng: random.Random) -> str:
    letters = "ABEKMHOPCTYX"
    return (
        f"{rng.choice(letters)}{rng.randint(100, 999)}"
        f"{rng.choice(letters)}{rng.choice(letters)} {rng.randint(1, 199):02d}"
    )


def _vin(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))


def bulletin(rng: random.Random, names: NameList) -> dict[str, Any]:
    """One bulletin of a kind drawn with realistic shares."""
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    nat = rng.choice(list(NATIONS))
    cc = NATIONS[nat][0]
    year = rng.randint(2015, 2026)
    data: dict[str, Any] = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "k": kind,
        "rf": f"{year}/{rng.randint(1000, 99999)}",
        "hc": rng.choice(HANDLING),
        "is": ISSUERS[cc],
        "ic": cc,
        "dt": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "tm": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
    }
    if rng.random() < 0.05:
        data["u"] = 1
    people: list[dict[str, Any]] = []
    if kind not in ("stolen_vehicle", "stolen_document", "purple", "orange"):
        count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        people = [person(rng, names, nat, None) for _ in range(count)]
        if kind == "black":
            people = [{"sx": rng.choice("MF"), "de": rng.choice(REMARKS[4:7])}]
    if people:
        data["p"] = people
    if kind == "stolen_vehicle" or rng.random() < 0.15:
        make, model = rng.choice(MAKES)
        data["v"] = [
            {
                "pl": _plate(rng),
                "pc": cc,
                "vin": _vin(rng),
                "mk": make,
                "md": model,
                "co": rng.choice(COLOURS),
                "y": rng.randint(2000, 2025),
            }
        ]
    if kind == "stolen_document" or rng.random() < 0.2:
        holder = people[0]["n"][1]["f"] if people and "n" in people[0] else None
        doc: dict[str, Any] = {
            "ty": rng.choice(DOC_TYPES),
            "no": f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100000, 999999)}",
            "cc": cc,
        }
        if holder:
            doc["hn"] = holder
        data["doc"] = [doc]
    name = people[0]["n"][1]["f"] if people and "n" in people[0] else "unknown"
    data["ti"] = TITLES[kind].format(
        name=name,
        place=rng.choice(PLACES),
        plate=data.get("v", [{}])[0].get("pl", ""),
        number=data.get("doc", [{}])[0].get("no", ""),
    )
    data["de"] = " ".join(rng.sample(REMARKS, rng.randint(1, 3)))
    if kind in ("red", "blue", "green", "national_alert", "un_special"):
        data["ch"] = "; ".join(rng.sample(CHARGES, rng.randint(1, 3)))
    if rng.random() < 0.85:
        data["th"] = hashlib.sha256(rng.getrandbits(256).to_bytes(32, "big")).hexdigest()
    return data


def write_corpus(path: Path, count: int, seed: int = 13) -> dict[str, float]:
    """Write ``count`` bulletins to ``path``; return its size figures."""
    rng = random.Random(seed)
    names = NameList(NAMES)
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(count):
            line = json.dumps(bulletin(rng, names), ensure_ascii=False, separators=(",", ":"))
            fh.write(line + "\n")
            total += len(line.encode("utf-8")) + 1
    return {"bulletins": count, "bytes": total, "bytes_per_bulletin": round(total / count, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(write_corpus(args.out, args.bulletins, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
