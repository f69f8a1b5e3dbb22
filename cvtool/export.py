"""Export the publications of a validated CV to other formats: pure functions, CV → str.

- `academicpages(cv, lang)`: the Markdown page of an academicpages (Jekyll) website, in the form of
  the user's own `publications.md`: front matter, research interests with their computed label
  lists, then the papers grouped by kind, numbered newest first, the owner in bold.
- `bibtex(cv, lang)`: one BibTeX entry per publication, keyed by the publication `id`.

The label numbers and the order are the ones the PDF CVs show (`labels.assign`/`display_order`),
so the website and both CVs never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cvtool import labels as labelling
from cvtool.bib.latex import decode
from cvtool.citation import where_text
from cvtool.languages import Reader
from cvtool.locales import locale as language
from cvtool.model import CV, LocalizedText, Publication, Venue
from cvtool.texmath import to_bibtex, to_mathjax

FORMATS = ("academicpages", "bibtex")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")



def export(cv: CV, fmt: str, lang: str = "en") -> str:
    if fmt == "academicpages":
        return academicpages(cv, lang)
    if fmt == "bibtex":
        return bibtex(cv, lang)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def text(value: LocalizedText | None, reader: Reader) -> str | None:
    """The text of `value` in the reader's language: as written, converted (zh-hant), or borrowed."""
    return reader.pick(value).text if value is not None else None


# ---------------------------------------------------------------- academicpages (Markdown)


def academicpages(cv: CV, lang: str = "en") -> str:
    reader = Reader(cv, lang)
    words = language(reader.lang).website  # the page's own words, per locale
    kinds = language(reader.lang)
    label_of = labelling.assign(cv)
    prefix = labelling.prefixes(cv)
    out = [
        "---",
        "layout: archive",
        'title: "Publications"',
        "permalink: /publications/",
        "author_profile: true",
        "---",
        "",
    ]
    topics = cv.topics
    for current, heading in ((True, words["current"]), (False, words["past"])):
        chosen = [t for t in topics if t.current == current]
        if not chosen:
            continue
        out.append(heading)
        for topic in chosen:
            tags = labelling.topic_labels(cv, topic.id, label_of=label_of)
            title = _md(text(topic.title, reader))
            line = f"* {_sentence(title) if words['topic_end'] else title}"
            out.append(line + (f" [{', '.join(tags)}]" if tags else ""))
        out.append("")
        out.append("")

    kind = None
    for pub in labelling.display_order(cv.publications):
        if pub.kind != kind:
            kind = pub.kind
            while out[-1] != "" or out[-2] != "":  # two blank lines before a heading, as in the seed page
                out.append("")
            out.append(f"### {kinds.publication_kind(kind)}")
        number = label_of[pub.id][len(prefix[pub.kind]):]
        out.append(f"[{number}]. {_md_publication(cv, pub, reader)}")
        out.append("")

    scholar = _scholar_url(cv)
    if scholar:
        while out[-1] != "" or out[-2] != "":
            out.append("")
        out.append(words["scholar"].format(url=scholar))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _md_publication(cv: CV, pub: Publication, reader: Reader) -> str:
    and_word = language(reader.lang).website["and"]
    names = [f"**{_md(a)}**" if labelling.is_owner(a, cv.person) else _md(a) for a in pub.authors]
    if len(names) == 1 or not and_word:
        authors = ", ".join(names)
    elif len(names) == 2:
        authors = f"{names[0]} {and_word} {names[1]}"
    else:
        authors = ", ".join(names[:-1]) + f", {and_word} {names[-1]}"
    parts = [_sentence(authors), _sentence(_md(text(pub.title, reader) or ""))]

    year = str(pub.date.year)
    status = text(pub.status, reader)
    if pub.kind == "preprint":
        where = f"arXiv preprint arXiv:{pub.arxiv} ({year})" if pub.arxiv else f"Preprint ({year})"
    elif pub.kind == "journal":
        where = f"{_md(_venue_name(pub.venue, reader))}, {year}" if pub.venue else year
    elif pub.kind not in ("conference", "workshop"):  # book, chapter, thesis, report, patent: as the CV says it
        where = _md(where_text(pub, reader.lang))
    else:
        where = f"In {_md(_venue_name(pub.venue, reader))} {year}" if pub.venue else f"In {year}"
        if pub.kind == "workshop" and pub.venue and pub.venue.workshop:
            where += f", {_md(text(pub.venue.workshop, reader))}"
    if status:
        where += f" ({_md(status)})"
    parts.append(_sentence(where))

    links = [f"[[{label}]({_site_relative(cv, url)})]" for label, url in _links(pub)]
    return " ".join(parts + links)


def _venue_name(venue: Venue, reader: Reader) -> str:
    """`IEEE INFOCOM`, `ACM APNet`, `NeurIPS`; the full name when there is no short one."""
    name = venue.short or text(venue.name, reader) or ""
    return f"{venue.publisher} {name}" if venue.publisher else name


def _links(pub: Publication) -> list[tuple[str, str]]:
    links = []
    if pub.pdf:
        links.append(("link", pub.pdf))
    if pub.arxiv:
        links.append(("arXiv", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi:
        links.append(("DOI", f"https://doi.org/{pub.doi}"))
    if pub.code:
        links.append(("code", pub.code))
    if pub.url:
        links.append(("page", pub.url))
    return links


def _site_relative(cv: CV, url: str) -> str:
    """A URL on the person's own homepage becomes site-relative: https://me.github.io/files/x.pdf → /files/x.pdf."""
    home = cv.person.homepage
    if home:
        h, u = urlsplit(home), urlsplit(url)
        base = h.path.rstrip("/")
        if u.scheme in ("http", "https") and u.netloc.lower() == h.netloc.lower() and (
            u.path == base or u.path.startswith(base + "/")
        ):
            return _md_url(urlunsplit(("", "", u.path or "/", u.query, u.fragment)))
    return _md_url(url)


def _scholar_url(cv: CV) -> str | None:
    for link in cv.person.links:
        parts = urlsplit(link.url)
        if parts.netloc.startswith("scholar.google."):
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            if parts.path.rstrip("/") == "/citations" and "user" in query:
                query.setdefault("view_op", "list_works")
                query.setdefault("sortby", "pubdate")
            return _md_url(urlunsplit(parts._replace(query=urlencode(query, safe=":/"))))
    return None


def _sentence(value: str) -> str:
    """End with a period unless the text already ends a sentence."""
    value = value.strip()
    return value if not value or value[-1] in ".?!。？！" else value + "."


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(value: str | None) -> str:
    """Markdown-escape user text (kramdown: emphasis, links, inline HTML, table pipes).

    Jekyll also runs Liquid over the page, so text that looks like a Liquid tag is kept raw.
    """
    escaped = to_mathjax(value or "", lambda t: _MD_SPECIAL.sub(r"\\\1", t), delimiters=("$$", "$$"))  # math: kramdown
    if "{{" in escaped or "{%" in escaped:
        escaped = "{% raw %}" + escaped + "{% endraw %}"
    return escaped


def _md_url(url: str) -> str:
    """A URL inside Markdown `(…)`: parentheses and spaces percent-encoded so the link cannot break."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# ---------------------------------------------------------------- BibTeX


def bibtex(cv: CV, lang: str = "en") -> str:
    reader = Reader(cv, lang)
    """One entry per publication (display order), keyed by its `id`; every value BibTeX-escaped."""
    entries = [_bib_entry(pub, reader) for pub in labelling.display_order(cv.publications)]
    name = text(cv.person.name, reader)
    head = f"% Publications of {name}, exported by cvtool from cv.yaml; edit cv.yaml, not this file.\n"
    return head + "".join("\n" + e for e in entries)


def _bib_entry(pub: Publication, reader: Reader) -> str:
    """One entry: the mapped fields, then every other field kept from the import, as it was written."""
    fields = _bib_people(pub) + [("title", "{" + _bib_title(pub, reader) + "}")]
    fields += _bib_venue(pub, reader) + _bib_numbers(pub, reader) + _bib_links(pub, reader)
    written = {name.lower() for name, _ in fields}
    fields += [(name, "{" + value + "}") for name, value in pub.bibtex.items() if name.lower() not in written]
    body = "".join(f"  {k} = {v},\n" for k, v in fields)
    return f"@{_bib_type(pub)}{{{pub.id},\n{body}}}\n"


_TYPES = {"journal": ("article",), "conference": ("inproceedings",), "workshop": ("inproceedings",),
          "preprint": ("misc", "unpublished", "online", "article"), "book": ("book",), "chapter": ("incollection", "inbook"),
          "thesis": ("phdthesis", "mastersthesis", "thesis"), "report": ("techreport", "report"), "patent": ("patent",)}


def _bib_title(pub: Publication, reader: Reader) -> str:
    """The title as imported when it still says the same (its braces keep {L}earning's capital), else escaped."""
    title = text(pub.title, reader) or ""
    kept = pub.bibtex.get("title")
    if kept and decode(kept) == title:
        return kept
    return _protect_case(_bib_text(title))


def _bib_type(pub: Publication) -> str:
    allowed = _TYPES[pub.kind]
    if pub.bibtex_type in allowed:
        return pub.bibtex_type
    if pub.kind == "thesis" and pub.degree and pub.degree.lower().startswith("master"):
        return "mastersthesis"
    return allowed[0]


def _bib_people(pub: Publication) -> list[tuple[str, str]]:
    names = [_bib_name(a) for a in pub.authors] + (["others"] if pub.authors_incomplete else [])
    fields = [("author", "{" + " and ".join(names) + "}")]
    if pub.editors:
        fields.append(("editor", "{" + " and ".join(_bib_name(e) for e in pub.editors) + "}"))
    return fields


def _bib_venue(pub: Publication, reader: Reader) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    venue = pub.venue
    if venue and pub.kind != "preprint":
        host = text(venue.name, reader) or _venue_name(venue, reader)
        workshop = text(venue.workshop, reader) if pub.kind == "workshop" else None
        where = f"{workshop}, {_venue_name(venue, reader)}" if workshop and workshop not in host else host
        fields.append(("journal" if pub.kind == "journal" else "booktitle", "{" + _bib_text(where) + "}"))
        if venue.publisher:
            fields.append(("publisher", "{" + bib_escape(venue.publisher) + "}"))
    if pub.publisher:
        fields.append(("publisher", "{" + bib_escape(pub.publisher) + "}"))
    if pub.institution:
        name = "school" if pub.kind == "thesis" else "institution"
        fields.append((name, "{" + bib_escape(text(pub.institution, reader) or "") + "}"))
    if pub.kind == "thesis" and pub.degree and pub.bibtex_type not in ("phdthesis", "mastersthesis"):
        fields.append(("type", "{" + bib_escape(pub.degree) + "}"))
    return fields


def _bib_numbers(pub: Publication, reader: Reader) -> list[tuple[str, str]]:
    fields = [(name, "{" + bib_escape(value) + "}") for name, value in
              (("volume", pub.volume), ("number", pub.issue or pub.number), ("pages", pub.pages)) if value]
    fields.append(("year", "{" + str(pub.date.year) + "}"))
    if pub.date.month:
        fields.append(("month", _MONTHS[pub.date.month - 1]))
    status = text(pub.status, reader)
    if status:
        fields.append(("note", "{" + bib_escape(status) + "}"))
    return fields


def _bib_links(pub: Publication, reader: Reader) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if pub.arxiv:
        fields += [("eprint", "{" + pub.arxiv + "}"), ("archivePrefix", "{arXiv}")]
    if pub.doi:
        fields.append(("doi", "{" + _bib_verbatim(pub.doi) + "}"))
    url = pub.url or pub.pdf
    if url:
        fields.append(("url", "{" + _bib_verbatim(url) + "}"))
    for name in ("pdf", "code", "html", "slides", "poster", "video", "website"):  # al-folio's fields
        value = getattr(pub, name)
        if value:
            fields.append((name, "{" + _bib_verbatim(value) + "}"))
    award = text(pub.award, reader) or pub.presentation
    if award:
        fields.append(("award", "{" + bib_escape(award) + "}"))
    if pub.abbr:
        fields.append(("abbr", "{" + bib_escape(pub.abbr) + "}"))
    if pub.selected:
        fields.append(("selected", "{true}"))
    return fields




def _bib_text(value: str) -> str:
    """bib_escape outside `$…$` math, which stays as written (so a round trip keeps it)."""
    return to_bibtex(value, bib_escape)  # texmath's rule for `$`: `\\$` and "$5 and $10" are dollars


_BIB_SPECIAL = {
    "\\": r"{\textbackslash}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
}


def bib_escape(value: str) -> str:
    """Escape text for a brace-delimited BibTeX value.

    TeX specials become their escaped forms; accented Latin letters become `{\\'e}` (BibTeX sorts
    and abbreviates them correctly); everything else (CJK, dashes, quotes) stays UTF-8.
    """
    out = []
    for ch in value:
        if ch in _BIB_SPECIAL:
            out.append(_BIB_SPECIAL[ch])
        elif ch in ("\n", "\r", "\t"):
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue
        elif ord(ch) > 127 and "LATIN" in unicodedata.name(ch, ""):
            out.append(_latin_to_tex(ch))
        else:
            out.append(ch)
    return "".join(out)


_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c",
    "\u0328": "k", "\u0323": "d",
}
_LETTERS = {"ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ø": r"{\o}",
            "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "å": r"{\aa}", "Å": r"{\AA}"}


def _latin_to_tex(ch: str) -> str:
    if ch in _LETTERS:
        return _LETTERS[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if len(marks) == 1 and base.isascii() and base.isalpha() and marks in _ACCENTS:
        accent = _ACCENTS[marks]
        if base == "i":
            base = r"\i"  # dotless i under an accent
        sep = " " if accent.isalpha() and not base.startswith("\\") else ""
        return "{\\" + accent + sep + base + "}"
    return ch


_WORD = re.compile(r"[^\s{}]+")


def _protect_case(escaped: str) -> str:
    """Brace words whose capitals must survive a sentence-case style: GPU, MIMO, NeurIPS, Fed2Com."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        for segment in re.split(r"[-/]", word):
            letters = re.sub(r"\\[A-Za-z]+|[^A-Za-z0-9]", "", segment)
            if any(c.isupper() for c in letters[1:]):
                return "{" + word + "}"
        return word

    # only touch runs outside the braces the escaping introduced
    parts = re.split(r"(\{[^{}]*\})", escaped)
    return "".join(p if p.startswith("{") else _WORD.sub(fix, p) for p in parts)


def _bib_name(name: str) -> str:
    """An author as BibTeX reads it: a name that contains the word `and` or a comma is braced whole."""
    escaped = bib_escape(name)
    if re.search(r"\band\b", name, re.IGNORECASE) or "," in name:
        return "{" + escaped + "}"
    return escaped


def _bib_verbatim(value: str) -> str:
    """URLs and DOIs stay verbatim; only braces (which would unbalance the value) are encoded."""
    return value.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
