"""The two kinds of error at the command line: the user's (exit 2) and ssri-docs's (exit 70)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, SOURCE_DIR
from ssri_docs import build as build_module
from ssri_docs import cli
from ssri_docs.errors import InternalError, UserError
from test_source import VALID, write_article


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    write_article(tmp_path / "source", VALID)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build_raising(error: BaseException):
    def build(request, reporter, **keywords):
        raise error

    return build


def test_an_internal_error_exits_70_with_the_traceback_and_a_bug_report_request(
    project, monkeypatch, capsys
):
    fault = InternalError(
        "the layout lost a page", path=project / "source" / "article.md", detail="page 3 of 2"
    )
    monkeypatch.setattr(build_module, "build", _build_raising(fault))
    status = cli.main(["build", "--format", "html"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_INTERNAL == 70
    assert status != cli.EXIT_USAGE
    assert "Traceback (most recent call last)" in err
    assert "internal error: source/article.md: the layout lost a page (page 3 of 2)" in err
    assert "This is a fault in ssri-docs, not in your files or set-up" in err
    assert "Please report it" in err
    assert "What to do:" not in err  # nothing for the editor to fix


def test_an_unexpected_exception_is_reported_as_an_internal_error(project, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "build", _build_raising(KeyError("pdf.page_starts")))
    status = cli.main(["build", "--format", "html"])
    err = capsys.readouterr().err
    assert status == 70
    assert "Traceback (most recent call last)" in err
    assert "internal error: KeyError: 'pdf.page_starts'" in err
    assert "Please report it" in err


def test_a_user_error_still_exits_2_without_a_traceback(project, monkeypatch, capsys):
    mistake = UserError("the picture is missing", path="source/article.md", hint="add it.")
    monkeypatch.setattr(build_module, "build", _build_raising(mistake))
    status = cli.main(["build", "--format", "html"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err and "report" not in err
    assert "What to do: add it." in err


def test_an_internal_error_is_not_a_user_error():
    assert not issubclass(InternalError, UserError)
    assert str(InternalError("broken", detail="why")) == "broken (why)"


def test_the_offline_voice_names_the_site_yaml_of_the_source_folder_given(tmp_path):
    """The unknown-voice message names --source's site.yaml, not a fixed source/site.yaml."""
    folder = tmp_path / "leaflets"
    write_article(folder, VALID)
    site = folder / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("espeak-voice: en-gb", "espeak-voice: xx-nowhere"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "ssri_docs", "build", "--source", "leaflets"]
        + ["--format", "audio", "--tts", "espeak", "--cache", "cache", "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert (
        "leaflets/site.yaml: the offline voice has no voice for the language 'xx-nowhere'"
        in result.stderr
    )
    assert "source/site.yaml" not in result.stderr
    assert "espeak-voice" in result.stderr


@pytest.mark.parametrize(
    ("formats", "content", "really"),
    [
        (["--format", "pdf"], b"this is not a picture, just text\n", "it is text"),
        ([], b"this is not a picture, just text\n", "it is text"),
        (["--format", "pdf"], b"<!DOCTYPE html><html>...", "it is a web page (HTML)"),
        (["--format", "pdf"], b"%PDF-1.7\n", "it is a PDF document"),
    ],
)
def test_a_picture_that_is_not_really_a_png_is_refused_at_its_line(
    tmp_path, formats, content, really
):
    """A text file named picture.png is refused when the source is read, before any
    format (the PDF's "Failed to load image" had an empty reason; issue 11)."""
    shutil.copytree(FIXTURES / "articles" / "with-figure", tmp_path / "leaflets")
    shutil.copy(SOURCE_DIR / "site.yaml", tmp_path / "leaflets" / "site.yaml")
    (tmp_path / "leaflets" / "synapse.png").write_bytes(content)
    line = next(
        number
        for number, text in enumerate(
            (tmp_path / "leaflets" / "with-figure.md").read_text(encoding="utf-8").splitlines(), 1
        )
        if "](synapse.png" in text
    )
    result = subprocess.run(
        [sys.executable, "-m", "ssri_docs", "build", "--source", "leaflets", *formats]
        + ["--tts", "espeak", "--cache", "cache", "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "Failed to load image" not in result.stderr
    assert (
        f"error: leaflets/with-figure.md, line {line}: the picture file 'synapse.png' cannot "
        f"be used: it is not really a PNG picture: {really}" in result.stderr
    )
    assert "save it again as a PNG or JPEG file" in result.stderr
    assert not (tmp_path / "out" / "with-figure").exists()


@pytest.mark.parametrize(
    ("arguments", "status", "printed"),
    [
        (["--version"], 0, "ssri-docs "),
        (["--help"], 0, "usage: ssri-docs"),
        (["build", "--jobs", "0"], 2, "--jobs"),
        (["lint", "--source", "no-such-folder"], 2, "no-such-folder"),
    ],
)
def test_the_command_keeps_its_exit_status_and_output_when_it_skips_teardown(
    arguments, status, printed, tmp_path
):
    """``ssri-docs`` (``cli.run``) ends the process without Python's teardown: the
    status and every line it printed must be those ``main`` gave."""
    done = subprocess.run(
        [sys.executable, "-m", "ssri_docs", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == status
    assert printed in done.stdout + done.stderr
