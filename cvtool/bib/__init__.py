"""Import publications from BibTeX into cv.yaml, entry by entry, keeping everything else of the file.

    parse     BibTeX text → raw entries (type, key, line, fields as written) and unreadable blocks
    latex     LaTeX → Unicode, math kept as `$…$`;  names: author lists (pybtex's parser)
    venues    the maintained venue list (venues.yaml);  kinds: entry → publication kind, with a reason
    fields    dates, arXiv ids, DOIs, URLs;  record: raw entry → the cv.yaml mapping, or why not
    plan      every entry → a decision (added, merged, updated, unchanged, skipped) with its reason
    edit      decisions → the new text of cv.yaml (ruamel round trip + text splices; roundtrip helpers)
    apply     `plan_import` / `apply` (validate in memory, write atomically)
"""
