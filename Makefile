# The two commands a newcomer needs (see README): `make demo` and `make test`.
.PHONY: demo test setup lint typecheck pytest bench

UV ?= uv
export PATH := $(HOME)/.local/bin:$(PATH)

demo:
	./scripts/setup.sh
	$(UV) run vigil demo

setup:
	./scripts/setup.sh --test

lint:
	$(UV) run ruff check src tests bench scripts
	$(UV) run ruff format --check src tests bench scripts

typecheck:
	$(UV) run mypy

pytest:
	$(UV) run pytest -n 2 --dist loadgroup --durations=25 -m "not serial"
	$(UV) run pytest --durations=10 -m serial

test: setup lint typecheck pytest

bench:
	$(UV) run python bench/import.py
	$(UV) run python bench/linkage.py
	$(UV) run python bench/estimate.py
	$(UV) run python bench/web.py
