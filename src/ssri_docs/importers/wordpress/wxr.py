"""A WordPress export file (WXR: Tools -> Export) read as REST-shaped page records.

WXR is RSS 2.0 with WordPress's own elements (``wp:post_type``, ``wp:status``,
``content:encoded``). Each item becomes the dict the REST API would have given for it,
so that the rest of the importer reads one shape. The file is untrusted: lxml parses
it with no network access and no entity expansion (no "billion laughs", no reading of
local files through external entities).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ...errors import UserError

WXR_HINT = "export the site again in WordPress (Tools > Export > All content or Pages)."
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


def is_wxr(text: str) -> bool:
    """True when ``text`` looks like a WXR export (an RSS file) rather than JSON.

    A saved web page (HTML) is not: it is reported as "not JSON", with how to save
    the page's JSON instead.
    """
    return text.lstrip().startswith("<") and re.search(r"<rss[\s>]", text[:10_000]) is not None


def _wp(item: etree._Element, name: str) -> str:
    """The text of the item's ``wp:NAME`` child, whichever WXR version's namespace it uses."""
    for child in item:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        qname = etree.QName(child)
        if qname.localname == name and "wordpress.org/export" in (qname.namespace or ""):
            return (child.text or "").strip()
    return ""


_BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|table|blockquote|figure|pre)[\s>]", re.I)


def _autop(html: str) -> str:
    """Paragraphs for classic-editor text, which WordPress stores without ``<p>`` tags.

    WordPress adds them when it shows the page (wpautop); text with block tags
    (block-editor content) is left as it is.
    """
    if _BLOCK_TAG.search(html):
        return html
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", html) if part.strip()]
    return "".join(f"<p>{part}</p>\n" for part in paragraphs)


def _text(item: etree._Element, tag: str) -> str:
    found = item.find(tag)
    return (found.text or "") if found is not None else ""


def _iso(value: str) -> str:
    """WXR's "2024-03-01 10:00:00" as the REST API's "2024-03-01T10:00:00"."""
    return value.replace(" ", "T", 1)


def wxr_records(text: str, path: Path) -> list[dict]:
    """The pages and posts of a WXR export as REST-shaped dicts, in file order.

    Each dict has ``slug``, ``link``, ``date``, ``modified``, ``status``, ``type``,
    ``title``/``content``/``excerpt`` as ``{"rendered": html}``, and ``content.protected``
    when the item has a password. Attachments, menu items and other post types are
    left out. Raises UserError when the file is not well-formed XML or not a WXR export.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        raise UserError(
            f"this is not a readable WordPress export file ({error})",
            path=path,
            line=line,
            hint=WXR_HINT,
        ) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise UserError(
            "this XML file is not a WordPress export (WXR) file", path=path, hint=WXR_HINT
        )
    records = []
    for item in channel.iterfind("item"):
        post_type = _wp(item, "post_type")
        if post_type not in ("page", "post"):
            continue
        date = _wp(item, "post_date")
        password = _wp(item, "post_password")
        records.append(
            {
                "slug": _wp(item, "post_name"),
                "link": _text(item, "link").strip(),
                "date": _iso(date),
                "modified": _iso(_wp(item, "post_modified") or date),
                "status": _wp(item, "status"),
                "type": post_type,
                "title": {"rendered": _text(item, "title")},
                # as the REST API does, a protected page's text is not given out
                "content": {
                    "rendered": "" if password else _autop(_text(item, _CONTENT)),
                    "protected": bool(password),
                },
                "excerpt": {"rendered": _text(item, _EXCERPT)},
            }
        )
    return records
