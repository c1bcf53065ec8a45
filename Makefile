# The two commands a fresh machine needs: `make run` (the chat page) and `make test` (see README.md).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
Q ?= Qu'est-ce que l'opération Turquesa ?

.PHONY: install dictionary run ask ui index test check eval compare bench scale clean

# torch is installed first and pinned: 2.13.0 is a local CPU wheel, anything else pulls CUDA.
$(BIN)/assistant: pyproject.toml
	@$(MAKE) --no-print-directory dictionary
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/assistant

# Optional English-French dictionary (FreeDict, 217 KB) read by the topic check; the
# assistant works without it. Installed when apt-get can (root), skipped otherwise.
DICT := /usr/share/dictd/freedict-eng-fra.dict.dz
dictionary:
	@test -f $(DICT) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  { apt-get install -y -qq dict-freedict-eng-fra >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq dict-freedict-eng-fra >/dev/null 2>&1; }; }; } || \
	  echo "note: dict-freedict-eng-fra not installed (optional): sudo apt-get install dict-freedict-eng-fra"

run: install  ## set up, build the index if needed, start the chat page (http://127.0.0.1:7860)
	$(BIN)/assistant ui

ask: install  ## one question from the shell (Q="...")
	$(BIN)/assistant ask "$(Q)"

index: install
	$(BIN)/assistant index

test: install dictionary check  ## set up, then lint, type-check, test and run the quality gate
	$(BIN)/assistant eval --gate

check:
	$(BIN)/ruff check assistant ui tests
	$(BIN)/ruff format --check assistant ui tests
	$(BIN)/mypy
	$(BIN)/pytest -q

eval: install
	$(BIN)/assistant eval

compare: install
	$(BIN)/assistant eval --compare

clean:
	rm -rf $(VENV) index/data

bench: install  ## model load, index build and query times, peak memory
	$(BIN)/python eval/bench.py

scale: install  ## synthetic 10x-1000x corpora: build time, index size, warm ask, memory
	$(BIN)/python eval/scale.py
