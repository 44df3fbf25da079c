"""The leaflet's fetch sandbox: only the fonts and the article's own folder are read.

The source parser already refuses remote pictures and ``..`` paths, so the sandbox
is tested directly and through the writer with articles built in code.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pikepdf
import pytest

from ssri_docs.errors import BuildError
from ssri_docs.model import Figure
from ssri_docs.pdf_tree import structure_elements
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers import pdf as pdf_writer
from ssri_docs.writers.pdf.fetcher import RefusedAddress, SandboxFetcher

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_FOLDER = ROOT / "tests" / "fixtures" / "pdf" / "rich"
PICTURE = FIXTURE_FOLDER / "cells.png"


@pytest.fixture
def article_folder(tmp_path) -> Path:
    """A copy of the fixture article's folder, with a secret file next to (not in) it."""
    folder = tmp_path / "article"
    shutil.copytree(FIXTURE_FOLDER, folder)
    (tmp_path / "secret.png").write_bytes(PICTURE.read_bytes())
    return folder


def _article(folder: Path, src: str):
    article = load_article(folder / "leaflet-features.md", load_site(ROOT / "source" / "site.yaml"))
    picture = Figure(src=src, alt="A picture that must not be fetched")
    return dataclasses.replace(article, blocks=(picture, *article.blocks))


def _write(article) -> bytes:
    context = ArticleProducts(
        article, BuildOptions(), Reporter(quiet=True), Path("unused"), ("pdf",)
    )
    (output,) = pdf_writer.write(article, context)
    return output.data


# --- The fetcher on its own -------------------------------------------------


def test_a_picture_in_the_article_folder_is_served(article_folder):
    fetcher = SandboxFetcher([article_folder])
    response = fetcher.fetch((article_folder / "cells.png").as_uri())
    assert response.read() == PICTURE.read_bytes()
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "https://tracker.example.org/pixel.png",
        "http://127.0.0.1:9/picture.png",
        "ftp://example.org/picture.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "file://fileserver/share/picture.png",
    ],
)
def test_addresses_outside_the_sandbox_are_refused(article_folder, address):
    fetcher = SandboxFetcher([article_folder])
    with pytest.raises(RefusedAddress) as refused:
        fetcher.fetch(address)
    assert refused.value.url == address
    assert address in str(refused.value)


def test_a_path_climbing_out_of_the_folder_is_refused(article_folder):
    fetcher = SandboxFetcher([article_folder])
    address = article_folder.as_uri() + "/../secret.png"
    with pytest.raises(RefusedAddress, match="outside the article's folder"):
        fetcher.fetch(address)


def test_a_symbolic_link_pointing_out_of_the_folder_is_refused(article_folder):
    (article_folder / "escape.png").symlink_to(article_folder.parent / "secret.png")
    fetcher = SandboxFetcher([article_folder])
    with pytest.raises(RefusedAddress, match="outside the article's folder"):
        fetcher.fetch((article_folder / "escape.png").as_uri())


def test_a_file_of_another_kind_in_the_folder_is_refused(article_folder):
    (article_folder / "notes.txt").write_text("private notes")
    fetcher = SandboxFetcher([article_folder])
    with pytest.raises(RefusedAddress, match="cannot go into a leaflet"):
        fetcher.fetch((article_folder / "notes.txt").as_uri())


def test_an_allowed_single_file_does_not_open_its_folder(tmp_path):
    font = tmp_path / "fonts" / "Face.ttf"
    font.parent.mkdir()
    font.write_bytes(b"\0\1\0\0")
    (font.parent / "Other.ttf").write_bytes(b"\0\1\0\0")
    fetcher = SandboxFetcher([font])
    assert fetcher.fetch(font.as_uri()).content_type == "font/ttf"
    with pytest.raises(RefusedAddress):
        fetcher.fetch((font.parent / "Other.ttf").as_uri())


# --- Through the writer: the build stops and names the address ---------------


@pytest.mark.parametrize(
    "src",
    ["file:///etc/passwd", "https://tracker.example.org/pixel.png"],
)
def test_the_writer_refuses_outside_pictures_naming_them(article_folder, src):
    with pytest.raises(BuildError) as caught:
        _write(_article(article_folder, src))
    message = str(caught.value)
    assert src in message
    assert "leaflet-features.md" in message
    assert "What to do" in message


def test_the_writer_refuses_a_symbolic_link_escape(article_folder):
    (article_folder / "escape.png").symlink_to(article_folder.parent / "secret.png")
    with pytest.raises(BuildError) as caught:
        _write(_article(article_folder, "escape.png"))
    assert (article_folder / "escape.png").as_uri() in str(caught.value)
    assert "outside the article's folder" in str(caught.value)


def test_the_writer_embeds_a_picture_from_the_folder(article_folder):
    """The same route works for an allowed picture (the refusals are not blanket)."""
    data = _write(_article(article_folder, "cells.png"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [
            xobject
            for page in pdf.pages
            for xobject in page.obj.Resources.get("/XObject", {}).values()
            if xobject.get("/Subtype") == pikepdf.Name.Image
        ]
        alts = [
            str(element.node.get("/Alt", ""))
            for element in structure_elements(pdf.Root.StructTreeRoot)
            if element.tag == "/Figure"
        ]
    assert images, "the picture was not embedded"
    assert "A picture that must not be fetched" in alts
