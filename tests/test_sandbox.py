"""The process runner every TeX run goes through: exit codes, and a timeout that leaves nothing behind."""

from __future__ import annotations

import os
import time

import pytest

from cvtool.errors import CvError
from cvtool.latex.sandbox import run_tex, sandbox_env


def test_the_exit_code_comes_back(tmp_path):
    assert run_tex(["sh", "-c", "exit 3"], tmp_path, dict(os.environ), timeout=30) == 3
    assert run_tex(["sh", "-c", "echo ok > done"], tmp_path, dict(os.environ), timeout=30) == 0
    assert (tmp_path / "done").read_text() == "ok\n"


def test_a_timeout_kills_the_whole_process_group(tmp_path):
    """xelatex starts xdvipdfmx: killing only the first process would leave the second running."""
    script = "sleep 30 & echo $! > child; wait"
    with pytest.raises(CvError) as err:
        run_tex(["sh", "-c", script], tmp_path, dict(os.environ), timeout=0.5)
    assert "did not finish within 0.5 s" in err.value.format()
    child = int((tmp_path / "child").read_text())
    for _ in range(50):
        if not _running(child):
            break
        time.sleep(0.02)
    else:
        pytest.fail("the grandchild survived the timeout")


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan stays a zombie until its new parent reaps it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_environment_is_paranoid_and_reproducible(monkeypatch):
    monkeypatch.setenv("TEXINPUTS", "/etc//")
    monkeypatch.setenv("openin_any", "a")
    env = sandbox_env(1_790_000_000)
    assert "TEXINPUTS" not in env
    assert env["openin_any"] == env["openout_any"] == "p" and env["shell_escape"] == "f"
    assert env["SOURCE_DATE_EPOCH"] == "1790000000" and env["FORCE_SOURCE_DATE"] == "1"
