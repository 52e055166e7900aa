# GridApp — `make run` opens the window, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TS := resources/translations/gridapp_zh_CN.ts
QM := resources/translations/gridapp_zh_CN.qm

.PHONY: install run test check lint typecheck bench bench-sync ts qm screenshots dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,server]'
	touch $(STAMP)

install: $(STAMP) $(QM)

# Compiled translations are build products: made here, never committed. Written beside and
# renamed, so a program that has the old file open (mapped) never sees it change under it.
$(QM): $(TS) $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM).tmp && mv $(QM).tmp $(QM)

qm: $(QM)

# Collect source strings from the code into the .ts (keeps existing translations).
ts: $(STAMP)
	flock $(TS:.ts=.lock) $(VENV)/bin/pyside6-lupdate -silent -no-obsolete -locations none \
		$$(find gridapp -name '*.py' | sort) -ts $(TS)

run: install
	$(VENV)/bin/gridapp demo --if-empty --households 300 --seed 1
	$(VENV)/bin/gridapp

lint: $(STAMP)
	$(VENV)/bin/ruff check gridapp tests bench scripts
	$(VENV)/bin/ruff format --check gridapp tests bench scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck

test: install check
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

bench: install
	$(PY) -m bench

# Sync against a real county server (uvicorn on 127.0.0.1): first sync of 100,000 records, a
# no-op sync, 20 PCs at once; rewrites the "Sync" section of docs/performance.md. PostgreSQL
# too when GRIDAPP_TEST_PG_URL is set. Quick look: $(PY) -m bench.sync_bench --records 20000
bench-sync: install
	$(PY) -m bench --only sync_bench

# Pictures of every page and the main dialogs at 100 % and 150 % text size for the user guide
# (docs/用户手册.md), from a demo register in a temporary folder.
screenshots: install
	$(PY) scripts/screenshots.py --out docs/images

# Installers this machine can build: the PyInstaller one-folder app (build/dist/gridapp) and
# the .deb (build/gridapp_<version>_<arch>.deb), then the smoke test of the .deb. Not part of
# make test (takes minutes). Windows: installer/windows/, built on Windows (docs/deployment.md).
dist: install
	$(PY) -m pip install --quiet -e '.[dev,server,dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath build/dist \
		--workpath build/pyinstaller installer/pyinstaller/gridapp.spec
	installer/linux/build_deb.sh build/dist/gridapp build
	installer/linux/smoke_test.sh build/gridapp_$$(sed -n 's/^__version__ = "\(.*\)"/\1/p' \
		gridapp/__init__.py)_$$(dpkg --print-architecture).deb

clean:
	rm -rf $(VENV) build *.egg-info $(QM)
