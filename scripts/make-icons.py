#!/usr/bin/env python3
"""Draws ClimbingPill's app icons (a white pill-shaped hold on the brand green): PNGs, and
the page's favicon as SVG.

Standard library only (zlib + struct), so it runs anywhere Python does. The icons are
committed in public/icons/; run this again only to change the design:
    python3 scripts/make-icons.py
"""
import math
import struct
import zlib
from pathlib import Path

BRAND = (0x0B, 0x5D, 0x4B)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def png(width, height, rows):
    """Encodes RGBA rows (lists of (r, g, b, a)) as a PNG file's bytes."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def coverage(inside, x, y, samples=4):
    """Fraction of pixel (x, y) covered by the shape, by supersampling (anti-aliasing)."""
    hits = 0
    for i in range(samples):
        for j in range(samples):
            if inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples):
                hits += 1
    return hits / (samples * samples)


def icon(size, maskable):
    # Maskable icons keep their content inside the central 80 % "safe zone" and fill the
    # whole square; ordinary ones are a rounded square.
    corner = 0 if maskable else size * 0.22
    scale = 0.62 if maskable else 0.78
    cx = cy = size / 2
    half_len, radius = size * scale * 0.36, size * scale * 0.17
    angle = math.radians(-35)
    ca, sa = math.cos(angle), math.sin(angle)

    def in_background(x, y):
        dx = max(corner - x, 0, x - (size - corner))
        dy = max(corner - y, 0, y - (size - corner))
        return dx * dx + dy * dy <= corner * corner

    def in_pill(x, y):
        # A capsule: points closer than `radius` to a tilted segment through the centre.
        px, py = x - cx, y - cy
        u = max(-half_len, min(half_len, px * ca + py * sa))
        return math.hypot(px - u * ca, py - u * sa) <= radius

    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            bg = coverage(in_background, x, y, 2)
            fg = coverage(in_pill, x, y, 3)
            r = round(BRAND[0] * (1 - fg) + WHITE[0] * fg)
            g = round(BRAND[1] * (1 - fg) + WHITE[1] * fg)
            b = round(BRAND[2] * (1 - fg) + WHITE[2] * fg)
            row.append((r, g, b, round(255 * bg)))
        rows.append(row)
    return png(size, size, rows)


def svg_icon():
    """The page's favicon: the same design as a 32-unit SVG (a few hundred bytes where the
    192 px PNG was 1.5 KB, fetched on every first visit)."""
    size, scale = 32, 0.78
    half_len, radius = size * scale * 0.36, size * scale * 0.17
    angle = math.radians(-35)
    dx, dy = half_len * math.cos(angle), half_len * math.sin(angle)
    c = size / 2
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<rect width="32" height="32" rx="{size * 0.22:.2f}" fill="#{BRAND[0]:02x}{BRAND[1]:02x}{BRAND[2]:02x}"/>'
            f'<path d="M{c - dx:.2f} {c - dy:.2f}L{c + dx:.2f} {c + dy:.2f}" stroke="#fff" '
            f'stroke-width="{2 * radius:.2f}" stroke-linecap="round"/></svg>\n')


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg_icon())
    print("wrote", OUT / "icon.svg")
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("maskable-512.png", 512, True), ("apple-touch-icon.png", 180, True)]:
        (OUT / name).write_bytes(icon(size, maskable))
        print("wrote", OUT / name)
