"""Install anywhere: a wheel of this checkout, installed into a fresh environment, works from an
empty folder outside the checkout: `cvtool init`, then `cvtool render` puts the PDFs beside the CV.

pipx does the same (a private virtual environment, `pip install <wheel>`); this test makes that
environment itself, and lends it the dependencies already installed for the tests (through a
.pth file) instead of downloading them, so the wheel's own files are what is tested: the
package, its templates, fonts, locales and the `cvtool` script."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pdftools import pages

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.tex


def _run(cmd: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
    return proc


def test_a_wheel_works_from_an_empty_folder_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], tmp_path)
    wheel = next(dist.glob("cvtool-*.whl"))
    env = tmp_path / "env"
    _run([sys.executable, "-m", "venv", str(env)], tmp_path)
    purelib = Path(_run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp_path).stdout.strip())
    (purelib / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(env / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], tmp_path)

    empty = tmp_path / "somewhere" / "my-cv"
    empty.mkdir(parents=True)
    cvtool = str(env / "bin" / "cvtool")
    where = _run([str(env / "bin" / "python"), "-c", "import cvtool; print(cvtool.__file__)"], empty).stdout
    assert where.startswith(str(purelib)), "cvtool must come from the wheel, not the checkout"
    _run([cvtool, "init"], empty)
    _run([cvtool, "render", "--updated", "2026-11"], empty)
    made = sorted(p.name for p in (empty / "out").iterdir())
    assert made == ["cv-en-full.pdf", "cv-zh-full.pdf"]
    assert pages(empty / "out" / "cv-en-full.pdf") >= 1
    assert sorted(p.name for p in empty.iterdir()) == ["cv.schema.json", "cv.yaml", "out"]
