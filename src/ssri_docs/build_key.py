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
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .formats import FORMATS
from .model import Article, iter_figures
from .products import BuildOptions

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
    folder = article.source_path.parent
    pictures = sorted({figure.src for figure in iter_figures(article.blocks)})
    parts = {
        "source": _file_digest(article.source_path),
        "site": _file_digest(site_file) if site_file else None,
        "pictures": {src: _file_digest(folder / src) for src in pictures},
        "logo": _file_digest(logo.path) if (logo := article.site.logo) else None,
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
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
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
    """The installed version of each of ``TOOLS`` (None when absent), and Python's."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _option_value(value: object) -> object:
    """A build option as the key records it: a file (the Piper voice) by its stamp."""
    return _file_stamp(value) if isinstance(value, Path) else value


def _file_digest(path: Path) -> str | None:
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


__all__ = ["KEY_FIELD", "TOOLS", "article_key", "format_files", "package_digest", "tool_versions"]
