"""import-bib: BibTeX → cv.yaml, keeping comments, order and quoting; bad input changes nothing."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvtool.bib.kinds import infer_kind
from cvtool.bib.latex import decode as decode_latex
from cvtool.bib.parse import parse_entries
from cvtool.bib.plan import import_bib, plan_import
from cvtool.bib.record import build_record
from cvtool.bib.venues import default_venues
from cvtool.cli import app
from cvtool.errors import CvError
from cvtool.export import bibtex
from cvtool.load import load
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def cv_copy(tmp_path: Path) -> Path:
    """A copy of the real cv.yaml in tmp_path."""
    target = tmp_path / "cv.yaml"
    shutil.copyfile(REPO / "cv.yaml", target)
    return target


def write_bib(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def publications(path: Path):
    return validate(load(path)).cv.publications


def top_level_keys(text: str) -> list[str]:
    return re.findall(r"^([a-z_]+):", text, re.MULTILINE)


def item_block(text: str, pub_id: str) -> str:
    """The text of one publication item, from its `- id:` line up to the next item or comment line."""
    match = re.search(rf"^    - id: {re.escape(pub_id)}\b.*?(?=^    - |^    #|^ {{0,2}}\S|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, pub_id
    return match.group(0).rstrip("\n") + "\n"


ACCENTS_BIB = r"""
    % comments outside entries are fine
    @inproceedings{muller2024gpu,
      author = {M{\"u}ller, Hans and Song, Qingyu and {\'E}cole, Andr{\'e}},
      title = {Fast {GPU} Kernels for {\'E}cole Data},
      booktitle = {Proceedings of the International Conference on Things},
      year = 2024,
      month = mar,
      doi = {https://doi.org/10.1000/abc},
    }
"""


# ---------------------------------------------------------------- decoding and kinds


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"{\'E}cole", "École"),
        (r"Fast {GPU} kernels", "Fast GPU kernels"),
        (r"A \& B: 50\% \$5", "A & B: 50% $5"),
        (r"J.~Doe", "J. Doe"),
        (r"Dvo{\v{r}}{\'a}k", "Dvořák"),
        ("\\textbf{bold}  and\n  spaces", "bold and spaces"),
    ],
)
def test_decode_latex(latex, text):
    assert decode_latex(latex) == text


@pytest.mark.parametrize(
    ("entry_type", "fields", "kind"),
    [
        ("misc", {"eprint": "2501.18092", "archiveprefix": "arXiv"}, "preprint"),
        ("article", {"journal": "arXiv preprint arXiv:2501.18092"}, "preprint"),
        ("article", {"journal": "CoRR"}, "preprint"),
        ("article", {"journal": "Electron. Colloquium Comput. Complex."}, "preprint"),
        ("article", {"journal": "IEEE Transactions on Networking"}, "journal"),
        ("article", {"journal": "Advances in Neural Information Processing Systems"}, "conference"),  # Scholar's @article
        ("inproceedings", {"booktitle": "IEEE Transactions on Pattern Analysis and Machine Intelligence (TPAMI)"}, "journal"),
        ("inproceedings", {"booktitle": "Proceedings of the ICML Workshop on X"}, "workshop"),
        ("inproceedings", {"booktitle": "Advances in Neural Information Processing Systems", "eprint": "1"}, "conference"),
        ("unpublished", {}, "preprint"),
        ("book", {}, "book"),
        ("incollection", {"booktitle": "Handbook of Things"}, "chapter"),
        ("phdthesis", {}, "thesis"),
        ("mastersthesis", {}, "thesis"),
        ("techreport", {}, "report"),
        ("patent", {}, "patent"),
    ],
)
def test_infer_kind(entry_type, fields, kind):
    assert infer_kind(entry_type, fields, default_venues())[0] == kind


def records_of(text: str) -> list:
    entries, bad = parse_entries(textwrap.dedent(text))
    assert bad == []
    return [build_record(e, default_venues()) for e in entries]


def test_records_split_names_and_read_arxiv_and_dates():
    first, second = records_of(r"""
        @article{gs2024,
          title={Adaptive step sizes},
          author={Lin, Wei and Song, Qingyu and van der Berg, Anna and others},
          journal={arXiv preprint arXiv:2412.00059},
          year={2024}
        }
        @misc{u, author = {A B}, title = {T}, year = {2023}, month = {July},
              url = {https://arxiv.org/abs/2301.00001v2}}
        """)
    assert first.item["authors"] == ["Wei Lin", "Qingyu Song", "Anna van der Berg"]
    assert first.item["authors_incomplete"] is True
    assert first.kind == "preprint" and first.item["arxiv"] == "2412.00059" and "venue" not in first.item
    assert first.item["date"] == 2024
    assert second.item["arxiv"] == "2301.00001v2" and "url" not in second.item and second.item["date"] == "2023-07"


def test_records_resolve_strings_concatenation_and_parentheses():
    [record] = records_of(r"""
        @string{icml = "International Conference on Machine Learning"}
        @inproceedings(paren2024,
          author = "Song, Qingyu and Dupont, Jean",
          title = "A {\em Paren} Entry with $\alpha$-Stable {N}oise",
          booktitle = icml # " 2024",
          year = 2024, month = "Sept."
        )
        """)
    assert record.item["venue"] == {"short": "ICML", "name": "International Conference on Machine Learning 2024"}
    assert record.item["title"] == r"A Paren Entry with $\alpha$-Stable Noise"  # math kept for the math typesetter
    assert record.item["date"] == "2024-09" and record.kind == "conference"


def test_a_workshop_at_a_known_host_keeps_its_own_name():
    """`ICML 2023 Workshop on Distribution Shifts` used to print as "In ICML 2023." (bug 2)."""
    at_host, bare = records_of(r"""
        @inproceedings{w, author = {A B}, title = {T}, booktitle = {ICML 2023 Workshop on Distribution Shifts}, year = 2023}
        @inproceedings{v, author = {A B}, title = {T}, booktitle = {AAAI Workshops}, year = 2023}
        """)
    assert at_host.kind == "workshop"
    assert at_host.item["venue"] == {"short": "ICML", "name": "ICML 2023 Workshop on Distribution Shifts",
                                     "workshop": "Workshop on Distribution Shifts"}
    assert "workshop" not in bare.item["venue"]  # nothing of its own besides the host: the name prints whole


# ---------------------------------------------------------------- adding


def test_import_with_accents_and_braces_round_trips_and_validates(tmp_path, cv_copy):
    bib = write_bib(tmp_path, ACCENTS_BIB)
    plan = import_bib(cv_copy, bib)
    assert [(c.action, c.id) for c in plan.decisions] == [("added", "muller2024gpu")]
    pubs = {p.id: p for p in publications(cv_copy)}  # the written file still validates
    new = pubs["muller2024gpu"]
    assert new.authors == ["Hans Müller", "Qingyu Song", "André École"]
    assert new.title.get("en") == "Fast GPU Kernels for École Data"
    assert new.kind == "conference" and new.venue.name.get("en") == "Proceedings of the International Conference on Things"
    assert str(new.date) == "2024-03" and new.doi == "10.1000/abc" and new.topics == []
    text = cv_copy.read_text(encoding="utf-8")
    assert "authors: [Hans Müller, Qingyu Song, André École]" in text  # UTF-8, flow style like the rest
    # and it exports back to the same BibTeX text the importer understands
    cv = validate(load(cv_copy)).cv
    assert r"M{\"u}ller" in bibtex(cv) and r"{\'E}cole" in bibtex(cv)


def test_import_drops_a_title_stop_keeps_case_braces_and_editors_et_al(tmp_path, cv_copy):
    """Bug 7: "Title." stored with its stop; {L}earning's braces lost on export; editors `and others`
    lost; every entry given an empty `topics: []`."""
    bib = write_bib(tmp_path, r"""
        @incollection{doe2023,
          author = {Song, Qingyu and Doe, Jane},
          title = {{L}earning under {B}ayesian Shift.},
          booktitle = {Handbook of Things}, editor = {Smith, Ann and others},
          year = {2023}
        }
        """)
    import_bib(cv_copy, bib)
    text = cv_copy.read_text(encoding="utf-8")
    block = item_block(text, "doe2023")
    assert "title: Learning under Bayesian Shift\n" in block
    assert "topics" not in block
    exported = bibtex(validate(load(cv_copy)).cv)
    entry = exported[exported.index("{doe2023,"):].split("\n}")[0]
    assert "title = {{L}earning under {B}ayesian Shift}," in entry
    assert "editor = {Smith, Ann and others}," in entry
    assert len(re.findall(r"^  title =", entry, re.MULTILINE)) == 1
    # an edited title is not overridden by the one imported
    edited = cv_copy.read_text(encoding="utf-8").replace("title: Learning under Bayesian Shift", "title: New Title")
    cv_copy.write_text(edited, encoding="utf-8")
    assert "title = {New Title}," in bibtex(validate(load(cv_copy)).cv)


def test_a_workshop_exports_its_booktitle_as_imported(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @inproceedings{ws2023, author = {Song, Qingyu}, title = {T}, year = {2023},
                       booktitle = {ICML 2023 Workshop on Distribution Shifts}}
        """)
    import_bib(cv_copy, bib)
    exported = bibtex(validate(load(cv_copy)).cv)
    assert "booktitle = {ICML 2023 Workshop on Distribution Shifts}," in exported  # not "Workshop on …, ICML"


def test_import_keeps_comments_key_order_and_untouched_items(tmp_path, cv_copy):
    before = cv_copy.read_text(encoding="utf-8")
    bib = write_bib(tmp_path, ACCENTS_BIB + r"""
    @misc{newest2026,
      author = {Song, Qingyu},
      title = {A Newer Preprint},
      eprint = {2601.00001},
      archivePrefix = {arXiv},
      year = 2026,
    }
    @inproceedings{ws2022,
      author = {Song, Qingyu},
      title = {An Old Workshop Paper},
      booktitle = {Workshop on Stuff at ICML},
      year = {2022},
    }
    """)
    import_bib(cv_copy, bib)
    after = cv_copy.read_text(encoding="utf-8")
    assert "# Qingyu Song's CV — one source for the English and the Chinese CV.\n" in after
    assert "    # The thesis is written in English, so its title stays English in both CVs.\n" in after
    assert top_level_keys(after) == top_level_keys(before)
    for pub_id in ("song2024robust", "lin2025zo", "song2023sigmetricsw", "song2025gd"):
        assert item_block(after, pub_id) == item_block(before, pub_id)
    # only insertions: every original line is still there, in order
    old, new = before.splitlines(), after.splitlines()
    it = iter(new)
    assert all(line in it for line in old)
    assert len(new) > len(old)
    # each new paper sits in its group: newest preprint first, the workshop after the last workshop
    ids = [p.id for p in publications(cv_copy)]
    assert ids[0] == "newest2026"
    assert ids.index("ws2022") == ids.index("song2023sigmetricsw") + 1
    assert ids.index("muller2024gpu") == ids.index("song2024mimo") + 1
    # the comment that opens the next section still follows the last publication
    assert after.index("    - id: ws2022") < after.index("# ------------------------------------------------------------------ experience")


def test_import_into_a_cv_without_publications(write_yaml, tmp_path):
    cv_path = write_yaml("""\
        # my cv
        person:
          name: Qingyu Song   # me
        """)
    bib = write_bib(tmp_path, ACCENTS_BIB)
    import_bib(cv_path, bib)
    text = cv_path.read_text(encoding="utf-8")
    assert text.startswith("# my cv\nperson:\n  name: Qingyu Song   # me\n")
    assert [p.id for p in publications(cv_path)] == ["muller2024gpu"]


# ---------------------------------------------------------------- updating


def test_update_by_title_changes_fields_without_duplicating(tmp_path, cv_copy):
    before = cv_copy.read_text(encoding="utf-8")
    count = len(publications(cv_copy))
    bib = write_bib(tmp_path, r"""
        @inproceedings{song2025neurips,
          author = {Song, Qingyu and Lin, Wei and Xu, Hong},
          title = {Learning provably improves the convergence of gradient descent},
          booktitle = {Advances in Neural Information Processing Systems},
          year = {2025},
          doi = {10.5555/neurips.2025.1},
          url = {https://simmonssong.github.io/files/MathL2OProof_QYS.pdf},
        }
    """)
    plan = import_bib(cv_copy, bib)
    [change] = plan.decisions
    assert (change.action, change.id, change.reason) == ("updated", "song2025gd", "doi (matched by title)")
    pubs = publications(cv_copy)
    assert len(pubs) == count
    pub = next(p for p in pubs if p.id == "song2025gd")
    assert pub.doi == "10.5555/neurips.2025.1"
    assert pub.title.get("en") == "Learning Provably Improves the Convergence of Gradient Descent"  # case kept
    assert str(pub.date) == "2025-12" and pub.venue.short == "NeurIPS"  # more precise data kept
    after = cv_copy.read_text(encoding="utf-8")
    assert '      arxiv: "2501.18092"\n      doi: 10.5555/neurips.2025.1\n      pdf: https://' in after
    assert "    - id: song2025gd\n      kind: conference\n" in after  # the line itself is untouched
    assert len(after.splitlines()) == len(before.splitlines()) + 1


def test_update_by_key_and_a_preprint_that_got_published(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @inproceedings{lin2024quasinewton,
          author = {Lin, Wei and Song, Qingyu and Xu, Hong},
          title = {Adaptive Coordinate-Wise Step Sizes for Quasi-Newton Methods},
          booktitle = {International Conference on Learning Representations},
          year = {2026},
          month = apr,
          eprint = {2412.00059},
          archivePrefix = {arXiv},
        }
    """)
    plan = import_bib(cv_copy, bib)
    [change] = plan.decisions
    assert change.action == "updated" and change.reason.endswith("(matched by id)")
    assert change.reason.startswith("kind, venue, date, title")  # the preprint got published, under a new title
    assert change.label == "C9"
    pub = next(p for p in publications(cv_copy) if p.id == "lin2024quasinewton")
    assert pub.kind == "conference" and pub.title.get("en") == "Adaptive Coordinate-Wise Step Sizes for Quasi-Newton Methods"
    assert pub.venue.name.get("en") == "International Conference on Learning Representations"
    assert pub.topics == ["l2o"] and pub.priority == 2


def test_a_new_key_after_the_last_key_stays_before_the_next_groups_comment(write_yaml, tmp_path):
    cv_path = write_yaml("""\
        person: {name: Ann Lee}
        sections:
          publications:
            - id: a
              kind: preprint
              authors: [Ann Lee]
              title: First Paper
              date: 2024

            # --- workshops
            - id: b
              kind: workshop
              authors: [Ann Lee]
              title: Second Paper
              venue: {short: WS}
              date: 2023   # year only
        # the end
        """)
    bib = write_bib(tmp_path, r"""
        @misc{a, author = {Ann Lee}, title = {First Paper}, year = 2024, doi = {10.1/a}}
        @inproceedings{b, author = {Ann Lee}, title = {Second Paper}, booktitle = {WS workshop}, year = 2023, doi = {10.1/b}}
    """)
    import_bib(cv_path, bib)
    text = cv_path.read_text(encoding="utf-8")
    assert "      date: 2024\n      doi: 10.1/a\n\n    # --- workshops\n" in text
    assert "      date: 2023   # year only\n      doi: 10.1/b\n# the end\n" in text
    assert [p.doi for p in publications(cv_path)] == ["10.1/a", "10.1/b"]


def test_importing_the_exported_bibtex_changes_nothing(tmp_path, cv_copy):
    before = cv_copy.read_bytes()
    bib = tmp_path / "all.bib"
    bib.write_text(bibtex(validate(load(cv_copy)).cv), encoding="utf-8")
    plan = import_bib(cv_copy, bib)
    assert {c.action for c in plan.decisions} == {"unchanged"}, [d.describe("x") for d in plan.decisions]
    assert len(plan.decisions) == 13
    assert not plan.changed and cv_copy.read_bytes() == before


# ---------------------------------------------------------------- failures change nothing


def test_a_malformed_entry_is_skipped_and_the_others_import(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @misc{fine, author = {Song, Qingyu}, title = {Fine}, year = 2020}

        @article{broken,
          title = {never closed,
          year = 2020
        }

        @misc{later, author = {Song, Qingyu}, title = {Later}, year = 2021}
    """)
    plan = import_bib(cv_copy, bib)
    described = [d.describe("refs.bib") for d in plan.decisions]
    assert [(d.action, d.key, d.line) for d in plan.decisions] == [
        ("added", "fine", 2), ("skipped", "@article{broken}", 4), ("added", "later", 9)], described
    assert described[1].startswith("refs.bib:4: skipped @article{broken}: malformed entry")
    assert {"fine", "later"} <= {p.id for p in publications(cv_copy)}


def test_strict_refuses_the_file_and_locates_every_bad_entry(tmp_path, cv_copy):
    before = cv_copy.read_bytes()
    bib = write_bib(tmp_path, r"""
        @misc{x1, author = {A B}, title = {One}, year = 2020}
        @misc{x1, author = {A B}, title = {Two}, year = 2021}
        @misc{noyear, author = {A B}, title = {Three}}
        @misc{badyear,
          author = {A B}, title = {Four},
          year = {in press}}
    """)
    with pytest.raises(CvError) as info:
        import_bib(cv_copy, bib, strict=True)
    message = info.value.format()
    assert "refs.bib:3:1: error: @misc{x1}: the key `x1` is used twice (first defined on line 2)" in message
    assert "refs.bib:4:1: error: noyear: no `year` (or `date`)" in message
    assert "refs.bib:5:1: error: badyear: year 'in press' is not a year like 2024" in message
    assert info.value.code == "bib-strict" and "nothing was changed" in message
    assert cv_copy.read_bytes() == before
    plan = import_bib(cv_copy, bib)  # without --strict the good entry goes in, the others are skipped
    assert [d.action for d in plan.decisions] == ["added", "skipped", "skipped", "skipped"]


def test_an_entry_the_model_refuses_is_skipped_with_the_reason(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @inproceedings{novenue, author = {Song, Qingyu}, title = {No Booktitle}, year = 2024}
        @article{bad, author = {Song, Qingyu}, title = {Bad link}, journal = {J}, year = 2024, code = {github dot com}}
    """)
    plan = import_bib(cv_copy, bib, dry_run=True)
    novenue, bad = plan.decisions
    assert novenue.action == "skipped" and "needs a venue, but the entry has no journal or booktitle" in novenue.reason
    assert bad.action == "added" and any("not an http(s) URL" in n for n in bad.notes)


def test_an_id_clash_gets_a_new_id_and_a_preprint_merges_into_its_paper(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @misc{arxivversion, author = {Lin, Wei}, title = {The Multi-Query Paradox in Zeroth-Order Optimization},
              year = 2025, eprint = {2509.99999}, archivePrefix = {arXiv}}
        @misc{lin2025zo, author = {Lin, Wei}, title = {Something Else Entirely}, year = 2025}
        @misc{cuhk-phd, author = {Song, Qingyu}, title = {A clash}, year = 2025}
    """)
    plan = import_bib(cv_copy, bib)
    first, second, third = plan.decisions
    assert first.id == "lin2025zo" and first.action in ("updated", "unchanged") and "(matched by title)" in first.reason
    assert second.action == "added" and second.id == "lin2025zo-2" and "the id `lin2025zo` is taken" in second.notes[0]
    assert third.action == "added" and third.id == "cuhk-phd-2"


def test_dry_run_writes_nothing(tmp_path, cv_copy):
    before = cv_copy.read_bytes()
    bib = write_bib(tmp_path, ACCENTS_BIB)
    plan = import_bib(cv_copy, bib, dry_run=True)
    assert plan.changed and "+    - id: muller2024gpu" in plan.diff()
    assert cv_copy.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} == {"cv.yaml", "refs.bib"}


def test_crlf_line_endings_are_kept(tmp_path, write_yaml):
    cv_path = tmp_path / "cv.yaml"
    cv_path.write_bytes(b"person:\r\n  name: Qingyu Song\r\nsections:\r\n  publications: []\r\n")
    import_bib(cv_path, write_bib(tmp_path, ACCENTS_BIB))
    data = cv_path.read_bytes()
    assert data.startswith(b"person:\r\n  name: Qingyu Song\r\nsections:\r\n  publications:\r\n    - id: muller2024gpu\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_explicit_kind_overrides_inference(tmp_path, cv_copy):
    bib = write_bib(tmp_path, r"""
        @inproceedings{ws, author = {Song, Qingyu}, title = {Tiny Paper}, booktitle = {ICLR}, year = 2025}
    """)
    plan = plan_import(cv_copy, bib, kind="workshop")
    assert plan.decisions[0].label == "W3"
    assert "    kind: workshop\n" in plan.new_text


# ---------------------------------------------------------------- CLI


def test_cli_import_bib(tmp_path, cv_copy):
    bib = write_bib(tmp_path, ACCENTS_BIB)
    before = cv_copy.read_bytes()
    result = runner.invoke(app, ["import-bib", str(bib), "--cv", str(cv_copy), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "added muller2024gpu (C5): new conference" in result.stdout and "dry run" in result.stdout
    assert cv_copy.read_bytes() == before
    result = runner.invoke(app, ["import-bib", str(bib), "--cv", str(cv_copy)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "(1 added)" in result.stdout
    result = runner.invoke(app, ["import-bib", str(bib), "--cv", str(cv_copy)])
    assert result.exit_code == 0 and "unchanged muller2024gpu" in result.stdout and "nothing to change" in result.stdout


def test_cli_import_bib_failures_exit_1_without_traceback(tmp_path, cv_copy):
    before = cv_copy.read_bytes()
    bad = write_bib(tmp_path, "@article{broken,\n  title = {never closed,\n")
    for args in (
        ["import-bib", str(bad), "--cv", str(cv_copy)],
        ["import-bib", str(tmp_path / "missing.bib"), "--cv", str(cv_copy)],
        ["import-bib", str(bad), "--cv", str(tmp_path / "missing.yaml")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert "error" in result.output or "no such file" in result.output
    assert cv_copy.read_bytes() == before
    result = runner.invoke(app, ["import-bib", str(bad), "--kind", "poem"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_abbreviated_author_names_do_not_overwrite_full_ones(tmp_path, cv_copy):
    bib = write_bib(tmp_path, """
        @inproceedings{song2024mimo,
          author = {Song, Q. and Wang, J. and Li, J. and Liu, G. and Xu, H.},
          title = {A Learning-only Method for Multi-Cell Multi-User MIMO Sum Rate Maximization},
          booktitle = {IEEE INFOCOM}, year = {2024}, doi = {10.1109/x.1},
        }
    """)
    plan = import_bib(cv_copy, bib)
    assert [c.reason for c in plan.decisions] == ["doi (matched by id)"]
    pub = next(p for p in publications(cv_copy) if p.id == "song2024mimo")
    assert pub.authors[0] == "Qingyu Song" and pub.doi == "10.1109/x.1"


def test_an_added_older_paper_reports_the_labels_it_moves(tmp_path, cv_copy):
    bib = write_bib(tmp_path, """
        @misc{old2020, author = {Song, Qingyu}, title = {An Old Preprint}, year = {2020},
              eprint = {2001.00001}, archivePrefix = {arXiv}}
    """)
    result = CliRunner().invoke(app, ["import-bib", str(bib), "--cv", str(cv_copy)])
    assert result.exit_code == 0, result.output
    assert "labels move: P1 → P2 (lin2024quasinewton)" in result.output


def test_a_new_publication_the_cv_checks_refuse_is_skipped_not_the_import(tmp_path, cv_copy, monkeypatch):
    """If cv.yaml's own checks refuse an added publication, that entry is skipped with the reason."""
    from cvtool.bib import plan as planning
    from cvtool.errors import Diagnostic

    real = planning.validate
    calls = []

    def picky(source):
        validated = real(source)
        names = [p.id for p in validated.cv.publications]
        if "bad2024" in names and not calls:
            calls.append(1)
            index = names.index("bad2024")
            raise CvError("invalid", [Diagnostic("not typesettable", path=f"publications[{index}].title")])
        return validated

    bib = write_bib(tmp_path, r"""
        @misc{good2024, author = {Song, Qingyu}, title = {Good}, year = 2024}
        @misc{bad2024, author = {Song, Qingyu}, title = {Bad}, year = 2024}
    """)
    monkeypatch.setattr(planning, "validate", picky)
    plan = import_bib(cv_copy, bib)
    assert [(d.key, d.action) for d in plan.decisions] == [("good2024", "added"), ("bad2024", "skipped")]
    assert plan.decisions[1].reason == "cv.yaml would refuse it: not typesettable"
    assert "good2024" in {p.id for p in publications(cv_copy)} and "bad2024" not in {p.id for p in publications(cv_copy)}


def test_a_conference_version_added_next_to_an_existing_workshop_paper_is_linked_both_ways(write_yaml, tmp_path):
    cv_path = write_yaml("""\
        person: {name: Ann Lee}
        sections:
          publications:
            - {id: ws, kind: workshop, authors: [Ann Lee], title: Same Title, venue: {short: WS}, date: 2023}
        """)
    bib = write_bib(tmp_path, r"""
        @inproceedings{ws, author = {Lee, Ann}, title = {Same Title}, booktitle = {A Workshop on Things}, year = 2023}
        @inproceedings{conf, author = {Lee, Ann}, title = {Same Title}, booktitle = {NeurIPS}, year = 2024}
    """)
    plan = import_bib(cv_path, bib)
    assert [(d.key, d.action) for d in plan.decisions] == [("ws", "updated"), ("conf", "added")], plan.decisions
    pubs = {p.id: p for p in publications(cv_path)}
    assert pubs["ws"].related == ["conf"] and pubs["conf"].related == ["ws"]
    assert not import_bib(cv_path, bib).changed  # and again: nothing to do
