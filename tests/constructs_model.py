"""The constructs fixture (tests/fixtures/articles/constructs/constructs.md) as model
objects, built in code so the HTML and EPUB writers can be tested before the source
parser reads that file; the tests switch to parsing it once the parser lands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ssri_docs.model import (
    Article,
    Definition,
    DefinitionList,
    Figure,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Passage,
    Preformatted,
    Reference,
    Related,
    Site,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    Text,
    Verse,
)

FOLDER = Path(__file__).resolve().parent / "fixtures" / "articles" / "constructs"


def _p(*parts) -> Paragraph:
    return Paragraph(tuple(Text(p) if isinstance(p, str) else p for p in parts))


def _items(*texts: str) -> tuple[ListItem, ...]:
    return tuple(ListItem((_p(text),)) for text in texts)


def _cell(text, **kw) -> TableCell:
    children = (Text(text),) if isinstance(text, str) else text
    return TableCell(children, **kw)


def _th(text, scope, **kw) -> TableCell:
    return _cell(text, header=True, scope=scope, **kw)


DOSES = Table(
    head=(
        (
            _th("Week", "col"),
            _th("Daily dose", "col", align="right"),
            _th("When to take it", "col"),
        ),
    ),
    body=(
        (
            _cell("1–2"),
            _cell("50 mg", align="right"),
            _cell((Strong((Text("Morning"),)), Text(", with food"))),
        ),
        (_cell("3–4"), _cell("100 mg", align="right"), _cell("Morning")),
        (_cell("5 onwards"), _cell("150 mg", align="right"), _cell("As your doctor says")),
    ),
    caption=(Text("Weekly doses of sertraline"),),
)

TABLETS = Table(
    head=((_th("Medicine", "col"), _th("Week", "col"), _th("Tablets", "col")),),
    body=(
        (_th("Sertraline", "row", rowspan=2), _cell("1–2"), _cell("14", align="right")),
        (_cell("3–4"), _cell("28", align="right")),
        (
            _th("Fluoxetine", "row"),
            _cell(
                (
                    Text("Not started yet: see "),
                    Link("https://www.nhs.uk/medicines/fluoxetine/", (Text("the NHS page"),)),
                ),
                colspan=2,
            ),
        ),
    ),
    foot=(
        (
            _th("Total", "row", colspan=2),
            _cell((Text("42"), Superscript((Text("3"),))), align="right"),
        ),
    ),
    caption=(Text("Tablets taken in the first month"),),
)

CONTACTS = Table(
    head=(),
    body=(
        (_cell("Helpline"), _cell("0333 212 7890")),
        (
            _cell("Email"),
            _cell((Link("mailto:support@example.org", (Text("support@example.org"),)),)),
        ),
    ),
)

STEPS = ListBlock(
    True,
    _items("Write down what you feel.", "Give it a score from 0 to 10.", "Put the diary away."),
    start=3,
)
COUNTDOWN = ListBlock(
    True, _items("Three breaths left.", "Two breaths left.", "Last breath."), start=3, reversed=True
)
LETTERS = ListBlock(True, _items("Ask your doctor.", "Ask your pharmacist."), numbering="a")
ROMAN = ListBlock(
    True,
    _items("Before the appointment.", "During the appointment.", "After the appointment."),
    numbering="i",
)

PREFORMATTED = Preformatted(
    "Time     Score   Note\n09:00    7       before work\n21:00    3       after walk"
)
VERSE = Verse(
    (
        (Text("Breathe in slowly, counting to four."),),
        (Text("Hold your breath, counting to four."),),
        (Text("Breathe out slowly, counting to "), Strong((Text("six"),)), Text(".")),
        (Text("Rest."),),
    )
)
URDU = "یہ معلومات اردو میں بھی دستیاب ہے۔ کاپی کے لیے ہمیں فون کریں۔"


def constructs_article(site: Site) -> Article:
    """Every construct of issue 10, as the fixture file says it."""
    blocks = (
        _p(
            "SSRIs are the medicines most often used to treat OCD.",
            Superscript((Text("1"),)),
            " Breathing out CO",
            Subscript((Text("2"),)),
            " slowly can help you feel calmer.",
            Superscript((Text("2"),)),
            " Croeso: ",
            Span("cy", (Text("Mae'r wybodaeth hon ar gael yn Gymraeg."),)),
        ),
        Heading(2, (Text("Your doses 💊"),), "your-doses"),
        DOSES,
        TABLETS,
        CONTACTS,
        Heading(2, (Text("Numbered steps"),), "numbered-steps"),
        _p("Steps 1 and 2 were last week. Then:"),
        STEPS,
        COUNTDOWN,
        LETTERS,
        ROMAN,
        Heading(2, (Text("Line breaks"),), "line-breaks"),
        _p("Write the score.", LineBreak(), "Then put the diary away."),
        ListBlock(
            False,
            (
                ListItem(
                    (_p("OCD-UK", LineBreak(), "Silverstone House", LineBreak(), "Derby DE1 1AB"),)
                ),
                ListItem((_p("Open Monday to Friday"),)),
            ),
        ),
        PREFORMATTED,
        VERSE,
        Heading(2, (Text("Pictures"),), "pictures"),
        Figure(
            "synapse.png",
            "Two nerve cells drawn as circles, with dots crossing the gap between them",
            caption=(Text("The gap between two nerve cells, called the synapse"),),
        ),
        Figure(
            "find-a-service.png",
            "Find a service near you",
            caption=(Text("Find an NHS talking therapy service"),),
            href="https://www.nhs.uk/service-search/",
        ),
        Figure("border.png", "", decorative=True),
        Heading(2, (Text("Glossary"),), "glossary"),
        DefinitionList(
            (
                Definition(
                    (Text("SSRI"),),
                    ((_p("Selective Serotonin Re-uptake Inhibitor, a kind of antidepressant."),),),
                ),
                Definition(
                    (Text("Serotonin"),),
                    ((_p("A chemical messenger in the brain."),), (_p("Also found in the gut."),)),
                ),
            )
        ),
        Heading(2, (Text("Other languages"),), "other-languages"),
        Passage("cy", (_p("Mae'r wybodaeth hon ar gael yn Gymraeg. Ffoniwch ni i gael copi."),)),
        Passage("ur", (_p(URDU),), direction="rtl"),
        _p(
            "In Chinese, OCD is called ",
            Span("zh-Hans", (Text("强迫症"),)),
            ". Polish readers: ",
            Span("pl", (Text("Zaburzenia obsesyjno-kompulsyjne: żółć, źdźbło, łąka."),)),
        ),
        Heading(2, (Text("Downloads"),), "downloads"),
        _p(
            Link(
                "https://www.example.org/files/diary-template.pdf",
                (Text("Diary template (PDF)"),),
            )
        ),
    )
    return Article(
        slug="constructs",
        title="Every construct an editor can write",
        language="en-GB",
        summary="A test article with every construct of the source format: tables, numbered "
        "steps, line breaks, verse, figures, a glossary and passages in other languages.",
        canonical_url="https://www.example.org/constructs/",
        published=date(2024, 1, 15),
        last_reviewed=date(2025, 2, 3),
        next_review=date(2028, 2, 3),
        disclaimer=site.disclaimer,
        references=(
            Reference(
                "Author A. Title of paper. Journal Name. 2014;370(21):2023-2030.",
                "https://www.example.org/papers/title-of-paper",
                "External website",
            ),
            Reference(
                "NHS – Obsessive compulsive disorder (OCD)",
                "https://www.nhs.uk/mental-health/conditions/obsessive-compulsive-disorder-ocd/",
                "External website",
            ),
        ),
        related=Related(),
        pronunciation=(),
        blocks=blocks,
        site=site,
        source_path=FOLDER / "constructs.md",
    )


def counted_labels(attributes: dict[str, str], count: int) -> tuple[str, ...]:
    """The labels a browser or reading system prints for an ``<ol>`` with these
    attributes and ``count`` items, computed the HTML way (not from the model): start
    defaults to 1, or to the item count when ``reversed``; type picks the counting."""
    reversed_ = "reversed" in attributes
    start = int(attributes.get("start", count if reversed_ else 1))
    kind = attributes.get("type", "1")
    step = -1 if reversed_ else 1
    return tuple(f"{_html_counter(start + step * n, kind)}." for n in range(count))


def _html_counter(number: int, kind: str) -> str:
    # CSS counter styles: lower-alpha/upper-alpha are alphabetic (1 = a, 27 = aa), roman
    # is additive up to 3999; outside their range both fall back to decimal.
    if kind in "aA" and number >= 1:
        text = ""
        while number:
            number, rest = divmod(number - 1, 26)
            text = "abcdefghijklmnopqrstuvwxyz"[rest] + text
        return text.upper() if kind == "A" else text
    if kind in "iI" and 1 <= number <= 3999:
        values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                  (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"),
                  (1, "i")]  # fmt: skip
        text = ""
        for value, symbol in values:
            while number >= value:
                text, number = text + symbol, number - value
        return text.upper() if kind == "I" else text
    return str(number)
