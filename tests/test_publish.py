"""Publishing under stress: kills at any instant, two builds at once, a full or
read-only disk, and articles whose source is gone (issues 11 and 12).

Real builds run in subprocesses with ``--format html`` (the point is publishing, not
the formats). ``SSRI_DOCS_TEST_PAUSE_AT`` makes a build stop inside the publish step
so that it can be killed exactly there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import mounted_tmpfs
from ssri_docs import build as build_module
from ssri_docs import publish
from ssri_docs.build import BuildRequest, build
from ssri_docs.manifests import STAMP
from ssri_docs.publish import LOCK, PAUSE_POINTS, RECORD
from ssri_docs.reporting import Reporter
from ssri_docs.writers import BuildOptions, OutputFile
from test_source import VALID, write_article

SLUG = "a-test-article"
SRC = str(Path(__file__).resolve().parent.parent / "src")


def digests(folder: Path) -> dict[str, str]:
    """Every file in an article folder with a hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    kept = (LOCK, STAMP)  # the lock, and the downloads page's stamp
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in kept)


def command(project: Path, source: str = "source", out: str = "output") -> list[str]:
    return [
        sys.executable,
        "-m",
        "ssri_docs",
        "build",
        "--format",
        "html",
        "--source",
        source,
        "--out",
        out,
        "--cache",
        "cache",
    ]


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, **extra}


def run_build(project: Path, source="source", out="output", **extra: str):
    return subprocess.run(
        command(project, source, out),
        cwd=project,
        env=environment(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_build(project: Path, source="source", out="output", **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        command(project, source, out),
        cwd=project,
        env=environment(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_pause(process: subprocess.Popen, point: str) -> None:
    """Read the build's stderr until it says it paused at ``point``."""
    for line in process.stderr:
        if line.strip() == f"paused at {point}":
            return
    raise AssertionError(f"the build ended without pausing at {point}: {process.wait()}")


def listed_articles(out: Path) -> list[str]:
    """The article slugs the downloads page links to, once per article."""
    page = (out / "index.html").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'href="([^":/]+)/[^"]+"', page)))


@pytest.fixture
def two_versions(tmp_path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project whose output/ holds the "old" build of a source now edited to "new",
    with the file hashes of each complete article."""
    write_article(tmp_path / "source", VALID)
    assert run_build(tmp_path, out="old").returncode == 0
    write_article(tmp_path / "source", VALID.replace("Last words.", "New last words."))
    assert run_build(tmp_path, out="new").returncode == 0
    old, new = digests(tmp_path / "old" / SLUG), digests(tmp_path / "new" / SLUG)
    assert old != new and set(old) == set(new)
    return tmp_path, old, new


def fresh_output(project: Path) -> Path:
    out = project / "output"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(project / "old", out)
    return out


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_killed_inside_publish_leaves_old_or_new_and_next_build_cleans_up(two_versions, point):
    project, old, new = two_versions
    out = fresh_output(project)
    process = start_build(project, SSRI_DOCS_TEST_PAUSE_AT=point)
    wait_for_pause(process, point)
    process.send_signal(signal.SIGKILL)
    process.wait()
    found = digests(out / SLUG)
    assert found == (new if point == "swapped" else old)
    assert listed_articles(out) == [SLUG]  # a stray staging folder is not an article
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == [], "the next build removes what the killed one left"
    assert digests(out / SLUG) == new
    assert listed_articles(out) == [SLUG]


def test_killed_at_any_instant_leaves_old_or_new(two_versions):
    project, old, new = two_versions
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0, 2.5):
        out = fresh_output(project)
        process = start_build(project)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert digests(out / SLUG) in (old, new), f"a mixed article after a kill at {delay} s"
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == [] and digests(out / SLUG) == new


def test_two_builds_at_once_never_mix(tmp_path):
    """Two builds of different texts of one article into one output folder and cache."""
    write_article(tmp_path / "a", VALID.replace("Last words.", "Words of build A."))
    write_article(tmp_path / "b", VALID.replace("Last words.", "Words of build B."))
    for name in "ab":
        assert run_build(tmp_path, source=name, out=f"ref-{name}").returncode == 0
    ref_a, ref_b = digests(tmp_path / "ref-a" / SLUG), digests(tmp_path / "ref-b" / SLUG)
    out = tmp_path / "output"

    # The first build holds the lock inside its publish step: the second says it waits.
    first = start_build(
        tmp_path, "a", SSRI_DOCS_TEST_PAUSE_AT="staged", SSRI_DOCS_TEST_PAUSE_SECONDS="8"
    )
    wait_for_pause(first, "staged")
    second = start_build(tmp_path, "b")
    assert first.wait(timeout=120) == 0
    _, errors = second.communicate(timeout=120)
    assert second.returncode == 0, errors
    assert f"another build is writing {Path('output')}; waiting for it to finish" in errors
    assert digests(out / SLUG) == ref_b  # the second build published last, whole

    # Started together, without a pause: each publishes whole; the last one wins.
    both = [start_build(tmp_path, name) for name in "ab"]
    for process in both:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    assert digests(out / SLUG) in (ref_a, ref_b)
    assert leftovers(out) == [] and listed_articles(out) == [SLUG]


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs at ``tmp_path/disk`` (needs root, as in CI)."""
    yield from mounted_tmpfs(tmp_path / "disk", "3m")


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until only about ``leave`` bytes are free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(disk / "filler", "wb") as stream:
        stream.write(b"\0" * max(0, free - leave))


def test_disk_full_exit_2_names_the_folder_and_keeps_the_old_output(tmp_path, small_disk):
    write_article(tmp_path / "source", VALID)
    out = small_disk / "output"
    assert run_build(tmp_path, out=str(out)).returncode == 0
    before = digests(out / SLUG)
    write_article(tmp_path / "source", VALID.replace("Last words.", "New last words."))
    fill(small_disk, leave=4096)
    result = run_build(tmp_path, out=str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error: disk/output: the disk is full: there is no room" in result.stderr
    assert "What to do: free some space on that disk, or give --out a folder" in result.stderr
    assert digests(out / SLUG) == before
    assert leftovers(out) == []
    (small_disk / "filler").unlink()
    assert run_build(tmp_path, out=str(out)).returncode == 0


def test_read_only_output_exit_2_and_old_output_kept(tmp_path, small_disk):
    write_article(tmp_path / "source", VALID)
    out = small_disk / "output"
    assert run_build(tmp_path, out=str(out)).returncode == 0
    before = digests(out / SLUG)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_build(tmp_path, out=str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error: disk/output: ssri-docs may not write to this folder" in result.stderr
    assert digests(out / SLUG) == before


# In-process tests of the rules, with a fast fake writer.


def fake_write(article, products):
    return [OutputFile(f"{article.slug}.txt", article.title.encode(), "text/plain", "Text")]


def build_in(project: Path, *sources: Path) -> list[str]:
    """Build ``sources`` (default: the whole folder); return the warnings printed."""
    warnings: list[str] = []
    reporter = Reporter(quiet=True)
    reporter.warning = warnings.append  # type: ignore[method-assign]
    request = BuildRequest(
        sources=tuple(sources),
        source_dir=project / "source",
        out_dir=project / "output",
        formats=("html",),
        options=BuildOptions(tts="espeak", cache_dir=project / "cache"),
    )
    build(request, reporter)
    return warnings


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(build_module, "load_writer", lambda name: fake_write)


def test_stale_article_removed_after_a_slug_change(tmp_path, fast):
    write_article(tmp_path / "source", VALID)
    build_in(tmp_path)
    renamed = VALID.replace("slug: a-test-article", "slug: a-renamed-article")
    write_article(tmp_path / "source", renamed)
    warnings = build_in(tmp_path)
    out = tmp_path / "output"
    assert warnings == [
        f"removed {out / SLUG}: no article in the source folder has the slug '{SLUG}' any more"
    ]
    assert not (out / SLUG).exists()
    assert listed_articles(out) == ["a-renamed-article"]


def test_a_build_of_named_files_never_removes_others(tmp_path, fast):
    write_article(tmp_path / "source", VALID)
    other = write_article(
        tmp_path / "source", VALID.replace("slug: a-test-article", "slug: other"), "other.md"
    )
    build_in(tmp_path)
    (tmp_path / "source" / "article.md").unlink()
    assert build_in(tmp_path, other) == []
    assert listed_articles(tmp_path / "output") == [SLUG, "other"]
    build_in(tmp_path)
    assert listed_articles(tmp_path / "output") == ["other"]


def test_downloads_page_never_reads_a_stray_folder(tmp_path, fast):
    write_article(tmp_path / "source", VALID)
    out = tmp_path / "output"
    record = f'{{"slug": "{SLUG}", "title": "Stray", "files": {{}}}}'
    for stray in (".hidden", "notes", "copy-of-article"):
        (out / stray).mkdir(parents=True)
        (out / stray / RECORD).write_text(record if stray != "notes" else "not JSON")
    build_in(tmp_path)
    assert listed_articles(out) == [SLUG]
    assert (out / "notes").is_dir() and (out / "copy-of-article").is_dir(), "not ours to remove"


def test_formats_not_rebuilt_are_kept_with_their_record(tmp_path, fast):
    write_article(tmp_path / "source", VALID)
    build_in(tmp_path)
    out = tmp_path / "output"
    publish.publish_article(
        out, SLUG, [OutputFile("extra.pdf", b"%PDF", "application/pdf", "PDF")], {}
    )
    (out / SLUG / ".staging-file-abc").write_bytes(b"half a report")  # a killed check's
    build_in(tmp_path)  # rebuilds only the fake text file
    assert not (out / SLUG / ".staging-file-abc").exists()
    record = publish.read_record(out / SLUG)
    assert sorted(record["files"]) == [f"{SLUG}.txt", "extra.pdf"]
    assert (out / SLUG / "extra.pdf").read_bytes() == b"%PDF"


def test_fallback_without_exchange_and_its_recovery(tmp_path, monkeypatch):
    out = tmp_path / "output"
    out.mkdir()
    first = [OutputFile("a.txt", b"old", "text/plain", "Text")]
    publish.publish_article(out, SLUG, first, {})
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    publish.publish_article(out, SLUG, [OutputFile("a.txt", b"new", "text/plain", "Text")], {})
    assert (out / SLUG / "a.txt").read_bytes() == b"new" and leftovers(out) == []
    # killed between the two renames: the old folder is aside and the slug is missing
    os.rename(out / SLUG, out / f".old-{SLUG}-abcd1234")
    (out / ".staging-a-test-article-xyz").mkdir()
    (out / ".staging-file-xyz").write_text("half a downloads page")
    publish.recover(out, Reporter(quiet=True))
    assert (out / SLUG / "a.txt").read_bytes() == b"new" and leftovers(out) == []


def test_a_published_folder_is_as_readable_as_any_new_folder(tmp_path):
    """Staging folders start private (mkdtemp); the published one must not stay so,
    or a web server serving output/ cannot read the article."""
    out = tmp_path / "output"
    folder = publish.publish_article(out, SLUG, [OutputFile("a.txt", b"x", "text/plain", "T")], {})
    (tmp_path / "plain").mkdir()
    assert folder.stat().st_mode & 0o777 == (tmp_path / "plain").stat().st_mode & 0o777


def test_single_files_are_as_readable_as_any_new_file(tmp_path):
    """The downloads page and the check reports are written through a temporary file
    (mkstemp, private): they must end up as readable as any file the user makes."""
    folder = tmp_path / "output"
    publish.replace_files(folder, [OutputFile("index.html", b"<p>x</p>", "text/html", "T")])
    (tmp_path / "plain.txt").write_bytes(b"x")
    mode = (folder / "index.html").stat().st_mode & 0o777
    assert mode == (tmp_path / "plain.txt").stat().st_mode & 0o777


def test_second_build_waits_for_the_lock(tmp_path):
    out = tmp_path / "output"
    messages: list[str] = []
    reporter = Reporter(quiet=True)
    reporter.warning = messages.append  # type: ignore[method-assign]
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(1)",
            str(out / LOCK),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with publish.OutputLock(out, reporter):
        waited = time.monotonic() - started
    holder.wait()
    assert messages == [f"another build is writing {out}; waiting for it to finish…"]
    assert waited > 0.3
