"""Read ``source/*.md`` and ``source/site.yaml`` into the document model.

This is the only module that parses the source text. Every problem is reported as a
:class:`SourceError` naming the file, the line and what to do, because the people who
edit these files are content editors, not programmers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .errors import SourceError
from .model import (
    Article,
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Narration,
    Paragraph,
    Quote,
    Reference,
    Related,
    RelatedLink,
    Site,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from .wording import inline_text

SITE_FILE = "site.yaml"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")

# --- YAML with line numbers --------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date gets our own message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class _Field:
    """A value from the YAML with the line it starts on (1-based, in the file)."""

    value: Any
    line: int
    node: yaml.Node


class _Mapping:
    """A YAML mapping whose values remember their line numbers."""

    def __init__(self, node: yaml.MappingNode, path: Path, line_offset: int, what: str):
        self.node = node
        self.path = path
        self.line_offset = line_offset
        self.what = what
        self.fields: dict[str, _Field] = {}
        loader = _Loader("")
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + line_offset
            if not isinstance(key, str):
                raise SourceError(
                    f"{key!r} is not a valid name in {what}",
                    path=path,
                    line=line,
                    hint="write each setting as 'name: value'.",
                )
            if key in self.fields:
                raise SourceError(
                    f"'{key}' is given twice in {what}",
                    path=path,
                    line=line,
                    hint=f"keep one '{key}:' line and delete the other "
                    f"(the first is on line {self.fields[key].line}).",
                )
            self.fields[key] = _Field(
                loader.construct_object(value_node, deep=True), line, value_node
            )
        self.line = node.start_mark.line + 1 + line_offset

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key, field in self.fields.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"did you mean '{close[0]}'? Correct the spelling."
                    if close
                    else f"the names allowed here are: {', '.join(allowed)}."
                )
                raise SourceError(
                    f"unknown name '{key}' in {self.what}",
                    path=self.path,
                    line=field.line,
                    hint=hint,
                )

    def sub(self, key: str, what: str) -> _Mapping | None:
        field = self.fields.get(key)
        if field is None or field.value is None:
            return None
        if not isinstance(field.node, yaml.MappingNode):
            raise SourceError(
                f"'{key}' must be a group of 'name: value' lines",
                path=self.path,
                line=field.line,
                hint=f"indent the lines under '{key}:' by two spaces.",
            )
        return _Mapping(field.node, self.path, self.line_offset, what)

    def text(self, key: str, *, required: bool, hint: str = "") -> str | None:
        field = self.fields.get(key)
        if (
            field is None
            or field.value is None
            or (isinstance(field.value, str) and not field.value.strip())
        ):
            if required:
                line = field.line if field else self.line
                state = "is empty" if field else "is missing"
                raise SourceError(
                    f"'{key}' {state} in {self.what}",
                    path=self.path,
                    line=line,
                    hint=hint or f"add a line '{key}: ...' with a value.",
                )
            return None
        if isinstance(field.value, (dict, list)):
            raise SourceError(
                f"'{key}' must be text, not a list or group",
                path=self.path,
                line=field.line,
                hint=f"write it on one line: '{key}: your text'.",
            )
        return " ".join(str(field.value).split())

    def url(self, key: str, *, required: bool) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        _check_url(value, self.path, self.fields[key].line, key)
        return value

    def date(self, key: str, *, required: bool) -> date | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            # fromisoformat alone would also accept forms like 20250729
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise SourceError(
                f"'{key}' is not a valid date: {value!r}",
                path=self.path,
                line=self.fields[key].line,
                hint="write dates as YYYY-MM-DD, for example 2025-07-29.",
            ) from None

    def integer(self, key: str, default: int) -> int:
        field = self.fields.get(key)
        if field is None:
            return default
        if not isinstance(field.value, int) or isinstance(field.value, bool) or field.value <= 0:
            raise SourceError(
                f"'{key}' must be a whole number above 0",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return field.value

    def number(self, key: str, default: float) -> float:
        field = self.fields.get(key)
        if field is None:
            return default
        if (
            not isinstance(field.value, (int, float))
            or isinstance(field.value, bool)
            or field.value < 0
        ):
            raise SourceError(
                f"'{key}' must be a number of 0 or more",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return float(field.value)


def _check_url(value: str, path: Path, line: int, what: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise SourceError(
            f"'{what}' is not a valid web address: {value!r}",
            path=path,
            line=line,
            hint="write the full address, starting with https://",
        )


def _parse_yaml(text: str, path: Path, line_offset: int, what: str) -> _Mapping:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = error.problem or error.context or "it cannot be read"
        raise SourceError(
            f"the {what} is not valid YAML: {problem}",
            path=path,
            line=line,
            hint="check the indentation and that every line reads 'name: value'; "
            "put text containing ': ' in double quotes.",
        ) from None
    except yaml.YAMLError as error:
        raise SourceError(f"the {what} is not valid YAML: {error}", path=path) from None
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
        node.start_mark = yaml.Mark(str(path), 0, 0, 0, None, None)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            f"the {what} must be a list of 'name: value' lines",
            path=path,
            line=node.start_mark.line + 1 + line_offset,
            hint="see docs/source-format.md for an example.",
        )
    return _Mapping(node, path, line_offset, what)


# --- site.yaml -------------------------------------------------------------

_SITE_KEYS = (
    "publisher",
    "publisher-url",
    "disclaimer",
    "contact",
    "other-formats",
    "downloads-url",
    "review-interval-months",
    "narration",
)
_NARRATION_KEYS = (
    "engine",
    "gtts-language",
    "gtts-tld",
    "espeak-voice",
    "words-per-minute",
    "heading-pause",
    "sentence-pause",
    "paragraph-pause",
)
ENGINES = ("auto", "gtts", "espeak", "piper")


def load_site(path: Path) -> Site:
    """Read the shared settings every article uses."""
    text = _read_text(path, hint="create source/site.yaml (see docs/source-format.md).")
    data = _parse_yaml(text, path, 0, "site settings")
    data.check_keys(_SITE_KEYS)
    narration = Narration()
    settings = data.sub("narration", "the narration settings")
    if settings is not None:
        settings.check_keys(_NARRATION_KEYS)
        engine = settings.text("engine", required=False) or narration.engine
        if engine not in ENGINES:
            raise SourceError(
                f"unknown narration engine {engine!r}",
                path=path,
                line=settings.fields["engine"].line,
                hint=f"use one of: {', '.join(ENGINES)}.",
            )
        narration = Narration(
            engine=engine,
            gtts_language=settings.text("gtts-language", required=False) or narration.gtts_language,
            gtts_tld=settings.text("gtts-tld", required=False) or narration.gtts_tld,
            espeak_voice=settings.text("espeak-voice", required=False) or narration.espeak_voice,
            words_per_minute=settings.integer("words-per-minute", narration.words_per_minute),
            heading_pause=settings.number("heading-pause", narration.heading_pause),
            sentence_pause=settings.number("sentence-pause", narration.sentence_pause),
            paragraph_pause=settings.number("paragraph-pause", narration.paragraph_pause),
        )
    return Site(
        publisher=data.text("publisher", required=True),
        publisher_url=data.url("publisher-url", required=True),
        disclaimer=data.text("disclaimer", required=False) or "",
        contact=data.text("contact", required=True),
        other_formats=data.text("other-formats", required=True),
        downloads_url=data.url("downloads-url", required=True),
        review_interval_months=data.integer("review-interval-months", 36),
        narration=narration,
    )


# --- article front matter ---------------------------------------------------

_ARTICLE_KEYS = (
    "title",
    "slug",
    "language",
    "summary",
    "canonical-url",
    "published",
    "last-reviewed",
    "next-review",
    "disclaimer",
    "references",
    "related",
    "pronunciation",
)


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            "the file does not start with a details box (a line of three dashes '---')",
            path=path,
            line=1,
            hint="start the file with '---', the title, dates and references, then '---' "
            "(see docs/source-format.md).",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise SourceError(
        "the details box at the top is never closed",
        path=path,
        line=1,
        hint="add a line of three dashes '---' after the last detail, before the article text.",
    )


def add_months(value: date, months: int) -> date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _references(data: _Mapping) -> tuple[Reference, ...]:
    field = data.fields.get("references")
    hint = "add at least one reference: '- title: ...' with 'url: https://...' below it."
    if field is None or not field.value:
        raise SourceError(
            "the article has no references",
            path=data.path,
            line=field.line if field else data.line,
            hint=hint,
        )
    if not isinstance(field.node, yaml.SequenceNode):
        raise SourceError("'references' must be a list", path=data.path, line=field.line, hint=hint)
    references = []
    for item in field.node.value:
        line = item.start_mark.line + 1 + data.line_offset
        if not isinstance(item, yaml.MappingNode):
            raise SourceError(
                "each reference needs a 'title:' and a 'url:'", path=data.path, line=line, hint=hint
            )
        entry = _Mapping(item, data.path, data.line_offset, "a reference")
        entry.check_keys(("title", "url", "note"))
        references.append(
            Reference(
                title=entry.text("title", required=True),
                url=entry.url("url", required=True),
                note=entry.text("note", required=False),
            )
        )
    return tuple(references)


def _related(data: _Mapping) -> Related:
    group = data.sub("related", "'related'")
    if group is None:
        return Related()
    group.check_keys(("previous", "next"))
    links = {}
    for key in ("previous", "next"):
        entry = group.sub(key, f"'related: {key}'")
        if entry is not None:
            entry.check_keys(("title", "url"))
            links[key] = RelatedLink(
                title=entry.text("title", required=True), url=entry.url("url", required=True)
            )
    return Related(**links)


def _pronunciation(data: _Mapping) -> tuple[tuple[str, str], ...]:
    group = data.sub("pronunciation", "'pronunciation'")
    if group is None:
        return ()
    return tuple((term, group.text(term, required=True)) for term in group.fields)


def load_article(path: Path, site: Site) -> Article:
    """Read one article file into the model, checking everything a writer relies on."""
    text = _read_text(path, hint="check the file name and that the file is saved as UTF-8.")
    front, body, body_line = _split_front_matter(text, path)
    data = _parse_yaml(front, path, 1, "details box")
    data.check_keys(_ARTICLE_KEYS)

    title = data.text("title", required=True, hint="add a line 'title: The article title'.")
    slug = data.text("slug", required=True)
    if not SLUG_PATTERN.match(slug):
        raise SourceError(
            f"the slug {slug!r} can only use lower-case letters, digits and single hyphens",
            path=path,
            line=data.fields["slug"].line,
            hint="write it like 'how-ssri-work'.",
        )
    language = data.text("language", required=True)
    if not LANGUAGE_PATTERN.match(language):
        raise SourceError(
            f"{language!r} is not a language code",
            path=path,
            line=data.fields["language"].line,
            hint="use a code such as en-GB.",
        )
    last_reviewed = data.date("last-reviewed", required=True)
    next_review = data.date("next-review", required=False) or add_months(
        last_reviewed, site.review_interval_months
    )
    if next_review <= last_reviewed:
        raise SourceError(
            "'next-review' must be after 'last-reviewed'",
            path=path,
            line=data.fields["next-review"].line,
            hint="correct the date, or delete the line to use the site's review interval.",
        )
    disclaimer = data.text("disclaimer", required=False) or site.disclaimer
    if not disclaimer:
        raise SourceError(
            "the article has no disclaimer, and site.yaml gives no default one",
            path=path,
            line=data.line,
            hint="add 'disclaimer: ...' to the article, "
            "or a default 'disclaimer:' to source/site.yaml.",
        )
    return Article(
        slug=slug,
        title=title,
        language=language,
        summary=data.text("summary", required=True),
        canonical_url=data.url("canonical-url", required=True),
        published=data.date("published", required=True),
        last_reviewed=last_reviewed,
        next_review=next_review,
        disclaimer=disclaimer,
        references=_references(data),
        related=_related(data),
        pronunciation=_pronunciation(data),
        blocks=parse_body(body, path, body_line),
        site=site,
        source_path=path.resolve(),
    )


def load_sources(paths: list[Path], site_path: Path) -> list[Article]:
    """Read the site settings and every article; two articles may not share a slug."""
    site = load_site(site_path)
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in paths:
        article = load_article(path, site)
        if article.slug in seen:
            raise SourceError(
                f"the slug {article.slug!r} is already used by {seen[article.slug].name}",
                path=path,
                line=_line_of_key(path, "slug"),
                hint="give each article its own slug.",
            )
        seen[article.slug] = path
        articles.append(article)
    return articles


def find_articles(source_dir: Path) -> list[Path]:
    """Every article file in a source folder, in a stable order."""
    return sorted(p for p in source_dir.glob("*.md") if p.name.lower() != "readme.md")


def _line_of_key(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _read_text(path: Path, hint: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("the file does not exist", path=path, hint=hint) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(
            "the file is not UTF-8 text", path=path, line=line, hint="save it as UTF-8."
        ) from None
    except OSError as error:
        raise SourceError(f"the file cannot be read: {error.strerror}", path=path) from None


# --- Markdown body ------------------------------------------------------------

_markdown = MarkdownIt("commonmark").enable("table")


class _BodyParser:
    def __init__(self, path: Path, first_line: int):
        self.path = path
        self.first_line = first_line
        self.heading_ids: set[str] = set()
        self.last_level = 1

    def line(self, node: SyntaxTreeNode) -> int | None:
        current: SyntaxTreeNode | None = node
        while current is not None:
            if current.map:
                return current.map[0] + self.first_line
            current = current.parent
        return None

    def fail(self, node: SyntaxTreeNode, message: str, hint: str) -> None:
        raise SourceError(message, path=self.path, line=self.line(node), hint=hint)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> tuple[Block, ...]:
        return tuple(block for node in nodes if (block := self.block(node)) is not None)

    def block(self, node: SyntaxTreeNode) -> Block | None:
        kind = node.type
        if kind == "heading":
            return self.heading(node)
        if kind == "paragraph":
            inlines = self.inlines(node.children[0].children if node.children else [])
            if len(inlines) == 1 and isinstance(inlines[0], Figure):
                return inlines[0]
            if any(isinstance(i, Figure) for i in inlines):
                self.fail(
                    node, "a picture is inside a paragraph", "put the picture on a line of its own."
                )
            return Paragraph(inlines)
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(ListItem(self.blocks(item.children)) for item in node.children)
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            return ListBlock(ordered=kind == "ordered_list", items=items, start=start)
        if kind == "blockquote":
            return Quote(self.blocks(node.children))
        if kind == "table":
            return self.table(node)
        if kind == "hr":
            return ThematicBreak()
        if kind in ("code_block", "fence"):
            return Paragraph((Code(node.content.rstrip("\n")),))
        if kind == "html_block":
            self.fail(
                node,
                "HTML is not allowed in the article text",
                "use Markdown instead (see docs/source-format.md); "
                "the build adds all layout itself.",
            )
        self.fail(
            node, f"this kind of block ({kind}) is not supported", "see docs/source-format.md."
        )
        return None

    def heading(self, node: SyntaxTreeNode) -> Heading:
        level = int(node.tag[1])
        if level == 1:
            self.fail(
                node,
                "the article text has a top-level heading ('# ...')",
                "the title comes from 'title:' in the details box; use '## ' for section headings.",
            )
        if level > self.last_level + 1:
            self.fail(
                node,
                f"this heading skips from level {self.last_level} to level {level}",
                f"use {'#' * (self.last_level + 1)} for this heading, so screen-reader users "
                "can follow the outline.",
            )
        self.last_level = level
        children = self.inlines(node.children[0].children if node.children else [])
        text = inline_text(children).strip()
        if not text:
            self.fail(
                node, "this heading is empty", "write the heading's text after the '#' marks."
            )
        return Heading(level=level, children=children, id=self.unique_id(text))

    def unique_id(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        candidate, number = base, 2
        while candidate in self.heading_ids:
            candidate, number = f"{base}-{number}", number + 1
        self.heading_ids.add(candidate)
        return candidate

    def table(self, node: SyntaxTreeNode) -> Table:
        head, body = [], []
        for part in node.children:
            for row in part.children:
                cells = tuple(
                    TableCell(
                        self.inlines(cell.children[0].children if cell.children else []),
                        _alignment(cell.attrs.get("style")),
                    )
                    for cell in row.children
                )
                (head if part.type == "thead" else body).append(cells)
        return Table(header=head[0] if head else (), rows=tuple(body))

    def inlines(self, nodes: list[SyntaxTreeNode]) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                if result and isinstance(result[-1], Text):
                    result[-1] = Text(result[-1].text + node.content)
                else:
                    result.append(Text(node.content))
            elif kind == "softbreak":
                result.append(Text(" "))
            elif kind == "hardbreak":
                result.append(LineBreak())
            elif kind == "em":
                result.append(Emphasis(self.inlines(node.children)))
            elif kind == "strong":
                result.append(Strong(self.inlines(node.children)))
            elif kind == "code_inline":
                result.append(Code(node.content))
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                self.check_link(node, href)
                title = node.attrs.get("title")
                result.append(
                    Link(href, self.inlines(node.children), str(title) if title else None)
                )
            elif kind == "image":
                result.append(self.figure(node))
            elif kind == "html_inline":
                self.fail(node, "HTML is not allowed in the article text", "use Markdown instead.")
            else:
                self.fail(
                    node, f"unsupported text formatting ({kind})", "see docs/source-format.md."
                )
        return tuple(_merge_text(result))

    def check_link(self, node: SyntaxTreeNode, href: str) -> None:
        parts = urlsplit(href)
        if href.startswith("#") and len(href) > 1:
            return
        if parts.scheme == "mailto" and "@" in parts.path:
            return
        if parts.scheme in ("http", "https") and parts.hostname:
            return
        self.fail(
            node,
            f"the link address {href!r} is not a full web address",
            "write the full address, starting with https://",
        )

    def figure(self, node: SyntaxTreeNode) -> Figure:
        src = str(node.attrs.get("src", ""))
        if urlsplit(src).scheme or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            self.fail(
                node,
                f"the picture {src!r} is not a file next to the article",
                "save the picture in the article's folder and write just its file name.",
            )
        folder = self.path.resolve().parent
        target = (folder / src).resolve()
        if not target.is_relative_to(folder) or not target.is_file():
            self.fail(
                node,
                f"the picture file {src!r} was not found next to the article",
                "check the file name and that the picture is in the same folder as the article.",
            )
        alt = inline_text(self.inlines(node.children)).strip()
        title = node.attrs.get("title")
        return Figure(src=src, alt=alt, caption=(Text(str(title)),) if title else ())


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in inlines:
        if merged and isinstance(item, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return merged


def _alignment(style: object) -> str | None:
    match = re.search(r"text-align:\s*(left|center|right)", str(style or ""))
    return match.group(1) if match else None


def parse_body(text: str, path: Path, first_line: int) -> tuple[Block, ...]:
    """Parse the Markdown article text into blocks."""
    tree = SyntaxTreeNode(_markdown.parse(text))
    parser = _BodyParser(path, first_line)
    blocks = parser.blocks(tree.children)
    if not blocks:
        raise SourceError(
            "the article has no text below the details box",
            path=path,
            line=first_line,
            hint="write the article's text after the closing '---' line.",
        )
    return blocks
