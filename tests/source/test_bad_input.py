"""Issue 11's bad sources: each is refused with exit 2, its line and what to do, and
output/ is left exactly as it was (the check runs before anything is written)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ssri_docs import cli
from test_source import VALID, write_article

SITE_NARRATION = "narration:\n  engine: espeak\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    write_article(tmp_path / "source", VALID)
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "kept.txt").write_text("the last good build\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _refused(project: Path, capsys, *args: str) -> str:
    before = _snapshot(project / "output")
    status = cli.main(["build", "--format", "html", "--today", "2025-01-01", *args])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    assert _snapshot(project / "output") == before
    return err


ARTICLE_CASES = [
    ("a custom tag", "title: !shout x", "line 2: '!shout' is not allowed before a value"),
    ("binary", "title: !!binary '@@@'", "line 2: '!!binary' is not allowed before a value"),
    (
        "timestamp",
        "title: !!timestamp 2025-13-45",
        "line 2: '!!timestamp' is not allowed before a value",
    ),
    ("an anchor", "title: &a x", "line 2: '&a' is not allowed before a value"),
]


@pytest.mark.parametrize(
    ("what", "title", "expected"), ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES]
)
def test_yaml_features_in_an_article(project, capsys, what, title, expected):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("title: A test article", title))
    err = _refused(project, capsys)
    assert f"source/article.md, {expected}" in err
    assert "What to do: delete it; if the '!', '&' or '*' is part of the text" in err


def test_merge_key_is_an_unknown_name(project, capsys):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("title: A test article", "title: A test article\n<<: 5"))
    assert "source/article.md, line 3: unknown name '<<' in details box" in _refused(
        project, capsys
    )


def test_merge_key_in_site_yaml(project, capsys):
    site = project / "source" / "site.yaml"
    site.write_text(site.read_text() + "<<: 5\n")
    assert "unknown name '<<' in site settings" in _refused(project, capsys)


def test_unbalanced_bracket_in_an_address(project, capsys):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("https://www.example.org/a-test-article/", "https://[x/"))
    err = _refused(project, capsys)
    assert (
        "source/article.md, line 6: 'canonical-url' is not a valid web address: 'https://[x/'"
        in err
    )


def test_review_date_past_the_calendar(project, capsys):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("last-reviewed: 2024-02-29", "last-reviewed: 9999-06-01"))
    err = _refused(project, capsys)
    assert (
        "source/article.md, line 8: the next review, 36 months after 'last-reviewed', "
        "would be after the year 9999" in err
    )
    assert "'published' is after" not in err  # published 2020 is before


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "review-interval-months: 99999999999",
            "'review-interval-months' must be a whole number from 1 to 120",
        ),
        ("review-warning-days: -1", "'review-warning-days' must be a whole number from 0 to 365"),
        ("narration:\n  sentence-pause: .nan", "'sentence-pause' must be a number from 0 to 10"),
        ("narration:\n  sentence-pause: .inf", "'sentence-pause' must be a number from 0 to 10"),
        (
            "narration:\n  sentence-pause: 100000000",
            "'sentence-pause' must be a number from 0 to 10",
        ),
        (
            "narration:\n  words-per-minute: 99999999999",
            "'words-per-minute' must be a whole number from 80 to 450",
        ),
    ],
)
def test_site_numbers_are_bounded_when_read(project, capsys, setting, expected):
    kept = [
        "publisher: A charity",
        "publisher-url: https://www.example.org/",
        "disclaimer: For information only.",
        "contact: Write to us.",
        "other-formats: Ask us.",
        "downloads-url: https://www.example.org/leaflets/",
    ]
    (project / "source" / "site.yaml").write_text("\n".join([*kept, setting]) + "\n")
    err = _refused(project, capsys)
    assert f"source/site.yaml, line {len(kept) + setting.count(chr(10)) + 1}: {expected}" in err


def test_published_after_last_reviewed(project, capsys):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("published: 2020-01-31", "published: 2024-03-01"))
    err = _refused(project, capsys)
    assert "source/article.md, line 7: 'published' is after 'last-reviewed'" in err


def test_published_in_the_future_is_a_warning(project, capsys):
    path = project / "source" / "article.md"
    path.write_text(
        VALID.replace("published: 2020-01-31", "published: 2024-02-01").replace(
            "last-reviewed: 2024-02-29", "last-reviewed: 2024-02-29\nnext-review: 2031-01-01"
        )
    )
    status = cli.main(["lint", "--today", "2023-06-01"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "warning: source/article.md, line 7: 'published' (2024-02-01) is in the future" in (
        captured.err
    )


def test_a_source_saved_as_utf8_with_bom_is_read(project, capsys):
    path = project / "source" / "article.md"
    path.write_bytes(codecs.BOM_UTF8 + VALID.encode("utf-8"))
    status = cli.main(["lint", "--today", "2025-01-01"])
    assert status == 0, capsys.readouterr().err


def test_every_problem_in_site_yaml_is_reported(project, capsys):
    site = project / "source" / "site.yaml"
    site.write_text(
        site.read_text()
        .replace("publisher-url: https://www.ocduk.org/", "publisher-url: ocduk.org")
        .replace("words-per-minute: 165", "words-per-minute: 99999999999")
        .replace("review-interval-months: 36", "review-interval-months: 0")
    )
    err = _refused(project, capsys)
    assert "source/site.yaml, line 3: 'publisher-url' is not a valid web address" in err
    assert "'review-interval-months' must be a whole number from 1 to 120" in err
    assert "'words-per-minute' must be a whole number from 80 to 450" in err
    assert "3 problems in 1 file" in err
