"""The recording's cover picture (ID3 APIC): the title and the publisher, drawn locally.

A phone's player shows the cover where a listener looks for the recording; without one
it is a grey square. The picture is made here with Pillow, never fetched: large bold
white text on a dark blue square (contrast 14:1), the title filling as much of it as
fits, so it stays readable at thumbnail size (the title's letters are at least 1/15 of
the side). The PNG has no text chunks or timestamps: the same title and publisher give
the same bytes (for one Pillow and zlib).
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIDE = 600  # pixels: players scale it down; 600 is common for podcast art
MARGIN = 40
BACKGROUND = (16, 42, 84)  # dark blue
TEXT = (255, 255, 255)
ACCENT = (255, 214, 10)  # a yellow rule between title and publisher
TITLE_SIZES = (110, 96, 84, 72, 64, 56, 48, 40)  # tried largest first
PUBLISHER_SIZE = 44
MAX_TITLE_LINES = 5
# Liberation Sans Bold (Debian's fonts-liberation2, installed by `make output`);
# Pillow's own font when it is missing, so a cover is always made.
BOLD_FONTS = (Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),)


def cover_png(title: str, publisher: str) -> bytes:
    """A ``SIDE`` x ``SIDE`` PNG with ``title`` (wrapped, as large as fits) and
    ``publisher`` (at the foot). Deterministic: no metadata chunks."""
    image = Image.new("RGB", (SIDE, SIDE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIDE - 2 * MARGIN
    publisher_font = _font(PUBLISHER_SIZE)
    foot = SIDE - MARGIN - PUBLISHER_SIZE
    lines, font, size = _fit_title(draw, title, width, foot - MARGIN - 30)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TEXT)
        y += round(size * 1.15)
    draw.rectangle((MARGIN, foot - 24, MARGIN + 120, foot - 16), fill=ACCENT)
    draw.text(
        (MARGIN, foot),
        _shorten(draw, publisher, publisher_font, width),
        font=publisher_font,
        fill=TEXT,
    )
    buffer = io.BytesIO()
    # zlib level 6: 0.03 s less than 9 on every build with audio, for 6 % more bytes
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def _fit_title(draw: ImageDraw.ImageDraw, title: str, width: int, height: int):
    """The title's lines, font and size: the largest size whose lines fit the box."""
    for size in TITLE_SIZES:
        font = _font(size)
        for columns in range(40, 3, -1):
            lines = textwrap.wrap(title, columns, break_long_words=True)
            if all(draw.textlength(line, font=font) <= width for line in lines):
                break
        fits = len(lines) <= MAX_TITLE_LINES and len(lines) * size * 1.15 <= height
        if fits and all(draw.textlength(line, font=font) <= width for line in lines):
            return lines, font, size
    size = TITLE_SIZES[-1]
    font = _font(size)
    lines = textwrap.wrap(title, 22)[:MAX_TITLE_LINES]
    return [_shorten(draw, line, font, width) for line in lines], font, size


def _shorten(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """``text``, cut with an ellipsis if it is wider than ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _font(size: int):
    for path in BOLD_FONTS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)
