"""Fuzzing the source loader: whatever an editor's file holds, ssri-docs either reads
it or says what to fix (a UserError): never another exception, never a traceback.

Bounded for CI (``SSRI_DOCS_FUZZ_EXAMPLES``, default 60 per test); ``make fuzz`` runs
each test with 10,000 examples or more.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssri_docs.errors import UserError
from ssri_docs.source import load_article, load_site
from ssri_docs.source.problems import Problems
from test_source import SITE, VALID

EXAMPLES = int(os.environ.get("SSRI_DOCS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FOLDER = Path(tempfile.mkdtemp(prefix="ssri-fuzz-"))
shutil.copy(SITE, FOLDER / "site.yaml")
TODAY = date(2025, 1, 1)

# Pieces an editor (or a broken save) puts in a details box: YAML's own marks, quotes
# of every kind, dates at the ends of the calendar, tags, numbers too big to hold.
PIECES = st.sampled_from(
    [
        ": ",
        "- ",
        "  ",
        "\t",
        "\n",
        "#",
        "'",
        '"',
        "\u201c",
        "\u201d",
        "[",
        "]",
        "{",
        "}",
        "!",
        "!!binary ",
        "!!timestamp ",
        "!!python/object ",
        "&a ",
        "*a",
        "<<: ",
        "? ",
        "|",
        ">-",
        "%",
        "@",
        "`",
        "\\",
        "9999-12-31",
        "0000-01-01",
        "2024-02-30",
        ".nan",
        ".inf",
        "99999999999999999999",
        "-1",
        "https://[x/",
        "http://",
        "title",
        "slug",
        "url",
        "references",
        "citation",
        "FILL IN",
        "\ufeff",
        "\u2028",
        "\x00",
        "\ud800",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)


def _load_or_refuse(text: str) -> None:
    path = FOLDER / "article.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(UserError):
        load_article(path, load_site(FOLDER / "site.yaml"), Problems(), TODAY)


@st.composite
def mutated_article(draw) -> str:
    """The valid article with a few pieces put in, replaced or cut out at random places."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(TEXT) + text[end:]
    return text


@FUZZ
@given(mutated_article())
def test_a_mutated_article_loads_or_is_refused(text):
    _load_or_refuse(text)


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["title", "slug", "published", "references", "x"]), TEXT),
        max_size=8,
    )
)
def test_any_details_box_loads_or_is_refused(fields):
    front = "".join(f"{key}: {value}\n" for key, value in fields)
    _load_or_refuse(f"---\n{front}---\n\nText.\n")


@FUZZ
@given(TEXT)
def test_any_site_settings_load_or_are_refused(extra):
    site = FOLDER / "fuzz-site.yaml"
    site.write_text(SITE.read_text() + extra, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(UserError):
        load_site(site, Problems())
