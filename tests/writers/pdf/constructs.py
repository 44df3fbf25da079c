"""Issue 10's fixture article as model objects, for the print tests.

The source parser's fixture (tests/fixtures/articles/constructs/) says the same in
Markdown; building the model here keeps the PDF tests independent of the parser and
lets them hold every construct the model has (header-less and spanning tables too)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from ssri_docs.model import (
    Article,
    Definition,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Passage,
    Preformatted,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    Text,
    Verse,
)
from ssri_docs.source import load_article, load_site

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
WELSH = "Mae'r wybodaeth hon ar gael yn Gymraeg. Ffoniwch ni i gael copi."
URDU = "یہ معلومات اردو میں بھی دستیاب ہے۔ کاپی کے لیے ہمیں فون کریں۔"
CHINESE = "强迫症"
TRADITIONAL = "強迫症"
POLISH = "Zaburzenia obsesyjno-kompulsyjne: żółć, źdźbło, łąka."
BENGALI = "এই তথ্য বাংলায়"
PUNJABI = "ਇਹ ਜਾਣਕਾਰੀ ਪੰਜਾਬੀ ਵਿੱਚ"
GUJARATI = "આ માહિતી ગુજરાતીમાં"


def t(text: str) -> Text:
    return Text(text)


def p(*children) -> Paragraph:
    return Paragraph(tuple(Text(c) if isinstance(c, str) else c for c in children))


def cell(text: str, **options) -> TableCell:
    return TableCell((Text(text),), **options)


def items(*texts: str) -> tuple[ListItem, ...]:
    return tuple(ListItem((p(text),)) for text in texts)


DOSES = Table(
    head=((cell("Week", header=True, scope="col"), cell("Daily dose", header=True, scope="col")),),
    body=((cell("1–2"), cell("50 mg")), (cell("3–4"), cell("100 mg"))),
    caption=(t("Weekly doses of sertraline"),),
)
TABLETS = Table(
    head=(
        (
            cell("Medicine", header=True, scope="col"),
            cell("Week", header=True, scope="col"),
            cell("Tablets", header=True, scope="col"),
        ),
    ),
    body=(
        (cell("Sertraline", header=True, scope="row", rowspan=2), cell("1–2"), cell("14")),
        (cell("3–4"), cell("28")),
        (cell("Fluoxetine", header=True, scope="row"), cell("Not started yet", colspan=2)),
    ),
    foot=((cell("Total", header=True, scope="row", colspan=2), cell("42")),),
    caption=(t("Tablets taken in the first month"),),
)
CONTACTS = Table(head=(), body=((cell("Helpline"), cell("0333 212 7890")),))
LISTS = (
    ListBlock(True, items("Write down what you feel.", "Give it a score.", "Put it away."), 3),
    ListBlock(True, items("Three breaths left.", "Two left.", "Last breath."), 3, True),
    ListBlock(True, items("Ask your doctor.", "Ask your pharmacist."), numbering="a"),
    ListBlock(True, items("Before.", "During.", "After.", "Later."), numbering="i"),
)

BLOCKS = (
    p(
        "SSRIs treat OCD.",
        Superscript((t("1"),)),
        " Breathe out CO",
        Subscript((t("2"),)),
        " slowly. Croeso: ",
        Span("cy", (t("Mae'r wybodaeth hon ar gael."),)),
    ),
    Heading(2, (t("Your doses 💊"),), "your-doses"),
    DOSES,
    TABLETS,
    CONTACTS,
    Heading(2, (t("Numbered steps"),), "numbered-steps"),
    p("Steps 1 and 2 were last week. Then:"),
    *LISTS,
    Heading(2, (t("Line breaks"),), "line-breaks"),
    p("Write the score.", LineBreak(), "Then put the diary away."),
    Preformatted("Time     Score   Note\n09:00    7       before work"),
    Verse(((t("Breathe in slowly."),), (t("Breathe out, counting to "), Emphasis((t("six"),))))),
    Heading(2, (t("Pictures"),), "pictures"),
    Figure("synapse.png", "Two nerve cells", (t("The gap between two nerve cells"),)),
    Figure(
        "find-a-service.png",
        "Find a service near you",
        (t("Find a talking therapy service"),),
        href="https://www.nhs.uk/service-search/",
    ),
    Figure("border.png", "", decorative=True),
    Heading(2, (t("Glossary"),), "glossary"),
    DefinitionList(
        (
            Definition((t("SSRI"),), ((p("Selective Serotonin Re-uptake Inhibitor."),),)),
            Definition(
                (t("Serotonin"),),
                ((p("A chemical messenger."),), (p("Also found in the gut."),)),
            ),
        )
    ),
    Heading(2, (t("Other languages"),), "other-languages"),
    Passage("cy", (p(WELSH),)),
    Passage("ur", (p(URDU),), "rtl"),
    p(
        "In Chinese: ",
        Span("zh-Hans", (t(CHINESE),)),
        ", ",
        Span("zh-Hant", (t(TRADITIONAL),)),
        ". ",
        Span("pl", (t(POLISH),)),
        " ",
        Span("bn", (t(BENGALI),)),
        " ",
        Span("pa", (t(PUNJABI),)),
        " ",
        Span("gu", (t(GUJARATI),)),
        " ",
        Strong((Link("https://www.example.org/diary.pdf", (t("Diary template (PDF)"),)),)),
    ),
)


def constructs_article(folder: Path) -> Article:
    """The article, its pictures copied into ``folder`` (its source file is written
    there too, holding every character, so a warning can name a line)."""
    base = load_article(
        FIXTURES / "long-table" / "long-table.md",
        load_site(FIXTURES / "long-table" / "site.yaml"),
    )
    for picture in ("synapse.png", "find-a-service.png", "border.png"):
        shutil.copy(FIXTURES / "constructs" / picture, folder / picture)
    source = folder / "constructs.md"
    source.write_text(repr(BLOCKS), encoding="utf-8")
    return dataclasses.replace(base, slug="constructs", blocks=BLOCKS, source_path=source)
