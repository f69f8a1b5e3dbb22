"""Putting a finished PDF in place: atomically, so readers never see a partial file and a failed
build never replaces the last good one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from cvtool.errors import CvError, folder_problem


def publish(built: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise CvError(f"cannot write to {target.parent}: {folder_problem(target.parent, exc)}") from None
    try:
        with os.fdopen(fd, "wb") as out, built.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
