"""Catalog query benchmark: every named query on the served store against rdflib's in-memory store.

The store is the on-disk default store (``oxigraph:DIR``, loaded with ``claimgraph load``, with
the claim ledger derived), timed twice: opened read-only, as ``claimgraph query`` reads it, and
copied into memory as ``claimgraph serve`` copies stores of up to ``SNAPSHOT_MEMORY_MAX_QUADS``
quads (``SNAPSHOT_MODE = "auto"``, the default; claimgraph/server/snapshot.py; the union of the
graphs a set, graph/backends/union_copy.py). The *served*
figure, which the speed-up is computed from, is the one the server would use at this size. The
baseline is the same data parsed into rdflib's ``Dataset`` (union default graph),
running the same query text through the same ``QueryRunner`` (bench/rdflib_store.py). Each query
runs with the parameters of bench/params.py (required parameters only: its heaviest form), once
untimed, then ``--runs`` times; rdflib runs get a time limit, and a query that exceeds it is
reported as not finished. Markdown on stdout (or --json)::

    python bench/bench_queries.py --data synth-1000000.nq --triples 1000000 [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.params import catalog_params
from bench.timing import repeat
from claimgraph.graph.store import StoreError

REPO = Path(__file__).resolve().parent.parent


def load_served(data: Path, folder: Path) -> float:
    """The on-disk store a user would serve: the file plus the claim ledger derived from it.

    The ledger is derived on an in-memory store (its refresh on the on-disk store took minutes
    at 1M triples: see docs/benchmarks.md, load) and the whole dataset is then loaded with
    ``claimgraph load --no-ledger``; the store holds the same quads either way. Returns the
    seconds of the ``claimgraph load``.
    """
    import datetime

    from claimgraph.graph import ledger
    from claimgraph.graph.store import open_store

    dump = folder.parent / "with-ledger.nq"
    with open_store("memory:") as memory:
        memory.load_file(str(data), "application/n-quads", default_graph="urn:unused")
        ledger.refresh(memory, as_of=datetime.date(2026, 1, 1),
                       now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        with open(dump, "wb") as out:
            memory.export(out, "nquads")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from claimgraph.cli import main; main()", "--store",
                    f"oxigraph:{folder}", "load", "--no-ledger", "--allow-reserved-graphs",
                    str(dump)], check=True,
                   cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_catalog(store, params: dict[str, dict], runs: int, limit: float,
                 only: list[str] | None = None) -> dict[str, dict]:
    from claimgraph.queries.runner import QueryRunner

    runner = QueryRunner(store)
    out: dict[str, dict] = {}
    for name, values in params.items():
        if only and name not in only:
            continue
        rows: list[int] = []

        def work() -> None:
            rows.append(len(runner.execute(name, values).result.rows))

        print(f"  {store.url} {name}", file=sys.stderr, flush=True)
        try:
            figure = repeat(work, runs, limit=limit, warmup=1 if limit == 0 else 0)
        except StoreError as error:
            if not store.url.startswith("sparql:"):
                raise
            # an external engine refusing a query (Virtuoso's cost estimator) is a result
            out[name] = {"rows": None, "runs": 0, "error": str(error).split("\n")[0][:160]}
            continue
        out[name] = {"rows": rows[-1] if rows else None, **figure.to_dict()}
    return out


def time_first_path(store, values: dict, runs: int) -> dict:
    """The path query as the first of a fresh runner on an in-memory store, which builds the
    link index the later ones read (claimgraph/queries/links.py): what a query worker's first
    path query costs."""
    from claimgraph.queries.runner import QueryRunner

    print(f"  {store.url} path, first query of a runner", file=sys.stderr, flush=True)
    return repeat(lambda: QueryRunner(store).execute("path", values), runs).to_dict()


def measure(data: Path, triples: int, seed: int, runs: int, rdflib_limit: float,
            rdflib_runs: int, with_rdflib: bool, only: list[str] | None) -> dict:
    from bench.rdflib_store import RdflibStore
    from claimgraph.graph.backends.union_copy import UnionCopy
    from claimgraph.graph.store import open_store
    from claimgraph.queries.catalog import Catalog

    params = catalog_params(triples, seed, Catalog.load())
    result: dict = {"data": data.name, "triples": triples, "params": params}
    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        result["load_seconds"] = load_served(data, Path(tmp) / "store")
        # Every contestant gets exactly what the served store holds (the file and the ledger).
        dump = Path(tmp) / "served.nq"
        with open_store(f"oxigraph:{Path(tmp) / 'store'}", read_only=True) as served:
            with open(dump, "wb") as out:
                served.export(out, "nquads")
            result["quads"] = served.count()
            result["claimgraph"] = time_catalog(served, params, runs, 0, only)
        # what the server holds: graph/backends/union_copy.py, as server/snapshot.py builds it
        with UnionCopy.memory_from_nquads(str(dump)) as memory:
            result["memory"] = time_catalog(memory, params, runs, 0, only)
            if not only or "path" in only:
                result["path_first"] = time_first_path(memory, params["path"], runs)
        if with_rdflib:
            started = time.perf_counter()
            baseline = RdflibStore.from_file(dump)
            result["rdflib_load_seconds"] = time.perf_counter() - started
            result["rdflib"] = time_catalog(baseline, params, rdflib_runs, rdflib_limit, only)
            result["rdflib_limit"] = rdflib_limit
    return result


def _ms(fig: dict | None) -> str:
    if fig and fig.get("error"):
        return f"refused: {fig['error'].partition('answered ')[2] or fig['error']}"
    if not fig or not fig.get("runs"):
        return "n/a"
    return f"{fig['median'] * 1000:,.1f} ({fig['min'] * 1000:,.1f}-{fig['max'] * 1000:,.1f})"


def _ratio(x: float) -> str:
    return f"{x:,.0f}x" if x >= 10 else f"{x:.2g}x"


def served_from_memory(quads: int | None) -> bool:
    """Whether ``claimgraph serve`` (default configuration) answers from an in-memory copy."""
    from claimgraph.server.config import DEFAULTS

    return quads is not None and quads <= DEFAULTS["SNAPSHOT_MEMORY_MAX_QUADS"]


def markdown(result: dict) -> str:
    limit = result.get("rdflib_limit")
    in_memory = served_from_memory(result.get("quads")) and bool(result.get("memory"))
    served = "the in-memory copy" if in_memory else "the on-disk store"
    lines = [f"Catalog queries on `{result['data']}` ({result['triples']:,} triples requested, "
             f"{result.get('quads', 0):,} quads with the claim ledger derived at load); "
             "milliseconds, median (min-max) of the runs"
             + (f"; rdflib runs stop at {limit:g} s" if limit else "") + ". At this size "
             f"`claimgraph serve` answers from {served} (`SNAPSHOT_MODE = \"auto\"` copies "
             "stores of up to 2,000,000 quads into memory); `claimgraph query` reads the "
             f"on-disk store. Speed-up: rdflib's median over {served}'s (the served store).", "",
             "| query | rows | on-disk `oxigraph:` store | in-memory copy | rdflib in-memory "
             "| speed-up |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, ours in result["claimgraph"].items():
        theirs = result.get("rdflib", {}).get(name)
        memory = result.get("memory", {}).get(name)
        disk = ours
        if in_memory and memory and memory.get("runs"):
            ours = memory
        rows = str(ours["rows"])
        if theirs is None:
            base, ratio = "not run", ""
        elif theirs.get("timed_out") and not theirs.get("runs"):
            base, ratio = f"did not finish in {limit:g} s", "> " + _ratio(limit / ours["median"])
        else:
            base = _ms(theirs) + (" (later runs stopped)" if theirs.get("timed_out") else "")
            ratio = _ratio(theirs["median"] / ours["median"])
            if theirs["rows"] != ours["rows"]:
                rows += f" (rdflib: {theirs['rows']})"
        lines.append(f"| {name} | {rows} | {_ms(disk)} | {_ms(memory)} | {base} | {ratio} |")
    if result.get("path_first"):
        lines += ["", "The in-memory figure of `path` is that of a process answering path queries "
                  "one after another (a server's query worker): the first builds the link index "
                  "the others read (claimgraph/queries/links.py), and took "
                  f"{_ms(result['path_first'])} ms with a fresh runner each time. The on-disk "
                  "store (`claimgraph query`) keeps no index."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a synthetic N-Quads file")
    parser.add_argument("--triples", type=int, required=True,
                        help="the --triples it was generated with (to pick the parameters)")
    parser.add_argument("--seed", type=int, default=1, help="the --seed it was generated with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds per rdflib run")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--only", action="append", help="only this query (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    result = measure(args.data, args.triples, args.seed, args.runs, args.rdflib_timeout,
                     args.rdflib_runs, not args.no_rdflib, args.only)
    print(json.dumps(result, indent=1) if args.json else markdown(result))


if __name__ == "__main__":
    main()
