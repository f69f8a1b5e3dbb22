"""Typography as numbers: the knobs the one-page fitter may turn, turned into preamble values."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cvtool.model import DEFAULT_MARGIN_CM


@dataclass(frozen=True)
class Typography:
    size: float = 11.0  # body size in pt
    margin_cm: float = DEFAULT_MARGIN_CM
    spacing: float = 1.0  # factor on the vertical space between sections and entries
    page_cm: tuple[float, float] = (21.0, 29.7)  # the paper (width, height): A4 unless the design says letter

    def tightened(self, size: float, margin_cm: float, spacing: float) -> Typography:
        return replace(self, size=size, margin_cm=margin_cm, spacing=spacing)

    def describe(self) -> str:
        return f"{self.size:g}pt type, {self.margin_cm:g} cm margins, {self.spacing:.0%} spacing"

    def tex(self, variant: str) -> dict[str, str]:
        s = self.size
        sizes = [s, s * 1.24, s * 0.91, s * 0.82, s * 1.18, s * 2.05]
        skips = [8.0 * self.spacing, 4.0 * self.spacing]
        args = "".join(f"{{{v:.2f}pt}}" for v in sizes) + "".join(f"{{{v:.2f}pt}}" for v in skips)
        margin = f"{self.margin_cm:.2f}cm"
        full = variant != "short"
        return {
            "margin": margin,
            "top": margin,
            "bottom": f"{self.margin_cm + (0.5 if full else 0):.2f}cm",
            "footskip": "0.9cm" if full else "0.3cm",
            "sizes": args,
            "pagestyle": "cvfull" if full else "cvshort",
        }
