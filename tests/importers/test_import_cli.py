"""``ssri-docs import`` as a user runs it: a separate process, its exit status and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from editor_summary import with_editors_summary

from conftest import (
    FIXTURES,
    SEED_ARTICLE,
    SEED_JSON,
    SHARED_SEED_JSON,
    SOURCE_DIR,
    require_tool,
)

WORDPRESS = FIXTURES / "wordpress"


def _import(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ssri_docs", "import", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_writes_the_seed_source_and_refuses_to_overwrite(tmp_path):
    first = _import(str(SEED_JSON), "--source", "articles", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "articles" / "how-ssri-work.md"
    imported = target.read_text(encoding="utf-8")
    assert with_editors_summary(imported).encode() == SEED_ARTICLE.read_bytes()
    assert "wrote articles/how-ssri-work.md" in first.stderr

    same = _import(str(SEED_JSON), "--source", "articles", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert "articles/how-ssri-work.md is already this import" in same.stderr

    target.write_bytes(SEED_ARTICLE.read_bytes())  # the editor writes the summary
    again = _import(str(SEED_JSON), "--source", "articles", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.startswith(
        "error: articles/how-ssri-work.md: the source file already exists and differs from "
        "this import ('summary' would change)\n"
        "  What to do: add --force to overwrite it (the edits in it will be lost).\n"
    )
    assert target.read_bytes() == SEED_ARTICLE.read_bytes()

    forced = _import(str(SEED_JSON), "--source", "articles", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == imported


def test_import_uses_the_review_interval_from_site_yaml(tmp_path):
    folder = tmp_path / "source"
    folder.mkdir()
    site = (SOURCE_DIR / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("review-interval-months: 36", "review-interval-months: 12")
    assert "review-interval-months: 12" in site
    (folder / "site.yaml").write_text(site, encoding="utf-8")
    result = _import(str(SEED_JSON), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (folder / "how-ssri-work.md").read_text(encoding="utf-8")
    assert "last-reviewed: 2025-07-29\nnext-review: 2026-07-29\n" in text


def test_import_prints_what_it_removed(tmp_path):
    result = _import(str(WORDPRESS / "gutenberg-post.wp.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: removed 1 script" in result.stderr
    assert "warning: removed 1 form" in result.stderr
    assert "onclick on <a>" in result.stderr
    assert (tmp_path / "source" / "erp-getting-started.md").is_file()


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("not-json.wp.json", ["not-json.wp.json, line 1", "this is not JSON"]),
        ("not-a-page.json", ["not-a-page.json", "WordPress answered with an error: No route"]),
        ("empty-content.wp.json", ["empty-content.wp.json", "the page has no content"]),
        ("no-such-file.json", ["no-such-file.json", "does not exist"]),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(fixture, expected, tmp_path):
    result = _import(str(WORDPRESS / fixture), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "What to do:" in result.stderr or "does not exist" in result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "source").exists(), "nothing may be written for bad input"


def test_fixture_seed_is_the_shared_seed():
    """The committed copy of the seed is the project's seed, byte for byte."""
    # CI always has shared/ beside the clone; a developer's checkout may not.
    require_tool(
        SHARED_SEED_JSON.is_file(), f"the shared seed {SHARED_SEED_JSON}", "clone beside shared/"
    )
    assert SEED_JSON.read_bytes() == SHARED_SEED_JSON.read_bytes()


def _bad_page(html: str) -> dict:
    return {
        "slug": "bad",
        "link": "https://www.example.org/bad/",
        "date": "2024-01-01T00:00:00",
        "modified": "2024-01-01T00:00:00",
        "title": {"rendered": "Bad"},
        "content": {"rendered": html},
    }


REFERENCES = '<h2>References</h2><ul><li><a href="https://www.nhs.uk/">NHS</a></li></ul>'


@pytest.mark.parametrize(
    ("json_text", "expected"),
    [
        # A lone surrogate, escaped in the JSON text as WordPress never writes it.
        (
            json.dumps(_bad_page("<p>a \\ud800 b</p>")).replace("\\\\ud800", "\\ud800"),
            "content.rendered holds a broken character (a lone surrogate)",
        ),
        (
            json.dumps(_bad_page("<div>" * 500 + "<p>x</p>" + "</div>" * 500)),
            "nested more than 100 elements deep",
        ),
        (
            json.dumps(
                _bad_page('<table><tr><td colspan="1000000">x</td></tr></table>' + REFERENCES)
            ),
            'colspan="1000000"; at most 100 is allowed',
        ),
    ],
    ids=["lone-surrogate", "500-nested-divs", "huge-colspan"],
)
def test_hostile_pages_exit_2_with_a_message(json_text, expected, tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json_text, encoding="utf-8")
    result = _import(str(page), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and expected in result.stderr
    assert "What to do:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "source").exists(), "nothing may be written for bad input"
