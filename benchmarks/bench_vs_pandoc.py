"""Our cold build of one article against pandoc's conversions of the same Markdown.

Times, interleaved run by run (ours, pandoc, ours, pandoc...), each in fresh processes:

- ``ours 3``: ``ssri-docs build --format html,pdf,epub --no-read-aloud`` (the text formats);
- ``ours 4``: ``ssri-docs build`` (the four formats, with an empty speech cache, espeak-ng);
- ``ours 4 j1``: the same with ``--jobs 1``: one process, whose CPU column is all the
  CPU the four formats take (the least wall time on N CPUs is that divided by N);
- ``ours 4 cached``: the four formats into a new output folder, the speech cache kept
  from an earlier build: the difference from ``ours 4`` is what synthesising and
  encoding the narration cost;
- ``pandoc 3``: pandoc making HTML (``-s``), EPUB and PDF (``--pdf-engine=weasyprint``,
  the WeasyPrint of this Python's environment) from the same article, its YAML front
  matter reduced to what pandoc reads (title and language), one process each.

Every run of ours builds into a new empty output folder, so nothing is skipped as
already built. Prints each row's median wall and CPU time (the children's user + system
time) and their ratios to pandoc's, against issue 13's targets (on wall time): the text
formats at most 1.0x pandoc, the four formats at most 1.2x. On a machine other jobs
share, the wall times stretch with the load and the CPU ratio is the steadier figure.
``--baseline SRC`` adds the two rows of ours again, run from another checkout's ``src/``
folder, to compare a change side by side in the same run.

Needs pandoc from ``pypandoc-binary`` (``pip install -e '.[bench]'``); installs nothing.

    /work/main/.venv/bin/python benchmarks/bench_vs_pandoc.py [--runs 5] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from compiled import compile_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "how-ssri-work.md"
TARGETS = {"ours 3": 1.0, "ours 4": 1.2}  # ratio to pandoc's wall time, issue 13 goal 5
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def pandoc_path() -> str:
    """pypandoc-binary's pandoc; exits with a hint when the ``bench`` extra is missing."""
    try:
        import pypandoc
    except ImportError:
        sys.exit("pandoc is not installed: pip install -e '.[bench]' (pypandoc-binary)")
    return pypandoc.get_pandoc_path()


def pandoc_markdown(article: Path) -> str:
    """The article as pandoc reads it: our front matter reduced to a title and language."""
    match = FRONT_MATTER.match(article.read_text(encoding="utf-8"))
    if not match:
        sys.exit(f"{article} has no YAML front matter")
    fields = yaml.safe_load(match.group(1))
    meta = yaml.safe_dump(
        {"title": fields["title"], "lang": fields.get("language", "en")}, allow_unicode=True
    )
    return f"---\n{meta}---\n{match.group(2)}"


def timed(command: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds (children's user + system) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stderr[-2000:]}")


def ours(
    src: Path,
    work: Path,
    formats: str | None,
    jobs: int | None = None,
    speech_cache: Path | None = None,
) -> Callable[[], None]:
    """One cold build of the seed with the code in ``src``, into a new output folder,
    with a new empty speech cache, or with ``speech_cache`` kept from build to build."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    source = work / "source"

    def build() -> None:
        out = Path(tempfile.mkdtemp(dir=work))
        cache = speech_cache or Path(tempfile.mkdtemp(dir=work))
        argv = [sys.executable, "-m", "ssri_docs", "build", "--source", str(source)]
        argv += ["--out", str(out), "--cache", str(cache), "--tts", "espeak", "-q"]
        if formats:
            argv += ["--format", formats, "--no-read-aloud"]
        if jobs:
            argv += ["--jobs", str(jobs)]
        try:
            run(argv, env)
        finally:
            shutil.rmtree(out)
            if speech_cache is None:
                shutil.rmtree(cache)

    return build


def pandoc(binary: str, markdown: Path, work: Path) -> Callable[[], None]:
    """pandoc's three conversions, one process each, WeasyPrint from this environment."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = work / "pandoc"

    def convert() -> None:
        out.mkdir(exist_ok=True)
        run([binary, str(markdown), "-s", "-o", str(out / "a.html")], env)
        run([binary, str(markdown), "-o", str(out / "a.epub")], env)
        run([binary, str(markdown), "--pdf-engine=weasyprint", "-o", str(out / "a.pdf")], env)
        shutil.rmtree(out)

    return convert


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each row (default 5)")
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--baseline", type=Path, metavar="SRC", help="another checkout's src/")
    args = parser.parse_args()

    binary = pandoc_path()
    compile_sources(ROOT / "src", *([args.baseline] if args.baseline else []))
    with tempfile.TemporaryDirectory(prefix="bench-pandoc-") as folder:
        work = Path(folder)
        (work / "source").mkdir()
        shutil.copy(args.article, work / "source")
        shutil.copy(args.article.parent / "site.yaml", work / "source")
        markdown = work / "pandoc.md"
        markdown.write_text(pandoc_markdown(args.article), encoding="utf-8")

        rows: dict[str, Callable[[], None]] = {
            "ours 3": ours(ROOT / "src", work, "html,pdf,epub"),
            "pandoc 3": pandoc(binary, markdown, work),
            "ours 4": ours(ROOT / "src", work, None),
            # One process (and the voice's server), all waited for: its CPU column is
            # all the CPU the four formats take, which two cores share at best.
            "ours 4 j1": ours(ROOT / "src", work, None, jobs=1),
            # The speech from an earlier build's cache (filled by the warm-up below): all
            # but synthesis and encoding, which are what the cold build adds to it.
            "ours 4 cached": ours(ROOT / "src", work, None, speech_cache=work / "kept"),
        }
        if args.baseline:
            rows["baseline 3"] = ours(args.baseline.resolve(), work, "html,pdf,epub")
            rows["baseline 4"] = ours(args.baseline.resolve(), work, None)
        for command in rows.values():  # warm the disk cache and any .pyc before timing
            command()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, command in rows.items():
                times[name].append(timed(command))

    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    print(f"{version.splitlines()[0]}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}")
    print(f"medians of {args.runs}, interleaved; ratios to pandoc 3's medians")
    anchor_wall = statistics.median(wall for wall, _ in times["pandoc 3"])
    anchor_cpu = statistics.median(cpu for _, cpu in times["pandoc 3"])
    print(f"{'row':<14}{'wall s':>8}{'CPU s':>8}{'wall x':>8}{'CPU x':>8}  wall target")
    for name, samples in times.items():
        wall = statistics.median(w for w, _ in samples) / anchor_wall
        cpu = statistics.median(c for _, c in samples) / anchor_cpu
        target = TARGETS.get(name.replace("baseline", "ours"))
        verdict = f"<= {target:.1f}x {'met' if wall <= target else 'NOT met'}" if target else ""
        print(
            f"{name:<14}{wall * anchor_wall:8.2f}{cpu * anchor_cpu:8.2f}"
            f"{wall:7.2f}x{cpu:7.2f}x  {verdict}"
        )
    cpus = os.cpu_count() or 1
    least = statistics.median(cpu for _, cpu in times["ours 4 j1"]) / cpus
    print(
        f"the four formats take {least * cpus:.2f} s of CPU (ours 4 j1): on {cpus} CPUs no "
        f"schedule builds them in less than {least:.2f} s, {least / anchor_wall:.2f}x pandoc"
    )


if __name__ == "__main__":
    main()
