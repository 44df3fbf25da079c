"""The recording where listeners look (issue 14): the large-print page's player under
the title, and the transcript page beside the MP3.

One build of the seed makes the page with its recording (``build_seed("html",
"audio")``, offline voice). The player must come before the article's first heading in
the page's order (where a screen reader and the Tab key meet it), say the length in
words and offer the download and the transcript; the transcript page must be an
accessible page of its own: a heading per chapter of the recording, no timestamps,
the large-print style, and clean reports from axe-core and the Nu Html Checker.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ssri_docs.checks.audio import mp3_text
from ssri_docs.checks.html import AXE_TAGS, describe, errors
from ssri_docs.model import Heading
from ssri_docs.wording import spoken_duration

TIMESTAMP = re.compile(r"\d+:\d\d(:\d\d)?[.,]\d{3}|-->")


@pytest.fixture(scope="module")
def folder(build_seed, seed_article) -> Path:
    return build_seed("html", "audio") / seed_article.slug


@pytest.fixture(scope="module")
def page(folder, seed_article) -> BeautifulSoup:
    return _soup(folder / f"{seed_article.slug}-large-print.html")


@pytest.fixture(scope="module")
def transcript_path(folder, seed_article) -> Path:
    return folder / f"{seed_article.slug}-transcript.html"


@pytest.fixture(scope="module")
def transcript(transcript_path) -> BeautifulSoup:
    return _soup(transcript_path)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def _record(folder: Path) -> dict:
    return json.loads((folder / "build.json").read_text(encoding="utf-8"))


# --- the player ------------------------------------------------------------------------


def test_the_player_precedes_the_first_article_heading(page, seed_article):
    first_heading = next(b for b in seed_article.blocks if isinstance(b, Heading))
    order = list(page.find_all(True))
    player = page.find("figure", class_="player")
    assert player is not None
    assert order.index(player) < order.index(page.find(id=first_heading.id))
    # Right under the title: nothing but the title before it in the article.
    assert order.index(page.find("h1")) < order.index(player)
    assert order.index(player) < order.index(page.find("nav", class_="contents"))
    assert len(page.find_all("audio")) == 1, "the old player at the end is gone"
    # ... and became a short link up to the new one.
    up = page.find("section", class_="other-formats").find("a", href=f"#{player['id']}")
    assert up is not None and up.get_text() == "Listen to this page"


def test_the_player_says_its_length_in_words_and_offers_download_and_transcript(
    page, folder, seed_article
):
    slug = seed_article.slug
    player = page.find("figure", class_="player")
    audio = player.find("audio")
    assert audio["src"] == f"{slug}.mp3" and audio["preload"] == "none"
    assert audio.has_attr("controls")
    seconds = _record(folder)["files"][f"{slug}.mp3"]["duration"]
    length = spoken_duration(seconds)
    caption = player.find("figcaption").get_text()
    assert caption == f"Listen to this page ({length})"
    assert re.fullmatch(r"\d+ minutes? \d+ seconds?", length.replace("\u00a0", " "))
    links = {a["href"]: a.get_text(" ", strip=True) for a in player.select("p a")}
    assert links[f"{slug}.mp3"] == "Download the recording (MP3)"
    assert links[f"{slug}-transcript.html"] == "Read the transcript of the recording"


def test_a_page_built_alone_beside_a_recording_shows_its_length(
    build_seed, folder, seed_article, tmp_path
):
    """An HTML-only rebuild keeps the player and reads the length from the build record."""
    from ssri_docs.products import ArticleProducts, BuildOptions
    from ssri_docs.reporting import Reporter
    from ssri_docs.writers.html import write

    for name in ("build.json", f"{seed_article.slug}.mp3"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    products = ArticleProducts(
        seed_article, BuildOptions(), Reporter(quiet=True), tmp_path, ("html",)
    )
    [output] = write(seed_article, products)
    assert "recording" not in vars(products), "no narration for an HTML-only build"
    player = BeautifulSoup(output.data, "html.parser").find("figure", class_="player")
    seconds = _record(folder)["files"][f"{seed_article.slug}.mp3"]["duration"]
    assert spoken_duration(seconds) in player.find("figcaption").get_text()
    # No transcript page beside it: no link to one.
    assert player.find("a", href=f"{seed_article.slug}-transcript.html") is None


def test_spoken_durations_read_like_words():
    def said(seconds: float) -> str:
        return spoken_duration(seconds).replace("\u00a0", " ")

    assert said(321.142) == "5 minutes 21 seconds"
    assert said(61) == "1 minute 1 second"
    assert said(120) == "2 minutes"
    assert said(45.4) == "45 seconds"


# --- the transcript page ---------------------------------------------------------------


def test_transcript_has_a_heading_per_chapter_and_no_timestamps(transcript, folder, seed_article):
    headings = [h.get_text() for h in transcript.find_all("h2")]
    _, chapter_titles = mp3_text(folder / f"{seed_article.slug}.mp3")
    assert headings == list(chapter_titles) and len(headings) >= 6
    body = transcript.find("main").get_text(" ")
    assert not TIMESTAMP.search(body), TIMESTAMP.search(body)
    # Every sentence the disclaimer says is on the page, once, under its own heading.
    disclaimer = transcript.find("h2", string="Disclaimer").find_parent("section")
    assert seed_article.disclaimer.split(".")[0] in disclaimer.get_text()
    assert transcript.find("main").get_text().count(seed_article.disclaimer.split(".")[0]) == 1


def test_transcript_page_has_language_title_landmarks_and_skip_link(transcript, page, seed_article):
    assert transcript.html["lang"] == seed_article.language
    assert seed_article.title in transcript.title.get_text()
    assert "transcript" in transcript.title.get_text().lower()
    assert len(transcript.find_all("h1")) == 1
    for landmark in ("header", "main", "footer"):
        assert transcript.find(landmark) is not None, landmark
    skip = transcript.find("a", class_="skip-link")
    assert skip is transcript.body.find("a")
    assert transcript.find(id=skip["href"].lstrip("#")).name == "main"
    # Same large-print style sheet as the page.
    assert transcript.style.get_text() == page.style.get_text()
    links = {a["href"] for a in transcript.find("main").find_all("a")}
    assert {f"{seed_article.slug}.mp3", f"{seed_article.slug}-large-print.html"} <= links


@pytest.mark.validator
def test_transcript_and_player_pages_pass_the_nu_checker(validators, transcript_path, folder):
    pages = [transcript_path, *folder.glob("*-large-print.html"), folder.parent / "index.html"]
    found = errors(validators.vnu(*pages))
    assert found == [], "\n".join(describe(message) for message in found)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", ["transcript", "page"])
def test_axe_finds_nothing_aa_aaa_or_best_practice(
    chromium, validators, folder, seed_article, name, scheme, width
):
    path = folder / (
        f"{seed_article.slug}-transcript.html"
        if name == "transcript"
        else f"{seed_article.slug}-large-print.html"
    )
    run = validators.axe(chromium, path, scheme, width=width)
    assert {"wcag2aaa", "best-practice"} <= set(AXE_TAGS)
    assert run.violations == [], [v["id"] for v in run.violations]
    assert not run.horizontal_scroll
    assert run.fetched == []


@pytest.mark.browser
def test_the_player_is_reached_by_keyboard_before_the_article(chromium, folder, seed_article):
    """Tab from the top: the skip link, the header's link, then the player's controls and
    links, all before the first link of the contents list."""
    path = folder / f"{seed_article.slug}-large-print.html"
    with chromium.open(path) as opened:
        reached = []
        for _ in range(12):
            opened.keyboard.press("Tab")
            reached.append(
                opened.evaluate(
                    "() => { const e = document.activeElement;"
                    " return [e.tagName, e.getAttribute('href') || '',"
                    " !!e.closest('figure.player'), !!e.closest('nav.contents')]; }"
                )
            )
    tags = [tag for tag, _, _, _ in reached]
    assert "AUDIO" in tags, reached
    in_player = [i for i, (_, _, player, _) in enumerate(reached) if player]
    in_contents = [i for i, (_, _, _, contents) in enumerate(reached) if contents]
    assert in_player and in_contents and max(in_player) < min(in_contents), reached
    assert {href for _, href, player, _ in reached if player} >= {
        f"{seed_article.slug}.mp3",
        f"{seed_article.slug}-transcript.html",
    }
