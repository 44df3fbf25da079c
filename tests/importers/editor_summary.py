"""The seed source as committed = a fresh import + the summary the editor wrote.

WordPress's excerpt of the seed page is the automatic one, so the importer leaves
``summary:`` empty; the committed source/how-ssri-work.md holds the editor's summary.
"""

from __future__ import annotations

import re

from conftest import SEED_ARTICLE


def editors_summary() -> str:
    """The committed seed's ``summary:`` lines (key to the next top-level key)."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    return re.search(r"^summary:.*?\n(?=\S)", text, re.MULTILINE | re.DOTALL)[0]


def with_editors_summary(imported: str) -> str:
    """``imported`` (a fresh import of the seed) with the editor's summary filled in."""
    assert "\nsummary:\n" in imported, "the import should leave the summary to the editor"
    return imported.replace("\nsummary:\n", "\n" + editors_summary(), 1)
