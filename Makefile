# w2v-book: the three commands are `make book`, `make test` and `make lab`.
#
#   make book      build the HTML book into _build/html (fails on any warning or cell error)
#   make test      build the book and the student edition, then run every test
#   make lab       JupyterLab on the chapters as notebooks, in the git-ignored workspace lab/
#   make student   build the student edition (solutions removed) into _build/student/_build/html
#   make notebooks write teacher and student .ipynb files into _build/notebooks/
#   make pdf       the book as PDF: _build/latex/w2v-book.pdf and the student edition's
#                  _build/student/_build/latex/w2v-book-student.pdf (PDF_EDITIONS=teacher: one)
#   make course    write the nbgrader course into course/ (see the book's page "Teaching with this book")
#   make serve     serve the built book on http://127.0.0.1:$(PORT)/
#   make clean     remove the build outputs (keeps .venv and node_modules)

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

VENV := .venv
PY := $(VENV)/bin/python
# W2V_BOOK_BUILD=1 tells the chapters' kernels that they run for the static book: no progress
# bars there (a notebook shows them).
JB := W2V_BOOK_BUILD=1 $(VENV)/bin/jupyter-book
# Strict build: warnings are errors (-W), nitpicky references (-n), report all of them.
JB_FLAGS := -W -n --keep-going
PORT ?= 8000
# `make lab`: the notebooks' workspace and JupyterLab's first port to try (the next free one
# is taken if it is busy; JupyterLab prints the address).
LAB_DIR := lab
LAB_PORT ?= 8888
# The interpreter the venv is made from: python3.11, or python3 if that is 3.11.
PYTHON311 := $(shell command -v python3.11 2>/dev/null || \
    (python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && command -v python3))

VENV_STAMP := $(VENV)/.installed
ASSETS_STAMP := offline_assets/.copied
STUDENT_CONFIG := _build/student/_config.yml

.PHONY: book test student notebooks lab course serve clean setup pdf tex

setup: $(VENV_STAMP) $(ASSETS_STAMP)

# --- Python environment -----------------------------------------------------------------
$(PY):
	@test -n "$(PYTHON311)" || { echo "error: Python 3.11 is needed (python3.11 or python3 = 3.11)" >&2; exit 1; }
	$(PYTHON311) -m venv $(VENV)

# Re-install only when the pins or the package metadata change (the stamp is newer otherwise).
$(VENV_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet -e . --no-deps
	touch $@

# --- Browser assets (served locally: the book never loads anything from a CDN) -----------
# npm ci writes node_modules/.package-lock.json; it is re-run when package-lock.json changes.
node_modules/.package-lock.json: package-lock.json package.json
	@command -v npm >/dev/null || { echo "error: npm is needed for the offline browser assets (apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): node_modules/.package-lock.json tools/copy_assets.py tools/pyodide_wheels.txt $(VENV_STAMP)
	$(PY) tools/copy_assets.py
	touch $@

# --- The book ------------------------------------------------------------------------------
# Always run: Sphinx rebuilds only changed pages, and the execution cache
# (_build/.jupyter_cache) re-executes only notebooks whose code changed. Neither notices a
# change in w2vlib (or in the book's Sphinx extension), after which a cached output could be
# stale: then drop the cache and re-read every page (--all = fresh Sphinx environment).
LIB_STAMP := _build/.library-stamp
LIB_CHANGED = $(shell test -f $(LIB_STAMP) && find w2vlib tools/sphinxext -type f \
    -newer $(LIB_STAMP) -not -path '*/__pycache__/*' | head -n 1)

# Before the build, tools/execute_chapters.py executes the pages the cache lacks two at a time (Jupyter
# Book executes one after the other); if one fails, the build executes it again and stops there.
EXECUTE := W2V_BOOK_BUILD=1 $(PY) tools/execute_chapters.py || echo "execute_chapters: a page failed; the build shows where"

book: setup
	@mkdir -p _build && touch _build/.build-started
	@if [ -f $(LIB_STAMP) ] && [ -z "$(LIB_CHANGED)" ]; then \
	    $(EXECUTE); \
	    echo "$(JB) build . $(JB_FLAGS)"; $(JB) build . $(JB_FLAGS); \
	else \
	    echo "First build, or w2vlib / tools/sphinxext changed: re-executing every chapter"; \
	    rm -rf _build/.jupyter_cache; \
	    $(EXECUTE); \
	    echo "$(JB) build . $(JB_FLAGS) --all"; $(JB) build . $(JB_FLAGS) --all; \
	fi
	@mv _build/.build-started $(LIB_STAMP)  # only after a successful build
	@echo "Book: $(CURDIR)/_build/html/index.html"

# The student edition's config is generated from _config.yml (no second config to maintain);
# it reuses the book's execution cache, so build the book first. --all re-reads every page
# (outputs come from the cache, nothing re-executes): its own Sphinx environment would not
# notice a change in w2vlib.
student: book
	$(PY) tools/student_config.py $(STUDENT_CONFIG)
	$(JB) build . --config $(STUDENT_CONFIG) --path-output _build/student $(JB_FLAGS) --all
	@echo "Student edition: $(CURDIR)/_build/student/_build/html/index.html"

# --- The printed book -----------------------------------------------------------------------
# Sphinx's LaTeX builder (Jupyter Book's `--builder latex`, XeLaTeX) and latexmk, for the
# teacher and the student edition. The LaTeX builds read the execution cache of `make book`
# (nothing re-executes). Then the HTML editions are built again (incremental: pages are
# rewritten, not re-read), so that their download menu links the PDF ("Book (PDF)").
# TeX comes from Debian; `make pdf` installs it as root, and names the packages otherwise.
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
    latexmk xindy fonts-freefont-otf fonts-dejavu-core poppler-utils
TEX_TOOLS := xelatex latexmk xindy pdftotext pdffonts pdftoppm
TEX_MISSING = $(strip $(foreach tool,$(TEX_TOOLS),$(if $(shell command -v $(tool) 2>/dev/null),,$(tool))))
PDF_EDITIONS ?= teacher student
# latexmk quietly; XeLaTeX never waits for input and stops at the first error.
LATEXMK := $(MAKE) all-pdf LATEXMKOPTS=-silent LATEXOPTS="-interaction=nonstopmode -halt-on-error"

tex:
	@if [ -n "$(TEX_MISSING)" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "pdf: installing TeX from Debian: $(TEX_PACKAGES)"; \
	        export DEBIAN_FRONTEND=noninteractive; \
	        apt-get update -qq && apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) </dev/null; \
	    else \
	        echo "error: make pdf needs $(TEX_MISSING); install TeX (as root: apt-get install $(TEX_PACKAGES))" >&2; \
	        exit 1; \
	    fi; \
	fi

pdf: tex student
	@for edition in $(PDF_EDITIONS); do \
	    start=$$SECONDS; \
	    case $$edition in \
	        teacher) config=; out=_build; pdf=w2v-book.pdf;; \
	        student) config="--config $(STUDENT_CONFIG) --path-output _build/student"; out=_build/student/_build; \
	                 pdf=w2v-book-student.pdf;; \
	        *) echo "error: PDF_EDITIONS has teacher and/or student, not $$edition" >&2; exit 1;; \
	    esac; \
	    echo "$(JB) build . $$config --builder latex $(JB_FLAGS)"; \
	    $(JB) build . $$config --builder latex $(JB_FLAGS); \
	    rm -f $$out/latex/$$pdf; \
	    $(LATEXMK) -C $$out/latex >$$out/latex/latexmk.log 2>&1 || \
	        { tail -n 40 $$out/latex/latexmk.log; echo "error: LaTeX failed, see $(CURDIR)/$$out/latex/latexmk.log" >&2; exit 1; }; \
	    echo "$$edition PDF: $(CURDIR)/$$out/latex/$$pdf"; \
	    echo "$(JB) build . $$config $(JB_FLAGS)  # the HTML edition links its PDF"; \
	    $(JB) build . $$config $(JB_FLAGS) >/dev/null; \
	    echo "$$edition PDF and link: $$((SECONDS - start)) s"; \
	done

notebooks: setup
	$(PY) tools/make_notebooks.py --out _build/notebooks

# The nbgrader course: course/nbgrader_config.py and course/source/<chNN>/<chapter>.ipynb, made by
# the same generator as the notebooks. Re-running rewrites only those files; nbgrader's own folders
# (release/, submitted/, autograded/, feedback/) and gradebook.db are left alone.
COURSE_DIR := course

course: $(VENV_STAMP)
	$(PY) tools/make_notebooks.py --course --out $(COURSE_DIR)

# Students work on copies: lab/student/ (exercises) and lab/teacher/ (solutions), made from the
# chapters; JupyterLab cannot reach book/*.md. Re-running replaces a notebook only if it was not
# edited since it was made; an edited one is kept and the new version is written beside it as
# <name>.new.ipynb. JUPYTER_PREFER_ENV_PATH: the kernel is .venv's even if ~/.local has a python3.
lab: $(VENV_STAMP)
	$(PY) tools/make_notebooks.py --out $(LAB_DIR) --keep-edited
	@echo "Opening JupyterLab on $(CURDIR)/$(LAB_DIR) (Ctrl-C twice to stop)"
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	    --ServerApp.root_dir=$(LAB_DIR) $(if $(filter 0,$(shell id -u)),--allow-root)

# Two pytest calls. The system tests share one build, one Chromium, JupyterLab, kernels and an
# nbgrader course, and already keep both cores busy: they run in one process. Everything else
# (unit tests, doctests via pyproject's addopts) runs on both cores (pytest-xdist, a file per
# worker). Both calls always run; the target fails if either does. The slowest tests are listed.
# With TeX installed the PDFs are built first (tests/test_pdf.py is skipped without TeX).
SYSTEM_TESTS := tests/browser tests/test_build.py tests/test_book_build.py tests/test_notebooks.py \
    tests/test_course.py tests/test_pdf.py tests/test_student_edition.py tests/test_marks_deterministic.py \
    tests/test_init.py tests/test_copy_assets.py
test: student $(if $(shell command -v xelatex 2>/dev/null),pdf)
	@status=0; \
	echo "$(VENV)/bin/pytest -n 2 --dist loadfile (all but the system tests)"; \
	$(VENV)/bin/pytest -n 2 --dist loadfile --durations=25 $(addprefix --ignore=,$(SYSTEM_TESTS)) || status=1; \
	echo "$(VENV)/bin/pytest $(SYSTEM_TESTS)"; \
	$(VENV)/bin/pytest --durations=40 $(SYSTEM_TESTS) || status=1; \
	exit $$status

serve:
	@test -f _build/html/index.html || { echo "error: no built book; run 'make book' first" >&2; exit 1; }
	@echo "Serving the book at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build offline_assets
