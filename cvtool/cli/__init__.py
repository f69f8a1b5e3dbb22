"""The command line: parse options, call the library, turn `CvError` into a message and exit code.

`app` lists every command (`cli/app.py`); each command group lives in its own module and only
parses options, calls the library and prints. Heavy modules are imported inside the commands, so
`cvtool --help` stays fast.
"""

from cvtool.cli.app import app, main

__all__ = ["app", "main"]
