"""How to install what cvtool needs, on the machine it runs on: one command per installer for
everything missing, never one line per missing file.

`detect` looks at the operating system (and on Linux, /etc/os-release) and at which TeX runs
`xelatex`: the distribution's TeX Live, a TeX Live from TUG (MacTeX is one; `tlmgr` manages
it), or MiKTeX. What is needed is named by requirement: `xelatex`, `kpsewhich`, a LaTeX file
(`xeCJK.sty`), a font role (`font:cjk_main`, see `fonts.ROLES`), `pdftoppm`, `fc-list`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cvtool.fonts import FALLBACK_ROLES, ROLES

# The Debian package that provides each file (texlive-lang-chinese pulls in xeCJK's texlive-lang-cjk).
DEBIAN = {
    "xelatex": "texlive-xetex", "kpsewhich": "texlive-xetex", "fontspec.sty": "texlive-latex-recommended",
    "xeCJK.sty": "texlive-lang-chinese", "needspace.sty": "texlive-latex-extra", "enumitem.sty": "texlive-latex-extra",
    "hyperref.sty": "texlive-latex-base", "xcolor.sty": "texlive-latex-recommended", "geometry.sty": "texlive-latex-base",
    "amsmath.sty": "texlive-latex-base", "unicode-math.sty": "texlive-latex-recommended",
    "pdftoppm": "poppler-utils", "fc-list": "fontconfig",
    **{f"font:{role.name}": role.package for role in (*ROLES, *FALLBACK_ROLES)},  # named in fonts.py
}
# Fedora's TeX Live packages provide tex(<file>), so a LaTeX file is installed by its name.
FEDORA = {
    "xelatex": "texlive-xetex", "kpsewhich": "texlive-kpathsea", "font:main": "google-noto-serif-fonts",
    "font:sans": "google-noto-sans-fonts", "font:cjk_main": "google-noto-serif-cjk-fonts",
    "font:cjk_sans": "google-noto-sans-cjk-fonts", "font:math": "texlive-tex-gyre-math",
    "pdftoppm": "poppler-utils", "fc-list": "fontconfig",
}
ARCH = {
    "xelatex": "texlive-xetex", "kpsewhich": "texlive-bin", "xeCJK.sty": "texlive-langchinese",
    "needspace.sty": "texlive-latexextra", "enumitem.sty": "texlive-latexextra", "font:main": "noto-fonts",
    "font:sans": "noto-fonts", "font:cjk_main": "noto-fonts-cjk", "font:cjk_sans": "noto-fonts-cjk",
    "font:math": "texlive-fontsextra", "pdftoppm": "poppler", "fc-list": "fontconfig",
}
# TeX Live's own package names (tlmgr; MiKTeX uses the same ones for these).
TEX_PACKAGE = {
    "xelatex": "xetex", "kpsewhich": "kpathsea", "fontspec.sty": "fontspec", "xeCJK.sty": "xecjk",
    "needspace.sty": "needspace", "enumitem.sty": "enumitem", "hyperref.sty": "hyperref", "xcolor.sty": "xcolor",
    "geometry.sty": "geometry", "amsmath.sty": "amsmath", "unicode-math.sty": "unicode-math",
    "font:math": "tex-gyre-math",
}
BREW_CASK = {
    "font:main": "font-noto-serif", "font:sans": "font-noto-sans", "font:cjk_main": "font-noto-serif-cjk-sc",
    "font:cjk_sans": "font-noto-sans-cjk-sc",
}
NOTO = "https://fonts.google.com/noto (Noto Serif, Noto Sans, Noto Serif SC, Noto Sans SC)"


@dataclass(frozen=True)
class Platform:
    name: str  # debian | fedora | arch | linux (another distribution) | macos | windows
    tex: str  # none | system (the distribution's TeX Live) | tug (TeX Live from TUG: tlmgr) | miktex
    root: bool = False
    checkout: bool = False  # running from a checkout of cvtool, where `make setup` installs everything

    @property
    def sudo(self) -> str:
        return "" if self.root or self.name == "windows" else "sudo "


def detect(*, system: str | None = None, os_release: Path = Path("/etc/os-release"),
           which: Callable[[str], str | None] = shutil.which, root: bool | None = None) -> Platform:
    """This machine (every argument can be faked, for tests)."""
    system = system or sys.platform
    if system.startswith("win"):
        name = "windows"
    elif system == "darwin":
        name = "macos"
    else:
        name = _distribution(os_release)
    if root is None:
        root = hasattr(os, "geteuid") and os.geteuid() == 0
    checkout = (Path(__file__).resolve().parent.parent / "Makefile").is_file()
    return Platform(name, _tex(which), root, checkout)


def _distribution(os_release: Path) -> str:
    try:
        fields = dict(line.split("=", 1) for line in os_release.read_text(encoding="utf-8").splitlines() if "=" in line)
    except OSError:
        return "linux"
    ids = {fields.get("ID", "").strip('"'), *fields.get("ID_LIKE", "").strip('"').split()}
    for family, members in (("debian", {"debian", "ubuntu"}), ("fedora", {"fedora", "rhel", "centos"}),
                            ("arch", {"arch", "manjaro"})):
        if ids & members:
            return family
    return "linux"


def _tex(which: Callable[[str], str | None]) -> str:
    xelatex = which("xelatex")
    if xelatex is None:
        return "none"
    real = os.path.realpath(xelatex).replace("\\", "/").lower()
    if "miktex" in real:
        return "miktex"
    if "/texlive/20" in real or "/library/tex/" in real:
        return "tug"
    return "system"


def install_commands(platform: Platform, needs: Iterable[str]) -> list[str]:
    """The commands that install every requirement in `needs` here: one per installer (and one
    line naming the fonts this platform has no package name for)."""
    needs = list(dict.fromkeys(needs))
    known = {"debian": DEBIAN, "fedora": FEDORA, "arch": ARCH, "macos": {**BREW_CASK, **TEX_PACKAGE}}.get(platform.name)
    unnamed = [n for n in needs if known is not None and n.startswith("font:") and n not in known]
    if unnamed:
        families = ", ".join(n.removeprefix("font:") for n in unnamed)
        rest = [n for n in needs if n not in unnamed]
        return install_commands(platform, rest) + [f"install the fonts {families}, or put their files in fonts/"]
    tex = [n for n in needs if n in ("xelatex", "kpsewhich") or n.endswith(".sty")]
    rest = [n for n in needs if n not in tex]
    if platform.tex in ("tug", "miktex") and "xelatex" not in tex:
        tex_lines = _tex_packages(platform, tex)  # TeX is there: add packages with its own manager
        rest_lines = _system_packages(platform, rest)
        return tex_lines + rest_lines
    return _system_packages(platform, needs)


def _tex_packages(platform: Platform, needs: list[str]) -> list[str]:
    names = " ".join(dict.fromkeys(TEX_PACKAGE.get(n, n.removesuffix(".sty").lower()) for n in needs))
    if not names:
        return []
    if platform.tex == "miktex":
        return [f"miktex packages install {names}"]
    return [f"{platform.sudo}tlmgr install {names}"]


def _system_packages(platform: Platform, needs: list[str]) -> list[str]:
    if not needs:
        return []
    if platform.name == "debian":
        line = f"{platform.sudo}apt-get install {' '.join(dict.fromkeys(DEBIAN[n] for n in needs if n in DEBIAN))}"
        return [line + ("   (or: make setup)" if platform.checkout else "")]
    if platform.name == "fedora":
        names = [FEDORA.get(n, f"'tex({n})'") for n in needs]
        return [f"{platform.sudo}dnf install {' '.join(dict.fromkeys(names))}"]
    if platform.name == "arch":
        names = [ARCH.get(n, "texlive-latexextra" if n.endswith(".sty") else n) for n in needs]
        return [f"{platform.sudo}pacman -S --needed {' '.join(dict.fromkeys(names))}"]
    if platform.name == "macos":
        return _macos(platform, needs)
    if platform.name == "windows":
        return _windows(needs)
    return _elsewhere(platform, needs)


def _macos(platform: Platform, needs: list[str]) -> list[str]:
    lines = []
    tex = [n for n in needs if n in TEX_PACKAGE and not n.startswith("font:")]
    if "xelatex" in tex:
        lines.append("brew install --cask basictex   (or the full TeX Live: brew install --cask mactex-no-gui)")
        tex = [n for n in TEX_PACKAGE if n.endswith(".sty")] + (["font:math"] if "font:math" in needs else [])
    if tex or "font:math" in needs:
        lines += _tex_packages(Platform("macos", "tug", platform.root), tex or ["font:math"])
    casks = [BREW_CASK[n] for n in needs if n in BREW_CASK]
    if casks:
        lines.append(f"brew install --cask {' '.join(dict.fromkeys(casks))}")
    tools = [{"pdftoppm": "poppler", "fc-list": "fontconfig"}[n] for n in needs if n in ("pdftoppm", "fc-list")]
    if tools:
        lines.append(f"brew install {' '.join(tools)}")
    return lines


def _windows(needs: list[str]) -> list[str]:
    lines = []
    if "xelatex" in needs:
        lines.append("winget install MiKTeX.MiKTeX   (it installs missing LaTeX packages on first use)")
    elif any(n.endswith(".sty") for n in needs):
        lines += _tex_packages(Platform("windows", "miktex"), [n for n in needs if n.endswith(".sty")])
    if any(n.startswith("font:") for n in needs):
        lines.append(f"install the fonts from {NOTO}, or put their files in fonts/")
    if "pdftoppm" in needs:
        lines.append("winget install oschwartz10612.Poppler")
    return lines


def _elsewhere(platform: Platform, needs: list[str]) -> list[str]:
    lines = []
    if any(n in TEX_PACKAGE for n in needs):
        lines.append("install TeX Live from https://tug.org/texlive/ (or your distribution's texlive-xetex), then: "
                     + _tex_packages(Platform(platform.name, "tug", platform.root), [n for n in needs if n in TEX_PACKAGE])[0])
    if any(n.startswith("font:") for n in needs):
        lines.append(f"install the Noto fonts from your distribution or {NOTO}, or put their files in fonts/")
    tools = [n for n in needs if n in ("pdftoppm", "fc-list")]
    if tools:
        lines.append("install " + " and ".join({"pdftoppm": "poppler (pdftoppm)", "fc-list": "fontconfig (fc-list)"}[n]
                                                for n in tools) + " from your distribution")
    return lines
