"""The encrypted attachment store: round trips, resumption, and tampering detected."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from app.store.blobs import CHUNK, BlobCorrupt, BlobStore, sha256_hex

KEY = bytes(range(32))


def test_round_trip_and_deduplication(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    data = os.urandom(CHUNK * 2 + 1234)
    sha = store.put(data)
    assert sha == sha256_hex(data) and store.has(sha)
    assert store.read(sha) == data
    mtime = store.path(sha).stat().st_mtime_ns
    assert store.put(data) == sha and store.path(sha).stat().st_mtime_ns == mtime
    assert store.read(store.put(b"")) == b""
    other = BlobStore(tmp_path / "blobs", bytes(32))
    assert other.path(sha) != store.path(sha)  # names depend on the key


def test_interrupted_write_resumes_from_whole_chunks(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    data = os.urandom(CHUNK * 3 + 500)
    sha = sha256_hex(data)
    w = store.writer(sha)
    w.append(data[: CHUNK * 2 + 100])  # the link drops here
    assert w.complete_bytes() == CHUNK * 2
    partial = w.partial
    with partial.open("ab") as fh:  # a torn record at the end, as after a crash
        fh.write(struct.pack(">I", 9999) + b"torn")

    resumed = store.writer(sha)
    assert resumed.complete_bytes() == CHUNK * 2
    resumed.append(data[resumed.complete_bytes() :])
    resumed.finish()
    assert store.read(sha) == data and not partial.exists()


def test_wrong_content_is_refused_at_finish(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    w = store.writer(sha256_hex(b"expected"))
    w.append(b"something else")
    with pytest.raises(BlobCorrupt):
        w.finish()
    assert not w.partial.exists()


@pytest.mark.parametrize("how", ["flip", "swap", "truncate", "other_key"])
def test_tampered_blob_is_detected(tmp_path: Path, how: str) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    data = os.urandom(CHUNK * 2)
    sha = store.put(data)
    path = store.path(sha)
    raw = bytearray(path.read_bytes())
    rec = 4 + 12 + CHUNK + 16
    if how == "flip":
        raw[len(raw) // 2] ^= 0x01
    elif how == "swap":  # the two chunk records exchanged
        head, a, b = raw[:4], raw[4 : 4 + rec], raw[4 + rec : 4 + 2 * rec]
        raw = head + b + a
    elif how == "truncate":
        raw = raw[: 4 + rec]
    path.write_bytes(bytes(raw))
    reader = BlobStore(tmp_path / "blobs", bytes(32)) if how == "other_key" else store
    if how == "other_key":
        os.makedirs(reader.path(sha).parent, exist_ok=True)
        reader.path(sha).write_bytes(bytes(raw))
    with pytest.raises(BlobCorrupt) as info:
        reader.read(sha)
    assert info.value.code == "store.blob_corrupt"


def test_put_many_stores_each_content_once_in_order(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    data = [os.urandom(3000 + n) for n in range(40)]
    batch = [*data, data[0], data[5], data[5]]  # repeats in one page: one writer each
    shas = store.put_many(batch)
    assert shas == [sha256_hex(d) for d in batch]
    for sha, d in zip(shas, batch, strict=True):
        assert store.read(sha) == d
    assert not list((tmp_path / "blobs").rglob("*.part"))
    assert sum(1 for p in (tmp_path / "blobs").rglob("*") if p.is_file()) == len(data)
