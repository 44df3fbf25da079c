"""What every benchmark does first: byte-compile the sources it times.

An installed package has its bytecode written at install time or on first import;
but this machine sets PYTHONDONTWRITEBYTECODE, and a checkout on it has none, so every
build would compile ssri-docs's ~140 modules again (0.18 s of CPU for all of them)
and the figures would be those of no real installation.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def compile_sources(*folders: Path) -> None:
    """Write the bytecode (``__pycache__``) of every module under ``folders``."""
    for folder in folders:
        if not compileall.compile_dir(folder, quiet=1):
            raise SystemExit(f"could not byte-compile {folder}")
