"""Making text in one Chinese script from the other: OpenCC, with words the user pinned.

OpenCC (the official `opencc` wheels, BYVoid/OpenCC) converts phrase by phrase, not character by
character, and ships the Hong Kong (s2hk) and Taiwan (s2tw, s2twp) standards. Proper names are
where it can be wrong for a person (a name may keep a character, or use a variant), so the user
pins them: pinned words are cut out before conversion and put back exactly as given.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from cvtool.errors import CvError

if TYPE_CHECKING:
    from collections.abc import Mapping


@functools.cache
def _opencc(config: str) -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise CvError("OpenCC is not installed; it converts zh text to zh-hant",
                      hint="Install it with: pip install opencc") from None
    return opencc.OpenCC(f"{config}.json")


class Converter:
    """One OpenCC configuration plus pinned words (source text → text to print)."""

    def __init__(self, config: str, pins: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.pins = dict(pins or {})
        words = sorted(self.pins, key=len, reverse=True)  # the longest pin wins where two overlap
        self._pinned = re.compile("|".join(map(re.escape, words))) if words else None

    def __call__(self, text: str) -> str:
        engine = _opencc(self.config)
        if self._pinned is None:
            return str(engine.convert(text))
        out: list[str] = []
        done = 0
        for match in self._pinned.finditer(text):
            out += [str(engine.convert(text[done:match.start()])), self.pins[match.group()]]
            done = match.end()
        out.append(str(engine.convert(text[done:])))
        return "".join(out)
