"""The WordPress page record: load the REST API JSON and check it is one page or post.

The record comes from a saved file or its URL (fetched once, no retries: an editor
runs the import by hand). Saved files may be UTF-8 (with or without a BOM) or UTF-16
with a BOM (Windows PowerShell's default). Everything wrong with it is the user's to
fix (a wrong file, WordPress's error answer saved instead of a page, a
password-protected page, no network), so each problem is a
UserError with what to do; nothing of the page's HTML is read here beyond checking
that readers would see some text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from ...errors import UserError
from .sanitise import lone_surrogate
from .shortcodes import clean_tree

FETCH_TIMEOUT_SECONDS = 30
REST_HINT = (
    "save the page from the WordPress REST API as a .json file, e.g. "
    "https://www.ocduk.org/wp-json/wp/v2/pages?slug=how-ssri-work"
)


def load_page(location: str) -> dict:
    """Read a page from a saved REST API JSON file, or fetch it from its URL."""
    data, path, where = load_json(location)
    return check_page(data, path, where)


def load_json(location: str) -> tuple[Any, Path | None, str]:
    """The JSON at ``location`` (file or URL): (data, the file or None, how to name it).

    Raises UserError when it cannot be read or is not JSON.
    """
    if location.startswith(("http://", "https://")):
        text = _fetch(location)
        path = None
        where = location
    else:
        path = Path(location)
        where = str(path)
        text = read_text(path, REST_HINT)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"this is not JSON ({error.msg})"
        if path is None:
            raise UserError(f"{where}: {message}", hint=REST_HINT) from None
        raise UserError(message, path=path, line=error.lineno, hint=REST_HINT) from None
    # "\ud800" is valid JSON but no text: it could never be written to a source file
    if broken := lone_surrogate(data):
        message = f"the page's {broken} holds a broken character (a lone surrogate)"
        hint = "save the page from WordPress again; if it persists, fix the character there."
        if path is None:
            raise UserError(f"{where}: {message}", hint=hint)
        raise UserError(message, path=path, hint=hint)
    return data, path, where


_RESAVE_HINT = (
    "save the file again as UTF-8 (in PowerShell: add '-Encoding utf8' to Out-File or "
    "Set-Content; in Notepad: File > Save as, Encoding: UTF-8)."
)


def read_text(path: Path, hint: str) -> str:
    """A saved file's text: UTF-8 with or without a BOM, or UTF-16 with a BOM.

    Windows PowerShell 5 saves UTF-16 with a BOM by default. Raises UserError with
    ``hint`` (or how to re-save the file) when the file cannot be read as text.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            "the file does not exist", path=path, hint="check the file name and folder."
        ) from None
    except IsADirectoryError:
        raise UserError("this is a folder, not a JSON file", path=path, hint=REST_HINT) from None
    except OSError as error:
        raise UserError(f"the file cannot be read: {error.strerror}", path=path) from None
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise UserError(
            f"this is not {name} text (byte {error.start + 1} cannot be read)",
            path=path,
            hint=_RESAVE_HINT,
        ) from None
    if "\x00" in text:
        raise UserError("this is not a text file (it holds NUL characters)", path=path, hint=hint)
    return text


def _fetch(url: str) -> str:
    try:
        response = requests.get(
            url, timeout=FETCH_TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
    except requests.exceptions.HTTPError as error:
        raise UserError(
            f"{url} answered with HTTP {error.response.status_code}",
            hint="check the address; it should be a WordPress REST API address such as "
            "https://www.ocduk.org/wp-json/wp/v2/pages?slug=how-ssri-work",
        ) from None
    except requests.exceptions.RequestException as error:
        reason = type(error).__name__
        raise UserError(
            f"{url} could not be reached ({reason})",
            hint="check the address and your internet connection, or save the page's JSON "
            "in a browser and import that file instead.",
        ) from None
    return response.text


_ERROR_HINT = (
    "this file is WordPress's answer to a request it refused, not a page: check the "
    "address you saved it from (the page's id or slug) and that the page is published."
)


def wordpress_error(data: Any) -> str:
    """WordPress's own message and code when ``data`` is a REST error body, else ''.

    An error body looks like ``{"code": "rest_post_invalid_id", "message": "Invalid
    post ID.", "data": {"status": 404}}``.
    """
    if not isinstance(data, dict) or "content" in data:
        return ""
    code, message = data.get("code"), data.get("message")
    if not isinstance(code, str) or not isinstance(message, str):
        return ""
    status = data.get("data", {}).get("status") if isinstance(data.get("data"), dict) else None
    status_text = f", HTTP {status}" if isinstance(status, int) else ""
    return f"WordPress answered with an error: {message} ({code}{status_text})"


_REQUIRED_TEXT = ("slug", "link", "date", "modified")
_REQUIRED_RENDERED = ("title", "content")


def check_page(data: Any, path: Path | None, where: str) -> dict:
    """The one page or post in ``data`` (a REST answer: a record, or a list of one).

    ``path`` (the saved file, None for a URL) or ``where`` locates messages. Raises
    UserError when it is not exactly one page with a slug, link, dates, title and
    content that readers would see.
    """

    def fail(message: str, hint: str = REST_HINT) -> UserError:
        if path is None:
            return UserError(f"{where}: {message}", hint=hint)
        return UserError(message, path=path, hint=hint)

    error_body = wordpress_error(data)
    if error_body:
        raise fail(error_body, hint=_ERROR_HINT)
    if isinstance(data, list):
        # The REST API answers a ?slug= query with a list.
        if len(data) != 1:
            raise fail(
                f"this JSON is a list of {len(data)} pages; the importer takes one page",
                hint="ask the REST API for one page, e.g. .../wp-json/wp/v2/pages?slug=SLUG",
            )
        data = data[0]
    if not isinstance(data, dict):
        raise fail(f"this JSON is not a WordPress page or post (it holds a {type(data).__name__})")
    missing = [name for name in _REQUIRED_TEXT if not isinstance(data.get(name), str)]
    missing += [
        f"{name}.rendered"
        for name in _REQUIRED_RENDERED
        if not isinstance(data.get(name), dict) or not isinstance(data[name].get("rendered"), str)
    ]
    if missing:
        raise fail(f"this JSON is not a WordPress page or post: it has no {', '.join(missing)}")
    if not clean_tree(data["content"]["rendered"], []).get_text().strip():
        # empty, or nothing readers would see (only scripts, shortcodes, spaces)
        protected = data["content"].get("protected")
        raise fail(
            "the page has no content" + (" (it is password-protected)" if protected else ""),
            hint="check that this is the right page and that it is published and public.",
        )
    return data
