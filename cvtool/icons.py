r"""Header icons from Font Awesome Free (fonts/fontawesome/, SIL OFL 1.1), loaded by fontspec.

An icon is a code point in one of two faces: the brands face (GitHub, ORCID, …) and the solid
face (envelope, phone, globe). `icon_tex` picks one for a header contact: its declared `icon`
when it has one, else by what the link points to; the result is TeX built here from fixed data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cvtool.fonts import fonts_dir

FOLDER = "fontawesome"
FACES = {"brands": "fa-brands-400.ttf", "solid": "fa-solid-900.ttf"}

# name → (face, code point), from the package's metadata/icons.yml (Font Awesome 6.7.2)
ICONS: dict[str, tuple[str, str]] = {
    "email": ("solid", "F0E0"),
    "phone": ("solid", "F095"),
    "homepage": ("solid", "F0AC"),
    "link": ("solid", "F0C1"),
    "location": ("solid", "F3C5"),
    "blog": ("solid", "F781"),
    "dblp": ("solid", "F02D"),  # no dblp logo in Font Awesome: a book
    "arxiv": ("solid", "F02D"),
    "github": ("brands", "F09B"),
    "gitlab": ("brands", "F296"),
    "orcid": ("brands", "F8D2"),
    "linkedin": ("brands", "F08C"),
    "scholar": ("brands", "E63B"),
    "researchgate": ("brands", "F4F8"),
    "twitter": ("brands", "E61B"),
    "x": ("brands", "E61B"),
    "mastodon": ("brands", "F4F6"),
    "bluesky": ("brands", "E671"),
    "youtube": ("brands", "F167"),
    "stackoverflow": ("brands", "F16C"),
    "zhihu": ("brands", "F63F"),
    "bilibili": ("brands", "E3D9"),
    "wechat": ("brands", "F1D7"),
}

# where a link points (its host, without "www.") → its icon, for links that do not name one
_HOSTS = tuple((re.compile(rf"(^|\.){pattern}$"), icon) for pattern, icon in (
    (r"github\.com", "github"), (r"gitlab\.com", "gitlab"), (r"orcid\.org", "orcid"), (r"linkedin\.com", "linkedin"),
    (r"scholar\.google\.[a-z.]+", "scholar"), (r"researchgate\.net", "researchgate"),
    (r"dblp\.(org|uni-trier\.de)", "dblp"), (r"arxiv\.org", "arxiv"), (r"twitter\.com", "twitter"), (r"x\.com", "x"),
    (r"bsky\.app", "bluesky"), (r"youtube\.com", "youtube"), (r"stackoverflow\.com", "stackoverflow"),
    (r"zhihu\.com", "zhihu"), (r"bilibili\.com", "bilibili"),
))
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+-]+\Z")


def icon_name(url: str | None, declared: str | None = None) -> str:
    """The icon of a contact: the declared one, else by the URL's scheme and host."""
    if declared and declared in ICONS:
        return declared
    if not url:
        return "phone"
    if url.startswith("mailto:"):
        return "email"
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/", 1)[0].split(":", 1)[0]
    return next((icon for pattern, icon in _HOSTS if pattern.search(host)), "homepage")


def icon_tex(contact: Any) -> str:
    r"""`\cvicon{face}{code point}` for a header contact (a dict with `url` and maybe `icon`)."""
    get = contact.get if isinstance(contact, dict) else lambda key, default=None: getattr(contact, key, default)
    face, code = ICONS[icon_name(get("url"), get("icon"))]
    return rf"\cvicon{{{face}}}{{{code}}}"


def icon_fonts_tex(directory: Path | None = None) -> str:
    r"""fontspec lines loading both faces by file, or "" when they are missing or their folder
    cannot be written in TeX (then `\cvicon` prints nothing and the header has no icons)."""
    folder = (directory or fonts_dir()).resolve() / FOLDER
    if not _SAFE_PATH.match(str(folder)) or not all((folder / f).is_file() for f in FACES.values()):
        return ""
    return "".join(rf"\def\cvfa{face}{{{folder}/{file}}}" for face, file in FACES.items()) + r"\cviconstrue"
