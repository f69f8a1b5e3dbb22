"""The whole CV as Markdown that reads as plain text too (for pasting into application forms).

Built from the localized view the PDF is built from: the same titles, dates, labels and order.
Each section is an `##` heading; entries are short paragraphs (a bold heading line, then grey
lines) or list items; every value is escaped and inline markup re-emitted from its parsed tree,
so nothing a user typed can become Markdown or HTML structure. `Markdown` is a class so that the
website's page (`academicpages_cv`, kramdown under Jekyll) changes only the escaping and the frame.
"""

from __future__ import annotations

from collections.abc import Callable

from cvtool import inline
from cvtool.exports.safe import md, md_url, safe_url
from cvtool.view import (
    Block,
    Blocks,
    Body,
    CvView,
    Interests,
    Items,
    LabelLines,
    Link,
    Paper,
    Paragraph,
    Publications,
    Rich,
    Row,
    Rows,
    TopicView,
)

BREAK = "  \n"  # a Markdown hard line break that is invisible as plain text


def markdown(view: CvView) -> str:
    return Markdown(view).document()


class Markdown:
    """One view written as CommonMark. Subclasses change `esc`/`url` (the dialect) and `document`."""

    bullet = "-"  # the list marker

    def __init__(self, view: CvView) -> None:
        self.view = view
        self.words = view.words

    def esc(self, value: str, start: bool = False) -> str:
        return md(value, start=start)

    def url(self, url: str) -> str:
        return md_url(url)

    def document(self) -> str:
        out = [self.header()]
        for section in self.view.sections:
            out.append(f"## {self.text(section.title)}\n\n" + self.body(section.body))
        out.append(f"*{self.esc(self.view.doc.updated)}*")
        return "\n\n".join(part.rstrip("\n") for part in out if part.strip()) + "\n"

    def text(self, value: str | None, *, start: bool = False) -> str:
        """A view string: prose keeps its **bold**/*italic*/links, any text its math (as Unicode),
        the rest is text. `start`: the value begins a line or list item, where `# ` or `1. `
        would start a block (`safe.md`)."""
        if value is None:
            return ""
        nodes = inline.parse(value, markup=isinstance(value, Rich))
        head = self.esc(nodes[0], start) if nodes and isinstance(nodes[0], str) else ""
        return head + "".join(self._node(node) for node in nodes[bool(head):])

    def _node(self, node: inline.Node) -> str:
        if isinstance(node, str):
            return self.esc(node)
        if isinstance(node, inline.MathSpan):
            return self.esc(node.text)
        if isinstance(node, inline.Bold):
            return "**" + "".join(self._node(n) for n in node.children) + "**"
        if isinstance(node, inline.Italic):
            return "*" + "".join(self._node(n) for n in node.children) + "*"
        return self.link(node.text, node.url)

    def link(self, label: str, url: str | None) -> str:
        """`[label](url)` for an http(s)/mailto url, else the label alone as text."""
        safe = safe_url(url)
        return f"[{self.esc(label)}](<{self.url(safe)}>)" if safe else self.esc(label)

    def header(self) -> str:
        p = self.view.person
        name = self.text(p.name) + (f" ({self.text(p.name_other)})" if p.name_other else "")
        lines = [self.text(x, start=True) for x in [*p.position, *p.affiliation, p.address] if x]
        contacts = " · ".join(self.link(c.text, c.url) if c.url else self.esc(c.text, i == 0)
                              for i, c in enumerate(p.contacts))
        return f"# {name}\n\n" + BREAK.join(lines + ([contacts] if contacts else []))

    def body(self, body: Body) -> str:
        writers: dict[type, Callable[..., str]] = {
            Blocks: self.blocks, Rows: self.rows, LabelLines: self.label_lines, Publications: self.publications,
            Interests: self.interests, Items: self.items, Paragraph: self.paragraph,
        }
        writer = writers.get(type(body))
        if writer is None:
            raise TypeError(f"markdown export: no writer for section body {type(body).__name__}")
        return writer(body)

    def blocks(self, body: Blocks) -> str:
        return "\n\n".join(self.block(b) for b in body.entries)

    def block(self, b: Block) -> str:
        sep, colon = self.esc(self.words["list_sep"]), self.esc(self.words["colon"])
        heading = self.link_text(self.text(b.heading), b.url)
        head = f"**{heading}**" + "".join(f"{sep}{self.text(x)}" for x in [b.location] if x)
        lines = [head + (f" — {self.esc(b.dates)}" if b.dates else "")]
        grey = [self.text(s, start=i == 0) for i, s in enumerate(b.sub)]
        grey += [f"{self.esc(a.label, not grey)}{colon}{self.text(a.text)}" for a in b.aside]
        if grey:
            lines.append(sep.join(grey))
        for d in b.details:
            value = self.text(d.text)
            lines.append(f"{self.esc(d.label, True)}{colon}" + (f"*{value}*" if d.italic else value))
        out = BREAK.join(lines)
        if b.body:
            out += "\n\n" + self.text(b.body, start=True)
        if b.bullets:
            out += "\n\n" + "\n".join(f"{self.bullet} {self.text(x, start=True)}" for x in b.bullets)
        return out

    def rows(self, body: Rows) -> str:
        return "\n".join(f"{self.bullet} {self.row(row)}" for row in body.rows)

    def row(self, row: Row) -> str:
        """`dates: tag, “title” rest, rest [links]`, as the PDF's row reads left to right."""
        sep, colon = self.esc(self.words["list_sep"]), self.esc(self.words["colon"])
        first = not row.dates and not row.tag
        parts = [self.text(p, start=first and i == 0) for i, p in enumerate(row.parts) if p]
        if row.quoted and parts:
            parts[0] = f"“{parts[0]}”"
        out = f"{self.esc(row.dates, True)}{colon}" if row.dates else ""
        out += f"*{self.esc(row.tag, not row.dates)}*{sep}" if row.tag else ""
        out += " ".join(parts) + "".join(f"{sep}{self.text(r)}" for r in row.rest if r)
        return out + self.links(row.links)

    def links(self, links: list[Link]) -> str:
        return "".join(f" {self.link(lk.label, lk.url)}" for lk in links)

    def link_text(self, shown: str, url: str | None) -> str:
        """Already-written Markdown `shown` as a link to `url` when that is http(s)/mailto."""
        safe = safe_url(url)
        return f"[{shown}](<{self.url(safe)}>)" if safe else shown

    def label_lines(self, body: LabelLines) -> str:
        sep, colon = self.esc(self.words["list_sep"]), self.esc(self.words["colon"]).rstrip()
        return "\n".join(f"{self.bullet} **{self.text(x.label)}{colon if x.values else ''}** "
                         + sep.join(self.text(v) for v in x.values)
                         + (f" ({self.esc(x.dates)})" if x.dates else "") for x in body.lines)

    def items(self, body: Items) -> str:
        return "\n".join(f"{self.bullet} {self.text(i.text, start=True)}" for i in body.items)

    def paragraph(self, body: Paragraph) -> str:
        return self.text(body.text, start=True)

    def publications(self, body: Publications) -> str:
        return "\n\n".join(f"### {self.esc(g.title)}\n\n" + "\n".join(f"{self.bullet} {self.paper(p)}" for p in g.papers)
                           for g in body.groups)

    def paper(self, p: Paper) -> str:
        """The citation cvtool.citation punctuated for every output (the PDF's too); only styled here:
        the owner and the venue's short name bold, badges italic."""
        out = []
        for piece in p.citation:
            shown = self.text(piece.text)
            out.append(f"**{shown}**" if piece.style in ("me", "venue") and shown.strip()
                       else f"*{shown}*" if piece.style == "badge" and shown.strip() else shown)
        return f"{self.bracket(p.label)} " + "".join(out) + self.links(p.links)

    def bracket(self, value: str) -> str:
        """`[value]` with bare brackets, which read better pasted as plain text: never a link, since
        no link definition can exist (every `[` of user text is escaped) and the content is escaped."""
        return f"[{self.text(value)}]"

    def topics(self, items: list[TopicView]) -> str:
        return "\n".join(f"{self.bullet} {self.text(t.title, start=True)}"
                         + (f" {self.bracket(', '.join(t.labels))}" if t.labels else "") for t in items)

    def interests(self, body: Interests) -> str:
        out = [self.text(body.intro, start=True)] if body.intro else []
        if body.current:
            out.append(self.topics(body.current))
        if body.past:
            out.append(f"{self.esc(body.past_title, True)}\n\n" + self.topics(body.past))
        return "\n\n".join(out)
