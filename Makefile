# ecoonto: `make run` sets up and runs the main job; `make test` sets up and runs the checks.
.PHONY: setup run test lint typecheck pytest bench

VENV := .venv/bin

setup:
	./scripts/setup.sh

run: setup
	$(VENV)/ecoonto validate
	$(VENV)/ecoonto reason --reasoner hermit | tail -n 1
	for q in 1 2 3 4; do $(VENV)/ecoonto ask $$q | sed -n '1,3p'; done
	mkdir -p out
	$(VENV)/ecoonto report -o out/ai-compute.md
	$(VENV)/ecoonto report --format html -o out/ai-compute.html

lint: setup
	$(VENV)/ruff check src tests scripts
	$(VENV)/ruff format --check src tests scripts

typecheck: setup
	$(VENV)/mypy

pytest: setup
	$(VENV)/python -m pytest

test: lint typecheck pytest
