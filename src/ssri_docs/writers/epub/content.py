"""The EPUB's XHTML: the planned content documents, the nav and the cover page rendered.

``plan`` decides which documents the book has and what each holds; here each is
rendered from jinja2 templates in ``templates/epub/`` with autoescaping, and parsed as
XML before it is used, so a document that is not well-formed never reaches a book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

import jinja2
from lxml import etree
from markupsafe import Markup, escape

from ... import anchors, templating, wording
from ...errors import BuildError, InternalError
from ...model import (
    Article,
    Code,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Passage,
    Preformatted,
    Quote,
    Reference,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    Text,
    ThematicBreak,
    Verse,
)
from .. import semantics
from .pages import PageMarks
from .plan import (
    COVER_FILE,
    NAV_FILE,
    STYLESHEET,
    TocEntry,
    headings_in,
    is_code_block,
    plan_documents,
    toc_children,
)
from .spans import PageMark, Piece, SentenceSpan, arrange, letter_offset, sentence_ranges

# Characters XML 1.0 cannot hold: a stray control character from a pasted text would
# otherwise make a document that no reading system opens.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ContentDocument:
    """One XHTML file of the book, in reading order."""

    uid: str  # manifest id
    file_name: str  # path inside the book's content folder
    title: str  # its label in the table of contents
    data: bytes
    toc: TocEntry  # its entry in the table of contents, with nested sub-headings
    landmark: str | None = None  # epub:type in the landmarks nav, e.g. "bibliography"


@dataclass
class Renderer:
    """What the templates call while rendering: ids, markers, text, links and pictures.

    Block ids come from ``anchors.py`` (``b_1``, ``b_2`` ... and the headings' own slugs),
    the same as the print leaflet's. The book's own parts have ids with an underscore,
    which a heading slug (a-z, 0-9 and "-") never has. ``page_marks`` says where the
    print pages begin; ``spans`` which sentences of which element the read-aloud
    highlights (element id -> {sentence number from 0: span id}).
    """

    article: Article
    heading_files: dict[str, str]  # heading id -> file holding it
    image_hrefs: dict[str, str]  # figure src -> path inside the book
    ids: dict[anchors.Path, str] = field(default_factory=dict)
    page_marks: PageMarks | None = None
    spans: dict[str, dict[int, str]] = field(default_factory=dict)
    current_file: str = ""
    placed: list[tuple[int, str]] = field(default_factory=list)  # (page, file), in order
    place = anchors.Place
    reference_anchor = staticmethod(anchors.reference_anchor)
    header_scope = staticmethod(semantics.header_scope)
    list_attributes = staticmethod(semantics.list_attributes)
    direction = staticmethod(semantics.direction)

    def anchor(self, path: anchors.Path) -> str:
        return self.ids[path]

    def marks_before(self, anchor: str) -> Markup:
        """The markers of the pages that begin with this element."""
        if self.page_marks is None:
            return Markup("")
        pages = self.page_marks.before.get(anchor, ())
        return Markup("").join(self._page_mark(page) for page in pages)

    def _page_mark(self, page: int) -> Markup:
        self.placed.append((page, self.current_file))
        return Markup(
            '<span role="doc-pagebreak" epub:type="pagebreak" id="page_{0}" aria-label="Page {0}"/>'
        ).format(page)

    def plain(self, anchor: str, text: str) -> Markup:
        return self.text(anchor, (Text(text),))

    def text(self, anchor: str, nodes: tuple[Inline, ...]) -> Markup:
        """Running text, its spoken sentences wrapped and page breaks placed in it."""
        raw = wording.inline_text(nodes)
        marks: list[tuple[int, int]] = []
        if self.page_marks is not None:
            for letters, page in self.page_marks.within.get(anchor, ()):
                offset = letter_offset(raw, letters)
                marks.append((len(raw) if offset is None else offset, page))
        wanted = self.spans.get(anchor, {})
        sentences = [
            (start, end, wanted[number])
            for number, (start, end) in enumerate(sentence_ranges(raw) if wanted else [])
            if number in wanted
        ]
        if not marks and not sentences:
            return self.inlines(nodes)
        return Markup("").join(self._piece(piece) for piece in arrange(nodes, sentences, marks))

    def _piece(self, piece: Piece) -> Markup:
        if isinstance(piece, PageMark):
            return self._page_mark(piece.page)
        if isinstance(piece, SentenceSpan):
            inner = Markup("").join(self._piece(part) for part in piece.parts)
            return Markup('<span id="{}">{}</span>').format(piece.id, inner)
        return self._inline(piece)

    @staticmethod
    def heading_level(heading: Heading) -> int:
        # The section heading (level 2) is each document's h1; deeper ones move up too.
        return min(heading.level - 1, 6)

    @staticmethod
    def align(cell: TableCell) -> Markup:
        if cell.align in ("center", "right"):
            return Markup(' class="align-{}"').format(cell.align)
        return Markup("")

    @staticmethod
    def reference_label(reference: Reference) -> str:
        return wording.reference_label(reference)

    @staticmethod
    def verse_inlines(verse: Verse) -> tuple[Inline, ...]:
        """A verse's lines as one run of text with a hard break between lines."""
        joined: list[Inline] = []
        for number, line in enumerate(verse.lines):
            joined += [LineBreak(), *line] if number else line
        return tuple(joined)

    @staticmethod
    def reference_source(reference: Reference) -> str:
        return wording.reference_source(reference)

    def image_href(self, figure: Figure) -> str:
        return self.image_hrefs[figure.src]

    def inlines(self, nodes: tuple[Inline, ...]) -> Markup:
        return Markup("").join(self._inline(node) for node in nodes)

    def _inline(self, node: Inline) -> Markup:
        if isinstance(node, Text):
            return escape(xml_text(node.text))
        if isinstance(node, Emphasis):
            return Markup("<em>{}</em>").format(self.inlines(node.children))
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.inlines(node.children))
        if isinstance(node, Code):
            return Markup("<code>{}</code>").format(xml_text(node.text))
        if isinstance(node, LineBreak):
            return Markup("<br/>")
        if isinstance(node, Superscript | Subscript):
            tag = "sup" if isinstance(node, Superscript) else "sub"
            return Markup("<{0}>{1}</{0}>").format(tag, self.inlines(node.children))
        if isinstance(node, Span):
            return Markup('<span xml:lang="{0}" lang="{0}" dir="{1}">{2}</span>').format(
                node.lang,
                semantics.direction(node.lang, node.direction),
                self.inlines(node.children),
            )
        if isinstance(node, Link):
            title = Markup(' title="{}"').format(xml_text(node.title)) if node.title else ""
            return Markup('<a href="{}"{}>{}</a>').format(
                self.link_href(node.href), title, self.inlines(node.children)
            )
        raise InternalError(
            f"the e-book writer does not know this kind of text ({type(node).__name__})",
            path=self.article.source_path,
        )

    def link_href(self, href: str) -> str:
        """A link's target inside the book: fragments point into the right document."""
        if href.startswith("#"):
            target = self.heading_files.get(href[1:])
            if target is None:
                raise BuildError(
                    f"the link {href!r} points to a heading that is not in the article",
                    path=self.article.source_path,
                    hint="use the heading's id as the address (its words in lower case, "
                    "joined by '-'), or link to a full web address.",
                )
            return f"{target}{href}"
        scheme = urlsplit(href).scheme
        if scheme not in ("http", "https", "mailto"):
            # The parser allows only these; a book must never carry e.g. javascript:.
            raise BuildError(
                f"the link address {href!r} cannot go into the e-book",
                path=self.article.source_path,
                hint="write the full address, starting with https://",
            )
        return href


def xml_text(text: str) -> str:
    """``text`` without the control characters that XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def _finalize(value: object) -> object:
    """Every printed value loses XML-forbidden characters; markup stays markup."""
    if isinstance(value, Markup):
        return Markup(xml_text(str(value)))
    if isinstance(value, str):
        return xml_text(value)
    return value


def _is(kind: type):
    return lambda value: isinstance(value, kind)


@cache
def environment() -> jinja2.Environment:
    return templating.environment(
        trim_blocks=True,
        finalize=_finalize,
        tests={
            "heading": _is(Heading),
            "paragraph": _is(Paragraph),
            "code_block": is_code_block,
            "list_block": _is(ListBlock),
            "quote": _is(Quote),
            "table": _is(Table),
            "figure": _is(Figure),
            "thematic_break": _is(ThematicBreak),
            "preformatted": _is(Preformatted),
            "verse": _is(Verse),
            "definition_list": _is(DefinitionList),
            "passage": _is(Passage),
        },
    )


def stylesheet() -> bytes:
    return templating.template_source(environment(), f"epub/{STYLESHEET}").encode()


@dataclass(frozen=True)
class RenderedBook:
    documents: list[ContentDocument]
    page_list: list[tuple[int, str]]  # (page, file holding its marker), in reading order


def render_documents(
    article: Article,
    image_hrefs: dict[str, str],
    *,
    page_marks: PageMarks | None = None,
    spans: dict[str, dict[int, str]] | None = None,
) -> RenderedBook:
    """The content documents in reading order (without the cover and the nav)."""
    plans = plan_documents(article)
    heading_files = {
        heading.id: plan.file_name for plan in plans for heading in headings_in(plan.blocks)
    }
    # Each section's own heading is its document's h1, outside its blocks.
    heading_files.update(
        (plan.variables["heading_id"], plan.file_name)
        for plan in plans
        if plan.template == "section"
    )
    renderer = Renderer(
        article,
        heading_files,
        image_hrefs,
        ids=anchors.anchor_ids(article),
        page_marks=page_marks,
        spans=spans or {},
    )
    documents = []
    for plan in plans:
        renderer.current_file = plan.file_name
        data = render(
            plan.template,
            article,
            page_title=_page_title(plan.title, article),
            r=renderer,
            blocks=plan.blocks,
            site=article.site,
            **plan.variables,
        )
        toc = TocEntry(
            plan.title,
            plan.file_name,
            toc_children(list(headings_in(plan.blocks)), plan.file_name),
        )
        documents.append(
            ContentDocument(plan.uid, plan.file_name, plan.title, data, toc, plan.landmark)
        )
    return RenderedBook(documents, list(renderer.placed))


def render_nav(
    article: Article,
    documents: list[ContentDocument],
    cover_label: str,
    page_list: list[tuple[int, str]] = (),
) -> bytes:
    """The navigation document: contents (every section), landmarks and print pages."""
    landmarks = [{"type": "cover", "href": COVER_FILE, "label": cover_label}]
    landmarks.append({"type": "toc", "href": NAV_FILE, "label": wording.CONTENTS_HEADING})
    landmarks += [
        {"type": doc.landmark, "href": doc.file_name, "label": doc.title}
        for doc in documents
        if doc.landmark
    ]
    return render(
        "nav",
        article,
        page_title=_page_title(wording.CONTENTS_HEADING, article),
        toc=[doc.toc for doc in documents],
        landmarks=landmarks,
        page_list=[
            {"href": f"{file_name}#page_{page}", "label": str(page)}
            for page, file_name in page_list
        ],
    )


def render_cover_page(article: Article, image_href: str, alt: str) -> bytes:
    return render("cover", article, page_title=article.title, image=image_href, alt=alt)


def _page_title(title: str, article: Article) -> str:
    return title if title == article.title else f"{title} - {article.title}"


def render(template: str, article: Article, **variables) -> bytes:
    """Render one template into well-formed XHTML bytes, or fail with the reason."""
    text = (
        environment()
        .get_template(f"epub/{template}.xhtml.j2")
        .render(language=article.language, stylesheet=STYLESHEET, wording=wording, **variables)
    )
    data = text.encode("utf-8")
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise InternalError(
            f"the e-book page made from the {template} template is not well-formed XHTML ({error})",
            path=article.source_path,
        ) from error
    return data
