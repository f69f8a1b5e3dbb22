"""The one place that says how to install what cvtool needs (Debian/Ubuntu package names).

scripts/ensure-tex.sh installs the same packages; every "missing" message quotes these.
"""

from __future__ import annotations

import os

TEX_PACKAGES = ("texlive-xetex", "texlive-lang-chinese", "texlive-latex-recommended", "texlive-latex-extra")
FONT_PACKAGES = ("fonts-noto-core", "fonts-noto-cjk", "fonts-texgyre-math", "fonts-hanazono", "fonts-symbola")
PREVIEW_PACKAGES = ("poppler-utils",)


def apt_install(*packages: str, alternative: str = "make setup") -> str:
    """`sudo apt-get install …` (without sudo for root), and the project's own set-up command."""
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    text = f"{sudo}apt-get install {' '.join(dict.fromkeys(packages))}"
    return f"{text}   (or: {alternative})" if alternative else text
