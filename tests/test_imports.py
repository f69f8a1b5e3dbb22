"""`cvtool import`: JSON Resume's official sample and a RenderCV CV become format-2 cv.yaml trees;
what does not fit is listed, never dropped silently; refused values (dates, javascript: links) too."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from cvtool.errors import CvError
from cvtool.imports import import_file, to_yaml
from cvtool.imports.jsonresume import convert as from_jsonresume
from cvtool.imports.rendercv import convert as from_rendercv

CORPUS = Path(__file__).parent / "corpus" / "imports"
SAMPLE = CORPUS / "jsonresume-sample.json"
RENDERCV = CORPUS / "rendercv-cv.yaml"


def entries(section):
    return section if isinstance(section, list) else section["entries"]


def test_jsonresume_sample_maps_every_section():
    imported = import_file("jsonresume", SAMPLE)
    cv, sections = imported.cv, imported.cv["sections"]
    assert cv["person"]["name"] == "Richard Hendriks"
    assert cv["person"]["emails"] == ["richard.hendriks@mail.com"]
    assert [link["label"] for link in cv["person"]["links"]] == ["Twitter", "SoundCloud"]
    assert list(sections) == ["summary", "experience", "volunteering", "education", "awards", "publications", "skills",
                              "languages", "interests", "references", "projects"]
    work = entries(sections["experience"])[0]
    assert (work["organization"], work["role"], work["start"], work["end"]) == ("Pied Piper", "CEO/President",
                                                                                 "2013-12-01", "2014-12-01")
    assert len(work["bullets"]) == 3
    assert sections["volunteering"] | {"entries": []} == {"kind": "experience", "title": "Volunteering", "entries": []}
    pub = entries(sections["publications"])[0]
    assert pub["id"] == "hendriks2014video" and pub["venue"] == {"name": "Hooli"}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("jsonresume-*.json")), ids=lambda p: p.stem)
def test_every_jsonresume_section_with_entries_becomes_a_section(path):
    resume = json.loads(path.read_text(encoding="utf-8"))
    imported = import_file("jsonresume", path)
    expected = {"work": "experience", "volunteer": "volunteering"}
    for key, value in resume.items():
        if key not in ("basics", "meta", "$schema") and value:
            assert expected.get(key, key) in imported.cv["sections"], key
    assert ("summary" in imported.cv["sections"]) == bool(resume["basics"].get("summary"))
    for line in imported.unmapped:  # each names where the value was in the resume, or is in cv.yaml
        assert line.startswith("cv.yaml sections.") or re.match(r"[A-Za-z]+", line).group(0) in resume, line


def test_jsonresume_reports_what_has_no_place():
    imported = import_file("jsonresume", SAMPLE)
    joined = "\n".join(imported.unmapped)
    assert "meta: no matching section" in joined
    assert "projects[0].type: no matching field" in joined
    assert "no authors given" in joined
    text = to_yaml(imported, "jsonresume", SAMPLE)
    assert text.startswith("# Imported by `cvtool import --from jsonresume` from jsonresume-sample.json.")
    assert "#   - meta: no matching section in cv.yaml" in text
    assert yaml.safe_load(text) == imported.cv


def test_jsonresume_refuses_unsafe_links_and_bad_dates():
    resume = {
        "basics": {"name": "X", "url": "javascript:alert(1)",
                   "profiles": [{"network": "GitHub", "url": "data:text/html,<script>alert(1)</script>"}]},
        "work": [{"name": "<script>alert(1)</script>", "startDate": "last spring", "endDate": "2020-13",
                  "url": "https://example.org/jobs"}],
        "projects": [{"name": "P", "url": "example.org/p"}],
    }
    imported = from_jsonresume(resume)
    assert "homepage" not in imported.cv["person"] and "links" not in imported.cv["person"]
    work = imported.cv["sections"]["experience"][0]
    assert work["organization"] == "<script>alert(1)</script>"  # kept as text; every export escapes it
    assert imported.cv["sections"]["projects"][0]["url"] == "https://example.org/p"
    assert "start" not in work and "end" not in work
    joined = "\n".join(imported.unmapped)
    for where in ("basics.url", "basics.profiles[0].url", "work[0].startDate", "work[0].endDate",
                  "work[0].url: no matching field"):
        assert where in joined


def test_jsonresume_missing_end_is_ongoing_and_bad_input_is_reported():
    imported = from_jsonresume({"basics": {}, "work": [{"name": "A", "startDate": "2020-01"}, "junk"],
                                "education": {"not": "a list"}})
    assert imported.cv["person"]["name"] == "Your Name"
    assert imported.cv["sections"]["experience"] == [{"organization": "A", "start": "2020-01", "end": "present"}]
    joined = "\n".join(imported.unmapped)
    assert "basics.name" in joined and "work[1]" in joined and "education: expected a list" in joined


def test_rendercv_maps_entry_types_to_kinds():
    imported = import_file("rendercv", RENDERCV)
    cv, sections = imported.cv, imported.cv["sections"]
    assert cv["person"]["links"][:3] == [
        {"label": "GitHub", "url": "https://github.com/adaquinn", "icon": "github"},
        {"label": "ORCID", "url": "https://orcid.org/0000-0002-1825-0097", "icon": "orcid"},
        {"label": "Mastodon", "url": "https://fosstodon.org/@ada", "icon": "mastodon"},
    ]
    kinds = {key: key if isinstance(s, list) else s["kind"] for key, s in sections.items()}
    assert kinds == {"summary": "paragraph", "education": "education", "experience": "experience",
                     "publications": "publications", "projects": "entries", "skills": "skills",
                     "honors": "bullets", "invited_talks": "bullets", "reviewing": "bullets"}
    phd = entries(sections["education"])[0]
    assert phd["thesis"] == "Scheduling Sparse Training on Shared Clusters"
    assert phd["advisor"] == "Prof. Lena Marx" and phd["bullets"] == ["GPA: 5.8/6.0"]
    assert entries(sections["experience"])[0]["end"] == "present"
    pubs = entries(sections["publications"])
    assert [p["kind"] for p in pubs] == ["conference", "journal", "preprint"]
    assert pubs[0]["authors"] == ["Ada Quinn", "Lena Marx"]  # RenderCV's *emphasis* of the owner dropped
    assert sections["invited_talks"]["title"] == "Invited Talks"
    quill = entries(sections["projects"])[0]
    assert (quill["title"], quill["url"]) == ("quill", "https://github.com/adaquinn/quill")  # was [quill](…)
    assert "venue" not in pubs[2] and pubs[2]["kind"] == "preprint"


def test_rendercv_reports_design_and_free_text_dates():
    joined = "\n".join(import_file("rendercv", RENDERCV).unmapped)
    for key in ("design:", "locale:", "settings:", "cv.sections.projects[1].date: date 'Spring 2019': expected"):
        assert key in joined


def test_rendercv_mixed_entry_types_are_reported():
    imported = from_rendercv({"cv": {"name": "A", "sections": {"Misc": [{"bullet": "one"}, {"label": "x", "details": "y"}],
                                                                "Empty": []}}})
    assert entries(imported.cv["sections"]["misc"]) == ["one"]
    joined = "\n".join(imported.unmapped)
    assert "cv.sections.Misc[1]: a different entry type" in joined and "cv.sections.Empty" in joined


def test_unreadable_input_is_a_located_error(tmp_path):
    bad = tmp_path / "r.json"
    bad.write_text('{"basics": {"name": "A",}}', encoding="utf-8")
    with pytest.raises(CvError, match=r"r\.json:1:25: not valid JSON"):
        import_file("jsonresume", bad)
    with pytest.raises(CvError, match="unknown import source"):
        import_file("linkedin", bad)
    json.loads(SAMPLE.read_text(encoding="utf-8"))  # the corpus file itself is valid


@pytest.mark.parametrize("path", [*sorted(CORPUS.glob("jsonresume-*.json")), RENDERCV], ids=lambda p: p.stem)
def test_every_import_validates_without_warnings(path, tmp_path):
    from cvtool.load import load
    from cvtool.validate import validate

    source = "rendercv" if path.suffix == ".yaml" else "jsonresume"
    out = tmp_path / "cv.yaml"
    out.write_text(to_yaml(import_file(source, path), source, path), encoding="utf-8")
    validated = validate(load(out))
    assert validated.warnings == []
    assert len(validated.cv.sections) >= 5


def test_jsonresume_interest_without_keywords_is_not_repeated():
    """A bare interest used to become "Hiking: Hiking"."""
    bare = from_jsonresume({"basics": {"name": "A"}, "interests": [{"name": "Hiking"}, {"name": "Chess"}]}).cv
    assert bare["sections"]["interests"] == {"kind": "paragraph", "title": "Interests", "text": "Hiking, Chess"}
    mixed = from_jsonresume({"basics": {"name": "A"}, "interests": [
        {"name": "Music", "keywords": ["Piano"]}, {"name": "Hiking"}]}).cv["sections"]["interests"]
    assert mixed["entries"] == [{"label": "Music", "items": ["Piano"]}, {"label": "Other", "items": ["Hiking"]}]


ROUND_TRIP_CV = """\
person: {name: Ann Lee}
sections:
  publications:
    - {id: lee2024, kind: conference, authors: [Wei Lin, Ann Lee], authors_incomplete: true, title: Sparse Things,
       venue: {short: NeurIPS, name: Advances in Neural Information Processing Systems, publisher: Curran},
       date: 2024-12, arxiv: "2501.18092"}
    - {id: lee2023, kind: preprint, authors: [Ann Lee], title: A Preprint, date: 2023, status: Under review}
  talks:
    - {title: Certificates, event: Stanford Systems Seminar, date: 2024-03}
  experience:
    - {organization: Lab, role: Intern, mentor: Dr. Wu, project: Solvers, location: Hong Kong, start: 2024-01, end: 2024-04}
  service:
    - {role: Reviewer, items: [ICML 2025, NeurIPS 2025]}
  education:
    - {school: CUHK, degree: Ph.D., field: CS, advisor: Prof. Xu, thesis: On Things, start: 2021-08, end: 2025-07}
"""


def test_jsonresume_reads_back_its_own_export(tmp_path):
    """Bug 1: the import made every paper the owner's alone, a NeurIPS paper a journal one, and lost
    `authors_incomplete` and the sections JSON Resume has no place for (kept under meta.cvtool)."""
    from cvtool.exports import export_cv
    from cvtool.load import load
    from cvtool.validate import validate

    source = tmp_path / "cv.yaml"
    source.write_text(ROUND_TRIP_CV, encoding="utf-8")
    before = validate(load(source)).cv
    resume = tmp_path / "resume.json"
    resume.write_text(export_cv(before, "jsonresume", "en", dt.date(2025, 11, 1)), encoding="utf-8")
    imported = import_file("jsonresume", resume)
    again = tmp_path / "again.yaml"
    again.write_text(to_yaml(imported, "jsonresume", resume), encoding="utf-8")
    after = validate(load(again)).cv
    fields = ("kind", "authors", "authors_incomplete", "title", "venue", "date", "arxiv", "status")
    def papers(cv):  # the export lists them in display order (preprints first)
        return sorted(([getattr(p, f) for f in fields] for p in cv.publications), key=repr)

    assert papers(after) == papers(before)
    talks, talks_before = after.sections["talks"], before.sections["talks"]
    assert (talks.kind, talks.title, talks.entries) == (talks_before.kind, talks_before.title, talks_before.entries)
    for kind in ("experience", "service", "education"):
        assert after.sections[kind].entries == before.sections[kind].entries, kind
    assert imported.unmapped == []
