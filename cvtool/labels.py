"""Publication labels (P1, C1…C8, W1 …), computed from the data, never typed.

Within a kind, the oldest paper is number 1, so adding a new paper never renumbers the old ones.
Research-interest label lists are computed from publication topics, in display order (by kind,
newest first), so both languages and the website show the same lists.
"""

from __future__ import annotations

from cvtool.model import CV, PUBLICATION_KINDS, Person, Publication

DEFAULT_PREFIXES = {"preprint": "P", "journal": "J", "conference": "C", "workshop": "W",
                    "book": "B", "chapter": "BC", "thesis": "T", "report": "R", "patent": "PT"}


def prefixes(cv: CV) -> dict[str, str]:
    return {**DEFAULT_PREFIXES, **{str(k): v for k, v in cv.layout.labels.items()}}


def assign(cv: CV) -> dict[str, str]:
    """Publication id → label."""
    prefix = prefixes(cv)
    result: dict[str, str] = {}
    for kind in PUBLICATION_KINDS:
        # oldest first; of two with the same date the later in the file counts as older, so the list
        # (newest first, then file order) reads with descending numbers
        same_kind = [(p.date.sort_key(), -i, p) for i, p in enumerate(cv.publications) if p.kind == kind]
        for number, (_, _, pub) in enumerate(sorted(same_kind, key=lambda t: t[:2]), start=1):
            result[pub.id] = f"{prefix[kind]}{number}"
    return result


def display_order(publications: list[Publication]) -> list[Publication]:
    """Grouped by kind (preprints, journals, conferences, …), newest first within a kind, then file order."""
    return [publications[i] for i in display_positions(publications)]


def display_positions(publications: list[Publication]) -> list[int]:
    """The indexes of `publications` in display order (see `display_order`)."""
    rank = {kind: i for i, kind in enumerate(PUBLICATION_KINDS)}
    return sorted(range(len(publications)),
                  key=lambda i: (rank[publications[i].kind], _neg(publications[i].date.sort_key()), i))  # ties: file order


def _neg(key: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-k for k in key)


def topic_labels(
    cv: CV, topic_id: str, publications: list[Publication] | None = None, label_of: dict[str, str] | None = None
) -> list[str]:
    """Labels of the publications on `topic_id` (plus hand-cited ones), in display order."""
    label_of = assign(cv) if label_of is None else label_of
    pubs = cv.publications if publications is None else publications
    found = [label_of[p.id] for p in display_order(pubs) if topic_id in p.topics]
    topic = next((t for t in cv.topics if t.id == topic_id), None)
    for label in topic.cite if topic else []:
        if label not in found:
            found.append(label)
    return found


def owner_names(person: Person) -> set[str]:
    names = set(person.name.texts())
    names.update(person.name_variants)
    return {_norm(n) for n in names}


def is_owner(author: str, person: Person) -> bool:
    return _norm(author) in owner_names(person)


def has_owner(pub: Publication, person: Person) -> bool:
    return any(is_owner(a, person) for a in pub.authors)


def _norm(name: str) -> str:
    return " ".join(name.replace("*", "").split()).casefold()
