"""Labels (P1, C8, W2 …) and the select stage, on the real cv.yaml and on a small synthetic CV."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cvtool import labels
from cvtool.errors import CvError
from cvtool.load import load, load_text
from cvtool.model import CV
from cvtool.select import SHORT_RULES, select
from cvtool.validate import validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cv() -> CV:
    return validate(load(REPO / "cv.yaml")).cv


def ids(entries) -> list[str]:
    return [e.id for e in entries]


# ---------------------------------------------------------------- labels on the real CV


def test_labels_of_the_real_cv(cv):
    assert labels.assign(cv) == {
        "lin2024quasinewton": "P1",
        "song2025aipc": "P2",
        "lin2025zo": "P3",
        "song2019topomap": "C1",
        "chen2020graphdb": "C2",
        "song2020gacn": "C3",
        "zhang2024fed2com": "C4",
        "song2024mimo": "C5",
        "song2024robust": "C6",
        "huang2025optical": "C7",
        "song2025gd": "C8",
        "song2023sigmetricsw": "W1",
        "song2023icmlw": "W2",
    }


def _by_arxiv(cv, arxiv):
    return next(p for p in cv.publications if p.arxiv == arxiv)


def test_the_neurips_gradient_descent_paper_is_c8(cv):
    pub = next(p for p in cv.publications if p.venue and p.venue.short == "NeurIPS")
    assert pub.title.get("en") == "Learning Provably Improves the Convergence of Gradient Descent"
    assert labels.assign(cv)[pub.id] == "C8"


def test_arxiv_2412_00059_is_p1(cv):
    assert labels.assign(cv)[_by_arxiv(cv, "2412.00059").id] == "P1"
    assert labels.assign(cv)[_by_arxiv(cv, "2509.15552").id] == "P3"


# the website (shared/seeds/website-publications.md) lists these label sets after each topic
WEBSITE_TOPIC_LABELS = {
    "zo": {"P3"},
    "l2o": {"P1", "C8", "C7", "C6", "C5", "W2", "W1"},
    "ai4net": {"C8", "C7", "C5", "W2", "W1"},
    "opt4dl": {"C8"},
    "llm-inference": {"P2"},
    "fl": {"C4"},
    "gnn": {"C5", "W2", "W1", "C3", "C1"},
    "timeseries": {"C3", "C1"},
}


@pytest.mark.parametrize("topic", sorted(WEBSITE_TOPIC_LABELS))
def test_topic_labels_equal_the_website(cv, topic):
    got = labels.topic_labels(cv, topic)
    assert set(got) == WEBSITE_TOPIC_LABELS[topic]
    assert len(got) == len(set(got))


def test_topic_labels_are_in_display_order(cv):
    assert labels.topic_labels(cv, "l2o") == ["P1", "C8", "C7", "C6", "C5", "W2", "W1"]
    assert labels.topic_labels(cv, "ai4net") == ["C8", "C7", "C5", "W2", "W1"]
    assert labels.topic_labels(cv, "gnn") == ["C5", "C3", "C1", "W2", "W1"]  # grouped by kind


def test_display_order_groups_by_kind_newest_first(cv):
    label_of = labels.assign(cv)
    assert [label_of[p.id] for p in labels.display_order(cv.publications)] == [
        "P3", "P2", "P1", "C8", "C7", "C6", "C5", "C4", "C3", "C2", "C1", "W2", "W1",
    ]


def test_owner_detection(cv):
    person = cv.person
    assert labels.is_owner("Qingyu Song", person)
    assert labels.is_owner("qingyu  song*", person)  # case, spacing and equal-contribution marks
    assert labels.is_owner("宋庆禹", person)
    assert not labels.is_owner("Song Qingyu", person)
    assert all(labels.has_owner(p, person) for p in cv.publications)


# ---------------------------------------------------------------- labels on synthetic data


def sec(cv: CV, section: str) -> list:
    """The entries of a section (by id)."""
    return list(cv.sections[section].entries) if section in cv.sections else []


def _cv(text: str) -> CV:
    return validate(load_text(textwrap.dedent(text), Path("cv.yaml"))).cv


def test_labels_number_oldest_first_and_adding_a_paper_keeps_old_numbers():
    base = """\
    person: {name: Ann Lee}
    sections:
      publications:
        - {id: new, kind: conference, authors: [Ann Lee], title: New, venue: {short: V}, date: 2024-05}
        - {id: old, kind: conference, authors: [Ann Lee], title: Old, venue: {short: V}, date: 2019}
        - {id: j, kind: journal, authors: [Ann Lee], title: J, venue: {short: T}, date: 2022}
    """
    assert labels.assign(_cv(base)) == {"old": "C1", "new": "C2", "j": "J1"}
    newer = base + "    - {id: newest, kind: conference, authors: [Ann Lee], title: Newest, venue: {short: V}, date: 2025}\n"
    assert labels.assign(_cv(newer)) == {"old": "C1", "new": "C2", "newest": "C3", "j": "J1"}


def test_custom_label_prefixes():
    text = """\
    person: {name: Ann Lee}
    layout:
      labels: {conference: K, preprint: A}
    sections:
      publications:
        - {id: c, kind: conference, authors: [Ann Lee], title: C, venue: {short: V}, date: 2024}
        - {id: p, kind: preprint, authors: [Ann Lee], title: P, date: 2024}
    """
    assert labels.assign(_cv(text)) == {"c": "K1", "p": "A1"}


# ---------------------------------------------------------------- select on the real CV

ALL_SECTIONS = ["education", "research_interests", "publications", "experience", "teaching", "awards", "services"]


def test_full_keeps_everything(cv):
    plan = select(cv, "full")
    assert plan.sections == ALL_SECTIONS
    assert plan.compact == frozenset()
    assert plan.left_out == []
    assert plan.droppable == []
    assert ids(plan.cv.publications) == ids(cv.publications)
    assert ids(sec(plan.cv, "experience")) == ids(sec(cv, "experience"))
    assert len(sec(plan.cv, "teaching")) == 3
    assert len(sec(plan.cv, "awards")) == 7
    assert len(sec(plan.cv, "services")) == 3
    assert [t.id for t in plan.cv.topics] == [t.id for t in cv.topics]


def test_short_applies_the_declared_rules(cv):
    plan = select(cv, "short")
    assert plan.sections == ["education", "research_interests", "publications", "experience", "awards"]
    assert plan.compact == frozenset({"education", "experience"})
    assert sec(plan.cv, "teaching") == [] and sec(plan.cv, "services") == []
    # max_items 8 keeps the highest priorities (ties: earlier in the file), shown in file order
    assert ids(plan.cv.publications) == [
        "lin2025zo", "song2025aipc", "lin2024quasinewton", "song2025gd",
        "huang2025optical", "song2024robust", "song2024mimo", "zhang2024fed2com",
    ]
    assert ids(sec(plan.cv, "experience")) == ["huawei-noah-2025", "cuhk-gd", "huawei-noah-2022"]
    assert ids(sec(plan.cv, "awards")) == ["infocom-travel-grant", "cuhk-studentship", "shandong-outstanding-graduate"]
    assert len(sec(plan.cv, "education")) == 3


def test_short_records_what_it_left_out(cv):
    plan = select(cv, "short")
    assert sorted(plan.left_out) == sorted(
        [f"publications: {i} (over max_items 8)" for i in
         ("song2020gacn", "song2023icmlw", "chen2020graphdb", "song2019topomap", "song2023sigmetricsw")]
        + [f"experience: {i} (over max_items 3)" for i in
           ("cuhk-ood", "thu-v2x", "thu-gnn", "thu-traj", "nebula-link", "hitwh-lab")]
        + [f"awards: {i} (over max_items 3)" for i in
           ("icml-registration-grant", "thu-scholarships", "mcm-2016", "hit-scholarships")]
    )


def test_short_drops_lowest_priority_first_across_sections_keeping_one_of_each(cv):
    plan = select(cv, "short")
    by_key = {e.id: e for section in ("awards", "experience", "publications") for e in sec(plan.cv, section)}
    weights = [by_key[key].priority for _, key in plan.droppable]
    assert weights == sorted(weights), "one ranking across sections: the lowest priority goes first"
    assert ("experience", "cuhk-gd") in plan.droppable
    for section in ("awards", "experience", "publications"):  # the default floor: each keeps its best entry
        kept = [e.id for e in sec(plan.cv, section) if (section, e.id) not in plan.droppable]
        assert len(kept) == 1, section
    assert ("publications", "song2025gd") not in plan.droppable  # the best paper: newest of the highest priority


def test_labels_come_from_the_whole_cv(cv):
    plan = select(cv, "short")
    assert plan.labels["song2025gd"] == "C8"
    assert plan.labels["song2019topomap"] == "C1"  # left out, still numbered
    assert labels.topic_labels(cv, "l2o", plan.cv.publications, plan.labels) == ["P1", "C8", "C7", "C6", "C5"]


def test_source_index_points_back_into_cv_yaml(cv):
    plan = select(cv, "short")
    assert [i for i, _ in plan.entries("experience")] == [0, 1, 3]
    assert [i for i, _ in plan.entries("awards")] == [0, 2, 4]
    assert [e.id for _, e in plan.entries("awards")] == [sec(cv, "awards")[i].id for i in (0, 2, 4)]


def test_also_drop_removes_entries(cv):
    plan = select(cv, "short", also_drop=frozenset({"song2024mimo", "cuhk-gd"}))
    assert "song2024mimo" not in ids(plan.cv.publications)
    assert len(plan.cv.publications) == 7
    assert ids(sec(plan.cv, "experience")) == ["huawei-noah-2025", "huawei-noah-2022"]
    assert "publications: song2024mimo (dropped to fit one page)" in plan.left_out
    assert "experience: cuhk-gd (dropped to fit one page)" in plan.left_out
    assert ("publications", "song2024mimo") not in plan.droppable


def test_also_drop_in_full(cv):
    plan = select(cv, "full", also_drop=frozenset({"mcm-2016"}))
    assert "mcm-2016" not in ids(sec(plan.cv, "awards"))
    assert len(sec(plan.cv, "awards")) == 6
    assert plan.left_out == ["awards: mcm-2016 (dropped to fit one page)"]


def test_profile_reorders_topics_and_sections(cv):
    plan = select(cv, "full", profile="l2o")
    assert plan.profile == "l2o"
    assert plan.sections == ["education", "research_interests", "publications", "experience", "awards"]
    assert [t.id for t in plan.cv.topics] == [
        "l2o", "opt4dl", "zo", "ai4net", "llm-inference", "fl", "gnn", "timeseries",
    ]
    assert [t.id for t in plan.cv.topics][:3] == ["l2o", "opt4dl", "zo"]
    assert len(plan.cv.publications) == 13  # full: a profile reorders, it does not cut


def test_profile_boosts_on_topic_publications_in_short(cv):
    plain = ids(select(cv, "short").cv.publications)
    focused = ids(select(cv, "short", profile="l2o").cv.publications)
    assert len(focused) == 8
    # an off-topic priority-2 paper gives way to on-topic priority-0/1 workshop papers
    assert "song2025aipc" in plain and "song2025aipc" not in focused
    assert "song2023sigmetricsw" not in plain and "song2023sigmetricsw" in focused
    assert "song2023icmlw" in focused
    assert focused == [
        "lin2025zo", "lin2024quasinewton", "song2025gd", "huang2025optical",
        "song2024robust", "song2024mimo", "song2023icmlw", "song2023sigmetricsw",
    ]


def test_unknown_variant_and_profile(cv):
    with pytest.raises(CvError) as info:
        select(cv, "medium")
    assert str(info.value) == "unknown variant 'medium'; expected one of: full, short"
    with pytest.raises(CvError) as info:
        select(cv, "full", profile="biology")
    assert str(info.value) == "unknown profile 'biology'; known: l2o"


def test_select_does_not_modify_the_cv(cv):
    before = ids(cv.publications)
    select(cv, "short", profile="l2o", also_drop=frozenset({"song2025gd"}))
    assert ids(cv.publications) == before
    assert len(sec(cv, "experience")) == 9


# ---------------------------------------------------------------- select on synthetic data

SYNTH = """\
person: {name: Ann Lee}
sections:
  research_interests:
    topics:
      - {id: a, title: Topic A}
      - {id: b, title: Topic B}
      - {id: c, title: Topic C}
  publications:
    - {id: p1, kind: preprint, authors: [Ann Lee], title: P one, date: 2024, priority: 1, topics: [a]}
    - {id: c1, kind: conference, authors: [Ann Lee], title: C one, venue: {short: V}, date: 2020, priority: 5, topics: [b]}
    - {id: c2, kind: conference, authors: [Ann Lee], title: C two, venue: {short: V}, date: 2022, short: true, topics: [b]}
    - {id: w1, kind: workshop, authors: [Ann Lee], title: W one, venue: {short: V}, date: 2021, priority: 9, topics: [c]}
    - {id: c3, kind: conference, authors: [Ann Lee], title: C three, venue: {short: V}, date: 2023, priority: 7, short: false}
  awards:
    - {id: aw1, title: X, date: 2020, priority: 1}
    - {id: aw2, title: Y, date: 2021, priority: 2}
    - {id: aw3, title: Z, date: 2022, priority: 3}
  teaching:
    - {term: {season: fall, year: 2021}, institution: U, code: CS 1, course: Intro}
variants:
  short:
    sections:
      publications: {max_items: 2, kinds: [preprint, conference]}
      awards: {max_items: 1, compact: true}
      teaching: false
    drop_order: [awards, publications]
profiles:
  focus:
    topics: [c, b]
    keep: [aw1]
    drop: [p1]
    sections: [publications, awards, research_interests]
  boost:
    topics: [a]
  only:
    topics: [b]
    only_topics: true
"""


@pytest.fixture(scope="module")
def synth() -> CV:
    return _cv(SYNTH)


def test_synthetic_labels(synth):
    assert labels.assign(synth) == {"p1": "P1", "c1": "C1", "c2": "C2", "c3": "C3", "w1": "W1"}


def test_synthetic_full(synth):
    plan = select(synth, "full")
    assert ids(plan.cv.publications) == ["p1", "c1", "c2", "w1", "c3"]  # short: false only matters in short
    assert len(sec(plan.cv, "teaching")) == 1
    assert plan.left_out == []


def test_synthetic_short_rules(synth):
    plan = select(synth, "short")
    assert "teaching" not in plan.sections
    assert plan.compact == frozenset({"awards"})
    # c2 is forced (short: true), c1 is the heaviest of the rest; w1's kind is excluded; c3 says no
    assert ids(plan.cv.publications) == ["c1", "c2"]
    assert ids(sec(plan.cv, "awards")) == ["aw3"]
    assert plan.left_out == [
        "publications: w1 (kind workshop not in the short variant)",
        "publications: c3 (short: false)",
        "publications: p1 (over max_items 2)",
        "awards: aw2 (over max_items 1)",
        "awards: aw1 (over max_items 1)",
    ]
    # forced entries are never offered to the fitter, and count toward a section's floor (1)
    assert plan.droppable == [("publications", "c1")]


def test_forced_entries_exceed_max_items():
    text = SYNTH.replace("{max_items: 2, kinds: [preprint, conference]}", "{max_items: 0}")
    plan = select(_cv(text), "short")
    assert ids(plan.cv.publications) == ["c2"]


def test_default_short_variant_when_none_is_declared(synth):
    text = SYNTH.split("variants:")[0]
    cv = _cv(text)
    assert "short" not in cv.variants
    plan = select(cv, "short")
    # rules by kind: teaching is left out; research_interests and publications stay, awards capped at 3
    assert plan.sections == ["research_interests", "publications", "awards"]
    assert not SHORT_RULES["teaching"].include and SHORT_RULES["awards"].max_items == 3
    assert plan.compact == frozenset()
    assert ids(plan.cv.publications) == ["p1", "c1", "c2", "w1"]  # max_items 8; c3 still says short: false


def test_profile_keep_drop_and_section_order(synth):
    plan = select(synth, "short", profile="focus")
    assert plan.sections == ["publications", "awards", "research_interests"]
    assert [t.id for t in plan.cv.topics] == ["c", "b", "a"]
    assert "publications: p1 (dropped by profile focus)" in plan.left_out
    assert ids(plan.cv.publications) == ["c1", "c2"]
    assert ids(sec(plan.cv, "awards")) == ["aw1"]  # kept by the profile although it has the lowest priority


def test_profile_boost_beats_priority(synth):
    assert ids(select(synth, "short").cv.publications) == ["c1", "c2"]
    assert ids(select(synth, "short", profile="boost").cv.publications) == ["p1", "c2"]


def test_profile_only_topics(synth):
    plan = select(synth, "full", profile="only")
    assert ids(plan.cv.publications) == ["c1", "c2"]
    assert [t.id for t in plan.cv.topics] == ["b"]
    assert "publications: p1 (off-topic for profile only)" in plan.left_out
    assert "publications: c3 (off-topic for profile only)" in plan.left_out
