"""site.yaml's identity and contact keys: each checked, each refusal located and explained."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ssri_docs.colour import WHITE, contrast_ratio, hex_channels
from ssri_docs.errors import SourceError
from ssri_docs.source import load_site

SOURCE_SITE = Path(__file__).resolve().parents[2] / "source" / "site.yaml"
LOGO = Path(__file__).resolve().parents[1] / "fixtures" / "identity" / "logo.svg"
PNG = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "with-figure" / "synapse.png"


def site_with(folder: Path, extra: str):
    """load_site on the committed site.yaml with ``extra`` lines added, in ``folder``."""
    path = folder / "site.yaml"
    path.write_text(SOURCE_SITE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return load_site(path)


def refusal(folder: Path, extra: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        site_with(folder, extra)
    return caught.value


def test_no_identity_keys_means_none_shown(tmp_path):
    site = site_with(tmp_path, "")
    assert site.logo is None and site.brand_colour is None
    assert not site.contact_details


def test_every_key_read(tmp_path):
    shutil.copy(LOGO, tmp_path / "logo.svg")
    site = site_with(
        tmp_path,
        "logo: logo.svg\nlogo-alt: OCD-UK\nbrand-colour: '#1D4F91'\n"
        "telephone: 0300 000 0000\nhelpline-hours: Monday to Friday, 9am to 5pm\n"
        "address: |\n  Example House\n  1 Example Street\n\n"
        "email: support@example.org\ncharity-number: 0012345\n",
    )
    assert site.logo.path == (tmp_path / "logo.svg").resolve()
    assert (site.logo.media_type, site.logo.alt, site.logo.decorative) == (
        "image/svg+xml",
        "OCD-UK",
        False,
    )
    assert site.brand_colour.hex == "#1d4f91" and site.brand_colour.for_text
    details = site.contact_details
    assert details.telephone == "0300 000 0000"  # YAML would make it the number 300000000
    assert details.address == ("Example House", "1 Example Street")
    assert details.charity_number == "0012345"  # not octal 5349
    assert details.email == "support@example.org"


def test_address_as_a_list_and_a_png_logo(tmp_path):
    shutil.copy(PNG, tmp_path / "logo.png")
    site = site_with(tmp_path, 'logo: logo.png\nlogo-alt: ""\naddress:\n  - PO Box 1\n  - Town\n')
    assert site.logo.media_type == "image/png" and site.logo.decorative
    assert site.contact_details.address == ("PO Box 1", "Town")


def test_brand_colour_below_4_5_is_refused_with_its_ratio(tmp_path):
    error = refusal(tmp_path, "brand-colour: '#ffcc00'\n")
    ratio = contrast_ratio(hex_channels("#ffcc00"), WHITE)
    assert f"{int(ratio * 100) / 100:.2f}:1" in str(error)
    assert "4.5:1" in str(error) and error.line == SOURCE_SITE.read_text().count("\n") + 1


def test_colour_just_under_4_5_never_reads_4_50():
    # #777777 is 4.48:1: rounding would print "4.48", never "4.50".
    assert contrast_ratio(hex_channels("#777777"), WHITE) < 4.5


def test_brand_colour_between_4_5_and_7_draws_rules_only(tmp_path):
    site = site_with(tmp_path, "brand-colour: '#d4351c'\n")  # GOV.UK red, about 4.5:1
    assert 4.5 <= site.brand_colour.contrast < 7 and not site.brand_colour.for_text


def test_unquoted_colour_is_a_comment_and_says_so(tmp_path):
    error = refusal(tmp_path, "brand-colour: #1d4f91\n")
    assert "empty" in str(error) and "quotes" in error.hint


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("logo: ../outside.svg\nlogo-alt: x\n", "outside the source folder"),
        ("logo: /etc/passwd\nlogo-alt: x\n", "outside the source folder"),
        ("logo: logo.gif\nlogo-alt: x\n", "only SVG and PNG"),
        ("logo: missing.svg\nlogo-alt: x\n", "no such file"),
        ("logo: broken.svg\nlogo-alt: x\n", "damaged"),
        ("logo: html.svg\nlogo-alt: x\n", "damaged"),
        ("logo: truncated.png\nlogo-alt: x\n", "damaged"),
        ("logo: renamed.png\nlogo-alt: x\n", "damaged"),
        ("logo: logo.svg\n", "no text alternative"),
        ("logo-alt: OCD-UK\n", "no 'logo'"),
    ],
)
def test_bad_logos_are_refused_at_their_line(tmp_path, extra, words):
    source = tmp_path / "source"
    source.mkdir()
    (tmp_path / "outside.svg").write_bytes(LOGO.read_bytes())
    shutil.copy(LOGO, source / "logo.svg")
    (source / "logo.gif").write_bytes(b"GIF89a")
    (source / "broken.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g>")
    (source / "html.svg").write_text("<html><body>not a picture</body></html>")
    (source / "truncated.png").write_bytes(PNG.read_bytes()[:200])
    (source / "renamed.png").write_bytes(LOGO.read_bytes())
    error = refusal(source, extra)
    assert words in str(error)
    assert error.line > SOURCE_SITE.read_text().count("\n")  # at the key, not the file


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("telephone: call us\n", "'telephone' is not valid"),
        ("telephone: '123'\n", "3 digits"),
        ("email: support.example.org\n", "'email' is not valid"),
        ("charity-number: registered\n", "'charity-number' is not valid"),
        ("address: {street: x}\n", "'address' must be lines"),
    ],
)
def test_bad_contact_details_are_refused(tmp_path, extra, words):
    assert re.search(re.escape(words), str(refusal(tmp_path, extra)))


def test_every_problem_is_reported_at_once(tmp_path):
    error = refusal(tmp_path, "brand-colour: '#eeeeee'\ntelephone: x\nemail: y\n")
    text = str(error)
    assert "brand-colour" in text and "telephone" in text and "email" in text
