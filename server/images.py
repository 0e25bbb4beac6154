"""Small generated PNG images (no imaging library): stand-ins for photos and thumbnails."""

from __future__ import annotations

import random
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """Encode 8-bit RGB ``rows`` (each ``width * 3`` bytes) as a PNG file."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


_GRAIN = bytes(range(32)) * 8  # maps a random byte to 0..31


def portrait(rng: random.Random, width: int, height: int) -> bytes:
    """A grainy portrait-like image: background, an oval 'face', noise like a photo."""
    bg = bytes(rng.randrange(64, 200) & 0xE0 for _ in range(3))
    skin = bytes(c & 0xE0 for c in (rng.randrange(160, 224), rng.randrange(110, 180), 96))
    cx, cy = width / 2, height * 0.45
    rx, ry = width * 0.28, height * 0.32
    rows = []
    for y in range(height):
        dy = ((y - cy) / ry) ** 2
        half = int(rx * (1 - dy) ** 0.5) if dy < 1 else -1
        # The face's pixels are the columns left <= x < right (none when right <= left).
        left = min(max(int(cx) - half, 0), width)
        right = min(max(int(cx) + half, left), width)
        base = bg * left + skin * (right - left) + bg * (width - right)
        grain = rng.randbytes(width * 3).translate(_GRAIN)
        mixed = int.from_bytes(base, "big") | int.from_bytes(grain, "big")
        rows.append(mixed.to_bytes(width * 3, "big"))
    return png(width, height, rows)


def photo_and_thumbnail(rng: random.Random) -> tuple[bytes, bytes, int, int]:
    """A full-size photo (about 30 KB) and its thumbnail (about 2 KB), plus its size."""
    seed = rng.random()
    width, height = 96, 128
    full = portrait(random.Random(seed), width, height)
    thumb = portrait(random.Random(seed), 24, 32)
    return full, thumb, width, height
