"""The narration script's model: utterances in chapters, and the builder that makes them.

Every utterance keeps the text as written (for the transcript, the VTT cues and the
MP3's lyrics frame), the text as spoken (the pronunciation lexicon applied, citation
marks and formulas worded for the ear) and the language it is spoken in: None for the
narration's own voice, else a BCP 47 tag that the recording gives to a voice for that
language (``speech/languages.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ...model import Article

HEADING, SENTENCE, LIST_ITEM = "heading", "sentence", "list item"

# Where an utterance came from: (section index, block index[, item index...]) for the
# body, or a place outside it first (``anchors.Place``), e.g. (Place.DISCLAIMER_TEXT,).
BlockPath = tuple[int | str, ...]

# Silence between two parts of one sentence spoken in different languages.
LANGUAGE_SWITCH_PAUSE = 0.15


@dataclass(frozen=True)
class Utterance:
    kind: str  # HEADING, SENTENCE or LIST_ITEM
    text: str  # as written: what the transcript shows
    spoken: str  # what the engine is given (pronunciation lexicon applied)
    pause_after: float  # seconds of silence after it
    source: BlockPath
    language: str | None = None  # None: the narration's voice; else a voice for this tag


@dataclass(frozen=True)
class Chapter:
    title: str
    utterances: tuple[Utterance, ...]


class Lexicon:
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


class ChapterBuilder:
    """Collects one chapter's utterances, applying the lexicon and the pauses."""

    def __init__(self, title: str, article: Article, lexicon: Lexicon) -> None:
        self.title = title
        self.article = article
        self.narration = article.site.narration
        self.lexicon = lexicon
        self.utterances: list[Utterance] = []
        # Whether a voice speaks a language tag; the recording sets the engine's answer.
        self.can_speak: Callable[[str], bool] = lambda tag: True

    def heading(self, text: str, source: BlockPath) -> None:
        self._add(HEADING, text, self.narration.heading_pause, source)

    def sentences(self, text: str, source: BlockPath, kind: str = SENTENCE) -> None:
        """A block of running text: a short pause between sentences, a longer one after."""
        from ...wording import split_sentences

        parts = split_sentences(text)
        for number, sentence in enumerate(parts, start=1):
            last = number == len(parts)
            pause = self.narration.paragraph_pause if last else self.narration.sentence_pause
            self._add(kind, sentence, pause, source)

    def say(
        self,
        kind: str,
        text: str,
        pause: float,
        source: BlockPath,
        *,
        spoken: str | None = None,
        language: str | None = None,
    ) -> None:
        """One utterance: ``text`` as written, ``spoken`` (default: the text) as said,
        in ``language`` (None: the narration's own voice, which applies the lexicon)."""
        self._add(kind, text, pause, source, spoken, language)

    def end_block(self) -> None:
        """A paragraph's pause after the last utterance (at least)."""
        if self.utterances:
            last = self.utterances[-1]
            pause = max(last.pause_after, self.narration.paragraph_pause)
            self.utterances[-1] = replace(last, pause_after=pause)

    def _add(
        self,
        kind: str,
        text: str,
        pause: float,
        source: BlockPath,
        spoken: str | None = None,
        language: str | None = None,
    ) -> None:
        text = " ".join(text.split())
        spoken = text if spoken is None else " ".join(spoken.split())
        if not any(character.isalnum() for character in spoken):  # "* * *": nothing to say
            return
        said = self.lexicon(spoken) if language is None else spoken
        self.utterances.append(Utterance(kind, text, said, pause, source, language))

    def build(self) -> Chapter:
        utterances = list(self.utterances)
        if utterances:  # a clear break before the next chapter's heading
            last = utterances[-1]
            pause = max(last.pause_after, self.narration.heading_pause)
            utterances[-1] = replace(last, pause_after=pause)
        return Chapter(self.title, tuple(utterances))


def sentence(text: str) -> str:
    """Text that ends like a sentence, so the voice falls and pauses after it."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…:;" else text + "."
