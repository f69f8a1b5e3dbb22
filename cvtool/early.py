"""Start TeX before the CV is validated: the first xelatex of each PDF loads its preloaded format
while cvtool imports its validator, checks the CV and renders the .tex (see `EarlyTex`).

Only as many as build at once are started (one per worker). A start that is never used (the CV
is invalid, a PDF turns out cached) is stopped when the render ends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cvtool.errors import CvError
from cvtool.latex.prestart import EarlyTex, start_early
from cvtool.targets import Options, Target, stamp_and_epoch


class EarlyStarts:
    """Started TeX processes by jobname; each is taken once."""

    def __init__(self) -> None:
        self._by_job: dict[str, EarlyTex] = {}
        self._lock = threading.Lock()

    def add(self, early: EarlyTex) -> None:
        with self._lock:
            self._by_job[early.jobname] = early

    def take(self, jobname: str) -> EarlyTex | None:
        with self._lock:
            return self._by_job.pop(jobname, None)

    def close(self) -> None:
        with self._lock:
            left, self._by_job = list(self._by_job.values()), {}
        for early in left:
            early.abort()

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_job)


@contextmanager
def started_early(source: Path, wanted: list[Target], options: Options) -> Iterator[EarlyStarts]:
    """Start the first TeX run of the first PDFs to build; stop what was not used on exit."""
    starts = EarlyStarts()
    try:
        try:
            _, epoch = stamp_and_epoch(options)
        except CvError:  # a bad --updated: the render reports it
            wanted = []
        jobs = options.jobs or min(len(wanted), os.cpu_count() or 1)
        for target in wanted[:jobs]:
            early = start_early(target.jobname(source.stem), source_date_epoch=epoch, timeout=options.timeout)
            if early is not None:
                starts.add(early)
        yield starts
    finally:
        starts.close()
