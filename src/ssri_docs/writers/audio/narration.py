"""The spoken script: the article, worded for the ear, in chapters of utterances.

Built from the model (never from HTML), following the UKAAF audio guidance: the
recording opens with the title, the publisher, what it contains and how long it
lasts; each heading is announced and followed by a pause; lists are read item by
item; links are read as their text, never as addresses; the disclaimer and the
references have their own announced chapters; it ends with the review dates and
where to find the other formats.

Every utterance keeps the text as written (for the transcript, the VTT cues and the
MP3's lyrics frame) and the text as spoken: the article's pronunciation lexicon is
applied here, once, so every engine says "SSRIs" the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...anchors import Place
from ...model import (
    Article,
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    sections,
)
from ...wording import (
    DISCLAIMER_HEADING,
    REFERENCES_HEADING,
    RELATED_HEADING,
    downloads_spoken,
    inline_text,
    reference_source,
    review_dates_line,
    split_sentences,
)

HEADING, SENTENCE, LIST_ITEM = "heading", "sentence", "list item"
INTRODUCTION_TITLE = "Introduction"
CLOSING_TITLE = "Review dates and other formats"

# Where an utterance came from: (section index, block index[, item index...]) for the
# body, or a place outside it first (``anchors.Place``), e.g. (Place.DISCLAIMER_TEXT,).
BlockPath = tuple[int | str, ...]


@dataclass(frozen=True)
class Utterance:
    kind: str  # HEADING, SENTENCE or LIST_ITEM
    text: str  # as written: what the transcript shows
    spoken: str  # what the engine is given (pronunciation lexicon applied)
    pause_after: float  # seconds of silence after it
    source: BlockPath


@dataclass(frozen=True)
class Chapter:
    title: str
    utterances: tuple[Utterance, ...]


class _ChapterBuilder:
    """Collects one chapter's utterances, applying the lexicon and the pauses."""

    def __init__(self, title: str, article: Article, lexicon: _Lexicon) -> None:
        self.title = title
        self.narration = article.site.narration
        self.lexicon = lexicon
        self.utterances: list[Utterance] = []

    def heading(self, text: str, source: BlockPath) -> None:
        self._add(HEADING, text, self.narration.heading_pause, source)

    def sentences(self, text: str, source: BlockPath, kind: str = SENTENCE) -> None:
        """A block of running text: a short pause between sentences, a longer one after."""
        parts = split_sentences(text)
        for number, sentence in enumerate(parts, start=1):
            last = number == len(parts)
            pause = self.narration.paragraph_pause if last else self.narration.sentence_pause
            self._add(kind, sentence, pause, source)

    def _add(self, kind: str, text: str, pause: float, source: BlockPath) -> None:
        text = " ".join(text.split())
        if any(character.isalnum() for character in text):  # "* * *" has nothing to say
            self.utterances.append(Utterance(kind, text, self.lexicon(text), pause, source))

    def build(self) -> Chapter:
        utterances = list(self.utterances)
        if utterances:  # a clear break before the next chapter's heading
            last = utterances[-1]
            pause = max(last.pause_after, self.narration.heading_pause)
            utterances[-1] = Utterance(last.kind, last.text, last.spoken, pause, last.source)
        return Chapter(self.title, tuple(utterances))


class _Lexicon:
    """Replaces whole words by how they should be said; longer terms win ("SSRIs" over "SSRI")."""

    def __init__(self, pronunciation: tuple[tuple[str, str], ...]) -> None:
        self.sayings = dict(pronunciation)
        terms = sorted(self.sayings, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
            if terms
            else None
        )

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda match: self.sayings[match.group(0)], text)


def apply_lexicon(text: str, pronunciation: tuple[tuple[str, str], ...]) -> str:
    """``text`` with every term of the article's pronunciation lexicon replaced."""
    return _Lexicon(pronunciation)(text)


def estimate_seconds(chapters: tuple[Chapter, ...], words_per_minute: int) -> float:
    """How long the script takes to say, from its word count and pauses."""
    words = sum(len(u.spoken.split()) for chapter in chapters for u in chapter.utterances)
    pauses = sum(u.pause_after for chapter in chapters for u in chapter.utterances)
    return words * 60 / words_per_minute + pauses


def spoken_minutes(seconds: float) -> int:
    """The whole number of minutes said in the opening (at least 1)."""
    return max(1, round(seconds / 60))


def narration_script(article: Article, minutes: int | None = None) -> tuple[Chapter, ...]:
    """The chapters to narrate. ``minutes`` is the recording's length for the opening
    (when None, it is estimated from the words per minute)."""
    lexicon = _Lexicon(article.pronunciation)
    parts = sections(article)
    body: list[Chapter] = []
    untitled: list[tuple[int, Block]] = []
    for section_index, section in enumerate(parts):
        if section.heading is None:
            untitled.extend(enumerate(section.blocks))
            continue
        chapter = _ChapterBuilder(inline_text(section.heading.children), article, lexicon)
        chapter.heading(chapter.title, (section_index,))
        for block_index, block in enumerate(section.blocks):
            _read_block(chapter, block, (section_index, block_index))
        body.append(chapter.build())
    closing = (_disclaimer(article, lexicon), _references(article, lexicon))
    closing += (_closing(article, lexicon),)

    def opening(length: int) -> Chapter:
        chapter = _opening(article, lexicon, [c.title for c in body], length)
        builder = _ChapterBuilder(chapter.title, article, lexicon)
        builder.utterances = list(chapter.utterances)
        untitled_index = 0 if parts and parts[0].heading is None else None
        for block_index, block in untitled:
            _read_block(builder, block, (untitled_index, block_index))
        return builder.build()

    if minutes is None:
        guess = opening(1)
        seconds = estimate_seconds(
            (guess, *body, *closing), article.site.narration.words_per_minute
        )
        minutes = spoken_minutes(seconds)
    return (opening(minutes), *body, *closing)


def _opening(article: Article, lexicon: _Lexicon, titles: list[str], minutes: int) -> Chapter:
    chapter = _ChapterBuilder(INTRODUCTION_TITLE, article, lexicon)
    chapter.heading(article.title, (Place.TITLE_HEADING,))
    chapter.sentences(f"From {article.site.publisher}.", (Place.SPOKEN_PUBLISHER,))
    contents = [
        "an introduction",
        *(f"“{title.rstrip('.?!…')}”" for title in titles),
        "the disclaimer",
        "the references",
        "the review dates and where to find other formats",
    ]
    listed = "; ".join(contents[:-1]) + "; and " + contents[-1]
    unit = "minute" if minutes == 1 else "minutes"
    chapter.sentences(
        f"This recording has {len(contents)} parts: {listed}. It lasts about {minutes} {unit}.",
        (Place.SPOKEN_CONTENTS,),
    )
    return chapter.build()


def _read_block(chapter: _ChapterBuilder, block: Block, path: BlockPath) -> None:
    if isinstance(block, Heading):
        chapter.heading(inline_text(block.children), path)
    elif isinstance(block, Paragraph):
        chapter.sentences(inline_text(block.children), path)
    elif isinstance(block, ListBlock):
        _read_list(chapter, block, path)
    elif isinstance(block, Quote):
        chapter.sentences("Quotation.", path)
        for index, inner in enumerate(block.blocks):
            _read_block(chapter, inner, (*path, index))
        chapter.sentences("End of quotation.", path)
    elif isinstance(block, Table):
        _read_table(chapter, block, path)
    elif isinstance(block, Figure) and block.alt.strip():  # decorative pictures are silent
        chapter.sentences(f"Picture: {_sentence(block.alt)}", path)
        if block.caption:
            chapter.sentences(_sentence(inline_text(block.caption)), path)


def _read_list(chapter: _ChapterBuilder, block: ListBlock, path: BlockPath) -> None:
    count = len(block.items)
    noun = "item" if count == 1 else "items"
    chapter.sentences(f"A list of {count} {noun}.", path)
    for item_index, item in enumerate(block.items):
        item_path = (*path, item_index)
        prefix = f"Number {block.start + item_index}: " if block.ordered else ""
        for inner_index, inner in enumerate(item.blocks):
            if isinstance(inner, Paragraph):
                text = _sentence(inline_text(inner.children))
                chapter.sentences(prefix + text, (*item_path, inner_index), kind=LIST_ITEM)
                prefix = ""
            else:
                _read_block(chapter, inner, (*item_path, inner_index))


def _read_table(chapter: _ChapterBuilder, table: Table, path: BlockPath) -> None:
    rows = len(table.body)
    caption = inline_text(table.caption).strip()
    named = f": {caption.rstrip('.')}" if caption else ""
    chapter.sentences(f"A table with {rows} {'row' if rows == 1 else 'rows'}{named}.", path)
    headers = [inline_text(cell.children).strip() for cell in (table.head[0] if table.head else ())]
    for row_index, row in enumerate(table.body):
        cells = []
        for column, cell in enumerate(row):
            value = inline_text(cell.children).strip() or "empty"
            header = headers[column] if column < len(headers) else ""
            cells.append(f"{header}: {value}" if header else value)
        chapter.sentences(_sentence("; ".join(cells)), (*path, row_index), kind=LIST_ITEM)


def _disclaimer(article: Article, lexicon: _Lexicon) -> Chapter:
    chapter = _ChapterBuilder(DISCLAIMER_HEADING, article, lexicon)
    chapter.heading(DISCLAIMER_HEADING, (Place.DISCLAIMER_HEADING,))
    chapter.sentences(article.disclaimer, (Place.DISCLAIMER_TEXT,))
    return chapter.build()


def _references(article: Article, lexicon: _Lexicon) -> Chapter:
    chapter = _ChapterBuilder(REFERENCES_HEADING, article, lexicon)
    chapter.heading(REFERENCES_HEADING, (Place.REFERENCES_HEADING,))
    count = len(article.references)
    chapter.sentences(
        f"This information draws on {count} {'source' if count == 1 else 'sources'}.",
        (Place.REFERENCES_HEADING,),
    )
    for index, reference in enumerate(article.references):
        # Read as its title and its site ("NHS Choices, at nhs.uk"), never the address.
        title = reference.title.strip().rstrip(".")
        chapter._add(
            LIST_ITEM,
            f"{title}, {reference_source(reference, spoken=True).rstrip('.')}.",
            article.site.narration.paragraph_pause,
            (Place.REFERENCES_HEADING, index),  # the list of references, item index
        )
    return chapter.build()


def _closing(article: Article, lexicon: _Lexicon) -> Chapter:
    site = article.site
    chapter = _ChapterBuilder(CLOSING_TITLE, article, lexicon)
    chapter.heading(CLOSING_TITLE, (Place.SPOKEN_CLOSING,))
    chapter.sentences(
        review_dates_line(article.last_reviewed, article.next_review), (Place.REVIEW_DATES,)
    )
    related = [link.title for link in (article.related.previous, article.related.next) if link]
    if related:
        chapter.sentences(
            f"{RELATED_HEADING}: " + " and ".join(f"“{title}”" for title in related) + ".",
            (Place.RELATED_LIST,),
        )
    chapter.sentences(site.other_formats, (Place.OTHER_FORMATS_TEXT,))
    chapter.sentences(downloads_spoken(site.downloads_url), (Place.OTHER_FORMATS_TEXT,))
    chapter.sentences(site.contact, (Place.CONTACT,))
    chapter.sentences(
        f"This is the end of “{article.title}”, from {site.publisher}.", (Place.SPOKEN_END,)
    )
    return chapter.build()


def _sentence(text: str) -> str:
    """Text that ends like a sentence, so the voice falls and pauses after it."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…:;" else text + "."


def transcript(chapters: tuple[Chapter, ...]) -> str:
    """The narration as written: headings on their own lines, blocks as paragraphs."""
    paragraphs: list[str] = []
    for chapter in chapters:
        current: list[str] = []
        current_source: BlockPath | None = None
        for utterance in chapter.utterances:
            if (
                utterance.kind == HEADING
                or utterance.source != current_source
                or (utterance.kind == LIST_ITEM)
            ):
                if current:
                    paragraphs.append(" ".join(current))
                current = []
            current.append(utterance.text)
            current_source = utterance.source
            if utterance.kind == HEADING:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"
