"""The built-in themes: a name, a one-line description, and the design defaults the theme brings.

A theme is a folder of template partials under `latex_templates/themes/<name>/` that override the
shared ones in `latex_templates/partials/`; a partial the theme does not override is shared. The
defaults here sit below everything the CV's `design:` blocks and the command line say.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    defaults: dict[str, object] = field(default_factory=dict)


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("classic", "Academic serif: dark-blue headings, dates in a right column, labelled publications."),
        Theme(
            "modern",
            "Sans serif with an accent colour, a centred header with icons, and coloured section rules.",
            {"font": "sans", "accent": "#0F6E8C", "icons": True, "stamp": "footer"},
        ),
        Theme(
            "dense",
            "Compact serif for long publication lists: 10 pt type, narrow margins, thin rules, tight lists.",
            {"font_size": 10.0, "margins": 1.4, "accent": "#1D3557"},
        ),
    )
}
DEFAULT_THEME = "classic"


def known(name: str) -> bool:
    return name in THEMES


def names() -> list[str]:
    return list(THEMES)
