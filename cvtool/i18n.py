"""Everything that differs between the English and the Chinese CV, as data.

Templates never branch on the language: they read these words and formats. Adding a language
means adding one entry here (and its fonts in `fonts.py`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from cvtool.dates import PartialDate

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_EN_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Language:
    code: str
    pdf_lang: str  # BCP 47 tag for the PDF /Lang entry
    sections: dict[str, str]
    publication_kinds: dict[str, str]
    words: dict[str, str]
    seasons: dict[str, str]
    cjk: bool  # typeset with CJK line breaking and fonts as the main script
    bold_venue: bool  # venue short names in bold (the Chinese convention of the user's seed)

    def date(self, d: PartialDate) -> str:
        if d.present:
            return self.words["present"]
        if self.code == "zh":
            return f"{d.year}.{d.month}" if d.month else str(d.year)
        return f"{_MONTHS_EN[d.month - 1]} {d.year}" if d.month else str(d.year)

    def period(self, start: PartialDate, end: PartialDate | None) -> str:
        if end is None or end == start:
            return self.date(start)
        return f"{self.date(start)} – {self.date(end)}"

    def term(self, season: str, year: int) -> str:
        return self.seasons["format"].format(season=self.seasons[season], year=year)

    def updated(self, day: _dt.date) -> str:
        if self.code == "zh":
            return f"更新于 {day.year} 年 {day.month} 月"
        return f"Updated {_MONTHS_EN_LONG[day.month - 1]} {day.year}"


LANGUAGES: dict[str, Language] = {
    "en": Language(
        code="en",
        pdf_lang="en-US",
        cjk=False,
        bold_venue=False,
        sections={
            "education": "Education",
            "research_interests": "Research Interests",
            "publications": "Publications",
            "experience": "Research & Work Experience",
            "teaching": "Teaching Assistant",
            "awards": "Awards",
            "services": "Services",
        },
        publication_kinds={
            "preprint": "Preprints",
            "journal": "Journal Articles",
            "conference": "Conference Proceedings",
            "workshop": "Workshops",
        },
        words={
            "present": "Present",
            "advisor": "Advisor",
            "mentor": "Mentor",
            "thesis": "Thesis",
            "project": "Project",
            "colon": ": ",
            "list_sep": ", ",
            "in": "In",
            "preprint": "arXiv preprint",
            "past_topics": "Past topics",
            "current_topics": "Current topics",
            "subject": "Curriculum Vitae",
            "page": "page",
            "title_suffix": " — Curriculum Vitae",
            "homepage": "Homepage",
        },
        seasons={"spring": "Spring", "summer": "Summer", "fall": "Fall", "format": "{season} {year}"},
    ),
    "zh": Language(
        code="zh",
        pdf_lang="zh-CN",
        cjk=True,
        bold_venue=True,
        sections={
            "education": "教育背景",
            "research_interests": "研究方向",
            "publications": "论文成果",
            "experience": "科研及项目经历",
            "teaching": "教学经历",
            "awards": "获奖情况",
            "services": "学术服务",
        },
        publication_kinds={
            "preprint": "预印本",
            "journal": "期刊论文",
            "conference": "会议论文",
            "workshop": "研讨会论文",
        },
        words={
            "present": "至今",
            "advisor": "导师",
            "mentor": "导师",
            "thesis": "论文",
            "project": "项目",
            "colon": "：",
            "list_sep": "，",
            "in": "In",
            "preprint": "arXiv preprint",
            "past_topics": "过往研究方向",
            "current_topics": "当前研究方向",
            "subject": "简历",
            "page": "页",
            "title_suffix": " — 简历",
            "homepage": "个人主页",
        },
        seasons={"spring": "春季", "summer": "夏季", "fall": "秋季", "format": "{year} 年{season}学期"},
    ),
}


def language(code: str) -> Language:
    return LANGUAGES[code]
