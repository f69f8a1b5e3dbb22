"""Import publications from BibTeX into cv.yaml, keeping everything else of the file as it was.

    parse    BibTeX text → records (one per entry, decoded, with its line)
    edit     records → the new text of cv.yaml (ruamel round trip for updates, text splices for additions)
    roundtrip  the ruamel.yaml helpers that keep the file's own style
    plan     parse + edit + validate in memory (`plan_import`), then `apply` writes atomically
"""

from cvtool.bib.plan import ImportPlan, apply, import_bib, plan_import

__all__ = ["ImportPlan", "apply", "import_bib", "plan_import"]
