"""How much the PDF step costs on top of WeasyPrint itself.

Prints the median time of N runs of our whole PDF step (template, sandboxed layout,
log capture, PDF/UA-1 output, tagging repair; one font configuration reused, as
in a build of many articles) next to a bare WeasyPrint render of
the same HTML and CSS in the same run, and the overhead ratio (target: within 20 %).
Runs alternate between the two so that machine load affects both alike.

    /work/venv/bin/python benchmarks/bench_pdf.py [--runs N] [--article source/x.md]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import weasyprint

from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers import pdf as pdf_writer
from ssri_docs.writers.pdf import layout as pdf_layout
from ssri_docs.writers.pdf.tagging import repair_tagging

ROOT = Path(__file__).resolve().parent.parent
TARGET_OVERHEAD = 0.20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--article", type=Path, default=ROOT / "source" / "how-ssri-work.md")
    args = parser.parse_args()

    article = load_article(args.article, load_site(args.article.parent / "site.yaml"))
    html = pdf_layout.render_print_html(article)
    css = pdf_layout.render_print_css("a4", print_marks=False)
    base_url = article.source_path.resolve().parent.as_uri() + "/"

    def ours() -> int:
        # fresh products each run: the layout is cached per article, and is measured too
        products = ArticleProducts(
            article, BuildOptions(), Reporter(quiet=True), Path("unused"), ("pdf",)
        )
        return len(pdf_writer.write(article, products)[0].data)

    def bare() -> int:
        # The same HTML and CSS, tagged the same way, with WeasyPrint's defaults.
        document = weasyprint.HTML(string=html, base_url=base_url)
        stylesheet = weasyprint.CSS(string=css)
        return len(document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1"))

    def bare_untagged() -> int:
        document = weasyprint.HTML(string=html, base_url=base_url)
        return len(document.write_pdf(stylesheets=[weasyprint.CSS(string=css)]))

    weasyprint_output = pdf_layout.lay_out(article).write_pdf(pdf_variant=pdf_layout.PDF_VARIANT)

    def repair_only() -> int:
        return len(repair_tagging(weasyprint_output))

    steps = {"ssri-docs PDF step": ours, "bare WeasyPrint (pdf/ua-1)": bare}
    steps["bare WeasyPrint (untagged)"] = bare_untagged
    steps["  of ours: tagging repair"] = repair_only
    for step in steps.values():  # warm up: imports, font loading, caches
        step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    sizes: dict[str, int] = {}
    for _ in range(args.runs):
        for name, step in steps.items():
            start = time.perf_counter()
            sizes[name] = step()
            times[name].append(time.perf_counter() - start)

    print(f"article: {article.slug}, {args.runs} runs each, A4")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        spread = f"{min(times[name]):.3f}-{max(times[name]):.3f}"
        print(f"  {name:30} median {median:.3f} s  (range {spread} s, {sizes[name]:,} bytes)")
    ratio = medians["ssri-docs PDF step"] / medians["bare WeasyPrint (pdf/ua-1)"]
    verdict = "within" if ratio - 1 <= TARGET_OVERHEAD else "OVER"
    print(
        f"overhead vs bare pdf/ua-1 render: {ratio:.2f}x ({(ratio - 1) * 100:+.0f} %), "
        f"{verdict} the {TARGET_OVERHEAD:.0%} target"
    )


if __name__ == "__main__":
    main()
