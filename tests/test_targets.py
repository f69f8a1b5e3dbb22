"""Naming the PDFs: the one place (`targets.jobs_for`), its default and the --file-name pattern."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtool.errors import CvError
from cvtool.targets import Target, jobs_for

OUT = Path("/o")
BOTH = [Target("en", "full"), Target("zh", "short")]


def test_the_default_names_and_a_profile():
    jobs = jobs_for(BOTH + [Target("en", "short", "l2o")], Path("/cvs/my-cv.yaml"), OUT)
    assert [j.pdf for j in jobs] == [OUT / "my-cv-en-full.pdf", OUT / "my-cv-zh-short.pdf", OUT / "my-cv-en-short-l2o.pdf"]
    assert [j.jobname for j in jobs] == ["my-cv-en-full", "my-cv-zh-short", "my-cv-en-short-l2o"]


def test_a_pattern_names_the_pdfs_and_leaves_the_tex_jobname_alone():
    jobs = jobs_for(BOTH, Path("cv.yaml"), OUT, "Ada_Lovelace_CV_{lang}_{variant}")
    assert [j.pdf.name for j in jobs] == ["Ada_Lovelace_CV_en_full.pdf", "Ada_Lovelace_CV_zh_short.pdf"]
    assert [j.jobname for j in jobs] == ["cv-en-full", "cv-zh-short"]
    placed = jobs_for([Target("en", "full", "l2o")], Path("cv.yaml"), OUT, "{profile}_{lang}")
    assert placed[0].pdf.name == "l2o_en.pdf"


@pytest.mark.parametrize(("pattern", "words"), [
    ("{name}_{lang}", "cannot fill it"),
    ("CV_{lang", "cannot fill it"),
    ("../{lang}-{variant}", "without folders"),
    (".{lang}-{variant}", "not hidden"),
    ("CV_{lang}", "several PDFs the name CV_en.pdf"),
])
def test_a_bad_pattern_is_refused_with_what_to_do(pattern, words):
    with pytest.raises(CvError) as err:
        jobs_for(BOTH + [Target("en", "short")], Path("cv.yaml"), OUT, pattern)
    assert words in err.value.format()
