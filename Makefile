# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export GOVKPI_DATA_DIR ?= $(CURDIR)/var
# Debian packages the test suite drives, each with the file that shows it is there: the browser for the page tests,
# Thai fonts to render them, poppler for PDF checks, gettext for translation checks, npm for axe-core. (Files,
# not package names: node and npm may come from elsewhere than Debian.)
SYSTEM_PACKAGES := chromium:/usr/bin/chromium fonts-thai-tlwg:/usr/share/fonts/truetype/tlwg \
	poppler-utils:/usr/bin/pdftotext gettext:/usr/bin/msgfmt npm:npm libreoffice-calc-nogui:/usr/bin/soffice

.PHONY: demo demo-packages test install test-install system-packages node-packages lint serve benchmark benchmark-national clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "Python venv failed: on Debian, install python3-venv (apt-get install python3-venv)"; exit 1; }
	@$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	@$(BIN)/pip install -q -e .

# The demo publishes the press release (PDF and DOCX) and the annual report (PDF) as the province would. PDFs need
# Debian's Chromium and Thai fonts (demo-packages installs them when run as root); without Chromium the demo says so
# in one line and publishes the press release as DOCX and the annual report as HTML instead.
DEMO_CHROMIUM ?= $(or $(GOVKPI_CHROMIUM),/usr/bin/chromium)
DEMO_PACKAGES := chromium:$(DEMO_CHROMIUM) fonts-thai-tlwg:/usr/share/fonts/truetype/tlwg

demo: install demo-packages
	@$(BIN)/govkpi migrate --noinput -v0
	@$(BIN)/govkpi load-demo --with-admin
	@if [ -x "$(DEMO_CHROMIUM)" ]; then formats="pdf docx"; annual=pdf; \
	else formats=docx; annual=html; \
	  echo "No Chromium at $(DEMO_CHROMIUM): the demo publishes the press release as DOCX and the annual report as HTML, not PDF (as root: apt-get install chromium)."; fi; \
	for f in $$formats; do $(BIN)/govkpi report press-release --fiscal-year 2565 --format $$f --publish; done; \
	$(BIN)/govkpi report annual --fiscal-year 2565 --format $$annual --publish
	@$(BIN)/govkpi runserver --insecure 127.0.0.1:8000

# What the demo's PDFs need, installed when run as root with apt-get; otherwise nothing (the demo says what is missing).
demo-packages:
	@missing=""; for item in $(DEMO_PACKAGES); do package=$${item%%:*}; file=$${item#*:}; \
	  [ -e "$$file" ] || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages for the demo's PDF reports:$$missing"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; } >/dev/null 2>&1 \
	    || echo "Could not install$$missing: the demo continues without PDF reports."; \
	fi

test: test-install system-packages node-packages
	@$(BIN)/pytest

test-install: $(BIN)/python
	@$(BIN)/pip install -q -e ".[test]"

# Installs what is missing when run as root (as on CI); otherwise says what to install.
system-packages:
	@missing=""; for item in $(SYSTEM_PACKAGES); do package=$${item%%:*}; file=$${item#*:}; \
	  [ -e "$$file" ] || command -v "$$file" >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages (tests that need them are skipped):$$missing"; fi; \
	fi

node-packages:
	@if command -v npm >/dev/null; then \
	  [ node_modules/axe-core/axe.min.js -nt package-lock.json ] || npm ci --silent --no-audit --no-fund; fi

lint: test-install
	@$(BIN)/ruff check govkpi tests benchmarks
	@$(BIN)/mypy govkpi/core

serve: install
	@$(BIN)/govkpi runserver --insecure 127.0.0.1:8000

benchmark: test-install
	@$(BIN)/python benchmarks/run.py

# The national benchmark needs PostgreSQL: DATABASE_URL=postgresql://… make benchmark-national (about 15 minutes).
benchmark-national: test-install
	@$(BIN)/pip install -q "gunicorn>=22,<28"
	@$(BIN)/python benchmarks/run.py --scale national

clean:
	rm -rf $(VENV) var node_modules test-artifacts
