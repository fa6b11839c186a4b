# claimgraph: `make run` sets up and serves; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CG     := $(VENV)/bin/claimgraph
PORT   ?= 8000
STORE  ?= oxigraph:./claimgraph-data

.PHONY: run test venv assets screenshots eval bench fuzz soak clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

# A memory: store lives in the serving process: `serve --example` loads the seed into it there.
run: venv assets
ifneq ($(filter memory:%,$(STORE)),)
	$(CG) --store $(STORE) serve --example --host 127.0.0.1 --port $(PORT)
else
	$(CG) --store $(STORE) load --example --if-empty
	$(CG) --store $(STORE) serve --host 127.0.0.1 --port $(PORT)
endif

test: venv assets
	$(PY) -m pytest -q

assets: claimgraph/server/static/vendor/MANIFEST.json

claimgraph/server/static/vendor/MANIFEST.json: package.json package-lock.json scripts/vendor_assets.py
	$(PYTHON) scripts/vendor_assets.py

screenshots: venv assets
	$(PY) scripts/screenshots.py

eval: venv
	$(PY) tests/extraction/run_eval.py -v

# Reliability: `make fuzz` is the long hostile-input run (20x the CI examples, random seeds);
# `make soak` the bounded load tests (100k and 1M triples, readers and a writer on 127.0.0.1).
fuzz: venv assets
	CLAIMGRAPH_FUZZ_SCALE=20 CLAIMGRAPH_OPENAPI_EXAMPLES=1000 $(PY) -m pytest -q -m 'not soak' \
		tests/reliability/test_http_fuzz.py tests/reliability/test_openapi_fuzz.py

soak: venv assets
	$(PY) -m pytest -q -s -m soak tests/reliability/test_load.py

# The 10M-triple load and catalog tables take about 25 minutes more (11 and 11-14 minutes in
# session 10, 2-3 of them the ledger refresh at 10M); BENCH_ARGS= skips them.
BENCH_ARGS ?= --load-sizes 1000000,10000000 --large-sizes 10000000

bench: venv
	@command -v wrk >/dev/null || echo "note: wrk is not installed (apt-get install wrk): section" \
		"endpoint will load the servers with Python clients instead" >&2
	nice -n 10 $(PY) bench/run_all.py --out docs/benchmarks.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules claimgraph/server/static/vendor .pytest_cache
