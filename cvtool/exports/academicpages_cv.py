"""The CV page of an academicpages (Jekyll) website: `_pages/cv.md` with `permalink: /cv/`.

The frame follows the site template's own `_pages/cv.md`: front matter (`layout: archive`,
`author_profile: true`), `{% include base_path %}`, one `Title` + `======` heading per section and
`*` lists. The body is the Markdown export's, written for Jekyll: Liquid runs before kramdown, so
`{`/`}` in a value become entities (`safe.kramdown`) and a value can never run a Liquid tag.
"""

from __future__ import annotations

from cvtool.exports.markdown import Markdown
from cvtool.exports.safe import kramdown
from cvtool.view import Block, Blocks, CvView

_TITLES = {"en": "CV", "zh": "简历", "zh-hant": "履歷"}


def academicpages_cv(view: CvView) -> str:
    return Page(view).document()


class Page(Markdown):
    """The Markdown export in the site's dialect: kramdown escaping, `*` lists, entries as nested lists."""

    bullet = "*"

    def block(self, b: Block) -> str:
        """`* heading — dates` with the degree/role, details, description and bullets nested below it,
        as the template's own "Work experience" entries are."""
        sep, colon = self.esc(self.words["list_sep"]), self.esc(self.words["colon"])
        heading = self.link_text(self.text(b.heading), b.url)
        head = f"**{heading}**" + "".join(f"{sep}{self.text(x)}" for x in [b.location] if x)
        lines = [f"* {head}" + (f" — {self.esc(b.dates)}" if b.dates else "")]
        grey = [self.text(s, start=i == 0) for i, s in enumerate(b.sub)]
        grey += [f"{self.esc(a.label, not grey)}{colon}{self.text(a.text)}" for a in b.aside]
        nested = [sep.join(grey)] if grey else []
        for d in b.details:
            value = self.text(d.text)
            nested.append(f"{self.esc(d.label, True)}{colon}" + (f"*{value}*" if d.italic else value))
        nested += [self.text(x, start=True) for x in [b.body, *b.bullets] if x]
        return "\n".join(lines + [f"  * {line}" for line in nested])

    def blocks(self, body: Blocks) -> str:
        return "\n".join(self.block(b) for b in body.entries)

    def esc(self, value: str, start: bool = False) -> str:
        return kramdown(value, start=start)

    def document(self) -> str:
        title = _TITLES.get(self.view.lang, "CV")
        permalink = "/cv/" if self.view.lang == "en" else f"/{self.view.lang}/cv/"
        out = ["---", "layout: archive", f'title: "{title}"', f"permalink: {permalink}", "author_profile: true",
               "---", "", "{% include base_path %}", ""]
        for section in self.view.sections:
            out += [self.text(section.title, start=True), "======", self.body(section.body), ""]
        out.append(f"*{self.esc(self.view.doc.updated)}*")
        return "\n".join(out) + "\n"
