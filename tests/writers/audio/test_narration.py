"""The spoken script: worded for the ear, from the model, with the lexicon applied."""

from __future__ import annotations

import dataclasses
import re

from ssri_docs.model import Heading, Link, ListBlock, ListItem, Paragraph, Text
from ssri_docs.wording import DISCLAIMER_HEADING, REFERENCES_HEADING, format_date
from ssri_docs.writers.audio.narration import (
    CHAPTERS_SENTENCE,
    CLOSING_TITLE,
    HEADING,
    INTRODUCTION_TITLE,
    LIST_ITEM,
    apply_lexicon,
    narration_script,
    transcript,
)


def _utterances(chapters):
    return [u for chapter in chapters for u in chapter.utterances]


def test_opening_says_title_publisher_and_chapters_then_the_article(seed_article):
    opening = narration_script(seed_article, minutes=7)[0]
    texts = [u.text for u in opening.utterances]
    assert opening.title == INTRODUCTION_TITLE
    assert opening.utterances[0].kind == HEADING
    assert texts[0] == seed_article.title
    assert texts[1] == f"From {seed_article.site.publisher}."
    assert texts[2] == CHAPTERS_SENTENCE
    assert texts[3].startswith("We do not know exactly why")  # the article, at once
    assert not any("lasts about" in t or "parts:" in t for t in texts)


def test_contents_and_length_are_said_at_the_end(seed_article):
    closing = narration_script(seed_article, minutes=7)[-1]
    texts = [u.text for u in closing.utterances]
    assert closing.title == CLOSING_TITLE
    assert "This recording lasts about 7 minutes." in texts
    contents = next(t for t in texts if t.startswith("It has"))
    for part in ("introduction", "Summary", "disclaimer", "references", "other formats"):
        assert part in contents


def test_one_minute_is_singular(seed_article):
    texts = [u.text for u in narration_script(seed_article, minutes=1)[-1].utterances]
    assert "This recording lasts about 1 minute." in texts


def test_chapters_are_intro_sections_disclaimer_references_closing(seed_article):
    titles = [chapter.title for chapter in narration_script(seed_article)]
    assert titles == [
        INTRODUCTION_TITLE,
        "But how do SSRI’s actually work?",
        "Summary",
        DISCLAIMER_HEADING,
        REFERENCES_HEADING,
        CLOSING_TITLE,
    ]


def test_headings_are_announced_and_followed_by_the_heading_pause(seed_article):
    pause = seed_article.site.narration.heading_pause
    chapters = narration_script(seed_article)
    for chapter in chapters[1:]:
        first = chapter.utterances[0]
        assert first.kind == HEADING and first.pause_after == pause
    sub_headings = [u for u in _utterances(chapters) if u.text == "In more details…"]
    assert sub_headings and sub_headings[0].kind == HEADING
    # sentences in a paragraph get the shorter pause
    sentence_pauses = {u.pause_after for u in _utterances(chapters) if u.kind != HEADING}
    assert seed_article.site.narration.sentence_pause in sentence_pauses


def test_lexicon_changes_what_is_spoken_not_what_is_written(seed_article):
    utterances = _utterances(narration_script(seed_article))
    spoken = " ".join(u.spoken for u in utterances)
    written = " ".join(u.text for u in utterances)
    used = [(term, saying) for term, saying in seed_article.pronunciation if term in written]
    assert len(used) >= 4, "the seed article's lexicon should be exercised"
    for term, saying in used:
        assert saying in spoken, f"{term!r} should be said as {saying!r}"
        assert not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", spoken), f"{term!r} left as is"
    assert "SSRIs" in written


def test_lexicon_prefers_the_longest_term_and_whole_words():
    lexicon = (("SSRI", "S S R I"), ("SSRIs", "S S R eyes"), ("OCD", "O C D"))
    assert apply_lexicon("SSRIs and an SSRI help OCD.", lexicon) == (
        "S S R eyes and an S S R I help O C D."
    )
    assert apply_lexicon("OCDish", lexicon) == "OCDish"


def test_disclaimer_and_references_have_their_own_sections(seed_article):
    chapters = {c.title: c for c in narration_script(seed_article)}
    disclaimer = " ".join(u.text for u in chapters[DISCLAIMER_HEADING].utterances[1:])
    assert disclaimer == " ".join(seed_article.disclaimer.split())
    references = chapters[REFERENCES_HEADING].utterances
    items = [u.text for u in references if u.kind == LIST_ITEM]
    assert items == [
        "NHS Choices – SSRI Medications, at nhs.uk.",
        "NICE – Information about drugs, at bnf.nice.org.uk.",
    ]


def test_no_address_is_ever_read(seed_article):
    spoken = " ".join(u.spoken for u in _utterances(narration_script(seed_article)))
    assert "http" not in spoken and "/" not in spoken
    for reference in seed_article.references:
        assert reference.url not in spoken


def test_ends_with_review_dates_and_other_formats(seed_article):
    closing = narration_script(seed_article)[-1]
    texts = " ".join(u.text for u in closing.utterances)
    assert format_date(seed_article.last_reviewed) in texts
    assert format_date(seed_article.next_review) in texts
    assert "available as a large-print web page" in texts
    assert "ocduk.org" in texts


def test_lists_are_read_item_by_item_and_links_as_their_text(seed_article):
    link = Link("https://example.org/a/b", (Text("the self-help guide"),))
    items = (
        ListItem((Paragraph((Text("Talk to your GP"),)),)),
        ListItem((Paragraph((Text("Read "), link)),)),
    )
    blocks = (
        Heading(2, (Text("What helps"),), "what-helps"),
        ListBlock(ordered=True, items=items),
    )
    article = dataclasses.replace(seed_article, blocks=blocks)
    chapter = narration_script(article)[1]
    listed = [u.text for u in chapter.utterances if u.kind == LIST_ITEM]
    assert listed == ["1. Talk to your GP.", "2. Read the self-help guide."]  # as printed
    said = [u.spoken for u in chapter.utterances if u.kind == LIST_ITEM]
    assert said == ["Number 1: Talk to your GP.", "Number 2: Read the self-help guide."]
    assert [u.text for u in chapter.utterances][1] == "A list of 2 items."
    assert all("example.org" not in u.spoken for u in chapter.utterances)
    assert chapter.utterances[-1].source == (0, 0, 1, 0)  # section, block, item, paragraph


def test_transcript_contains_everything_as_written(seed_article):
    text = transcript(narration_script(seed_article))
    assert " ".join(seed_article.disclaimer.split()) in " ".join(text.split())
    for reference in seed_article.references:
        assert reference.title in text
    assert "S S R eyes" not in text


def test_text_with_nothing_to_say_is_left_out(seed_article):
    blocks = (
        Heading(2, (Text("Notes"),), "notes"),
        Paragraph((Text("* * *"),)),
        Paragraph((Text("Said aloud."),)),
    )
    chapter = narration_script(dataclasses.replace(seed_article, blocks=blocks))[1]
    assert [u.text for u in chapter.utterances] == ["Notes", "Said aloud."]
