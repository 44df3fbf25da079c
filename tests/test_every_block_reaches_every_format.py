"""Issue 11, "no content is ever dropped": every block of the constructs fixture
reaches every format. The blocks are counted in the model (``iter_blocks``) and each
one's text is looked for in each built file read back (HTML DOM text, PDF structure
tree, EPUB XHTML, the narration's transcript), compared as parity compares
(``parity.skeleton``: letters, digits and symbols).

Issue 10, "checks that tell the truth": parity finds the citation-style reference
title and the emoji heading in every format, and still fails when a reference title
or a date is really removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssri_docs.build import BuildRequest, build
from ssri_docs.checks import readback
from ssri_docs.checks.parity import missing, skeleton
from ssri_docs.model import (
    Definition,
    DefinitionList,
    Figure,
    Heading,
    Paragraph,
    Preformatted,
    Table,
    Verse,
    iter_blocks,
)
from ssri_docs.reporting import Reporter
from ssri_docs.writers import BuildOptions
from ssri_docs.writers.audio.inline_speech import plain

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "constructs"
FORMATS = ("html", "pdf", "epub", "audio")


def _build(source_dir: Path, out: Path, cache: Path, *formats: str):
    request = BuildRequest(
        sources=(),
        source_dir=source_dir,
        out_dir=out,
        formats=formats,
        options=BuildOptions(tts="espeak", cache_dir=cache),
    )
    (article,) = build(request, Reporter(quiet=True))
    return article


@pytest.fixture(scope="module")
def built_formats(tmp_path_factory):
    """Build the constructs article one format at a time (a writer that fails fails
    only its format's tests): fmt -> (article, output folder)."""
    folder = tmp_path_factory.mktemp("constructs")
    done: dict[str, tuple] = {}

    def _one(fmt: str):
        if fmt not in done:
            out = folder / fmt
            done[fmt] = (_build(FIXTURE, out, folder / "cache", fmt), out)
        return done[fmt]

    return _one


def expected_texts(blocks) -> list[tuple[str, str]]:
    """(what, text) for every block's own text, in reading order: headings, paragraphs
    (in list items, quotes, passages and definitions too), table captions and cells,
    verse and preformatted lines, figure captions and glossary terms."""
    found: list[tuple[str, str]] = []
    for block in iter_blocks(blocks):
        kind = type(block).__name__
        if isinstance(block, Heading | Paragraph):
            found.append((kind, plain(block.children)))
        elif isinstance(block, Table):
            found.append(("Table caption", plain(block.caption)))
            found += [("Table cell", plain(cell.children)) for row in block.rows for cell in row]
        elif isinstance(block, Verse):
            found += [("Verse line", plain(line)) for line in block.lines]
        elif isinstance(block, Preformatted):
            found += [("Preformatted line", line) for line in block.text.splitlines()]
        elif isinstance(block, Figure):
            found.append(("Figure caption", plain(block.caption)))
        elif isinstance(block, DefinitionList):
            found += [("Term", plain(item.term)) for item in block.items]
    assert all(isinstance(item, Definition) for b in blocks if isinstance(b, DefinitionList)
               for item in b.items)  # fmt: skip
    return [(what, text) for what, text in found if skeleton(text)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_block_reaches_every_format(built_formats, fmt):
    article, out = built_formats(fmt)
    expected = expected_texts(article.blocks)
    assert len(expected) > 60, "the fixture has every construct"
    text = skeleton(readback.read_text(fmt, readback.output_path(out, article.slug, fmt)))
    absent = [f"{what}: {value!r}" for what, value in expected if skeleton(value) not in text]
    found = len(expected) - len(absent)
    assert not absent, f"{fmt}: {found} of {len(expected)} blocks found; missing:\n" + "\n".join(
        absent
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_parity_finds_the_citation_title_and_the_emoji_heading(built_formats, fmt):
    article, out = built_formats(fmt)
    text = readback.read_text(fmt, readback.output_path(out, article.slug, fmt))
    assert missing(text, article, addresses=readback.address_style(fmt)) == []
    assert skeleton("Your doses 💊") in skeleton(text)


def test_a_really_removed_reference_title_and_date_still_fail(built_formats, tmp_path):
    article, _ = built_formats("pdf")
    tampered = tmp_path / "source"
    shutil.copytree(FIXTURE, tampered)
    source = tampered / "constructs.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Author A. Title of paper. Journal", "Author A. Journal")
    source.write_text(text.replace("last-reviewed: 2025-02-03", "last-reviewed: 2025-02-04"))
    _build(tampered, tmp_path / "out", tmp_path / "cache", "pdf")
    pdf = readback.output_path(tmp_path / "out", article.slug, "pdf")
    whats = [item.what for item in missing(readback.read_text("pdf", pdf), article)]
    assert "reference 1's title" in whats and "the last-reviewed date" in whats
    assert "the disclaimer" not in whats
