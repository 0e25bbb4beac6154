"""Feed page signatures: what the server signs, the client verifies; any change is caught."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.sync.digest import received_row_digest
from app.sync.feedsig import key_id, page_statement, verify_page
from app.sync.protocol import Row
from server import feed
from server.feedsig import page_signature
from server.seed import Generator
from server.signing import PublisherKey


def _rows(n: int) -> list[str]:
    out = []
    for k in range(1, n + 1):
        data = feed.compact_json(dict(Generator(random.Random(k)).bulletin(k)))
        out.append(feed.row_json(k, 2, "b", f"id-{k}", 1_700_000_000 + k, False, data))
    out.append(feed.row_json(n + 1, 0, "b", "id-1", 1_700_000_100, True, '{"why":"x"}'))
    return out


def _client_statement(rows: list[str], **kw: object) -> bytes:
    parsed = [Row.model_validate(json.loads(r)) for r in rows]
    digests = [received_row_digest(r.t, r.i, r.s, r.l, r.a, bool(r.x), r.d, r.z) for r in parsed]
    args: dict[str, object] = {
        "after": "0.0.0.0",
        "lanes": [0, 1, 2, 3],
        "next_cursor": "11.0.10.0",
        "head": 11,
        "has_more": False,
        "integrity": [(0, 1, "00000000000000aa"), (2, 10, "00000000000000bb")],
    }
    args.update(kw)
    return page_statement(row_digests=digests, **args)  # type: ignore[arg-type]


def test_a_signed_page_verifies_and_every_alteration_is_refused(tmp_path: Path) -> None:
    key = PublisherKey.load_or_create(tmp_path / "k")
    pub = key.public_key_b64()
    rows = _rows(10)
    sig = page_signature(
        key,
        after=(0, 0, 0, 0),
        lanes=[0, 1, 2, 3],
        rows=rows,
        next_cursor="11.0.10.0",
        head=11,
        has_more=False,
        integrity=[(0, 1, "00000000000000aa"), (2, 10, "00000000000000bb")],
    )
    assert verify_page(pub, _client_statement(rows), sig) is None
    # ~110 bytes per page, whatever it holds.
    assert len(json.dumps({"sig": sig})) < 140

    altered = json.loads(rows[3])
    altered["d"]["ti"] = "forged title"
    cases = {
        "content": [*rows[:3], json.dumps(altered), *rows[4:]],
        "dropped cancellation": rows[:-1],
        "phantom": [*rows, feed.row_json(99, 2, "b", "ghost", 1, False, "{}")],
        "reordered": [rows[1], rows[0], *rows[2:]],
    }
    for name, changed in cases.items():
        assert verify_page(pub, _client_statement(changed), sig) == "bad_signature", name
    for field, value in (("next_cursor", "99.0.99.0"), ("head", 99), ("has_more", True)):
        stmt = _client_statement(rows, **{field: value})
        assert verify_page(pub, stmt, sig) == "bad_signature", field
    forged = _client_statement(rows, integrity=[(2, 10, "00000000000000cc")])
    assert verify_page(pub, forged, sig) == "bad_signature"
    assert verify_page(pub, _client_statement(rows), None) == "unsigned"
    other = PublisherKey.load_or_create(tmp_path / "other")
    assert verify_page(other.public_key_b64(), _client_statement(rows), sig) == "other_key"
    assert sig["k"] == key_id(pub)
