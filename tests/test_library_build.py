"""Building a library (issue 13): unchanged articles skipped, --force, --jobs N worker
processes, one failure among good articles, --shard K/N and ``ssri-docs index``.

Real builds run ``python -m ssri_docs`` in a subprocess (workers are real processes)
with ``--format html,pdf`` or ``html``: the point is the scheduling, not the formats.
No test measures time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssri_docs.build import in_shard
from ssri_docs.build_key import KEY_FIELD, article_key
from ssri_docs.manifests import STAMP
from ssri_docs.publish import LOCK, read_record
from ssri_docs.source import load_article, load_site
from ssri_docs.writers import BuildOptions
from test_source import VALID, write_article

SRC = str(Path(__file__).resolve().parent.parent / "src")
SLUGS = ("alpha", "beta", "gamma")  # alpha in shard 1/2; beta and gamma in 2/2
TODAY = "2025-01-15"


def article_text(slug: str, last_words: str = "Last words.") -> str:
    return (
        VALID.replace("slug: a-test-article", f"slug: {slug}")
        .replace("title: A test article", f"title: The {slug} article")
        .replace("Last words.", last_words)
    )


@pytest.fixture
def library(tmp_path) -> Path:
    """A project with three small articles."""
    for slug in SLUGS:
        write_article(tmp_path / "source", article_text(slug), f"{slug}.md")
    return tmp_path


def ssri_docs(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ssri_docs", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=300,
    )


def build(project: Path, *extra: str, out: str = "output", formats: str = "html"):
    result = ssri_docs(
        project, "build", "--format", formats, "--out", out, "--cache", "cache",
        "--tts", "espeak", "--today", TODAY, *extra,
    )  # fmt: skip
    return result


def files(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` (not the lock): its hash and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in (LOCK, STAMP)  # bookkeeping, not output
    }


def digests(folder: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _) in files(folder).items()}


@pytest.mark.parametrize("formats", ["html", "html,pdf"])
def test_no_op_rebuild_skips_every_article_and_touches_nothing(library, formats):
    # html,pdf: the PDF format's optional booklet (written only with --booklet) must
    # not make every rebuild look incomplete.
    assert build(library, "--jobs", "1", formats=formats).returncode == 0
    before = files(library / "output")
    result = build(library, "-v", formats=formats)
    assert result.returncode == 0, result.stderr
    for slug in SLUGS:
        assert f"{slug}: unchanged, skipped" in result.stderr
        assert read_record(library / "output" / slug)[KEY_FIELD]
    assert "3 of 3 articles unchanged, skipped" in result.stderr
    assert files(library / "output") == before, "no file rewritten, not even the index"


def test_an_edit_rebuilds_only_that_article_and_force_rebuilds_all(library):
    assert build(library, "--jobs", "1").returncode == 0
    before = files(library / "output")
    write_article(library / "source", article_text("beta", "Edited last words."), "beta.md")
    result = build(library, "-v", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "[1/1] beta: built" in result.stderr
    after = files(library / "output")
    changed = {name.split("/")[0] for name in after if after[name] != before.get(name)}
    assert "beta" in changed and changed <= {"beta", "index.html"}  # the page if sizes moved

    forced = build(library, "--force", "--jobs", "1")
    assert forced.returncode == 0, forced.stderr
    assert "[3/3]" in forced.stderr
    again = files(library / "output")
    for slug in SLUGS:
        name = f"{slug}/{slug}-large-print.html"
        assert again[name][1] != after[name][1], f"{slug} was rebuilt"
        assert again[name][0] == after[name][0], "with the same bytes"


def test_jobs_2_writes_the_same_bytes_as_jobs_1(library):
    one = build(library, "--jobs", "1", out="one", formats="html,pdf")
    two = build(library, "--jobs", "2", out="two", formats="html,pdf")
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert "building 3 articles in 2 worker processes" in two.stderr
    assert [f"[{n}/3]" in two.stderr for n in (1, 2, 3)] == [True] * 3
    assert digests(library / "one") == digests(library / "two")
    assert len(digests(library / "two")) == 3 * 3 + 1  # html, pdf, build.json; the index


def test_a_librarys_log_is_a_line_per_article_with_its_warnings(library):
    """Without -v, a library build prints a line per article, and every warning (one
    made in a worker included); -v adds each article's steps and files. 300 articles
    made 5,700 lines that hid the warnings."""
    import numpy as np
    from PIL import Image

    noise = np.random.default_rng(0).integers(0, 256, (600, 600, 3), dtype=np.uint8)
    Image.fromarray(noise).save(library / "source" / "noise.png")  # over 500 KB
    text = article_text("beta", "![Random dots](noise.png)")
    write_article(library / "source", text, "beta.md")
    for jobs in ("1", "2"):
        result = build(library, "--jobs", jobs, "--force")
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        counted = [line.split(" ", 1) for line in lines if line.startswith("[")]
        assert [count for count, _ in counted] == ["[1/3]", "[2/3]", "[3/3]"]
        assert sorted(said for _, said in counted) == [f"{s}: built" for s in SLUGS]
        assert "warning: beta.md: the picture 'noise.png' is" in result.stderr
        assert "  wrote " not in result.stderr and "html: building" not in result.stderr
        assert len(lines) <= 8, result.stderr

    verbose = build(library, "--jobs", "2", "--force", "-v")
    assert verbose.returncode == 0, verbose.stderr
    assert "  html: building" in verbose.stderr
    assert "  wrote output/gamma/gamma-large-print.html" in verbose.stderr

    alone = build(library, "--force", "source/gamma.md")
    assert "  wrote output/gamma/gamma-large-print.html" in alone.stderr, alone.stderr


def test_one_failing_article_does_not_stop_the_others(library):
    # a JPEG named .png: the source checks pass (it is a picture), the build of beta fails
    broken = article_text("beta").replace("Last words.", "![A chart](chart.png)")
    write_article(library / "source", broken, "beta.md")
    (library / "source" / "chart.png").write_bytes(b"\xff\xd8\xff a JPEG")
    result = build(library, "--jobs", "2")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error: source/beta.md: the picture 'chart.png' is not really a PNG" in result.stderr
    out = library / "output"
    assert (out / "alpha" / "alpha-large-print.html").is_file()
    assert (out / "gamma" / "gamma-large-print.html").is_file()
    assert not (out / "beta").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "alpha/" in page and "gamma/" in page and "beta/" not in page

    # two failures: both listed, then one error naming them
    write_article(library / "source", broken.replace("beta", "gamma"), "gamma.md")
    result = build(library, "--jobs", "1")
    assert result.returncode == 2, result.stderr
    assert "2 of 3 articles were not built:\n  beta: error: " in result.stderr
    assert "  gamma: error: source/gamma.md: the picture 'chart.png'" in result.stderr
    assert "error: 2 of 3 articles were not built: beta, gamma" in result.stderr


def test_shards_cover_every_article_once_and_stay_put_when_one_is_added():
    slugs = [f"article-{number}" for number in range(200)]
    for count in (1, 2, 3, 7):
        shards = {
            slug: [k for k in range(1, count + 1) if in_shard(slug, (k, count))] for slug in slugs
        }
        assert all(len(found) == 1 for found in shards.values())
        assert all(any(found == [k] for found in shards.values()) for k in range(1, count + 1))
        grown = slugs + ["a-new-article"]
        assert all(in_shard(slug, (shards[slug][0], count)) for slug in grown if slug in shards)


def test_two_shards_merged_by_index_equal_a_full_build(library):
    full = build(library, out="full")
    first = build(library, "--shard", "1/2", out="shard-1")
    second = build(library, "--shard", "2/2", out="shard-2")
    assert {full.returncode, first.returncode, second.returncode} == {0}, second.stderr
    assert "shard 1/2: 1 article\n" in first.stderr
    assert sorted(p.name for p in (library / "shard-2").iterdir() if p.is_dir()) == [
        "beta",
        "gamma",
    ]
    merged = ssri_docs(library, "index", "shard-1", "shard-2", "--out", "merged", "--today", TODAY)
    assert merged.returncode == 0, merged.stderr
    assert digests(library / "merged") == digests(library / "full")
    # into the first folder, as a CI merge job does; a second merge changes nothing
    assert ssri_docs(library, "index", "shard-1", "shard-2", "--today", TODAY).returncode == 0
    assert digests(library / "shard-1") == digests(library / "full")
    before = files(library / "shard-1")
    assert ssri_docs(library, "index", "shard-1", "shard-2", "--today", TODAY).returncode == 0
    assert files(library / "shard-1") == before


def test_index_refuses_a_folder_that_is_not_a_build(library):
    (library / "empty").mkdir()
    result = ssri_docs(library, "index", "empty")
    assert result.returncode == 2
    assert "this is not a built output folder" in result.stderr
    result = ssri_docs(library, "index", "no-such-folder")
    assert result.returncode == 2
    assert "this output folder does not exist" in result.stderr


def test_a_shard_that_got_no_article_merges_as_nothing(library):
    """More shards than articles leave a shard empty: its folder, which its build
    wrote, must not stop the CI's merge job."""
    count = 9
    empty = next(k for k in range(1, count + 1) if not any(in_shard(s, (k, count)) for s in SLUGS))
    shard = build(library, "--shard", f"{empty}/{count}", out="shard-empty")
    assert shard.returncode == 0, shard.stderr
    assert build(library, out="full").returncode == 0
    merged = ssri_docs(library, "index", "full", "shard-empty", "--out", "merged", "--today", TODAY)
    assert merged.returncode == 0, merged.stderr
    assert "built with no articles, nothing to copy" in merged.stderr
    assert digests(library / "merged") == digests(library / "full")


def test_the_key_follows_everything_that_changes_the_output(library):
    source = library / "source"
    site = source / "site.yaml"

    def key(formats=("html",), options=None, beside=()) -> str:
        article = load_article(source / "alpha.md", load_site(site))
        return article_key(article, site, formats, options or BuildOptions(), beside)

    first = key()
    assert key() == first
    assert key(formats=("html", "pdf")) != first
    assert key(options=BuildOptions(paper="a5")) != first
    assert key(options=BuildOptions(paper="a5", booklet=True)) != key(
        options=BuildOptions(paper="a5")
    )  # every build option is in the key
    assert key(options=BuildOptions(cache_dir=Path("elsewhere"))) == first  # not output
    assert key(beside=("alpha.pdf",)) != first  # the page links to the PDF beside it
    site.write_text(site.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert key() != first
    changed = key()
    (source / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n one picture")
    text = article_text("alpha").replace("Last words.", "![A chart](chart.png)")
    write_article(source, text, "alpha.md")
    with_picture = key()
    assert with_picture != changed
    (source / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n another picture")
    assert key() != with_picture


@pytest.mark.slow
def test_recording_beside_the_layout_writes_the_same_bytes(tmp_path, monkeypatch):
    """All four formats with the narration recorded in its own process while the
    leaflet is laid out, then all in one process: the same files."""
    from ssri_docs import article_jobs
    from ssri_docs.build import BuildRequest
    from ssri_docs.build import build as build_here
    from ssri_docs.reporting import Reporter

    write_article(tmp_path / "source", article_text("alpha"), "alpha.md")

    def build_into(out: str) -> dict[str, str]:
        options = BuildOptions(tts="espeak", cache_dir=tmp_path / "cache")
        formats = ("html", "pdf", "epub", "audio")
        request = BuildRequest((), tmp_path / "source", tmp_path / out, formats, options, jobs=2)
        build_here(request, Reporter(quiet=True))
        return digests(tmp_path / out)

    beside = build_into("beside")
    assert article_jobs._RECORDERS, "the recording process was used"
    monkeypatch.setattr(article_jobs, "needs_both", lambda formats: False)
    assert build_into("alone") == beside


@pytest.mark.slow
def test_jobs_1_is_one_process_at_work(tmp_path, monkeypatch):
    """``--jobs 1`` runs one process at a time, as ``make -j1``: the narration is not
    recorded beside the layout, which ``--jobs 2`` does for a single article."""
    from ssri_docs import article_jobs
    from ssri_docs.build import BuildRequest
    from ssri_docs.build import build as build_here
    from ssri_docs.reporting import Reporter

    def no_second_process():
        raise AssertionError("--jobs 1 started a recording process")

    monkeypatch.setattr(article_jobs, "_recorder", no_second_process)
    write_article(tmp_path / "source", article_text("alpha"), "alpha.md")
    options = BuildOptions(tts="espeak", cache_dir=tmp_path / "cache")
    request = BuildRequest(
        (), tmp_path / "source", tmp_path / "out", ("pdf", "audio"), options, jobs=1
    )
    build_here(request, Reporter(quiet=True))
    assert (tmp_path / "out" / "alpha" / "alpha.mp3").is_file()


def test_workers_outcomes_are_let_go_once_published(tmp_path):
    """The build process keeps no article's files after publishing them: an outcome
    handed out by ``run_in_workers`` is gone once the next one arrives (they were all
    kept to the end: 544 MB for 100 copies of the seed)."""
    import gc
    import weakref

    from ssri_docs.article_jobs import Beside, Job, run_in_workers
    from ssri_docs.reporting import Reporter
    from ssri_docs.source import load_sources

    for slug in ("one", "two", "three", "four", "five"):
        write_article(tmp_path / "source", article_text(slug), f"{slug}.md")
    articles = load_sources(
        sorted((tmp_path / "source").glob("*.md")), tmp_path / "source" / "site.yaml"
    )
    options = BuildOptions(cache_dir=tmp_path / "cache")
    jobs = [Job(a, ("html",), options, tmp_path / "out" / a.slug, Beside.NOTHING) for a in articles]
    earlier: list[weakref.ref] = []
    slugs = []
    for outcome in run_in_workers(jobs, 2, Reporter(quiet=True)):
        assert outcome.error is None and outcome.files
        slugs.append(outcome.slug)
        gc.collect()
        assert all(ref() is None for ref in earlier)
        earlier.append(weakref.ref(outcome))
        del outcome
    assert sorted(slugs) == sorted(a.slug for a in articles)


class _KillsItsWorker:
    """An "article" that ends the worker process that receives it, as the kernel's
    out-of-memory killer or a crash in a C library would."""

    slug = "deadly"

    def __reduce__(self):
        return (os._exit, (9,))


def test_a_worker_that_dies_fails_its_article_alone_and_the_library_goes_on(tmp_path):
    """A dead worker breaks its whole pool (every article in flight failed with it, and
    the next hand-over raised BrokenProcessPool: a traceback, the build stopped). Now
    the pool is replaced and the articles in flight are made again, one at a time:
    only the one that kills its worker again fails, as an internal error."""
    import io

    from ssri_docs.article_jobs import WORKER_DIED, Beside, Job, run_in_workers
    from ssri_docs.reporting import Reporter
    from ssri_docs.source import load_sources

    names = ("one", "two", "three", "four", "five", "six")
    for slug in names:
        write_article(tmp_path / "source", article_text(slug), f"{slug}.md")
    paths = [tmp_path / "source" / f"{slug}.md" for slug in names]
    articles = load_sources(paths, tmp_path / "source" / "site.yaml")
    articles.insert(1, _KillsItsWorker())
    options = BuildOptions(cache_dir=tmp_path / "cache")
    jobs = [Job(a, ("html",), options, tmp_path / "out" / a.slug, Beside.NOTHING) for a in articles]
    log = io.StringIO()
    outcomes = {o.slug: o for o in run_in_workers(jobs, 2, Reporter(quiet=True, stream=log))}
    assert sorted(outcomes) == sorted([*names, "deadly"])
    assert "warning: a worker process stopped" in log.getvalue()  # said even with -q
    assert (outcomes["deadly"].error, outcomes["deadly"].internal) == (WORKER_DIED, True)
    for slug in names:
        assert outcomes[slug].error is None, outcomes[slug].error
        page = next(f for f in outcomes[slug].files if f.name.endswith("-large-print.html"))
        assert f"The {slug} article" in page.data.decode("utf-8")


# Imported by the worker that receives the article (its folder is on PYTHONPATH): from
# then on, the worker's first write to a pipe of more than PIPE_BUF bytes (which the
# kernel may split) sends half of it and the worker dies, as when the out-of-memory
# killer picks a worker while it hands over an article's megabytes of files. Smaller
# writes are whole or not at all, so they go as they are.
_DIES_MID_SEND = """
import os
import select
from multiprocessing import connection


def article(article):
    original = connection.Connection._send

    def send(self, buf, write=os.write):
        if len(buf) <= select.PIPE_BUF:
            return original(self, buf, write)
        write(self._handle, bytes(buf)[: len(buf) // 2])
        os._exit(9)

    connection.Connection._send = send
    return article


class DiesMidSend:
    def __init__(self, article):
        self.article, self.slug = article, article.slug

    def __reduce__(self):
        return (article, (self.article,))
"""

_LIBRARY_WITH_ONE_DYING = """
import io, sys
from pathlib import Path
from dies_mid_send import DiesMidSend
from ssri_docs.article_jobs import Beside, Job, run_in_workers
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_sources
from ssri_docs.writers import BuildOptions

root = Path(sys.argv[1])
names = sys.argv[2:]
articles = load_sources([root / "source" / f"{n}.md" for n in names], root / "source" / "site.yaml")
articles[1] = DiesMidSend(articles[1])
options = BuildOptions(cache_dir=root / "cache")
jobs = [Job(a, ("html",), options, root / "out" / a.slug, Beside.NOTHING) for a in articles]
for outcome in run_in_workers(jobs, 2, Reporter(quiet=True, stream=io.StringIO())):
    print(outcome.slug, "built" if outcome.error is None else "FAILED", flush=True)
"""


def test_a_worker_that_dies_while_handing_over_its_article_does_not_hang_the_build(tmp_path):
    """A worker killed while it sends its outcome (an article's files: megabytes, so
    the likeliest moment for the out-of-memory killer) leaves half a message in the
    result pipe. ProcessPoolExecutor's reader then waits for the rest for ever: the
    build process itself holds the pipe's other end, so no end of file comes. Found
    by SIGKILL to a worker during a --jobs 2 build's retry: the build hung (10 min,
    no worker left), and SIGTERM then hung too, in the executor's exit handler."""
    names = ("one", "two", "three", "four")
    for slug in names:
        write_article(tmp_path / "source", article_text(slug), f"{slug}.md")
    (tmp_path / "dies_mid_send.py").write_text(_DIES_MID_SEND, encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-c", _LIBRARY_WITH_ONE_DYING, str(tmp_path), *names],
            env={**os.environ, "PYTHONPATH": os.pathsep.join([SRC, str(tmp_path)])},
            capture_output=True,
            text=True,
            timeout=60,  # a few seconds when it works
        )
    except subprocess.TimeoutExpired as expired:  # its workers end with it (end_with)
        pytest.fail(f"the build hung after a worker died mid-send; printed: {expired.stdout}")
    assert result.returncode == 0, result.stderr
    lines = sorted(result.stdout.splitlines())
    # "two" fails if its worker died twice, or is built if nothing it sent was torn
    assert lines in (
        sorted(["one built", "two FAILED", "three built", "four built"]),
        sorted(["one built", "two built", "three built", "four built"]),
    ), lines


@pytest.mark.slow
def test_a_new_article_gets_an_encoding_helper_an_edited_one_does_not(tmp_path, monkeypatch):
    """A new article's MP3 is encoded half in a helper process; after an edit most of
    it comes from the encoding cache, and the helper would cost more than it saves.
    ``--jobs 1`` keeps everything in one process. The bytes are the same."""
    from ssri_docs import article_jobs, build
    from ssri_docs.article_jobs import Beside
    from ssri_docs.build import BuildRequest
    from ssri_docs.reporting import Reporter

    asked: list[Beside] = []

    def make_products(products, beside):
        asked.append(beside)
        article_jobs.make_products(products, beside)

    monkeypatch.setattr(build, "make_products", make_products)
    source = tmp_path / "source"
    write_article(source, article_text("alpha"), "alpha.md")
    options = BuildOptions(tts="espeak", cache_dir=tmp_path / "cache")

    def build_with(jobs: int, out: str) -> bytes:
        request = BuildRequest((), source, tmp_path / out, ("pdf", "audio"), options, jobs=jobs)
        build.build(request, Reporter(quiet=True))
        return (tmp_path / out / "alpha" / "alpha.mp3").read_bytes()

    new = build_with(2, "out")
    write_article(source, article_text("alpha", "Other last words."), "alpha.md")
    edited = build_with(2, "out")
    alone = build_with(1, "alone")
    assert asked == [Beside.RECORDING_AND_ENCODING, Beside.RECORDING, Beside.NOTHING]
    assert edited != new and alone == edited


def _process_table() -> dict[int, tuple[str, int]]:
    """Every process's state and parent id, from ``/proc/*/stat``."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        table[int(stat.parent.name)] = (fields[0], int(fields[1]))
    return table


def _descendants(root: int) -> set[int]:
    """The processes under ``root`` (not itself)."""
    table = _process_table()
    found, todo = set(), [root]
    while todo:
        parent = todo.pop()
        children = {pid for pid, (_, ppid) in table.items() if ppid == parent} - found
        todo += children
        found |= children
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (not gone, not zombies)."""
    return {pid for pid, (state, _) in _process_table().items() if pid in pids and state != "Z"}


def _build_until(project: Path, args: list[str], printed: str) -> tuple[subprocess.Popen, str]:
    """Start ``ssri-docs build ARGS`` in ``project``, in a process group of its own (as a
    terminal's job), and read its output until it prints ``printed``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ssri_docs", "build", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = ""
    while printed not in seen:
        line = process.stdout.readline()
        assert line, f"the build ended first: {seen}"
        seen += line
    return process, seen


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_a_killed_build_leaves_no_process_behind(library, signal_name):
    """SIGTERM stops a build as Ctrl-C does (exit 130); after SIGKILL the workers die
    with the fork server instead of blocking for ever on the streams a CI step reads."""
    import signal
    import time

    for number in range(4, 9):  # enough articles to keep two workers busy
        write_article(library / "source", article_text(f"extra-{number}"), f"extra-{number}.md")
    args = ["--format", "html,audio", "--out", "output", "--cache", "cache"]
    args += ["--tts", "espeak", "--jobs", "2"]
    process, _ = _build_until(library, args, "worker processes")  # the workers are at work
    time.sleep(1.0)
    started = _descendants(process.pid)
    assert started, "no worker process to watch"
    process.send_signal(getattr(signal, signal_name))
    if signal_name == "SIGTERM":
        process.stdout.read()  # everything it prints until it ends
        assert process.wait(timeout=120) == 130
    else:
        process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _alive(started) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:120] for pid in _alive(started)}
    assert not left, f"processes left running after the build was killed: {left}"
    process.stdout.close()


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_an_interrupted_build_stops_its_recording_rather_than_finish_it(tmp_path, signal_name):
    """Ctrl-C or SIGTERM while the leaflet is laid out beside the recording: the build
    ends (130) with the narration unfinished, its processes gone. It used to wait for
    the whole recording first (a CI timeout's grace period could kill it meanwhile)."""
    import signal
    import time

    from ssri_docs.speech.cache_folder import cache_files

    sentences = 300  # about 4 s of synthesis: far more than the layout takes
    extra = "\n\n".join(f"This is sentence number {n} of the long test." for n in range(sentences))
    write_article(tmp_path / "source", VALID.replace("Last words.", f"Last words.\n\n{extra}"))
    args = ["--format", "pdf,audio", "-v", "--out", "output", "--cache", "cache"]
    args += ["--tts", "espeak", "--jobs", "2"]
    # the recording is under way beside the layout
    process, seen = _build_until(tmp_path, args, "leaflet layout: laying out")
    started = _descendants(process.pid)
    # Ctrl-C reaches the whole group; SIGTERM (kill, a CI timeout) the build alone
    if signal_name == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    seen += process.stdout.read()
    assert process.wait(timeout=120) == 130, seen
    assert "Traceback" not in seen
    spoken = [f for f in cache_files(tmp_path / "cache") if f.kind == "sentence"]
    assert len(spoken) < sentences, "the build waited for the whole narration"
    deadline = time.monotonic() + 30
    while _alive(started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(started), "processes left running after the build was interrupted"
    process.stdout.close()


def test_a_reader_that_goes_away_does_not_stop_the_build(library):
    """``ssri-docs build -v 2>&1 | head -1``: once the pipe is closed the build says no
    more, finishes and publishes (it stopped with exit 1, the edit unpublished)."""
    command = [sys.executable, "-m", "ssri_docs", "build", "--format", "html", "-v"]
    command += ["--out", "output", "--cache", "cache", "--today", TODAY]
    process = subprocess.Popen(
        command,
        cwd=library,
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr.readline()  # the first line, then the reader goes away
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    for slug in SLUGS:
        assert (library / "output" / slug / f"{slug}-large-print.html").is_file()


def test_submitting_returns_before_the_pool_starts_and_hands_on_errors() -> None:
    """``Submitting`` starts the pool in a thread: the caller goes on at once, and the
    result, or what submitting raised, comes back from ``result()``."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from ssri_docs.article_jobs import Submitting

    may_start = threading.Event()
    pool = ThreadPoolExecutor(1)

    def slow_pool() -> ThreadPoolExecutor:
        assert may_start.wait(30), "the caller was held up while the pool started"
        return pool

    submitting = Submitting(slow_pool, pow, 2, 10)
    may_start.set()  # reached only if the constructor did not wait for slow_pool
    assert submitting.result() == 1024
    pool.shutdown()

    def broken_pool() -> ThreadPoolExecutor:
        raise RuntimeError("no process")

    with pytest.raises(RuntimeError, match="no process"):
        Submitting(broken_pool, pow, 2, 10).result()


@pytest.mark.parametrize(
    ("formats", "jobs", "articles", "warmed"),
    [
        (("pdf", "audio"), 2, 1, ["ssri_docs.writers.audio.recording"]),  # records beside
        (("html", "read-aloud"), 4, 2, ["ssri_docs.build"] * 2),  # two workers
        (("pdf", "audio"), 2, 5, ["ssri_docs.build"] * 2),
        (("html",), 3, 9, ["ssri_docs.build"] * 3),
        (("pdf", "audio"), 1, 1, []),  # --jobs 1: one process
        (("pdf", "audio"), 1, 5, []),
        (("html", "audio"), 2, 1, []),  # no layout to record beside
        (("pdf", "epub"), 2, 1, []),  # no recording
    ],
)
def test_the_processes_a_build_will_use_are_started_early(
    monkeypatch, formats, jobs, articles, warmed
) -> None:
    """``warm_up``: the worker processes, each started by its own submission, or the
    recording process, or nothing; never both."""
    from ssri_docs import article_jobs

    started = []
    monkeypatch.setattr(article_jobs, "Submitting", lambda *args: started.append(args[-1]))
    monkeypatch.setattr(article_jobs, "_EARLY_WORKERS", {})
    article_jobs.warm_up(formats, jobs, articles)
    assert started == warmed
    for pool in article_jobs._EARLY_WORKERS.values():
        pool.shutdown()


def test_a_librarys_faults_are_listed_once_without_the_builds_own_traceback(
    library, monkeypatch, capsys
):
    """Two articles fail from a fault: each is listed with its own traceback, then one
    line says so, without a third traceback of the code that lists them, which told
    a reader nothing (and one failure read '1 articles failed')."""
    from ssri_docs import build, cli

    real = build.make_files

    def faulty(article, *args, **kwargs):
        if article.slug in ("beta", "gamma"):
            raise RuntimeError(f"a fault while making {article.slug}")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(build, "make_files", faulty)
    monkeypatch.chdir(library)
    status = cli.main(["build", "--format", "html", "--jobs", "1", "--today", TODAY])
    err = capsys.readouterr().err
    assert status == 70
    assert "2 of 3 articles were not built:" in err
    assert "RuntimeError: a fault while making beta" in err
    assert "RuntimeError: a fault while making gamma" in err
    assert err.count("Traceback (most recent call last)") == 2, err
    assert "internal error: 2 articles failed, at least one from a fault in ssri-docs" in err
    assert (library / "output" / "alpha" / "alpha-large-print.html").is_file()
