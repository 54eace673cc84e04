# articlebot — two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint venv index bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: venv
	$(BIN)/articlebot index
	$(BIN)/articlebot ask "Who is Ali Shamkhani?"

test: venv
	$(BIN)/python -m pytest -q -n 2

lint: venv
	$(BIN)/ruff check index bot tests bench
	$(BIN)/ruff format --check index bot tests bench
	$(BIN)/mypy

bench: venv
	$(BIN)/python bench/squad_eval.py
	$(BIN)/python bench/news_eval.py
	$(BIN)/python bench/summary_eval.py

clean:
	rm -rf $(VENV) .index *.egg-info .pytest_cache .mypy_cache .ruff_cache
