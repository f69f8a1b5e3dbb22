"""Stage 1 — load: bytes of `cv.yaml` → a plain Python tree plus the source position of every value.

We compose YAML nodes ourselves instead of `yaml.safe_load` so that (a) every value keeps its
line and column for later error messages, (b) duplicate keys are errors instead of silently
keeping the last one, (c) scalars follow the YAML 1.2 core schema (`no` stays the string "no",
`2021-08-01` stays a string the date parser reads), and (d) alias expansion is bounded, so a
"billion laughs" file is refused instead of eating memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cvtool import indent, keyboard
from cvtool.errors import CvError, Diagnostic, display_path, source_line
from cvtool.fieldpath import Loc, format_loc
from cvtool.sourcefile import MAX_SOURCE_BYTES, read_source_text  # noqa: F401 - part of load's interface

MAX_VALUES = 200_000
MAX_DEPTH = 64
MAX_FULLWIDTH_REPAIRS = 200  # full-width mistakes reported in one run


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

_PLAIN = "tag:cvtool,plain"  # an untagged plain scalar: resolved below by the YAML 1.2 core schema

_Base: type[yaml.SafeLoader]
try:  # the C parser is several times faster; positions are the same
    _Base = yaml.CSafeLoader  # type: ignore[assignment]  # same interface, not a subclass
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """Leave plain scalars unresolved (PyYAML would apply YAML 1.1: `no` → False, `1e3` → str)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


@dataclass
class Source:
    """A loaded source file: its text, its data, and where each value came from."""

    path: Path
    text: str
    data: Any
    value_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # 1-based (line, col)
    key_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int] | None:
        """The position of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while True:
            if key and loc in self.key_pos:
                return self.key_pos[loc]
            if loc in self.value_pos:
                return self.value_pos[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def diagnostic(
        self, loc: Loc, message: str, *, severity: str = "error", key: bool = False, code: str = ""
    ) -> Diagnostic:
        pos = self.position(loc, key=key)
        line, col = pos if pos else (None, None)
        return Diagnostic(
            message=message,
            severity=severity,
            file=self.name,
            line=line,
            column=col,
            path=format_loc(loc) or None,
            source_line=source_line(self.text, line),
            code=code,
        )


def load(path: Path) -> Source:
    """Load `path` into a `Source`; raise `CvError` with a position for anything that is not YAML."""
    text = read_source_text(path)
    return load_text(text, path)


def load_text(text: str, path: Path) -> Source:
    source = Source(path=path, text=text, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(source, exc) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diag = Diagnostic(
            message=f"the character U+{ord(char):04X} is not allowed in YAML; remove it",
            file=source.name, line=line, column=col, source_line=source_line(text, line),
        )
        raise CvError("not valid YAML; nothing was rendered", [diag]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise CvError(f"{source.name}: error: not valid YAML: {exc}") from None
    if node is None:
        raise CvError(f"{source.name}:1:1: error: the file is empty; expected a mapping with at least `person:`")
    counter = [0]
    source.data = _to_python(node, (), source, counter, 0)
    _refuse_fullwidth_syntax(source, node)
    return source


def _refuse_fullwidth_syntax(source: Source, root: yaml.Node) -> None:
    """A parse that succeeded can still have read `name： Ann` as one string: say so."""
    if not any(ch in source.text for ch in "：，\u3000－"):
        return
    found = keyboard.confirmed(source.text, _plain_starts(root))
    if found:
        diags = [_diagnostic(source, f.line, f.column, f.message, "fullwidth-syntax") for f in found]
        raise CvError("full-width characters where YAML expects its syntax; nothing was rendered", diags)


def _fullwidth_failures(text: str) -> list[keyboard.Finding]:
    """Every full-width character a failed parse trips on, not just the first: each one found is
    typed in ASCII and the text parsed again, so one mistake does not hide the next."""
    found: list[keyboard.Finding] = []
    for _ in range(MAX_FULLWIDTH_REPAIRS):
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            finding = keyboard.explain_failure(text, exc.problem_mark or exc.context_mark)
            if finding is None or finding in found:
                break
            found.append(finding)
            text = keyboard.repaired(text, finding)
            continue
        except yaml.YAMLError:
            break
        if root is not None:
            found.extend(f for f in keyboard.confirmed(text, _plain_starts(root)) if f not in found)
        break
    return sorted(found, key=lambda f: (f.line, f.column))


def _plain_starts(root: yaml.Node) -> set[tuple[int, int]]:
    """(line, column) where each plain scalar starts; each node once (aliases share nodes)."""
    starts: set[tuple[int, int]] = set()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style in (None, ""):
                starts.add((node.start_mark.line + 1, node.start_mark.column + 1))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        else:
            stack.extend(node.value)
    return starts


def _diagnostic(source: Source, line: int, column: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(message=message, code=code, file=source.name, line=line, column=column,
                      source_line=source_line(source.text, line))


def _yaml_error(source: Source, exc: yaml.MarkedYAMLError) -> CvError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    typed = _fullwidth_failures(source.text) if keyboard.findings(source.text) else []
    if typed:
        diags = [_diagnostic(source, f.line, f.column, f.message, "fullwidth-syntax") for f in typed]
        return CvError("not valid YAML (a full-width character from a Chinese keyboard?); nothing was rendered", diags)
    misindented = indent.explain(source.text, problem, exc.problem_mark, exc.context_mark)
    if misindented is not None:
        diag = _diagnostic(source, *misindented, "yaml-indent")
        return CvError("not valid YAML (indentation); nothing was rendered", [diag])
    if (mark is not None and _char_at(source.text, mark.line, mark.column) == "\t") or "'\\t'" in problem:
        problem = "a tab character; YAML indentation must use spaces"
    context = f" ({exc.context})" if exc.context and exc.context not in problem else ""
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    diag = Diagnostic(
        message=f"YAML syntax: {problem}{context}",
        file=source.name,
        line=line,
        column=col,
        source_line=source_line(source.text, line),
    )
    return CvError("not valid YAML; nothing was rendered", [diag])


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if 0 <= line < len(lines) and 0 <= column < len(lines[line]) else ""


def _to_python(node: yaml.Node, loc: Loc, source: Source, counter: list[int], depth: int) -> Any:
    counter[0] += 1
    if counter[0] > MAX_VALUES or depth > MAX_DEPTH:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        raise CvError(
            "the YAML expands to too many values (aliases or nesting); nothing was rendered",
            [Diagnostic(
                message=f"more than {MAX_VALUES:,} values or deeper than {MAX_DEPTH} levels; is an alias repeated?",
                file=source.name, line=line, column=col, source_line=source_line(source.text, line),
            )],
        )
    source.value_pos.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.value == "<<" and key_node.style in (None, "")):
                raise _node_error(source, key_node, "merge keys (`<<:`) are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _node_error(source, key_node, "a key must be a plain word, not a list or mapping")
            key = key_node.value
            if key in result:
                first = source.key_pos.get(loc + (key,))
                where = f" (first defined on line {first[0]})" if first else ""
                raise _node_error(source, key_node, f"duplicate key `{key}`{where}", loc + (key,))
            source.key_pos[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _to_python(value_node, loc + (key,), source, counter, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loc + (i,), source, counter, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def _node_error(source: Source, node: yaml.Node, message: str, loc: Loc | None = None) -> CvError:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    diag = Diagnostic(
        message=message, file=source.name, line=line, column=col,
        path=format_loc(loc) if loc else None, source_line=source_line(source.text, line),
    )
    return CvError("the YAML is ambiguous; nothing was rendered", [diag])


def _scalar(node: yaml.ScalarNode) -> Any:
    """YAML 1.2 core schema for plain scalars; quoted scalars are always strings.

    An explicit tag (`!!str 3`) is honoured for strings; other explicit tags are read as text too.
    """
    value = node.value
    if node.style not in (None, "") or node.tag != _PLAIN:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return SourceFloat(value)
    return value


class SourceFloat(float):
    """A float that remembers how it was written: `2021.10` is a date typed with a dot, and only
    the text can tell it from `2021.1` when suggesting `2021-10`."""

    text: str

    def __new__(cls, text: str) -> SourceFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number
