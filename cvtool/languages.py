"""Which languages a CV is in, and the text of each field in one of them.

A CV declares `languages: [en, zh, zh-hant]`; without it, the languages its text uses. `render`
builds exactly these, `--lang` picks among them. Text a language lacks is converted when its
locale says how (zh-hant from zh, `cvtool.convert`), else borrowed from another declared language
with a warning. Tags compare case-insensitively (`zh-Hant` = `zh-hant`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from cvtool.convert import Converter
from cvtool.errors import CvError
from cvtool.fieldpath import Loc
from cvtool.load import Source
from cvtool.locales import available, locale
from cvtool.model import CV, LocalizedText, normalize_tag


def declared_languages(cv: CV) -> list[str]:
    """The CV's languages, in order: `languages:`, else those its text uses (`used_languages`)."""
    return list(dict.fromkeys(cv.languages)) if cv.languages else used_languages(cv)


def used_languages(cv: CV) -> list[str]:
    """The tags of every `{tag: text}` in the file (and of `conversion:`), in order of first use.
    A file of plain strings only is Chinese when the person's name is in Chinese characters."""
    tags = dict.fromkeys(tag for _, text in all_texts(cv) for tag in text.tags)
    tags.update(dict.fromkeys(cv.conversion))
    if tags:
        return list(tags)
    return ["zh" if _is_han(cv.person.name.first()[1]) else "en"]


def _is_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def resolve_lang(tag: str, declared: list[str]) -> str:
    """A `--lang` value → a declared tag (case-insensitive), or a CvError saying what to do."""
    lang = normalize_tag(tag.strip())
    if lang in declared:
        return lang
    if lang in available():
        hint = f"Add it to `languages:` in cv.yaml, e.g. languages: [{', '.join([*declared, lang])}]"
    else:
        hint = f"cvtool has locales for: {', '.join(available())}"
    raise CvError(f"--lang {tag}: not a language of this CV, which is in: {', '.join(declared)}", hint=hint)


def requested_languages(option: str | None, cv: CV) -> list[str]:
    """`--lang` (None or `all`: every declared language; or a comma-separated list) → tags."""
    declared = declared_languages(cv)
    if option is None or option.strip().lower() == "all":
        return declared
    return list(dict.fromkeys(resolve_lang(tag, declared) for tag in option.split(",") if tag.strip()))


def all_texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText in a model, with its field path."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from all_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from all_texts(item, loc + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_texts(item, loc + (key,))


# ---------------------------------------------------------------- one language's text


@dataclass(frozen=True)
class Picked:
    text: str
    lang: str | None  # the language it was written in; None for a plain string
    converted: bool  # made by conversion (and different from what was written)


class Reader:
    """The text of any field in one language: as written, converted, or borrowed (warned about)."""

    def __init__(self, cv: CV, lang: str) -> None:
        self.lang = normalize_tag(lang)
        self.order = [self.lang, *(other for other in declared_languages(cv) if other != self.lang)]
        derive = locale(self.lang).derive
        self.source = derive.from_ if derive else None
        self.convert = converter_for(cv, self.lang)

    def pick(self, text: LocalizedText) -> Picked:
        if text.same:
            written = text.first()[1]
            made = self.convert(written) if self.convert else written
            return Picked(made, None, made != written)
        if own := text.get(self.lang):
            return Picked(own, self.lang, False)
        if self.convert and self.source and (original := text.get(self.source)):
            made = self.convert(original)
            return Picked(made, self.source, made != original)
        tag, borrowed = text.first(self.order)
        return Picked(borrowed, tag, False)

    def derivable(self, text: LocalizedText) -> bool:
        """True when the text this language lacks is made by conversion (no warning needed)."""
        return bool(self.convert and self.source and text.get(self.source))


def converter_for(cv: CV, lang: str) -> Converter | None:
    """The converter that makes `lang` text from its source language, if its locale has one."""
    derive = locale(lang).derive
    if derive is None:
        return None
    settings = cv.conversion.get(lang)
    standard = (settings.standard if settings else None) or derive.default
    if standard not in derive.standards:
        raise CvError(f"conversion.{lang}.standard: unknown standard {standard!r}; "
                      f"expected one of: {', '.join(derive.standards)}")
    return Converter(derive.standards[standard], settings.pin if settings else None)


# ---------------------------------------------------------------- checks for `validate`


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    severity: str  # "error" | "warning"
    code: str
    at_key: bool = False  # points at the key (a language tag), not its value


def language_findings(cv: CV, langs: Iterable[str] | None = None) -> list[Finding]:
    """Problems with `languages:`, `conversion:` and the tags in text, and missing translations in
    `langs` (default: every declared language; `render --lang zh` checks only zh)."""
    out = _declaration_findings(cv)
    if any(f.severity == "error" for f in out):
        return out  # which languages to check translations in is unclear
    declared = declared_languages(cv)
    wanted = [normalize_tag(lang) for lang in langs] if langs is not None else declared
    readers = [Reader(cv, lang) for lang in wanted if lang in available()]
    for loc, text in all_texts(cv):
        out += _tag_findings(loc, text, cv)
        missing = [r for r in readers if not text.same and not text.get(r.lang) and not r.derivable(text)]
        if missing:
            have = [tag for tag in text.tags if tag in declared] or text.tags
            used = missing[0].pick(text).lang
            out.append(Finding(loc, f"no {'/'.join(r.lang for r in missing)} translation (only {'/'.join(have)}); "
                                    f"the {used} text is used", "warning", "missing-translation"))
    return out


def _declaration_findings(cv: CV) -> list[Finding]:
    out = []
    for i, tag in enumerate(cv.languages):
        if tag not in available():
            out.append(Finding(("languages", i), _no_locale(tag), "error", "unknown-language"))
        elif tag in cv.languages[:i]:
            out.append(Finding(("languages", i), f"`{tag}` is listed twice", "error", "duplicate-language"))
    for tag, settings in cv.conversion.items():
        derive = locale(tag).derive if tag in available() else None
        if derive is None:
            made = [t for t in available() if locale(t).derive]
            out.append(Finding(("conversion", tag), f"`{tag}` is not made by conversion; only {', '.join(made)} is",
                               "error", "unknown-conversion"))
        elif settings.standard is not None and settings.standard not in derive.standards:
            out.append(Finding(("conversion", tag, "standard"),
                               _unknown("standard", settings.standard, list(derive.standards)), "error", "unknown-standard"))
    if not cv.languages:  # inferred: every language the text uses will be rendered; point at its first use
        first_use = {tag: loc + (tag,) for loc, text in reversed(list(all_texts(cv))) for tag in text.tags}
        out += [Finding(first_use.get(tag, ("conversion", tag)), _no_locale(tag), "error", "unknown-language", at_key=True)
                for tag in used_languages(cv) if tag not in available()]
    return out


def _tag_findings(loc: Loc, text: LocalizedText, cv: CV) -> list[Finding]:
    """A tag cvtool has no locale for, in a CV that declares its languages: likely a typo."""
    if not cv.languages:
        return []
    return [Finding(loc + (tag,), f"`{tag}` is not a language of this CV ({', '.join(cv.languages)}) "
                                  f"and cvtool has no locale for it{_did_you_mean(tag, available())}; its text is never used",
                    "warning", "unknown-language", at_key=True) for tag in text.tags if tag not in available()]


def _no_locale(tag: str) -> str:
    return f"no locale for language `{tag}`{_did_you_mean(tag, available())}; cvtool has: {', '.join(available())}"


def _unknown(what: str, value: str, known: list[str]) -> str:
    return f"unknown {what} `{value}`{_did_you_mean(value, known)}; expected one of: {', '.join(known)}"


def _did_you_mean(value: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f" (did you mean `{hint[0]}`?)" if hint else ""


def converted_fields(cv: CV) -> list[tuple[Loc, str, str, str]]:
    """(field, language, written text, converted text) for every field conversion changes, for review."""
    out = []
    for lang in declared_languages(cv):
        if lang not in available() or locale(lang).derive is None:
            continue
        reader = Reader(cv, lang)
        for loc, text in all_texts(cv):
            picked = reader.pick(text)
            if picked.converted:
                written = text.get(picked.lang) if picked.lang else None
                out.append((loc, lang, written or text.first()[1], picked.text))
    return out


def converted_summary(source: Source, cv: CV) -> list[str]:
    """`validate --converted`: one located line per converted field, `FILE:LINE:COL: field: zh → zh-hant`."""
    lines = []
    for loc, lang, written, made in converted_fields(cv):
        d = source.diagnostic(loc, "", severity="note")
        where = f"{d.file}:{d.line}:{d.column}" if d.line is not None else str(d.file)
        lines.append(f"{where}: {d.path} ({lang}): {written} → {made}")
    if not lines:
        lines.append("no text is converted")
    return lines


def export_language(option: str | None, cv: CV) -> str:
    """`export --lang`: a declared tag (default: the CV's first language)."""
    declared = declared_languages(cv)
    return resolve_lang(option, declared) if option else declared[0]
