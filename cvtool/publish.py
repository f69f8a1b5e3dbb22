"""Putting a finished PDF in place: atomically, so readers never see a partial file and a failed
build never replaces the last good one."""

from __future__ import annotations

from pathlib import Path

from cvtool.errors import CvError, folder_problem
from cvtool.files import write_atomic


def publish(built: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CvError(f"cannot write to {target.parent}: {folder_problem(target.parent, exc)}") from None
    write_atomic(target, built.read_bytes(), mode=0o644)
