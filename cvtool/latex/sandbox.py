"""How every TeX process runs: a paranoid kpathsea environment, no shell escape, no standard
input, and a timeout that kills its whole process group (xelatex starts xdvipdfmx)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from cvtool.errors import CvError


def sandbox_env(source_date_epoch: int | None, formats: Path | None = None) -> dict[str, str]:
    """kpathsea's `openin_any=p`/`openout_any=p`: no dotfiles, no `..`, no absolute paths.
    `formats` is a folder searched for formats before TeX's own (the preloaded one lives there:
    no link in the work folder that TeX could write through)."""
    strip = ("TEXMF", "TEXINPUTS", "TEXFORMATS", "openin", "openout")
    env = {k: v for k, v in os.environ.items() if not k.startswith(strip)}
    env.update({"openin_any": "p", "openout_any": "p", "shell_escape": "f", "max_print_line": "10000"})
    if formats is not None:
        env["TEXFORMATS"] = f"{formats}:"  # the trailing ':' appends the default path
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
        env["FORCE_SOURCE_DATE"] = "1"
    return env


def private_folder() -> Path:
    """A new private work folder for TeX. Its name carries this process's id, so that
    `remove_private_folders` finds every one, even one a signal cut off from its owner."""
    return Path(tempfile.mkdtemp(prefix=f"cvtool-build-{os.getpid()}-"))


def remove_private_folders() -> None:
    """This process is ending on a signal: remove every work folder it made (after `stop_all`)."""
    for folder in Path(tempfile.gettempdir()).glob(f"cvtool-build-{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def run_tex(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> int:
    """Run `cmd` in `cwd`; its exit code. A run past `timeout` seconds is killed (CvError)."""
    return wait_tex(start_tex(cmd, cwd, env), timeout)


_LIVE: set[subprocess.Popen] = set()  # every TeX this process runs, for `stop_all`
_LIVE_LOCK = threading.Lock()
_STOPPING = threading.Event()


def start_tex(cmd: list[str], cwd: Path, env: dict[str, str], pass_fds: tuple[int, ...] = ()) -> subprocess.Popen:
    """Start `cmd` in a process group of its own, without standard input or output."""
    with _LIVE_LOCK:
        if _STOPPING.is_set():
            raise CvError("stopped")
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True, pass_fds=pass_fds,
        )
        _LIVE.add(proc)
    return proc


def stop_tex(proc: subprocess.Popen) -> None:
    """Kill the process group of `proc` and reap it (once reaped, its id may belong to another)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    with _LIVE_LOCK:
        _LIVE.discard(proc)


def stop_all() -> None:
    """This process is going down (Ctrl-C, SIGTERM): kill every TeX it runs and start no more.
    The threads waiting for them see a killed run; `stopping()` keeps them from publishing."""
    with _LIVE_LOCK:
        _STOPPING.set()
        live = list(_LIVE)
    for proc in live:
        if proc.returncode is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def stopping() -> bool:
    return _STOPPING.is_set()


def wait_tex(proc: subprocess.Popen, timeout: float) -> int:
    """The exit code of `proc`, killed with its group if it runs past `timeout` seconds (CvError).

    The wait blocks in waitpid while a timer guards the timeout: `Popen.wait(timeout=…)` polls
    with sleeps of up to 50 ms, which every run would pay after TeX has finished."""
    killed = threading.Event()

    def kill() -> None:
        if proc.returncode is not None:  # already reaped: its id may be reused
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            killed.set()
        except ProcessLookupError:  # it finished just now
            pass

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    timer.start()
    try:
        code = proc.wait()
    except BaseException:
        stop_tex(proc)
        raise
    finally:
        timer.cancel()
        with _LIVE_LOCK:
            _LIVE.discard(proc)
    if killed.is_set() and code < 0:  # not a run that ended just as the timer fired
        raise CvError(f"xelatex did not finish within {timeout:g} s and was stopped; nothing was written")
    return code
