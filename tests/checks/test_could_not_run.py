"""A validator rule that crashed, or a validator that gave no usable report, is
"could not run": never a pass, a failure with --strict unless a known upstream fault
that a check of our own covers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

from ssri_docs.checks import conformance
from ssri_docs.checks.check import Check, Job, Session, Target
from ssri_docs.checks.pdf import pdfua, structure
from ssri_docs.checks.report import Report, report_html, report_json
from ssri_docs.checks.results import FAIL, NOT_RUN, PASS, CheckResult, ValidatorFailed
from ssri_docs.downloads import render_downloads_page


def _fake_pdfua(monkeypatch, payload: dict | str, status: int = 0) -> None:
    stdout = payload if isinstance(payload, str) else json.dumps(payload)

    def run(*args, **kwargs):
        return subprocess.CompletedProcess(args, status, stdout=stdout, stderr="")

    monkeypatch.setattr(pdfua.subprocess, "run", run)


def _job(seed_article, tmp_path: Path) -> Job:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(b"%PDF-1.7")
    return Job(seed_article, (Target(path, path.name, "pdf"),), Session())


CRASHED = {
    "findings": [],
    "summary": {"rules_run": 11},
    "skipped": [{"rule_id": "UA-14-001", "reason": "rule raised ValueError"}],
}


def test_a_crashed_pdfua_rule_is_could_not_run_not_pass(monkeypatch, seed_article, tmp_path):
    _fake_pdfua(monkeypatch, CRASHED)
    results = pdfua.pdfua_check(_job(seed_article, tmp_path))
    assert [r.status for r in results] == [PASS, NOT_RUN]
    crashed = results[1]
    assert crashed.check == "pdfua UA-14-001"
    assert crashed.covered_by == "PDF/UA structure (empty headings)"


def test_an_unknown_crashed_rule_fails_under_strict(monkeypatch, seed_article, tmp_path):
    unknown = {**CRASHED, "skipped": [{"rule_id": "UA-99-001", "reason": "boom"}]}
    _fake_pdfua(monkeypatch, unknown)
    check = Check("pdfua", "pdf", pdfua.pdfua_check)
    job = _job(seed_article, tmp_path)
    relaxed = conformance._run_one(check, job, tmp_path, strict=False)
    strict = conformance._run_one(check, job, tmp_path, strict=True)
    assert relaxed[1].status == NOT_RUN and relaxed[1].covered_by is None
    assert strict[1].status == FAIL and "--strict" in strict[1].summary
    # the known, covered fault stays "could not run" under --strict, without failing
    _fake_pdfua(monkeypatch, CRASHED)
    assert conformance._run_one(check, job, tmp_path, strict=True)[1].status == NOT_RUN


@pytest.mark.parametrize("payload", [{"summary": {}}, "not json", []])
def test_pdfua_without_findings_could_not_run(monkeypatch, seed_article, tmp_path, payload):
    _fake_pdfua(monkeypatch, payload)
    with pytest.raises(ValidatorFailed):
        pdfua.run_pdfua(tmp_path / "x.pdf")
    check = Check("pdfua", "pdf", pdfua.pdfua_check)
    job = _job(seed_article, tmp_path)
    assert conformance._run_one(check, job, tmp_path, strict=False)[0].status == NOT_RUN
    assert conformance._run_one(check, job, tmp_path, strict=True)[0].status == FAIL


def test_vnu_without_messages_could_not_run(monkeypatch, tmp_path):
    from ssri_docs.checks.html import vnu

    jar = tmp_path / "vnu.jar"
    jar.write_bytes(b"")
    monkeypatch.setenv("VNU_JAR", str(jar))
    monkeypatch.setattr(vnu.shutil, "which", lambda name: "/usr/bin/java")
    monkeypatch.setattr(
        vnu.subprocess,
        "run",
        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="{}", stderr=""),
    )
    with pytest.raises(ValidatorFailed):
        vnu.run_vnu(tmp_path / "page.html")


def test_the_report_and_downloads_page_say_could_not_run(seed_article):
    results = (
        CheckResult("pdfua", "x.pdf", PASS, "0 findings"),
        CheckResult("Nu Html Checker", "x.html", NOT_RUN, "no report"),
    )
    report = Report(seed_article, results, strict=False, checked_files={"x.pdf": "0"})
    assert report.status == NOT_RUN
    data = json.loads(report_json(report))
    assert data["status"] == "could-not-run" and data["counts"][NOT_RUN] == 1
    page = report_html(report).decode()
    assert "Incomplete" in page and "1 could not run" in page
    manifest = {
        "slug": "a",
        "title": "A",
        "files": {},
        "conformance": {"status": data["status"], "counts": data["counts"], "report": "c.html"},
    }
    downloads = render_downloads_page([manifest]).decode()
    assert "<strong>Incomplete</strong>" in downloads and "1 could not run" in downloads
    assert "Passed" not in downloads
    covered = (results[0], CheckResult("pdfua UA-14-001", "x.pdf", NOT_RUN, "", covered_by="x"))
    assert Report(seed_article, covered, strict=True).status == PASS


def test_the_structure_check_finds_an_empty_heading(build_seed, seed_article, tmp_path):
    built = build_seed("pdf") / seed_article.slug / f"{seed_article.slug}.pdf"
    target = tmp_path / "empty-heading.pdf"
    with pikepdf.open(built) as pdf:
        for element in structure.structure_elements(pdf.Root.StructTreeRoot):
            if element.tag == "/H2":
                element.node.K = pikepdf.Array()
                break
        pdf.save(target)
    assert structure.problems(built) == []
    found = structure.problems(target)
    assert any("is empty" in problem for problem in found), found
