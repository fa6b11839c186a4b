"""Virtuoso 7.2 next to the embedded store: load and every catalog query on the same data.

Starts a private Virtuoso (tests/virtuoso.py: its own ports and database folder, a config
derived from the Debian package's) and measures, for one synthetic N-Quads file:

- Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` + checkpoint), how a Virtuoso user
  loads a large file, against raw ``pyoxigraph`` bulk_load on disk in the same run;
- optionally (``--backend-load``) the same triples written as one graph through the sparql:
  backend (SPARQL 1.1 Update in batches of 1,000 triples, Virtuoso's limit);
- every catalog query through the sparql: backend (HTTP, SPARQL JSON results, QueryRunner)
  against the served embedded store (``oxigraph:``, read-only) holding the same quads.

Markdown on stdout (or --json)::

    python bench/bench_virtuoso.py --data synth-1000000.nq --triples 1000000 [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_queries import _ms, _ratio, time_catalog  # noqa: E402
from bench.params import catalog_params  # noqa: E402
from bench.timing import Figure  # noqa: E402


def measure(data: Path, triples: int, seed: int, runs: int, buffers: int,
            backend_load: bool) -> dict:
    import pyoxigraph as ox

    from claimgraph.graph.store import open_store
    from claimgraph.queries.catalog import Catalog
    from tests.virtuoso import VirtuosoServer, virtuoso_binary

    if virtuoso_binary() is None:
        raise SystemExit("virtuoso-t is not installed: apt-get install virtuoso-opensource")
    params = catalog_params(triples, seed, Catalog.load())
    result: dict = {"data": data.name, "triples": triples}
    with tempfile.TemporaryDirectory(prefix="bench-virtuoso-") as tmp:
        folder = Path(tmp)
        raw = []
        for run in range(runs if runs < 3 else 3):
            started = time.perf_counter()
            ox.Store(str(folder / f"raw-{run}")).bulk_load(path=str(data),
                                                           format=ox.RdfFormat.N_QUADS)
            raw.append(time.perf_counter() - started)
        result["oxigraph_bulk_load"] = Figure(raw).to_dict()
        embedded = folder / "raw-0"
        server = VirtuosoServer(folder / "virtuoso", buffers=buffers)
        server.start(timeout=300)
        try:
            started = time.perf_counter()
            server.bulk_load(data)
            result["virtuoso_bulk_load"] = time.perf_counter() - started
            if backend_load:
                # One graph: a multi-graph file through sparql: fails on Virtuoso at the final
                # request, which moves every staged graph at once (SQ200, docs/scaling.md).
                triples_file = folder / "one-graph.nt"
                quads = ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                             output=str(triples_file), format=ox.RdfFormat.N_TRIPLES)
                os.environ.update(server.store_env)
                with open_store(server.store_url + ";timeout=600") as remote:
                    started = time.perf_counter()
                    counts = remote.load_file(str(triples_file), "application/n-triples",
                                              default_graph="urn:bench:one-graph")
                    result["virtuoso_backend_load"] = time.perf_counter() - started
                    result["virtuoso_backend_triples"] = sum(counts.values())
                    remote.remove_graph("urn:bench:one-graph")
            os.environ.update(server.store_env)
            with open_store(server.store_url + ";timeout=600") as remote:
                started = time.perf_counter()
                derive_ledger(remote)
                result["virtuoso_ledger"] = time.perf_counter() - started
                result["virtuoso_count"] = remote.count()
                result["virtuoso"] = time_catalog(remote, params, runs, 0, None)
        finally:
            server.stop()
        with open_store(f"oxigraph:{embedded}") as writable:
            started = time.perf_counter()
            derive_ledger(writable)
            result["oxigraph_ledger"] = time.perf_counter() - started
        with open_store(f"oxigraph:{embedded}", read_only=True) as served:
            result["oxigraph_count"] = served.count()
            result["claimgraph"] = time_catalog(served, params, runs, 0, None)
    return result


def derive_ledger(store) -> None:
    """The claim ledger, as ``claimgraph load`` derives it (the ledger queries and the
    whole-graph listings read it), for the same day and time on both stores."""
    import datetime

    from claimgraph.graph import ledger

    ledger.refresh(store, as_of=datetime.date(2026, 1, 1),
                   now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))


def markdown(result: dict) -> str:
    quads = result["oxigraph_count"]
    raw = result["oxigraph_bulk_load"]
    lines = [f"Virtuoso 7.2 and the embedded store on `{result['data']}` ({quads:,} quads; "
             f"Virtuoso counted {result['virtuoso_count']:,}); milliseconds, median (min-max).",
             "", "| load | seconds | quads/s |", "|---|---:|---:|",
             f"| raw pyoxigraph bulk_load, on disk | {raw['median']:.1f} "
             f"({raw['min']:.1f}-{raw['max']:.1f}) | {quads / raw['median']:,.0f} |",
             f"| Virtuoso bulk loader (ld_dir, rdf_loader_run, checkpoint), once | "
             f"{result['virtuoso_bulk_load']:.1f} | {quads / result['virtuoso_bulk_load']:,.0f} |"]
    if "virtuoso_ledger" in result:
        lines += [f"| claim ledger refresh, embedded store (`claimgraph ledger refresh`), once | "
                  f"{result['oxigraph_ledger']:.1f} | |",
                  f"| claim ledger refresh, Virtuoso through the sparql: backend, once | "
                  f"{result['virtuoso_ledger']:.1f} | |"]
    if "virtuoso_backend_load" in result:
        n = result["virtuoso_backend_triples"]
        lines.append(f"| the same triples ({n:,}) as one graph through the sparql: backend "
                     f"(SPARQL Update, 1,000-triple batches, staged), once | "
                     f"{result['virtuoso_backend_load']:.1f} | "
                     f"{n / result['virtuoso_backend_load']:,.0f} |")
    lines += ["", "| query | rows | embedded, served `oxigraph:` store | Virtuoso via sparql: "
              "(HTTP) | Virtuoso / embedded |", "|---|---:|---:|---:|---:|"]
    for name, ours in result["claimgraph"].items():
        theirs = result["virtuoso"][name]
        rows = str(ours["rows"])
        if theirs.get("runs"):
            ratio = _ratio(theirs["median"] / ours["median"])
            if theirs["rows"] != ours["rows"]:
                rows += f" (Virtuoso: {theirs['rows']})"
        else:
            ratio = "n/a"
        lines.append(f"| {name} | {rows} | {_ms(ours)} | {_ms(theirs)} | {ratio} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a synthetic N-Quads file")
    parser.add_argument("--triples", type=int, required=True, help="its --triples")
    parser.add_argument("--seed", type=int, default=1, help="its --seed")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--buffers", type=int, default=170_000,
                        help="Virtuoso NumberOfBuffers (8 KB pages; 170,000 is ~1.3 GB)")
    parser.add_argument("--backend-load", action="store_true",
                        help="also time claimgraph load through the sparql: backend")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.data.resolve(), args.triples, args.seed, args.runs, args.buffers,
                     args.backend_load)
    print(json.dumps(result, indent=1) if args.json else markdown(result))


if __name__ == "__main__":
    main()
