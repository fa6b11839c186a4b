# claimgraph: `make run` sets up and serves; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CG     := $(VENV)/bin/claimgraph
PORT   ?= 8000
STORE  ?= oxigraph:./claimgraph-data

.PHONY: run test venv assets screenshots eval bench bench-quick fuzz soak clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

run: venv
	$(CG) --store $(STORE) load --example --if-empty
	$(CG) --store $(STORE) serve --host 127.0.0.1 --port $(PORT)

test: venv
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) node_modules claimgraph/server/static/vendor .pytest_cache
