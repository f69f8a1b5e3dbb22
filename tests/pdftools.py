"""Helpers for end-to-end tests: build real PDFs through the library and read them back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from cvtool.build import Request
from cvtool.build import build as run_build
from cvtool.latex.render import Rendered
from cvtool.load import load_text
from cvtool.targets import Options, Result
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent
REAL_CV = REPO / "cv.yaml"


def build(source: Path, out: Path, langs=("en", "zh"), variants=("full",), profile=None, **options) -> list[Result]:
    """Render through the orchestrator (no subprocess); raise the first CvError if any target failed."""
    outcome = run_build(Request(source, tuple(langs), tuple(variants), profile, Options(out_dir=out, **options)))
    if outcome.errors:
        raise outcome.errors[0]
    return outcome.results


def build_text(text: str, tmp: Path, name: str = "cv.yaml", **kwargs) -> list[Result]:
    source = tmp / name
    source.write_text(text, encoding="utf-8")
    validate(load_text(text, source))  # fail early with a readable message
    return build(source, tmp / "out", **kwargs)


def kept_tex(folder: Path, jobname: str) -> Rendered:
    """A .tex kept by --build-dir, as cvtool compiled it: the kept copy loads its fonts from
    ./fonts/ beside it; this one from that folder's absolute path, to compile anywhere."""
    tex = (folder / f"{jobname}.tex").read_text(encoding="utf-8")
    return Rendered(tex=tex.replace("./fonts/", f"{(folder / 'fonts').resolve()}/"))


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def squash(text: str) -> str:
    """Letters and digits only, lower-cased: robust to line breaks, hyphenation and spacing."""
    return re.sub(r"[^0-9a-z\u3400-\u9fff]", "", text.lower())


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def link_uris(pdf: Path) -> list[str]:
    uris = []
    for page in PdfReader(str(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


MINIMAL = """\
person:
  name: {en: Ada Example, zh: 艾达}
  emails: [ada@example.org]
sections:
  education:
    - school: {en: Example University, zh: 示例大学}
      degree: {en: Ph.D., zh: 博士}
      start: 2020-09
      end: present
"""


def wrap_tool(tmp: Path, tool: str, before: str = "", after: str = "") -> Path:
    """A folder to put first on PATH, holding `tool` as a shell script that runs `before`, then the
    real tool, then `after`: for faking failures, delays and odd output around the real thing."""
    folder = tmp / "bin"
    folder.mkdir(exist_ok=True)
    real = shutil.which(tool)
    run = f'{real} "$@"\n{after}\n' if after else f'exec {real} "$@"\n'
    script = folder / tool
    script.write_text(f"#!/bin/sh\n{before}\n{run}", encoding="utf-8")
    script.chmod(0o755)
    return folder
