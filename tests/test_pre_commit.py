"""The pre-commit hooks (.pre-commit-hooks.yaml): their shape, and each entry run the way
pre-commit runs it (entry + args + the matching file names) on a user's CV.

Not run here: pre-commit itself installing the hook (`pre-commit try-repo` builds a virtualenv
and installs cvtool with its dependencies from the network)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pdftools import MINIMAL

REPO = Path(__file__).resolve().parent.parent
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_the_hooks_run_on_cv_files_only():
    assert set(HOOKS) == {"cvtool-validate", "cvtool-render"}
    for hook in HOOKS.values():
        assert hook["language"] == "python" and hook["entry"].startswith("cvtool ")
        assert {"name", "description", "files"} <= set(hook)
        files = re.compile(hook["files"])
        assert all(files.search(p) for p in ("cv.yaml", "cv.yml", "docs/cv/cv.yaml"))
        assert not any(files.search(p) for p in ("other.yaml", "cv.yaml.bak", "mycv.yaml"))


def run_hook(hook_id: str, files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit runs: the entry, the hook's args, then the staged file names (when passed)."""
    hook = HOOKS[hook_id]
    cmd = shlex.split(hook["entry"]) + hook.get("args", [])
    if hook.get("pass_filenames", True):
        cmd += [str(f.relative_to(cwd)) for f in files]
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_validate_hook_passes_a_good_cv_quietly_and_fails_a_bad_one_with_its_line(tmp_path):
    good = tmp_path / "cv.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "old").mkdir()
    bad = tmp_path / "old" / "cv.yaml"
    bad.write_text(MINIMAL.replace("person:", "persn:"), encoding="utf-8")
    passed = run_hook("cvtool-validate", [good], tmp_path)
    assert passed.returncode == 0 and passed.stdout == "", passed.stderr
    failed = run_hook("cvtool-validate", [good, bad], tmp_path)
    assert failed.returncode == 1
    assert re.search(r"old/cv\.yaml:\d+:\d+: error", failed.stderr), failed.stderr


@pytest.mark.tex
def test_the_render_hook_builds_the_cv(tmp_path):
    good = tmp_path / "cv.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    result = run_hook("cvtool-render", [good], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "cv-en-full.pdf", "cv-en-short.pdf", "cv-zh-full.pdf", "cv-zh-short.pdf"]
