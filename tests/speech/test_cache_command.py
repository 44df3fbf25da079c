"""``ssri-docs cache --info`` and ``--clear``: what they print, exit codes, what they touch."""

from __future__ import annotations

from fake_speech import fill, sentences

from ssri_docs.cli import main
from ssri_docs.speech.cache_folder import LOCK_NAME, TAG_NAME, cache_files


def test_info_prints_the_folder_entries_size_and_limit(tmp_path, capsys):
    fill(tmp_path, sentences(0, 12), 10**9)
    size = sum(file.size for file in cache_files(tmp_path))

    assert main(["cache", "--info", "--cache", str(tmp_path)]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"cache folder: {tmp_path}",
        "entries: 13 (12 sentences, 1 recording)",
        f"size: {size / 1024**2:,.1f} MB",
        f"limit: 2,048.0 MB ({100 * size / 2 / 1024**3:.1f} % used)",
    ]


def test_info_on_a_folder_not_made_yet(tmp_path, capsys):
    assert main(["cache", "--info", "--cache", str(tmp_path / "none")]) == 0
    assert "no cache yet" in capsys.readouterr().out


def test_clear_deletes_the_cache_files_and_nothing_else(tmp_path, capsys):
    fill(tmp_path, sentences(0, 12), 10**9)
    mine = [tmp_path / "notes.txt", tmp_path / "speech" / "keep.wav"]
    for path in mine:
        path.write_text("not the cache's")

    assert main(["cache", "--clear", "--cache", str(tmp_path)]) == 0

    assert "cleared" in capsys.readouterr().err
    assert cache_files(tmp_path) == []
    assert all(path.read_text() == "not the cache's" for path in mine)
    assert (tmp_path / TAG_NAME).exists() and (tmp_path / LOCK_NAME).exists()
    assert not (tmp_path / "encoded").exists()
    assert [p.name for p in (tmp_path / "speech").iterdir()] == ["keep.wav"]
    # and the next build fills it again
    assert fill(tmp_path, sentences(0, 3), 10**9).stats.synthesised == 3


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path, capsys):
    (tmp_path / "important.md").write_text("an article")

    assert main(["cache", "--clear", "--cache", str(tmp_path)]) == 2

    error = capsys.readouterr().err
    assert "does not look like an ssri-docs speech cache" in error
    assert "nothing was touched" in error and "What to do:" in error
    assert (tmp_path / "important.md").read_text() == "an article"


def test_info_refuses_a_folder_that_is_not_a_cache(tmp_path, capsys):
    (tmp_path / "important.md").write_text("an article")
    assert main(["cache", "--info", "--cache", str(tmp_path)]) == 2
    assert "does not look like an ssri-docs speech cache" in capsys.readouterr().err


def test_clear_of_a_missing_folder_has_nothing_to_do(tmp_path, capsys):
    assert main(["cache", "--clear", "--cache", str(tmp_path / "none")]) == 0
    assert "nothing to clear" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_a_cache_from_before_the_tag_is_recognised(tmp_path, capsys):
    fill(tmp_path, sentences(0, 2), 10**9)
    (tmp_path / TAG_NAME).unlink()
    assert main(["cache", "--clear", "--cache", str(tmp_path)]) == 0
    assert cache_files(tmp_path) == []
