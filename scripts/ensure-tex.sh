#!/usr/bin/env bash
# Install what cvtool needs from Debian, only if something is missing: XeLaTeX with the LaTeX
# packages the templates use, the Noto fonts (Latin + CJK SC), a math font (TeX Gyre Schola Math,
# 2 MB, matches Noto Serif), fallback fonts so that every character prints (HanaMin: CJK
# Extension B and beyond, 22 MB; Symbola: monochrome emoji, 1.3 MB), and poppler (PNG previews).
set -euo pipefail

PACKAGES=(texlive-xetex texlive-lang-chinese texlive-latex-recommended texlive-latex-extra
          texlive-fonts-recommended fonts-noto-core fonts-noto-cjk fonts-texgyre-math
          fonts-hanazono fonts-symbola poppler-utils fontconfig)

missing=()
command -v xelatex >/dev/null 2>&1 || missing+=(xelatex)
command -v pdftoppm >/dev/null 2>&1 || missing+=(pdftoppm)
if command -v kpsewhich >/dev/null 2>&1; then
  for sty in fontspec.sty xeCJK.sty needspace.sty enumitem.sty hyperref.sty xcolor.sty geometry.sty amsmath.sty unicode-math.sty; do
    [ -n "$(kpsewhich "$sty")" ] || missing+=("$sty")
  done
fi
if command -v fc-list >/dev/null 2>&1; then
  for family in "Noto Serif" "Noto Sans" "Noto Serif CJK SC" "Noto Sans CJK SC" "TeX Gyre Schola Math" HanaMinB Symbola; do
    [ -n "$(fc-list ":family=$family" family)" ] || missing+=("font:$family")
  done
else
  missing+=(fc-list)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "cvtool setup: missing ${missing[*]}; installing: ${PACKAGES[*]}" >&2
bash "$(dirname "$0")/apt-install.sh" "${PACKAGES[@]}"
fc-cache -f >/dev/null 2>&1 || true
