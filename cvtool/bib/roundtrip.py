"""ruamel.yaml round-trip helpers: load cv.yaml so that dumping it again reproduces it, and style
new values like the file around them (flow lists, quotes only where needed, key order)."""

from __future__ import annotations

import difflib
import functools
import io
from typing import Any

from cvtool.errors import CvError


class RoundTrip:
    """ruamel.yaml in round-trip mode, with the indentation that reproduces this file exactly."""

    CANDIDATES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 3), (2, 3, 1))

    def __init__(self, text: str):
        self.text = text
        self.warning: str | None = None
        self.yaml: Any = None

    def _make(self, indent: tuple[int, int, int]) -> Any:
        from ruamel.yaml import YAML

        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
        return yaml

    def load(self) -> Any:
        from ruamel.yaml import YAMLError

        try:
            for indent in self.CANDIDATES:
                yaml = self._make(indent)
                doc = yaml.load(self.text)
                if self._dump_with(yaml, doc) == self.text:
                    self.yaml = yaml
                    return doc
            self.yaml = fallback = self._make(self.CANDIDATES[0])
            doc = fallback.load(self.text)
        except YAMLError as exc:
            raise CvError(f"ruamel.yaml cannot read the CV: {exc}") from None
        changed = _count_changed_lines(self.text, self._dump_with(self.yaml, doc))
        self.warning = (f"ruamel.yaml re-formats {changed} line{'s' * (changed != 1)} of this file that the import "
                        "does not touch (indentation it cannot reproduce); check the diff")
        return doc

    @staticmethod
    def _dump_with(yaml: Any, doc: Any) -> str:
        out = io.StringIO()
        yaml.dump(doc, out)
        return out.getvalue()

    def dump(self, doc: Any) -> str:
        return self._dump_with(self.yaml, doc)

    def dump_item(self, item: Any, key: str) -> str:
        """One new publication as it would sit under the top-level `publications:` key."""
        from ruamel.yaml.comments import CommentedMap

        root = CommentedMap()
        root[key] = [item]
        text = self._dump_with(self.yaml, root)
        return text.split("\n", 1)[1]


def _count_changed_lines(a: str, b: str) -> int:
    return sum(1 for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line[:1] in "+-")


def plain(value: Any) -> Any:
    """A ruamel value as plain Python (str subclasses → str, CommentedMap → dict), for comparison."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def styled(value: Any, like: Any = None) -> Any:
    """A new value in the file's style: lists and small mappings in flow style, strings quoted
    with double quotes only where YAML needs quotes (or where the value it replaces was quoted)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = styled(v)
        nested = any(isinstance(v, (dict, list)) for v in value.values())
        long = len(value) > 3 or sum(len(str(v)) for v in value.values()) > 80
        if nested or long or (isinstance(like, dict) and not is_flow(like)):
            out.fa.set_block_style()
        else:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq([styled(v) for v in value])
        if like is None or not isinstance(like, list) or is_flow(like):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, str):
        if isinstance(like, SingleQuotedScalarString):
            return SingleQuotedScalarString(value)
        if isinstance(like, DoubleQuotedScalarString) or _needs_quotes(value):
            return DoubleQuotedScalarString(value)
        return value
    return value


def is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa and fa.flow_style())


@functools.lru_cache(maxsize=4096)
def _needs_quotes(value: str) -> bool:
    """Whether a plain scalar would not read back as this same string (ruamel would quote it)."""
    out = io.StringIO()
    _plain_dumper().dump({"k": value}, out)
    return out.getvalue() != f"k: {value}\n"


@functools.cache
def _plain_dumper() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def set_key(item: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set `key` on a ruamel mapping: in place if present, else at its place in `order`.

    A key appended after the last one would land after that key's trailing comments (often the
    next group's header), so the trailing comment is moved to follow the new key instead.
    """
    if key in item:
        item[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    keys = list(item.keys())
    pos = next((i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys))
    if pos < len(keys):
        item.insert(pos, key, value)
        return
    last = keys[-1] if keys else None
    item[key] = value
    slot = item.ca.items.get(last) if last is not None else None
    if slot and len(slot) > 2 and slot[2] is not None:
        token = slot[2]
        head, sep, rest = token.value.partition("\n")
        if head.strip():
            token.value = head + sep  # an end-of-line comment stays on its line
            slot_rest = rest
        else:
            slot[2] = None
            slot_rest = rest
        if slot_rest:
            from ruamel.yaml.tokens import CommentToken

            moved = CommentToken("\n" + slot_rest, token.start_mark, None)
            item.ca.items[key] = [None, None, moved, None]
