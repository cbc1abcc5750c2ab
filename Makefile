# `make pack` builds output/ from source/event.yaml; `make test` runs the tests.
# Each sets up what is missing first: Debian packages, a virtual environment, Python packages.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# What rendering needs: Pango (WeasyPrint's text engine) and the fonts the layouts name;
# libgs-common for the CMYK profile a print shop's PDF/X declares; poppler-utils for
# `brochure preflight` (where the words are, what the pages look like). Emoji: Noto Color
# Emoji (bitmap glyphs, CBDT), which WeasyPrint embeds; reached by fontconfig's fallback,
# never named in a font stack (naming it sets digits in it too). Carlito and Caladea are
# metric twins of Calibri and Cambria, the concept note's fonts: its table's columns are
# measured in them (outputs/word_widths.py), as LibreOffice draws the note. Cairo and
# PangoCairo draw the cards (badges) straight to PDF.
RENDER_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 libcairo2 libharfbuzz0b \
	libharfbuzz-subset0 fontconfig \
	fonts-ebgaramond fonts-inter fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libgs-common \
	poppler-utils fonts-crosextra-carlito fonts-crosextra-caladea
# What the tests use to look at the outputs as a reader's software would.
# Chromium and its WebDriver drive the preview of `brochure serve` as an organiser's browser would;
# zbar reads the badges' QR codes as a scanner at the door does.
# epubcheck (W3C's validator; Java) checks the EPUB; npm (with Node.js; Debian's npm where
# Node.js came without it) brings axe-core and Ace by DAISY.
# CUPS and its virtual PDF printer (cups-pdf) take the badges `brochure badge --print` and
# the door page send, and the tests read back what they printed.
TEST_PACKAGES := libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea \
	zbar-tools chromium chromium-driver epubcheck nodejs cups printer-driver-cups-pdf
# The npm test tools, into a git-ignored folder of the project: axe-core (WCAG checks of
# the web programme, run in Chromium) and Ace by DAISY (the EPUB's accessibility). Ace
# runs Debian's Chromium (PUPPETEER_EXECUTABLE_PATH): neither Puppeteer's browser nor
# Electron is downloaded (they come from outside the npm registry).
NPM_TOOLS := axe-core@4.11.0 @daisy/ace@1.4.6
NPM_DIR := .npm
NPM_STAMP := $(NPM_DIR)/.installed

.PHONY: pack test bench lint check messages docs system-packages test-packages npm-tools clean

pack: system-packages $(STAMP)
	$(BIN)/brochure build source/event.yaml --output output

check: $(STAMP)
	$(BIN)/brochure check source/event.yaml

test: system-packages test-packages $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: system-packages $(STAMP)
	@$(BIN)/python -c "import reportlab, typst" 2>/dev/null || $(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python tools/bench.py

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# The documentation, into site/ (mkdocs.yml; `make test` builds it too, tests/test_docs.py):
# --strict, so a broken link, a missing page or a picture not drawn fails it. Its reference
# pages are written from the code and its pictures drawn from real builds (docs/hooks.py):
# LibreOffice and Chromium draw the concept note and the web programme, as in the tests.
# NO_MKDOCS_2_WARNING: Material's notice about MkDocs 2.0, which is not a build warning.
docs: system-packages test-packages $(STAMP)
	$(BIN)/ruff check docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Extract every fixed word of the layouts and the code into the translation template, and
# bring each catalogue (src/brochure/locale/*/LC_MESSAGES/messages.po) up to date with it:
# a new word is added untranslated, a changed one marked fuzzy (both print in English
# until translated; tests/test_i18n.py says which). Builds compile the catalogues.
# NP_ marks a word with its context (gettext's msgctxt): the kinds' words, `kind`.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -k _ --no-location --sort-output -w 100 \
		-c Translators: --project brochure -o src/brochure/locale/messages.pot .
	@sed -i '/^"POT-Creation-Date/d' src/brochure/locale/messages.pot
	$(BIN)/pybabel update -i src/brochure/locale/messages.pot -d src/brochure/locale \
		-D messages -w 100 --ignore-obsolete --ignore-pot-creation-date
	@sed -i '/^"POT-Creation-Date/d' src/brochure/locale/*/LC_MESSAGES/messages.po

system-packages:
	@tools/ensure-debian-packages $(RENDER_PACKAGES)

test-packages:
	@tools/ensure-debian-packages $(TEST_PACKAGES)

npm-tools: $(NPM_STAMP)

$(NPM_STAMP): Makefile
	@command -v npm >/dev/null 2>&1 || tools/ensure-debian-packages npm
	@mkdir -p $(NPM_DIR)
	cd $(NPM_DIR) && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=true \
		npm install --no-audit --no-fund --loglevel=error $(NPM_TOOLS)
	@touch $(NPM_STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,docs]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) $(NPM_DIR) .pytest_cache .mypy_cache .ruff_cache .hypothesis
