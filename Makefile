# One venv, two commands: `make demo` and `make test` (`make test-all` adds the slow drills; CI runs it).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-all dashboard crawl clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip 23.2 resolves lxml[html_clean] wrongly, so upgrade pip inside the venv first.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24.2"
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/infratrack demo

# -n auto: one pytest worker per core; the tests share no files or ports (temp folders, port 0).
# `test` is the developer loop: everything but the tests marked slow (drills of tens of seconds:
# kill -9, signals, concurrent processes, huge inputs, whole cron runs, the browser).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not slow"

# The whole suite, drills included: what CI (.ci/run) calls.
test-all: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

dashboard: $(STAMP)
	$(BIN)/infratrack dashboard

crawl: $(STAMP)
	$(BIN)/infratrack crawl

clean:
	rm -rf $(VENV) build *.egg-info
