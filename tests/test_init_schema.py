"""`cvtool init` (the starter CV) and `cvtool schema` (the JSON Schema editors use)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pdftools import REAL_CV, build, pages, squash, text_of
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.load import load
from cvtool.model import PUBLICATION_KINDS
from cvtool.schema import DRAFT, SCHEMA_FILENAME, SCHEMA_URL, json_schema, schema_text
from cvtool.starter import starter_text
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "cvtool" / "starter.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=./cv.schema.json"  # the real CV, beside its schema
STARTER_SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_URL}"  # a new CV, anywhere

runner = CliRunner()


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


# ---------------------------------------------------------------- init


def test_init_writes_the_starter_and_the_schema_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert "wrote cv.yaml and cv.schema.json" in result.output
    text = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    assert text == starter_text() == STARTER.read_text(encoding="utf-8")
    assert text.splitlines()[0] == STARTER_SCHEMA_LINE
    assert (tmp_path / SCHEMA_FILENAME).read_text(encoding="utf-8") == schema_text()


def test_init_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("person: {name: Me}\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "person: {name: Me}\n"
    assert not (tmp_path / SCHEMA_FILENAME).exists(), "a refused init writes nothing"

    result = runner.invoke(app, ["init", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == starter_text()
    assert not list(tmp_path.glob(".*.part")), "no temporary files are left behind"


def test_init_into_a_new_or_existing_folder(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "new" / "cv.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "cv.yaml").is_file() and (tmp_path / "new" / SCHEMA_FILENAME).is_file()
    result = runner.invoke(app, ["init", str(tmp_path / "new")])
    assert result.exit_code == 1, "a folder means folder/cv.yaml, which now exists"


def test_starter_validates_without_errors_or_warnings():
    validated = validate(load(STARTER), strict=True)
    assert validated.warnings == []


def test_starter_has_every_section_kind():
    cv = validate(load(STARTER)).cv
    kinds = {s.kind for s in cv.sections.values()}
    assert kinds == {"education", "research_interests", "publications", "experience", "teaching", "awards", "service"}
    assert all(getattr(s, "entries", None) or getattr(s, "topics", None) for s in cv.sections.values())
    interests = cv.sections["research_interests"]
    assert interests.intro and cv.topics
    assert cv.meta.subject and cv.meta.keywords
    # the paper kinds; books, theses, reports, patents are shown by the imported corpus (test_bib_corpus)
    assert {p.kind for p in cv.publications} == set(PUBLICATION_KINDS[:4])
    assert "short" in cv.variants and len(cv.profiles) == 1
    assert any(t.cite for t in cv.topics)


def test_starter_comments_teach_the_format():
    text = starter_text()
    for lesson in ("{en:", "present", "priority", "short: true", "never type them",
                   "**bold**", "*italic*", "[link text](https://", "cvtool validate"):
        assert lesson in text, lesson


def test_starter_teaches_the_current_format_and_the_math_rule():
    """The look is a `design:` block (layout.font_size is the older form), and `$…$` is math."""
    text = starter_text()
    data = yaml.safe_load(text)
    assert "design" in data and "layout" not in data
    assert "`\\$` for a dollar sign" in text and "$\\sqrt{T}$" in text
    assert "(%, $," not in text  # `$` does not print as typed: it opens math


@pytest.mark.tex
def test_starter_renders_in_all_four_variants_as_is(tmp_path):
    source = tmp_path / "cv.yaml"
    source.write_text(starter_text(), encoding="utf-8")
    results = build(source, tmp_path / "out", variants=("full", "short"), updated="2026-01")
    assert sorted(r.path.name for r in results) == ["cv-en-full.pdf", "cv-en-short.pdf", "cv-zh-full.pdf", "cv-zh-short.pdf"]
    assert all(r.warnings == [] for r in results), [r.warnings for r in results]
    for lang in ("en", "zh"):
        assert pages(tmp_path / "out" / f"cv-{lang}-short.pdf") == 1
    assert squash("Alex Chen") in squash(text_of(tmp_path / "out" / "cv-en-full.pdf"))
    assert squash("陈安") in squash(text_of(tmp_path / "out" / "cv-zh-full.pdf"))


# ---------------------------------------------------------------- schema


def test_schema_is_draft_2020_12_with_an_id_and_a_title():
    schema = json_schema()
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_URL and SCHEMA_URL.startswith("https://") and schema["title"] == "cvtool CV"
    assert SCHEMA_URL in (REPO / "README.md").read_text(encoding="utf-8"), "the README says where it is published"
    assert schema["required"] == ["person"] and schema["additionalProperties"] is False
    jsonschema.Draft202012Validator.check_schema(schema)
    refs = {m for m in json.dumps(schema).split('"') if m.startswith("#/$defs/")}
    assert {r.removeprefix("#/$defs/") for r in refs} == set(schema["$defs"]), "every definition is used and present"


def test_committed_schema_is_the_generated_one():
    committed = (REPO / SCHEMA_FILENAME).read_text(encoding="utf-8")
    assert committed == schema_text(), "cv.schema.json is stale: run `cvtool schema --out cv.schema.json`"
    assert REAL_CV.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_schema_command_prints_or_writes(tmp_path):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    out = tmp_path / "sub" / "s.json"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()


@pytest.mark.parametrize("source", [REAL_CV, STARTER], ids=["cv.yaml", "starter"])
def test_real_documents_satisfy_the_schema(validator, source):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load(source).data)]
    assert errors == []


def _broken(data: dict, how: str) -> dict:
    data = copy.deepcopy(data)
    if how == "unknown top-level key":
        data["publicatons"] = []
    elif how == "unknown nested key":
        data["sections"]["education"][0]["degre"] = "B.S."
    elif how == "wrong type: list for text":
        data["person"]["name"] = ["Alex", "Chen"]
    elif how == "wrong type: number for list":
        data["sections"]["publications"][0]["authors"] = 3
    elif how == "bad date":
        data["sections"]["awards"][0]["start"] = "May 2016"
    elif how == "unknown language":
        data["person"]["name"] = {"en": "Alex", "English": "Alex"}  # not a language tag
    elif how == "unknown kind":
        data["sections"]["publications"][0]["kind"] = "poster"
    elif how == "missing person":
        del data["person"]
    elif how == "unknown section kind":
        data["sections"]["invited"] = {"kind": "talk", "entries": []}
    elif how == "a field of another kind":
        data["sections"]["education"][0]["funder"] = "NSF"
    return data


@pytest.mark.parametrize("how", [
    "unknown top-level key", "unknown nested key", "wrong type: list for text", "wrong type: number for list",
    "bad date", "unknown language", "unknown kind", "missing person", "unknown section kind",
    "a field of another kind",
])
def test_broken_documents_fail_the_schema(validator, how):
    data = _broken(load(STARTER).data, how)
    assert not validator.is_valid(data), how
