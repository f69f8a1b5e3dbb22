"""Shared fixtures for the unit tests: where the repository is, and a quick way to write a cv.yaml."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo() -> Path:
    """The repository root (the folder holding cv.yaml and the cvtool package)."""
    return REPO


@pytest.fixture
def write_yaml(tmp_path: Path):
    """write_yaml(text, name="cv.yaml", dedent=True) → the Path of a UTF-8 file in tmp_path."""

    def write(text: str, name: str = "cv.yaml", *, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _session_format_cache(tmp_path_factory):
    """Preloaded TeX formats go to a cache of this test session, not the user's ~/.cache: the
    session builds its own on first use, as a fresh machine does."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    yield
    patch.undo()
