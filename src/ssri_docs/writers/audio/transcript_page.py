"""The transcript page (``formats.TRANSCRIPT_PAGE``): ``<slug>-transcript.html``.

What the recording says, to read: one heading per chapter of the recording and one
paragraph per block the narration read, without timestamps (those are in the captions
file, for players). It is made from the recording's own timeline, so it says exactly
what the MP3 says, in the large-print page's style (``templates/html/large-print.css``)
with its language, title, landmarks and skip link.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from ... import templating, wording
from ...formats import HTML_PAGE, MP3_RECORDING
from ...model import Article
from ...products import ArticleProducts, Recording


class TranscriptChapter(NamedTuple):
    """One chapter of the recording: its title and what it says, block by block."""

    title: str
    paragraphs: tuple[str, ...]


def transcript_chapters(recording: Recording) -> list[TranscriptChapter]:
    """The recording's chapters in order, each utterance joined with the others read
    from the same block (its ``source``) into one paragraph. A chapter's spoken heading
    is its heading here, so it is not repeated below it."""
    chapters = []
    for number, mark in enumerate(recording.chapters):
        entries = [entry for entry in recording.timeline if entry.chapter == number]
        if entries and entries[0].text.strip() == mark.title.strip():
            entries = entries[1:]
        paragraphs: list[list[str]] = []
        previous: tuple | None = None
        for entry in entries:
            if paragraphs and entry.source == previous:
                paragraphs[-1].append(entry.text)
            else:
                paragraphs.append([entry.text])
            previous = entry.source
        chapters.append(TranscriptChapter(mark.title, tuple(" ".join(p) for p in paragraphs)))
    return chapters


def render_transcript_page(article: Article, products: ArticleProducts) -> bytes:
    """The transcript page's bytes (UTF-8), from the article's recording."""
    page = HTML_PAGE.name(article.slug)
    env = _environment()
    text = env.get_template("html/transcript.html.j2").render(
        article=article,
        site=article.site,
        wording=wording,
        css=Markup(templating.template_source(env, "html/large-print.css")),
        chapters=transcript_chapters(products.recording),
        recording=MP3_RECORDING.name(article.slug),
        # The large-print page, when it is built in this run or published beside.
        page=page if "html" in products.formats or (products.output_dir / page).is_file() else None,
    )
    return templating.finish_page(text)


@functools.cache
def _environment() -> jinja2.Environment:
    return templating.environment(trim_blocks=True, filters={"domain": wording.domain})
