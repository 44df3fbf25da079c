# Two commands do all the set-up on a fresh Debian 12 machine:
#   make output   builds output/ from source/ (creates .venv and installs ssri-docs)
#   make test     installs the validators and runs the tests
# Nothing here downloads a browser: Chromium comes from Debian, validators from npm/PyPI.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages. To build: Pango and HarfBuzz's subsetter for WeasyPrint (without the
# subsetter WeasyPrint falls back to another one and the PDF bytes differ), fonts with a
# real bold face (Liberation: Latin with Welsh and Polish letters), and the Noto faces
# the leaflet names for other scripts (~145 MB): Arabic and Urdu (Naskh), Bengali,
# Gurmukhi, Gujarati (fonts-noto-core), Chinese SC/TC (fonts-noto-cjk), colour emoji.
# To test: Chromium for the browser checks, Java for EPUBCheck and the
# Nu Html Checker, Poppler to look at PDF pages.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core fonts-liberation2 \
	fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
TEST_PACKAGES := chromium default-jre-headless poppler-utils

.PHONY: output test test-fast test-tools lint bench fuzz

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Installs the Debian packages in $(1) unless they are all there already.
define apt_install
	@if dpkg -s $(1) >/dev/null 2>&1; then echo "Debian packages present: $(1)"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	$(SUDO) apt-get install -y -qq --no-install-recommends $(1); fi
endef

.build-packages: Makefile
	$(call apt_install,$(BUILD_PACKAGES))
	@touch $@

.test-packages: Makefile
	$(call apt_install,$(TEST_PACKAGES))
	@touch $@

output: $(BIN)/.installed .build-packages
	$(BIN)/ssri-docs build

node_modules/.installed: package.json package-lock.json
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Everything the tests and `ssri-docs check --strict` need.
test-tools: $(BIN)/.installed node_modules/.installed .build-packages .test-packages

test: test-tools
	$(BIN)/pytest

# The inner loop: no validator, browser or fresh-process test, so no npm or Java needed.
test-fast: $(BIN)/.installed .build-packages
	$(BIN)/pytest -m "not validator and not browser and not slow"

# A long fuzz run of the source loader and the WordPress importer (CI runs the same
# tests with 60 examples each).
FUZZ_EXAMPLES ?= 10000
fuzz: $(BIN)/.installed
	SSRI_DOCS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q --hypothesis-show-statistics \
		tests/source/test_fuzz_loader.py tests/importers/test_fuzz_importer.py

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

$(BIN)/.bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Every benchmark in benchmarks/, one after another (bench_library.py alone takes about ten
# minutes on two cores). Run one with its --help to see its options.
bench: $(BIN)/.bench .build-packages
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done
