"""Wording shared by every format, kept in one place so the formats agree.

How a date is shown, what the disclaimer and references sections are called, how a
reference names its site, how text is split into sentences: the parity checks
compare formats against these, so no writer words them on its own.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from .model import (
    Article,
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    Reference,
    Span,
    Strong,
    Subscript,
    Superscript,
    Text,
)

DISCLAIMER_HEADING = "Disclaimer"
REFERENCES_HEADING = "References"
RELATED_HEADING = "What to read next"
OTHER_FORMATS_HEADING = "Other formats"
CONTENTS_HEADING = "Contents"
LAST_REVIEWED_LABEL = "Last reviewed"
NEXT_REVIEW_LABEL = "Next review due"
PUBLISHED_LABEL = "First published"
ABOUT_HEADING = "About this information"  # the e-book's colophon: publisher, dates, formats
# The publisher's offline contact details (site.yaml), printed in this order everywhere.
CONTACT_DETAILS_HEADING = "Contact us"
TELEPHONE_LABEL = "Telephone"
HELPLINE_HOURS_LABEL = "Helpline hours"
ADDRESS_LABEL = "Post"
EMAIL_LABEL = "Email"
CHARITY_NUMBER_LABEL = "Registered charity number"

# The back matter, in the one order the formats follow after the article body. Where
# a format departs from it, the reason is given here:
# - the large-print page lists what to read next straight after the body, then the
#   references, the disclaimer and the other formats: its published order, kept so
#   the page's bytes do not change (a decision for the editors, not for this list);
# - the e-book puts the other formats in its colophon ("About this information"),
#   which reading systems offer as the book's "About" landmark, with the publisher;
# - the recording says what to read next in its closing chapter, after the review
#   dates, so a listener skipping chapters meets one short ending, not three.
BACK_MATTER: tuple[str, ...] = ("disclaimer", "references", "related", "other_formats")
BACK_MATTER_HEADINGS: dict[str, str] = {
    "disclaimer": DISCLAIMER_HEADING,
    "references": REFERENCES_HEADING,
    "related": RELATED_HEADING,
    "other_formats": OTHER_FORMATS_HEADING,
}

# How each format points at the downloads page. They differ because each medium
# needs it said differently:
DOWNLOADS_PRINTED = "Downloads page"  # the leaflet: "Downloads page: <address>", to type in
DOWNLOADS_EBOOK = "Downloads"  # the e-book: "Downloads: <address>", a working link
# The web page: link text that makes sense read alone (WCAG 2.4.4), with the site.
DOWNLOADS_LINK = "All leaflets on the downloads page"

# The recording where listeners look for it: the large-print page's player, under the title.
LISTEN_HEADING = "Listen to this page"
TRANSCRIPT_HEADING = "Transcript of the recording"
# The downloads page: which of the two e-books to take, in one sentence.
EBOOK_CHOICE = (
    "Choose the e-book (EPUB) to read on any e-reader or phone; choose the read-aloud "
    "e-book only if your reading app plays narration (such as Thorium or Readium-based "
    "apps), because it carries the whole recording and is much bigger."
)


def downloads_spoken(downloads_url: str) -> str:
    """The recording names only the site: an address read aloud helps nobody."""
    return f"The downloads page is on {domain(downloads_url)}."


def format_date(value: date) -> str:
    """A date as UK readers write it: ``29 July 2025`` (no leading zero)."""
    return f"{value.day} {value:%B %Y}"


def review_dates_line(last_reviewed: date, next_review: date) -> str:
    """The one sentence every format uses for the review dates."""
    return (
        f"{LAST_REVIEWED_LABEL}: {format_date(last_reviewed)}. "
        f"{NEXT_REVIEW_LABEL}: {format_date(next_review)}."
    )


def publication_dates_line(published: date, last_reviewed: date, next_review: date) -> str:
    """Every date of an article in one sentence: the leaflet and the e-book print this."""
    return f"{PUBLISHED_LABEL}: {format_date(published)}. " + review_dates_line(
        last_reviewed, next_review
    )


def telephone_uri(telephone: str) -> str:
    """A ``tel:`` link for a printed number: "0300 000 0000" -> ``tel:03000000000``."""
    return "tel:" + "".join(c for c in telephone if c.isdigit() or c == "+")


def telephone_sentence(publisher: str, telephone: str, *, spoken: bool = False) -> str:
    """The recording's closing: "To talk to OCD-UK, telephone 0300 000 0000."

    ``spoken``: the number digit by digit in its printed groups ("0 3 0 0, 0 0 0, ..."),
    because a voice reads "0300" as "three hundred", which nobody can dial.
    """
    if spoken:
        telephone = ", ".join(
            " ".join(c for c in group if c.isdigit()) for group in telephone.split()
        )
    return f"To talk to {publisher}, telephone {telephone}."


def helpline_hours_sentence(hours: str) -> str:
    """When the telephone is answered: "Helpline hours: Monday to Friday, 9am to 5pm." """
    return f"{HELPLINE_HOURS_LABEL}: {hours.rstrip('.')}."


def domain(url: str) -> str:
    """The site a link points to, as a reader would say it: ``nhs.uk``."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def reference_label(reference: Reference) -> str:
    """Link text for a reference: its title and the site it is on (the title alone
    for a citation without a web address)."""
    if reference.url is None:
        return reference.title
    return f"{reference.title} ({domain(reference.url)})"


def reference_source(reference: Reference, *, spoken: bool = False) -> str:
    """Where a reference is found: its address (its site when ``spoken``), or its citation.

    Every format prints (or reads) this after the title, so a citation without an
    address reads the same way in all four.
    """
    if reference.url is None:
        return reference.citation or ""
    return f"at {domain(reference.url)}" if spoken else reference.url


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The plain text of inline content, as it reads (no addresses, no markup)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, Emphasis | Strong | Link | Superscript | Subscript | Span):
            parts.append(inline_text(node.children))
        elif isinstance(node, LineBreak):
            parts.append(" ")
    return "".join(parts)


def summary_opens_the_text(article: Article) -> bool:
    """Whether the article's first paragraph begins with its summary's words.

    WordPress's automatic excerpt is the start of the text; a cover that printed it
    above that same paragraph would say the same thing twice in a row. Compared by
    words only (case, spacing and punctuation ignored).
    """
    first = next((b for b in article.blocks if isinstance(b, Paragraph)), None)
    if first is None or not article.summary.strip():
        return False
    words = re.findall(r"\w+", article.summary.casefold())
    return re.findall(r"\w+", inline_text(first.children).casefold())[: len(words)] == words


# A sentence ends at . ! ? or … (optionally followed by closing quotes, brackets or
# a citation mark) and white space, when the next sentence starts with a capital letter,
# a digit or an opening quote. Common abbreviations are not sentence ends.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "vs.", "No.")
# A citation mark written in superscript digits ("treated.¹,² Then") closes a sentence too.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?:[\"'”’)\]]|[⁰¹²³⁴-⁹]+(?:[,⁻][⁰¹²³⁴-⁹]+)*)*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
)


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences; white space is normalised."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].rstrip()
        if candidate.endswith(_ABBREVIATIONS):
            continue
        # keep closing quotes/brackets with the sentence they close
        end = match.start() + len(match.group(0).rstrip())
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# A number and its unit never split across lines ("5" at a line end, "min" below).
NBSP = "\u00a0"


def human_size(size: int) -> str:
    """A file size as people read it: ``312 KB``, ``4.2 MB``."""
    if size < 1024:
        return f"{size}{NBSP}bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}{NBSP}KB"
    return f"{size / (1024 * 1024):.1f}{NBSP}MB"


def spoken_duration(seconds: float) -> str:
    """A running time in words, as the player states it: ``5 minutes 21 seconds``."""
    minutes, rest = divmod(round(float(seconds)), 60)
    parts = [
        f"{n}{NBSP}{unit}{'' if n == 1 else 's'}"
        for n, unit in ((minutes, "minute"), (rest, "second"))
        if n
    ]
    return " ".join(parts) or f"0{NBSP}seconds"


def human_duration(seconds: float) -> str:
    """A running time as people say it: ``5 min 12 s``."""
    total = round(float(seconds))
    minutes, rest = divmod(total, 60)
    if minutes == 0:
        return f"{rest}{NBSP}s"
    return f"{minutes}{NBSP}min {rest}{NBSP}s"
