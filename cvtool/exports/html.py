"""The CV as one standalone HTML page: inline CSS (light and dark, a print stylesheet), semantic
markup (an `h2` per section, lists), links, in the CV's language.

Rendered by Jinja2 with autoescaping, so every value is text unless a filter made it markup:
`rich` re-emits **bold**/*italic*/links from the parsed inline tree (text leaves escaped),
`href` lets only http(s)/mailto URLs become links. Built from the localized view the PDF uses.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import jinja2
from markupsafe import Markup

from cvtool import inline
from cvtool.exports.safe import html, safe_url
from cvtool.locales import available, locale
from cvtool.view import Blocks, Body, CvView, Interests, Items, LabelLines, Paragraph, Publications, Rich, Rows

_FAMILIES = {Blocks: "blocks", Rows: "rows", LabelLines: "labellines", Publications: "publications",
             Interests: "interests", Items: "items", Paragraph: "paragraph"}


def page(view: CvView) -> str:
    for section in view.sections:
        family(section.body)  # an unknown body fails here, not as a silently empty section
    return _template().render(**view.context(), css=_css(), html_lang=view.pdf_lang, other_lang=_other_lang(view))


def _other_lang(view: CvView) -> str | None:
    """The BCP 47 tag of the name given in the CV's next language (its field path ends in the tag)."""
    other = view.person.name_other
    tag = other.loc[-1] if other is not None and other.loc else None
    return locale(tag).pdf_lang if isinstance(tag, str) and tag in available() else None


def family(body: Body) -> str:
    name = _FAMILIES.get(type(body))
    if name is None:
        raise TypeError(f"html export: no template for section body {type(body).__name__}")
    return name


def rich(value: str | None) -> Markup:
    """A view string as HTML: prose keeps its bold/italic/links, any text its math (as Unicode);
    everything else is escaped text."""
    if value is None:
        return Markup("")
    return Markup("").join(_node(node) for node in inline.parse(value, markup=isinstance(value, Rich)))


def _node(node: inline.Node) -> Markup:
    if isinstance(node, str):
        return html(node)
    if isinstance(node, inline.MathSpan):  # MathJax-free: the Unicode reading the PDF's text layer has
        return Markup('<span class="math">%s</span>') % html(node.text)
    if isinstance(node, inline.Bold):
        return Markup("<strong>%s</strong>") % Markup("").join(_node(n) for n in node.children)
    if isinstance(node, inline.Italic):
        return Markup("<em>%s</em>") % Markup("").join(_node(n) for n in node.children)
    target = safe_url(node.url)
    return Markup('<a href="%s">%s</a>') % (target, node.text) if target else html(node.text)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters.update(rich=rich, href=safe_url, family=family)
    return env.from_string(files("cvtool.exports").joinpath("templates/cv.html.j2").read_text(encoding="utf-8"))


@cache
def _css() -> Markup:
    return Markup(files("cvtool.exports").joinpath("templates/cv.css").read_text(encoding="utf-8"))
