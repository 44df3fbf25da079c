"""The conformance runner in process, with parts of the registry: formats that were not
built, validators that are not installed, damaged files, quiet output, reproducible and
escaped reports, and a spoken-disclaimer check that can fail."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ALL_FORMATS, SOURCE_DIR
from ssri_docs.checks.conformance import run_checks
from ssri_docs.checks.report import Report, report_html
from ssri_docs.checks.results import FAIL, CheckResult
from ssri_docs.checks.table import CHECKS
from ssri_docs.reporting import Reporter

SLUG = "how-ssri-work"


def _checks(*names: str):
    chosen = tuple(check for check in CHECKS if check.name in names)
    assert chosen, f"no check named {names}"
    return chosen


def _copy(build_seed, folder: Path, *formats: str) -> Path:
    out = folder / "output"
    shutil.copytree(build_seed(*formats), out)
    return out


def _run(out: Path, checks, capsys, *, strict=False, quiet=False, source=SOURCE_DIR):
    passed = run_checks(
        out, source, strict=strict, reporter=Reporter(quiet=quiet, stream=None), checks=checks
    )
    lines = capsys.readouterr().out.splitlines()
    report = json.loads((out / SLUG / "conformance.json").read_text(encoding="utf-8"))
    return passed, lines, report


def test_a_format_that_was_not_built_fails_naming_the_command_that_builds_it(
    build_seed, tmp_path, capsys
):
    out = _copy(build_seed, tmp_path, "pdf")
    passed, lines, report = _run(out, _checks("Content parity"), capsys)
    assert not passed
    assert f"PASS  Content parity  {SLUG}.pdf: " in "\n".join(lines)
    for fmt, name in (
        ("html", f"{SLUG}-large-print.html"),
        ("epub", f"{SLUG}.epub"),
        ("read-aloud", f"{SLUG}-read-aloud.epub"),
    ):
        assert (
            f"FAIL  Content parity  {name}: {name} was not built: "
            f"run 'ssri-docs build --format {fmt} --out {out}'"
        ) in lines
    assert report["status"] == "fail"
    assert report["counts"] == {"pass": 1, "fail": 4, "could-not-run": 0, "skipped": 0, "total": 5}


@pytest.mark.parametrize(
    ("variable", "check", "lines_expected"),
    [
        # the large-print page, the downloads page and the transcript page
        ("VNU_JAR", "Nu Html Checker", 3),
        ("CHROMIUM_PATH", "axe-core", 3),
        ("PUPPETEER_EXECUTABLE_PATH", "Ace by DAISY", 2),  # both e-books
    ],
)
def test_a_validator_that_is_not_installed_is_skipped_or_with_strict_fails(
    variable, check, lines_expected, build_seed, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv(variable, str(tmp_path / "not-installed"))
    out = _copy(build_seed, tmp_path, *ALL_FORMATS)

    passed, lines, report = _run(out, _checks(check), capsys)
    assert passed
    assert len(lines) == lines_expected
    assert all(line.startswith(f"SKIP  {check}  ") and "(install: " in line for line in lines)
    assert report["status"] == "pass" and report["counts"]["skipped"] == lines_expected

    passed, lines, report = _run(out, _checks(check), capsys, strict=True)
    assert not passed
    assert all(line.startswith(f"FAIL  {check}  ") for line in lines)
    assert all("--strict makes this a failure" in line for line in lines)
    assert report["status"] == "fail" and report["counts"]["fail"] == lines_expected


def test_a_damaged_file_is_a_failure_not_a_crash(build_seed, tmp_path, capsys):
    out = _copy(build_seed, tmp_path, "pdf")
    (out / SLUG / f"{SLUG}.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF any more\n")
    passed, lines, _ = _run(out, _checks("PDF/UA structure", "pdfua"), capsys)
    assert not passed
    assert len(lines) == 2
    assert lines[0].startswith(f"FAIL  PDF/UA structure  {SLUG}.pdf: could not be checked: ")
    assert lines[1].startswith(f"FAIL  pdfua  {SLUG}.pdf: ")


def test_quiet_shows_only_the_failures(build_seed, tmp_path, capsys):
    out = _copy(build_seed, tmp_path, "pdf")
    _, lines, report = _run(out, _checks("Content parity"), capsys, quiet=True)
    assert len(lines) == 4 and all(line.startswith("FAIL  ") for line in lines)
    assert report["counts"]["pass"] == 1  # the report still lists every check


def test_reports_are_reproducible(build_seed, tmp_path, capsys):
    out = _copy(build_seed, tmp_path, *ALL_FORMATS)
    checks = _checks("Content parity", "PDF/UA structure", "Audio chapters")
    _run(out, checks, capsys)
    first = [(out / SLUG / name).read_bytes() for name in ("conformance.json", "conformance.html")]
    _run(out, checks, capsys)
    second = [(out / SLUG / name).read_bytes() for name in ("conformance.json", "conformance.html")]
    assert first == second
    assert not re.search(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", first[0] + first[1])


def test_the_report_escapes_what_validators_quote(seed_article):
    """Validator messages quote the checked content, which is untrusted."""
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    result = CheckResult("Content parity", "x.html", FAIL, f"missing {hostile}", (hostile,))
    html = report_html(Report(seed_article, (result,), strict=False)).decode()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Failed" in html


def test_the_spoken_disclaimer_check_can_fail(build_seed, tmp_path, capsys):
    """Check the built MP3 against a source whose disclaimer is a near miss (one word
    left out): the re-synthesised sentence is then not what the MP3 says."""
    out = _copy(build_seed, tmp_path, *ALL_FORMATS)
    passed, lines, _ = _run(out, _checks("Spoken disclaimer"), capsys)
    assert passed and lines[0].startswith(f"PASS  Spoken disclaimer  {SLUG}.mp3: ")

    source = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, source)
    article = source / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    assert "only and should not be used" in text
    article.write_text(text.replace("only and should not be used", "only and should be used"))
    passed, lines, _ = _run(out, _checks("Spoken disclaimer"), capsys, source=source)
    assert not passed
    assert lines[0].startswith(f"FAIL  Spoken disclaimer  {SLUG}.mp3: the Disclaimer chapter ")
    assert "does not say the disclaimer's first sentence" in lines[0]
