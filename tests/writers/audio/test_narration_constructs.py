"""Every issue-10 construct, as the narration says it (the constructs fixture).

The script is built from the model without synthesis: ``text`` is what the transcript
shows, ``spoken`` what the voice is given, ``language`` which voice says it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ssri_docs.source import find_articles, load_sources
from ssri_docs.writers.audio.inline_speech import spoken
from ssri_docs.writers.audio.narration import narration_script

FIXTURE = Path(__file__).parents[2] / "fixtures" / "articles" / "constructs"


@pytest.fixture(scope="module")
def constructs():
    return load_sources(find_articles(FIXTURE), FIXTURE / "site.yaml")[0]


def _said(article, can_speak=lambda tag: True):
    chapters = narration_script(article, 3, can_speak)
    return [u for chapter in chapters for u in chapter.utterances]


def _spoken(article, **kwargs) -> list[str]:
    return [u.spoken for u in _said(article, **kwargs)]


def test_citation_marks_and_formulas_are_never_glued(constructs):
    said = _said(constructs)
    first = next(u for u in said if u.text.startswith("SSRIs are"))
    assert first.text.endswith("OCD.¹")
    assert first.spoken.endswith("OCD. (reference 1)")
    formula = next(u for u in said if "slowly" in u.text)
    assert "CO₂" in formula.text and "C O 2 slowly" in formula.spoken
    assert not any("treat OCD.1" in u.spoken or "CO2" in u.spoken for u in said)
    assert spoken("seen³⁻⁵.") == "seen (references 3 to 5)."
    assert spoken("treated.¹,²") == "treated. (references 1 and 2)"


def test_tables_caption_size_then_rows_with_headers(constructs):
    said = _spoken(constructs)
    start = said.index("Table: Weekly doses of sertraline.")
    assert said[start + 1] == "3 rows and 3 columns."
    assert said[start + 2] == "Week: 1–2; Daily dose: 50 mg; When to take it: Morning, with food."
    assert "Sertraline, Week: 1–2; Tablets: 14." in said
    assert "Sertraline, Week: 3–4; Tablets: 28." in said  # the spanned row header names the row
    assert "Fluoxetine, Week and Tablets: Not started yet: see the NHS page." in said
    footer = said.index("Table footer.")
    assert said[footer + 1] == "Total, Tablets: 42 (reference 3)."
    # a header-less table stays header-less: rows are numbered instead
    assert "Row 1: Helpline; 0333 212 7890." in said


def test_list_labels_are_the_printed_ones(constructs):
    said = _said(constructs)
    pairs = [(u.text.split(" ", 1)[0], u.spoken.split(":", 1)[0]) for u in said]
    assert ("3.", "Number 3") in pairs and ("5.", "Number 5") in pairs
    assert ("c.", "Item c") not in pairs and ("b.", "Item b") in pairs
    assert ("iii.", "Item iii") in pairs
    assert "A list of 3 items, counting down." in [u.text for u in said]
    down = [u.text for u in said if u.text.endswith("breaths left.") or u.text == "1. Last breath."]
    assert down == ["3. Three breaths left.", "2. Two breaths left.", "1. Last breath."]


def test_line_breaks_verse_and_preformatted_are_separate_lines(constructs):
    texts = [u.text for u in _said(constructs)]
    for line in (
        "Write the score.",
        "Then put the diary away.",
        "Silverstone House",
        "Derby DE1 1AB.",  # the end of a list item falls like a sentence
        "09:00 7 before work",
        "Hold your breath, counting to four.",
        "Rest.",
    ):
        assert line in texts, line


def test_figures_alt_then_caption_link_and_decorative(constructs):
    said = _spoken(constructs)
    picture = said.index(
        "Picture: Two nerve cells drawn as circles, with dots crossing the gap between them."
    )
    assert said[picture + 1] == "The gap between two nerve cells, called the synapse"
    assert "Picture, link: Find a service near you." in said
    # the border is decorative: silent
    assert sum(s.startswith(("Picture:", "Picture,")) for s in said) == 2


def test_definition_list_term_then_definition(constructs):
    said = _spoken(constructs)
    assert "A glossary of 2 terms." in said
    assert "SSRI: Selective Serotonin Re-uptake Inhibitor, a kind of antidepressant." in said
    assert "Serotonin: A chemical messenger in the brain." in said


def test_other_languages_get_their_own_voice(constructs):
    said = _said(constructs)
    welsh = [u for u in said if u.language == "cy"]
    assert [u.text for u in welsh][-2:] == [
        "Mae'r wybodaeth hon ar gael yn Gymraeg.",
        "Ffoniwch ni i gael copi.",
    ]
    assert "A passage in Welsh follows." in [u.text for u in said]
    chinese = next(u for u in said if u.text == "强迫症")
    assert chinese.language == "zh-Hans"
    assert any(u.language == "ur" for u in said)


def test_a_language_without_a_voice_is_announced_never_mispronounced(constructs):
    said = _said(constructs, can_speak=lambda tag: not tag.startswith("ur"))
    assert not any(u.language == "ur" for u in said)
    note = next(u for u in said if "Urdu" in u.spoken)
    assert note.spoken == "A passage in Urdu follows; this recording's voice cannot read it."
    assert "اردو" in note.text  # the transcript keeps the passage's text
    assert not any("اردو" in u.spoken for u in said)
