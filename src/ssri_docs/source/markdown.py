"""The Markdown dialect of the article text: which markdown-it rules and plugins are on.

CommonMark plus GFM pipe tables, and from mdit-py-plugins: ``^sup^``, ``~sub~``,
``[phrase]{lang=cy}`` spans, ``{.decorative}`` on pictures, definition lists and the
``::: verse`` / ``::: {lang=ur dir=rtl}`` containers. Two changes to markdown-it's
defaults make mistakes visible instead of silent:

- every link address is let through (``validateLink``), so that ``body`` can refuse
  ``javascript:`` with the line, where markdown-it would print the link as plain text;
- the nesting limit is raised well above the source format's own (``limits``), so the
  format's limit is reached first and reported, and markdown-it never stops early.

A line ``{reversed}`` / ``{type=a}`` / ``{reversed type=i}`` before a numbered list is
read here (the attrs plugin has no bare words such as ``reversed``): it becomes a
``list_options`` token whose ``meta`` holds the words, for ``body`` to check.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from .limits import PARSER_NESTING

# A line that is only "{...}": options for the block below it.
_OPTIONS_LINE = re.compile(r"^\{([^{}]*)\}[ \t]*$")


def _options_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    match = _OPTIONS_LINE.match(state.src[begin : state.eMarks[start]])
    if not match:
        return False
    if silent:
        return True
    token = state.push("list_options", "", 0)
    token.map = [start, start + 1]
    token.content = match.group(0)
    token.meta = {"words": match.group(1).split()}
    state.line = start + 1
    return True


def _is_language_container(params: str, _markup: str) -> bool:
    return params.strip().startswith("{")


def _any_container(_params: str, _markup: str) -> bool:
    return True


def make_parser() -> MarkdownIt:
    """The article-text parser (a new MarkdownIt; cheap, and never shared across threads)."""
    md = MarkdownIt("commonmark", {"maxNesting": PARSER_NESTING}).enable("table")
    md.validateLink = lambda _url: True  # body.py refuses bad addresses, with the line
    md.use(superscript_plugin).use(sub_plugin).use(deflist_plugin)
    md.use(attrs_plugin, after=("image",), spans=True)
    # Containers are tried in this order: verse, a language, then any other name
    # (refused by body.py, rather than printed as literal ':::' lines).
    md.use(container_plugin, "verse")
    md.use(container_plugin, "lang", validate=_is_language_container)
    md.use(container_plugin, "unknown", validate=_any_container)
    md.block.ruler.before(
        "fence", "list_options", _options_rule, {"alt": ["paragraph", "reference"]}
    )
    return md
