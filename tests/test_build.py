"""The build step: staging, publishing, and leaving output/ alone when anything fails."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from ssri_docs import build as build_module
from ssri_docs.build import BuildRequest, build
from ssri_docs.errors import BuildError
from ssri_docs.manifests import STAMP
from ssri_docs.publish import LOCK
from ssri_docs.reporting import Reporter
from ssri_docs.writers import BuildOptions, OutputFile
from test_source import VALID, write_article


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes (not the build lock file)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in (LOCK, STAMP)  # bookkeeping, not output
    }


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ssri_docs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with one valid article and an earlier build in output/."""
    write_article(tmp_path / "source", VALID)
    earlier = tmp_path / "output" / "a-test-article"
    earlier.mkdir(parents=True)
    (earlier / "a-test-article-large-print.html").write_text("<p>the earlier build</p>")
    (tmp_path / "output" / "index.html").write_text("<p>earlier index</p>")
    return tmp_path


def fake_writer(fail: bool):
    def write(article, context):
        if fail:
            raise BuildError("the renderer failed", path=article.source_path)
        return [OutputFile(f"{article.slug}.txt", article.title.encode(), "text/plain", "Text")]

    return write


def request_for(project: Path, formats=("pdf", "html")) -> BuildRequest:
    return BuildRequest(
        sources=(),
        source_dir=project / "source",
        out_dir=project / "output",
        formats=formats,
        options=BuildOptions(tts="espeak", cache_dir=project / "cache"),
    )


def test_a_failing_format_publishes_nothing_of_that_article(project, monkeypatch):
    before = snapshot(project / "output")
    # the first format succeeds, the second fails: neither may reach output/
    writers = {"pdf": fake_writer(fail=False), "html": fake_writer(fail=True)}
    monkeypatch.setattr(build_module, "load_writer", writers.__getitem__)
    with pytest.raises(BuildError):
        build(request_for(project), Reporter(quiet=True))
    assert snapshot(project / "output") == before
    assert not list((project / "output").glob(".staging-*")), "staging folders are cleaned up"


def test_a_successful_build_replaces_files_and_records_them(project, monkeypatch):
    monkeypatch.setattr(build_module, "load_writer", lambda name: fake_writer(fail=False))
    monkeypatch.setattr(build_module, "write_downloads_page", lambda *args: None)
    build(request_for(project, formats=("pdf",)), Reporter(quiet=True))
    folder = project / "output" / "a-test-article"
    assert (folder / "a-test-article.txt").read_text() == "A test article"
    # files of formats not rebuilt stay in place
    assert (folder / "a-test-article-large-print.html").read_text() == "<p>the earlier build</p>"
    manifest = build_module.read_manifests(project / "output")[0]
    assert manifest["files"]["a-test-article.txt"]["size"] == len("A test article")


BAD_EDITS = {
    "missing title": lambda t: t.replace("title: A test article\n", ""),
    "no references": lambda t: t.split("references:")[0] + "---\n\nText.\n",
    "malformed YAML": lambda t: t.replace("summary: What this", "summary: [What this"),
    "unknown key": lambda t: t.replace("last-reviewed:", "last-reveiwed:"),
    "invalid date": lambda t: t.replace("2020-01-31", "2020-02-30"),
    "invalid URL": lambda t: t.replace("https://www.example.org/a-test-article/", "example"),
}


@pytest.mark.parametrize("what", sorted(BAD_EDITS))
def test_cli_bad_source_exit_2_no_traceback_output_untouched(project, what):
    article = project / "source" / "article.md"
    article.write_text(BAD_EDITS[what](VALID), encoding="utf-8")
    before = snapshot(project / "output")
    result = run_cli("build", "--format", "html", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "source/article.md, line " in result.stderr
    assert "What to do:" in result.stderr
    assert snapshot(project / "output") == before


def test_cli_duplicate_slug(project):
    write_article(project / "source", VALID, "copy.md")
    before = snapshot(project / "output")
    result = run_cli("build", "--format", "html", cwd=project)
    assert result.returncode == 2
    assert "source/copy.md, line 3: the slug 'a-test-article' is already used" in result.stderr
    assert snapshot(project / "output") == before


def test_cli_unknown_format_is_a_usage_error(project):
    result = run_cli("build", "--format", "html,docx", cwd=project)
    assert result.returncode == 2
    assert "unknown format 'docx'" in result.stderr


def test_cli_missing_source_file(project):
    result = run_cli("build", "source/nope.md", cwd=project)
    assert result.returncode == 2
    assert "source/nope.md: the article file does not exist" in result.stderr
