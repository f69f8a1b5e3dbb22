"""The GitHub Action (action.yml) and this repository's workflow: shapes, and the Action's
steps run as a script against a CV repository of a user's own (real TeX, PDFs checked).

What cannot run here: the `uses:` steps (actions/cache, actions/upload-artifact), pipx
installing cvtool from the Action's checkout (tests/test_install.py installs the wheel), and
apt-get (TeX is installed already, so ensure-tex.sh has nothing to do)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pdftools import pages

REPO = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "cv.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _steps() -> list[dict]:
    return ACTION["runs"]["steps"]


def test_the_action_is_composite_its_run_steps_are_bash_and_read_inputs_from_the_environment():
    assert ACTION["runs"]["using"] == "composite"
    inputs = set(ACTION["inputs"])
    for step in _steps():
        if "run" in step:
            assert step["shell"] == "bash", step["name"]
            assert "${{" not in step["run"], f"{step['name']}: expressions belong in env, not in the script"
        for expression in EXPRESSION.findall(yaml.safe_dump(step)):
            for name in re.findall(r"inputs\.([\w-]+)", expression):
                assert name in inputs, f"{step['name']}: unknown input {name}"
    uses = [step["uses"] for step in _steps() if "uses" in step]
    assert uses == ["actions/cache@v4", "actions/upload-artifact@v4"]


def test_the_workflow_runs_once_per_change_and_uses_the_action():
    on = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["push"] == {"branches": ["main"]} and "pull_request" in on
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is True
    steps = WORKFLOW["jobs"]["cv"]["steps"]
    assert any(step.get("uses") == "./" for step in steps)
    assert any(step.get("run") == ".ci/run" for step in steps)


def _resolve(value: str, inputs: dict[str, str]) -> str:
    """A step's env value with its ${{ }} expressions: only inputs and the action's path."""

    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(REPO)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        raise AssertionError(f"an expression this test cannot evaluate: {expression}")

    return EXPRESSION.sub(one, str(value))


def run_action(workspace: Path, **given: str) -> dict[str, str]:
    """Run the Action's `run` steps in order, as the runner would; the outputs they set."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()} | given
    output = workspace.parent / "github-output"
    output.write_text("", encoding="utf-8")
    base = dict(os.environ, GITHUB_OUTPUT=str(output), PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    for step in _steps():
        if "run" not in step:
            continue
        env = base | {key: _resolve(value, inputs) for key, value in step.get("env", {}).items()}
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, f"step {step['name']!r} failed:\n{proc.stdout}\n{proc.stderr}"
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


@pytest.mark.tex
def test_the_actions_steps_validate_and_render_a_users_cv(tmp_path):
    from cvtool.starter import starter_text

    workspace = tmp_path / "my-cv-repo"
    (workspace / "cv").mkdir(parents=True)
    (workspace / "cv" / "cv.yaml").write_text(starter_text(), encoding="utf-8")
    outputs = run_action(workspace, **{"cv": "cv/cv.yaml", "install-cvtool": "false",
                                       "file-name": "Me_CV_{lang}_{variant}"})
    assert outputs["pdfs"] == "cv/out"
    made = sorted(p.name for p in (workspace / "cv" / "out").iterdir())
    assert made == ["Me_CV_en_full.pdf", "Me_CV_en_short.pdf", "Me_CV_zh_full.pdf", "Me_CV_zh_short.pdf"]
    assert pages(workspace / "cv" / "out" / "Me_CV_zh_short.pdf") == 1


def test_a_cv_that_does_not_validate_fails_the_action(tmp_path):
    workspace = tmp_path / "repo"
    workspace.mkdir()
    (workspace / "cv.yaml").write_text("person: [unclosed\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not valid YAML"):
        run_action(workspace, **{"install-cvtool": "false"})
    assert not (workspace / "out").exists()
