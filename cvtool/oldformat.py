"""What a cv.yaml of cvtool < 0.2 (format 1) looks like: validate refuses it with a pointer to
`cvtool migrate`, which rewrites it (`cvtool.migrate`)."""

from __future__ import annotations

from typing import Any

V1_SECTIONS = ("education", "research_interests", "publications", "experience", "teaching", "awards", "services")
# format-1 default titles that format 2's defaults no longer print (experience and teaching were
# named for a PhD student; "Services" became "Service")
V1_TITLES = {
    "experience": {"en": "Research & Work Experience", "zh": "科研及项目经历"},
    "teaching": {"en": "Teaching Assistant", "zh": "教学经历"},
    "services": {"en": "Services", "zh": "学术服务"},
}
OLD_FORMAT = "old-format"


def old_format_key(data: Any) -> tuple[str, ...] | None:
    """The path of the first format-1 key in a loaded tree, or None for format 2."""
    if not isinstance(data, dict):
        return None
    for key in data:
        if key in V1_SECTIONS:
            return (key,)
    layout = data.get("layout")
    if isinstance(layout, dict):
        for key in ("sections", "titles"):
            if key in layout:
                return ("layout", key)
    return None
