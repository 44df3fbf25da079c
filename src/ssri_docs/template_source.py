"""Write a new source file from the commented template (``ssri-docs new SLUG``).

Editors start from a file that explains every detail in plain words and marks what
to write with "FILL IN" (``lint`` names each one still left), so nobody has to copy
another article and forget to change its dates.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from string import Template

from .errors import UserError
from .source import SLUG_PATTERN


def new_source(slug: str, source_dir: Path) -> Path:
    """Write ``source_dir/<slug>.md`` from the template and return its path.

    Raises UserError for a slug that is not lower-case letters, digits and single
    hyphens, or when the file exists already (it is never overwritten).
    """
    if not SLUG_PATTERN.match(slug):
        kept = "".join(c if c.isascii() and c.isalnum() else " " for c in slug.lower())
        suggestion = "-".join(kept.split())
        raise UserError(
            f"the slug {slug!r} can only use lower-case letters a-z, digits and single hyphens",
            hint=f"try '{suggestion or 'my-article'}'.",
        )
    target = source_dir / f"{slug}.md"
    if target.exists():
        raise UserError(
            "the source file already exists",
            path=target,
            hint="choose another slug, or edit the file that is there.",
        )
    template = files("ssri_docs").joinpath("templates/source/new-article.md").read_text("utf-8")
    source_dir.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:  # "x": never overwrite
        stream.write(Template(template).substitute(slug=slug))
    return target
