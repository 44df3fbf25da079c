"""How each kind of block is read aloud. How a listener meets each construct:

- paragraph: sentence by sentence; a hard line break is a pause (a sentence boundary);
  a phrase in another language is spoken by a voice for that language, or, when the
  engine has none, replaced by "a phrase in Urdu" (never the English voice
  mispronouncing it);
- list: "A list of 3 items" (", counting down" when reversed), then each item with
  its printed label (``ListBlock.labels``): "Number 3: ...", "Item c: ...";
- table: its caption ("Table: Weekly doses."), its size ("3 rows and 3 columns."),
  then row by row, each cell after its column header and the row's header ("1–2,
  Daily dose: 50 mg"); a cell spanning columns is said once with both headers, a
  data cell spanning rows is "as above" in the rows below; footer rows are announced
  ("Table footer."); a header-less table is read "Row 1: ...";
- preformatted text and verse: line by line, a pause after each line;
- figure: "Picture: <alt>." then its caption; a linked picture "Picture, link: <alt>.";
  a decorative picture is silent;
- definition list: "A glossary of 2 terms.", then "Term: definition.";
- passage in another language: "A passage in Welsh follows." then the passage in a
  Welsh voice; with no voice, "A passage in Urdu follows; this recording's voice
  cannot read it." (the transcript keeps the passage's text).
"""

from __future__ import annotations

from dataclasses import replace

from ...model import (
    Block,
    DefinitionList,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Passage,
    Preformatted,
    Quote,
    Table,
    TableCell,
    Verse,
    iter_blocks,
)
from ...speech.languages import language_name, primary
from ...wording import split_sentences
from .inline_speech import plain, runs, spoken
from .script import LANGUAGE_SWITCH_PAUSE, LIST_ITEM, SENTENCE, BlockPath, ChapterBuilder, sentence


def read_block(chapter: ChapterBuilder, block: Block, path: BlockPath, language=None) -> None:
    """Add the utterances of ``block`` (at ``path``) to ``chapter``; ``language`` is the
    tag of a passage it is in (None: the article's own)."""
    if isinstance(block, Heading):
        chapter.heading(plain(block.children), path)
    elif isinstance(block, Paragraph):
        read_inlines(chapter, block.children, path, language=language)
    elif isinstance(block, ListBlock):
        _read_list(chapter, block, path, language)
    elif isinstance(block, Quote):
        chapter.sentences("Quotation.", path)
        for index, inner in enumerate(block.blocks):
            read_block(chapter, inner, (*path, index), language)
        chapter.sentences("End of quotation.", path)
    elif isinstance(block, Table):
        _read_table(chapter, block, path)
    elif isinstance(block, Figure):
        _read_figure(chapter, block, path)
    elif isinstance(block, Preformatted):
        _read_lines(chapter, [line for line in block.text.splitlines() if line.strip()], path)
    elif isinstance(block, Verse):
        for line in block.lines:
            read_inlines(
                chapter, line, path, language=language, pause=chapter.narration.sentence_pause
            )
        chapter.end_block()
    elif isinstance(block, DefinitionList):
        _read_definitions(chapter, block, path, language)
    elif isinstance(block, Passage):
        _read_passage(chapter, block, path)


def read_inlines(
    chapter: ChapterBuilder,
    inlines: tuple[Inline, ...],
    path: BlockPath,
    *,
    kind: str = SENTENCE,
    prefix: tuple[str, str] = ("", ""),
    language: str | None = None,
    pause: float | None = None,
) -> None:
    """Running text: one utterance per sentence, line and language. ``prefix`` is a
    (written, spoken) label said before it ("3. ", "Number 3: ")."""
    narration = chapter.narration
    parts = runs(inlines, language)
    for run_index, run in enumerate(parts):
        voice = _voice(chapter, run.language)
        lines = [line for line in run.text.split("\n") if line.strip()]
        for line_index, line in enumerate(lines):
            sentences = split_sentences(line)
            for number, text in enumerate(sentences):
                last_in_run = line_index == len(lines) - 1 and number == len(sentences) - 1
                gap = narration.sentence_pause
                if last_in_run and run_index < len(parts) - 1 and text[-1] not in ".!?…:;":
                    gap = LANGUAGE_SWITCH_PAUSE  # the sentence goes on in another language
                final = last_in_run and run_index == len(parts) - 1
                if kind == LIST_ITEM and final:
                    text = sentence(text)  # an item ends like a sentence: the voice falls
                said = spoken(text)
                if voice is False:  # no voice for this language: say what it is
                    said = f"(a phrase in {language_name(run.language or '')})"
                tag = voice if isinstance(voice, str) else None
                written_prefix, spoken_prefix = prefix
                if written_prefix and tag is None:
                    text, said = written_prefix + text, spoken_prefix + said
                elif written_prefix:
                    chapter.say(kind, written_prefix, gap, path, spoken=spoken_prefix)
                prefix = ("", "")
                chapter.say(kind, text, gap, path, spoken=said, language=tag)
    if pause is None:
        chapter.end_block()
    elif chapter.utterances:
        chapter.utterances[-1] = replace(chapter.utterances[-1], pause_after=pause)


def _voice(chapter: ChapterBuilder, tag: str | None) -> str | None | bool:
    """None: the narration's voice; a tag: a voice for it; False: no voice has it."""
    if tag is None or primary(tag) == primary(chapter.article.language):
        return None
    return tag if chapter.can_speak(tag) else False


def _read_lines(chapter: ChapterBuilder, lines: list[str], path: BlockPath) -> None:
    for line in lines:
        chapter.say(SENTENCE, line, chapter.narration.sentence_pause, path)
    chapter.end_block()


def _read_list(
    chapter: ChapterBuilder, block: ListBlock, path: BlockPath, language: str | None
) -> None:
    count = len(block.items)
    noun = "item" if count == 1 else "items"
    order = ", counting down" if block.ordered and block.reversed else ""
    chapter.sentences(f"A list of {count} {noun}{order}.", path)
    for item_index, (item, label) in enumerate(zip(block.items, block.labels(), strict=True)):
        item_path = (*path, item_index)
        if label:
            said = label.rstrip(".")
            word = "Number" if block.numbering == "1" else "Item"
            prefix = (f"{label} ", f"{word} {said}: ")
        else:
            prefix = ("", "")
        for inner_index, inner in enumerate(item.blocks):
            inner_path = (*item_path, inner_index)
            if isinstance(inner, Paragraph):
                read_inlines(
                    chapter, inner.children, inner_path, kind=LIST_ITEM, prefix=prefix,
                    language=language,
                )  # fmt: skip
                prefix = ("", "")
            else:
                if prefix[0]:
                    chapter.say(LIST_ITEM, prefix[0], 0.2, inner_path, spoken=prefix[1])
                    prefix = ("", "")
                read_block(chapter, inner, inner_path, language)


def _read_table(chapter: ChapterBuilder, table: Table, path: BlockPath) -> None:
    grid = table.grid()
    columns = len(grid[0]) if grid else 0
    head, foot = len(table.head), len(table.foot)
    rows = len(grid) - head
    caption = plain(table.caption)
    if caption:
        chapter.sentences(sentence(f"Table: {caption}"), path)
    else:
        chapter.sentences("A table.", path)
    chapter.sentences(
        f"{rows} {'row' if rows == 1 else 'rows'} and "
        f"{columns} {'column' if columns == 1 else 'columns'}.",
        path,
    )
    headers = [_column_header(grid[:head], column) for column in range(columns)]
    said: set[int] = set()
    for row_index in range(head, len(grid)):
        if foot and row_index == len(grid) - foot:
            chapter.sentences("Table footer.", path)
        cells = _row_words(grid[row_index], headers, said)
        label = (
            ""
            if any(headers) or _has_row_header(grid[row_index])
            else f"Row {row_index - head + 1}: "
        )
        text = sentence(label + "; ".join(cells)).replace("\x00; ", ", ")
        # The row's place is its body row, as anchors.py numbers them (the e-book's
        # read-aloud highlights that row), not its index in the grid with the head rows.
        chapter.say(
            LIST_ITEM, text, chapter.narration.paragraph_pause, (*path, row_index - head),
            spoken=spoken(text),
        )  # fmt: skip


def _column_header(head_rows, column: int) -> str:
    names: list[str] = []
    for row in head_rows:
        cell = row[column]
        if cell is not None and cell.header:
            name = plain(cell.children)
            if name and name not in names:
                names.append(name)
    return ", ".join(names)


def _has_row_header(row) -> bool:
    return any(cell is not None and _is_row_header(cell) for cell in row)


def _is_row_header(cell: TableCell) -> bool:
    return cell.header and cell.scope in ("row", "both", None)


def _row_words(row, headers: list[str], said: set[int]) -> list[str]:
    """The row's cells as "header: value", each spanning cell once, row headers first."""
    row_header = ", ".join(
        plain(cell.children) for cell in dict.fromkeys(c for c in row if c is not None)
        if _is_row_header(cell)
    )  # fmt: skip
    words = [row_header + "\x00"] if row_header else []  # "Sertraline, Week: 1–2"
    for cell in dict.fromkeys(c for c in row if c is not None):
        if _is_row_header(cell):
            continue
        columns = [index for index, slot in enumerate(row) if slot is cell]
        names = [headers[index] for index in columns if headers[index]]
        value = plain(cell.children) or "empty"
        if id(cell) in said:
            value = "as above"
        said.add(id(cell))
        named = " and ".join(dict.fromkeys(names))
        words.append(f"{named}: {value}" if named else value)
    return words


def _read_figure(chapter: ChapterBuilder, figure: Figure, path: BlockPath) -> None:
    if figure.decorative or not figure.alt.strip():
        return  # hidden from assistive technology in every format
    kind = "Picture, link" if figure.href else "Picture"
    chapter.sentences(f"{kind}: {sentence(figure.alt)}", path)
    if figure.caption:
        read_inlines(chapter, figure.caption, path)


def _read_definitions(
    chapter: ChapterBuilder, block: DefinitionList, path: BlockPath, language: str | None
) -> None:
    count = len(block.items)
    chapter.sentences(f"A glossary of {count} {'term' if count == 1 else 'terms'}.", path)
    for index, item in enumerate(block.items):
        term = plain(item.term)
        prefix = (f"{term}: ", f"{term}: ")
        for definition in item.definitions:
            for inner_index, inner in enumerate(definition):
                inner_path = (*path, index, inner_index)
                if isinstance(inner, Paragraph) and prefix[0]:
                    read_inlines(
                        chapter, inner.children, inner_path, kind=LIST_ITEM, prefix=prefix,
                        language=language,
                    )  # fmt: skip
                    prefix = ("", "")
                else:
                    read_block(chapter, inner, inner_path, language)


def _read_passage(chapter: ChapterBuilder, passage: Passage, path: BlockPath) -> None:
    voice = _voice(chapter, passage.lang)
    name = language_name(passage.lang)
    if voice is None:  # the article's own language
        for index, inner in enumerate(passage.blocks):
            read_block(chapter, inner, (*path, index))
        return
    if voice is False:
        note = f"A passage in {name} follows; this recording's voice cannot read it."
        text = " ".join(
            plain(block.children) for block in iter_blocks(passage.blocks)
            if isinstance(block, Paragraph)
        )  # fmt: skip
        chapter.say(
            SENTENCE, f"{note} {text}", chapter.narration.paragraph_pause, path, spoken=note
        )
        return
    chapter.sentences(f"A passage in {name} follows.", path)
    for index, inner in enumerate(passage.blocks):
        read_block(chapter, inner, (*path, index), passage.lang)
