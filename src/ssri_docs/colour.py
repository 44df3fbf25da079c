"""WCAG 2 colour contrast: relative luminance and contrast ratio of sRGB colours.

Used where a colour is judged: ``site.yaml``'s brand colour (refused below 4.5:1 on
white, used for text only from 7:1) and the browser check of the large-print page.
Formulas from WCAG 2.2, "relative luminance" and "contrast ratio".
"""

from __future__ import annotations

from collections.abc import Sequence

WHITE = (255, 255, 255)


def relative_luminance(colour: Sequence[float]) -> float:
    """Relative luminance (0 black to 1 white) of an sRGB colour with 0-255 channels."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: Sequence[float], second: Sequence[float]) -> float:
    """WCAG 2 contrast ratio (1 to 21) of two sRGB colours (0-255 channels)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def hex_channels(hex_colour: str) -> tuple[int, int, int]:
    """The 0-255 channels of "#rrggbb" or "#rgb"; ValueError for anything else."""
    digits = hex_colour.removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6 or not hex_colour.startswith("#"):
        raise ValueError(hex_colour)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue
