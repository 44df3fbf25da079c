"""Look at a built page the way a browser shows it: headless Chromium via Playwright.

Used by the tests and by ``ssri-docs check``: computed text styles and contrast,
horizontal scrolling at a given width, clipped text after the WCAG 1.4.12 spacing
overrides, line lengths, and axe-core's accessibility rules. Debian's chromium is
launched (Playwright's own browser download is never used) and every request that
is not for a local file is blocked and recorded, so a page that tries to fetch
something from the network is noticed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...colour import contrast_ratio
from ...errors import UserError
from ..results import node_modules_file

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
AXE_IN_NODE_MODULES = "axe-core/axe.min.js"

# The WCAG 1.4.12 text-spacing overrides, as a user style sheet would apply them.
TEXT_SPACING_CSS = """
* {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-bottom: 2em !important; }
"""


def chromium_path() -> Path:
    """Debian's chromium, or ``CHROMIUM_PATH``; a clear error when it is missing."""
    path = Path(os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM)
    if not path.is_file():
        raise UserError(
            f"Chromium was not found at {path}",
            hint="install it with 'apt-get install chromium', or set CHROMIUM_PATH.",
        )
    return path


def axe_script_path() -> Path | None:
    """Where axe.min.js is (``AXE_JS`` or the project's node_modules), or None."""
    configured = os.environ.get("AXE_JS")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    return node_modules_file(AXE_IN_NODE_MODULES)


@dataclass
class Browser:
    """A running Chromium; open pages with :meth:`open`."""

    browser: Any
    # Every request the pages made that was not for a local file (and was blocked).
    blocked_requests: list[str] = field(default_factory=list)

    @contextmanager
    def open(
        self, path: Path, *, width: int = 1280, height: int = 900, color_scheme: str = "light"
    ) -> Iterator[Any]:
        """A Playwright page showing ``path`` at ``width`` CSS px in the given colour scheme."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            java_script_enabled=True,  # for our measurements; the page itself has no script
        )
        try:
            context.route(re.compile(r"^(?!file:|data:|about:).*"), self._block)
            page = context.new_page()
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            yield page
        finally:
            context.close()

    def _block(self, route: Any) -> None:
        self.blocked_requests.append(route.request.url)
        route.abort()


@contextmanager
def launch() -> Iterator[Browser]:
    """Start headless Chromium; it is closed when the block ends."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UserError(
            "Playwright is not installed",
            hint="pip install playwright (never 'playwright install').",
        ) from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield Browser(browser)
        finally:
            browser.close()


def run_axe(page: Any, tags: list[str] | tuple[str, ...]) -> list[dict]:
    """axe-core's violations for the page, running only the rules with these tags."""
    script = axe_script_path()
    if script is None:
        raise UserError(
            "axe-core was not found", hint="run 'npm install axe-core' in the project folder."
        )
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations;
        }""",
        list(tags),
    )
    return result


def describe_violations(violations: list[dict]) -> str:
    """A readable summary of axe violations, for messages and test failures."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {target}" for target in targets[:5])
    return "\n".join(lines)


# Each visible, non-blank text node with the styles that decide how readable it is.
_TEXT_STYLES_JS = """
() => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  // Paint the backgrounds from the canvas up to the element, blending any transparency.
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] >= 1) break;
    }
    let colour = matchMedia("(prefers-color-scheme: dark)").matches && !layers.length
      ? [18, 18, 18] : [255, 255, 255];
    for (const c of layers.reverse()) {
      colour = colour.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    }
    return colour;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || style.display === "none") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const box = range.getBoundingClientRect();
    // Off-screen text (the skip link before it has focus) is not shown.
    if (box.bottom + scrollY <= 0 || box.right + scrollX <= 0) continue;
    const fontSize = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === "normal" ? null : parseFloat(style.lineHeight);
    const colour = parse(style.color);
    out.push({
      text: node.textContent.trim().slice(0, 60),
      tag: element.tagName.toLowerCase(),
      font_size: fontSize,
      line_height: lineHeight === null ? null : lineHeight / fontSize,
      font_family: style.fontFamily,
      font_style: style.fontStyle,
      font_weight: style.fontWeight,
      text_align: style.textAlign,
      text_decoration: style.textDecorationLine,
      colour: colour.slice(0, 3),
      colour_alpha: colour[3],
      background: backgroundOf(element),
    });
  }
  return out;
}
"""


def text_styles(page: Any) -> list[dict]:
    """Font size (px), line height (ratio), colours and contrast ratio of each visible text."""
    styles = page.evaluate(_TEXT_STYLES_JS)
    for item in styles:
        foreground = _blend(item["colour"], item.pop("colour_alpha"), item["background"])
        item["contrast"] = contrast_ratio(foreground, item["background"])
    return styles


def _blend(colour: list[float], alpha: float, background: list[float]) -> list[float]:
    return [c * alpha + b * (1 - alpha) for c, b in zip(colour, background, strict=True)]


def has_horizontal_scroll(page: Any, width: int | None = None) -> bool:
    """Whether the page is wider than the window (at ``width`` CSS px when given)."""
    if width is not None:
        size = page.viewport_size or {"height": 900}
        page.set_viewport_size({"width": width, "height": size["height"]})
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def apply_text_spacing(page: Any) -> None:
    """Apply the WCAG 1.4.12 text-spacing overrides to the open page."""
    page.add_style_tag(content=TEXT_SPACING_CSS)


def clipped_elements(page: Any) -> list[str]:
    """Elements whose content no longer fits and is cut off (overflow hidden or clip)."""
    return page.evaluate(
        """() => {
          const out = [];
          for (const e of document.body.querySelectorAll("*")) {
            const s = getComputedStyle(e);
            const clips = [s.overflowX, s.overflowY].some((v) => v === "hidden" || v === "clip");
            if (!clips || e.clientHeight <= 1) continue;
            if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) {
              out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
            }
          }
          return out;
        }"""
    )


def line_lengths(page: Any, selector: str = "main p") -> list[int]:
    """Characters on each rendered line of the matching elements' text."""
    return page.evaluate(
        """(selector) => {
          const lengths = [];
          for (const element of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let top = null, count = 0;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const range = document.createRange();
              for (let i = 0; i < node.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getBoundingClientRect();
                if (!rect.height) continue;
                if (top !== null && rect.top > top + rect.height / 2) {
                  lengths.push(count);
                  count = 0;
                }
                if (top === null || rect.top > top + rect.height / 2) top = rect.top;
                count += 1;
              }
            }
            if (count) lengths.push(count);
          }
          return lengths;
        }""",
        selector,
    )
