r"""The design's TeX: the lines after `\cvpreambleend` that turn a `Design` into switches of
cvtool.sty. They come after the preloaded preamble, so one format serves every design."""

from __future__ import annotations

from cvtool.design import PAPER_TEX, Design
from cvtool.icons import icon_fonts_tex

_LABELS = {"plain": "", "brackets": r"\cvbracketlabels", "none": r"\cvnolabels"}


def _flag(name: str, on: bool) -> str:
    return rf"\cv{name}{'true' if on else 'false'}"


def design_tex(design: Design) -> str:
    """Paper, accent colour, font families and the layout switches; every value is from a closed
    set or a validated #RRGGBB, so nothing here needs escaping."""
    lines = [
        rf"\geometry{{{PAPER_TEX[design.paper]}}}",
        rf"\definecolor{{cvaccent}}{{HTML}}{{{design.accent.lstrip('#')}}}",
        _flag("datecolumn", design.date_column),
        _flag("pagenumbers", design.page_numbers),
        _flag("stampheader", design.stamp == "header"),
        _flag("stampfooter", design.stamp == "footer"),
    ]
    if design.font == "sans":
        lines.append(r"\renewcommand\familydefault{\sfdefault}")
    if design.cjk_font == "sans":
        lines.append(r"\renewcommand\CJKfamilydefault{\CJKsfdefault}")
    if _LABELS[design.label_style]:
        lines.append(_LABELS[design.label_style])
    if design.icons:
        lines.append(icon_fonts_tex())
    return "\n".join(lines)
