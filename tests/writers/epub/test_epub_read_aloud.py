"""EPUB read-aloud (media overlays), checked on the built book against the built MP3.

One build makes the PDF, the MP3 and both e-books (``build_seed("pdf", "audio", "epub",
"read-aloud")``, offline voice): the read-aloud book's SMIL clips must be the MP3's own
VTT cues, every sentence span must be read, in reading order, and the book must pass
EPUBCheck and Ace with its overlays and its page list. The text-only book
(``<slug>.epub``) must have no audio at all.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, build_article
from ssri_docs.checks.epub import NS, read_package
from ssri_docs.writers.epub.overlays import ACTIVE_CLASS

SMIL = {"s": "http://www.w3.org/ns/SMIL", "epub": "http://www.idpf.org/2007/ops"}
CUE = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})$", re.M)
SENTENCE_ID = re.compile(r"_s\d+$")
XHTML = "application/xhtml+xml"


RICH = ROOT / "tests" / "fixtures" / "pdf" / "rich" / "leaflet-features.md"


@pytest.fixture(scope="module")
def outputs(build_seed, seed_article, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """name -> (the article's output folder, slug): the seed, and the fixture with nested
    lists, a quotation, a table and pictures (which the narration reads its own way)."""
    folder = tmp_path_factory.mktemp("read-aloud-rich")
    rich = build_article(RICH, folder, "pdf", "audio", "read-aloud")
    seed = build_seed("pdf", "audio", "epub", "read-aloud") / seed_article.slug
    return {"seed": (seed, seed_article.slug), "rich": (folder / rich.slug, rich.slug)}


@pytest.fixture(scope="module")
def built(outputs) -> Path:
    return outputs["seed"][0]


@pytest.fixture(scope="module")
def book(outputs) -> Path:
    folder, slug = outputs["seed"]
    return folder / f"{slug}-read-aloud.epub"


def _ms(hours: str, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def vtt_cues(path: Path) -> list[tuple[int, int, str]]:
    """(start ms, end ms, text) of every cue."""
    text = path.read_text(encoding="utf-8")
    cues = []
    for block in text.split("\n\n"):
        match = CUE.search(block)
        if match:
            lines = block.strip().splitlines()
            cue_text = " ".join(lines[lines.index(match.group(0)) + 1 :])
            cues.append((_ms(*match.groups()[:4]), _ms(*match.groups()[4:]), cue_text))
    return cues


def _seconds(value: str) -> int:
    assert value.endswith("s")
    whole, _, fraction = value[:-1].partition(".")
    return int(whole) * 1000 + int(fraction.ljust(3, "0"))


class Book:
    """The package, content documents and overlays of a built EPUB."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.package = read_package(archive)
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.items = self.package.root.xpath("opf:manifest/opf:item", namespaces=NS)
        self.base = str(Path(self.package.path).parent)

    def file(self, href: str) -> bytes:
        return self.files[f"{self.base}/{href}"]

    def overlays(self) -> dict[str, tuple[str, etree._Element]]:
        """content document href -> (smil id, parsed SMIL)."""
        by_id = {item.get("id"): item for item in self.items}
        found = {}
        for item in self.items:
            smil_id = item.get("media-overlay")
            if smil_id:
                smil = by_id[smil_id]
                assert smil.get("media-type") == "application/smil+xml"
                found[item.get("href")] = (smil_id, etree.fromstring(self.file(smil.get("href"))))
        return found

    def metadata(self) -> list[tuple[str, str | None, str]]:
        return [
            (m.get("property"), m.get("refines"), m.text)
            for m in self.package.root.xpath("opf:metadata/opf:meta[@property]", namespaces=NS)
        ]


def _pars(smil: etree._Element) -> list[tuple[str, str, int, int]]:
    """(document, text id, clip begin ms, clip end ms) of each par, in order."""
    result = []
    for par in smil.xpath("//s:par", namespaces=SMIL):
        text = par.find("s:text", SMIL).get("src")
        audio = par.find("s:audio", SMIL)
        document, _, fragment = text.partition("#")
        result.append(
            (document, fragment, _seconds(audio.get("clipBegin")), _seconds(audio.get("clipEnd")))
        )
        assert audio.get("src") == "audio/narration.mp3"
    return result


def _letters(text: str) -> str:
    return "".join(c for c in text if not c.isspace()).rstrip(".")


def test_the_book_carries_the_same_recording_as_the_mp3(built, book, seed_article):
    books = Book(book)
    audio = [item for item in books.items if item.get("media-type") == "audio/mpeg"]
    assert [item.get("href") for item in audio] == ["audio/narration.mp3"]
    assert books.file("audio/narration.mp3") == (built / f"{seed_article.slug}.mp3").read_bytes()


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_every_clip_is_a_cue_of_the_mp3s_vtt_and_says_the_highlighted_text(outputs, name):
    folder, slug = outputs[name]
    cues = {(start, end): text for start, end, text in vtt_cues(folder / f"{slug}.vtt")}
    books = Book(folder / f"{slug}-read-aloud.epub")
    overlays = books.overlays()
    assert len(overlays) >= 6  # every section, disclaimer, references, related, colophon
    sentence_clips = 0
    for document, (_, smil) in overlays.items():
        root = etree.fromstring(books.file(document))
        for par_document, text_id, begin, end in _pars(smil):
            assert par_document == document
            assert 0 <= begin < end
            element = root.xpath("//*[@id=$id]", id=text_id)
            assert element, f"{document}#{text_id} does not exist"
            if SENTENCE_ID.search(text_id):  # one sentence: exactly one cue, same words
                assert (begin, end) in cues, (document, text_id, begin, end)
                written = _letters("".join(element[0].itertext()))
                assert _letters(cues[(begin, end)]).endswith(written), (text_id, cues[(begin, end)])
                sentence_clips += 1
            else:  # a whole element: from the start of one cue to the end of another
                assert begin in {s for s, _ in cues} and end in {e for _, e in cues}
    # Most of what is said is tied to single sentences (the body and the disclaimer).
    assert sentence_clips >= (25 if name == "seed" else 12)


def test_the_book_is_the_same_with_or_without_the_pdf_and_mp3_in_the_run(
    build_seed, seed_article, book
):
    # Alone, the read-aloud book lays the leaflet out and narrates the article itself
    # (through the speech cache): the same page numbers, the same recording, the same bytes.
    slug = seed_article.slug
    alone = build_seed("read-aloud") / slug / f"{slug}-read-aloud.epub"
    assert alone.read_bytes() == book.read_bytes()


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_every_sentence_span_is_read_once_in_reading_order(outputs, name):
    folder, slug = outputs[name]
    books = Book(folder / f"{slug}-read-aloud.epub")
    overlays = books.overlays()
    for item in books.items:
        if item.get("media-type") != "application/xhtml+xml":
            continue
        href = item.get("href")
        root = etree.fromstring(books.file(href))
        in_order = [el.get("id") for el in root.iter() if el.get("id")]
        spans = [i for i in in_order if SENTENCE_ID.search(i)]
        if href in ("cover.xhtml", "nav.xhtml"):
            assert not spans and href not in overlays
            continue
        assert href in overlays, f"{href} has no overlay"
        read = [text_id for _, text_id, _, _ in _pars(overlays[href][1])]
        assert sorted(set(spans)) == sorted(i for i in read if SENTENCE_ID.search(i))
        assert len(read) == len(set(read)), f"{href}: an element is read twice"
        # The pars follow the document: their elements appear in this order in it.
        assert read == sorted(read, key=in_order.index), href
    # The article's own paragraphs are read sentence by sentence.
    section = etree.fromstring(books.file("section-02.xhtml"))
    first = section.xpath("//x:p[@id]", namespaces=NS)[0]
    assert first.xpath("x:span/@id", namespaces=NS)[0] == f"{first.get('id')}_s1"


def test_lists_quotations_tables_and_pictures_are_read_where_they_are(outputs):
    folder, slug = outputs["rich"]
    books = Book(folder / f"{slug}-read-aloud.epub")
    overlays = books.overlays()
    lists = etree.fromstring(books.file("section-02.xhtml"))
    read = [text_id for _, text_id, _, _ in _pars(overlays["section-02.xhtml"][1])]
    # "Number 1: The cell on the left..." highlights the item's own sentence.
    item = lists.xpath("//x:ol/x:li[1]/x:p", namespaces=NS)[0]
    assert f"{item.get('id')}_s1" in read
    quote = lists.xpath("//x:blockquote", namespaces=NS)[0]
    assert read.count(quote.get("id")) == 1  # "Quotation." once, not again at its end
    table = etree.fromstring(books.file("section-03.xhtml"))
    rows = table.xpath("//x:tbody/x:tr/@id", namespaces=NS)
    read = [text_id for _, text_id, _, _ in _pars(overlays["section-03.xhtml"][1])]
    assert set(rows) <= set(read)  # each row, read as "Medicine: Sertraline; ..."
    intro = etree.fromstring(books.file("section-01.xhtml"))
    figure = intro.xpath("//x:figure/@id", namespaces=NS)[0]
    assert figure in [text_id for _, text_id, _, _ in _pars(overlays["section-01.xhtml"][1])]


def test_overlay_durations_active_class_and_accessibility_metadata(book):
    books = Book(book)
    meta = books.metadata()
    durations = {refines: value for prop, refines, value in meta if prop == "media:duration"}
    total = 0
    for _, (smil_id, smil) in books.overlays().items():
        clips = sum(end - begin for _, _, begin, end in _pars(smil))
        h, m, s = durations[f"#{smil_id}"].split(":")
        assert _ms(h, m, *s.split(".")) == clips
        total += clips
    h, m, s = durations[None].split(":")
    assert _ms(h, m, *s.split(".")) == total
    assert ("media:active-class", None, ACTIVE_CLASS) in meta
    css = books.file("style.css").decode()
    rule = re.search(rf"\.{ACTIVE_CLASS}\s*{{([^}}]*)}}", css)
    assert rule and "outline" in rule.group(1)  # a visible highlight in any colour scheme
    values = {(prop, value) for prop, _, value in meta}
    assert {
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "auditory"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessModeSufficient", "textual,auditory"),
        ("schema:accessibilityFeature", "synchronizedAudioText"),
        ("schema:accessibilityFeature", "pageBreakMarkers"),
    } <= values


def test_a_text_only_book_has_no_overlays_audio_or_auditory_claims(built, seed_article):
    path = built / f"{seed_article.slug}.epub"
    books = Book(path)
    kinds = {item.get("media-type") for item in books.items}
    assert "application/smil+xml" not in kinds and "audio/mpeg" not in kinds
    assert not any(item.get("media-overlay") for item in books.items)
    meta = books.metadata()
    assert not [m for m in meta if m[0].startswith("media:")]
    assert not [
        m for m in meta if m[2] in ("auditory", "textual,auditory", "synchronizedAudioText")
    ]
    for name, data in books.files.items():
        if name.endswith(".xhtml"):
            assert not re.search(rb'id="[^"]*_s\d+"', data), name
    # The page list is there all the same.
    assert ("schema:accessibilityFeature", None, "pageBreakMarkers") in meta
    # Small enough for a small data plan (issue 14: 36 KB against 2.3 MB with the audio).
    assert path.stat().st_size < 100 * 1024


def test_the_text_only_book_is_the_read_aloud_book_without_the_narration(built, seed_article):
    """Same documents, same words: only the audio, overlays and sentence spans differ."""
    slug = seed_article.slug
    text_only = Book(built / f"{slug}.epub")
    read_aloud = Book(built / f"{slug}-read-aloud.epub")
    spine = [item.get("href") for item in text_only.items if item.get("media-type") == XHTML]
    assert spine == [
        item.get("href") for item in read_aloud.items if item.get("media-type") == XHTML
    ]
    for href in spine:
        assert _words(text_only.file(href)) == _words(read_aloud.file(href)), href


def _words(xhtml: bytes) -> list[str]:
    return "".join(etree.fromstring(xhtml).itertext()).split()


@pytest.mark.validator
@pytest.mark.parametrize("name", ["seed", "rich"])
def test_epubcheck_reports_nothing_on_the_book_with_overlays_and_page_list(
    validators, outputs, name
):
    # test_epub_validators checks the text-only seed book; this is the read-aloud one.
    folder, slug = outputs[name]
    report = validators.epubcheck(folder / f"{slug}-read-aloud.epub")
    assert report.errors == [] and report.warnings == [], [str(m) for m in report.messages]


@pytest.mark.validator
def test_ace_reports_no_violations_on_the_book_with_overlays_and_page_list(validators, book):
    report = validators.ace(book)
    assert report.violations == (), [str(v) for v in report.violations]
    assert report.outcome == "pass"


def test_no_read_aloud_builds_every_format_but_the_read_aloud_book(
    tmp_path, seed_article, monkeypatch, capsys
):
    from ssri_docs import cli

    monkeypatch.chdir(ROOT)
    out, slug = tmp_path / "out", seed_article.slug
    status = cli.main(
        ["build", str(ROOT / "source" / f"{slug}.md"), "--format", "html,epub,read-aloud",
         "--no-read-aloud", "--out", str(out), "-q"]
    )  # fmt: skip
    assert status == 0
    assert {path.name for path in (out / slug).iterdir()} == {
        "build.json",
        f"{slug}-large-print.html",
        f"{slug}.epub",
    }
    # Nothing else asked for: a clear mistake, not an empty build.
    assert cli.main(["build", "--format", "read-aloud", "--no-read-aloud", "--out", str(out)]) == 2
    assert "--no-read-aloud leaves no format to build" in capsys.readouterr().err


def test_the_audio_is_stored_and_the_text_deflated(book):
    """Codec content stored, so a reading system seeks in the MP3 without inflating it
    from the start (W3C LPF, "Compression of resources"); the rest deflated."""
    with zipfile.ZipFile(book) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods.pop("mimetype") == zipfile.ZIP_STORED
    audio = [name for name in methods if name.endswith(".mp3")]
    assert audio and all(methods.pop(name) == zipfile.ZIP_STORED for name in audio)
    assert set(methods.values()) == {zipfile.ZIP_DEFLATED}
