"""LaTeX: escaping user text, rendering templates, running XeLaTeX."""
