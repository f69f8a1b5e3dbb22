"""The maintained list of venues (package data `venues.yaml`): a journal or booktitle → short name and kind.

Google Scholar and many personal .bib files file a NeurIPS paper as `@article{…, journal={Advances
in Neural Information Processing Systems}}`; the entry type alone would make it a journal paper.
The list decides instead. A user's own list (`--venues FILE`, same shape) is tried first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cvtool.errors import CvError, display_path
from cvtool.files import read_text


@dataclass(frozen=True)
class KnownVenue:
    short: str
    kind: str  # "conference" | "journal" | "workshop"
    name: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def find_venue(text: str | None, venues: tuple[KnownVenue, ...]) -> KnownVenue | None:
    """The first venue of the list whose pattern occurs in `text` (case-insensitive, whole words)."""
    if not text:
        return None
    folded = " ".join(text.split())
    return next((v for v in venues if v.matches(folded)), None)


_YEAR = r"(?:['’]?\s*(?:19|20)?\d{2})?"
_JOINERS = re.compile(r"^(?:[\s,:;@–—-]|\b(?:at|in|of|the|proceedings|co-located with|held with)\b)+|"
                      r"(?:[\s,:;@–—(-]|\b(?:at|in|of|the|co-located with|held with)\b)+$", re.IGNORECASE)


def workshop_name(booktitle: str, host: KnownVenue | None) -> str | None:
    """The workshop's own name in a booktitle that also names its host: "ICML 2023 Workshop on
    Distribution Shifts" → "Workshop on Distribution Shifts" (the host is printed from `short`).
    None when the booktitle has no name of its own ("AAAI Workshops"): the citation prints it whole."""
    folded = " ".join(booktitle.split())
    if host is None:
        return folded
    for pattern in host.patterns:
        rest = re.sub(pattern.pattern + _YEAR, " ", folded, count=1, flags=re.IGNORECASE)
        if rest != folded:
            rest = " ".join(_JOINERS.sub("", " ".join(rest.split())).split())
            if re.fullmatch(r"workshops?", rest, re.IGNORECASE):
                return None
            return rest if re.search(r"\bworkshops?\b", rest, re.IGNORECASE) else folded
    return folded


@functools.cache
def default_venues() -> tuple[KnownVenue, ...]:
    text = resources.files("cvtool.bib").joinpath("venues.yaml").read_text(encoding="utf-8")
    return _parse(text, "venues.yaml")


def load_venues(path: Path | None) -> tuple[KnownVenue, ...]:
    """The user's list (tried first) followed by cvtool's."""
    if path is None:
        return default_venues()
    own = _parse(read_text(path, limit=1024 * 1024, expected="a YAML list of venues"), display_path(path))
    return own + default_venues()


def _parse(text: str, name: str) -> tuple[KnownVenue, ...]:
    import yaml

    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise CvError(f"{name}: not valid YAML: {exc}", code="venues-invalid") from None
    if not isinstance(data, list):
        raise CvError(f"{name}: expected a list of venues like `- {{short: NeurIPS, kind: conference, match: [neurips]}}`",
                      code="venues-invalid")
    venues = []
    for i, item in enumerate(data):
        try:
            patterns = tuple(re.compile(_bounded(p), re.IGNORECASE) for p in item.get("match") or [item["short"]])
            kind = item.get("kind", "conference")
            if kind not in ("conference", "journal", "workshop"):
                raise ValueError(f"kind {kind!r} is not conference, journal or workshop")
            venues.append(KnownVenue(str(item["short"]), kind, str(item.get("name") or item["short"]), patterns))
        except (AttributeError, KeyError, TypeError, ValueError, re.error) as exc:
            raise CvError(f"{name}: venue {i + 1}: {exc}; expected {{short, kind, name, match: [patterns]}}",
                          code="venues-invalid") from None
    return tuple(venues)


def _bounded(pattern: str) -> str:
    """A pattern matched as whole words (unless it anchors itself)."""
    if pattern.startswith("^") or pattern.endswith("$"):
        return pattern
    return rf"(?<![\w]){pattern}(?![\w])"
