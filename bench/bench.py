"""cvtool benchmark: medians of repeated runs on this machine, against a raw xelatex baseline.

Prints, for the real cv.yaml:
  1. one render (en, full) vs. raw xelatex on the same kept .tex        goal ratio <= 1.3
     (cvtool runs TeX from a preloaded format of the fixed preamble; the raw run is plain
     `xelatex file.tex`, what the same document costs without cvtool. Both are also shown.)
  2. all four PDFs vs. one render (they build in parallel)             goal ratio <= 2.0
  3. the same command again with nothing changed (cache hit)           goal ratio <= 0.25
  4. render time for 10 / 100 / 1000 publications                      goal: linear
  5. `cvtool --help` start-up time
  6. the TeX runs the one-page fitter needs for an overlong CV (goal: 2 in the usual case)
  7. the one-page CVs (en, zh) of the real cv.yaml with 15 extra long papers: TeX runs per PDF (goal <= 3)
  and the peak memory (sum of RSS over the process tree) of the four-PDF build.
This is a report, not a test: nothing here fails the build.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CVTOOL = [sys.executable, "-m", "cvtool"]
REPS = int(os.environ.get("BENCH_REPS", "5"))


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(cmd: list[str], reps: int = REPS, cwd: Path | None = None) -> float:
    return statistics.median(timed(cmd, cwd) for _ in range(reps))


def paired_medians(a: list[str], b: list[str], cwd_b: Path, reps: int = REPS) -> tuple[float, float]:
    """Medians of `a` and `b` run alternately, so drift in the machine's speed hits both alike."""
    samples_a, samples_b = [], []
    for _ in range(reps):
        samples_a.append(timed(a))
        samples_b.append(timed(b, cwd_b))
    return statistics.median(samples_a), statistics.median(samples_b)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        p = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(p)
        rss[p] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def peak_memory(cmd: list[str]) -> int:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    stop.set()
    sampler.join()
    return peak


def many_publications(n: int, directory: Path) -> Path:
    lines = ["person:", "  name: {en: Bench Mark, zh: 测试}", "sections:", "  publications:"]
    for i in range(n):
        lines += [
            f"    - id: p{i}",
            "      kind: conference",
            "      authors: [Bench Mark, Ada Lovelace, Alan Turing]",
            f"      title: A study of benchmark number {i} and its convergence",
            "      venue: {short: CONF, publisher: IEEE}",
            f"      date: {2000 + i % 25}-{1 + i % 12:02d}",
        ]
    path = directory / f"pubs{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def overlong(directory: Path) -> Path:
    """A CV three pages long at 11pt, whose short variant must be tightened and trimmed."""
    prose = "We study learned optimizers and prove convergence rates outside the training distribution. " * 4
    lines = ["person:", "  name: {en: Bench Mark, zh: 测试}", "sections:", "  experience:"]
    for i in range(14):
        lines += [f"    - id: job{i}", f"      organization: Lab {i}", "      role: Researcher", f"      start: {2000 + i}",
                  f"      priority: {i}", f"      description: \"{prose}\""]
    lines += ["  awards:"] + [f"    - {{id: award{i}, title: Award {i}, date: {2000 + i}, priority: {i}}}" for i in range(12)]
    lines += ["variants:", "  short:", "    sections: {experience: {compact: false}}", "    drop_order: [awards, experience]"]
    path = directory / "overlong.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def overfilled(directory: Path) -> Path:
    """The real cv.yaml with 15 extra long papers and no cap on papers in the one-page CV."""
    import yaml

    data = yaml.safe_load((REPO / "cv.yaml").read_text(encoding="utf-8"))
    papers = data["sections"]["publications"]
    papers = papers["entries"] if isinstance(papers, dict) else papers
    for i in range(15):
        papers.append({"id": f"extra{i:02d}", "kind": "journal", "priority": i % 2, "date": f"{2012 + i % 8}-0{1 + i % 9}",
                       "authors": ["Qingyu Song", "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
                       "title": f"A Remarkably Long Title About Learned Optimizers, Number {i}: Convergence, "
                                "Generalization and Robustness Under Distribution Shift in Practice",
                       "venue": {"short": "JMLR"}})
    data["variants"]["short"]["sections"]["publications"] = {}
    path = directory / "overfilled.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="cvtool-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")  # a fresh machine: no preloaded format yet
    try:
        out, build = tmp / "out", tmp / "build"
        cv = str(REPO / "cv.yaml")
        one = CVTOOL + ["render", cv, "--lang", "en", "--variant", "full", "--out", str(out), "--updated", "2026-11"]
        first = timed(one + ["--build-dir", str(build)])
        raw_cmd = ["xelatex", "-interaction=nonstopmode", "-no-shell-escape", "cv-en-full.tex"]
        single, raw = paired_medians(one + ["--force"], raw_cmd, build)
        print(f"1. render en/full: {single:.2f} s; raw xelatex: {raw:.2f} s; ratio {single / raw:.2f} (goal <= 1.3)")
        fmt = next((tmp / "cache").rglob("cvtool.fmt"))
        os.symlink(fmt, build / "cvtool.fmt")
        preloaded = median(["xelatex", "-fmt=cvtool", *raw_cmd[1:]], cwd=build)
        print(f"   (the first render, which also builds the preloaded format: {first:.2f} s; "
              f"raw xelatex from that format: {preloaded:.2f} s)")

        four = CVTOOL + ["render", cv, "--lang", "en,zh", "--variant", "all", "--out", str(out), "--updated", "2026-11"]
        all_four = median(four + ["--force"])
        print(f"2. all four PDFs: {all_four:.2f} s; ratio to one render {all_four / single:.2f} (goal <= 2.0 on 2 cores)")

        subprocess.run(four, check=True, stdout=subprocess.DEVNULL)
        cached = median(four)
        print(f"3. again, nothing changed: {cached:.2f} s; ratio to one render {cached / single:.2f} (goal <= 0.25)")

        times = {}
        for n in (10, 100, 1000):
            src = many_publications(n, tmp)
            times[n] = median(CVTOOL + ["render", str(src), "--lang", "en", "--out", str(tmp / f"o{n}"), "--force"],
                              reps=max(1, REPS // 2 if n == 1000 else REPS))
        per = {n: times[n] / n for n in times}
        print("4. publications: " + ", ".join(f"{n}: {t:.2f} s" for n, t in times.items())
              + f"; growth 100→1000 = {times[1000] / times[100]:.1f}x for 10x the papers (linear ≈ 10x or less)")
        del per

        help_time = median(CVTOOL + ["--help"])
        print(f"5. cvtool --help: {help_time * 1000:.0f} ms")

        long_cv = overlong(tmp)
        proc = subprocess.run(CVTOOL + ["render", str(long_cv), "--lang", "en", "--one-page", "--out", str(tmp / "fit"),
                                        "--force"], check=True, capture_output=True, text=True)
        fit_line = next((line for line in proc.stdout.splitlines() if line.startswith("wrote")), proc.stdout.strip())
        print(f"6. one-page fit of an overlong CV: {fit_line.split('(', 1)[-1].rstrip(')')}")

        heavy = overfilled(tmp)
        proc = subprocess.run(CVTOOL + ["render", str(heavy), "--lang", "en,zh", "--one-page", "--out", str(tmp / "heavy"),
                                        "--force"], check=True, capture_output=True, text=True)
        wrote = [line.split("(", 1)[-1].rstrip(")") for line in proc.stdout.splitlines() if line.startswith("wrote")]
        print(f"7. one-page fit of the real CV + 15 long papers (en, zh; one choice for both): {'; '.join(wrote)}")

        peak = peak_memory(four + ["--force"])
        print(f"peak memory of the four-PDF build (process tree RSS): {peak / 1024:.0f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
