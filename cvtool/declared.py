"""Which languages "all" means for a cv.yaml, known without YAML or pydantic.

`render` answers "nothing changed" before it loads anything (`cache.check`); for that it must know
which PDFs "all languages" means. A top-level `languages: [en, zh]` (or its block form) says so;
without one the answer needs the whole file (`languages.declared_languages`), so the last full
render remembers it per source text, beside the PDF cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from cvtool.usercache import build_cache as cache_folder

_MEMORY = "languages.json"  # in the build cache of the output folder, beside cache.py's entries
_KEEP = 8  # sources remembered per output folder

_FLOW = re.compile(r"^languages:[ \t]*\[([^\]\n#]*)\][ \t]*(#.*)?$", re.MULTILINE)
_BLOCK = re.compile(r"^languages:[ \t]*(#.*)?\n((?:[ \t]+-.*(?:\n|\Z))+)", re.MULTILINE)
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")


LOCALES = Path(__file__).resolve().parent / "locales"


def locale_files(lang: str) -> list[Path]:
    """The locale files a PDF in `lang` is made from (its own, and English for fallback titles),
    for the build cache's key: editing a locale rebuilds its PDFs. Found without loading YAML."""
    return [path for path in (LOCALES / f"{lang}.yaml", LOCALES / "en.yaml") if path.is_file()]


def declared_in_text(text: str) -> list[str] | None:
    """The lower-case tags of a top-level `languages:` list, or None when there is no plain one."""
    if match := _FLOW.search(text):
        items = [item.strip().strip("'\"") for item in match.group(1).split(",")]
    elif match := _BLOCK.search(text):
        items = [line.split("#")[0].strip().removeprefix("-").strip().strip("'\"") for line in match.group(2).splitlines()]
    else:
        return None
    if not items or not all(_TAG.match(item) for item in items):
        return None
    return list(dict.fromkeys(item.lower() for item in items))


def quick_languages(asked: list[str], text: str | None, out_dir: Path | None = None) -> list[str] | None:
    """`--lang` values → the tags to build, when known without validating; else None."""
    if "all" not in asked:
        return asked
    if text is None:
        return None
    return declared_in_text(text) or (_remembered(out_dir).get(_key(text)) if out_dir else None)


def remember(out_dir: Path, text: str, langs: list[str]) -> None:
    """Note the languages of this source text (after validation) for the next `quick_languages`."""
    memory = _remembered(out_dir)
    memory.pop(_key(text), None)
    memory[_key(text)] = langs
    path = cache_folder(out_dir) / _MEMORY
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(dict(list(memory.items())[-_KEEP:]), f)
        os.replace(tmp, path)
    except OSError:
        pass  # a memory that cannot be written only costs time


def _remembered(out_dir: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((cache_folder(out_dir) / _MEMORY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(t, str) for t in v)}


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
