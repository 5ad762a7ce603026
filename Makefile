# tone — two commands on a fresh machine:  `make demo`  and  `make test`.
# Every target installs what it needs into .venv first (PyPI only; nothing at run time).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP  := $(VENV)/.installed
TONE   := $(BIN)/tone
MODEL  := models/default

.DEFAULT_GOAL := help
.PHONY: help install demo test lint model data-check data-check eval-external eval-rephrase bench docs clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[test]"
	@touch $@

install: $(STAMP) ## Create .venv and install tone with its test tools

demo: $(STAMP) ## Install, then score bundled example messages and analyse a bundled chat export
	@echo "== tone score: bundled example messages (examples/messages.txt) =="
	$(TONE) score --input examples/messages.txt

test: $(STAMP) ## Install test dependencies and run the whole suite
	@bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint + format check) and mypy
	$(BIN)/ruff check tone tests
	$(BIN)/ruff format --check tone tests
	$(BIN)/mypy tone

model: $(STAMP) ## Rebuild the shipped model models/default from data/ (deterministic)
	$(TONE) train --data data/corpus --split data/splits.json --out $(MODEL) --name default

data-check: $(STAMP) ## Validate data/: schema, duplicates, label counts, lengths, registers
	$(TONE) check-data --data data/corpus --split data/splits.json --min-label 1000 --min-none-share 0.35

eval-rephrase: $(STAMP) ## Re-score rephrase suggestions for held-out criticism/contempt (TONE_MODEL or shipped)
	$(BIN)/python scripts/eval_rephrase.py --data data/corpus --split data/splits.json

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
