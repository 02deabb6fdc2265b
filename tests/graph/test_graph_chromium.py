"""Headless Chromium renders the seed's HTML page to a PNG that really shows a graph."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from asl_lsp.graph.render import render_graph

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "hello_branching.asl.json"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is required under CI=true (Debian package 'chromium')")
    pytest.skip("chromium is not installed")


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB(A) pixels of an 8-bit non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = colour = depth = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert body[12] == 0, "interlaced PNG"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    pixels = [tuple(row[i : i + 3]) for row in rows[::3] for i in range(0, stride, bpp * 3)]
    return width, height, pixels


def test_seed_html_screenshot_is_a_real_picture(tmp_path: Path) -> None:
    chromium = _chromium()
    definition = json.loads(SEED.read_text(encoding="utf-8"))
    page = render_graph(definition, title="Hello World branching workflow").save(
        tmp_path / "seed.html"
    )
    png = tmp_path / "seed.png"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            "--window-size=1200,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert png.is_file(), done.stderr.decode("utf-8", "replace")[-2000:]
    width, height, pixels = decode_png(png.read_bytes())
    assert (width, height) == (1200, 900)
    non_white = [p for p in pixels if p != (255, 255, 255)]
    assert len(non_white) > len(pixels) * 0.03, "the page is (nearly) blank"
    colours = set(pixels)
    assert len(colours) > 50

    # The state-type palette is on screen: Task blue fill, Choice orange stroke, Fail fill.
    def near(target: tuple[int, int, int]) -> bool:
        return any(sum(abs(a - b) for a, b in zip(p, target, strict=False)) < 12 for p in colours)

    assert near((0xE3, 0xF0, 0xF9)) and near((0xFD, 0xF1, 0xD6)) and near((0xFB, 0xE6, 0xD9))
