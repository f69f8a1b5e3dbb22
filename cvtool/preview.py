"""PNG previews of a rendered PDF, one image per page, through poppler's `pdftoppm`.

`out/cv-en-full.pdf` → `out/cv-en-full-1.png`, `out/cv-en-full-2.png`, … (page numbers not
zero-padded, whatever the page count). Images are made in a private folder and moved into place,
and previews of pages the PDF no longer has are removed, so the folder always shows the PDF as it is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from cvtool.errors import CvError, display_path
from cvtool.install import PREVIEW_PACKAGES, apt_install

PDFTOPPM_HINT = "Install it with: " + apt_install(*PREVIEW_PACKAGES)
TIMEOUT = 120.0


def png_previews(pdf: Path, dpi: int = 80) -> list[Path]:
    """Write `<pdf stem>-<page>.png` beside `pdf`, one per page; return them in page order."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise CvError("pdftoppm was not found on PATH; it makes the PNG previews", hint=PDFTOPPM_HINT)
    if not pdf.is_file():
        raise CvError(f"{display_path(pdf)}: no such PDF")
    if not 10 <= dpi <= 1200:
        raise CvError(f"a preview resolution of {dpi} dpi is out of range; expected 10 to 1200")
    folder = pdf.parent
    work = Path(tempfile.mkdtemp(prefix=f".{pdf.stem}-png-", dir=folder))
    try:
        try:
            proc = subprocess.run(
                [pdftoppm, "-png", "-r", str(dpi), str(pdf.resolve()), str(work / "page")],
                capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False,
            )
        except subprocess.TimeoutExpired:
            raise CvError(f"pdftoppm did not finish within {TIMEOUT:g} s on {display_path(pdf)}") from None
        made = sorted(
            ((int(m[1]), p) for p in work.iterdir() if (m := re.fullmatch(r"page-0*(\d+)\.png", p.name))),
        )
        if proc.returncode != 0 or not made:
            message = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit code {proc.returncode}"
            raise CvError(f"pdftoppm could not make previews of {display_path(pdf)}: {message}")
        written = []
        for page, image in made:
            target = folder / f"{pdf.stem}-{page}.png"
            os.replace(image, target)
            written.append(target)
        _remove_stale(folder, pdf.stem, len(made))
        return written
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove_stale(folder: Path, stem: str, pages: int) -> None:
    """Delete `<stem>-<n>.png` for pages beyond the PDF's last (left from a longer version)."""
    pattern = re.compile(re.escape(stem) + r"-(\d+)\.png")
    for path in folder.iterdir():
        m = pattern.fullmatch(path.name)
        if m and int(m[1]) > pages:
            path.unlink(missing_ok=True)
