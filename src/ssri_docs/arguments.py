"""The command line's argument types (each turns a word into a value or says why not),
the options several commands share, and the build's scheduling options.

``argparse`` prints the ``ArgumentTypeError`` message and exits 2.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from .formats import FORMAT_NAMES


def formats(value: str) -> tuple[str, ...]:
    names = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [name for name in names if name not in FORMAT_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}: "
            f"choose from {','.join(sorted(FORMAT_NAMES))}"
        )
    return names


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-07-29") from None


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def shard(value: str) -> tuple[int, int]:
    number, _, count = value.partition("/")
    try:
        shard = int(number), int(count)
    except ValueError:
        shard = (0, 0)
    if not 1 <= shard[0] <= shard[1]:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a shard like 2/4 (shard K of N, K from 1 to N)"
        )
    return shard


def add_scheduling_options(parser: argparse.ArgumentParser) -> None:
    """``build``'s options for what to rebuild and where: --force, --jobs, --shard."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild every article, even those unchanged since their last build",
    )
    parser.add_argument(
        "--jobs",
        type=positive,
        default=None,
        metavar="N",
        help="at most N processes at once: N articles side by side, or one article's "
        "narration beside its layout; 1 builds in one process (default: one per CPU)",
    )
    parser.add_argument(
        "--shard",
        type=shard,
        default=None,
        metavar="K/N",
        help="build only shard K of N (by a hash of the slug), for N machines in CI; "
        "merge their outputs with 'ssri-docs index'",
    )


__all__ = ["add_scheduling_options", "formats", "iso_date", "positive", "shard"]


# --- options several commands share ---------------------------------------------


def add_cache_folder(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(".cache/ssri-docs"),
        metavar="DIR",
        help=f"{what} (default: .cache/ssri-docs)",
    )


def add_source_files(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help=f"article files to {verb} (default: every .md file in the source folder)",
    )


def add_source_folder(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--source",
        type=Path,
        default=Path("source"),
        metavar="DIR",
        help=f"{what} (default: source/)",
    )


def add_review_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 2 when an article is past its next-review date",
    )
    add_today(parser, "check review dates as on this date")


def add_today(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"{what} (default: today)",
    )


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    group.add_argument("-v", "--verbose", action="store_true", help="print more detail")
