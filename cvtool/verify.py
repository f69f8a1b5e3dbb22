"""Stage 7 — verify: read the PDF back (pages, metadata) before it is published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from cvtool.errors import CvError


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    title: str | None
    author: str | None


def read_facts(pdf: Path) -> PdfFacts:
    try:
        reader = PdfReader(str(pdf))
        meta: dict = dict(reader.metadata or {})
        return PdfFacts(pages=len(reader.pages), title=meta.get("/Title"), author=meta.get("/Author"))
    except Exception as exc:  # pypdf raises many types for a broken file
        raise CvError(f"the PDF xelatex wrote cannot be read back ({exc}); nothing was written") from None


def verify(pdf: Path, *, max_pages: int | None = None) -> PdfFacts:
    facts = read_facts(pdf)
    if facts.pages == 0:
        raise CvError("xelatex wrote an empty PDF; nothing was written")
    if not facts.title or not facts.author:
        raise CvError("the PDF has no title/author metadata; the template lost its \\hypersetup")
    if max_pages is not None and facts.pages > max_pages:
        raise CvError(f"the PDF has {facts.pages} pages, more than {max_pages}; nothing was written")
    return facts
