"""`cvtool validate` through the real typer app (no subprocess): exit codes, located messages, no
tracebacks, and the corpus of bad inputs in tests/corpus/bad with their expected LINE:COL."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool import __version__
from cvtool.cli import app

CORPUS = Path(__file__).resolve().parent / "corpus" / "bad"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def assert_clean_failure(result) -> None:
    """Exit 1, a message, and no Python traceback or unexpected exception."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.output.strip()


# ---------------------------------------------------------------- the real CV


def test_validate_real_cv(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = invoke("validate", "cv.yaml")
    assert result.exit_code == 0, result.output
    assert result.output == "cv.yaml: ok; languages en, zh, zh-hant\n"


def test_validate_defaults_to_cv_yaml_in_cwd(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.output == "cv.yaml: ok; languages en, zh, zh-hant\n"


def test_validate_real_cv_strict(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = invoke("validate", "--strict", "cv.yaml")
    assert result.exit_code == 0
    assert result.output == "cv.yaml: ok; languages en, zh, zh-hant\n"


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"cvtool {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)


def test_version_agrees_with_the_package_and_the_format_it_reads():
    """Format 2 is documented as "cvtool ≥ 0.2": the version that reads it must say so too."""
    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert declared == __version__
    assert tuple(int(part) for part in __version__.split(".")[:2]) >= (0, 2)
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert all(v == __version__ for v in re.findall(r"cvtool-(\d+\.\d+\.\d+)", readme))


# ---------------------------------------------------------------- broken inputs


def test_several_errors_exit_1_with_locations(write_yaml, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_yaml(
        """\
        person:
          name: {en: Ann Lee, zh: 李安}
          emails: [nope]
        sections:
          education:
            - school: X
              degree: Y
              start: 2021-13
        """
    )
    result = invoke("validate", "cv.yaml")
    assert_clean_failure(result)
    assert "cv.yaml:3:12: error: person.emails[0]: expected an e-mail address" in result.stderr
    assert "cv.yaml:8:14: error: sections.education[0].start: month 13 does not exist" in result.stderr
    assert result.stderr.rstrip().endswith("2 errors; nothing was rendered")
    assert result.stdout == ""  # diagnostics go to stderr


MISSING_ZH = """\
person:
  name: {en: Ann Lee, zh: 李安}
sections:
  service:
    - role: {en: Reviewer}
"""


def test_missing_translation_is_a_warning_exit_0(write_yaml, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_yaml(MISSING_ZH)
    result = invoke("validate", "cv.yaml")
    assert result.exit_code == 0, result.output
    assert "cv.yaml:5:13: warning: sections.service[0].role: no zh translation" in result.stderr
    assert result.stdout == "cv.yaml: ok (1 warning); languages en, zh (those its text uses; declare them with `languages:`)\n"


def test_strict_turns_missing_translation_into_exit_1(write_yaml, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_yaml(MISSING_ZH)
    result = invoke("validate", "--strict", "cv.yaml")
    assert_clean_failure(result)
    assert "cv.yaml:5:13: error: sections.service[0].role: no zh translation" in result.stderr
    assert "ok" not in result.stdout


def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "missing.yaml")
    assert_clean_failure(result)
    assert result.stderr.startswith("missing.yaml: no such file")


def test_directory_instead_of_file(tmp_path, monkeypatch):
    (tmp_path / "cv.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "cv.yaml")
    assert_clean_failure(result)
    assert result.stderr == "cv.yaml: is a directory, expected a YAML file\n"


def test_binary_file(tmp_path, monkeypatch):
    (tmp_path / "cv.yaml").write_bytes(b"person:\n  name: x\n\x00\xff\xfe")
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "cv.yaml")
    assert_clean_failure(result)
    assert result.stderr.startswith("cv.yaml:3: error: this is a binary file")


def test_non_utf8_file(tmp_path, monkeypatch):
    (tmp_path / "cv.yaml").write_bytes("person:\n  name: Zoë\n".encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "cv.yaml")
    assert_clean_failure(result)
    assert result.stderr.startswith("cv.yaml:2:11: error: byte 0xeb is not valid UTF-8")


def test_control_character_does_not_crash(tmp_path, monkeypatch):
    (tmp_path / "cv.yaml").write_bytes(b"person:\n  name: A\x07B\n")
    monkeypatch.chdir(tmp_path)
    assert_clean_failure(invoke("validate", "cv.yaml"))


def test_huge_file(tmp_path, monkeypatch):
    (tmp_path / "cv.yaml").write_bytes(b"#" * (3 * 1024 * 1024))
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "cv.yaml")
    assert_clean_failure(result)
    assert "too large" in result.stderr


# ---------------------------------------------------------------- the corpus


def _corpus() -> list[tuple[str, int, int, str]]:
    rows = []
    for raw in (CORPUS / "EXPECTED.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, pos, fragment = (part.strip() for part in raw.split("|", 2))
        line, col = (int(x) for x in pos.split(":"))
        rows.append((name, line, col, fragment))
    return rows


CORPUS_ROWS = _corpus()


def test_corpus_table_and_files_agree():
    listed = {name for name, *_ in CORPUS_ROWS}
    on_disk = {p.name for p in CORPUS.glob("*.yaml")}
    assert listed == on_disk
    assert len(CORPUS_ROWS) == len(listed) >= 25


@pytest.mark.parametrize("name, line, col, fragment", CORPUS_ROWS, ids=[r[0] for r in CORPUS_ROWS])
def test_corpus(name, line, col, fragment, monkeypatch):
    monkeypatch.chdir(CORPUS)
    result = invoke("validate", name)
    assert_clean_failure(result)
    prefix = f"{name}:{line}:{col}: error: "
    heads = [ln for ln in result.stderr.splitlines() if ln.startswith(prefix)]
    assert heads, f"no diagnostic at {prefix!r} in:\n{result.stderr}"
    assert any(fragment in ln for ln in heads), f"{fragment!r} not in {heads}"
    # where a source line is shown, the caret sits under the reported column
    lines = result.stderr.splitlines()
    i = lines.index(heads[0])
    if i + 2 < len(lines) and lines[i + 2].strip() == "^":
        assert lines[i + 2].index("^") == 4 + col - 1


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("binary.yaml", b"person:\n  name: Ann\n  photo: \x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary.yaml:5: error:"),
        ("latin1.yaml", "person:\n  name: {en: José, zh: Jose}\n".encode("latin-1"), "latin1.yaml:2:17: error:"),
    ],
)
def test_corpus_written_by_the_test(name, data, expected, tmp_path, monkeypatch):
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", name)
    assert_clean_failure(result)
    assert result.stderr.startswith(expected), result.stderr


def test_a_device_or_pipe_is_refused_without_reading_it():
    result = runner.invoke(app, ["validate", "/dev/zero"])
    assert result.exit_code == 1
    assert "is not a regular file" in result.output


def test_render_refuses_conflicting_and_bad_options_before_any_work(tmp_path):
    both = runner.invoke(app, ["render", "--variant", "all", "--one-page", "--out", str(tmp_path)])
    assert both.exit_code == 2 and "--one-page means --variant short" in both.output
    full = runner.invoke(app, ["render", "--variant", "full", "--one-page", "--out", str(tmp_path)])
    assert full.exit_code == 2 and "--variant full" in full.output and "Drop --variant full" in full.output
    year_only = runner.invoke(app, ["render", "--updated", "2026", "--lang", "en", "--out", str(tmp_path)])
    assert year_only.exit_code == 1 and "the stamp names a month" in year_only.output
    assert year_only.output.count("--updated") == 1
    no_time = runner.invoke(app, ["render", "--timeout", "nan", "--lang", "en", "--out", str(tmp_path)])
    assert no_time.exit_code == 1 and "expected a number of seconds above 0" in no_time.output
    assert not list(tmp_path.glob("*.pdf"))
