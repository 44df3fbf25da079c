"""Run the Nu Html Checker (vnu.jar, from npm ``vnu-jar``) on built HTML files.

It runs offline on Java. The jar is found from ``VNU_JAR``, else in the project's
``node_modules``; a missing jar or Java is a :class:`UserError` saying how to install it
(``ssri-docs check`` reports it as a validator that is not installed: ``CHECK``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from ...errors import UserError
from ..check import Check, Job, Kind
from ..results import FAIL, PASS, CheckResult, ToolMissing, ValidatorFailed, node_modules_file

JAR_IN_NODE_MODULES = "vnu-jar/build/dist/vnu.jar"
TIMEOUT_SECONDS = 300


def find_jar() -> Path | None:
    """Where vnu.jar is, or None."""
    configured = os.environ.get("VNU_JAR")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    return node_modules_file(JAR_IN_NODE_MODULES)


def run_vnu(*paths: Path) -> list[dict]:
    """Every message vnu gives for ``paths`` (each has ``type``, ``message``, ``url``...)."""
    jar = find_jar()
    if jar is None:
        raise UserError(
            "the Nu Html Checker (vnu.jar) was not found",
            hint="run 'npm install vnu-jar' in the project folder, or set VNU_JAR to the jar.",
        )
    java = shutil.which("java")
    if java is None:
        raise UserError(
            "Java is needed to run the Nu Html Checker", hint="install default-jre-headless."
        )
    # -Xss8m: vnu's regular expressions overflow Java's default stack on long pages.
    command = [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--stdout"]
    command += [str(path) for path in paths]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = None
    # No report, or one without its list of messages, says nothing about the pages.
    if not isinstance(report, dict) or not isinstance(report.get("messages"), list):
        raise ValidatorFailed(
            f"the Nu Html Checker did not give a report (exit status {result.returncode})",
            hint=result.stderr.strip()[-500:] or "run the command by hand to see why.",
        )
    return report["messages"]


def errors(messages: list[dict]) -> list[dict]:
    """Only the messages that make a page invalid (errors and fatal errors)."""
    return [
        message
        for message in messages
        if message.get("type") == "error"
        or (message.get("type") == "non-document-error")
        or message.get("subType") == "fatal"
    ]


def describe(message: dict) -> str:
    """One line per message, for test failures and the command line."""
    where = Path(message.get("url", "")).name
    line = message.get("lastLine")
    return f"{where}:{line}: {message.get('type')}: {message.get('message')}"


def vnu_check(job: Job) -> list[CheckResult]:
    """The Nu Html Checker, run once on every page of the job (one Java start): one
    result per page, failing on its errors; warnings are listed but do not fail it.
    Raises ToolMissing when the jar or Java is not installed."""
    if find_jar() is None:
        raise ToolMissing(
            "Nu Html Checker", "npm ci (installs vnu-jar from package.json), or set VNU_JAR"
        )
    if shutil.which("java") is None:
        raise ToolMissing("Java (for the Nu Html Checker)", "apt-get install default-jre-headless")
    messages = run_vnu(*(target.path for target in job.targets))
    results = []
    for target in job.targets:
        own = [m for m in messages if _is_about(m, target.path)]
        bad = errors(own)
        warnings = [m for m in own if m.get("subType") == "warning"]
        results.append(
            CheckResult(
                check="Nu Html Checker",
                target=target.label,
                status=FAIL if bad else PASS,
                summary=f"{len(bad)} errors, {len(warnings)} warnings",
                details=tuple(describe(m) for m in bad + warnings),
            )
        )
    return results


def _is_about(message: dict, path: Path) -> bool:
    """Whether a vnu message is about ``path`` (messages without a file are about all)."""
    url = message.get("url")
    if not url:
        return True
    return Path(unquote(urlparse(url).path)).resolve() == path.resolve()


CHECK = Check("Nu Html Checker", "html", vnu_check, Kind.SUBPROCESS, downloads_page=True)
