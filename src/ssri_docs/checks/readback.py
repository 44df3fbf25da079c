"""Read a built file back into reading-order text, one reader per format.

Which module reads each format back, how its main file is named and how its text names
a reference's site are declared once, in ``formats.py``; the reader modules are
imported only when used, so checking HTML never needs the PDF libraries.
"""

from __future__ import annotations

from pathlib import Path

from ..formats import FORMATS

# format -> (reader module, how the main file is named from the slug, address style)
READERS: dict[str, tuple[str, str, str]] = {
    name: (fmt.reader, fmt.main.name("{slug}"), fmt.address_style) for name, fmt in FORMATS.items()
}


def output_path(out_dir: Path, slug: str, fmt: str) -> Path:
    return out_dir / slug / FORMATS[fmt].main.name(slug)


def address_style(fmt: str) -> str:
    return FORMATS[fmt].address_style


def read_text(fmt: str, path: Path) -> str:
    """The reading-order text of a built file of format ``fmt``."""
    return FORMATS[fmt].read_text(path)
