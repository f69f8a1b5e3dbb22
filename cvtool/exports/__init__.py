"""`cvtool export --format markdown|html|jsonresume|academicpages-cv`: the CV beyond PDF.

Every format is a function of the localized view (`cvtool.view.CvView`), the one the PDF is typeset
from: same titles, dates, labels, order, and the full variant. `FORMATS` is the registry the CLI
reads, so a new format is one entry here.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from cvtool.model import CV
from cvtool.view import CvView


@dataclass(frozen=True)
class Format:
    name: str
    write: Callable[[CvView, CV], str]
    help: str


def _formats() -> dict[str, Format]:
    from cvtool.exports.academicpages_cv import academicpages_cv
    from cvtool.exports.html import page
    from cvtool.exports.jsonresume import jsonresume
    from cvtool.exports.markdown import markdown

    return {f.name: f for f in (
        Format("markdown", lambda view, cv: markdown(view), "the whole CV as Markdown (reads as plain text too)"),
        Format("html", lambda view, cv: page(view), "one standalone HTML page"),
        Format("jsonresume", jsonresume, "a JSON Resume document (jsonresume.org)"),
        Format("academicpages-cv", lambda view, cv: academicpages_cv(view),
               "the CV page of an academicpages website (_pages/cv.md)"),
    )}


FORMATS = ("markdown", "html", "jsonresume", "academicpages-cv")


def view_of(cv: CV, lang: str, updated: _dt.date) -> CvView:
    """The full CV in `lang`, localized exactly as for the PDF."""
    from cvtool.localize import localize
    from cvtool.select import select

    return localize(select(cv, "full"), lang, updated)


def export_cv(cv: CV, fmt: str, lang: str, updated: _dt.date | None = None) -> str:
    """The text of `cv` in format `fmt` (one of FORMATS) and language `lang`, stamped "Updated
    <updated>" (default: SOURCE_DATE_EPOCH, else today, as the PDFs are)."""
    from cvtool.dates import updated_date

    stamp = updated or updated_date(None, dict(os.environ))
    return _formats()[fmt].write(view_of(cv, lang, stamp), cv)
