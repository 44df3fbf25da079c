"""The slug rule's message says exactly what is allowed and suggests a slug (issue 12)."""

from __future__ import annotations

import pytest

from ssri_docs.errors import SourceError
from ssri_docs.source import load_article, load_site
from test_source import SITE, VALID, write_article


@pytest.mark.parametrize(
    ("slug", "suggested"),
    [("zwänge-ö", "zwange-o"), ("Sleep and OCD", "sleep-and-ocd"), ("a--b", "a-b")],
)
def test_a_slug_outside_the_rule_gets_the_rule_and_a_suggestion(slug, suggested, tmp_path):
    path = write_article(tmp_path, VALID.replace("slug: a-test-article", f'slug: "{slug}"'))
    with pytest.raises(SourceError) as caught:
        load_article(path, load_site(SITE))
    assert caught.value.message == (
        f"the slug {slug!r} can use only the letters a to z (lower case, no accents), the "
        "digits 0 to 9, and single hyphens between words"
    )
    assert caught.value.hint == f"write it like {suggested!r}."
    assert caught.value.line == 3
