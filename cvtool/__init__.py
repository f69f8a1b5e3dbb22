"""cvtool: one structured cv.yaml, typeset through XeLaTeX into English and Chinese PDF CVs."""

__version__ = "0.2.0"
