"""Plan an import (parse, match, edit in memory, validate), then apply it atomically.

    plan = plan_import(Path("cv.yaml"), Path("refs.bib"))
    apply(plan)                 # writes cv.yaml (unless nothing changed or it changed meanwhile)

The new text is loaded and validated with cvtool's own loader before anything is written; if it
is not a valid CV, nothing changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from cvtool import labels
from cvtool.bib.edit import Change, Editor
from cvtool.bib.parse import parse_bib, read_bib
from cvtool.errors import CvError, Diagnostic, display_path
from cvtool.files import write_atomic
from cvtool.load import load_text, read_source_text
from cvtool.validate import validate


@dataclass
class ImportPlan:
    cv_path: Path
    bib_path: Path
    original: bytes
    new_text: str
    new_bytes: bytes
    changes: list[Change] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    relabelled: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old label, new label)

    @property
    def changed(self) -> bool:
        return self.new_bytes != self.original

    def diff(self) -> str:
        old = self.original.decode("utf-8-sig").splitlines(keepends=True)
        name = display_path(self.cv_path)
        return "".join(difflib.unified_diff(old, self.new_text.splitlines(keepends=True), name, name))


def import_bib(cv_path: Path, bib_path: Path, *, kind: str = "auto", dry_run: bool = False) -> ImportPlan:
    plan = plan_import(cv_path, bib_path, kind=kind)
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



def plan_import(cv_path: Path, bib_path: Path, *, kind: str = "auto") -> ImportPlan:
    """Everything but the write: parse, match, edit in memory, validate the result."""
    cv_name = display_path(cv_path)
    bib_name = display_path(bib_path)
    text = read_source_text(cv_path)
    try:
        original = cv_path.read_bytes()
    except OSError as exc:  # pragma: no cover - read_source_text already read it
        raise CvError(f"{cv_name}: cannot read: {exc.strerror}") from None
    try:
        before = validate(load_text(text, cv_path))
    except CvError as exc:
        raise CvError(f"{cv_name} is not valid; fix it before importing (nothing was changed)",
                      exc.diagnostics) from None

    records, warnings = parse_bib(read_bib(bib_path), bib_name, kind=kind)
    crlf = "\r\n" in text
    work = text.replace("\r\n", "\n") if crlf else text

    editor = Editor(work, before.cv, bib_name)
    changes = editor.run(records, explicit_kind=kind != "auto")
    new_text = editor.text
    warnings.extend(editor.warnings)

    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    new_bytes = original if new_text == text else bom + new_text.encode("utf-8")

    if new_bytes != original:
        after_path = Path(f"{cv_path} (after import)")
        try:
            after = validate(load_text(new_text, after_path))
        except CvError as exc:
            raise CvError(f"importing {bib_name} would leave {cv_name} invalid; nothing was changed",
                          exc.diagnostics) from None
        old = {(w.path, w.message) for w in before.warnings}
        warnings.extend(w for w in after.warnings if (w.path, w.message) not in old)
        label_of = labels.assign(after.cv)
    else:
        label_of = labels.assign(before.cv)
    changes = [Change(**{**c.__dict__, "label": label_of.get(c.id)}) for c in changes]
    # an added paper older than others of its kind renumbers them: CVs already sent cite the old labels
    old_labels = labels.assign(before.cv)
    relabelled = [(pid, old, label_of[pid]) for pid, old in old_labels.items() if label_of.get(pid, old) != old]
    return ImportPlan(cv_path=cv_path, bib_path=bib_path, original=original, new_text=new_text,
                      new_bytes=new_bytes, changes=changes, warnings=warnings, relabelled=relabelled)

