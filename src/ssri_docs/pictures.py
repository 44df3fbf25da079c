"""The article's pictures: read from its own folder only, recognised by their first bytes.

Every format that carries a picture reads it here, so they agree on what a picture is:
a file in the article's folder (no path may lead out of it) whose first bytes say it is
one of the types that format allows, and whose name does not claim another type (a
renamed or damaged file is refused with a clear message instead of showing broken).
What each format allows differs, and each allow-list below says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError
from .model import Article


@dataclass(frozen=True)
class PictureType:
    name: str  # as readers know it: "PNG"
    media_type: str  # e.g. "image/png"
    suffixes: tuple[str, ...]  # file name endings, the usual one first
    signatures: tuple[bytes, ...]  # how the file starts; empty for a text format (SVG)

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


PNG = PictureType("PNG", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = PictureType("JPEG", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
GIF = PictureType("GIF", "image/gif", (".gif",), (b"GIF87a", b"GIF89a"))
WEBP = PictureType("WebP", "image/webp", (".webp",), (b"RIFF",))
SVG = PictureType("SVG", "image/svg+xml", (".svg",), ())
KNOWN: tuple[PictureType, ...] = (PNG, JPEG, GIF, WEBP, SVG)

# The large-print page embeds pictures as data: URIs; every current browser shows these.
# SVG is left out: inline it could carry scripts.
WEB_PAGE: tuple[PictureType, ...] = (PNG, JPEG, GIF, WEBP)
# EPUB 3 core media types that every reading system must show; SVG is left out on
# purpose: it can hold scripts and remote references.
EBOOK: tuple[PictureType, ...] = (PNG, JPEG, GIF)
# What WeasyPrint draws into the leaflet (its fetcher refuses every other address).
LEAFLET: tuple[PictureType, ...] = (PNG, JPEG, GIF, WEBP, SVG)


@dataclass(frozen=True)
class Picture:
    src: str  # as the source names it
    path: Path  # resolved, inside the article's folder
    data: bytes
    type: PictureType


def type_for_suffix(path: Path, allowed: tuple[PictureType, ...] = KNOWN) -> PictureType | None:
    """The picture type a file name claims, among ``allowed``."""
    suffix = path.suffix.lower()
    return next((kind for kind in allowed if suffix in kind.suffixes), None)


def sniff(data: bytes, allowed: tuple[PictureType, ...]) -> PictureType | None:
    """The type among ``allowed`` that ``data`` starts like (never SVG: it has no signature)."""
    return next(
        (kind for kind in allowed if kind.signatures and data.startswith(kind.signatures)), None
    )


# What a file named like a picture often really is: a saved web page, a document, a
# phone's HEIC photo, an archive. Said in the message so the editor knows what to do.
_OTHER_FILES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"BM", "a BMP picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
)


def what_it_is(data: bytes) -> str:
    """What the start of a file that is no picture says it is, e.g. "a PDF document"."""
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "a HEIC photo (an iPhone's format)"
    known = next((what for start, what in _OTHER_FILES if data.startswith(start)), None)
    if known:
        return known
    if not data:
        return "an empty file"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "of a type ssri-docs does not know"
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return "a web page (HTML), perhaps saved instead of the picture"
    return "text"


def not_a_picture(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a picture of any format, or None if it may be.

    Checked when the source is read, before any format is built: a file whose first
    bytes are none of the KNOWN types (SVG, having no signature, is left to the formats).
    Returns e.g. "it is not really a PNG picture: it is text". Raises OSError when the
    file cannot be read.
    """
    claimed = type_for_suffix(path)
    if claimed is SVG:
        return None
    with path.open("rb") as file:
        start = file.read(64)
    if sniff(start, KNOWN) is not None:
        return None
    if claimed is not None:
        return f"it is not really a {claimed.name} picture: it is {what_it_is(start)}"
    return f"it is not a picture ssri-docs can use: it is {what_it_is(start)}"


def load_picture(article: Article, src: str, allowed: tuple[PictureType, ...]) -> Picture:
    """The picture ``src`` of ``article``, checked against the format's ``allowed`` types.

    Raises ``BuildError`` (naming the article's source) when the path leads outside the
    article's folder, the file is missing or unreadable, its bytes are not one of the
    allowed types, or its name claims another type than its bytes.
    """
    folder = article.source_path.resolve().parent
    path = (folder / src).resolve()
    where = "it is outside the article's folder" if not path.is_relative_to(folder) else None
    if where is None and not path.is_file():
        where = "there is no such file"
    if where:
        raise BuildError(
            f"the picture {src!r} is not a file in the article's folder ({where})",
            path=article.source_path,
            hint="save the picture in the same folder as the article and write just its name.",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BuildError(
            f"the picture {src!r} cannot be read: {error.strerror}",
            path=article.source_path,
            hint="check that the picture file exists next to the article.",
        ) from None
    kind = sniff(data, allowed)
    claimed = type_for_suffix(path)
    names = ", ".join(kind.name for kind in allowed[:-1]) + f" or {allowed[-1].name}"
    if kind is None:
        really = f"is not really a {claimed.name} file: it " if claimed in allowed else ""
        raise BuildError(
            f"the picture {src!r} {really}is not a {names} image",
            path=article.source_path,
            hint="open it in an image editor and save it again as PNG or JPEG.",
        )
    if claimed is not None and claimed is not kind:
        raise BuildError(
            f"the picture {src!r} is not really a {claimed.name} file: it is a {kind.name} image",
            path=article.source_path,
            hint=f"rename it to end in {kind.suffix}.",
        )
    return Picture(src, path, data, kind)
