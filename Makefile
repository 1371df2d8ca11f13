# gisdesk: `make demo` and `make test` do all set-up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
APT_PACKAGES := fonts-noto-cjk poppler-utils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
                libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
                libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
                libnss3 libnspr4 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 \
                libasound2 libgbm1 libdrm2 libxcb-dri3-0

.PHONY: setup system demo test lint bench clean window

setup: system $(STAMP)

# System libraries Qt and its browser engine (the web map tests) need, and a CJK font: installed with apt when missing and we may.
system:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "system packages: present"; \
	elif ! command -v apt-get >/dev/null; then echo "warning: no apt-get; install:$$missing"; \
	elif [ "$$(id -u)" = 0 ]; then echo "apt-get install$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	  || echo "warning: apt-get failed; install by hand:$$missing"; \
	elif sudo -n true 2>/dev/null; then echo "sudo apt-get install$$missing"; \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	  || echo "warning: apt-get failed; install by hand:$$missing"; \
	else echo "warning: cannot install system packages (not root, no sudo):$$missing"; fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Build the demo county, run the main job on it, and open the window when there is a display.
demo: setup
	mkdir -p $(OUT)
	$(BIN)/python main.py demo $(OUT)/demo.gpkg --seed 1 --scale county
	$(BIN)/python main.py site $(OUT)/demo.gpkg
	$(BIN)/python main.py grids $(OUT)/demo.gpkg
	$(BIN)/python main.py assign $(OUT)/demo.gpkg
	$(BIN)/python main.py check $(OUT)/demo.gpkg || true
	$(BIN)/python main.py print $(OUT)/demo.gpkg --out $(OUT)/beat-maps.pdf --by office
	$(BIN)/python main.py export-web $(OUT)/demo.gpkg --out $(OUT)/demo.html
	$(BIN)/python main.py report $(OUT)/demo.gpkg --out $(OUT)/report.xlsx
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/python -m gisdesk.ui $(OUT)/demo.gpkg; \
	else $(BIN)/python main.py screenshot $(OUT)/demo.gpkg --out $(OUT)/window.png && \
	  echo "no display: the window was rendered to $(OUT)/window.png"; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy algorithms layers gisdesk

test: setup lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider

bench: setup
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done
	$(BIN)/python benchmarks/bench_bounded.py --proof

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
