# Every target bootstraps what it needs: a virtual environment, torch 2.13.0 (the CPU build on
# these machines), then the project with its extras.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false
export ORT_DISABLE_TELEMETRY := 1

.PHONY: install run check test eval train train-encoder bench lint chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,llm]'
	touch $(STAMP)

# An editable install has no bytecode, and where PYTHONDONTWRITEBYTECODE is set (as on these
# machines) every process compiled the project again: 75 ms of a 0.4 s cold `assistant ask`.
# pip compiles a wheel's modules the same way; unchanged files cost nothing here.
install: $(STAMP)
	@$(BIN)/python -m compileall -q assistant index ui >/dev/null

# The browser tests drive Debian's Chromium; Playwright's own browser download cannot work
# offline.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# make run [SOURCES=~/articles] [HOST=0.0.0.0] [PORT=8080]; unset, the last `assistant index`
# (else seeds/) on ASSISTANT_HOST/ASSISTANT_PORT (else 127.0.0.1:7860). HOST counts only when
# given here: zsh exports HOST as the machine's name.
ifneq ($(origin HOST),command line)
HOST :=
endif
run: install
	$(BIN)/assistant index $(SOURCES)
	$(BIN)/assistant serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

lint: install
	$(BIN)/ruff check assistant index ui tests bench
	$(BIN)/mypy

# Quick iteration: lint, types and the unit lane (no model, no process, no server).
check: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit

# Both lanes (CI runs this): the unit lane first, so a slip there fails in seconds.
test: lint chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/integration

# One table: SQuAD validation articles, the reader-worded and conversation sets, dev, probe,
# harbour; then each rule switched off. make eval EVAL_ARGS= for the first table alone.
EVAL_ARGS ?= --ablate
eval: install
	OMP_NUM_THREADS=1 $(BIN)/assistant eval --suite $(EVAL_ARGS)

train: install
	OMP_NUM_THREADS=1 $(BIN)/assistant train

# Fine-tune the embedding model's layers (index/models/minilm-tuned); then `make train`, since
# the decision reads the new model's signals.
train-encoder: install
	$(BIN)/assistant train --encoder

# make bench BENCH_ARGS=--quick for a smoke run
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
