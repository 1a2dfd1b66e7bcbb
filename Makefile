# ecoonto: `make run` sets up and runs the main job; `make test` sets up and runs the checks.
# `make run` installs only what the main job needs (a Java runtime, Graphviz, .venv with ecoonto);
# `make test` adds Chromium, Virtuoso and the test tools (scripts/setup.sh run|test).
.PHONY: setup setup-run setup-test run test lint typecheck pytest explore package

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV := .venv/bin

setup: setup-test

setup-run:
	./scripts/setup.sh run

setup-test:
	./scripts/setup.sh test

run: setup-run
	$(VENV)/ecoonto validate
	$(VENV)/ecoonto reason --reasoner hermit | tail -n 1
	$(VENV)/ecoonto check-profile
	for q in 1 2 3 4; do $(VENV)/ecoonto ask $$q | sed -n '1,3p'; done
	mkdir -p out
	$(VENV)/ecoonto report -o out/ai-compute.md
	$(VENV)/ecoonto report --format html -o out/ai-compute.html
	@echo "ecoonto is in .venv/bin: '. .venv/bin/activate' puts it on PATH (or: pipx install .)"

lint: setup-test
	$(VENV)/ruff check src tests scripts
	$(VENV)/ruff format --check src tests scripts

typecheck: setup-test
	$(VENV)/mypy

# The ci hypothesis profile (tests/profiles.py): the same examples on every clone.
pytest: setup-test
	$(VENV)/python -m pytest --hypothesis-profile=ci

# The property tests with a fresh seed and ten times the examples (make explore SEED=n replays
# one run); each disagreement found becomes a fixture in tests/data/ replayed by a plain test.
SEED ?= $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
explore: setup-test
	@echo "make explore SEED=$(SEED) replays this run"
	$(VENV)/python -m pytest -m property --hypothesis-profile=explore --hypothesis-seed=$(SEED)

# Build the sdist and wheel, install the wheel outside the checkout, run the main job from there.
package: setup-test
	./scripts/check-package.sh

test: lint typecheck pytest package
