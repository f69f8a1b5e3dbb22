"""The per-user cache (`$XDG_CACHE_HOME/cvtool`, else `~/.cache/cvtool`): what is costly to make
and the same for every CV on this machine (the preloaded TeX format, compiled templates).
Everything in it can be deleted at any time; losing it costs time, never a result."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cvtool" / kind
