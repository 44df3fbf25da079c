"""Every format says the same essentials: the disclaimer, the references, the dates.

Each format is built from the committed article, read back from the built file by
its own reader, and checked against the same list of expectations.
"""

from __future__ import annotations

import pytest

from ssri_docs.checks.parity import missing, normalise
from ssri_docs.checks.readback import READERS, address_style, output_path, read_text

FORMATS = sorted(READERS)


@pytest.fixture(scope="module")
def all_formats(build_seed):
    return build_seed(*FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_disclaimer_references_and_dates_in_every_format(fmt, all_formats, seed_article):
    path = output_path(all_formats, seed_article.slug, fmt)
    assert path.is_file(), f"{fmt} was not built at {path}"
    text = read_text(fmt, path)
    assert len(normalise(text)) > 2000, f"the {fmt} text read back is suspiciously short"
    absent = missing(text, seed_article, addresses=address_style(fmt))
    assert not absent, f"{fmt} lacks: " + "; ".join(f"{m.what} ({m.text!r})" for m in absent)


@pytest.mark.parametrize("fmt", FORMATS)
def test_parity_check_notices_a_missing_disclaimer(fmt, all_formats, seed_article):
    """The check can fail: remove the disclaimer from the text and it is reported."""
    text = normalise(read_text(fmt, output_path(all_formats, seed_article.slug, fmt)))
    tampered = text.replace(normalise(seed_article.disclaimer), "")
    whats = [m.what for m in missing(tampered, seed_article, addresses=address_style(fmt))]
    assert "the disclaimer" in whats
