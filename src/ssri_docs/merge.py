"""``ssri-docs index``: merge output folders built apart into one downloads page.

A library too large for one machine is built as N shards (``build --shard K/N``),
each on its own CI runner into its own output folder. This brings their article
folders together, each copied in one step (``publish.copy_article``) under the
target's ``OutputLock``, and writes the downloads page over all of them: the same
page a build of the whole library on one machine writes.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from .errors import UserError
from .publish import LOCK, OutputLock, article_folders, copy_article, recover
from .reporting import Reporter


def merge_outputs(
    folders: list[Path], out: Path | None, reporter: Reporter, today: date | None = None
) -> Path:
    """Copy the articles of every folder of ``folders`` into ``out`` (default: the
    first folder) and write its downloads page; returns the merged folder.

    An article already there with the same files is left as it is. When two folders
    hold the same slug with different files, the later folder's wins, with a warning.
    A folder a build wrote with no article (a shard that got none) adds nothing.
    Raises ``UserError`` when a folder does not exist or was not written by a build.
    """
    from .manifests import write_downloads_page

    target = out if out is not None else folders[0]
    for folder in folders:
        if not folder.is_dir():
            raise UserError(
                "this output folder does not exist",
                path=folder,
                hint="give the folders 'ssri-docs build --out' wrote.",
            )
        if article_folders(folder):
            continue
        if not (folder / LOCK).is_file():  # every build takes the lock file, even of 0 articles
            raise UserError(
                "this is not a built output folder (it has no article with a build record)",
                path=folder,
                hint="give the folders 'ssri-docs build --out' wrote.",
            )
        # a shard that got no article (few articles, many shards): nothing to copy
        reporter.info(f"{folder}: built with no articles, nothing to copy")
    origin: dict[str, Path] = {}  # slug -> the folder its copy came from
    with OutputLock(target, reporter):
        recover(target, reporter)
        for folder in folders:
            if folder.resolve() == target.resolve():
                continue
            for article in article_folders(folder):
                here = target / article.name
                earlier = origin.get(article.name)
                if _digests(article) == _digests(here):
                    reporter.detail(f"{article.name}: already in {target}, unchanged")
                else:
                    if earlier is not None:
                        reporter.warning(
                            f"{article.name} is in both {earlier} and {folder}: "
                            f"kept the one from {folder}"
                        )
                    copy_article(article, target)
                    reporter.info(f"copied {article} to {here}")
                origin[article.name] = folder
        write_downloads_page(target, reporter, today)
    return target


def _digests(folder: Path) -> dict[str, str] | None:
    """Every visible file of an article folder with a hash of its bytes; None if absent."""
    if not folder.is_dir():
        return None
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


__all__ = ["merge_outputs"]
