"""The Chinese keyboard: full-width YAML syntax, misindented lines and dates typed another way
each give the right line and column and say what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtool.dates import parse_date, suggest
from cvtool.errors import CvError
from cvtool.load import load_text

NAME = Path("cv.yaml")


def first_diagnostic(text: str) -> str:
    with pytest.raises(CvError) as info:
        load_text(text, NAME)
    return info.value.format().splitlines()[0]


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        # PyYAML notices these a line late, or reads them as a string: the error names the character
        ("person:\n  name： Ann\n  emails: [a@b.org]\n", "2:7", "full-width colon '：' (U+FF1A) after `name`"),
        ("person:\n  name： Ann\n", "2:7", "`name: …`"),  # parses as the string "name： Ann"
        ("person：\n  name: Ann\n", "1:7", "after `person`"),
        ("person:\n  name：Ann\n  x: 1\n", "2:7", "full-width colon"),
        ("person:\n  name: {en： Ann, zh: 李安}\n", "2:12", "after `en`"),
        ("person:\n  name: {en: Ann，zh: 李安}\n", "2:17", "full-width comma '，' (U+FF0C)"),
        ("person:\n　　name: Ann\n", "2:1", "ideographic) spaces '　' (U+3000)"),
        ("person:\n  name: Ann\n　　emails: [a@b.org]\n", "3:1", "indents with ASCII spaces"),
        ("person:\n  emails:\n    － a@b.org\n    － c@d.org\n", "3:5", "full-width hyphen '－' (U+FF0D)"),
        # a full-width comma between ASCII items, or after a value, is YAML's comma mistyped
        ("items: [Go， C++, Rust]\n", "1:11", "full-width comma '，' (U+FF0C) between two items"),
        ("person:\n  emails: [a@x.com，b@x.com]\n", "2:19", "use `, `"),
        ("x:\n  - start: 2017-07，\n", "2:19", "full-width comma '，' (U+FF0C) after the value of `start`"),
    ],
)
def test_fullwidth_syntax_is_named_at_its_line_and_column(text: str, where: str, fragment: str) -> None:
    line = first_diagnostic(text)
    assert line.startswith(f"cv.yaml:{where}: error: "), line
    assert fragment in line


@pytest.mark.parametrize(
    "text",
    [
        "person:\n  name: 宋庆禹\n  position: 研究方向：机器学习，系统\n",  # prose after the key's colon
        "summary: |\n  　　第一段：缩进两个全角空格。\n  name： 不是键\n",  # inside a block scalar
        "topics: [机器学习，系统]\n",  # a comma in a list item of Chinese prose is prose
        "note: 'x：y'\n",
    ],
)
def test_fullwidth_characters_in_prose_are_not_blamed(text: str) -> None:
    load_text(text, NAME)


def all_diagnostics(text: str) -> list[str]:
    with pytest.raises(CvError) as info:
        load_text(text, NAME)
    return [d.format().splitlines()[0] for d in info.value.diagnostics]


def test_every_fullwidth_mistake_is_reported_not_just_the_first() -> None:
    text = "person:\n  name: Ann\n  position： A\n  website： B\nitems: [Go， C++， Rust]\n"
    lines = all_diagnostics(text)
    assert [line.split(": error")[0] for line in lines] == [
        "cv.yaml:3:11", "cv.yaml:4:10", "cv.yaml:5:11", "cv.yaml:5:16"], lines


def test_fullwidth_commas_in_one_flow_list_are_each_named() -> None:
    lines = all_diagnostics("items: [Go， C++， Rust]\n")
    assert [line.split(": error")[0] for line in lines] == ["cv.yaml:1:11", "cv.yaml:1:16"], lines


def test_over_indented_line_is_explained_at_that_line() -> None:
    line = first_diagnostic("person:\n  name: Ann\n    emails: [a@b.org]\n")
    assert line.startswith("cv.yaml:3:5: error: this line is indented 4 spaces, deeper than `name` on line 2")
    assert "remove 2 spaces" in line


def test_over_indented_key_in_a_list_entry() -> None:
    line = first_diagnostic("education:\n  - school: A\n     degree: B\n")
    assert line.startswith("cv.yaml:3:6: error: ") and "remove 1 space" in line


def test_line_between_two_levels_is_explained() -> None:
    line = first_diagnostic("person:\n    name: Ann\n  emails: [a@b.org]\n")
    assert line.startswith("cv.yaml:3:3: error: this line is indented 2 spaces, which lines up with no key")
    assert "indent it 4 spaces" in line


def test_other_syntax_errors_keep_the_parser_message() -> None:
    line = first_diagnostic("person:\n  position: Assistant Professor: Optimization\n")
    assert "YAML syntax: mapping values are not allowed" in line


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("2021.08", "2021-08"), ("2021/08", "2021-08"), ("2021/8", "2021-08"), ("Aug 2021", "2021-08"),
     ("August 2021", "2021-08"), ("Sept. 2021", "2021-09"), ("Fall 2020", "2020-09"), ("2021年8月", "2021-08"),
     ("2021.08.15", "2021-08-15"), ("08/2021", "2021-08"), ("2021-8", "2021-08")],
)
def test_dates_typed_another_way_get_a_suggestion(typed: str, meant: str) -> None:
    assert suggest(typed) == meant
    with pytest.raises(ValueError, match=f"did you mean {meant}\\?"):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["2021.13", "someday 2021", "2021/08/45"])
def test_no_suggestion_for_what_is_no_date(typed: str) -> None:
    assert suggest(typed) is None


def test_a_dotted_date_read_as_a_number_keeps_its_zero() -> None:
    # YAML reads `start: 2021.10` as the float 2021.1; the suggestion must still say October
    data = load_text("start: 2021.10\n", NAME).data
    with pytest.raises(ValueError, match=r"found '2021\.10'; did you mean 2021-10"):
        parse_date(data["start"])
