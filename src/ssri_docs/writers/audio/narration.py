"""The spoken script: the article, worded for the ear, in chapters of utterances.

Built from the model (never from HTML), following the UKAAF audio guidance: the
recording opens with the title, the publisher and one sentence on moving between
chapters, then the article at once (within 10 seconds: what listeners came for);
each heading is announced and followed by a pause; lists are read item by item;
links are read as their text, never as addresses; the disclaimer and the references
have their own announced chapters; it ends with the review dates, what the recording
contains and how long it lasts, and where to find the other formats.

Every utterance keeps the text as written (for the transcript, the VTT cues and the
MP3's lyrics frame) and the text as spoken: the article's pronunciation lexicon is
applied here, once, so every engine says "SSRIs" the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from ...anchors import Place
from ...model import Article, Block, sections
from ...wording import (
    DISCLAIMER_HEADING,
    REFERENCES_HEADING,
    RELATED_HEADING,
    downloads_spoken,
    helpline_hours_sentence,
    inline_text,
    reference_source,
    review_dates_line,
    telephone_sentence,
)
from .block_speech import read_block
from .script import (
    HEADING,
    LIST_ITEM,
    SENTENCE,
    BlockPath,
    Chapter,
    ChapterBuilder,
    Lexicon,
    Utterance,
)

__all__ = ["HEADING", "LIST_ITEM", "SENTENCE", "BlockPath", "Chapter", "Utterance"]

INTRODUCTION_TITLE = "Introduction"
CLOSING_TITLE = "Review dates and other formats"
# Said once, in the opening: most players show chapters as "next"/"previous" or a list.
CHAPTERS_SENTENCE = "Skip forward or back to move between sections."

# The script's model lives in ``script.py``; these names are kept here for the callers.
_ChapterBuilder, _Lexicon = ChapterBuilder, Lexicon


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


def narration_script(
    article: Article,
    minutes: int | None = None,
    can_speak: Callable[[str], bool] = lambda tag: True,
) -> tuple[Chapter, ...]:
    """The chapters to narrate. ``minutes`` is the recording's length for the opening
    (when None, it is estimated from the words per minute); ``can_speak(tag)`` says
    whether the engine has a voice for a passage's language (``speech.languages``)."""
    lexicon = _Lexicon(article.pronunciation)
    parts = sections(article)
    body: list[Chapter] = []
    untitled: list[tuple[int, Block]] = []
    for section_index, section in enumerate(parts):
        if section.heading is None:
            untitled.extend(enumerate(section.blocks))
            continue
        chapter = _ChapterBuilder(inline_text(section.heading.children), article, lexicon)
        chapter.can_speak = can_speak
        chapter.heading(chapter.title, (section_index,))
        for block_index, block in enumerate(section.blocks):
            read_block(chapter, block, (section_index, block_index))
        body.append(chapter.build())
    opening = _opening(article, lexicon)
    builder = _ChapterBuilder(opening.title, article, lexicon)
    builder.utterances = list(opening.utterances)
    builder.can_speak = can_speak
    untitled_index = 0 if parts and parts[0].heading is None else None
    for block_index, block in untitled:
        read_block(builder, block, (untitled_index, block_index))
    start = (builder.build(), *body, _disclaimer(article, lexicon), _references(article, lexicon))
    titles = [chapter.title for chapter in body]
    if minutes is None:
        guess = _closing(article, lexicon, titles, 1)
        seconds = estimate_seconds((*start, guess), article.site.narration.words_per_minute)
        minutes = spoken_minutes(seconds)
    return (*start, _closing(article, lexicon, titles, minutes))


def _opening(article: Article, lexicon: _Lexicon) -> Chapter:
    """Title, publisher, and how to move between chapters: the article follows at once."""
    chapter = _ChapterBuilder(INTRODUCTION_TITLE, article, lexicon)
    chapter.heading(article.title, (Place.TITLE_HEADING,))
    # One block: a sentence pause, not a paragraph pause, before the chapters sentence.
    chapter.sentences(
        f"From {article.site.publisher}. {CHAPTERS_SENTENCE}", (Place.SPOKEN_PUBLISHER,)
    )
    return chapter.build()


def _contents(titles: list[str], minutes: int) -> str:
    """What the recording contains and how long it lasts (said at the end)."""
    contents = [
        "an introduction",
        *(f"“{title.rstrip('.?!…')}”" for title in titles),
        "the disclaimer",
        "the references",
        "the review dates and where to find other formats",
    ]
    listed = "; ".join(contents[:-1]) + "; and " + contents[-1]
    unit = "minute" if minutes == 1 else "minutes"
    return f"This recording lasts about {minutes} {unit}. It has {len(contents)} parts: {listed}."


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


def _closing(article: Article, lexicon: _Lexicon, titles: list[str], minutes: int) -> Chapter:
    site = article.site
    chapter = _ChapterBuilder(CLOSING_TITLE, article, lexicon)
    chapter.heading(CLOSING_TITLE, (Place.SPOKEN_CLOSING,))
    chapter.sentences(
        review_dates_line(article.last_reviewed, article.next_review), (Place.REVIEW_DATES,)
    )
    chapter.sentences(_contents(titles, minutes), (Place.SPOKEN_CONTENTS,))
    related = [link.title for link in (article.related.previous, article.related.next) if link]
    if related:
        chapter.sentences(
            f"{RELATED_HEADING}: " + " and ".join(f"“{title}”" for title in related) + ".",
            (Place.RELATED_LIST,),
        )
    chapter.sentences(site.other_formats, (Place.OTHER_FORMATS_TEXT,))
    chapter.sentences(downloads_spoken(site.downloads_url), (Place.OTHER_FORMATS_TEXT,))
    chapter.sentences(site.contact, (Place.CONTACT,))
    details = site.contact_details
    if details.telephone:
        chapter.say(
            SENTENCE,
            telephone_sentence(site.publisher, details.telephone),
            site.narration.sentence_pause,
            (Place.SPOKEN_TELEPHONE,),
            spoken=telephone_sentence(site.publisher, details.telephone, spoken=True),
        )
    if details.helpline_hours:
        chapter.sentences(
            helpline_hours_sentence(details.helpline_hours), (Place.SPOKEN_TELEPHONE,)
        )
    chapter.end_block()
    chapter.sentences(
        f"This is the end of “{article.title}”, from {site.publisher}.", (Place.SPOKEN_END,)
    )
    return chapter.build()


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
