# Two commands set everything up on a fresh machine:
#   make serve   build the sample archive and serve it on http://127.0.0.1:8000/
#   make test    run every test (installs Debian's chromium for the browser tests if missing)

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: serve build check audit test visual-references chromium java vnu bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(PY) -m generator build

check: $(STAMP)
	$(PY) -m generator check

serve: $(STAMP)
	$(PY) -m generator serve --port $(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO apt-get install -y chromium; \
	fi

# The Nu HTML Checker (tests/test_accessibility.py) runs on Java; vnu.jar comes from npm.
VNU_VERSION ?= 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

java:
	@if ! command -v java >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y default-jre-headless; \
	fi

vnu: java
	@if [ ! -f $(VNU_JAR) ]; then \
		npm install --prefix .cache/vnu --no-save --no-audit --no-fund vnu-jar@$(VNU_VERSION); \
	fi

# Build, then check the built site as the deploy recipes do (docs/deploy.md): axe-core and the Nu HTML Checker.
audit: $(STAMP) chromium vnu
	$(PY) -m generator build
	VNU_JAR=$(VNU_JAR) $(PY) -m generator audit

# New reference screenshots for tests/test_visual.py after an intended change of the theme or the
# sample content: review the pictures in tests/visual/, then commit them.
visual-references: $(STAMP) chromium
	MINUTES_VISUAL_UPDATE=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_visual.py

test: $(STAMP) chromium vnu
	$(PY) -m pytest -q -n 2

clean:
	rm -rf output .output.* .cache $(VENV)
