"""The build key: a digest of everything that decides an article's built files.

Like a make rule's prerequisites or Bazel's action key: when the key of an article is
the one its published build record holds (and every file the record lists is there),
building it again would write the same bytes, so the build skips it. The key covers:

- the article's source file and ``site.yaml`` (bytes), and every picture it shows;
- ssri-docs itself: its version and a digest of its own code and templates, so any
  change to ssri-docs rebuilds everything;
- the build options that change output (formats, paper, print marks, speech engine
  and voice file, read-aloud), not those that do not (the speech cache folder);
- the installed versions of the tools that write the files (WeasyPrint, ebooklib,
  lameenc, espeak-ng's package...) and of Python;
- the names of the other formats' files already published beside the article (the
  large-print page links to them).

Not covered: system fonts (WeasyPrint finds them through fontconfig) and, with the
``auto`` speech engine, whether Google's voice was reachable. ``--force`` rebuilds.

The key's parts come in two kinds, so that a later build can check them without
reading the article (``up_to_date.py``, like make's dependency files): the files it
read (``input_files``: the source, site.yaml, pictures, logo) and everything else
(``environment``). This module imports no document model and no Markdown reader.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .formats import FORMATS
from .products import BuildOptions

if TYPE_CHECKING:
    from .model import Article

KEY_FIELD = "build_key"  # where the build record keeps it

# The Python packages whose code writes or shapes a built file.
TOOLS = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fonttools",
    "Pillow",
    "EbookLib",
    "lxml",
    "lameenc",
    "mutagen",
    "numpy",
    "soundfile",
    "espeakng-loader",
    "gTTS",
    "piper-tts",
    "jinja2",
    "markdown-it-py",
    "mdit-py-plugins",
    "nh3",
    "PyYAML",
    "segno",
)


def article_key(
    article: Article,
    site_file: Path | None,
    formats: tuple[str, ...],
    options: BuildOptions,
    beside: tuple[str, ...],
) -> str:
    """The article's build key: 64 hex digits (SHA-256).

    ``beside`` names the files of other formats that stay in the article's folder.
    A file that cannot be read (a picture gone missing) is keyed as missing, so the
    build runs and reports it properly.
    """
    files = input_files(article, site_file)
    parts = {
        "source": file_digest(files["source"]),
        "site": file_digest(files["site"]) if files["site"] else None,
        "pictures": {src: file_digest(path) for src, path in files["pictures"].items()},
        "logo": file_digest(files["logo"]) if files["logo"] else None,
        **environment(formats, options, beside),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_files(article: Article, site_file: Path | None) -> dict:
    """The files the key reads: ``{"source": Path, "site": Path | None, "pictures":
    {src: Path}, "logo": Path | None}``."""
    from .model import iter_figures  # only here: the no-op check keys no article

    folder = article.source_path.parent
    pictures = sorted({figure.src for figure in iter_figures(article.blocks)})
    return {
        "source": article.source_path,
        "site": site_file,
        "pictures": {src: folder / src for src in pictures},
        "logo": logo.path if (logo := article.site.logo) else None,
    }


def environment(formats: tuple[str, ...], options: BuildOptions, beside: tuple[str, ...]) -> dict:
    """The key's parts that are not the article's files: ssri-docs, the tools, the
    formats, the build options and the files beside (a JSON-ready dict)."""
    return {
        "ssri-docs": [__version__, package_digest()],
        "tools": tool_versions(),
        "formats": sorted(formats),
        # Every build option, so a new one can never be left out of the key; only where
        # the speech is cached does not change what is built.
        "options": {
            field.name: _option_value(getattr(options, field.name))
            for field in dataclasses.fields(options)
            if field.name != "cache_dir"
        },
        "beside": sorted(beside),
    }


def environment_digest(
    formats: tuple[str, ...], options: BuildOptions, beside: tuple[str, ...]
) -> str:
    """SHA-256 (64 hex digits) of :func:`environment`, as the build record keeps it."""
    text = json.dumps(environment(formats, options, beside), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_files(formats: tuple[str, ...], slug: str) -> frozenset[str]:
    """The names of the files that ``formats`` can write for the article ``slug``."""
    return frozenset(item.name(slug) for name in formats for item in FORMATS[name].files)


@cache
def package_digest() -> str:
    """SHA-256 over ssri-docs' own files (code, templates, data), by relative path."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def tool_versions() -> dict[str, str | None]:
    """The installed version of each of ``TOOLS`` (None when absent), and Python's.

    As ``importlib.metadata.version`` finds them (the first distribution of that name
    on ``sys.path``), from the names of the ``<name>-<version>.dist-info`` folders:
    one listing per ``sys.path`` folder instead of a metadata search per tool.
    """
    found = _dist_info_versions()
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in TOOLS:
        version = found.get(_normalise(name), None)
        if version == "":  # a folder without its version in the name: ask the metadata
            version = _metadata_version(name)
        versions[name] = version
    return versions


def _dist_info_versions() -> dict[str, str]:
    """Normalised distribution name -> version, the first on ``sys.path`` winning.

    The version is "" where a folder names no version (an ``.egg-info`` folder).
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue  # a zip file or a folder that is not there
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            project, _, version = stem.partition("-")
            found.setdefault(_normalise(project), version if kind == "dist-info" else "")
    return found


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them: ``Markdown_It.py`` -> ``markdown-it-py``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata_version(name: str) -> str | None:
    from importlib import metadata  # costs ~10 ms: only for the rare folder named so

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _option_value(value: object) -> object:
    """A build option as the key records it: a file (the Piper voice) by its stamp."""
    return _file_stamp(value) if isinstance(value, Path) else value


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes (64 hex digits), or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _file_stamp(path: Path) -> list:
    """A voice model is large: its path, size and modification time stand for it."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


__all__ = [
    "KEY_FIELD",
    "TOOLS",
    "article_key",
    "environment",
    "environment_digest",
    "file_digest",
    "format_files",
    "input_files",
    "package_digest",
    "tool_versions",
]
