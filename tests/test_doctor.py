"""`cvtool doctor`: the healthy path on this machine, and the failure paths with tools hidden."""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from cvtool import doctor as doc
from cvtool.cli import app

runner = CliRunner()
FONT_CHECKS = ["font Noto Serif", "font Noto Sans", "font Noto Serif CJK SC", "font Noto Sans CJK SC",
               "font TeX Gyre Schola Math", "font Noto Serif CJK TC", "font Noto Sans CJK TC",  # zh-hant's
               "font HanaMinA", "font HanaMinB", "font Noto Sans Symbols", "font Noto Sans Symbols2", "font Symbola",
               "font Font Awesome"]  # the modern theme's header icons


@pytest.fixture
def bare_path(tmp_path, monkeypatch):
    """PATH holds only fontconfig's fc-list/fc-scan and kpsewhich: no xelatex, no pdftoppm."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-list", "fc-scan", "kpsewhich"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} is not installed")
        (bin_dir / tool).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def by_name(report: doc.Report) -> dict[str, doc.Check]:
    return {c.name: c for c in report.checks}


def test_healthy_on_this_machine(tmp_path):
    report = doc.diagnose(tmp_path / "out")
    assert report.healthy, [(c.name, c.detail, c.fix) for c in report.problems]
    checks = by_name(report)
    assert list(checks) == ["xelatex", *doc.LATEX_PACKAGES, *FONT_CHECKS, "pdftoppm", "preloaded TeX format",
                            f"output folder {tmp_path / 'out'}"]
    assert "XeTeX" in checks["xelatex"].detail and checks["xelatex"].detail.startswith(shutil.which("xelatex"))
    assert checks["xeCJK.sty"].detail.endswith("/xeCJK.sty")
    for name in ("font Noto Serif CJK SC", "font Noto Sans CJK SC", "font Noto Serif CJK TC", "font Noto Sans CJK TC"):
        detail = checks[name].detail
        if ".ttc" in detail:  # a collection: the SC/TC face, never face 0 (the JP design)
            assert "(face 0)" not in detail and "(face " in detail
    assert checks[f"output folder {tmp_path / 'out'}"].detail == "will be created"
    assert not (tmp_path / "out").exists(), "doctor creates nothing"


def test_missing_font_awesome_is_a_problem_with_its_fix(tmp_path, monkeypatch):
    import cvtool.fonts

    (tmp_path / "fontawesome").mkdir()
    (tmp_path / "fontawesome" / "fa-solid-900.ttf").write_bytes(b"")
    monkeypatch.setattr(cvtool.fonts, "fonts_dir", lambda: tmp_path)
    check = doc.check_icon_fonts()
    assert not check.ok and not check.optional
    assert "fa-brands-400.ttf not in" in check.detail and "fa-solid" not in check.detail
    assert check.fix and "modern theme" in check.fix


def test_healthy_command_prints_one_ok_line_per_check_and_exits_0(tmp_path):
    result = runner.invoke(app, ["doctor", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(doc.diagnose(tmp_path).checks) + 1
    assert all(line.startswith("ok ") for line in lines[:-1])
    assert lines[-1].startswith("ready")
    assert "fix:" not in result.output


def test_missing_xelatex_fails_with_the_install_command(bare_path, tmp_path):
    report = doc.diagnose(tmp_path)
    checks = by_name(report)
    assert not report.healthy
    assert [c.name for c in report.problems] == ["xelatex"]
    assert "not found" in checks["xelatex"].detail
    assert "apt-get install texlive-xetex" in checks["xelatex"].fix and "make setup" in checks["xelatex"].fix
    # kpsewhich and fontconfig still answer
    assert all(checks[sty].ok for sty in doc.LATEX_PACKAGES)
    assert all(checks[name].ok for name in FONT_CHECKS)
    # pdftoppm is missing too, but it is optional
    assert not checks["pdftoppm"].ok and checks["pdftoppm"].optional
    assert "apt-get install poppler-utils" in checks["pdftoppm"].fix


def test_missing_xelatex_command_prints_missing_and_the_fix_and_exits_1(bare_path, tmp_path):
    result = runner.invoke(app, ["doctor", "--out", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.split()[:2] == ["MISSING", "xelatex"] for line in lines)
    fixes = [line for line in lines if line.startswith("fix (debian): ")]
    assert len(fixes) == 1 and "apt-get install texlive-xetex" in fixes[0], "the fix is printed once"
    assert result.output.count("apt-get install") == 2  # the fix, and the optional one for pdftoppm
    assert any(line.startswith("optional (debian): ") and "poppler-utils" in line for line in lines)
    assert any(line.startswith("MISSING (optional)") and "pdftoppm" in line for line in lines)
    assert "not ready: 1 problem" in result.output
    assert sum(line.startswith("ok ") for line in lines) == len(doc.LATEX_PACKAGES) + len(FONT_CHECKS) + 1


def test_without_kpsewhich_every_package_check_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    checks = doc.check_latex_packages()
    assert [c.name for c in checks] == list(doc.LATEX_PACKAGES)
    assert not any(c.ok for c in checks)
    assert "texlive-lang-chinese" in checks[1].fix and "texlive-xetex" in checks[1].fix


def test_a_missing_package_names_its_debian_package(monkeypatch):
    real = doc.subprocess.run

    def without_xecjk(cmd, **kwargs):
        proc = real(cmd, **kwargs)
        proc.stdout = "\n".join(line for line in proc.stdout.splitlines() if not line.endswith("xeCJK.sty"))
        return proc

    monkeypatch.setattr(doc.subprocess, "run", without_xecjk)
    checks = {c.name: c for c in doc.check_latex_packages()}
    assert not checks["xeCJK.sty"].ok and "apt-get install texlive-lang-chinese" in checks["xeCJK.sty"].fix
    assert checks["fontspec.sty"].ok


def test_cjk_font_on_face_0_of_a_collection_is_refused(monkeypatch):
    from cvtool import fonts

    def faces(family):
        suffix = ".ttc" if "CJK" in family else ".ttf"
        return {"Regular": (f"/usr/share/fonts/{family.replace(' ', '')}-Regular{suffix}", 0)}

    monkeypatch.setattr(fonts, "system_faces", faces)
    monkeypatch.setattr(fonts, "local_fonts", lambda directory: {})
    checks = {c.name: c for c in doc.check_fonts()}
    assert checks["font Noto Serif"].ok, "face 0 of a single-face font is right"
    for name in ("font Noto Serif CJK SC", "font Noto Sans CJK SC"):
        assert not checks[name].ok and "face 0" in checks[name].detail
        assert "fonts-noto-cjk" in checks[name].fix


def test_missing_fonts_name_their_packages(monkeypatch):
    from cvtool import fonts

    monkeypatch.setattr(fonts, "system_faces", lambda family: {})
    monkeypatch.setattr(fonts, "local_fonts", lambda directory: {})
    checks = {c.name: c for c in doc.check_fonts()}
    assert "apt-get install fonts-noto-core" in checks["font Noto Serif"].fix
    assert "apt-get install fonts-noto-cjk" in checks["font Noto Sans CJK SC"].fix
    assert "fonts/" in checks["font Noto Sans CJK SC"].fix


def test_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    check = doc.check_output(blocker)
    assert not check.ok and "is a file" in check.detail and "--out" in check.fix
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_output_folder_that_is_read_only(tmp_path):
    locked = tmp_path / "out"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        check = doc.check_output(locked)
        assert not check.ok and "not writable" in check.detail and check.fix == f"chmod u+w {locked}"
        check = doc.check_output(locked / "deeper" / "out")
        assert not check.ok and "cannot be created" in check.detail
    finally:
        locked.chmod(0o700)


def test_existing_writable_output_folder_is_ok_and_left_clean(tmp_path):
    check = doc.check_output(tmp_path)
    assert check.ok and check.detail == "writable"
    assert list(tmp_path.iterdir()) == []


def test_apt_install_prefix_depends_on_root(monkeypatch):
    monkeypatch.setattr(doc.os, "geteuid", lambda: 1000)
    assert doc.apt_install("poppler-utils") == "sudo apt-get install poppler-utils   (or: make setup)"
    monkeypatch.setattr(doc.os, "geteuid", lambda: 0)
    assert doc.apt_install("a", "b", "a", alternative="") == "apt-get install a b"


@pytest.mark.tex
def test_the_preloaded_format_is_reported_before_and_after_it_is_built(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = doc.check_preloaded_format()
    assert before.ok and before.detail.startswith("not built yet")
    from pdftools import MINIMAL, build_text

    build_text(MINIMAL, tmp_path, langs=("en",))
    after = doc.check_preloaded_format()
    assert after.ok and after.detail.endswith("cvtool.fmt") and str(tmp_path / "cache") in after.detail


def test_an_unwritable_format_cache_is_reported_with_the_fix(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    check = doc.check_preloaded_format()
    assert not check.ok and check.optional and "cannot be written" in check.detail
    assert "XDG_CACHE_HOME" in check.fix


def test_a_failed_dump_is_reported_with_its_log(tmp_path, monkeypatch):
    from cvtool.latex import preload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(preload, "state", lambda *args: ("failed", tmp_path / "k.log"))
    check = doc.check_preloaded_format()
    assert not check.ok and check.optional and "the last dump failed" in check.detail and "k.log" in check.detail


def test_state_reports_a_failed_dump_until_what_it_read_changes(tmp_path, monkeypatch):
    from cvtool.latex import preload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    style = tmp_path / "cvtool.sty"
    style.write_text("%", encoding="utf-8")
    xelatex = shutil.which("sh")  # any binary: the key stats it
    assert preload.state("x", [style], xelatex) == ("absent", None)
    key = preload.format_key("x", [style], xelatex)
    preload.cache_root().mkdir(parents=True)
    preload._write(preload.cache_root() / f"{key}.failed", f"{preload._HEADER}\nfile 1:1 {style}\n")
    assert preload.state("x", [style], xelatex) == ("absent", None)  # the file differs: worth a new try
    st = style.stat()
    preload._write(preload.cache_root() / f"{key}.failed", f"{preload._HEADER}\nfile {st.st_size}:{st.st_mtime_ns} {style}\n")
    assert preload.state("x", [style], xelatex) == ("failed", None)  # no log kept
    monkeypatch.setattr(preload, "template_preamble", lambda template: "x")
    (tmp_path / "cv.tex.j2").write_text("", encoding="utf-8")
    monkeypatch.setattr("cvtool.latex.templates.templates_dir", lambda: tmp_path)  # holds cvtool.sty
    monkeypatch.setattr(doc.shutil, "which", lambda name: xelatex if name == "xelatex" else None)
    check = doc.check_preloaded_format()
    assert not check.ok and check.detail.startswith("the last dump failed:")
