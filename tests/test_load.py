"""Stage 1 — load: bytes → a tree with positions, refusing everything that is not a sane YAML CV."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtool.errors import CvError, display_path
from cvtool.load import MAX_DEPTH, MAX_SOURCE_BYTES, MAX_VALUES, format_loc, load, load_text
from cvtool.validate import validate

NAME = Path("cv.yaml")  # relative, so diagnostics say `cv.yaml:LINE:COL` whatever the cwd


def load_error(text: str) -> CvError:
    with pytest.raises(CvError) as info:
        load_text(text, NAME)
    return info.value


def first_line(err: CvError) -> str:
    return err.format().splitlines()[0]


# ---------------------------------------------------------------- positions


POSITIONS_YAML = (
    "person:\n"  # 1
    "  name: {en: Ann, zh: 李安}\n"  # 2
    "  emails:\n"  # 3
    "    - a@b.org\n"  # 4
    "    - 'c@d.org'\n"  # 5
    "list: [1, 22]\n"  # 6
)


def test_value_positions_are_one_based_line_and_column():
    src = load_text(POSITIONS_YAML, NAME)
    assert src.value_pos[()] == (1, 1)
    assert src.value_pos[("person",)] == (2, 3)
    assert src.value_pos[("person", "name")] == (2, 9)
    assert src.value_pos[("person", "name", "en")] == (2, 14)
    assert src.value_pos[("person", "name", "zh")] == (2, 23)  # counted in characters, not bytes
    assert src.value_pos[("person", "emails", 0)] == (4, 7)
    assert src.value_pos[("person", "emails", 1)] == (5, 7)  # the opening quote
    assert src.value_pos[("list", 1)] == (6, 11)


def test_key_positions():
    src = load_text(POSITIONS_YAML, NAME)
    assert src.key_pos[("person",)] == (1, 1)
    assert src.key_pos[("person", "name")] == (2, 3)
    assert src.key_pos[("person", "name", "zh")] == (2, 19)
    assert src.key_pos[("person", "emails")] == (3, 3)
    assert src.key_pos[("list",)] == (6, 1)
    assert ("person", "emails", 0) not in src.key_pos  # list items have no key


def test_position_falls_back_to_nearest_ancestor_and_prefers_key_when_asked():
    src = load_text(POSITIONS_YAML, NAME)
    assert src.position(("person", "name", "fr")) == (2, 9)
    assert src.position(("person", "emails")) == (4, 5)  # the value: the block sequence's first `-`
    assert src.position(("person", "emails"), key=True) == (3, 3)
    assert src.position(("nope", 3, "x")) == (1, 1)


def test_data_is_plain_python():
    src = load_text(POSITIONS_YAML, NAME)
    assert src.data == {
        "person": {"name": {"en": "Ann", "zh": "李安"}, "emails": ["a@b.org", "c@d.org"]},
        "list": [1, 22],
    }


def test_diagnostic_carries_path_and_source_line():
    src = load_text(POSITIONS_YAML, NAME)
    diag = src.diagnostic(("person", "emails", 1), "bad")
    assert (diag.file, diag.line, diag.column, diag.path) == ("cv.yaml", 5, 7, "person.emails[1]")
    assert diag.source_line == "    - 'c@d.org'"
    assert diag.format() == "cv.yaml:5:7: error: person.emails[1]: bad\n        - 'c@d.org'\n          ^"


def test_format_loc():
    assert format_loc(("publications", 3, "title")) == "publications[3].title"
    assert format_loc((0, 1)) == "[0][1]"
    assert format_loc(()) == ""


def test_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_bytes("\ufeffa: 1\r\nb:\r\n  c: x\r\n".encode("utf-8"))
    src = load(path)
    assert src.data == {"a": 1, "b": {"c": "x"}}
    assert src.value_pos[("b", "c")] == (3, 6)


# ---------------------------------------------------------------- duplicate keys


def test_duplicate_key_names_the_key_and_the_first_line():
    err = load_error("person:\n  name: A\n  emails: []\n  name: B\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column, diag.path) == (4, 3, "person.name")
    assert "duplicate key `name`" in diag.message
    assert "first defined on line 2" in diag.message
    assert first_line(err) == "cv.yaml:4:3: error: person.name: duplicate key `name` (first defined on line 2)"


def test_duplicate_key_in_flow_mapping():
    err = load_error("a: {x: 1, y: 2, x: 3}\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (1, 17)
    assert "duplicate key `x`" in diag.message


def test_same_key_in_different_mappings_is_fine():
    src = load_text("a: {x: 1}\nb: {x: 2}\n", NAME)
    assert src.data == {"a": {"x": 1}, "b": {"x": 2}}


# ---------------------------------------------------------------- syntax


def test_tab_in_indentation_is_a_located_error():
    err = load_error("person:\n\tname: A\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (2, 1)
    assert diag.message.startswith("YAML syntax")
    assert "not valid YAML" in err.message


def test_tab_before_list_item_says_tab():
    err = load_error("a:\n  - 1\n\t- 2\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (3, 1)
    assert "tab" in diag.message.lower()


def test_tab_as_indentation_message_mentions_tab():
    err = load_error("person:\n\tname: A\n")
    assert "tab" in err.diagnostics[0].message.lower()


def test_syntax_error_has_line_column_and_caret():
    err = load_error("person:\n  position: Professor: Optimization\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (2, 22)
    assert "mapping values are not allowed" in diag.message
    lines = err.format().splitlines()
    assert lines[0].startswith("cv.yaml:2:22: error: YAML syntax: ")
    assert lines[1] == "      position: Professor: Optimization"
    assert lines[2].index("^") == lines[1].index("Professor:") + len("Professor")


def test_unterminated_quote():
    err = load_error("a: x\nb: 'open\n")
    assert err.diagnostics[0].line == 3
    assert "quoted scalar" in err.diagnostics[0].message


def test_undefined_alias():
    err = load_error("a: &x 1\nb: *y\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (2, 4)
    assert "undefined alias" in diag.message


def test_two_documents_are_refused():
    err = load_error("a: 1\n---\nb: 2\n")
    assert err.diagnostics[0].line == 2
    assert "another document" in err.diagnostics[0].message


def test_merge_keys_are_refused():
    err = load_error("base: &b {x: 1}\nother:\n  <<: *b\n")
    [diag] = err.diagnostics
    assert (diag.line, diag.column) == (3, 3)
    assert "merge keys" in diag.message


def test_complex_keys_are_refused():
    err = load_error("? [a, b]\n: 1\n")
    assert "a key must be a plain word" in err.diagnostics[0].message


def test_control_character_is_located():
    err = load_error("a: x\nb: b\x07c\n")
    assert err.format().startswith("cv.yaml:2:5: error:")


def test_control_character_is_still_a_cverror():
    err = load_error("a: b\x07c\n")
    assert "is not allowed in YAML" in err.format()


# ---------------------------------------------------------------- empty / not a mapping


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n   \n"])
def test_empty_file(text):
    err = load_error(text)
    assert first_line(err) == "cv.yaml:1:1: error: the file is empty; expected a mapping with at least `person:`"


@pytest.mark.parametrize(
    "text, found",
    [
        ("- person: x\n- b\n", "found a list"),
        ("just a sentence\n", "found the string 'just a sentence'"),
        ("42\n", "found the number 42"),
        ("true\n", "found the boolean `true`"),
    ],
)
def test_top_level_not_a_mapping_is_located_by_validate(text, found):
    src = load_text(text, NAME)
    with pytest.raises(CvError) as info:
        validate(src)
    [diag] = info.value.diagnostics
    assert (diag.file, diag.line, diag.column) == ("cv.yaml", 1, 1)
    assert "expected a mapping at the top level" in diag.message
    assert found in diag.message


# ---------------------------------------------------------------- YAML 1.2 core schema


@pytest.mark.parametrize(
    "plain, expected",
    [
        ("no", "no"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("y", "y"),
        ("2021-08-01", "2021-08-01"),
        ("2021-08", "2021-08"),
        ("12:30", "12:30"),  # YAML 1.1 would read a sexagesimal 750
        ("1_000", "1_000"),  # YAML 1.1 would read 1000
        ("3", 3),
        ("-7", -7),
        ("+4", 4),
        ("2021", 2021),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("'3'", "3"),
        ('"true"', "true"),
        ("'null'", "null"),
        ("!!str 3", "3"),
    ],
)
def test_core_schema(plain, expected):
    data = load_text(f"v: {plain}\n", NAME).data
    assert data["v"] == expected
    # a float is a SourceFloat (a float that remembers how it was written, for date suggestions)
    assert type(data["v"]) is type(expected) or (type(expected) is float and isinstance(data["v"], float))


@pytest.mark.parametrize("plain, expected", [("1e3", 1000.0), ("2E-5", 2e-05)])
def test_core_schema_exponent_floats(plain, expected):
    assert load_text(f"v: {plain}\n", NAME).data["v"] == expected


def test_keys_are_always_strings():
    data = load_text("1: a\nyes: b\nnull: c\n", NAME).data
    assert data == {"1": "a", "yes": "b", "null": "c"}


# ---------------------------------------------------------------- resource limits


BILLION_LAUGHS = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi")
        ),
    ]
)


def test_alias_bomb_is_refused_not_expanded():
    # 9**9 lols if expanded; the loader stops at MAX_VALUES (without the bound this test hangs)
    err = load_error(BILLION_LAUGHS)
    assert "too many values" in err.message
    assert f"more than {MAX_VALUES:,} values" in err.diagnostics[0].message
    assert err.diagnostics[0].line is not None and err.diagnostics[0].column is not None


def test_small_aliases_are_fine():
    src = load_text("a: &x {en: A, zh: B}\nb: *x\n", NAME)
    assert src.data["b"] == {"en": "A", "zh": "B"}


def test_deep_nesting_is_refused():
    depth = MAX_DEPTH + 10
    err = load_error("a: " + "[" * depth + "]" * depth + "\n")
    assert f"deeper than {MAX_DEPTH}" in err.diagnostics[0].message
    assert err.diagnostics[0].line == 1


def test_moderate_nesting_is_fine():
    src = load_text("a: " + "[" * 20 + "1" + "]" * 20 + "\n", NAME)
    value = src.data["a"]
    for _ in range(20):
        value = value[0]
    assert value == 1


def test_file_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_SOURCE_BYTES + b"\n")
    with pytest.raises(CvError) as info:
        load(path)
    text = str(info.value)
    assert "too large" in text
    assert f"{MAX_SOURCE_BYTES + 3:,} bytes" in text
    assert f"{MAX_SOURCE_BYTES:,}" in text


def test_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"#" + b"x" * (MAX_SOURCE_BYTES - 2) + b"\n")
    assert path.stat().st_size == MAX_SOURCE_BYTES
    with pytest.raises(CvError) as info:
        load(path)
    assert "the file is empty" in str(info.value)  # got past the size check


# ---------------------------------------------------------------- bytes that are not YAML text


def test_binary_file(tmp_path):
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"person:\n  name: x\n\x89PNG\x00\x00\x01")
    with pytest.raises(CvError) as info:
        load(path)
    text = str(info.value)
    assert text.startswith(f"{display_path(path)}:3: error:")
    assert "binary" in text and "NUL" in text


def test_non_utf8_file_names_line_and_column_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("person:\n  name: José\n".encode("latin-1"))
    with pytest.raises(CvError) as info:
        load(path)
    text = str(info.value)
    assert text.startswith(f"{display_path(path)}:2:12: error:")
    assert "0xe9" in text and "UTF-8" in text


def test_non_utf8_column_counts_characters(tmp_path):
    path = tmp_path / "mixed.yaml"
    path.write_bytes("名字: 宋".encode() + b"\xff\n")
    with pytest.raises(CvError) as info:
        load(path)
    assert str(info.value).startswith(f"{display_path(path)}:1:6: error:")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(CvError) as info:
        load(path)
    assert str(info.value).startswith(f"{display_path(path)}: no such file")


def test_missing_file_hint_names_a_real_command(tmp_path):
    from cvtool.cli import app

    with pytest.raises(CvError) as info:
        load(tmp_path / "nope.yaml")
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    for word in ("init", "render", "validate"):
        if f"cvtool {word}" in (info.value.hint or ""):
            assert word in commands


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(CvError) as info:
        load(tmp_path)
    assert "is a directory, expected a YAML file" in str(info.value)
