"""`cvtool export --format markdown|html|jsonresume|academicpages-cv`: the CV beyond PDF.

Every format is a function of the localized view (`cvtool.view.CvView`), the one the PDF is typeset
from: same titles, dates, labels, order, and the full variant. A new format is a name in `FORMATS`
(what the CLI offers) and its writer in `writers()`; a test keeps the two and the CLI's choices equal.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable

from cvtool.model import CV
from cvtool.view import CvView

FORMATS = ("markdown", "html", "jsonresume", "academicpages-cv")
"""The names the CLI offers; the writers are imported only when one is used (fast `--help`)."""


def writers() -> dict[str, Callable[[CvView, CV], str]]:
    """Format name → writer of (localized view, validated CV) → text. Only JSON Resume reads the CV
    (dates as data, through each view string's field path)."""
    from cvtool.exports.academicpages_cv import academicpages_cv
    from cvtool.exports.html import page
    from cvtool.exports.jsonresume import jsonresume
    from cvtool.exports.markdown import markdown

    return {
        "markdown": lambda view, cv: markdown(view),  # the whole CV; reads as plain text too
        "html": lambda view, cv: page(view),  # one standalone page
        "jsonresume": jsonresume,  # jsonresume.org
        "academicpages-cv": lambda view, cv: academicpages_cv(view),  # the website's _pages/cv.md
    }


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
    return writers()[fmt](view_of(cv, lang, stamp), cv)
