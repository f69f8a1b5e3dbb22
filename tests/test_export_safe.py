"""Escaping for the exports: adversarial strings render as themselves in Markdown (read back with
markdown-it, a CommonMark parser) and in HTML; only http(s)/mailto links survive."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from cvtool import inline
from cvtool.exports.safe import html, md, md_url, one_line, safe_url

ADVERSARIAL = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**not bold** and _not italic_ and `not code`",
    "# not a heading",
    "- not a list",
    "2024. not an ordered list",
    "> not a quote",
    "| not | a table |",
    "AT&T &amp; &#60;script&#62;",
    "$x^2$ and \\(y\\)",
    "![img](https://example.org/x.png)",
    "<https://autolink.example.org>",
    "===",
    "line one\nline two\n\n# heading after a blank line",
]


@pytest.mark.parametrize("value", ADVERSARIAL)
def test_markdown_escape_renders_the_text_itself(value):
    rendered = MarkdownIt("commonmark").render(md(value, start=True))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<em>" not in rendered and "<strong>" not in rendered and "<code>" not in rendered
    text = rendered[3:-5].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert text == one_line(value)


@pytest.mark.parametrize("value", ADVERSARIAL)
def test_html_escape_leaves_no_markup(value):
    out = str(html(value))
    assert "<" not in out and ">" not in out and '"' not in out


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=c&d=(e)", True),
        ("http://example.org", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("https://example.org/\"onmouseover=alert(1)", False),
        ("//example.org", False),
        ("", False),
    ],
)
def test_only_http_and_mailto_links_pass(url, kept):
    assert (safe_url(url) is not None) is kept


def test_markdown_link_url_cannot_close_early():
    url = "https://example.org/a_(b)_c d"
    rendered = MarkdownIt("commonmark").render(f"[x]({md_url(url)})")
    assert 'href="https://example.org/a_%28b%29_c%20d"' in rendered


def test_inline_markup_tree_has_only_three_constructs():
    nodes = inline.parse("a **b *c* d** [d](https://x.org/(y)) [e](javascript:alert(1)) *f")
    assert nodes[:2] == ["a ", inline.Bold(["b ", inline.Italic(["c"]), " d"])]
    links = [n for n in nodes if isinstance(n, inline.Link)]
    assert links == [inline.Link("d", "https://x.org/(y)")]
    assert "[e](javascript:alert(1)) *f" in "".join(n for n in nodes if isinstance(n, str))
    assert inline.plain(nodes).startswith("a b c d d [e]")


def test_control_and_bidi_characters_are_dropped():
    assert str(html("a\u202eb\x00c")) == "abc"
    assert md("a\u202eb\x07c") == "abc"
    assert md("+852 1") == "+852 1" and md("+852 1", start=True) == "\\+852 1"
