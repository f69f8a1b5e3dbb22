"""Cache, parallel builds, concurrent renders, the TeX sandbox itself, fonts/ precedence."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from pdftools import MINIMAL, REAL_CV, build, build_text, text_of
from pypdf import PdfReader

from cvtool import fonts
from cvtool.build import Request
from cvtool.build import build as run_build
from cvtool.errors import CvError
from cvtool.latex.engine import compile_tex
from cvtool.latex.render import Rendered
from cvtool.targets import Options

pytestmark = pytest.mark.tex


def test_unchanged_source_hits_the_cache_and_skips_tex(tmp_path, monkeypatch):
    first = build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11")[0]
    assert not first.cached and first.runs == 1
    before = first.path.read_bytes()

    def no_tex(*args, **kwargs):
        raise AssertionError("TeX must not run on a cache hit")

    monkeypatch.setattr("cvtool.latex.engine.TexEngine.compile", no_tex)
    again = build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11")[0]
    assert again.cached and again.runs == 0 and again.path.read_bytes() == before


def test_force_a_changed_source_or_a_replaced_pdf_rebuild(tmp_path):
    build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11")
    assert not build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11", force=True)[0].cached
    changed = MINIMAL.replace("Ada Example", "Ada Changed")
    result = build_text(changed, tmp_path, langs=("en",), updated="2026-11")[0]
    assert not result.cached and "Ada Changed" in text_of(result.path)
    result.path.write_bytes(b"%PDF-1.5 replaced by hand")
    assert not build_text(changed, tmp_path, langs=("en",), updated="2026-11")[0].cached
    assert "Ada Changed" in text_of(result.path)


def test_parallel_builds_give_the_same_bytes_as_serial_ones(tmp_path):
    def build_all(out: str, jobs: int):
        options = Options(out_dir=tmp_path / out, updated="2026-11", jobs=jobs)
        outcome = run_build(Request(REAL_CV, ("en", "zh"), ("full", "short"), options=options))
        assert not outcome.errors
        return outcome.results

    serial, parallel = build_all("serial", 1), build_all("parallel", 4)
    assert len(serial) == 4
    for a, b in zip(serial, parallel):
        assert a.path.name == b.path.name
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name


def test_two_renders_into_the_same_folder_at_once_do_not_corrupt_each_other(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    failures: list[BaseException] = []

    def render() -> None:
        try:
            build(source, out, langs=("en", "zh"), force=True)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=render) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not failures
    for name in ("cv-en-full.pdf", "cv-zh-full.pdf"):
        reader = PdfReader(str(out / name))
        assert (len(reader.pages) == 1 and "Ada Example" in (reader.metadata.title or "")) or "艾达" in reader.metadata.title
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))


def test_the_sandbox_itself_refuses_absolute_reads_and_shell_escape(tmp_path):
    """Even raw TeX that bypassed escaping can neither read /etc/passwd nor run a command."""
    marker = tmp_path / "pwned"
    tex = (
        "\\documentclass{article}\\begin{document}\n"
        f"\\immediate\\write18{{touch {marker}}}\n"
        "\\input{/etc/passwd}\n"
        "\\end{document}\n"
    )
    with pytest.raises(CvError) as err:
        compile_tex(Rendered(tex=tex), "evil", build_dir=tmp_path / "b")
    log = (tmp_path / "b" / "evil.log").read_text(errors="replace")
    assert "root:" not in log
    assert "File `/etc/passwd.tex' not found" in err.value.format()  # paranoid: no absolute paths
    assert not marker.exists()
    assert f"runsystem(touch {marker})...disabled." in log


def test_the_sandbox_refuses_writing_outside_the_build_directory(tmp_path):
    target = tmp_path / "outside.txt"
    tex = (
        "\\documentclass{article}\\begin{document}\n"
        f"\\newwrite\\w\\immediate\\openout\\w={target}\\immediate\\write\\w{{x}}\\immediate\\closeout\\w\n"
        "ok\\end{document}\n"
    )
    try:
        compile_tex(Rendered(tex=tex), "w").cleanup()
    except CvError:
        pass
    assert not target.exists()


def test_fonts_in_the_fonts_folder_win_over_system_fonts(tmp_path):
    regular = fonts.system_faces("Noto Sans")["Regular"][0]
    shutil.copy(regular, tmp_path / Path(regular).name)
    fonts.local_fonts.cache_clear()
    setup = fonts.font_setup(tmp_path)
    sans = next(line for line in setup.splitlines() if line.startswith("\\setsansfont"))
    assert f"Path={tmp_path.resolve()}/" in sans
    serif = next(line for line in setup.splitlines() if line.startswith("\\setmainfont"))
    assert str(tmp_path) not in serif


def test_render_cli_png_verbose_and_quiet(tmp_path):
    from typer.testing import CliRunner

    from cvtool.cli import app

    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    loud = runner.invoke(app, ["render", str(source), "--lang", "en", "--out", str(out), "--png", "--verbose"])
    assert loud.exit_code == 0, loud.output
    assert "wrote " in loud.output and "(1 page, 1 TeX run" in loud.output
    assert "Output written on cv-en-full.pdf (1 page)" in loud.output
    assert (out / "cv-en-full-1.png").read_bytes().startswith(b"\x89PNG")
    quiet = runner.invoke(app, ["render", str(source), "--lang", "en", "--out", str(out), "--quiet", "--force"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_a_render_with_nothing_to_do_skips_validation_and_heavy_imports(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "cv.yaml"
    source.write_text(MINIMAL.replace("degree: {en: Ph.D., zh: 博士}", "degree: {zh: 博士}"), encoding="utf-8")
    args = ["render", str(source), "--lang", "en", "--out", str(tmp_path / "out"), "--updated", "2026-11"]
    probe = (
        "import sys\n"
        "from cvtool.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('heavy:', sorted(m for m in ('cvtool.validate', 'pydantic', 'jinja2', 'pypdf', 'yaml', 'rich') if m in sys.modules))\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert "wrote " in first.stdout, first.stderr
    again = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert "kept " in again.stdout and "heavy: []" in again.stdout, again.stdout + again.stderr
    assert "no en translation" in again.stderr, "validation warnings are repeated on a cache hit"


def test_the_cache_check_names_exactly_the_pdfs_to_build(tmp_path):
    """TeX is started early only for these, so a partly cached render starts no TeX it kills."""
    from cvtool import cache
    from cvtool.build import resolve
    from cvtool.targets import Target

    build_text(MINIMAL, tmp_path, langs=("en",), updated="2026-11")

    def check(**options):
        request = Request(tmp_path / "cv.yaml", ("en", "zh"), options=Options(out_dir=tmp_path / "out", updated="2026-11", **options))
        resolved = resolve(request)
        return cache.check(request.source, resolved.text, resolved.jobs, resolved.stamp, request.options), resolved.jobs

    known, wanted = check()
    assert [r.target for r in known.results] == [Target("en", "full")]
    assert [job.target for job in known.missing] == [Target("zh", "full")]
    assert not known.complete
    forced, wanted = check(force=True)
    assert forced.missing == wanted and forced.results == []


def test_pdfs_go_beside_the_cv_file_and_its_output_folder_holds_only_them(tmp_path, monkeypatch):
    """`cvtool render other/cv.yaml` from elsewhere writes other/out/, with no cache inside it;
    the cache still answers the second time, and --file-name names the PDFs."""
    from typer.testing import CliRunner

    from cvtool.cli import app

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (tmp_path / "other").mkdir()
    source = tmp_path / "other" / "cv.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["render", str(source), "--lang", "en", "--updated", "2026-11"])
    assert first.exit_code == 0, first.output
    out = tmp_path / "other" / "out"
    assert sorted(p.name for p in out.iterdir()) == ["cv-en-full.pdf"]
    assert list(elsewhere.iterdir()) == []
    again = runner.invoke(app, ["render", str(source), "--lang", "en", "--updated", "2026-11"])
    assert again.exit_code == 0 and "kept " in again.output, again.output
    named = runner.invoke(app, ["render", str(source), "--lang", "en", "--updated", "2026-11",
                                "--file-name", "Ada_Example_CV_{lang}_{variant}"])
    assert named.exit_code == 0 and "wrote " in named.output, named.output
    assert sorted(p.name for p in out.iterdir()) == ["Ada_Example_CV_en_full.pdf", "cv-en-full.pdf"]
    assert "Ada Example" in text_of(out / "Ada_Example_CV_en_full.pdf")


def test_a_kept_build_builds_elsewhere_with_plain_xelatex(tmp_path):
    """--build-dir keeps the .tex, the style file and the fonts it loads (in fonts/, loaded from
    there): moved to another folder, plain `xelatex` rebuilds it."""
    import os
    import subprocess

    build_text(MINIMAL, tmp_path, langs=("zh",), build_dir=tmp_path / "kept", updated="2026-11")
    tex = (tmp_path / "kept" / "cv-zh-full.tex").read_text(encoding="utf-8")
    assert "Path=./fonts/" in tex and "Path=/" not in tex and "{/" not in tex
    fonts = sorted(p.name for p in (tmp_path / "kept" / "fonts").iterdir())
    assert any(name.startswith("NotoSerifCJK") for name in fonts) and any(name.startswith("NotoSerif-") for name in fonts)
    moved = tmp_path / "elsewhere" / "cv"
    shutil.copytree(tmp_path / "kept", moved)
    shutil.rmtree(tmp_path / "kept")
    (moved / "cv-zh-full.pdf").unlink()
    proc = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "cv-zh-full.tex"], cwd=moved,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "艾达" in text_of(moved / "cv-zh-full.pdf")
