"""Plan an import (parse, match, edit in memory, validate), then apply it atomically.

    plan = plan_import(Path("cv.yaml"), Path("refs.bib"))
    apply(plan)                 # writes cv.yaml (unless nothing changed or it changed meanwhile)

The new text is loaded and validated with cvtool's own loader before anything is written; if it
is not a valid CV, nothing changes.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvtool import labels
from cvtool.bib.decide import Decision, Outcome, decide
from cvtool.bib.edit import Editor
from cvtool.bib.location import publications_node, publications_of
from cvtool.bib.parse import parse_entries, read_bib
from cvtool.bib.venues import load_venues
from cvtool.errors import CvError, Diagnostic, display_path
from cvtool.files import write_atomic
from cvtool.load import load_text, read_source_text
from cvtool.model import CV, PUBLICATION_KINDS
from cvtool.validate import validate

KINDS = ("auto", *PUBLICATION_KINDS)


@dataclass
class ImportPlan:
    cv_path: Path
    bib_path: Path
    original: bytes
    new_text: str
    new_bytes: bytes
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    relabelled: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old label, new label)

    @property
    def changed(self) -> bool:
        return self.new_bytes != self.original

    def diff(self) -> str:
        old = self.original.decode("utf-8-sig").splitlines(keepends=True)
        name = display_path(self.cv_path)
        return "".join(difflib.unified_diff(old, self.new_text.splitlines(keepends=True), name, name))


def import_bib(cv_path: Path, bib_path: Path, *, kind: str = "auto", dry_run: bool = False, strict: bool = False,
               venues: Path | None = None) -> ImportPlan:
    plan = plan_import(cv_path, bib_path, kind=kind, strict=strict, venues=venues)
    if not dry_run:
        apply(plan)
    return plan


def apply(plan: ImportPlan) -> None:
    """Write the planned cv.yaml atomically; refuse if the file changed since it was read."""
    if not plan.changed:
        return
    try:
        current = plan.cv_path.read_bytes()
    except OSError as exc:
        raise CvError(f"{display_path(plan.cv_path)}: cannot read: {exc.strerror}") from None
    if current != plan.original:
        raise CvError(f"{display_path(plan.cv_path)} changed while importing; nothing was written, run the import again")
    write_atomic(plan.cv_path, plan.new_bytes)



def plan_import(cv_path: Path, bib_path: Path, *, kind: str = "auto", strict: bool = False,
                venues: Path | None = None) -> ImportPlan:
    """Everything but the write: parse, decide entry by entry, edit in memory, validate the result.

    `strict` refuses the whole file when any entry would be skipped.
    """
    if kind not in KINDS:
        raise CvError(f"--kind {kind!r}: expected one of {', '.join(KINDS)}", code="bad-option")
    cv_name, bib_name = display_path(cv_path), display_path(bib_path)
    text, original, before = _read_cv(cv_path)
    bib_text = read_bib(bib_path)
    entries, bad = parse_entries(bib_text)
    if not entries and not bad:
        raise CvError(f"{bib_name}: no BibTeX entries found (expected entries like @article{{key, …}})", code="bib-empty")
    outcome = decide(entries, bad, publications_of(before.cv), _mappings(text), load_venues(venues), kind,
                     _other_ids(before.cv))
    if strict and outcome.skipped:
        raise CvError(f"{bib_name}: --strict: {len(outcome.skipped)} entr{'ies' if len(outcome.skipped) != 1 else 'y'} "
                      "cannot be imported; nothing was changed",
                      [_diagnostic(d, bib_name, bib_text) for d in outcome.skipped], code="bib-strict")
    new_text, new_bytes, after, warnings = _edit_and_check(text, original, before, outcome, bib_name, cv_name, cv_path)
    old_labels = labels.assign(before.cv)
    label_of = old_labels if after is None else labels.assign(after.cv)
    # an added paper older than others of its kind renumbers them: CVs already sent cite the old labels
    relabelled = [(pid, old, label_of[pid]) for pid, old in old_labels.items() if label_of.get(pid, old) != old]
    decisions = [dataclasses.replace(d, label=label_of.get(d.id or "")) for d in outcome.decisions]
    return ImportPlan(cv_path=cv_path, bib_path=bib_path, original=original, new_text=new_text, new_bytes=new_bytes,
                      decisions=decisions, warnings=warnings, relabelled=relabelled)


def _read_cv(cv_path: Path) -> tuple[str, bytes, Any]:
    text = read_source_text(cv_path)
    try:
        original = cv_path.read_bytes()
    except OSError as exc:  # pragma: no cover - read_source_text already read it
        raise CvError(f"{display_path(cv_path)}: cannot read: {exc.strerror}") from None
    try:
        before = validate(load_text(text, cv_path))
    except CvError as exc:
        raise CvError(f"{display_path(cv_path)} is not valid; fix it before importing (nothing was changed)",
                      exc.diagnostics, code="cv-invalid") from None
    return text, original, before


def _mappings(text: str) -> list[dict[str, Any]]:
    """The publications of cv.yaml as plain mappings (what the file says, not the model's defaults)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader) or {}
    node = publications_node(doc) or []
    return [item for item in node if isinstance(item, dict)]


def _other_ids(cv: CV) -> frozenset[str]:
    """Ids of entries in other sections: a new publication must not take one."""
    ids: set[str] = set()
    for section in cv.sections.values():
        if section.kind != "publications":
            ids.update(e.id for e in getattr(section, "entries", []) if getattr(e, "id", None))
    return frozenset(ids)


def _edit_and_check(text: str, original: bytes, before: Any, outcome: Outcome, bib_name: str, cv_name: str,
                    cv_path: Path) -> tuple[str, bytes, Any, list[Diagnostic]]:
    """Edit and validate the result; a new publication the CV's own checks refuse (a math command
    it cannot typeset, …) is skipped with that reason and the rest edited again."""
    for _ in range(2):
        new_text, warnings = _edit(text, before.cv, outcome)
        bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
        new_bytes = original if new_text == text else bom + new_text.encode("utf-8")
        if new_bytes == original:
            return new_text, new_bytes, None, warnings
        try:
            after = validate(load_text(new_text, Path(f"{cv_path} (after import)")))
        except CvError as exc:
            if not _skip_refused(outcome, new_text, exc.diagnostics):
                raise CvError(f"importing {bib_name} would leave {cv_name} invalid; nothing was changed",
                              exc.diagnostics, code="bib-invalid-result") from None
            continue
        old = {(w.path, w.message) for w in before.warnings}
        warnings.extend(w for w in after.warnings if (w.path, w.message) not in old)
        return new_text, new_bytes, after, warnings
    raise CvError(f"importing {bib_name} would leave {cv_name} invalid; nothing was changed", code="bib-invalid-result")


def _skip_refused(outcome: Outcome, new_text: str, diagnostics: list[Diagnostic]) -> bool:
    """Turn the added publications that `diagnostics` point at into skipped decisions; False if
    an error is not about an added publication (then the import as a whole is refused)."""
    import re

    items = _mappings(new_text)
    added = {str(item["id"]): item for item in outcome.additions}
    refused: dict[str, str] = {}
    for d in diagnostics:
        if not d.is_error:
            continue
        match = re.search(r"publications\[(\d+)\]|entries\[(\d+)\]", d.path or "")
        index = int(match[1] or match[2]) if match else -1
        pub_id = str(items[index].get("id")) if 0 <= index < len(items) else ""
        if pub_id not in added:
            return False
        refused.setdefault(pub_id, d.message)
    outcome.additions = [item for item in outcome.additions if str(item["id"]) not in refused]
    outcome.decisions = [dataclasses.replace(d, action="skipped", reason=f"cv.yaml would refuse it: {refused[d.id]}")
                         if d.action == "added" and d.id in refused else d for d in outcome.decisions]
    return bool(refused)


def _edit(text: str, cv: CV, outcome: Outcome) -> tuple[str, list[Diagnostic]]:
    crlf = "\r\n" in text
    editor = Editor(text.replace("\r\n", "\n") if crlf else text, cv)
    editor.update(outcome.updates)
    if outcome.additions:
        editor.cv = validate(load_text(editor.text, Path("cv.yaml (during import)"))).cv if outcome.updates else cv
        editor.pubs = publications_of(editor.cv)
        editor.add(outcome.additions)
    new_text = editor.text.replace("\n", "\r\n") if crlf else editor.text
    return new_text, editor.warnings


def _diagnostic(decision: Decision, bib_name: str, bib_text: str) -> Diagnostic:
    from cvtool.errors import source_line

    src = source_line(bib_text, decision.line)
    col = (src.find("@") + 1) if src and "@" in src else None
    return Diagnostic(message=f"{decision.key}: {decision.reason}", file=bib_name, line=decision.line, column=col,
                      source_line=src, code="bib-entry-skipped")
