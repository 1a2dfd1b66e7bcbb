# ecoonto: `make run` sets up and runs the main job; `make test` sets up and runs the checks.
.PHONY: setup run test lint typecheck pytest bench

VENV := .venv/bin

setup:
	./scripts/setup.sh

run: setup
	$(VENV)/ecoonto validate
	$(VENV)/ecoonto query table-buyer-side

lint: setup
	$(VENV)/ruff check src tests scripts
	$(VENV)/ruff format --check src tests scripts

typecheck: setup
	$(VENV)/mypy

pytest: setup
	$(VENV)/python -m pytest

test: lint typecheck pytest
