"""One publication → its citation, as styled pieces, per language.

The template only sets pieces (bold owner, bold venue, badges); every word and every stop is
decided here, once, so both CVs and every theme punctuate alike:
- one stop between parts, never two: "et al." and a title ending in "?", "!" or "." get none;
- one "et al." for a cut-short author list (`authors_incomplete`);
- the year once (a venue name that already carries it, like "EMNLP 2023", is not followed by it);
- journal: name (full, or the short name by setting), volume, issue, pages; conference: short name
  + year; preprint: the arXiv id when known, else the status ("Under review", "Submitted"), else
  "Preprint" — never "arXiv preprint" without an id;
- EN and ZH bold the same things: the owner's name and the venue's short name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cvtool.locales import CitationWords as Words
from cvtool.locales import locale
from cvtool.model import LocalizedText, Publication

Field = tuple[str | int, ...]
Pick = Callable[[LocalizedText], tuple[str, "str | None"]]  # text → (its text in this language, the tag used)


@dataclass(frozen=True)
class Piece:
    text: str
    style: str = ""  # "" | "me" (the owner) | "venue" (a short venue name) | "badge" (Oral, Best Paper)
    field: Field = ()  # the cv.yaml field inside the publication the text comes from; () for punctuation


@dataclass(frozen=True)
class Style:
    journal_names: str = "full"  # "full" | "short": a journal's full name or its abbreviation (venue.short)


@dataclass(frozen=True)
class _Cite:
    """What every part of a citation needs: the language, its words, the style, the field reader."""

    lang: str
    words: Words
    style: Style
    read: Pick

    def pick(self, text: LocalizedText | None) -> tuple[str, str | None]:
        return self.read(text) if text is not None else ("", None)


_ENDS_SENTENCE = re.compile(r"[.?!。？！]\W*$")


def citation(pub: Publication, lang: str, is_owner: Callable[[str], bool], style: Style | None = None,
             pick: Pick | None = None) -> list[Piece]:
    """The pieces of one citation: authors. “Title.” Where, year. Badges.

    `pick` reads a text field in this language (localize passes its reader: conversions, fallbacks).
    """
    words = locale(lang).citation  # the words are data: cvtool/locales/<tag>.yaml
    c = _Cite(lang, words, style or Style(), pick or _default_pick(lang))
    parts: list[list[Piece]] = [_authors(pub, words, is_owner), _title(pub, c), _where(pub, c)]
    pieces: list[Piece] = []
    for part in parts:
        if not part:
            continue
        if pieces:
            pieces.append(Piece(" "))
        last = part[-1]
        if last.text.rstrip() != last.text.rstrip().rstrip(",;:"):  # "… (MMEDIA 2017):" ends with the stop
            part = [*part[:-1], Piece(last.text.rstrip().rstrip(",;:").rstrip(), last.style, last.field)]
        pieces += part
        if not _ENDS_SENTENCE.search("".join(piece.text for piece in part)):  # “Complete?” is its own stop
            pieces.append(Piece("."))
    pieces += _badges(pub, c)
    return pieces


# the links printed after a citation: (label, URL, field), in this order
_LINK_FIELDS = (("pdf", "PDF"), ("code", "Code"), ("slides", "Slides"), ("poster", "Poster"), ("video", "Video"),
                ("html", "HTML"), ("website", "Website"), ("url", "Link"))


def publication_links(pub: Publication) -> list[tuple[str, str, Field]]:
    links: list[tuple[str, str, Field]] = []
    if pub.arxiv:
        links.append(("arXiv", f"https://arxiv.org/abs/{pub.arxiv}", ("arxiv",)))
    if pub.doi:
        links.append(("DOI", f"https://doi.org/{pub.doi}", ("doi",)))
    for key, label in _LINK_FIELDS:
        value = getattr(pub, key)
        if value and value not in {url for _, url, _ in links}:
            links.append((label, value, (key,)))
    return links


def where_text(pub: Publication, lang: str) -> str:
    """Where and when, as the citation says it ("PhD thesis, CMU, 2022"), for plain-text pages."""
    return plain_text(_where(pub, _Cite(lang, locale(lang).citation, Style(), _default_pick(lang))))


def plain_text(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


def _authors(pub: Publication, words: Words, is_owner: Callable[[str], bool]) -> list[Piece]:
    pieces: list[Piece] = []
    for i, name in enumerate(pub.authors):
        if i:
            pieces.append(Piece(", "))
        pieces.append(Piece(name, "me" if is_owner(name) else "", ("authors", i)))
    if pub.authors_incomplete:
        pieces.append(Piece(", " + words.et_al))
    return pieces


def _title(pub: Publication, c: _Cite) -> list[Piece]:
    text, used = c.pick(pub.title)
    stop = "" if _ENDS_SENTENCE.search(text) else "."
    return [Piece("“"), Piece(text, "", _at("title", used)), Piece(stop + "”")]


def _where(pub: Publication, c: _Cite) -> list[Piece]:
    year = Piece(str(pub.date.year), "", ("date",))
    pieces = _KIND_PARTS.get(pub.kind, _venue_parts)(pub, c)
    if not _has_year(pieces, pub.date.year):
        pieces = [*pieces, Piece(", " if pieces else ""), year] if pieces else [year]
    status = c.pick(pub.status)[0] if pub.status else None
    if status and pub.kind != "preprint":
        pieces += [Piece(" ("), Piece(status, "", ("status",)), Piece(")")]
    return pieces


def _venue_parts(pub: Publication, c: _Cite) -> list[Piece]:
    """Conference and workshop: In IEEE INFOCOM 2024; In Workshop X, ACM SIGMETRICS 2023."""
    venue = pub.venue
    if venue is None:
        return []
    pieces = [Piece(c.words.in_ + " ")]
    if pub.kind == "workshop" and venue.workshop:
        text, used = c.pick(venue.workshop)
        pieces += [Piece(text, "", _at("venue", "workshop", used)), Piece(", ")]
    elif pub.kind == "workshop" and venue.name:  # the host's short name alone would drop the workshop's
        text, used = c.pick(venue.name)
        return [*pieces, Piece(text, "", _at("venue", "name", used))]
    if venue.publisher and venue.short and len(venue.publisher) <= 12:  # IEEE, ACM, IEEE/CVF; not a long imprint
        pieces.append(Piece(venue.publisher + " ", "", ("venue", "publisher")))
    if venue.short:
        pieces.append(Piece(venue.short, "venue", ("venue", "short")))
        pieces.append(Piece(" " + str(pub.date.year), "", ("date",)))
    elif venue.name:
        text, used = c.pick(venue.name)
        pieces.append(Piece(text, "", _at("venue", "name", used)))
    return pieces


def _journal_parts(pub: Publication, c: _Cite) -> list[Piece]:
    """Journal Name, vol. 14, no. 2, pp. 101–108, 2024 (the short name, when asked for and known)."""
    venue = pub.venue
    pieces: list[Piece] = []
    if venue is not None:
        if venue.short and (c.style.journal_names == "short" or venue.name is None):
            pieces.append(Piece(venue.short, "venue", ("venue", "short")))
        elif venue.name:
            text, used = c.pick(venue.name)
            pieces.append(Piece(text, "", _at("venue", "name", used)))
    for value, word, key in ((pub.volume, c.words.vol, "volume"), (pub.issue, c.words.no, "issue"),
                             (pub.pages, c.words.pp, "pages")):
        if value:
            text = value.replace("--", "–") if key == "pages" else value
            pieces += [Piece(", " + word + " "), Piece(text, "", (key,))]
    return pieces


def _preprint_parts(pub: Publication, c: _Cite) -> list[Piece]:
    """arXiv:2501.18092 when the id is known; else the status (Under review, Submitted); else Preprint."""
    if pub.arxiv:
        return [Piece("arXiv:"), Piece(pub.arxiv, "", ("arxiv",))]
    if pub.status:
        text, used = c.pick(pub.status)
        return [Piece(text, "", _at("status", used))]
    return [Piece(c.words.preprint)]


def _book_parts(pub: Publication, c: _Cite) -> list[Piece]:
    pieces: list[Piece] = []
    if pub.kind == "chapter" and pub.venue and pub.venue.name:
        text, used = c.pick(pub.venue.name)
        pieces += [Piece(c.words.in_ + " "), Piece(text, "", _at("venue", "name", used))]
        if pub.pages:
            pieces += [Piece(", " + c.words.pp + " "), Piece(pub.pages.replace("--", "–"), "", ("pages",))]
    if pub.publisher:
        pieces += [Piece(", " if pieces else ""), Piece(pub.publisher, "", ("publisher",))]
    return pieces


def _thesis_parts(pub: Publication, c: _Cite) -> list[Piece]:
    degree = pub.degree or c.words.default_degree
    degree = c.words.degrees.get(degree, degree)
    pieces = [Piece(c.words.thesis.format(degree=degree).strip())]
    if pub.institution:
        text, used = c.pick(pub.institution)
        pieces += [Piece(", "), Piece(text, "", _at("institution", used))]
    return pieces


def _report_parts(pub: Publication, c: _Cite) -> list[Piece]:
    word = c.words.report if pub.kind == "report" else c.words.patent
    pieces = [Piece(word)]
    if pub.number:
        pieces += [Piece(" "), Piece(pub.number, "", ("number",))]
    if pub.institution:
        text, used = c.pick(pub.institution)
        pieces += [Piece(", "), Piece(text, "", _at("institution", used))]
    return pieces


_KIND_PARTS = {
    "journal": _journal_parts,
    "preprint": _preprint_parts,
    "book": _book_parts,
    "chapter": _book_parts,
    "thesis": _thesis_parts,
    "report": _report_parts,
    "patent": _report_parts,
}


def _badges(pub: Publication, c: _Cite) -> list[Piece]:
    pieces: list[Piece] = []
    if pub.presentation:
        pieces += [Piece(" "), Piece(pub.presentation, "badge", ("presentation",))]
    if pub.award:
        text, used = c.pick(pub.award)
        pieces += [Piece(" "), Piece(text, "badge", _at("award", used))]
    return pieces


def _has_year(pieces: list[Piece], year: int) -> bool:
    """The year is already there (a venue "EMNLP 2023", a conference's " 2023")."""
    return any(re.search(rf"(?<!\d){year}(?!\d)", p.text) for p in pieces if p.field != ("pages",))


def _default_pick(lang: str) -> Pick:
    def pick(text: LocalizedText) -> tuple[str, str | None]:
        if text.same:
            return text.first()[1], None
        return text.first([lang])
    return pick


def _at(*path: str | None) -> Field:
    """A field path, without the language part when the text is the same in every language."""
    return tuple(p for p in path if isinstance(p, str))
