#!/usr/bin/env python3
"""Draws the app icons (public/icons/*.png) with the standard library only.

The mark is a cream ring, open on the right like a "C", with a dot: Commons. `icon-*` have
rounded corners on a transparent ground; `maskable-*` fill the square and keep the mark inside
the central safe zone (80 %), as maskable icons must.
"""
import math
import pathlib
import struct
import zlib

TEAL = (15, 94, 86)
CREAM = (246, 244, 239)
AMBER = (232, 163, 61)
OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "icons"


def png(path, size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x, y))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def shade(u, v, maskable):
    """Colour at (u, v) in [0, 1)^2, or None for transparent."""
    if not maskable:
        r = 0.18  # corner radius
        cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
        if math.hypot(u - cx, v - cy) > r:
            return None
    scale = 0.62 if maskable else 0.78
    x, y = (u - 0.5) / scale, (v - 0.5) / scale
    dist, angle = math.hypot(x, y), math.degrees(math.atan2(y, x))
    if 0.24 <= dist <= 0.40 and not (-40 < angle < 40):
        return CREAM
    if math.hypot(x - 0.30, y) <= 0.09:
        return AMBER
    return TEAL


def draw(name, size, maskable, samples=4):
    def pixel(px, py):
        acc = [0, 0, 0, 0]
        for sy in range(samples):
            for sx in range(samples):
                colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, maskable)
                if colour is not None:
                    for i in range(3):
                        acc[i] += colour[i]
                    acc[3] += 255
        n = samples * samples
        alpha = acc[3] / n
        if alpha == 0:
            return (0, 0, 0, 0)
        covered = acc[3] / 255
        return tuple(round(acc[i] / covered) for i in range(3)) + (round(alpha),)

    png(OUT / name, size, pixel)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(f"icon-{size}.png", size, maskable=False)
        draw(f"maskable-{size}.png", size, maskable=True)
