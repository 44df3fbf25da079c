"""Read a built file back into reading-order text, one reader per format.

Each reader is its format's package's ``read_text`` (``checks/<format>/text.py``) and
is imported only when used, so checking HTML never needs the PDF libraries.
"""

from __future__ import annotations

import importlib
from pathlib import Path

# format -> (package in this package, how the output file is named from the slug,
#            how references' addresses appear: "url" in text, "domain" when spoken)
READERS: dict[str, tuple[str, str, str]] = {
    "html": ("html", "{slug}-large-print.html", "url"),
    "pdf": ("pdf", "{slug}.pdf", "url"),
    "epub": ("epub", "{slug}.epub", "url"),
    "audio": ("audio", "{slug}.mp3", "domain"),
}


def output_path(out_dir: Path, slug: str, fmt: str) -> Path:
    return out_dir / slug / READERS[fmt][1].format(slug=slug)


def address_style(fmt: str) -> str:
    return READERS[fmt][2]


def read_text(fmt: str, path: Path) -> str:
    """The reading-order text of a built file of format ``fmt``."""
    module = importlib.import_module(f"{__package__}.{READERS[fmt][0]}")
    return module.read_text(path)
