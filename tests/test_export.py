"""Export: the academicpages website page and BibTeX, on the real cv.yaml and on small synthetic CVs."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares as mw
from typer.testing import CliRunner

from cvtool import labels
from cvtool.cli import app
from cvtool.export import academicpages, bib_escape, bibtex
from cvtool.load import load, load_text
from cvtool.model import CV
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent
# the owner's live website page, kept as a fixture: the export must reproduce it
SEED = REPO / "tests" / "corpus" / "website-publications.md"


@pytest.fixture(scope="module")
def cv() -> CV:
    return validate(load(REPO / "cv.yaml")).cv


def cv_from(text: str) -> CV:
    return validate(load_text(textwrap.dedent(text), Path("cv.yaml"))).cv


def norm(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


# ---------------------------------------------------------------- parsing a publications page


def page_papers(page: str) -> dict[tuple[str, int], str]:
    """(section heading, number) → normalized title, from a page in the seed's format."""
    papers = {}
    section = None
    for line in page.splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
            continue
        match = re.match(r"\[(\d+)\]\. (.*)", line)
        if not match:
            continue
        body = match[2]
        quoted = re.search(r'"(.+?)"', body)
        title = quoted[1] if quoted else body.split(". ")[1]
        papers[(section, int(match[1]))] = norm(title.replace("\\", ""))
    return papers


def page_interests(page: str) -> dict[str, set[str]]:
    """Topic title → set of labels, from the research-interest bullets."""
    out = {}
    for match in re.finditer(r"^\* (.+?)\.(?: \[([^\]]*)\])?$", page, re.MULTILINE):
        out[match[1]] = {x.strip() for x in (match[2] or "").split(",") if x.strip()}
    return out




# ---------------------------------------------------------------- academicpages


def test_website_lists_every_paper_of_the_seed_page(cv):
    seed = page_papers(SEED.read_text(encoding="utf-8"))
    ours = page_papers(academicpages(cv))
    assert len(seed) == 13
    assert ours == seed  # same sections, same numbers, same titles


def test_website_interest_label_lists_match_the_seed(cv):
    seed = page_interests(SEED.read_text(encoding="utf-8"))
    ours = page_interests(academicpages(cv))
    assert ours == seed
    assert ours["Learning to Optimize"] == {"P1", "C8", "C7", "C6", "C5", "W2", "W1"}


def test_website_front_matter_and_layout(cv):
    page = academicpages(cv)
    assert page.startswith(
        '---\nlayout: archive\ntitle: "Publications"\npermalink: /publications/\nauthor_profile: true\n---\n\n'
        "My current research interests:\n"
    )
    assert "* Learning to Optimize. [P1, C8, C7, C6, C5, W2, W1]\n" in page
    assert "\nMy past research topics:\n* Communication Efficient Federated Learning. [C4]\n" in page
    headings = re.findall(r"^### (.+)$", page, re.MULTILINE)
    assert headings == ["Preprints", "Conference Proceedings", "Workshops"]
    assert "\n\n\n### Conference Proceedings\n[8]. " in page
    assert page.endswith("\n") and not page.endswith("\n\n")


def test_website_entries_bold_the_owner_and_link_site_relative(cv):
    page = academicpages(cv)
    entries = [line for line in page.splitlines() if re.match(r"\[\d+\]\. ", line)]
    assert len(entries) == 13
    assert all("**Qingyu Song**" in line for line in entries)
    neurips = next(line for line in entries if "Gradient Descent" in line)
    assert neurips.startswith("[8]. **Qingyu Song**, Wei Lin, and Hong Xu. Learning Provably Improves")
    assert "In NeurIPS 2025." in neurips
    assert "[[link](/files/MathL2OProof_QYS.pdf)]" in neurips
    assert "simmonssong.github.io" not in page
    assert "[3]. Wei Lin, **Qingyu Song**, and Hong Xu. The Multi-Query Paradox in Zeroth-Order Optimization. " \
           "arXiv preprint arXiv:2509.15552 (2025)." in page
    assert "In ACM SigMetrics 2023, 1st Workshop on Learning-augmented Algorithms: Theory and Applications." in page


def test_website_google_scholar_footer(cv):
    page = academicpages(cv)
    last = page.rstrip("\n").splitlines()[-1]
    assert last.startswith("You can also find my articles on [my Google Scholar profile](https://scholar.google.com/")
    assert "user=C33tGsQAAAAJ" in last and "sortby=pubdate" in last


SMALL = """\
    person:
      name: Ann Lee
      homepage: https://ann.example.org/~ann/
    sections:
      research_interests:
        topics:
          - {id: t1, title: Star *Topics*}
          - {id: t2, title: Nothing yet}
      publications:
        - id: p1
          kind: journal
          authors: [Bo Chen, Ann Lee]
          title: "Under_scores, *stars* and {{ liquid }}"
          venue: {name: Journal of Things, publisher: ACM}
          date: 2023-02
          doi: 10.1000/xyz
          code: https://github.com/ann/p1
          pdf: https://ann.example.org/~ann/files/p1.pdf
          topics: [t1]
        - id: p2
          kind: conference
          status: to appear
          authors: [Ann Lee]
          title: Is it a question?
          venue: {short: CONF}
          date: 2024
          url: https://other.example.org/ann.example.org/x
"""


def test_website_without_scholar_link_escapes_and_labels():
    page = academicpages(cv_from(SMALL))
    assert "Google Scholar" not in page
    assert "* Star \\*Topics\\*. [J1]" in page
    assert "* Nothing yet.\n" in page  # no labels, no brackets
    assert "### Journal Articles\n[1]. Bo Chen and **Ann Lee**. " in page
    assert "Under\\_scores, \\*stars\\* and" in page
    assert "{% raw %}" in page and "{% endraw %}" in page  # Jekyll must not run Liquid on the title
    assert "ACM Journal of Things, 2023." in page
    assert "[[link](/~ann/files/p1.pdf)]" in page
    assert "[[DOI](https://doi.org/10.1000/xyz)]" in page
    assert "[[code](https://github.com/ann/p1)]" in page
    assert "[1]. **Ann Lee**. Is it a question? In CONF 2024 (to appear). [[page](https://other.example.org/" in page


def test_website_in_chinese_uses_chinese_headings(cv):
    page = academicpages(cv, "zh")
    assert "当前研究方向：" in page and "### 会议论文" in page
    assert "* 利用深度学习求解优化问题 [P1, C8, C7, C6, C5, W2, W1]\n" in page
    assert "Wei Lin, **Qingyu Song**, Hong Xu. The Multi-Query Paradox" in page


# ---------------------------------------------------------------- BibTeX


def parse_back(text: str):
    """The export read back by bibtexparser v2, LaTeX decoded by its own middleware."""
    library = bibtexparser.parse_string(text, append_middleware=[mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors()])
    assert library.failed_blocks == []
    return library


def test_bibtex_round_trips_through_bibtexparser(cv):
    library = parse_back(bibtex(cv))
    entries = {e.key: e for e in library.entries}
    assert set(entries) == {p.id for p in cv.publications}
    for pub in cv.publications:
        entry = entries[pub.id]
        assert entry["title"].replace("{", "").replace("}", "") == pub.title.get("en")
        assert entry["author"] == pub.authors
        assert entry["year"] == str(pub.date.year)
    types = {e.key: e.entry_type for e in library.entries}
    assert types["lin2025zo"] == "misc" and types["song2025gd"] == "inproceedings" and types["song2023icmlw"] == "inproceedings"
    assert entries["lin2025zo"]["eprint"] == "2509.15552" and entries["lin2025zo"]["archivePrefix"] == "arXiv"
    assert entries["song2025gd"]["url"] == "https://simmonssong.github.io/files/MathL2OProof_QYS.pdf"
    assert entries["song2024mimo"]["booktitle"] == "IEEE INFOCOM"
    assert "Workshop" in entries["song2023icmlw"]["booktitle"]


def test_bibtex_order_matches_the_cv(cv):
    keys = re.findall(r"^@\w+\{([^,]+),", bibtex(cv), re.MULTILINE)
    assert keys == [p.id for p in labels.display_order(cv.publications)]


TRICKY = """\
    person: {name: Zoë Müller}
    sections:
      publications:
        - id: tricky.2024
          kind: journal
          authors: ["Zoë Müller", "Jean-Łukasz Dvořák", "宋庆禹", "Barnes and Noble Group"]
          title: "50% of $x & y_z {braces} ~tilde^ \\\\back #hash: GPU and MIMO on naïve École"
          venue: {name: "Journal of A & B"}
          date: 2024-11
          doi: 10.1000/a_b%c
        - id: pre
          kind: preprint
          authors: [Zoë Müller]
          title: A preprint without arXiv
          status: in submission
          date: 2025
"""


def test_bibtex_escapes_special_characters_and_round_trips():
    cv = cv_from(TRICKY)
    text = bibtex(cv)
    assert r"50\% of \$x \& y\_z \{braces\} {\textasciitilde}tilde{\textasciicircum} {\textbackslash}back \#hash" in text
    assert r"{GPU}" in text and r"{MIMO}" in text  # capitals protected from sentence-case styles
    assert r"Zo{\"e} M{\"u}ller" in text
    assert "{Barnes and Noble Group}" in text
    assert "宋庆禹" in text
    assert "doi = {10.1000/a_b%c}" in text
    assert "month = nov" in text
    library = parse_back(text)
    entries = {e.key: e for e in library.entries}
    entry = entries["tricky.2024"]
    assert entry.entry_type == "article" and entry["journal"] == "Journal of A & B"
    title = cv.publications[0].title.get("en")
    decoded = entry["title"]
    # pylatexenc (bibtexparser's decoder) reads {\textasciicircum} as U+02C6, not ^
    assert decoded.replace("\u02c6", "^") == title
    assert entry["author"][:3] == ["Zoë Müller", "Jean-Łukasz Dvořák", "宋庆禹"]
    pre = entries["pre"]
    assert pre.entry_type == "misc" and "eprint" not in pre and pre["note"] == "in submission"


def test_bib_escape_leaves_plain_text_alone():
    assert bib_escape("Learning to Optimize") == "Learning to Optimize"
    assert bib_escape("naïve café") == r"na{\"\i}ve caf{\'e}"


# ---------------------------------------------------------------- CLI


runner = CliRunner()


def test_cli_export_to_stdout_and_to_a_file(tmp_path, repo):
    result = runner.invoke(app, ["export", str(repo / "cv.yaml"), "--format", "bibtex", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert "@inproceedings{song2025gd," in result.stdout
    target = tmp_path / "site" / "publications.md"
    target.parent.mkdir()
    result = runner.invoke(app, ["export", str(repo / "cv.yaml"), "--format", "academicpages", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("---\nlayout: archive\n")
    assert not list(target.parent.glob(".*.part"))


def test_cli_export_bad_input_exits_1_without_traceback(write_yaml, tmp_path):
    bad = write_yaml("person: {name: Ann}\nsections:\n  publications: [{id: x}]\n")
    result = runner.invoke(app, ["export", str(bad), "--format", "academicpages"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "missing required field" in result.output
    result = runner.invoke(app, ["export", str(tmp_path / "nope.yaml"), "--format", "bibtex"])
    assert result.exit_code == 1 and "no such file" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["export", str(bad), "--format", "docx"])
    assert result.exit_code == 2 and "Traceback" not in result.output
