"""Commands for publications; registered on the main typer app by import (see cli.py)."""

from __future__ import annotations

from cvtool.cli import app  # noqa: F401
