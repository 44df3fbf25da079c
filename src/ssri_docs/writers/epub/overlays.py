"""EPUB read-aloud: SMIL media overlays built from the narration's own timings.

One synthesis run feeds both the MP3 and the e-book: the book carries that same MP3,
and each content document gets a SMIL file with one ``par`` per spoken sentence (its
text element and its clip of the recording), so Thorium, Apple Books and others
highlight each sentence as it is spoken. The times are the audio writer's timeline
(``products.Recording.timeline``), the same ones its WebVTT cues carry.

Each utterance of the narration is tied to the place in the book it reads: by its
block path (``anchors.py``) and, within a block, by its words, sentence by sentence
(``wording.split_sentences``, the narration's splitter). An utterance that matches no
sentence of the text (a reference read as "title, at nhs.uk", a table row) is
tied to its whole element. What the narration adds for the ear alone ("A list of 3
items.", the spoken contents) is in no document, so it is in no overlay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from ... import anchors, wording
from ...anchors import Place
from ...model import Article, Heading, Paragraph
from .plan import is_code_block
from .spans import sentence_ranges

ACTIVE_CLASS = "read-aloud-active"  # media:active-class; styled in templates/epub/style.css
SMIL_MEDIA_TYPE = "application/smil+xml"
AUDIO_MEDIA_TYPE = "audio/mpeg"
_XML = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Clip:
    """One ``par``: the element highlighted, and when the recording says it (ms)."""

    text_id: str
    begin: int
    end: int


@dataclass(frozen=True)
class OverlayPlan:
    spans: dict[str, dict[int, str]]  # element id -> {sentence number: span id}
    clips: tuple[Clip, ...]  # in the recording's order
    audio: bytes  # the narration MP3, the same bytes as <slug>.mp3
    audio_href: str  # where it sits in the book's content folder


@dataclass(frozen=True)
class Overlay:
    """The SMIL file of one content document."""

    uid: str
    file_name: str
    document: str  # the content document it belongs to
    data: bytes
    duration: int  # ms: the sum of its clips


@dataclass
class _Texts:
    """The running text of each element the narration may read sentence by sentence."""

    running: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, list[str]] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)

    def sentence(self, anchor: str) -> tuple[int, str] | None:
        if anchor not in self.running:
            return None
        if anchor not in self.sentences:
            text = self.running[anchor]
            self.sentences[anchor] = [text[a:b] for a, b in sentence_ranges(text)]
        number = self.used.get(anchor, 0)
        found = self.sentences[anchor]
        return (number, found[number]) if number < len(found) else None


def _running_texts(article: Article) -> _Texts:
    texts = _Texts()
    texts.running[Place.TITLE_HEADING] = article.title
    for item in anchors.anchored_blocks(article):
        node = item.node
        if isinstance(node, Heading) or (isinstance(node, Paragraph) and not is_code_block(node)):
            texts.running[item.anchor] = wording.inline_text(node.children)
    texts.running[Place.DISCLAIMER_HEADING] = wording.DISCLAIMER_HEADING
    texts.running[Place.DISCLAIMER_TEXT] = article.disclaimer
    texts.running[Place.REFERENCES_HEADING] = wording.REFERENCES_HEADING
    texts.running[Place.RELATED_HEADING] = wording.RELATED_HEADING
    texts.running[Place.OTHER_FORMATS_HEADING] = wording.OTHER_FORMATS_HEADING
    texts.running[Place.OTHER_FORMATS_TEXT] = article.site.other_formats
    texts.running[Place.CONTACT] = article.site.contact
    return texts


# The elements an utterance from each place outside the body may read, tried in order
# (the last is read as a whole when no sentence of them matches). Places missing here
# are said for the ear alone: the spoken contents, the closing words.
_READS: dict[Place, tuple[Place, ...]] = {
    Place.TITLE_HEADING: (Place.TITLE_HEADING,),
    Place.DISCLAIMER_HEADING: (Place.DISCLAIMER_HEADING,),
    Place.DISCLAIMER_TEXT: (Place.DISCLAIMER_TEXT,),
    Place.REFERENCES_HEADING: (Place.REFERENCES_HEADING,),
    Place.REVIEW_DATES: (Place.REVIEW_DATES,),
    Place.RELATED_LIST: (Place.RELATED_LIST,),
    Place.OTHER_FORMATS_TEXT: (Place.OTHER_FORMATS_TEXT, Place.DOWNLOADS),
    Place.CONTACT: (Place.CONTACT,),
}


def _candidates(source: tuple, ids: dict[tuple, str]) -> list[str]:
    """The elements an utterance from ``source`` (a narration block path) may read."""
    if source and isinstance(source[0], int):
        anchor = ids.get(tuple(source))
        return [anchor] if anchor else []
    place, rest = source[0], source[1:]
    if place == Place.REFERENCES_HEADING and rest:  # (references, item index)
        return [anchors.reference_anchor(rest[0] + 1)]
    return list(_READS.get(place, ()))


def _letters(text: str) -> str:
    return "".join(character for character in text if not character.isspace())


def _says(spoken: str, written: str) -> bool:
    """The utterance reads this sentence (the narration may add "Number 2: " in front
    of a list item and a full stop at the end)."""
    said, text = _letters(spoken).rstrip("."), _letters(written).rstrip(".")
    return bool(text) and said.endswith(text)


def plan_overlays(
    article: Article, timeline: Sequence, audio: bytes, audio_href: str
) -> OverlayPlan:
    """Tie every utterance of ``timeline`` (audio.TimelineEntry) to a place in the book."""
    ids = anchors.anchor_ids(article)  # paths relative to model.sections(), as the narration's
    texts = _running_texts(article)
    assigned: list[tuple[str, int | None, int, int]] = []  # (element, sentence, begin, end)
    for entry in timeline:
        candidates = _candidates(tuple(entry.source), ids)
        if not candidates:
            continue
        begin, end = round(entry.start * 1000), round(entry.end * 1000)
        for anchor in candidates:
            found = texts.sentence(anchor)
            if found is not None and _says(entry.text, found[1]):
                texts.used[anchor] = found[0] + 1
                assigned.append((anchor, found[0], begin, end))
                break
        else:
            assigned.append((candidates[-1], None, begin, end))
    # An element read partly sentence by sentence and partly as a whole is read as a whole.
    whole = {anchor for anchor, number, _, _ in assigned if number is None}
    spans: dict[str, dict[int, str]] = {}
    clips: list[Clip] = []
    for anchor, number, begin, end in assigned:
        if number is not None and anchor not in whole:
            span_id = f"{anchor}_s{number + 1}"
            spans.setdefault(anchor, {})[number] = span_id
            clips.append(Clip(span_id, begin, end))
        elif clips and clips[-1].text_id == anchor:  # the same element, read on
            clips[-1] = Clip(anchor, clips[-1].begin, end)
        elif all(clip.text_id != anchor for clip in clips):
            clips.append(Clip(anchor, begin, end))
        # else: the element was read before, with other text between ("End of quotation."
        # after the quotation's own sentences). An overlay reads each element once, in
        # the document's order, so that second reading is left out of the book.
    return OverlayPlan(spans, tuple(clips), audio, audio_href)


def clock(milliseconds: int) -> str:
    """A SMIL clock value, ``H:MM:SS.mmm``, for ``media:duration``."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _seconds(milliseconds: int) -> str:
    return f"{milliseconds // 1000}.{milliseconds % 1000:03d}s"


def document_ids(xhtml: bytes) -> list[str]:
    """Every id in a content document, in document order."""
    root = etree.fromstring(xhtml, _XML)
    return [element.get("id") for element in root.iter() if element.get("id")]


def render_overlays(documents: Sequence, plan: OverlayPlan) -> list[Overlay]:
    """One SMIL file per content document that has something read aloud.

    ``documents`` are content.ContentDocument; the pars follow each document's
    reading order, whatever order the narration says them in.
    """
    clips_by_id: dict[str, list[Clip]] = {}
    for clip in plan.clips:
        clips_by_id.setdefault(clip.text_id, []).append(clip)
    overlays = []
    for document in documents:
        clips = [clip for i in document_ids(document.data) for clip in clips_by_id.get(i, [])]
        if not clips:
            continue
        uid = f"smil-{document.uid}"
        file_name = document.file_name.rsplit(".", 1)[0] + ".smil"
        overlays.append(
            Overlay(
                uid,
                file_name,
                document.file_name,
                _smil(document.file_name, clips, plan.audio_href),
                sum(clip.end - clip.begin for clip in clips),
            )
        )
    return overlays


def _smil(document: str, clips: list[Clip], audio_href: str) -> bytes:
    smil = "http://www.w3.org/ns/SMIL"
    ops = "http://www.idpf.org/2007/ops"
    root = etree.Element(f"{{{smil}}}smil", nsmap={None: smil, "epub": ops}, version="3.0")
    body = etree.SubElement(root, f"{{{smil}}}body")
    seq = etree.SubElement(body, f"{{{smil}}}seq", id="seq_1")
    seq.set(f"{{{ops}}}textref", document)
    for number, clip in enumerate(clips, start=1):
        par = etree.SubElement(seq, f"{{{smil}}}par", id=f"par_{number}")
        etree.SubElement(par, f"{{{smil}}}text", src=f"{document}#{clip.text_id}")
        etree.SubElement(
            par,
            f"{{{smil}}}audio",
            src=audio_href,
            clipBegin=_seconds(clip.begin),
            clipEnd=_seconds(clip.end),
        )
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
