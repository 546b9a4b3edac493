# Two entry points for a fresh machine with Python 3.11: `make reproduce` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The same OpenBLAS kernels and NumPy loops on every x86-64 machine, so that trained
# numbers rerun exactly (see FIXED_KERNELS in src/newspara/__init__.py).
ifeq ($(shell uname -m),x86_64)
export OPENBLAS_CORETYPE ?= Haswell
export NPY_DISABLE_CPU_FEATURES ?= X86_V4 AVX512_ICL AVX512_SPR
endif

.PHONY: reproduce test dataset baseline lint lock clean

# The environment is made from the hash-pinned lock file only (no resolver runs).
$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

reproduce: dataset baseline
	$(BIN)/newspara summary --update README.md

dataset: $(STAMP)
	$(BIN)/newspara build --strict --card DATASET_CARD.md --citation CITATION.cff
	$(BIN)/newspara verify dataset

baseline: $(STAMP)
	$(BIN)/newspara train

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

# Maintainers only: re-resolve the lock file after changing dependencies (needs uv).
lock:
	uv pip compile pyproject.toml requirements-build.in --extra dev --extra bench --extra embeddings --generate-hashes \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache
