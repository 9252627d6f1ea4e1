# Paper Atlas. `make site` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bench clean install ingest resolve

site: $(STAMP)  ## Ingest the captures, generate docs/ and build site/ (mkdocs build --strict)
	$(BIN)/paper-atlas ingest
	$(BIN)/paper-atlas build

test: $(STAMP)  ## Run the linter and the type checker (mypy --strict), then the whole test suite
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

resolve: $(STAMP)  ## Complete the papers from open APIs into corpus/resolved.yaml (the only target that uses the network)
	$(BIN)/paper-atlas resolve

serve: site  ## Serve the built site on http://127.0.0.1:8000/ (search needs the built index, so not `mkdocs serve`)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

bench: $(STAMP)  ## Time each stage of the pipeline and the MkDocs build
	$(BIN)/python bench/run.py

install: $(STAMP)

ingest: $(STAMP)
	$(BIN)/paper-atlas ingest

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

clean:  ## Remove everything generated: the venv, docs/ and site/
	rm -rf $(VENV) docs site site-shards bench/out .pytest_cache .hypothesis *.egg-info
