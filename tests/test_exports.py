"""`cvtool export --format markdown|html|jsonresume|academicpages-cv`: the real CV in both languages
has every section and every publication in each format; JSON Resume validates against the official
schema; adversarial values come out as text in every format."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from cvtool.cli import app
from cvtool.exports import FORMATS, export_cv, view_of, writers
from cvtool.inline import parse, plain
from cvtool.load import load, load_text
from cvtool.model import CV
from cvtool.validate import validate
from cvtool.view import Publications

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 11, 1)
SCHEMA = json.loads(files("cvtool.exports").joinpath("jsonresume_schema/schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cv() -> CV:
    return validate(load(REPO / "cv.yaml")).cv


def cv_from(text: str) -> CV:
    return validate(load_text(textwrap.dedent(text), Path("cv.yaml"))).cv


def check_resume(text: str) -> dict:
    resume = json.loads(text)
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(resume)
    return resume


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def squash(text: str) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def test_the_cli_offers_exactly_the_registered_formats():
    from cvtool.cli.publications import ExportFormat

    assert tuple(writers()) == FORMATS
    assert set(FORMATS) <= {f.value for f in ExportFormat}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_real_cv_has_every_section_and_publication(cv, fmt, lang):
    view = view_of(cv, lang, DAY)
    out = export_cv(cv, fmt, lang, DAY)
    if fmt == "html":
        out = " ".join(elements(out).text)
    elif fmt == "jsonresume":
        out = json.dumps(check_resume(out), ensure_ascii=False)
    elif fmt in ("markdown", "academicpages-cv"):
        out = out.replace("&amp;", "&")
    shown = squash(out)
    titles = [s.title for s in view.sections]
    assert len(titles) == 7
    if fmt != "jsonresume":  # JSON Resume has its own section names; its mapping is checked below
        for title in titles:
            assert squash(title) in shown, (fmt, lang, title)
    pubs = [p for s in view.sections if isinstance(s.body, Publications) for g in s.body.groups for p in g.papers]
    assert len(pubs) == len(cv.publications) == 13
    for paper in pubs:
        assert squash(plain(parse(paper.title))) in shown, (fmt, lang, paper.title)
    if fmt != "academicpages-cv":  # the website shows the person in its sidebar (author_profile)
        assert squash(view.person.name) in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_jsonresume_maps_every_section(cv, lang):
    resume = check_resume(export_cv(cv, "jsonresume", lang, DAY))
    assert len(resume["education"]) == 3 and len(resume["work"]) == len(cv.sections["experience"].entries)
    assert len(resume["publications"]) == 13 and len(resume["awards"]) == len(cv.sections["awards"].entries)
    assert resume["education"][0]["startDate"] == "2021-08" and resume["education"][0]["endDate"] == "2025-07"
    c8 = next(p for p in resume["publications"] if p["label"] == "C8")
    assert c8["releaseDate"] == "2025-12" and c8["authors"][0] == "Qingyu Song"
    homeless = {s["id"]: s for s in resume["meta"]["cvtool"]["sections"]}
    assert set(homeless) == {"teaching"}
    assert len(homeless["teaching"]["lines"]) == len(cv.sections["teaching"].entries)
    assert len(resume["volunteer"]) == len(cv.sections["services"].entries)  # service → volunteer
    assert resume["basics"]["phones"] == list(cv.person.phones)
    if lang == "zh":
        assert resume["basics"]["name"] == "宋庆禹" and resume["education"][0]["studyType"] == "博士"


ATTACK = '''\
    person:
      name: "<script>alert('name')</script>"
      emails: ["a@example.org"]
      homepage: https://example.org/?q=<b>&x="y"
      links:
        - {label: "**bold?** {{ site.title }} {% include x %}", url: "https://example.org/a_(b)"}
    sections:
      research_interests:
        intro: "See [me](javascript:alert(1)) and [ok](https://example.org/ok) <img src=x onerror=alert(1)> $x^2$"
        topics:
          - {id: t, title: "# heading? | table | [x](y) ![i](https://example.org/i.png)"}
      experience:
        - organization: "</section><h2>injected</h2>"
          role: "1. not a list"
          description: "**real bold** then [evil](javascript:alert(2)) and <a href='javascript:x'>a</a> {{ 7*7 }}"
          date: 2020-01
      awards:
        - {title: "- item? > quote? `code`", date: 2021}
    '''


@pytest.fixture(scope="module")
def attack() -> CV:
    return cv_from(ATTACK)


def test_html_keeps_every_adversarial_value_as_text(attack):
    page = export_cv(attack, "html", "en", DAY)
    found = elements(page)
    assert [t for t, _ in found.tags if t in ("script", "img", "iframe")] == []
    assert sum(t == "h2" for t, _ in found.tags) == sum(t == "section" for t, _ in found.tags) == 3
    hrefs = [a.get("href") or "" for t, a in found.tags if t == "a"]
    assert hrefs and all(re.match(r"(https?:|mailto:|#)", h) for h in hrefs), hrefs
    assert "https://example.org/ok" in hrefs  # real markup still works
    assert any(t == "strong" for t, _ in found.tags)
    text = "".join(found.text)
    for shown in ("<script>alert('name')</script>", "</section><h2>injected</h2>", "<img src=x onerror=alert(1)>",
                  "[evil](javascript:alert(2))", "{{ 7*7 }}"):
        assert shown in text


def test_markdown_keeps_every_adversarial_value_as_text(attack):
    rendered = MarkdownIt("commonmark").render(export_cv(attack, "markdown", "en", DAY))
    found = elements(rendered)
    assert [t for t, _ in found.tags if t in ("script", "img", "iframe", "table", "code", "ol", "blockquote")] == []
    assert [t for t, _ in found.tags if t == "h1"] == ["h1"]
    hrefs = [a.get("href") or "" for t, a in found.tags if t == "a"]
    assert all(re.match(r"(https?:|mailto:)", h) for h in hrefs), hrefs
    assert "https://example.org/a_%28b%29" in hrefs
    text = "".join(found.text)
    for shown in ("<script>alert('name')</script>", "# heading? | table |", "1. not a list", "- item? > quote? `code`",
                  "[evil](javascript:alert(2))", "x²"):
        assert shown in text


MATH = """\
    person: {name: M}
    sections:
      summary: 'Regret $\\widetilde{O}(\\sqrt{T})$ for **$\\ell_1$ losses**, at $5 and $10, or \\$3.'
      awards:
        - {title: 'Prize for $\\mathcal{O}(n \\log n)$ sorting', date: 2020}
    """


@pytest.mark.parametrize("fmt", FORMATS)
def test_math_is_unicode_in_every_format(fmt):
    out = export_cv(cv_from(MATH), fmt, "en", DAY)
    if fmt == "html":
        assert '<span class="math">Õ(√T)</span>' in out and "<strong>" in out
        out = "".join(elements(out).text)
    elif fmt == "jsonresume":
        out = json.dumps(check_resume(out), ensure_ascii=False)
    else:
        out = "".join(elements(MarkdownIt("commonmark").render(out)).text)
    for shown in ("Regret Õ(√T) for ℓ₁ losses, at $5 and $10, or $3.", "Prize for 𝒪(n log n) sorting"):
        assert shown in out, (fmt, out)
    assert "\\sqrt" not in out and "\\widetilde" not in out


def test_academicpages_cv_page_runs_no_liquid_from_values(attack, cv):
    page = export_cv(attack, "academicpages-cv", "en", DAY)
    assert page.startswith('---\nlayout: archive\ntitle: "CV"\npermalink: /cv/\nauthor_profile: true\n---\n')
    assert re.findall(r"\{[{%]", page) == ["{%"] and "{% include base_path %}" in page
    body = page.split("{% include base_path %}", 1)[1]
    found = elements(MarkdownIt("commonmark").render(body))  # kramdown reads entities and escapes alike
    assert [t for t, _ in found.tags if t in ("script", "img", "iframe", "table", "code", "h2")] == []
    assert all(re.match(r"(https?:|mailto:)", a.get("href") or "") for t, a in found.tags if t == "a")
    assert "{{ 7*7 }}" in "".join(found.text) and "</section><h2>injected</h2>" in "".join(found.text)
    real = export_cv(cv, "academicpages-cv", "en", DAY)
    assert "Education\n======\n* **The Chinese University of Hong Kong**" in real
    assert export_cv(cv, "academicpages-cv", "zh", DAY).splitlines()[2:4] == ['title: "简历"', "permalink: /zh/cv/"]


def test_jsonresume_values_round_trip_as_plain_text(attack):
    resume = check_resume(export_cv(attack, "jsonresume", "en", DAY))
    assert resume["basics"]["name"] == "<script>alert('name')</script>"
    assert resume["work"][0]["name"] == "</section><h2>injected</h2>"
    assert resume["work"][0]["summary"].startswith("real bold then [evil](javascript:alert(2))")
    assert resume["basics"]["profiles"][0]["url"] == "https://example.org/a_(b)"


def test_cli_writes_each_format(tmp_path):
    runner = CliRunner()
    for fmt, name in (("html", "cv.html"), ("jsonresume", "resume.json"), ("markdown", "cv.md"),
                      ("academicpages-cv", "cv-page.md")):
        result = runner.invoke(app, ["export", str(REPO / "cv.yaml"), "--format", fmt, "--lang", "zh",
                                     "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "香港中文大学" in (tmp_path / name).read_text(encoding="utf-8")
    stdout = runner.invoke(app, ["export", str(REPO / "cv.yaml"), "-f", "markdown"])
    assert stdout.exit_code == 0 and stdout.output.startswith("# Qingyu Song (宋庆禹)\n")
    hant = runner.invoke(app, ["export", str(REPO / "cv.yaml"), "-f", "html", "-l", "zh-Hant"])
    assert hant.exit_code == 0 and '<html lang="zh-Hant">' in hant.output and "宋慶禹" in hant.output
    unknown = runner.invoke(app, ["export", str(REPO / "cv.yaml"), "-f", "html", "-l", "fr"])
    assert unknown.exit_code == 1 and "--lang fr: not a language of this CV" in unknown.output


EVERY_KIND = Path(__file__).parent / "corpus" / "exports" / "every-kind.yaml"


def section_words(section) -> list[str]:
    """The plain text of the first entry of a view section (what must show in any export)."""
    from cvtool.exports import fields
    from cvtool.view import Interests, Items, Paragraph

    body = section.body
    if isinstance(body, Paragraph):
        return [plain(parse(body.text))]
    if isinstance(body, Items):
        return [plain(parse(body.items[0].text))]
    if isinstance(body, Interests):
        return [body.current[0].title]
    if isinstance(body, Publications):
        return [plain(parse(body.groups[0].papers[0].title))]
    items = getattr(body, "entries", None) or getattr(body, "rows", None) or body.lines  # type: ignore[union-attr]
    return [plain(parse(s)) for s in fields.strings(items[0]) if not s.loc or s.loc[-1] != "url"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_section_kind_is_exported(fmt, lang):
    cv = validate(load(EVERY_KIND)).cv
    view = view_of(cv, lang, DAY)
    assert len({s.kind for s in view.sections}) == 21  # every kind of format 2
    out = export_cv(cv, fmt, lang, DAY)
    if fmt in ("markdown", "academicpages-cv"):
        out = MarkdownIt("commonmark").render(out)
    if fmt != "jsonresume":
        out = "".join(elements(out).text)
    else:
        resume = check_resume(out)
        homeless = {s["id"] for s in resume["meta"]["cvtool"]["sections"]}
        assert homeless == {"talks", "students", "teaching", "patents", "misc", "news", "highlights"}
        out = json.dumps(resume, ensure_ascii=False)
    shown = squash(out.replace("&amp;", "&"))
    for section in view.sections:
        if fmt != "jsonresume":
            assert squash(section.title) in shown, (fmt, section.id)
        for words in section_words(section):
            assert squash(words) in shown, (fmt, section.id, words)
