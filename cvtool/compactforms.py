"""Shorter and shorter forms of a one-line (compact) entry, for TeX to measure.

A compact entry must stay on one line. Guessing widths from character counts fails across fonts and
languages, so the template hands TeX every form, longest first, and TeX keeps the first that fits
beside the dates (`\\cvcompactfit` in cvtool.sty). The forms: as written; degrees abbreviated; the
longest detail cut at a word boundary with an ellipsis, shorter and shorter; the details dropped;
the heading cut too. The last form is always used if none fits.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

T = TypeVar("T")
ELLIPSIS = "…"
CUTS = (0.75, 0.55, 0.4, 0.25)  # shares of the longest detail kept, in turn
_ABBREVIATIONS = {
    "doctor of philosophy": "Ph.D.",
    "master of science": "M.S.",
    "master of engineering": "M.Eng.",
    "master of arts": "M.A.",
    "master of business administration": "MBA",
    "master of philosophy": "M.Phil.",
    "bachelor of science": "B.S.",
    "bachelor of engineering": "B.Eng.",
    "bachelor of arts": "B.A.",
    "博士研究生": "博士",
    "硕士研究生": "硕士",
    "碩士研究生": "碩士",
}
_DANGLING = {"and", "or", "of", "for", "the", "a", "an", "in", "on", "at", "to", "with", "&", "-", "–"}
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]")


def forms(heading: T, details: list[T]) -> list[tuple[T, list[T]]]:
    """(heading, details) pairs, longest first, without repeats; each item keeps its own type
    (a view.Sourced keeps its cv.yaml location)."""
    out: list[tuple[T, list[T]]] = [(heading, details)]
    short = [_abbreviated(d) for d in details]
    out.append((heading, short))
    if short and _cuttable(short):
        longest = max(range(len(short)), key=lambda i: len(_text(short[i])))
        for share in CUTS:
            cut = list(short)
            cut[longest] = _cut(short[longest], share)
            out.append((heading, cut))
    out.append((heading, []))
    if _cuttable([heading]) and len(_text(heading)) > 16:  # a short heading is whole or nothing
        out += [(_cut(heading, share), []) for share in CUTS[:2]]
    unique: list[tuple[T, list[T]]] = []
    for h, ds in out:
        if all((_text(h), [_text(d) for d in ds]) != (_text(u), [_text(x) for x in us]) for u, us in unique):
            unique.append((h, ds))
    return unique


def _text(item: Any) -> str:
    return str(getattr(item, "text", item))


def _with_text(item: T, text: str) -> T:
    """`text` as the same kind of value as `item`: a view.Sourced keeps its cv.yaml location."""
    make: Any = type(item)
    return make(text, item.loc) if hasattr(item, "loc") else make(text)


def _cuttable(items: list[Any]) -> bool:
    """Plain text only: text with markup (bold, links, math) is never cut mid-way."""
    return all(type(item).__name__ != "Rich" for item in items)


def _abbreviated(item: T) -> T:
    short = _ABBREVIATIONS.get(_text(item).strip().lower())
    return _with_text(item, short) if short else item


def _cut(item: T, share: float) -> T:
    """The text cut to about `share` of its length: at a word boundary (any character in CJK), then `…`."""
    text = _text(item)
    limit = max(1, int(len(text) * share))
    if len(text) <= limit:
        return item
    head = text[:limit]
    if not _WIDE.search(text[limit - 1 : limit + 1]) and " " in head:
        words = head[: head.rfind(" ")].split(" ")
        while len(words) > 1 and words[-1].lower() in _DANGLING:
            words.pop()
        head = " ".join(words)
    return _with_text(item, head.rstrip(" ,;:–-") + ELLIPSIS)


def row_forms(parts: list[T], rest: list[T]) -> list[tuple[list[T], list[T]]]:
    """(parts, rest) pairs of a one-line row (view.Row), longest first: the trailing details dropped
    from the end (a talk's location before its event: no line cut in the middle, "Seminar…, Stanford,
    CA"), down to the first, which is then cut, then dropped; then the main text cut."""
    out: list[tuple[list[T], list[T]]] = [(parts, rest)]
    kept = rest
    while len(kept) > 1:
        kept = kept[:-1]
        out.append((parts, kept))
    if kept and _cuttable(kept):
        out += [(parts, _cut_longest(kept, share)) for share in CUTS]
    out.append((parts, []))
    if parts and _cuttable(parts):
        out += [(_cut_longest(parts, share), []) for share in CUTS[:2]]
    unique: list[tuple[list[T], list[T]]] = []
    for p, r in out:
        if ([_text(x) for x in p], [_text(x) for x in r]) not in [([_text(x) for x in up], [_text(x) for x in ur])
                                                                 for up, ur in unique]:
            unique.append((p, r))
    return unique


def _cut_longest(items: list[T], share: float) -> list[T]:
    longest = max(range(len(items)), key=lambda i: len(_text(items[i])))
    return [_cut(x, share) if i == longest else x for i, x in enumerate(items)]
