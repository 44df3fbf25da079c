"""The downloads page: ``output/index.html``, every built article with each of its files.

It is rendered from the build records (``build.json``) of all articles, so it lists
what is really in ``output/``, whichever formats the last build made. It shares the
large-print page's look (its style sheet and jinja environment), and names each kind
of file as the format registry (``formats.py``) does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from . import templating
from .checks.results import NOT_RUN, PASS, SKIPPED
from .formats import ALL_FILES, EPUB_READ_ALOUD, file_named
from .wording import EBOOK_CHOICE, human_duration, human_size, review_dates_line


def render_downloads_page(manifests: list[dict], today: date | None = None) -> bytes:
    """``output/index.html``: every built article with each format, its type and size.

    Each article's review dates are shown (when its record has them), and one whose
    next review is before ``today`` (default: the clock's) is marked overdue.
    """
    today = today or date.today()
    articles = []
    for manifest in manifests:
        files = [
            {
                "href": quote(f"{manifest['slug']}/{name}"),
                "label": info.get("label") or name,
                "file_type": file_type(manifest["slug"], name),
                "size": human_size(int(info.get("size", 0))),
                "duration": human_duration(info["duration"]) if "duration" in info else None,
                "narrated_by": info.get("voice"),  # recorded by the audio writer
            }
            for name, info in sorted(
                manifest.get("files", {}).items(),
                key=lambda entry: _format_rank(manifest["slug"], entry[0]),
            )
        ]
        articles.append(
            {
                "slug": manifest["slug"],
                "title": manifest.get("title") or manifest["slug"],
                "summary": manifest.get("summary", ""),
                "language": manifest.get("language", ""),
                "files": files,
                "conformance": _conformance_summary(manifest),
                "review": _review(manifest, today),
            }
        )
    languages = {article["language"] for article in articles if article["language"]}
    publisher = next((m for m in manifests if m.get("publisher")), {})
    # White space as on the large-print page, whose style sheet this page shares.
    env = templating.environment(trim_blocks=True)
    template = env.get_template("downloads/index.html.j2")
    text = template.render(
        articles=articles,
        publisher=publisher.get("publisher", ""),
        publisher_url=publisher.get("publisher_url", ""),
        # The page's language is the articles' when they agree; each article says its own.
        language=languages.pop() if len(languages) == 1 else "en",
        # Which e-book to take, said once, when a read-aloud book is there to choose.
        ebook_choice=EBOOK_CHOICE
        if any(EPUB_READ_ALOUD.name(m["slug"]) in m.get("files", {}) for m in manifests)
        else None,
        css=Markup(
            templating.template_source(env, "html/large-print.css")
            + templating.template_source(env, "downloads/downloads.css")
        ),
    )
    return templating.finish_page(text)


def _review(manifest: dict, today: date) -> dict | None:
    """The review dates as shown, and whether the next review is past (None: not recorded)."""
    try:
        last = date.fromisoformat(manifest["last_reviewed"])
        following = date.fromisoformat(manifest["next_review"])
    except (KeyError, TypeError, ValueError):  # a record from before review dates were kept
        return None
    return {"line": review_dates_line(last, following), "overdue": following < today}


def _conformance_summary(manifest: dict) -> dict | None:
    """What the downloads page says about the last ``ssri-docs check`` of an article."""
    conformance = manifest.get("conformance")
    if not conformance or not conformance.get("report"):
        return None
    counts = conformance.get("counts", {})
    status = conformance.get("status")
    summary = f"{counts.get('pass', 0)} of {counts.get('total', 0)} checks passed"
    if counts.get(NOT_RUN):
        summary += f", {counts[NOT_RUN]} could not run"
    if counts.get(SKIPPED):
        summary += f", {counts[SKIPPED]} skipped (validator not installed)"
        if status == PASS:  # nothing failed, but not everything was checked
            status = NOT_RUN
    return {
        "passed": status == PASS,
        # never "Passed" when a check could not run (and nothing of ours covers it) or
        # was skipped
        "word": {PASS: "Passed", NOT_RUN: "Incomplete"}.get(status, "Failed"),
        "summary": summary,
        "href": quote(f"{manifest['slug']}/{conformance['report']}"),
    }


def file_type(slug: str, name: str) -> str:
    """What kind of file ``name`` of article ``slug`` is, in words (``PDF document``)."""
    declared = file_named(slug, name)
    if declared is not None:
        return declared.file_type
    suffix = Path(name).suffix.lstrip(".").upper()
    return f"{suffix} file" if suffix else "File"


def _format_rank(slug: str, name: str) -> tuple[int, str]:
    """Files in the registry's order of formats; others after them, by name."""
    declared = file_named(slug, name)
    rank = ALL_FILES.index(declared) if declared is not None else len(ALL_FILES)
    return rank, name
