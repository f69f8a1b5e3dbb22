"""The one-page guarantee and profiles, with real xelatex."""

from __future__ import annotations

import pytest
from pdftools import MINIMAL, REAL_CV, build, build_text, pages, squash, text_of

from cvtool.errors import CvError

pytestmark = pytest.mark.tex

LOREM = (
    "We study learned optimizers and their convergence under distribution shift, unrolling classical "
    "iterations into networks whose parameters are trained end to end, and prove rates that hold "
    "outside the training distribution. "
)


def overlong(n_experience: int = 14, n_awards: int = 12, forced: bool = False) -> str:
    """A CV that cannot fit on one page at 11pt: long descriptions, many awards."""
    lines = [MINIMAL, "  experience:"]
    for i in range(n_experience):
        lines += [
            f"    - id: job{i}",
            f"      organization: Lab number {i}",
            "      role: Researcher",
            f"      start: {2000 + i}-01",
            f"      end: {2000 + i}-12",
            f"      priority: {i}",
            f"      description: \"{LOREM * 3}\"",
        ]
        if forced:
            lines.append("      short: true")
    lines.append("  awards:")
    for i in range(n_awards):
        lines += [f"    - id: award{i}", f"      title: Award number {i}", f"      date: {2000 + i}", f"      priority: {i}"]
    lines += [
        "variants:",
        "  short:",
        "    sections:",
        "      experience: {compact: false}",
        "    drop_order: [awards, experience]",
    ]
    return "\n".join(lines) + "\n"


def test_real_cv_short_fits_in_at_most_two_runs(tmp_path):
    results = build(REAL_CV, tmp_path, variants=("short",), updated="2026-11")
    for r in results:
        assert r.pages == 1
        assert r.runs <= 2, "the usual case: one run, or one to measure and one tightened"
        assert not any("dropped" in line for line in r.report), "the real CV needs no drops"


def test_overlong_cv_is_tightened_then_trimmed_to_one_page_and_reports_drops(tmp_path):
    results = build_text(overlong(), tmp_path, variants=("short",), updated="2026-11")
    for r in results:
        assert pages(r.path) == 1
        report = "\n".join(r.report)
        assert "tightened to" in report
        dropped = [line for line in r.report if line.startswith("dropped to fit one page:")]
        assert dropped[0] == "dropped to fit one page: awards: “Award number 0” (award0; dropped to fit one page)", (
            "the lowest priority goes first; among equals, the section drop_order names first")
        assert not any("job13" in line or "award11" in line for line in dropped), "each section keeps its best"
        text = squash(text_of(r.path))
        assert squash("Lab number 13") in text and squash("Award number 11") in text
        assert r.runs <= 4, f"fitting should take few TeX runs, took {r.runs}"  # long prose: the model is rough


def test_what_cannot_fit_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(CvError) as err:
        build_text(overlong(n_experience=30, forced=True), tmp_path, langs=("en",), variants=("short",))
    assert "does not fit on one page" in err.value.format()
    assert "still on page 2: job" in err.value.format(), "the refusal names what overflows"
    assert not (out / "cv-en-short.pdf").exists()


def test_full_variant_of_the_same_overlong_cv_is_several_pages(tmp_path):
    results = build_text(overlong(), tmp_path, langs=("en",), variants=("full",))
    assert results[0].pages > 1


def test_a_profile_changes_what_is_shown_and_the_file_name(tmp_path):
    plain = build(REAL_CV, tmp_path / "plain", langs=("en",), variants=("short",), updated="2026-11")[0]
    focused = build(REAL_CV, tmp_path / "l2o", langs=("en",), variants=("short",), profile="l2o", updated="2026-11")[0]
    assert focused.path.name == "cv-en-short-l2o.pdf"
    plain_text, focused_text = text_of(plain.path), text_of(focused.path)
    # off-topic papers give way to on-topic ones
    assert "Fed2Com" in plain_text and "Fed2Com" not in focused_text
    assert "Learning to Optimize Non-Convex" in focused_text
    # the profile's topics come first in the research interests
    interests = focused_text.split("Research Interests")[1]
    assert interests.index("Learning to Optimize") < interests.index("Zeroth-Order Optimization")
    assert pages(focused.path) == 1


def test_fit_floors_above_the_starting_size_are_located_errors(tmp_path):
    from cvtool.load import load_text
    from cvtool.validate import validate

    text = MINIMAL + "variants:\n  short:\n    fit: {min_font_size: 12, min_margin_cm: 3}\n"
    with pytest.raises(CvError) as err:
        validate(load_text(text, tmp_path / "cv.yaml"))
    message = err.value.format()
    assert "variants.short.fit.min_font_size: 12pt is above the design's font size (11pt)" in message
    assert "variants.short.fit.min_margin_cm: 3 cm is above the page margin" in message
