"""The per-user cache (`$XDG_CACHE_HOME/cvtool`, else `~/.cache/cvtool`): what is costly to make
and the same for every CV on this machine (the preloaded TeX format, compiled templates).
Everything in it can be deleted at any time; losing it costs time, never a result."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def build_cache(out_dir: Path) -> Path:
    """Where the build cache of one output folder lives: in the user cache, never in the output
    folder itself (which holds only what the user asked for), one folder per output folder."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(out_dir))).hexdigest()[:24]
    return user_cache("builds") / key


def user_cache(kind: str) -> Path:
    """An absolute folder: a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.path.abspath(base)) / "cvtool" / kind
