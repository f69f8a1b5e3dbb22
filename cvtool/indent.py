"""Indentation errors in words: PyYAML says "mapping values are not allowed in this context" for
a line indented too far and "did not find expected key" for one indented too little. Both mean
a line that does not line up with its neighbours; this module says which line, by how much, and
what to line it up with."""

from __future__ import annotations

import re

import yaml

_KEY_LINE = re.compile(r"^([ ]*(?:-[ ]+)?)([^\s:#][^:#]*?):(?:[ ]+(\S.*))?$")


def explain(text: str, problem: str, problem_mark: yaml.Mark | None, context_mark: yaml.Mark | None
            ) -> tuple[int, int, str] | None:
    """(line, column, message) for a misindented line, or None when the error is something else."""
    if problem_mark is None:
        return None
    lines = text.split("\n")
    number = problem_mark.line  # 0-based
    if "mapping values are not allowed" in problem:
        return _too_deep(lines, number)
    if "did not find expected key" in problem and context_mark is not None:
        return _too_shallow(lines, number, context_mark)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], number: int) -> int | None:
    for i in range(number - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _too_deep(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """`name: Ann` then a deeper `emails: …`: a key with a value cannot have children."""
    if number >= len(lines):
        return None
    prev = _previous(lines, number)
    if prev is None:
        return None
    m = _KEY_LINE.match(lines[prev])
    here = _indent(lines[number])
    if not m or not m.group(3) or here <= len(m.group(1)):
        return None
    key, key_col = m.group(2), len(m.group(1))
    message = (f"this line is indented {here} spaces, deeper than `{key}` on line {prev + 1} ({key_col} spaces); "
               f"`{key}` already has a value on its line, so nothing can be nested under it. "
               f"Line it up with `{key}` (remove {here - key_col} space{'s' * (here - key_col != 1)})")
    return number + 1, here + 1, message


def _too_shallow(lines: list[str], number: int, mapping: yaml.Mark) -> tuple[int, int, str] | None:
    """A key between two levels: deeper than the keys of the mapping PyYAML was in, shallower
    than the keys of the mapping nested in it just above."""
    if number >= len(lines) or not lines[number].strip():
        return None
    here, outer = _indent(lines[number]), mapping.column
    prev = _previous(lines, number)
    if prev is None:
        return None
    inner = _KEY_LINE.match(lines[prev])
    if inner is None or not outer < here < len(inner.group(1)):
        return None
    inner_at = len(inner.group(1))
    message = (f"this line is indented {here} spaces, which lines up with no key: the keys around it are "
               f"at {outer} spaces (line {mapping.line + 1}) and at {inner_at} (`{inner.group(2)}`, line {prev + 1}); "
               f"indent it {inner_at} spaces to continue the inner mapping, or {outer} to continue the outer one")
    return number + 1, here + 1, message
