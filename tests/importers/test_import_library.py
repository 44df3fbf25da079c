"""``ssri-docs import`` of many pages: a REST collection and a WXR export, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

LIBRARY = FIXTURES / "wordpress" / "library"
THREE = LIBRARY / "three-pages.wp.json"
WXR = LIBRARY / "library.wxr.xml"


def _import(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ssri_docs", "import", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_rest_collection_of_three_pages_is_imported_one_line_each(tmp_path):
    result = _import(str(THREE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "imported sleep-and-ocd: wrote source/sleep-and-ocd.md\n"
        "imported exposure-therapy: wrote source/exposure-therapy.md\n"
        "warning: exposure-therapy: WordPress's excerpt for this page is the automatic one "
        "(the start of the text), so 'summary:' is left empty: write one or two sentences "
        "that say what the article is about before building.\n"
        "warning: exposure-therapy: the page's text says 'Last reviewed: March 2024' but "
        "WordPress last changed the page on 2025-06-10: 'last-reviewed' is 2024-03-01, from "
        "the text; check it.\n"
        "imported ocd-in-children: wrote source/ocd-in-children.md\n"
        f"3 pages in {THREE}: 3 imported, 0 unchanged, 0 skipped, 0 failed; 2 warnings\n"
    )
    names = sorted(path.name for path in (tmp_path / "source").iterdir())
    assert names == ["exposure-therapy.md", "ocd-in-children.md", "sleep-and-ocd.md"]


def test_a_wxr_export_imports_the_published_pages_and_skips_the_draft(tmp_path):
    result = _import(str(WXR), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "imported hoarding: wrote source/hoarding.md\n"
        "imported intrusive-thoughts: wrote source/intrusive-thoughts.md\n"
        "warning: intrusive-thoughts: the page has no excerpt in WordPress, so 'summary:' is "
        "left empty: write one or two sentences that say what the article is about before "
        "building.\n"
        "skipped 'Medication for OCD (draft)': it is not published (status: draft)\n"
        f"3 pages in {WXR}: 2 imported, 0 unchanged, 1 skipped, 0 failed; 1 warning\n"
    )
    hoarding = (tmp_path / "source" / "hoarding.md").read_text(encoding="utf-8")
    assert "summary: What hoarding is, and how it differs from OCD.\n" in hoarding
    assert "last-reviewed: 2025-02-14\n" in hoarding
    assert '  - title: "NHS: hoarding disorder"\n' in hoarding
    thoughts = (tmp_path / "source" / "intrusive-thoughts.md").read_text(encoding="utf-8")
    # classic-editor text has no <p>: paragraphs come from its blank lines
    assert thoughts.endswith(
        "---\n\nAlmost everyone has unwanted thoughts now and then.\n\n"
        "For people with OCD these thoughts keep coming back and cause great distress.\n"
    )


def test_slug_options_choose_pages_and_name_a_missing_one(tmp_path):
    result = _import(str(THREE), "--slug", "ocd-in-children", "--slug", "no-such", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "imported ocd-in-children: wrote source/ocd-in-children.md\n"
        f"failed no-such: there is no page with the slug 'no-such' in {THREE}\n"
        f"2 pages in {THREE}: 1 imported, 0 unchanged, 0 skipped, 1 failed; 0 warnings\n"
    )
    assert [path.name for path in (tmp_path / "source").iterdir()] == ["ocd-in-children.md"]


def test_re_import_never_overwrites_an_edited_source_and_names_what_would_change(tmp_path):
    assert _import(str(THREE), cwd=tmp_path).returncode == 0
    edited = tmp_path / "source" / "sleep-and-ocd.md"
    text = edited.read_text(encoding="utf-8")
    text = text.replace("summary: How OCD can affect sleep", "summary: How OCD can disturb sleep")
    text = text.replace("A regular bedtime", "A fixed bedtime")
    edited.write_text(text, encoding="utf-8")

    again = _import(str(THREE), cwd=tmp_path)
    assert again.returncode == 2
    lines = again.stderr.splitlines()
    assert lines[0] == (
        "skipped sleep-and-ocd: source/sleep-and-ocd.md differs from this import ('summary' "
        "and the article text would change); add --force to overwrite it (the edits in it "
        "will be lost)"
    )
    assert "unchanged exposure-therapy: source/exposure-therapy.md is already this import" in lines
    assert lines[-1] == (
        f"3 pages in {THREE}: 0 imported, 2 unchanged, 1 skipped, 0 failed; 2 warnings"
    )
    assert edited.read_text(encoding="utf-8") == text

    forced = _import(str(THREE), "--force", "--slug", "sleep-and-ocd", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "A regular bedtime" in edited.read_text(encoding="utf-8")


def test_a_utf16_powershell_file_imports(tmp_path):
    result = _import(str(LIBRARY / "powershell-utf16.wp.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "wrote source/sleep-and-ocd.md\n"


def test_an_error_body_and_a_page_in_a_list_that_fails_are_reported(tmp_path):
    result = _import(str(LIBRARY / "invalid-post-id.json"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {LIBRARY / 'invalid-post-id.json'}: WordPress answered with an error: Invalid "
        "post ID. (rest_post_invalid_id, HTTP 404)\n"
        "  What to do: this file is WordPress's answer to a request it refused, not a page: "
        "check the address you saved it from (the page's id or slug) and that the page is "
        "published.\n"
    )
    pages = json.loads(THREE.read_text(encoding="utf-8"))
    pages[1]["modified"] = "2024-02-30T00:00:00"
    pages[2]["modified"] = "9999-12-31T00:00:00"
    (tmp_path / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
    result = _import("pages.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[1] == (
        "failed exposure-therapy: the page's 'modified' is not a real date: "
        "'2024-02-30T00:00:00' (a date is written YYYY-MM-DD, with a day the month has); "
        "export the page from the WordPress REST API unchanged."
    )
    assert lines[2] == (
        "failed ocd-in-children: the page's last review date 9999-12-31 is too far in the "
        "future to set a next review 36 months later; correct the page's date in WordPress, "
        "or export it again."
    )
    assert (
        lines[-1]
        == "3 pages in pages.json: 1 imported, 0 unchanged, 0 skipped, 2 failed; 0 warnings"
    )


def test_a_wxr_file_with_an_external_entity_is_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    text = (
        WXR.read_text(encoding="utf-8")
        .replace(
            '<?xml version="1.0" encoding="UTF-8" ?>',
            f'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>',
        )
        .replace("Hoarding means", "&x; Hoarding means")
    )
    (tmp_path / "export.xml").write_text(text, encoding="utf-8")
    result = _import("export.xml", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    for path in (tmp_path / "source").glob("*.md"):
        assert "do not read me" not in path.read_text(encoding="utf-8")


def test_password_protected_and_broken_export_files(tmp_path):
    text = WXR.read_text(encoding="utf-8").replace(
        "<wp:post_password><![CDATA[]]></wp:post_password>",
        "<wp:post_password><![CDATA[secret]]></wp:post_password>",
        1,
    )
    (tmp_path / "export.xml").write_text(text, encoding="utf-8")
    result = _import("export.xml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "skipped hoarding: it is password-protected: only public pages are imported"
    )
    (tmp_path / "broken.xml").write_text(text[: len(text) // 2], encoding="utf-8")
    result = _import("broken.xml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: broken.xml, line ")
    assert "this is not a readable WordPress export file (" in result.stderr
    assert result.stderr.endswith(
        "  What to do: export the site again in WordPress (Tools > Export > All content or "
        "Pages).\n"
    )


def test_a_lone_surrogate_and_a_wrong_language_option_are_clear_errors(tmp_path):
    page = json.loads(THREE.read_text(encoding="utf-8"))[0]
    text = json.dumps(page).replace("Sleep and OCD", "Sleep \\ud800 OCD")
    (tmp_path / "page.json").write_text(text, encoding="utf-8")
    result = _import("page.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: page.json: the page's title.rendered holds a broken character "
        "(a lone surrogate)\n"
        "  What to do: save the page from WordPress again; if it persists, fix the character "
        "there.\n"
    )
    result = _import(str(THREE), "--language", "English", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: --language 'English' is not a language code\n"
        "  What to do: give a BCP 47 code such as en-GB, cy or zh-Hant.\n"
    )
    assert not (tmp_path / "source").exists()
