"""Worker processes hand results back as files (process_pools.HandedOver), in folders
that a build killed with SIGKILL leaves behind, and the next build removes."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ssri_docs import process_pools


def test_results_come_back_whole_and_their_files_are_removed(tmp_path):
    with ThreadPoolExecutor(1) as pool:
        handed = process_pools.HandedOver(pool, str(tmp_path))
        assert handed.submit(bytes, 3_000_000).result() == bytes(3_000_000)
    assert list(tmp_path.iterdir()) == []


def test_folders_of_builds_that_are_gone_are_removed_and_others_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(process_pools.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(process_pools.os.path, "isdir", lambda path: False)  # no /dev/shm
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    orphan = tmp_path / f"ssri-docs-results-{gone}-outcomes-abc"
    live = tmp_path / f"ssri-docs-results-{os.getpid()}-outcomes-def"
    stranger = tmp_path / "ssri-docs-results-notes"
    for folder in (orphan, live, stranger):
        folder.mkdir()
    new = Path(process_pools.results_folder("outcomes-"))
    assert new.parent == tmp_path and new.name.startswith(f"ssri-docs-results-{os.getpid()}-")
    assert not orphan.exists()
    assert live.exists() and stranger.exists()
