"""The no-op check (``up_to_date.py``): a build with nothing changed reads no source.

Each test builds with stand-in writers (each format's main file, made in no time),
then builds again and reads back what was published: the build record, the files,
the downloads page.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

from ssri_docs import build as build_module
from ssri_docs import build_key
from ssri_docs.build import BuildRequest, build, in_shard
from ssri_docs.errors import SourceError
from ssri_docs.formats import FORMATS
from ssri_docs.publish import read_record
from ssri_docs.reporting import Reporter
from ssri_docs.source import loading
from ssri_docs.up_to_date import INPUTS, RECHECK
from ssri_docs.writers import BuildOptions
from test_source import VALID, write_article

LOGO = Path(__file__).resolve().parent / "fixtures" / "identity" / "logo.svg"
SLUG = "a-test-article"
EARLY = date(2026, 1, 1)  # next review (2027-02-28) far off: no review warning
DUE = date(2027, 2, 10)  # 18 days before it
OVERDUE = date(2027, 3, 1)


@pytest.fixture
def made(monkeypatch) -> list[tuple[str, str]]:
    """Stand-in writers; the list of (slug, format) each made, in order."""
    calls: list[tuple[str, str]] = []

    def load_writer(name):
        def write(article, products):
            calls.append((article.slug, name))
            data = f"{name}: {article.title} ({len(calls)})".encode()
            return [FORMATS[name].main.output(article.slug, data)]

        return write

    monkeypatch.setattr(build_module, "load_writer", load_writer)
    return calls


@pytest.fixture
def project(tmp_path) -> Path:
    write_article(tmp_path / "source", VALID)
    return tmp_path


def request(project: Path, **changes) -> BuildRequest:
    fields = {
        "sources": (),
        "source_dir": project / "source",
        "out_dir": project / "output",
        "formats": ("html", "pdf"),
        "options": BuildOptions(tts="espeak", cache_dir=project / "cache"),
        "today": EARLY,
        **changes,
    }
    return BuildRequest(**fields)


def run(project: Path, **changes) -> str:
    """Build; returns what it printed (verbose)."""
    stream = io.StringIO()
    build(request(project, **changes), Reporter(verbose=True, stream=stream))
    return stream.getvalue()


def forbid_parsing(monkeypatch) -> None:
    """Make any reading of a source fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the no-op build read a source")

    monkeypatch.setattr(loading, "_read_article", refuse)
    monkeypatch.setattr(build_module, "check_and_warn", refuse)


def warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("warning:", "  What to do"))]


def test_a_no_op_build_reads_no_source_and_writes_nothing(project, made, monkeypatch):
    run(project)
    out = project / "output"
    record = read_record(out / SLUG)
    assert record[RECHECK]["source"] == "../source/article.md"
    assert set(record[INPUTS]) == {"../source/article.md", "../source/site.yaml"}
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    forbid_parsing(monkeypatch)
    printed = run(project)
    assert "1 of 1 articles unchanged, skipped" in printed
    assert f"{SLUG}: unchanged, skipped" in printed
    assert len(made) == 2  # html and pdf, the first time only
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def edit_source(project: Path) -> None:
    path = project / "source" / "article.md"
    path.write_text(path.read_text().replace("Last words.", "Other words."))


def edit_site(project: Path) -> None:
    path = project / "source" / "site.yaml"
    path.write_text(path.read_text() + "\n# a comment is a change too\n")


def edit_picture(project: Path) -> None:
    Image.new("RGB", (8, 8), "navy").save(project / "source" / "cells.png")


def edit_logo(project: Path) -> None:
    path = project / "source" / "logo.svg"
    path.write_text(path.read_text() + "<!-- changed -->\n")


def delete_output(project: Path) -> None:
    (project / "output" / SLUG / f"{SLUG}.pdf").unlink()


CHANGES = {
    "source": (edit_source, {}),
    "site.yaml": (edit_site, {}),
    "picture": (edit_picture, {}),
    "logo": (edit_logo, {}),
    "a deleted output file": (delete_output, {}),
    "an option": (lambda project: None, {"paper": "a5"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_rebuilds(project, made, change):
    # an article with a picture, and a site with a logo, to change either
    Image.new("RGB", (8, 8), "white").save(project / "source" / "cells.png")
    shutil.copy(LOGO, project / "source" / "logo.svg")
    with (project / "source" / "site.yaml").open("a") as site:
        site.write("logo: logo.svg\nlogo-alt: OCD-UK\n")
    path = project / "source" / "article.md"
    path.write_text(VALID + "\n![Two cells](cells.png)\n")
    run(project)
    assert len(made) == 2
    pdf = project / "output" / SLUG / f"{SLUG}.pdf"
    first = pdf.read_bytes()
    assert set(read_record(project / "output" / SLUG)[INPUTS]) == {
        "../source/article.md",
        "../source/site.yaml",
        "../source/cells.png",
        "../source/logo.svg",
    }
    edit, options = CHANGES[change]
    edit(project)
    printed = run(project, options=BuildOptions(tts="espeak", **options))
    assert "unchanged" not in printed
    assert len(made) == 4
    assert pdf.read_bytes() in {b"pdf: A test article (3)", b"pdf: A test article (4)"}
    assert pdf.read_bytes() != first  # the new one, published


@pytest.mark.parametrize("part", ["a tool's version", "ssri-docs' own code"])
def test_a_new_tool_or_ssri_docs_rebuilds(project, made, monkeypatch, part):
    run(project)
    if part == "ssri-docs' own code":
        monkeypatch.setattr(build_key, "package_digest", lambda: "0" * 64)
    else:
        versions = {**build_key.tool_versions(), "weasyprint": "71.0"}
        monkeypatch.setattr(build_key, "tool_versions", lambda: versions)
    assert "unchanged" not in run(project)
    assert len(made) == 4
    assert run(project).count("1 of 1 articles unchanged, skipped") == 1


def test_force_rebuilds(project, made):
    run(project)
    run(project, force=True)
    assert len(made) == 4


@pytest.mark.parametrize("today", [DUE, OVERDUE])
def test_review_warnings_are_the_full_checks(project, made, monkeypatch, today):
    full = run(project, today=today)
    assert "for review" in full
    forbid_parsing(monkeypatch)
    quick = run(project, today=today)
    assert "1 of 1 articles unchanged, skipped" in quick
    assert warnings(quick) == warnings(full)


def test_fail_on_overdue_on_a_no_op(project, made, monkeypatch):
    run(project)
    with pytest.raises(SourceError) as full:
        run(project, today=OVERDUE, fail_on_overdue=True, force=True)
    forbid_parsing(monkeypatch)
    with pytest.raises(SourceError) as quick:
        run(project, today=OVERDUE, fail_on_overdue=True)
    assert str(quick.value) == str(full.value) != ""
    assert f"overdue for review: {SLUG}" in str(quick.value)
    assert len(made) == 2


def test_the_downloads_page_marks_an_article_that_fell_overdue(project, made, monkeypatch):
    run(project)
    page = project / "output" / "index.html"
    assert "Review overdue" not in page.read_text()
    forbid_parsing(monkeypatch)
    run(project, today=OVERDUE)
    assert "Review overdue" in page.read_text()
    run(project)  # and unmarks it for an earlier date
    assert "Review overdue" not in page.read_text()


def test_a_hand_edited_downloads_page_is_made_again(project, made):
    run(project)
    page = project / "output" / "index.html"
    good = page.read_bytes()
    page.write_text("edited")
    run(project)
    assert page.read_bytes() == good


def two_articles(project: Path) -> None:
    other = VALID.replace(f"slug: {SLUG}", "slug: another-article")
    write_article(project / "source", other, name="another.md")


def test_a_stale_article_is_still_removed(project, made):
    two_articles(project)
    run(project)
    (project / "source" / "another.md").unlink()
    printed = run(project)
    assert "no article in the source folder has the slug 'another-article'" in printed
    assert not (project / "output" / "another-article").exists()
    assert "another-article" not in (project / "output" / "index.html").read_text()


def test_a_new_article_is_built(project, made):
    run(project)
    two_articles(project)
    run(project)
    assert sorted(made[-2:]) == [("another-article", "html"), ("another-article", "pdf")]


def test_shards_skip_when_unchanged(project, made, monkeypatch):
    two_articles(project)
    mine = 1 if in_shard(SLUG, (1, 2)) else 2
    shard = {"shard": (mine, 2)}
    run(project, **shard)
    assert {slug for slug, _ in made} == {SLUG}
    # its own output folder: the other shard's article has no record here, so the
    # full check runs, and skips
    assert "1 of 1 articles unchanged, skipped" in run(project, **shard)
    # every shard built into one folder: the no-op check skips without reading
    run(project, shard=(3 - mine, 2))
    forbid_parsing(monkeypatch)
    printed = run(project, **shard)
    assert f"shard {mine}/2: 1 article\n" in printed
    assert "1 of 1 articles unchanged, skipped" in printed
    assert len(made) == 4


def test_a_moved_project_gets_its_records_updated(project, made, monkeypatch):
    run(project)
    moved = project.parent / (project.name + "-moved")
    shutil.move(project / "source", moved / "source")
    moved_out = moved / "output"
    shutil.move(project / "output", moved_out)
    # same paths relative to the output folder: still a no-op without reading
    with monkeypatch.context() as patch:
        forbid_parsing(patch)
        assert "unchanged" in run(moved)
    # an output folder elsewhere: the full check, no rebuild, and the records updated
    elsewhere = {"out_dir": moved / "site" / "public"}
    shutil.move(moved_out, moved / "site" / "public")
    assert "1 of 1 articles unchanged, skipped" in run(moved, **elsewhere)
    record = read_record(moved / "site" / "public" / SLUG)
    assert record[RECHECK]["source"] == "../../source/article.md"
    forbid_parsing(monkeypatch)
    assert "1 of 1 articles unchanged, skipped" in run(moved, **elsewhere)
    assert len(made) == 2


def test_a_source_with_a_warning_is_always_checked(project, made):
    path = project / "source" / "article.md"
    path.write_text(VALID.replace("title: A test article", "title: “A test article”"))
    first = run(project)
    assert "curly quotes" in first
    assert read_record(project / "output" / SLUG)[RECHECK]["warned"] is True
    again = run(project)
    assert warnings(again) == warnings(first)
    assert "1 of 1 articles unchanged, skipped" in again and len(made) == 2


def test_a_published_date_in_the_future_is_still_warned_about(project, made):
    before = date(2020, 1, 1)  # the article says it was published on 2020-01-31
    first = run(project, today=before)
    assert "'published' (2020-01-31) is in the future" in first
    again = run(project, today=before)
    assert warnings(again) == warnings(first)
    assert "1 of 1 articles unchanged, skipped" in again and len(made) == 2


def test_tool_versions_are_the_metadata_versions():
    for name in build_key.TOOLS:
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = None
        assert build_key.tool_versions()[name] == expected, name


def test_a_no_op_command_loads_no_reader_writer_or_template(project, tmp_path):
    command = [sys.executable, "-X", "importtime", "-m", "ssri_docs", "build"]
    command += ["--format", "html", "--tts", "espeak", "--today", "2026-01-01"]
    first = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "1 of 1 articles unchanged, skipped" in second.stderr
    loaded = {
        line.split("|")[-1].strip()
        for line in second.stderr.splitlines()
        if line.startswith("import time:")
    }
    heavy = {"markdown_it", "yaml", "jinja2", "weasyprint", "numpy", "lxml", "ssri_docs.model"}
    assert not heavy & loaded
    assert "markdown_it" in {
        line.split("|")[-1].strip() for line in first.stderr.splitlines() if "|" in line
    }


# --- one article edited among unchanged ones: only it is read ---------------------


def count_reads(monkeypatch) -> list[str]:
    """The names of the source files read (parsed) from now on."""
    read: list[str] = []
    real = loading._read_article

    def spy(path, *args, **kwargs):
        read.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loading, "_read_article", spy)
    return read


def test_after_one_edit_only_that_article_is_read_and_built(project, made, monkeypatch):
    two_articles(project)
    run(project)
    pdf = project / "output" / "another-article" / "another-article.pdf"
    unchanged_pdf = project / "output" / SLUG / f"{SLUG}.pdf"
    before, unchanged_before = pdf.read_bytes(), unchanged_pdf.read_bytes()
    edited = project / "source" / "another.md"
    edited.write_text(edited.read_text().replace("Last words.", "Other last words."))
    read = count_reads(monkeypatch)
    printed = run(project)
    assert read == ["another.md"]
    assert "1 of 2 articles unchanged, skipped" in printed
    assert f"{SLUG}: unchanged, skipped" in printed
    assert sorted(made[-2:]) == [("another-article", "html"), ("another-article", "pdf")]
    assert len(made) == 6
    assert pdf.read_bytes() != before  # republished
    assert unchanged_pdf.read_bytes() == unchanged_before


def test_a_new_article_taking_an_unchanged_ones_slug_is_refused(project, made):
    run(project)
    write_article(project / "source", VALID, name="copy.md")  # the same slug
    with pytest.raises(SourceError) as refused:
        run(project)
    assert SLUG in str(refused.value)
    assert "copy.md" in str(refused.value) or "article.md" in str(refused.value)


def test_overdue_articles_read_or_not_are_named_together(project, made, monkeypatch):
    two_articles(project)
    run(project)
    edited = project / "source" / "another.md"
    edited.write_text(edited.read_text().replace("Last words.", "Other last words."))
    with pytest.raises(SourceError) as refused:
        run(project, today=OVERDUE, fail_on_overdue=True)
    assert "2 article(s) overdue for review" in str(refused.value)
    assert SLUG in str(refused.value) and "another-article" in str(refused.value)


def test_a_stale_article_is_removed_beside_an_edited_one(project, made, monkeypatch):
    two_articles(project)
    write_article(project / "source", VALID.replace(f"slug: {SLUG}", "slug: third"), "third.md")
    run(project)
    (project / "source" / "third.md").unlink()
    edited = project / "source" / "another.md"
    edited.write_text(edited.read_text().replace("Last words.", "Other last words."))
    read = count_reads(monkeypatch)
    printed = run(project)
    assert read == ["another.md"]
    assert not (project / "output" / "third").exists()
    assert (project / "output" / SLUG / "build.json").is_file()
    assert "third" not in (project / "output" / "index.html").read_text()
    assert "1 of 2 articles unchanged, skipped" in printed


def test_a_named_file_may_not_take_a_published_articles_slug(project, made):
    """Built on its own, a new file with another article's slug would overwrite that
    article's output: refused, naming both files, as the full check does."""
    run(project)
    copy = project / "source" / "copy.md"
    copy.write_text(VALID.replace("Last words.", "Other words."))  # the same slug
    before = (project / "output" / SLUG / f"{SLUG}.pdf").read_bytes()
    with pytest.raises(SourceError) as refused:
        run(project, sources=(copy,))
    assert f"the slug '{SLUG}' is already used by article.md" in str(refused.value)
    assert "copy.md" in str(refused.value)
    assert (project / "output" / SLUG / f"{SLUG}.pdf").read_bytes() == before
    # the article's own file, named, still builds
    run(project, sources=(project / "source" / "article.md",), force=True)


def test_the_no_op_check_counts_the_articles_to_build(project, made):
    """``articles_to_build``: how many may need building (so the command can tell
    whether an article will record beside its layout), 0 when the build is done, and
    the unchanged ones' records (so the full build does not check them again)."""
    from ssri_docs.up_to_date import articles_to_build

    two_articles(project)
    quiet = Reporter(quiet=True, stream=io.StringIO())
    assert articles_to_build(request(project), quiet) == (2, {})  # nothing published yet
    run(project)
    done = articles_to_build(request(project), quiet)
    assert done.pending == 0 and len(done.unchanged) == 2
    assert articles_to_build(request(project, force=True), quiet) == (2, {})
    edited = project / "source" / "another.md"
    edited.write_text(edited.read_text().replace("Last words.", "Other last words."))
    checked = articles_to_build(request(project), quiet)
    assert checked.pending == 1
    assert [record["slug"] for record in checked.unchanged.values()] == [SLUG]
    assert articles_to_build(request(project, sources=(edited,)), quiet).pending == 1
