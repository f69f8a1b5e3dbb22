"""TeX started before the CV is validated: the same PDF, and nothing left behind when unused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pdftools import MINIMAL, build_text, kept_tex, wrap_tool

from cvtool.errors import CvError
from cvtool.latex.engine import TexEngine, compile_tex
from cvtool.latex.prestart import start_early
from cvtool.latex.render import Rendered

pytestmark = pytest.mark.tex

EPOCH = 1_790_000_000


def _tex(tmp_path: Path) -> Rendered:
    """The .tex of a small CV; rendering it also builds the preloaded format."""
    build_text(MINIMAL, tmp_path, langs=("en",), build_dir=tmp_path / "build", updated="2026-11")
    return kept_tex(tmp_path / "build", "cv-en-full")


def _gone(early) -> bool:
    return early.proc.poll() is not None and not early.workdir.exists()


def _prepared(engine: TexEngine, jobname: str):
    """Start `jobname` early in `engine`; the started TeX, waiting at its gate."""
    engine.prepare([jobname])
    early = engine._started[jobname]
    assert early.proc.poll() is None  # waiting at the gate
    return early


def test_an_early_start_gives_the_same_bytes_in_one_run(tmp_path):
    rendered = _tex(tmp_path)
    with TexEngine(source_date_epoch=EPOCH) as engine:
        early = _prepared(engine, "cv-en-full")
        fast = engine.compile(rendered, "cv-en-full")
    usual = compile_tex(rendered, "cv-en-full", source_date_epoch=EPOCH)
    try:
        assert fast.workdir == early.workdir and fast.runs == 1
        assert fast.pdf.read_bytes() == usual.pdf.read_bytes()
        assert not (fast.workdir / "gate.tex").exists()  # no link to a descriptor for a later run
    finally:
        fast.cleanup()
        usual.cleanup()


def test_an_early_start_that_does_not_suit_is_stopped_and_the_usual_run_is_made(tmp_path):
    rendered = _tex(tmp_path)
    with TexEngine(source_date_epoch=EPOCH) as engine:
        other = _prepared(engine, "other-job")  # started for another PDF: not taken, stopped at the end
        compiled = engine.compile(rendered, "cv-en-full")
    try:
        assert _gone(other) and compiled.workdir != other.workdir and compiled.runs == 1
    finally:
        compiled.cleanup()
    stamped = start_early("cv-en-full", source_date_epoch=EPOCH + 86400)  # another stamp
    assert stamped is not None and not stamped.suits("cv-en-full", rendered.tex, EPOCH)
    stamped.abort()
    changed = Rendered(tex=rendered.tex.replace("\\usepackage{cvtool}", "\\usepackage{cvtool}\\usepackage{url}"))
    with TexEngine(source_date_epoch=EPOCH) as engine:
        early = _prepared(engine, "cv-en-full")
        compiled = engine.compile(changed, "cv-en-full")  # another preamble
    try:
        assert _gone(early) and compiled.pdf.exists() and compiled.runs == 1
    finally:
        compiled.cleanup()


def test_a_tex_error_in_an_early_run_is_located_and_nothing_is_left(tmp_path):
    tex = _tex(tmp_path).tex.replace("\\begin{document}", "\\begin{document}\n\\undefinedmacro")
    line = tex.split("\n").index("\\undefinedmacro") + 1
    with TexEngine(source_date_epoch=EPOCH) as engine:
        early = _prepared(engine, "cv-en-full")
        with pytest.raises(CvError) as err:
            engine.compile(Rendered(tex=tex), "cv-en-full")
        assert _gone(early)
    assert f"cv-en-full.tex:{line}" in err.value.format()


def test_without_a_preloaded_format_nothing_starts_early(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    assert start_early("cv-en-full", source_date_epoch=EPOCH) is None
    assert start_early("../evil", source_date_epoch=EPOCH) is None


def test_starts_not_taken_are_stopped_when_the_render_ends(tmp_path):
    _tex(tmp_path)
    with TexEngine(source_date_epoch=EPOCH) as engine:
        engine.prepare(["cv-en-full", "cv-zh-full"])
        started = dict(engine._started)
        assert len(started) == 2
    assert all(_gone(early) for early in started.values())
    assert engine._started == {}


def test_an_invalid_cv_leaves_no_tex_running(tmp_path):
    """The CLI starts TeX before validating; a CV that fails validation must stop it again."""
    import os
    import subprocess
    import sys

    _tex(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("person:", "persn:"), encoding="utf-8")
    scratch = tmp_path / "tmp"  # its TeX runs in here: other TeX on this machine is not its doing
    scratch.mkdir()
    proc = subprocess.run([sys.executable, "-m", "cvtool", "render", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, TMPDIR=str(scratch)))
    assert proc.returncode == 1 and "persn" in proc.stderr
    assert not any(_in(scratch, pid) for pid in _xelatex_pids())
    assert list(scratch.iterdir()) == []


def _xelatex_pids() -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() in ("xelatex", "xetex"):
                pids.add(int(entry.name))
        except OSError:
            continue
    return pids


@pytest.mark.parametrize("while_tex_runs", [False, True])
def test_a_render_stopped_with_sigterm_cleans_up_and_publishes_nothing(tmp_path, while_tex_runs):
    """`kill` (or a closed terminal) stops every TeX at once, leaves no folders, writes no PDF,
    and the process ends by the signal (as its parent expects)."""
    import signal
    import subprocess
    import sys
    import time

    from pdftools import REAL_CV

    slow = wrap_tool(tmp_path, "xelatex", before="sleep ${CVTOOL_TEST_TEX_DELAY:-0}")  # caught while running
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PATH=f"{slow}:{os.environ['PATH']}")
    args = [sys.executable, "-m", "cvtool", "render", str(REAL_CV), "--lang", "all", "--variant", "all",
            "--out", str(tmp_path / "o"), "--updated", "2026-11"]
    subprocess.run([*args, "--out", str(tmp_path / "warm")], env=env, check=True, capture_output=True, timeout=300)
    if while_tex_runs:
        env["CVTOOL_TEST_TEX_DELAY"] = "3"
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(scratch.iterdir()) and time.monotonic() < deadline:  # TeX has started
        time.sleep(0.005)
    if while_tex_runs:
        time.sleep(1.0)  # validation is done; the TeX runs are under way
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGTERM
    assert time.monotonic() - sent < 2.5, "the running TeX was waited for instead of stopped"
    assert list(scratch.iterdir()) == []
    assert not list((tmp_path / "o").glob("*.pdf"))
    for _ in range(100):  # SIGKILL reaches the rest of a TeX process group a moment later
        if not any(_in(scratch, pid) for pid in _xelatex_pids()):
            break
        time.sleep(0.02)
    else:
        pytest.fail("a TeX process outlived the render")


def _in(folder: Path, pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/cwd").startswith(str(folder))
    except OSError:
        return False


def test_the_cli_starts_tex_early_only_for_the_pdfs_it_will_build(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cvtool.cli import app
    from cvtool.latex import engine as engine_module

    build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11")  # cv-en-full is cached now
    started = []
    real = engine_module.start_early

    def spy(jobname, **kwargs):
        started.append(jobname)
        return real(jobname, **kwargs)

    monkeypatch.setattr(engine_module, "start_early", spy)
    result = CliRunner().invoke(app, ["render", str(tmp_path / "cv.yaml"), "--lang", "all", "--out", str(tmp_path / "out"),
                                      "--updated", "2026-11"])
    assert result.exit_code == 0, result.output
    assert started == ["cv-zh-full"]
    assert "kept" in result.output and "wrote" in result.output
