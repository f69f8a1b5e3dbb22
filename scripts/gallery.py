"""`make gallery`: render cv.yaml in every theme and language, and put the first page of each, as a
PNG, in docs/gallery/ and in the README's gallery table (between its gallery markers).

Run from the repository root with the project's Python (.venv/bin/python scripts/gallery.py).
The stamp is fixed so the images change only when the look does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "gallery"
README = ROOT / "README.md"
START, END = "<!-- gallery:start (make gallery writes this table) -->", "<!-- gallery:end -->"
LANGS = ("en", "zh")
STAMP = "2026-11"


def render(theme: str, build: Path) -> None:
    cvtool = Path(sys.executable).parent / "cvtool"
    subprocess.run([str(cvtool), "render", str(ROOT / "cv.yaml"), "--theme", theme, "--lang", ",".join(LANGS),
                    "--variant", "all", "--updated", STAMP, "--out", str(build), "--quiet"], check=True)


def snapshot(pdf: Path, png: Path) -> None:
    """The first page, 560 pixels wide at most (enough to judge a layout, small enough to commit)."""
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to", "560", str(pdf),
                    str(png.with_suffix(""))], check=True)


def table(themes: list[tuple[str, str]]) -> str:
    header = "| theme | " + " | ".join(f"{lang} full · {lang} one page" for lang in LANGS) + " |"
    rows = [header, "|---" * (1 + len(LANGS)) + "|"]
    for name, description in themes:
        cells = [f"**{name}**<br>{description}"]
        for lang in LANGS:
            images = [f"![{name} {lang} {v}](docs/gallery/{name}-{lang}-{v}.png)" for v in ("full", "short")]
            cells.append(" ".join(images))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from cvtool.themes import THEMES

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cvtool-gallery-") as tmp:
        for name in THEMES:
            build = Path(tmp) / name
            render(name, build)
            for pdf in sorted(build.glob("*.pdf")):
                lang, variant = pdf.stem.split("-")[-2:]
                snapshot(pdf, OUT / f"{name}-{lang}-{variant}.png")
    text = README.read_text(encoding="utf-8")
    block = f"{START}\n{table([(t.name, t.description) for t in THEMES.values()])}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        sys.exit(f"{README}: no gallery markers ({START} … {END}); add them where the gallery goes")
    README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
    print(f"wrote {len(list(OUT.glob('*.png')))} images to {OUT.relative_to(ROOT)} and the README table")


if __name__ == "__main__":
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm is missing: make setup installs poppler-utils")
    main()
