"""What WeasyPrint may read while it lays out the leaflet: nothing but local, known files.

WeasyPrint's default fetcher follows ``file://`` anywhere and reaches the network, so
an article could pull ``/etc/passwd`` or a tracking image into the PDF. The leaflet
only ever needs its fonts and the pictures next to the article; every other address
stops the build, naming the address (it is never embedded).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ...pictures import LEAFLET

# The leaflet's pictures (WeasyPrint checks their bytes itself), its fonts and styles.
_MEDIA_TYPES = {
    **{suffix: kind.media_type for kind in LEAFLET for suffix in kind.suffixes},
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
}


class RefusedAddress(FatalURLFetchingError):
    """An address the leaflet may not read.

    It derives from WeasyPrint's fatal error (a ``BaseException``) so that WeasyPrint
    stops at once instead of logging a warning and leaving the picture out.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class SandboxFetcher(URLFetcher):
    """Serve ``file:`` addresses inside the allowed folders or files; refuse the rest.

    Paths are compared after resolving symbolic links, so a link placed in the article
    folder that points elsewhere is refused like the place it points to.
    """

    def __init__(self, allowed: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.allowed = tuple(Path(os.path.realpath(path)) for path in allowed)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise RefusedAddress(url, "the leaflet may not fetch anything from the network")
        if parts.netloc not in ("", "localhost"):
            raise RefusedAddress(url, "the leaflet may not read files from another computer")
        path = Path(os.path.realpath(unquote(parts.path)))
        if not any(path == root or path.is_relative_to(root) for root in self.allowed):
            raise RefusedAddress(url, "the file is outside the article's folder")
        if not path.is_file():
            raise RefusedAddress(url, "the file does not exist")
        media_type = _MEDIA_TYPES.get(path.suffix.lower())
        if media_type is None:
            raise RefusedAddress(url, "this kind of file cannot go into a leaflet")
        headers = {"Content-Type": media_type}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers)
