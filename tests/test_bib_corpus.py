"""Real .bib files (tests/corpus/bib, see its README) import entry by entry and render.

Every entry of every file is accounted for (a decision with its line), importing a file again
or cvtool's own BibTeX export changes nothing, and the CV with all of them renders in both
languages with citations a reviewer would accept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdftools import squash, text_of

from cvtool.bib.parse import parse_entries
from cvtool.bib.plan import import_bib
from cvtool.export import bibtex
from cvtool.load import load
from cvtool.validate import validate

CORPUS = Path(__file__).resolve().parent / "corpus" / "bib"
FILES = sorted(CORPUS.glob("*.bib")) + sorted((CORPUS / "acl-anthology-folder").glob("*.bib"))
CV = "person:\n  name: {en: Nutan Limaye, zh: 宋庆禹}\n  name_variants: [Qingyu Song, Maria Ryskina, David Doukhan]\n"


def test_the_corpus_has_the_kinds_the_issue_names():
    assert len(FILES) >= 10
    text = "\n".join(p.read_text(encoding="utf-8") for p in FILES).lower()
    # (@book, @mastersthesis, @techreport, @patent: no real file of ours has them; test_bibimport covers their kinds)
    for kind in ("@phdthesis", "@proceedings", "@incollection", "@report", "@unpublished", "@misc",
                 "crossref", "selected", "{others}", "@inproceedings"):
        assert kind in text, kind


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, dict[str, list]]:
    """One CV with every corpus file imported in turn; the decisions of each file."""
    cv = tmp_path_factory.mktemp("corpus") / "cv.yaml"
    cv.write_text(CV, encoding="utf-8")
    decisions = {}
    for bib in FILES:
        decisions[bib.name] = import_bib(cv, bib).decisions
    return cv, decisions


@pytest.mark.parametrize("bib", FILES, ids=lambda p: p.name)
def test_every_entry_is_accounted_for(imported, bib):
    _, decisions = imported
    entries, bad = parse_entries(bib.read_text(encoding="utf-8"))
    got = decisions[bib.name]
    assert sorted(d.line for d in got) == sorted([e.line for e in entries] + [b.line for b in bad])
    for d in got:
        assert d.reason and d.action in ("added", "merged", "updated", "unchanged", "skipped")
        if d.action != "skipped":
            assert d.id, d


def test_what_is_skipped_is_what_should_be(imported):
    _, decisions = imported
    skipped = {(name, d.key): d.reason for name, ds in decisions.items() for d in ds if d.action == "skipped"}
    reasons = set(skipped.values())
    assert all(re.match(r"(the proceedings that|a talk|no `author`)", r) for r in reasons), reasons
    assert sum(name == "dblp-crossref.bib" for name, _ in skipped) == 39  # its 39 @proceedings, nothing else


def test_versions_fold_and_kinds_come_from_the_venue(imported):
    cv_path, decisions = imported
    cv = validate(load(cv_path)).cv
    by_id = {p.id: p for p in cv.publications}
    merged = [d for d in decisions["dblp-condensed.bib"] if d.action == "merged"]
    assert len(merged) == 40  # the CoRR and ECCC versions of published papers
    stoc = by_id["DBLP-conf-stoc-HakoniemiLT24"]
    assert stoc.arxiv == "2412.20114" and stoc.kind == "conference" and stoc.venue.short == "STOC"
    latin, algorithmica = by_id["DBLP-conf-latin-ChauguleL22"], by_id["DBLP-journals-algorithmica-ChauguleL24"]
    assert latin.id in algorithmica.related and algorithmica.id in latin.related  # conference + journal version
    neurips = by_id["Zhao_2025_NeurIPS"]  # filed as @article with journal = NeurIPS
    assert neurips.kind == "conference" and neurips.venue.short == "NeurIPS"
    thesis = by_id["ryskina-2022-thesis"]
    assert thesis.kind == "thesis" and thesis.degree == "PhD" and thesis.institution.get("en") == "Carnegie Mellon University"
    assert {p.kind for p in cv.publications} >= {"preprint", "journal", "conference", "workshop", "chapter", "thesis", "report"}
    damd = by_id["zhang2020task"]  # al-folio fields
    assert damd.arxiv == "1911.10484" and damd.code and damd.selected and damd.abbr == "AAAI"
    assert "preview" in damd.bibtex and "abstract" in damd.bibtex


def test_importing_again_and_importing_the_export_change_nothing(imported, tmp_path):
    cv_path, _ = imported
    before = cv_path.read_bytes()
    for bib in (CORPUS / "dblp-condensed.bib", CORPUS / "alfolio-acl.bib", CORPUS / "biblatex-reports.bib",
                CORPUS / "zotero-unpublished.bib"):
        plan = import_bib(cv_path, bib)
        assert not plan.changed, (bib.name, [d.describe(bib.name) for d in plan.decisions if d.action == "updated"])
    export = tmp_path / "export.bib"
    export.write_text(bibtex(validate(load(cv_path)).cv), encoding="utf-8")
    plan = import_bib(cv_path, export)
    assert {d.action for d in plan.decisions} == {"unchanged"}, [d.describe("export.bib") for d in plan.decisions
                                                                 if d.action != "unchanged"][:5]
    assert cv_path.read_bytes() == before


def test_the_export_keeps_every_imported_field(imported):
    cv_path, _ = imported
    out = bibtex(validate(load(cv_path)).cv)
    entry = out[out.index("@inproceedings{DBLP-conf-coco-FournierLM0T23,"):]
    entry = entry[: entry.index("\n}\n")]
    for field in ("series = {LIPIcs}", "volume = {264}", "pages = {28:1--28:19}", "eprint = {2302.06984}"):
        assert field in entry, entry
    assert r"$\oplus$" in out  # math in a DBLP title survives import and export


@pytest.mark.tex
def test_the_corpus_cv_renders_in_both_languages(imported, tmp_path):
    from pdftools import build

    cv_path, _ = imported
    texts = {r.target.lang: " ".join(text_of(r.path).split()) for r in build(cv_path, tmp_path)}
    for text in texts.values():
        assert "et al.." not in text and "?.”" not in text and "arXiv preprint" not in text
        assert squash("Learning Computational Models of Non-Standard Language") in squash(text)
        assert squash("Functional Lower Bounds in Algebraic Proofs: Symmetry, Lifting, and Barriers.” In ACM STOC 2024.") in squash(text)
    assert squash("PhD thesis, Carnegie Mellon University, 2022.") in squash(texts["en"])
    assert squash("博士学位论文, Carnegie Mellon University, 2022.") in squash(texts["zh"])
