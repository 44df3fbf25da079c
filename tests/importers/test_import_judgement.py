"""The importer's judgement: summary, review dates, references, disclaimer, language,
and the messages for saved files and page values it cannot use (issues 11 and 12)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml

from conftest import FIXTURES, SOURCE_DIR
from ssri_docs.errors import UserError
from ssri_docs.importers.wordpress import (
    REFERENCE_HEADINGS,
    ImportSettings,
    convert_page,
    load_page,
    settings_for_site,
)
from ssri_docs.importers.wordpress.library import load_pages
from ssri_docs.slugs import suggest_slug
from ssri_docs.source import load_article, load_site

LIBRARY = FIXTURES / "wordpress" / "library"
TEXT = "<p>Many people with OCD find it hard to get to sleep.</p><p>Rituals take hours.</p>"
REFERENCES = '<h2>References</h2><ul><li><a href="https://www.nhs.uk/">NHS</a></li></ul>'
AUTOMATIC = (
    "WordPress's excerpt for this page is the automatic one (the start of the text), so "
    "'summary:' is left empty: write one or two sentences that say what the article is "
    "about before building."
)


def _page(html: str = TEXT, references: str = REFERENCES, **overrides) -> dict:
    page = {
        "slug": "sleep",
        "link": "https://www.example.org/sleep/",
        "date": "2023-01-05T10:00:00",
        "modified": "2025-06-10T09:30:00",
        "title": {"rendered": "Sleep and OCD"},
        "content": {"rendered": html + references},
        "excerpt": {"rendered": "<p>How OCD affects sleep.</p>"},
    }
    page.update(overrides)
    return page


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


# --- summary -----------------------------------------------------------------------


def test_a_hand_written_excerpt_is_the_summary():
    result = convert_page(_page())
    assert _front(result.text)["summary"] == "How OCD affects sleep."
    assert AUTOMATIC not in result.warnings


def test_an_automatic_excerpt_leaves_the_summary_to_the_editor():
    excerpt = "<p>Many people with OCD find it hard to get to sleep. Rituals &hellip;</p>"
    result = convert_page(_page(excerpt={"rendered": excerpt}))
    assert "\nsummary:\ncanonical-url:" in result.text
    assert result.warnings == (AUTOMATIC,)


def test_no_excerpt_leaves_the_summary_to_the_editor():
    result = convert_page(_page(excerpt={"rendered": ""}))
    assert result.warnings == (
        "the page has no excerpt in WordPress, so 'summary:' is left empty: write one or two "
        "sentences that say what the article is about before building.",
    )


# --- review dates ------------------------------------------------------------------


def test_review_dates_in_the_text_win_and_the_difference_is_named():
    statement = "<p><em>Last reviewed: March 2024 | Next review: March 2027</em></p>"
    result = convert_page(_page(TEXT + statement))
    front = _front(result.text)
    assert (front["last-reviewed"], front["next-review"]) == (date(2024, 3, 1), date(2027, 3, 1))
    assert result.warnings == (
        "the page's text says 'Last reviewed: March 2024' but WordPress last changed the "
        "page on 2025-06-10: 'last-reviewed' is 2024-03-01, from the text; check it.",
    )
    assert "reviewed" not in _body(result.text).casefold()  # the details box says it


@pytest.mark.parametrize(
    ("statement", "last", "next_"),
    [
        (
            "Page last reviewed: 12 March 2024. Next review due: 12 March 2027.",
            "2024-03-12",
            "2027-03-12",
        ),
        (
            "Date of last review: 2024-03-12; Next review date: 2027-03-12",
            "2024-03-12",
            "2027-03-12",
        ),
        ("Reviewed: 05/03/2024 Review due: 05/03/2027", "2024-03-05", "2027-03-05"),
        ("Last reviewed March 12, 2024", "2024-03-12", "2027-03-12"),
    ],
)
def test_common_ways_of_stating_review_dates(statement, last, next_):
    result = convert_page(_page(TEXT + f"<p>{statement}</p>"))
    front = _front(result.text)
    assert (str(front["last-reviewed"]), str(front["next-review"])) == (last, next_)
    assert statement.split()[0] not in _body(result.text)


def test_a_review_date_equal_to_wordpress_s_gives_no_warning():
    result = convert_page(_page(TEXT + "<p>Last reviewed: 10 June 2025</p>"))
    assert result.warnings == ()
    assert _front(result.text)["next-review"] == date(2028, 6, 10)


def test_a_year_9999_modified_date_is_a_clear_error():
    with pytest.raises(UserError) as caught:
        convert_page(_page(modified="9999-12-31T00:00:00"))
    assert str(caught.value) == (
        "the page's last review date 9999-12-31 is too far in the future to set a next "
        "review 36 months later\n"
        "  What to do: correct the page's date in WordPress, or export it again."
    )


def test_a_date_that_is_not_a_real_date_is_a_clear_error():
    with pytest.raises(UserError) as caught:
        convert_page(_page(date="2024-02-30T00:00:00"))
    assert caught.value.message == (
        "the page's 'date' is not a real date: '2024-02-30T00:00:00' (a date is written "
        "YYYY-MM-DD, with a day the month has)"
    )


def test_a_title_and_slug_that_look_like_dates_are_written_as_text():
    result = convert_page(_page(title={"rendered": "2024-02-30"}, slug="2024-02-30"))
    front = _front(result.text)
    assert (front["title"], front["slug"]) == ("2024-02-30", "2024-02-30")


# --- references and disclaimer ------------------------------------------------------


@pytest.mark.parametrize("heading", REFERENCE_HEADINGS)
def test_each_reference_heading_is_recognised(heading):
    references = f'<h2>{heading}</h2><ul><li><a href="https://www.nhs.uk/">NHS</a></li></ul>'
    result = convert_page(_page(references=references))
    assert _front(result.text)["references"] == [{"title": "NHS", "url": "https://www.nhs.uk/"}]
    assert heading not in _body(result.text)


def test_a_bold_reference_label_with_a_colon_is_recognised():
    references = '<p><strong>Useful links:</strong></p><p><a href="https://www.nhs.uk/">NHS</a></p>'
    result = convert_page(_page(references=references))
    assert _front(result.text)["references"] == [{"title": "NHS", "url": "https://www.nhs.uk/"}]


def test_reference_headings_are_a_setting():
    references = '<h2>Leaflets</h2><ul><li><a href="https://www.nhs.uk/">NHS</a></li></ul>'
    result = convert_page(
        _page(references=references), ImportSettings(reference_headings=("Leaflets",))
    )
    assert _front(result.text)["references"] == [{"title": "NHS", "url": "https://www.nhs.uk/"}]


def _site_with(tmp_path, extra: str):
    site = tmp_path / "site.yaml"
    site.write_text((SOURCE_DIR / "site.yaml").read_text(encoding="utf-8") + extra, "utf-8")
    return site


def test_site_yaml_reference_headings_name_the_references_list(tmp_path):
    site = load_site(_site_with(tmp_path, "reference-headings: [Bibliografia]\n"))
    assert site.reference_headings == ("Bibliografia",)
    references = '<h2>Bibliografia</h2><ul><li><a href="https://www.nhs.uk/">NHS</a></li></ul>'
    result = convert_page(_page(references=references), settings_for_site(site, None))
    (tmp_path / "sleep.md").write_text(result.text, encoding="utf-8")
    article = load_article(tmp_path / "sleep.md", site, today=date(2025, 7, 1))
    assert [(ref.title, ref.url) for ref in article.references] == [("NHS", "https://www.nhs.uk/")]
    assert "Bibliografia" not in _body(result.text)
    # without the setting, the defaults hold and "Bibliografia" stays a heading of the text
    default = settings_for_site(load_site(SOURCE_DIR / "site.yaml"), None)
    assert default.reference_headings == REFERENCE_HEADINGS
    assert "Bibliografia" in _body(convert_page(_page(references=references), default).text)


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("reference-headings: Bibliografia\n", 0, "must be a list of headings"),
        ("reference-headings: []\n", 0, "must be a list of headings"),
        ("reference-headings:\n  - Sources\n  - 12\n", 2, "holds 12, which is not"),
        ("reference-headings:\n  - [a]\n", 1, "holds ['a'], which is not"),
    ],
)
def test_site_yaml_reference_headings_errors_are_located(tmp_path, extra, line, message):
    site = _site_with(tmp_path, extra)
    first = len(site.read_text(encoding="utf-8").splitlines()) - extra.count("\n") + 1
    with pytest.raises(UserError, match=re.escape(message)) as error:
        load_site(site)
    assert error.value.line == first + line


def test_citations_without_a_web_address_become_citation_entries(tmp_path):
    references = (
        "<h2>References</h2><ol><li>Foa EB, Yadin E, Lichner TK (2012). Exposure and Response "
        "(Ritual) Prevention for OCD. Oxford University Press.</li>"
        '<li><a href="https://www.nhs.uk/">NHS</a></li></ol>'
        "<p>Veale D, Roberts A (2014). Obsessive-compulsive disorder. BMJ 348:g2183.</p>"
    )
    result = convert_page(_page(references=references))
    assert _front(result.text)["references"] == [
        {
            "title": "Exposure and Response (Ritual) Prevention for OCD",
            "citation": "Foa EB, Yadin E, Lichner TK (2012). Exposure and Response (Ritual) "
            "Prevention for OCD. Oxford University Press.",
        },
        {"title": "NHS", "url": "https://www.nhs.uk/"},
        {
            "title": "Obsessive-compulsive disorder",
            "citation": "Veale D, Roberts A (2014). Obsessive-compulsive disorder. BMJ 348:g2183.",
        },
    ]
    assert result.warnings == ()
    path = tmp_path / "sleep.md"
    path.write_text(result.text.replace("\nsummary:\n", "\nsummary: Sleep.\n"), "utf-8")
    article = load_article(path, load_site(SOURCE_DIR / "site.yaml"))
    assert [(ref.title, ref.url, ref.citation) for ref in article.references] == [
        (
            "Exposure and Response (Ritual) Prevention for OCD",
            None,
            "Foa EB, Yadin E, Lichner TK (2012). Exposure and Response (Ritual) Prevention "
            "for OCD. Oxford University Press.",
        ),
        ("NHS", "https://www.nhs.uk/", None),
        (
            "Obsessive-compulsive disorder",
            None,
            "Veale D, Roberts A (2014). Obsessive-compulsive disorder. BMJ 348:g2183.",
        ),
    ]


def test_the_page_s_own_disclaimer_replaces_the_site_default(tmp_path):
    own = "<p><strong>Disclaimer:</strong> This page does not replace your doctor's advice.</p>"
    result = convert_page(_page(TEXT + own))
    assert _front(result.text)["disclaimer"] == "This page does not replace your doctor's advice."
    assert "Disclaimer" not in _body(result.text)
    path = tmp_path / "sleep.md"
    path.write_text(result.text, encoding="utf-8")
    site = load_site(SOURCE_DIR / "site.yaml")
    article = load_article(path, site)
    assert site.disclaimer and article.disclaimer == _front(result.text)["disclaimer"]


# --- language ------------------------------------------------------------------------


def test_a_traditional_chinese_page_imported_as_en_gb_is_pointed_out():
    result = convert_page(load_page(str(LIBRARY / "traditional-chinese.wp.json")))
    assert _front(result.text)["language"] == "en-GB"
    assert result.warnings == (
        "the page's text is mostly in Chinese or Japanese characters (CJK), which does not "
        "fit its language en-GB: set 'language:' to the page's language (e.g. zh-Hant for "
        "Traditional Chinese, zh-Hans for Simplified), or import again with --language.",
    )


def test_language_from_language_option_or_the_content_s_lang():
    page = load_page(str(LIBRARY / "traditional-chinese.wp.json"))
    result = convert_page(page, ImportSettings(language="zh-Hant"))
    assert (_front(result.text)["language"], result.warnings) == ("zh-Hant", ())
    page["content"]["rendered"] = f'<div lang="zh-Hant">{page["content"]["rendered"]}</div>'
    result = convert_page(page)
    assert (_front(result.text)["language"], result.warnings) == ("zh-Hant", ())
    result = convert_page(dict(page, lang="zh_Hant"))
    assert _front(result.text)["language"] == "zh-Hant"


# --- saved files ----------------------------------------------------------------------


def test_a_utf16_file_saved_by_powershell_is_read():
    assert (LIBRARY / "powershell-utf16.wp.json").read_bytes()[:2] == b"\xff\xfe"
    page = load_page(str(LIBRARY / "powershell-utf16.wp.json"))
    assert page["slug"] == "sleep-and-ocd"


def test_utf8_with_and_without_bom_is_read(tmp_path):
    text = (LIBRARY / "traditional-chinese.wp.json").read_text(encoding="utf-8")
    for name, encoding in (("plain.json", "utf-8"), ("bom.json", "utf-8-sig")):
        (tmp_path / name).write_text(text, encoding=encoding)
        assert load_page(str(tmp_path / name))["slug"] == "sleep-zh-hant"


def test_text_in_another_encoding_says_how_to_re_save(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps({"title": "Café"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(UserError) as caught:
        load_page(str(path))
    assert caught.value.message == "this is not UTF-8 text (byte 15 cannot be read)"
    assert caught.value.hint == (
        "save the file again as UTF-8 (in PowerShell: add '-Encoding utf8' to Out-File or "
        "Set-Content; in Notepad: File > Save as, Encoding: UTF-8)."
    )


def test_an_error_body_gives_wordpress_s_message_and_code():
    with pytest.raises(UserError) as caught:
        load_pages(str(LIBRARY / "invalid-post-id.json"))
    assert caught.value.message == (
        "WordPress answered with an error: Invalid post ID. (rest_post_invalid_id, HTTP 404)"
    )


def test_a_password_protected_page_is_refused():
    page = _page(content={"rendered": "", "protected": True})
    with pytest.raises(UserError) as caught:
        convert_page(page)
    assert caught.value.message == "the page: the page has no content (it is password-protected)"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zwänge und Ängste", "zwange-und-angste"),
        ("ö", "o"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
    ],
)
def test_slugs_are_suggested_without_accents(text, slug):
    assert suggest_slug(text) == slug
