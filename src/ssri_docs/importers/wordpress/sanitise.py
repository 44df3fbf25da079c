"""Sanitise untrusted WordPress HTML with nh3, and say what was removed.

HTML from a web page is untrusted: nh3 keeps an allow-list of structural tags and
attributes, and scripts, styles, frames, forms and event handlers never pass. Only
that clean tree is read. The raw HTML is parsed once more, purely to tell the editor
what the sanitiser removed and what they can do about it. Every rule about untrusted
markup lives in this module.
"""

from __future__ import annotations

import nh3
from bs4 import BeautifulSoup, Tag

from ...errors import UserError
from .whitespace import INVISIBLE

_ALLOWED_TAGS = {
    *("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    *("figure", "figcaption", "img"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary"),
    *("a", "strong", "b", "em", "i", "u", "s", "del", "ins", "code", "kbd", "samp"),
    *("sup", "sub", "mark", "span", "small", "big", "abbr", "q", "cite", "time"),
}
_ALLOWED_ATTRIBUTES = {
    # class and role are kept to recognise footnotes, accordions, table alignment and
    # decorative pictures; lang and dir are the language of parts (WCAG 3.1.2).
    "*": {"class", "role", "lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "aria-hidden"},
    "ol": {"start", "reversed", "type"},
    "sup": {"data-fn"},
    "td": {"colspan", "rowspan", "data-align"},
    "th": {"colspan", "rowspan", "data-align", "scope"},
}
# Elements nested deeper than this are refused: no real page comes near it, and reading
# is recursive (docs/source-format.md, "Starting from a WordPress page").
MAX_NESTING_DEPTH = 100
# Removed together with their content, and reported: (what it is, what the editor can do).
_DROPPED_ELEMENTS = {
    "script": ("script", "code from the web page never reaches the outputs"),
    "noscript": ("script fallback", "code from the web page never reaches the outputs"),
    "style": ("style sheet", "the outputs use their own large-print styles"),
    "link": ("linked style sheet", "the outputs use their own large-print styles"),
    "meta": ("meta element", "the details box holds the article's details"),
    "template": ("template", "it is never shown to readers"),
    "iframe": ("embedded frame", "if readers need what it showed, add a link to it"),
    "object": ("embedded object", "if readers need what it showed, add a link to it"),
    "embed": ("embedded object", "if readers need what it showed, add a link to it"),
    "video": ("video", "add a link to the video if readers need it"),
    "audio": ("audio player", "add a link to the recording if readers need it"),
    "canvas": ("canvas drawing", "describe what it showed in the text if readers need it"),
    "svg": ("svg drawing", "describe what it showed in the text if readers need it"),
    "form": ("form", "forms cannot work on paper or in audio; link to the web page instead"),
    "input": ("form field", "forms cannot work on paper or in audio"),
    "button": ("button", "buttons cannot work on paper or in audio"),
    "select": ("form field", "forms cannot work on paper or in audio"),
    "textarea": ("form field", "forms cannot work on paper or in audio"),
}


def sanitise(html: str) -> str:
    """``html`` with only the allowed tags, attributes and http(s)/mailto addresses."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=set(_DROPPED_ELEMENTS),
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def dropped_warnings(html: str) -> list[str]:
    """What the sanitiser removes, found in the raw HTML (only to tell the editor)."""
    raw = BeautifulSoup(html, "html.parser")
    dropped = list(_DROPPED_ELEMENTS)
    found: dict[str, list[str]] = {}
    handlers: list[str] = []
    script_links = 0
    for element in raw.find_all(True):
        if element.find_parent(dropped) is not None:
            continue
        if element.name in _DROPPED_ELEMENTS:
            address = element.get("src") or element.get("data") or element.get("action") or ""
            found.setdefault(element.name, []).append(str(address).strip())
            continue
        for attribute in element.attrs:
            if attribute.lower().startswith("on"):
                handlers.append(f"{attribute} on <{element.name}>")
        href = str(element.get("href") or "")
        if element.name == "a" and href.strip().lower().startswith("javascript:"):
            script_links += 1
    messages = []
    for name, addresses in found.items():
        what, advice = _DROPPED_ELEMENTS[name]
        count = len(addresses)
        shown = [address for address in addresses if address]
        detail = f"<{name}>" + (f" {', '.join(shown)}" if shown else "")
        plural = "s" if count > 1 else ""
        messages.append(f"removed {count} {what}{plural} ({detail}): {advice}.")
    if handlers:
        plural = "s" if len(handlers) > 1 else ""
        messages.append(
            f"removed {len(handlers)} event-handler attribute{plural} ({', '.join(handlers)}): "
            "code from the web page never reaches the outputs."
        )
    if script_links:
        messages.append(
            f"removed the address of {script_links} javascript: link(s); their text is kept."
        )
    return messages


def plain_text(html: str) -> str:
    """The visible text of a short piece of untrusted HTML (e.g. a title), on one line."""
    soup = BeautifulSoup(sanitise(html), "html.parser")
    return " ".join(soup.get_text().translate(INVISIBLE).split())


def lone_surrogate(data: object) -> str | None:
    """Where a JSON value holds a lone surrogate (``"\\ud800"``), e.g. ``content.rendered``.

    JSON can escape half of a UTF-16 pair on its own; such text is not Unicode and can
    be neither sanitised nor written. None when there is none. Walked without recursion.
    """
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if any("\ud800" <= char <= "\udfff" for char in value):
                return where or "the text"
        elif isinstance(value, dict):
            stack.extend((f"{where}.{key}".lstrip("."), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", item) for index, item in enumerate(value))
    return None


def check_depth(tree: Tag) -> None:
    """Refuse a tree nested deeper than MAX_NESTING_DEPTH (walked without recursion)."""
    stack = [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_NESTING_DEPTH:
            raise UserError(
                f"the page's HTML is nested more than {MAX_NESTING_DEPTH} elements deep",
                hint="this is not an ordinary WordPress page; check that it is the right page, "
                "or simplify its layout in WordPress and import it again.",
            )
        stack.extend((child, depth + 1) for child in element.children if isinstance(child, Tag))
