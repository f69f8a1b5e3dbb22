"""The one bounded reader and the one atomic writer every command uses."""

from __future__ import annotations

import os

import pytest

from cvtool.errors import CvError
from cvtool.files import read_text, replace_file, write_atomic


def test_read_text_refuses_more_than_the_limit(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"x" * 11)
    assert read_text(path, limit=11, expected="a .bib file") == "x" * 11
    with pytest.raises(CvError) as info:
        read_text(path, limit=10, expected="a .bib file")
    assert "too large for a .bib file" in info.value.message and info.value.code == "file-too-large"


def test_read_text_locates_bad_utf8_and_nul(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@misc{a,\n  title = {\xe9t\xe9}}\n")
    with pytest.raises(CvError) as info:
        read_text(path, limit=100, expected="a .bib file")
    assert info.value.message.endswith("2:12: error: byte 0xe9 is not valid UTF-8; save the file as UTF-8")
    path.write_bytes(b"a\nb\x00")
    with pytest.raises(CvError) as info:
        read_text(path, limit=100, expected="a .bib file")
    assert ":2: error: this is a binary file" in info.value.message and info.value.code == "binary-file"


def test_read_text_missing_file_carries_the_hint(tmp_path):
    with pytest.raises(CvError) as info:
        read_text(tmp_path / "nope.yaml", limit=10, expected="a YAML file", hint="Run cvtool init.")
    assert "no such file" in info.value.message and info.value.hint == "Run cvtool init."


def test_write_atomic_replaces_keeping_the_mode_and_leaves_no_temp(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o600)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["cv.yaml"]
    fresh = tmp_path / "fresh.bib"
    replace_file(fresh, b"x", durable=False)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_write_atomic_into_a_missing_folder_is_a_cverror_and_changes_nothing(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(CvError) as info:
        write_atomic(tmp_path / "file" / "out.md", b"new")
    assert "cannot write" in info.value.message and "is a file, not a folder" in info.value.message
    assert info.value.code == "cannot-write"
    with pytest.raises(OSError):
        replace_file(tmp_path / "missing" / "out.md", b"new")
