# cvtool — `make cv` builds every PDF, `make test` runs the tests; both set up what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: setup tex browser venv bytecode cv lint test bench gallery clean

setup: tex venv bytecode

tex:
	@bash scripts/ensure-tex.sh

# only the tests need a browser (the HTML export's screenshots), not `make cv`
browser:
	@bash scripts/ensure-browser.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# An editable install leaves cvtool's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE is
# set (CI images often do) every run would compile them again: ~50 ms of each command's start-up.
bytecode: venv
	@$(BIN)/python -m compileall -q cvtool >/dev/null

cv: setup
	$(BIN)/cvtool validate cv.yaml
	$(BIN)/cvtool render cv.yaml --lang all --variant all --out $(OUT)

# The gates: ruff (lint + import order) and mypy (types, with the pydantic plugin), from pyproject.toml.
lint: venv
	$(BIN)/ruff check cvtool tests
	$(BIN)/mypy

test: setup browser lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/bench.py

# Page images of cv.yaml in every theme and language, for the README (scripts/gallery.py).
gallery: setup
	$(BIN)/python scripts/gallery.py

clean:
	rm -rf $(OUT) build .pytest_cache
