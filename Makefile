# Two commands: `make demo` and `make test`. Both create .venv and install on first use;
# the install is keyed on pyproject.toml, so reruns skip it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STATE := .state
DEMO := demo
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install browser bench clean

# One OpenCV, headless: stubs/opencv-contrib-python (no files) stands in for the GUI build that
# paddleocr's paddlex asks for; stubs/one_opencv.py checks it (and mends a venv that had the GUI build).
$(STAMP): pyproject.toml stubs/opencv-contrib-python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ./stubs/opencv-contrib-python -e '.[dev]'
	$(BIN)/python stubs/one_opencv.py
	touch $(STAMP)

install: $(STAMP)

# Writes the bundled sample batch (fixtures/) once, then audits it; the OCR cache in .state
# makes a rerun quick.
$(DEMO)/batch/applicants.csv: $(STAMP)
	$(BIN)/preaudit fixtures $(DEMO)

demo: $(DEMO)/batch/applicants.csv
	$(BIN)/preaudit audit $(DEMO)/batch --out $(DEMO)/out --state-dir $(STATE)

# The real-browser tests (tests/workbench/test_browser_workbench.py) drive Debian's Chromium through
# Playwright (the `dev` extra); no browser is downloaded. Installed with apt-get when it is missing
# (an `apt-get update` only if that install fails); PREAUDIT_NO_BROWSER=1 skips the step and the tests.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

browser:
	@if [ "$$PREAUDIT_NO_BROWSER" != 1 ] && [ ! -x $(CHROMIUM) ]; then \
	  echo "installing chromium for the browser tests"; \
	  $(APT) install -y chromium || { $(APT) update && $(APT) install -y chromium; }; \
	fi

# Two pytest-xdist workers (CI has 2 cores), a test module per work unit so that its module fixtures
# are built once (measured: 715 s against 800 s with the audited-sample modules kept on one worker,
# where the session audit runs once but that worker finishes last). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/fraud.py

clean:
	rm -rf $(DEMO) $(STATE) .pytest_cache
