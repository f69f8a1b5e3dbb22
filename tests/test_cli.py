"""The command line as a whole: the command list, help summaries, -V, --quiet everywhere."""

from __future__ import annotations

import re

import typer.main
from typer.testing import CliRunner

from cvtool import __version__
from cvtool.cli import app
from cvtool.cli.app import COMMANDS, summary

runner = CliRunner()
GROUP = typer.main.get_command(app)


def test_top_level_help_shows_every_summary_whole():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    listed = " ".join(result.output.split("Commands:")[1].split())
    for name, command in COMMANDS:
        text = summary(command)
        assert text.endswith((".", ".)")), f"{name}: the summary is not a whole sentence: {text!r}"
        assert f"{name} {text}" in listed, name
    assert "..." not in result.output.split("Commands:")[1]


def test_dash_capital_v_is_the_version_and_variant_has_no_short_form():
    for flag in ("-V", "--version"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0 and result.output.strip() == f"cvtool {__version__}"
    variant = next(p for p in GROUP.commands["render"].params if p.name == "variant")  # type: ignore[attr-defined]
    assert variant.opts == ["--variant"]


def test_every_command_takes_quiet():
    for name, command in GROUP.commands.items():  # type: ignore[attr-defined]
        assert "quiet" in {p.name for p in command.params}, name


def test_quiet_prints_nothing_when_all_is_well(tmp_path):
    cv = tmp_path / "cv.yaml"
    assert runner.invoke(app, ["init", str(cv), "--quiet"]).output == ""
    assert cv.is_file()
    result = runner.invoke(app, ["validate", str(cv), "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    loud = runner.invoke(app, ["validate", str(cv)])
    assert re.search(r"cv\.yaml: ok", loud.output)
    result = runner.invoke(app, ["schema", "--out", str(tmp_path / "s.json"), "--quiet"])
    assert result.exit_code == 0 and result.output == "" and (tmp_path / "s.json").is_file()
    result = runner.invoke(app, ["export", str(cv), "--format", "bibtex", "--out", str(tmp_path / "cv.bib"), "-q"])
    assert result.exit_code == 0 and result.output == "" and (tmp_path / "cv.bib").is_file()


def test_quiet_still_reports_errors(tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("person: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(cv), "--quiet"])
    assert result.exit_code == 1 and "not valid YAML" in result.output
