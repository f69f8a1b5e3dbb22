"""The `design:` block: how a CV looks, kept apart from what it says.

A CV's design is built from layers, later ones winning field by field: the theme's defaults, the
file's `design:`, the variant's `design:`, the profile's `design:`, then the command line
(`--theme`, `--paper`). Every layer is a `DesignSpec` whose unset fields defer to the layer below;
`resolve` turns the stack into a `Design` with every value decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cvtool.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from cvtool.model import CV

Paper = Literal["a4", "letter"]
Family = Literal["serif", "sans"]
Stamp = Literal["header", "footer", "off"]
LabelStyle = Literal["plain", "brackets", "none"]

# Page sizes in PostScript points (the unit PDF page boxes use).
PAPER_PT: dict[str, tuple[float, float]] = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
PAPER_TEX = {"a4": "a4paper", "letter": "letterpaper"}

_HEX = re.compile(r"#?([0-9A-Fa-f]{6})\Z")


class DesignSpec(BaseModel):
    """One layer of design choices; a field left out keeps the value of the layer below."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str | None = Field(
        default=None, description="Theme name; `cvtool themes` lists them.", json_schema_extra={"enum": [*THEMES, None]}
    )
    paper: Paper | None = Field(default=None, description="a4 (default) or letter (612 × 792 pt).")
    font_size: float | None = Field(default=None, ge=9.0, le=12.0, description="Body size in pt.")
    margins: float | None = Field(default=None, ge=0.8, le=3.5, description="Page margins in cm.")
    accent: str | None = Field(default=None, description="Accent colour as #RRGGBB (headings, links).")
    font: Family | None = Field(default=None, description="Latin type: serif or sans.")
    cjk_font: Family | None = Field(default=None, description="Chinese type: serif or sans (default: as `font`).")
    date_column: bool | None = Field(default=None, description="Dates in a right-hand column (else after the heading).")
    stamp: Stamp | None = Field(default=None, description="Where the 'Updated …' stamp goes: header, footer or off.")
    page_numbers: bool | None = Field(default=None, description="Page numbers in the footer of multi-page CVs.")
    label_style: LabelStyle | None = Field(
        default=None, description="Publication labels: plain (C8.), brackets ([C8]) or none."
    )
    icons: bool | None = Field(default=None, description="Font Awesome icons before the header's contacts and links.")

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str | None) -> str | None:
        if value is not None and value not in THEMES:
            raise ValueError(f"unknown theme {value!r}; expected one of: {', '.join(THEMES)} (see `cvtool themes`)")
        return value

    @field_validator("accent")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        if value is None:
            return None
        found = _HEX.match(value.strip())
        if not found:
            raise ValueError(f"accent {value!r} is not a colour; write it as #RRGGBB, e.g. #1F5A96")
        return "#" + found.group(1).upper()

    def set_fields(self) -> dict[str, object]:
        """Only the fields this layer decides."""
        return {name: value for name, value in self.model_dump().items() if value is not None}


@dataclass(frozen=True)
class Design:
    """Every design choice decided; what the templates and the preamble read."""

    theme: str = "classic"
    paper: Paper = "a4"
    font_size: float = 11.0
    margins: float = 1.8
    accent: str = "#163A68"
    font: Family = "serif"
    cjk_font: Family = "serif"
    date_column: bool = True
    stamp: Stamp = "header"
    page_numbers: bool = True
    label_style: LabelStyle = "plain"
    icons: bool = False

    @property
    def page_pt(self) -> tuple[float, float]:
        return PAPER_PT[self.paper]


def resolve(*layers: DesignSpec | None) -> Design:
    """Stack `layers` (lowest first) on the defaults of the theme the highest layer names.

    A layer that picks the Latin `font` but not `cjk_font` gets the matching Chinese face too:
    a sans Latin face beside a serif Chinese one looks patched together."""
    stack = [layer for layer in layers if layer is not None]
    theme = next((layer.theme for layer in reversed(stack) if layer.theme), DEFAULT_THEME)
    values = {f.name: getattr(Design(), f.name) for f in fields(Design)}
    for decided in [dict(THEMES[theme].defaults)] + [layer.set_fields() for layer in stack]:
        if "font" in decided and "cjk_font" not in decided:
            decided["cjk_font"] = decided["font"]
        values.update(decided)
    values["theme"] = theme
    return Design(**values)


def design_for(cv: CV, variant: str, profile: str | None, override: DesignSpec | None = None) -> Design:
    """The design of one PDF: the file's, then its variant's and profile's, then `override` (the
    command line). `layout.font_size`, the older place for the size, sits below them all."""
    legacy = DesignSpec(font_size=cv.layout.font_size) if "font_size" in cv.layout.model_fields_set else None
    chosen_variant = cv.variants.get(variant)  # type: ignore[call-overload]
    chosen_profile = cv.profiles.get(profile) if profile else None
    return resolve(
        legacy,
        cv.design,
        chosen_variant.design if chosen_variant else None,
        chosen_profile.design if chosen_profile else None,
        override,
    )


def cli_design(pairs: tuple[tuple[str, str], ...]) -> DesignSpec | None:
    """The command line's (field, value) pairs as the top design layer; a bad value is a CvError."""
    if not pairs:
        return None
    from pydantic import ValidationError

    from cvtool.errors import CvError

    try:
        return DesignSpec.model_validate(dict(pairs))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise CvError(f"--{first['loc'][0]}: {first['msg'].removeprefix('Value error, ')}") from None
