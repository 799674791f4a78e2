# Tessera — `make run` serves the demo, `make test` runs the whole suite (CONTRACT.md, "Set-up").

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when pyproject.toml is newer than the last install.
STAMP := $(VENV)/.installed
TEST_WORKERS ?= 2
PYTEST_ARGS ?=
LINT_PATHS := $(wildcard tessera tests bench)

.PHONY: venv translations run test lint clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Compiles the catalogues that exist; a tree without translations yet is fine.
translations: venv
	@if ls tessera/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d tessera/translations -f; \
	else \
		echo "translations: no catalogues under tessera/translations, nothing to compile"; \
	fi

run: venv translations
	$(BIN)/tessera init --demo
	$(BIN)/tessera serve

# pytest exits 5 when it collected nothing: that is a failure, never a green run.
test: venv translations
	@$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; failing" >&2; fi; \
	exit $$rc

lint: venv
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

# Leaves .venv and instance/ (your data) alone; `rm -rf .venv` to rebuild the environment.
clean:
	rm -rf .pytest_cache .ruff_cache tests/.artifacts build dist
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
