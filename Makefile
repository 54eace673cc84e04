# articlebot — two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The benchmarks' data sets (SQuAD dev13, BBC news): docs/quality.md says what they hold.
BENCH_DATA ?= ../shared/data
BENCH_FILES := squad11_dev13.docs.jsonl squad11_dev13.questions.jsonl bbc_dev.jsonl
NEWEST := 3.13

.PHONY: demo test test-all test-newest lint venv index bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: venv
	$(BIN)/articlebot index
	$(BIN)/articlebot ask "Who is Ali Shamkhani?"

# The suite on the venv's Python (the oldest supported, 3.11, where pyenv's default is).
test: venv
	$(BIN)/python -m pytest -q -n 2

# The suite on every supported Python (3.11, 3.12, 3.13), then the lint checks: noxfile.py.
test-all: venv
	$(BIN)/nox

# The suite on the newest supported Python only (CI runs it beside `make test`).
test-newest: venv
	$(BIN)/nox -s tests-$(NEWEST)

lint: venv
	$(BIN)/ruff check index bot tests bench noxfile.py
	$(BIN)/ruff format --check index bot tests bench noxfile.py
	$(BIN)/mypy

bench: venv
	$(foreach f,$(BENCH_FILES),$(if $(wildcard $(BENCH_DATA)/$(f)),,$(error make bench: $(BENCH_DATA)/$(f) is missing; set BENCH_DATA=FOLDER holding $(BENCH_FILES))))
	$(BIN)/python bench/squad_eval.py --data $(BENCH_DATA)
	$(BIN)/python bench/news_eval.py --data $(BENCH_DATA)
	$(BIN)/python bench/summary_eval.py --data $(BENCH_DATA)

clean:
	rm -rf $(VENV) .nox .index *.egg-info .pytest_cache .mypy_cache .ruff_cache
