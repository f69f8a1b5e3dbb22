"""The per-user cache (`$XDG_CACHE_HOME/cvtool`, else `~/.cache/cvtool`): what is costly to make
and the same for every CV on this machine (the preloaded TeX format, compiled templates).
Everything in it can be deleted at any time; losing it costs time, never a result."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(kind: str) -> Path:
    """An absolute folder: a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.path.abspath(base)) / "cvtool" / kind
