"""`cvtool doctor` per platform, in faked environments: which system and which TeX it finds,
and the one install command (per installer) it prints for everything missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool import doctor
from cvtool.cli import app
from cvtool.platforms import Platform, detect, install_commands

EVERYTHING = ["xelatex", "kpsewhich", *doctor.LATEX_PACKAGES, "font:main", "font:sans", "font:cjk_main", "font:cjk_sans",
              "font:math", "fc-list"]


def _release(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "os-release"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("os_release", "name"), [
    ('ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n', "debian"),
    ("ID=debian\n", "debian"),
    ("ID=fedora\n", "fedora"),
    ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "fedora"),
    ("ID=arch\n", "arch"),
    ("ID=alpine\n", "linux"),
])
def test_the_linux_distribution_is_read_from_os_release(tmp_path, os_release, name):
    found = detect(system="linux", os_release=_release(tmp_path, os_release), which=lambda tool: None, root=False)
    assert found == Platform(name, "none", False, found.checkout)
    assert detect(system="linux", os_release=tmp_path / "absent", which=lambda tool: None).name == "linux"


@pytest.mark.parametrize(("xelatex", "tex"), [
    ("/usr/bin/xelatex", "system"),
    ("/usr/local/texlive/2025/bin/x86_64-linux/xelatex", "tug"),
    ("/Library/TeX/texbin/xelatex", "tug"),
    ("C:\\Program Files\\MiKTeX\\miktex\\bin\\x64\\xelatex.exe", "miktex"),
])
def test_which_tex_runs_xelatex(xelatex, tex):
    assert detect(system="linux", which=lambda tool: xelatex if tool == "xelatex" else None).tex == tex
    assert detect(system="darwin", which=lambda tool: None).name == "macos"
    assert detect(system="win32", which=lambda tool: None).name == "windows"


def test_debian_one_apt_line_for_everything_and_sudo_only_when_not_root():
    [line] = install_commands(Platform("debian", "none"), EVERYTHING + ["pdftoppm"])
    assert line.startswith("sudo apt-get install texlive-xetex ") and line.count("apt-get") == 1
    for package in ("texlive-lang-chinese", "texlive-latex-extra", "fonts-noto-cjk", "fonts-texgyre-math", "poppler-utils"):
        assert package in line
    assert install_commands(Platform("debian", "none", root=True), ["pdftoppm"]) == ["apt-get install poppler-utils"]


def test_fedora_installs_latex_files_by_name_and_the_noto_packages():
    [line] = install_commands(Platform("fedora", "none"), EVERYTHING)
    assert line.startswith("sudo dnf install texlive-xetex ")
    assert "'tex(xeCJK.sty)'" in line and "'tex(unicode-math.sty)'" in line
    assert "google-noto-serif-cjk-fonts" in line and "google-noto-sans-fonts" in line


def test_arch_uses_pacman():
    [line] = install_commands(Platform("arch", "none"), EVERYTHING)
    assert line.startswith("sudo pacman -S --needed texlive-xetex ") and "noto-fonts-cjk" in line


def test_macos_basictex_then_tlmgr_then_font_casks_then_poppler():
    lines = install_commands(Platform("macos", "none"), EVERYTHING + ["pdftoppm"])
    assert lines[0].startswith("brew install --cask basictex")
    assert lines[1].startswith("sudo tlmgr install ") and " xecjk " in lines[1] + " " and "unicode-math" in lines[1]
    assert lines[2] == ("brew install --cask font-noto-serif font-noto-sans font-noto-serif-cjk-sc "
                        "font-noto-sans-cjk-sc")
    assert lines[3] == "brew install fontconfig poppler"
    assert len(lines) == 4


def test_a_tex_live_from_tug_gets_packages_from_tlmgr_and_the_rest_from_the_system():
    lines = install_commands(Platform("debian", "tug"), ["xeCJK.sty", "needspace.sty", "font:cjk_main"])
    assert lines == ["sudo tlmgr install xecjk needspace", "sudo apt-get install fonts-noto-cjk"]


def test_windows_miktex():
    lines = install_commands(Platform("windows", "none"), EVERYTHING + ["pdftoppm"])
    assert lines[0].startswith("winget install MiKTeX.MiKTeX")
    assert "fonts.google.com/noto" in lines[1] and "fonts/" in lines[1]
    assert lines[2] == "winget install oschwartz10612.Poppler"
    assert install_commands(Platform("windows", "miktex"), ["xeCJK.sty"]) == ["miktex packages install xecjk"]


def test_another_linux_is_pointed_to_tex_live_and_the_noto_fonts():
    lines = install_commands(Platform("linux", "none"), ["xelatex", "xeCJK.sty", "font:main"])
    assert "https://tug.org/texlive/" in lines[0] and "tlmgr install xetex xecjk" in lines[0]
    assert "Noto" in lines[1]


def test_the_doctor_command_prints_the_fix_of_the_faked_platform_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing at all: no TeX, no fontconfig, no poppler
    monkeypatch.setattr(doctor, "detect", lambda: Platform("fedora", "none"))
    result = CliRunner().invoke(app, ["doctor", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    fixes = [line for line in result.output.splitlines() if line.startswith("fix (fedora): ")]
    assert len(fixes) == 1 and "dnf install" in fixes[0] and "'tex(xeCJK.sty)'" in fixes[0]
    assert "apt-get" not in result.output
    assert result.output.count("dnf install") == 2  # the fix, and the optional one for pdftoppm
