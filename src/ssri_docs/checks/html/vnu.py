"""Run the Nu Html Checker (vnu.jar, from npm ``vnu-jar``) on built HTML files.

It runs offline on Java. The jar is found from ``VNU_JAR``, else in the project's
``node_modules``; a missing jar or Java is a :class:`UserError` saying how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from ..errors import UserError

JAR_IN_NODE_MODULES = Path("node_modules/vnu-jar/build/dist/vnu.jar")
# The project root when the package is installed editable (src/ssri_docs/checks/vnu.py).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
TIMEOUT_SECONDS = 300


def find_jar() -> Path | None:
    """Where vnu.jar is, or None."""
    configured = os.environ.get("VNU_JAR")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for root in (Path.cwd(), PROJECT_ROOT):
        candidate = root / JAR_IN_NODE_MODULES
        if candidate.is_file():
            return candidate
    return None


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
        raise UserError(
            f"the Nu Html Checker did not give a report (exit status {result.returncode})",
            hint=result.stderr.strip()[-500:] or "run the command by hand to see why.",
        ) from None
    return report.get("messages", [])


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
