"""A library of many articles: cold build, rebuild with nothing changed, one edit.

Makes N articles (default 100) from the seed in a temporary folder, each with its own
slug, title and one changed paragraph, so that the speech cache holds what a real
library's would (every article shares most sentences, and has a few of its own). Then,
for ``--jobs 1`` and ``--jobs 2`` (when ``ssri-docs build --help`` offers ``--jobs``;
otherwise one row, built as the command does by default), each with a new library,
output folder and empty speech cache, it times three builds of every article:

- ``cold``: nothing built yet, nothing in the speech cache (median of ``--colds``,
  the variants' cold builds interleaved);
- ``no-op``: the same again, nothing changed;
- ``one edit``: one paragraph of one article changed (median of ``--pairs`` edits);
- ``alone cold``: that edited article alone in a source folder of its own, built from
  nothing (new output folder, empty speech cache), interleaved with the edits, median;
- ``alone no-op``: the last of those built again.

For each it prints the wall time, the share of the cold build's time, the peak memory
of the largest process (the command or one of its workers: the highest ``VmHWM`` seen
in ``/proc`` for the command and its descendants, polled every 0.1 s, or ``wait4``'s
figure if higher, which covers the processes the command waited for) and the
sentences synthesised (summed from the ``-v`` lines "N sentences synthesised"; "?"
when no line says, as when every article was skipped). Issue 13's goals:
no-op <= 5 % of cold (the library's, and one article's alone), one edit <= 50 % of
that article's cold build alone, ``--jobs 2`` cold
<= 0.55 x ``--jobs 1``, <= 300 MB per worker. The 100-article run takes about ten
minutes on two cores; ``--articles 10`` is a quick check.

    /work/main/.venv/bin/python benchmarks/bench_library.py [--articles N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from compiled import compile_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "how-ssri-work.md"
SYNTHESISED = re.compile(r"(\d+) sentences? synthesised")
# The seed's opening paragraph: each copy, and the one edit, change its words.
EDITED = "a brain messenger chemical"  # the words each edit changes, in one paragraph
OPENING = "We do not know exactly why or how Selective Serotonin Re-uptake Inhibitor help"


@dataclass(frozen=True)
class Result:
    wall: float  # seconds
    peak_mb: float  # largest resident set of the command or any process it waited for
    synthesised: int | None  # None when the output says nothing about it


def make_library(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the seed in ``folder``, distinct slugs, titles and one paragraph."""
    text = SEED.read_text(encoding="utf-8")
    if OPENING not in text:
        sys.exit(f"the seed's opening paragraph changed: update OPENING in {__file__}")
    (folder / "site.yaml").write_bytes((SEED.parent / "site.yaml").read_bytes())
    paths = []
    for number in range(1, count + 1):
        slug = f"how-ssri-work-{number:03d}"
        copy = text.replace("slug: how-ssri-work\n", f"slug: {slug}\n", 1)
        copy = copy.replace("title: How SSRIs work\n", f"title: How SSRIs work, part {number}\n")
        copy = copy.replace(OPENING, f"In leaflet {number}, we say it plainly: w{OPENING[1:]}", 1)
        path = folder / f"{slug}.md"
        path.write_text(copy, encoding="utf-8")
        paths.append(path)
    return paths


def edit_one(path: Path, original: str, number: int) -> None:
    """Change the words of one paragraph of ``original`` (the article's first text),
    differently for each ``number``, so each edit has one new sentence to speak."""
    path.write_text(original.replace(EDITED, f"a chemical messenger ({number})", 1))


def descendants(root: int) -> set[int]:
    """``root`` and every process under it, from the parent ids in ``/proc/*/stat``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def peak_rss_mb(pid: int) -> float:
    """The peak resident set (``VmHWM``) of process ``pid`` so far, in MB; 0 if gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def watch_peak(root: int, done: threading.Event, peak: list[float]) -> None:
    """Keep in ``peak[0]`` the largest ``VmHWM`` of ``root``'s processes until ``done``."""
    while not done.wait(0.1):
        for pid in descendants(root):
            peak[0] = max(peak[0], peak_rss_mb(pid))


def build(source: Path, out: Path, cache: Path, jobs: int | None) -> Result:
    argv = [sys.executable, "-m", "ssri_docs", "build", "--source", str(source)]
    argv += ["--out", str(out), "--cache", str(cache), "--tts", "espeak", "-v"]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryFile(mode="w+") as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        done, peak = threading.Event(), [0.0]
        watcher = threading.Thread(target=watch_peak, args=(process.pid, done, peak))
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        watcher.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode:
        sys.exit(f"{' '.join(argv)} failed ({process.returncode}):\n{output[-3000:]}")
    counts = [int(n) for n in SYNTHESISED.findall(output)]
    peak_mb = max(peak[0], usage.ru_maxrss / 1024)
    return Result(wall, peak_mb, sum(counts) if counts else None)


def offers_jobs() -> bool:
    """Whether this checkout's ``ssri-docs build`` takes ``--jobs``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    help_text = subprocess.run(
        [sys.executable, "-m", "ssri_docs", "build", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "--jobs" in help_text


@dataclass
class Library:
    """One variant's library: its source folder, output folder and speech cache."""

    jobs: int | None
    work: Path
    paths: list[Path]

    @property
    def source(self) -> Path:
        return self.work / "source"

    def build(self, run: int) -> Result:
        """A build into run ``run``'s output folder and speech cache (cold when new)."""
        out, cache = self.work / f"output-{run}", self.work / f"cache-{run}"
        return build(self.source, out, cache, self.jobs)


def new_library(work: Path, count: int, jobs: int | None) -> Library:
    (work / "source").mkdir(parents=True)
    return Library(jobs, work, make_library(work / "source", count))


def run_variants(work: Path, count: int, variants: list[int | None], colds: int, pairs: int):
    """Every variant's results, interleaved: ``colds`` rounds of cold builds (each
    variant in turn, the order alternating), then each variant's no-op, then ``pairs``
    rounds of one edit and that article's cold build alone. Returns
    {jobs: {"cold": Result, ...}} with medians."""
    libraries = [new_library(work / f"jobs-{jobs}", count, jobs) for jobs in variants]
    cold_runs: dict[int | None, list[Result]] = {library.jobs: [] for library in libraries}
    for run in range(colds):
        for library in libraries if run % 2 == 0 else libraries[::-1]:
            cold_runs[library.jobs].append(library.build(run))
    last = colds - 1
    results = {jobs: {"cold": median_result(runs)} for jobs, runs in cold_runs.items()}
    for library in libraries:
        results[library.jobs]["no-op"] = library.build(last)
    # Goal 2 compares a one-paragraph edit with the edited article's cold build alone
    # (a source folder of its own, new output folder, empty speech cache): pairs of
    # both, interleaved, medians. The last alone build also gives goal 1's no-op.
    edited = libraries[0].paths[count // 2].name
    original = (libraries[0].source / edited).read_text(encoding="utf-8")
    if EDITED not in original:
        sys.exit(f"the seed's paragraph changed: update EDITED in {__file__}")
    edits: dict[int | None, list[Result]] = {library.jobs: [] for library in libraries}
    alones: dict[int | None, list[Result]] = {library.jobs: [] for library in libraries}
    for number in range(1, pairs + 1):
        for library in libraries if number % 2 else libraries[::-1]:
            path = library.source / edited
            edit_one(path, original, number)
            edits[library.jobs].append(library.build(last))
            alone = new_library(library.work / f"alone-{number}", 0, library.jobs)
            for name in ("site.yaml", edited):
                (alone.source / name).write_bytes((library.source / name).read_bytes())
            alones[library.jobs].append(alone.build(0))
    for library in libraries:
        jobs = library.jobs
        results[jobs]["one edit"] = median_result(edits[jobs])
        results[jobs]["alone cold"] = median_result(alones[jobs])
        alone = Library(jobs, library.work / f"alone-{pairs}", [])
        results[jobs]["alone no-op"] = alone.build(0)
    return results


def median_result(results: list[Result]) -> Result:
    """The median wall time of ``results``, their highest peak, the last count."""
    wall = statistics.median(result.wall for result in results)
    peak = max(result.peak_mb for result in results)
    return Result(wall, peak, results[-1].synthesised)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="library size (default 100)")
    parser.add_argument(
        "--pairs", type=int, default=5, help="one-edit / alone-cold pairs, medians (default 5)"
    )
    parser.add_argument(
        "--colds", type=int, default=3, help="cold builds of each variant, medians (default 3)"
    )
    args = parser.parse_args()

    compile_sources(ROOT / "src")
    variants: list[int | None] = [1, 2] if offers_jobs() else [None]
    if variants == [None]:
        print("note: this ssri-docs build has no --jobs option; one variant, built as it is")
    print(f"{args.articles} articles; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}")
    print(f"{'variant':<10}{'build':<10}{'wall s':>9}{'of cold':>9}{'peak MB':>9}{'synth':>7}")
    cold: dict[int | None, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-library-") as folder:
        everything = run_variants(Path(folder), args.articles, variants, args.colds, args.pairs)
    for jobs, results in everything.items():
        cold[jobs] = results["cold"].wall
        for name, result in results.items():
            share = result.wall / results["cold"].wall
            synth = "?" if result.synthesised is None else str(result.synthesised)
            label = "default" if jobs is None else f"--jobs {jobs}"
            print(
                f"{label:<10}{name:<10}{result.wall:9.1f}{share:8.0%} "
                f"{result.peak_mb:8.0f}{synth:>7}"
            )
        per_article = results["cold"].wall / args.articles
        alone = results["alone cold"].wall
        print(f"{'':<10}one article's share of the cold build: {per_article:.2f} s")
        print(
            f"{'':<10}goal 1: no-op {results['no-op'].wall / results['cold'].wall:.1%} of the "
            f"library's cold build, {results['alone no-op'].wall / alone:.1%} for one "
            "article alone (<= 5 %)"
        )
        print(
            f"{'':<10}goal 2: one edit {results['one edit'].wall / alone:.0%} of that "
            "article's cold build alone (<= 50 %)"
        )
    if 1 in cold and 2 in cold:
        print(f"--jobs 2 cold / --jobs 1 cold: {cold[2] / cold[1]:.2f} (goal <= 0.55)")


if __name__ == "__main__":
    main()
