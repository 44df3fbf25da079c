"""``ssri-docs lint`` and ``new``, and the review-date warnings of lint and build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ssri_docs import cli
from test_source import VALID, write_article


@pytest.fixture
def source(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "source"


def _run(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(list(args))
    return status, capsys.readouterr().err


def test_lint_reports_every_problem_in_every_file_in_one_run(source, capsys):
    write_article(source, VALID.replace("slug: a-test-article", "slug: A Test"), "one.md")
    write_article(
        source,
        VALID.replace("slug: a-test-article", "slug: two").replace("2020-01-31", "2020-02-30"),
        "two.md",
    )
    write_article(
        source,
        VALID.replace("slug: a-test-article", "slug: three").replace(
            "title: A test article", "title: Sleep: a guide"
        ),
        "three.md",
    )
    write_article(source, VALID.replace("slug: a-test-article", "slug: fine"), "four.md")
    status, err = _run(capsys, "lint", "--today", "2025-01-01")
    assert status == 2
    assert "error: source/one.md, line 3: the slug 'A Test' can use only the letters a to z" in err
    assert "error: source/two.md, line 7: 'published' is not a valid date: '2020-02-30'" in err
    assert "error: source/three.md, line 2: this value has ': ' in it" in err
    assert "four.md" not in err
    assert err.rstrip().endswith("3 problems in 3 files: fix them all, then run the command again.")


def test_build_reports_every_problem_too(source, capsys, tmp_path):
    write_article(source, VALID.replace("slug: a-test-article", "slug: A Test"), "one.md")
    write_article(source, VALID.replace("2020-01-31", "2020-02-30"), "two.md")
    status, err = _run(capsys, "build", "--format", "html", "--today", "2025-01-01")
    assert status == 2
    assert "source/one.md, line 3" in err and "source/two.md, line 7" in err
    assert not (tmp_path / "output").exists()


def test_lint_with_warnings_only_exits_0(source, capsys):
    write_article(source, VALID.replace("title: A test article", "title: \u201cA test\u201d"))
    status, err = _run(capsys, "lint", "--today", "2025-01-01")
    assert status == 0
    assert "warning: source/article.md, line 2: the value of 'title' is in curly quotes" in err


def test_lint_of_one_source(source, capsys):
    write_article(source, VALID, "good.md")
    bad = VALID.replace("2020-01-31", "2020-02-30").replace("a-test-article", "bad")
    write_article(source, bad, "bad.md")
    assert _run(capsys, "lint", "--today", "2025-01-01", "source/good.md")[0] == 0


def test_lint_of_one_source_names_another_article_that_has_its_slug(source, capsys):
    """An editor copies an article to start a new one and lints only the new file: the
    slug it kept is reported (it said "no problems", and the build then took the
    other article's output folder)."""
    write_article(source, VALID, "sleep.md")
    write_article(source, VALID.replace("2020-01-31", "2020-02-30"), "sleep-copy.md")  # bad date
    write_article(source, VALID.replace("slug: a-test-article", "slug: ["), "broken.md")
    status, err = _run(capsys, "lint", "--today", "2025-01-01", "source/sleep.md")
    assert status == 2
    assert "error: source/sleep.md, line 3: the slug 'a-test-article' is already used by" in err
    assert "sleep-copy.md" in err and "broken.md" not in err
    assert "Traceback" not in err

    write_article(source, VALID.replace("a-test-article", "own-slug"), "sleep-copy.md")
    status, err = _run(capsys, "lint", "--today", "2025-01-01", "source/sleep.md")
    assert (status, err) == (0, "checked site.yaml and 1 article: no problems\n")


# VALID: last-reviewed 2024-02-29, no next-review: due 2027-02-28 (36 months).
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            "2027-03-01",
            "'a-test-article' is overdue for review: its next review was due on 2027-02-28",
        ),
        ("2027-02-01", "'a-test-article' is due for review on 2027-02-28, in 27 days"),
        ("2027-01-01", None),
    ],
)
def test_review_date_warnings(source, capsys, today, expected):
    write_article(source, VALID)
    status, err = _run(capsys, "lint", "--today", today)
    assert status == 0
    if expected is None:
        assert "review" not in err
    else:
        assert f"warning: source/article.md, line 8: {expected}" in err


def test_review_warning_days_is_a_site_setting(source, capsys):
    write_article(source, VALID)
    site = source / "site.yaml"
    site.write_text(site.read_text() + "review-warning-days: 90\n")
    assert (
        "due for review on 2027-02-28, in 58 days"
        in _run(capsys, "lint", "--today", "2027-01-01")[1]
    )


def test_fail_on_overdue(source, capsys, tmp_path):
    write_article(source, VALID)
    status, err = _run(capsys, "lint", "--today", "2027-03-01", "--fail-on-overdue")
    assert status == 2
    assert "error: 1 article(s) overdue for review: a-test-article" in err
    assert _run(capsys, "lint", "--today", "2027-02-01", "--fail-on-overdue")[0] == 0
    status, err = _run(
        capsys, "build", "--format", "html", "--today", "2027-03-01", "--fail-on-overdue"
    )
    assert status == 2 and not (tmp_path / "output").exists()


def test_new_writes_a_commented_template_and_lint_names_each_field_to_fill(source, capsys):
    write_article(source, VALID)
    status, err = _run(capsys, "new", "sleep-and-ocd")
    assert status == 0
    text = (source / "sleep-and-ocd.md").read_text()
    assert "slug: sleep-and-ocd" in text and "# The title, as printed" in text
    status, err = _run(capsys, "lint", "--today", "2025-01-01", "source/sleep-and-ocd.md")
    assert status == 2
    for field in ("title", "summary", "canonical-url", "published", "last-reviewed", "next-review"):
        assert f"'{field}' is still to fill in" in err
    assert err.count("is still to fill in") == 10  # and 4 in the two references
    assert "the article text still has the template's placeholder text" in err


def test_new_never_overwrites(source, capsys):
    write_article(source, VALID, "mine.md")
    before = (source / "mine.md").read_text()
    status, err = _run(capsys, "new", "mine")
    assert status == 2 and "the source file already exists" in err
    assert (source / "mine.md").read_text() == before


def test_new_refuses_a_bad_slug_and_suggests_one(source, capsys):
    status, err = _run(capsys, "new", "Schlaf und Zwänge")
    assert status == 2
    assert "What to do: try 'schlaf-und-zw-nge'." in err


def test_the_downloads_page_shows_review_dates_and_marks_an_overdue_article():
    from bs4 import BeautifulSoup

    from ssri_docs.downloads import render_downloads_page

    manifests = [
        {"slug": "old", "title": "Old", "last_reviewed": "2020-01-01", "next_review": "2023-01-01"},
        {"slug": "new", "title": "New", "last_reviewed": "2024-01-01", "next_review": "2027-01-01"},
    ]
    page = BeautifulSoup(render_downloads_page(manifests, date(2025, 1, 1)), "html.parser")
    old, new = page.select("section.download")
    assert old.select_one("p.review").get_text(" ", strip=True) == (
        "Last reviewed: 1 January 2020. Next review due: 1 January 2023. "
        "Review overdue: this information may be out of date."
    )
    assert new.select_one(".overdue") is None
    assert "Next review due: 1 January 2027." in new.select_one("p.review").get_text()
