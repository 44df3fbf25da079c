"""``load_weasyprint``: WeasyPrint's libraries open by their sonames, with no search, and
a system whose libraries go by other names still loads it (with ctypes' own search)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# A stand-in for WeasyPrint that, like it, prints advice and raises OSError when a
# library is not found by ctypes' search; it records what each attempt found.
FAKE_WEASYPRINT = """
import ctypes.util
import sys
found = ctypes.util.find_library("c")
sys.modules["attempts"].found.append(found)
if found is None:
    print("WeasyPrint could not import some external libraries")
    raise OSError("cannot load library 'c'")
"""

DRIVER = """
import ctypes.util, sys, types
attempts = sys.modules["attempts"] = types.ModuleType("attempts")
attempts.found = []
real = ctypes.util.find_library
from ssri_docs.writers.pdf import load_weasyprint
load_weasyprint()
load_weasyprint()  # a second call does nothing
assert "weasyprint" in sys.modules
assert ctypes.util.find_library is real, "find_library not restored"
print("attempts:", len(attempts.found), "second found:", attempts.found[-1] is not None)
"""


# Prepended to a driver: every process it starts is listed in ``calls``.
RECORD_PROCESSES = """
import subprocess
calls = []
real_popen = subprocess.Popen.__init__
def popen(self, args, *rest, **options):
    calls.append(args)
    real_popen(self, args, *rest, **options)
subprocess.Popen.__init__ = popen
"""


def run_driver(driver: str, *path: Path) -> str:
    """What ``driver`` prints, run in a fresh Python with ``path`` and ssri-docs to
    import from; fails the test if it does not exit 0."""
    pythonpath = ":".join(str(folder) for folder in [*path, ROOT / "src"])
    result = subprocess.run(
        [sys.executable, "-c", driver],
        env={"PYTHONPATH": pythonpath, "PATH": "/usr/bin:/bin:/sbin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_falls_back_to_ctypes_search_and_keeps_stdout_clean(tmp_path: Path) -> None:
    (tmp_path / "weasyprint").mkdir()
    (tmp_path / "weasyprint" / "__init__.py").write_text(FAKE_WEASYPRINT)
    printed = run_driver(DRIVER, tmp_path)
    assert printed == "attempts: 2 second found: True\n"  # no advice printed


def test_real_weasyprint_opens_its_libraries_without_a_search() -> None:
    """The real import succeeds at the first attempt: no ldconfig or gcc is run."""
    driver = """
from ssri_docs.writers.pdf import load_weasyprint
load_weasyprint()
import weasyprint.text.ffi as ffi
assert ffi.pango is not None and ffi.harfbuzz is not None and ffi.fontconfig is not None
print(calls)
"""
    assert run_driver(RECORD_PROCESSES + driver) == "[]\n"


def test_worker_pool_preload_opens_weasyprint_without_a_search() -> None:
    """The worker pool's fork server imports ``preload_for``'s modules by name, as
    ``multiprocessing.forkserver.main`` does; WeasyPrint among them must load as
    ``load_weasyprint`` loads it, with no ldconfig or gcc run (0.3 s per build)."""
    driver = """
from ssri_docs.article_jobs import preload_for
for name in ["ssri_docs.article_jobs", *preload_for(("html", "pdf", "epub"))]:
    __import__(name)  # as multiprocessing.forkserver.main preloads
print(calls)
"""
    assert run_driver(RECORD_PROCESSES + driver) == "[]\n"
