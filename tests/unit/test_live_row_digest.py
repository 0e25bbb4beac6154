"""live_row_digest (one serialisation, used by a PC serving its rows to a neighbour) gives
exactly the digest of received_row_digest, stubs included."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.digest import STUB_ROW_BYTES, live_row_digest, received_row_digest

texts = st.text(max_size=40)  # lone surrogates too: a hostile row may carry them
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts, values, max_size=6), st.integers(1, 2**40), st.integers(0, 3))
def test_same_digest_as_received_row_digest(d: dict[str, Any], s: int, lane: int) -> None:
    digest, size = live_row_digest("b", "id-1", s, lane, 1_700_000_000, d)
    assert digest == received_row_digest("b", "id-1", s, lane, 1_700_000_000, False, d, None)
    assert size > 0


def test_rows_around_the_stub_size_agree() -> None:
    # Cyrillic is 2 bytes in UTF-8 and 6 characters escaped: the two forms' lengths
    # differ most around the stub threshold.
    for chars in (
        STUB_ROW_BYTES // 4 - 100,
        STUB_ROW_BYTES // 4 + 100,
        STUB_ROW_BYTES // 2 + 10,
        STUB_ROW_BYTES + 10,
    ):
        for letter in ("x", "ж", "😀"):
            d = {"k": "red", "de": letter * chars}
            digest, _ = live_row_digest("b", "id-1", 5, 2, 1_700_000_000, d)
            assert digest == received_row_digest("b", "id-1", 5, 2, 1_700_000_000, False, d, None)
