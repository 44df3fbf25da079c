"""One way to set up jinja2 for every template under ``templates/``.

Every page ssri-docs renders (the large-print page, the downloads page, the leaflet's
HTML and CSS, the e-book's XHTML, the conformance report) fills templates with text
from untrusted source files, so every environment escapes everything, fails on an
undefined name instead of printing nothing, and keeps the file's last newline. What
differs per format is only the white-space control and its own filters and tests.

Compiled templates are kept between runs, as Python keeps ``.pyc`` files: compiling
the templates of one build took about 0.2 s of CPU, a tenth of a text-only build
(issue 13). jinja2 keys a compiled template by its name and checks its source; the
file names here also carry the environment's white-space control and ``finalize``,
which change the compiled code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import jinja2

PACKAGE = "ssri_docs"
FOLDER = "templates"  # template names are relative to it: "pdf/leaflet.html.j2"


def environment(
    *,
    trim_blocks: bool = False,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    tests: Mapping[str, Callable[[Any], bool]] | None = None,
    globals: Mapping[str, Any] | None = None,
    finalize: Callable[[Any], Any] | None = None,
) -> jinja2.Environment:
    """A new autoescaping, strict environment over ``templates/``.

    ``trim_blocks`` also strips white space around block tags (jinja's ``trim_blocks``
    and ``lstrip_blocks``); the leaflet and the report leave it off because their
    templates control white space themselves. Callers cache their environment.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, FOLDER),
        autoescape=True,  # every value comes from an untrusted source file
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
        keep_trailing_newline=True,
        finalize=finalize,
        bytecode_cache=_compiled_templates(f"{int(trim_blocks)}{int(finalize is not None)}"),
    )
    env.filters.update(filters or {})
    env.tests.update(tests or {})
    env.globals.update(globals or {})
    return env


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """jinja2's cache of compiled templates, in its own per-user folder under the
    system's temporary folder; a folder that cannot be written only means compiling
    again (jinja2 itself writes each file atomically and checks what it reads)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def _compiled_templates(flavour: str) -> jinja2.BytecodeCache | None:
    """The cache for environments of one ``flavour``; None when there is no safe folder."""
    try:  # jinja2 refuses a folder another user owns (RuntimeError)
        return _CompiledTemplates(pattern=f"ssri-docs-{flavour}-%s.cache")
    except (OSError, RuntimeError):
        return None


def template_source(env: jinja2.Environment, name: str) -> str:
    """A template file's text as it is, e.g. a style sheet inlined into a page.

    Raises ``jinja2.TemplateNotFound`` when there is no such file.
    """
    source, _, _ = env.loader.get_source(env, name)
    return source


def finish_page(text: str) -> bytes:
    """A rendered web page as UTF-8 bytes ending in exactly one newline."""
    return (text.rstrip("\n") + "\n").encode("utf-8")
