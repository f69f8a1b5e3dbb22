"""One ranking across sections for what a one-page CV gives up first (no TeX)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cvtool.ranking import Hidden, drop_ranking, entry_title, recency


@dataclass
class E:
    date: str | None = None
    end: str | None = None
    title: Any = None


@dataclass
class C:
    section: str
    index: int
    entry: Any
    key: str
    forced: bool = False
    weight: int = 0


def cands() -> list[C]:
    return [
        C("awards", 0, E("2016"), "aw-old", weight=0),
        C("awards", 1, E("2020"), "aw-new", weight=0),
        C("experience", 0, E(end="present"), "intern-now", weight=3),
        C("experience", 1, E(end="2019"), "intern-old", weight=3),
        C("publications", 0, E("2024-05"), "p-top", weight=3),
        C("publications", 1, E("2019-07"), "p-low-old", weight=0),
        C("publications", 2, E("2023-01"), "p-low-new", weight=0),
        C("education", 0, E(end="2018"), "bs", weight=0),
    ]


def test_lowest_priority_goes_first_whatever_its_section():
    order = [key for _, key in drop_ranking(cands(), ["awards", "experience", "publications"], {})]
    # priority 0 before priority 3; among equals the declared preference (awards before papers), then older first;
    # each section keeps its best entry (default floor 1)
    assert order == ["aw-old", "p-low-old", "p-low-new", "intern-old"]
    assert "bs" not in order, "a section not in drop_order is never dropped from"


def test_declared_floors_keep_entries_and_zero_allows_emptying():
    order = [key for _, key in drop_ranking(cands(), ["awards", "experience", "publications"],
                                            {"awards": 0, "experience": 2})]
    assert "aw-new" in order and "aw-old" in order
    assert "intern-old" not in order and "intern-now" not in order


def test_forced_entries_count_toward_the_floor():
    forced = cands()
    forced[1].forced = True  # aw-new is `short: true`
    order = [key for _, key in drop_ranking(forced, ["awards"], {})]
    assert order == ["aw-old"]


def test_recency_reads_the_latest_date_and_present_is_newest():
    assert recency(E(end="present")) > recency(E("2025-12")) > recency(E("2025")) > recency(E())


def test_a_hidden_entry_is_described_by_section_title_and_id():
    class Text:
        def __init__(self, **by_lang: str) -> None:
            self.by_lang = by_lang

        def first(self, order: list[str]) -> tuple[str, str]:
            lang = next((x for x in order if x in self.by_lang), next(iter(self.by_lang)))
            return lang, self.by_lang[lang]

    entry = E("2020", title=Text(en="Best Paper Award", zh="最佳论文奖"))
    hidden = Hidden("awards", "best-paper", entry, "over max_items 3")
    assert hidden.describe("zh") == "awards: “最佳论文奖” (best-paper; over max_items 3)"
    assert entry_title(E(title="x " * 60), "en").endswith("…")
