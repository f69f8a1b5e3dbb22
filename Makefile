# cvtool — `make cv` builds every PDF, `make test` runs the tests; both set up what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: setup tex venv cv test bench clean

setup: tex venv

tex:
	@bash scripts/ensure-tex.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

cv: setup
	$(BIN)/cvtool validate cv.yaml
	$(BIN)/cvtool render cv.yaml --lang all --variant all --out $(OUT)

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) build .pytest_cache
