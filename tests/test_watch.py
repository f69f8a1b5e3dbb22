"""`cvtool watch`: re-render on save, report errors and keep going, stop cleanly.

Every wait is bounded, so a broken watcher fails the test instead of hanging it.
"""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pdftools import squash, text_of

from cvtool.build import Outcome, Request, build
from cvtool.progress import Reporter
from cvtool.starter import starter_text
from cvtool.targets import Options
from cvtool.watch import Watched, watch, watched_paths

REPO = Path(__file__).resolve().parent.parent
WAIT = 60.0
BROKEN = "person: [unclosed\n"


# ---------------------------------------------------------------- the render step


def _request(source: Path, out: Path, **kwargs) -> Request:
    return Request(source, ("en",), ("full",), options=Options(out_dir=out), **kwargs)


def test_a_build_returns_errors_instead_of_raising(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(BROKEN, encoding="utf-8")
    outcome = build(_request(source, tmp_path / "out"))
    assert not outcome.ok and outcome.results == []
    assert "not valid YAML" in outcome.errors[0].format()
    missing = build(_request(tmp_path / "none.yaml", tmp_path / "out"))
    assert "no such file" in missing.errors[0].format()
    source.write_text(starter_text(), encoding="utf-8")
    unknown = build(_request(source, tmp_path / "out", profile="nope"))
    assert "unknown profile 'nope'" in unknown.errors[0].format()
    assert not (tmp_path / "out").exists()


class Lines(io.StringIO):
    """A stream that puts each line written to it on `queue` as (line, is_error)."""

    def __init__(self, queue: queue.Queue, is_error: bool) -> None:
        super().__init__()
        self.queue, self.is_error = queue, is_error

    def write(self, text: str) -> int:
        for line in text.splitlines():
            self.queue.put((line, self.is_error))
        return len(text)


def _reporter(lines: queue.Queue) -> Reporter:
    return Reporter(out=Lines(lines, False), err=Lines(lines, True))


def test_a_failed_build_is_reported_as_errors_only(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(BROKEN, encoding="utf-8")
    lines: queue.Queue[tuple[str, bool]] = queue.Queue()
    _reporter(lines).report(build(_request(source, tmp_path)))
    reported = list(lines.queue)
    assert reported and all(err for _, err in reported)
    _reporter(lines).report(Outcome())
    assert list(lines.queue) == reported


def test_what_counts_as_a_change(tmp_path):
    templates, fonts = tmp_path / "latex_templates", tmp_path / "fonts"
    watched = Watched(tmp_path / "cv.yaml", templates, fonts)
    assert watched.relevant(tmp_path / "cv.yaml") == "source"
    assert watched.relevant(templates / "cv.tex.j2") == "templates"
    assert watched.relevant(templates / "cvtool.sty") == "templates"
    assert watched.relevant(fonts / "sub" / "MyFont-Regular.otf") == "fonts"
    for ignored in (tmp_path / "other.yaml", tmp_path / "out" / "cv-en-full.pdf", fonts / "README.md",
                    templates / ".cv.tex.j2.swp", templates / "cv.tex.j2~", templates / ".#cv.tex.j2"):
        assert watched.relevant(ignored) is None, ignored


def test_watches_the_real_templates_and_fonts_folders(tmp_path):
    watched = watched_paths(tmp_path / "cv.yaml")
    assert watched.source == (tmp_path / "cv.yaml").resolve()
    assert watched.templates == (REPO / "latex_templates").resolve()
    assert watched.fonts == (REPO / "fonts").resolve()
    folders = watched.folders()
    assert folders[:2] == [tmp_path.resolve(), watched.templates]
    assert watched.templates / "partials" in folders and watched.fonts in folders  # subfolders too


def test_watches_the_users_templates_folder_beside_the_cv(tmp_path):
    (tmp_path / "templates" / "partials").mkdir(parents=True)
    watched = watched_paths(tmp_path / "cv.yaml")
    user = (tmp_path / "templates").resolve()
    assert watched.user_templates == user
    assert {user, user / "partials"} <= set(watched.folders())
    assert watched.relevant(user / "partials" / "education.tex.j2") == "templates"
    assert watched.relevant(user / "partials" / ".education.tex.j2.swp") is None
    assert watched.relevant(tmp_path.resolve() / "notes.txt") is None


def test_the_watching_line_names_the_users_templates_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert not any(label.startswith("templates") for label in watched_paths(Path("cv.yaml")).labels())
    (tmp_path / "templates").mkdir()
    labels = watched_paths(Path("cv.yaml")).labels()
    assert labels[:2] == ["cv.yaml", "templates/"], labels


def test_watch_reports_each_failed_save_and_stops_on_the_event(tmp_path):
    """In-process, without TeX: the first build and a later save fail, and both are reported."""
    source = tmp_path / "cv.yaml"
    source.write_text(BROKEN, encoding="utf-8")
    lines: queue.Queue[tuple[str, bool]] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(_request(source, tmp_path / "out"), _reporter(lines)),
        kwargs={"debounce": 0.05, "stop_event": stop},
        daemon=True,
    )
    thread.start()
    try:
        seen = _wait_for(lines, lambda line, err: line.startswith("watching "))
        assert any("not valid YAML" in line and err for line, err in seen)
        source.write_text("person: {name: 3}\n", encoding="utf-8")
        seen = _wait_for(lines, lambda line, err: err and "expected text, found the number 3" in line)
        assert any(line.endswith(f"changed: {source}; rendering") for line, _ in seen), seen
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the stop event ends the watcher"


def _wait_for(lines: queue.Queue, done, timeout: float = WAIT) -> list[tuple[str, bool]]:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            item = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(item)
        if done(*item):
            return seen
    raise AssertionError(f"timed out after {timeout:g} s; saw: {seen}")


# ---------------------------------------------------------------- the command, end to end


class Watcher:
    """`cvtool watch` in a subprocess; its output lines read by a thread into a queue."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cvtool", "watch", *args], cwd=cwd, env=env, text=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, needle: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.log.append(line)
            if needle in line:
                return
        raise AssertionError(f"no line with {needle!r} within {timeout:g} s; output:\n" + "\n".join(self.log))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def _wait_until(predicate, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.tex
def test_watch_rerenders_on_save_survives_an_invalid_save_and_exits_0_on_ctrl_c(tmp_path):
    source = tmp_path / "cv.yaml"
    starter = starter_text()
    source.write_text(starter, encoding="utf-8")
    pdf = tmp_path / "out" / "cv-en-full.pdf"
    watcher = Watcher(tmp_path, "cv.yaml", "--lang", "en", "--variant", "full", "--updated", "2026-01",
                      "--debounce", "0.1")
    try:
        watcher.wait_for("wrote out/cv-en-full.pdf")
        watcher.wait_for("watching cv.yaml")
        first = pdf.read_bytes()
        assert squash("Ph.D. Candidate") in squash(text_of(pdf))

        source.write_text(starter.replace("Ph.D. Candidate", "Postdoctoral Fellow"), encoding="utf-8")
        watcher.wait_for("changed: cv.yaml")
        watcher.wait_for("wrote out/cv-en-full.pdf")
        _wait_until(lambda: pdf.read_bytes() != first)
        assert squash("Postdoctoral Fellow") in squash(text_of(pdf))
        second = pdf.read_bytes()

        source.write_text(BROKEN, encoding="utf-8")
        watcher.wait_for("not valid YAML")
        assert pdf.read_bytes() == second, "a failed build leaves the last good PDF"

        source.write_text(starter.replace("Ph.D. Candidate", "Assistant Professor"), encoding="utf-8")
        watcher.wait_for("wrote out/cv-en-full.pdf")
        assert squash("Assistant Professor") in squash(text_of(pdf))
        assert watcher.proc.poll() is None, "still watching"
    finally:
        code = watcher.stop()
    assert code == 0, "\n".join(watcher.log)


def test_watch_refuses_a_missing_file_at_once(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cvtool", "watch", "nope.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "nope.yaml: no such file" in result.stderr and "cvtool init" in result.stderr


def test_watch_refuses_a_bad_updated_stamp_at_once(tmp_path):
    (tmp_path / "cv.yaml").write_text(starter_text(), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cvtool", "watch", "--updated", "2026-13"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "--updated" in result.stderr


def test_watch_takes_every_option_of_render():
    import typer.main

    from cvtool.cli import app

    group = typer.main.get_command(app)

    def options(command: str) -> dict[str, list[str]]:
        return {p.name: p.opts for p in group.commands[command].params}  # type: ignore[attr-defined]

    render, watch_ = options("render"), options("watch")
    assert {name: render[name] for name in render} == {name: watch_[name] for name in render}
