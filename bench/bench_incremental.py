"""One more article into a loaded store: what a newsroom's daily ``claimgraph load`` costs.

A store is loaded once from an N-Quads file with ``claimgraph load`` (the claim ledger derived).
Then each run starts from a fresh copy of that store (the copy is not timed) and measures, each
step a subprocess with its wall time and peak RSS:

- ``claimgraph load --example`` (the bundled seed article, 1,359 triples), as a user loads an
  article: the write, then the ledger re-derived over the whole store and written as its
  difference;
- the two halves of it on another copy: ``claimgraph load --no-ledger --example``, then
  ``claimgraph ledger refresh``;
- that refresh again with its write forced onto the full-rewrite path (``DIFFERENCE_CHANGES =
  0``: the new ledger written beside the old one, which is then removed and replaced), the way
  a refresh that changes more than DIFFERENCE_CHANGES quads is written;
- ``claimgraph ledger refresh`` again, with nothing changed (what deriving the ledger costs when
  nothing has to be written);
- raw pyoxigraph ``Store.extend`` of the article's quads on a copy (the engine's floor for the
  write alone; the ledger has no counterpart outside claimgraph).

Markdown on stdout (median, min and max of the runs)::

    python bench/bench_incremental.py --data synthetic-1000000.nq [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.timing import Figure, run_measured, spread

REPO = Path(__file__).resolve().parent.parent
CLI = "from claimgraph.cli import main; main()"
CLI_FULL_REWRITE = ("from claimgraph.graph.backends import oxigraph_writes\n"
                    "oxigraph_writes.DIFFERENCE_CHANGES = 0\n" + CLI)
ARTICLE = REPO / "claimgraph" / "graph" / "data" / "seed-tsn-malomuzh.yaml"
# The article's quads, as the loader builds them, written by raw pyoxigraph in one transaction.
RAW_EXTEND = (
    "import sys, pyoxigraph as ox\n"
    "from claimgraph.graph.annotation import annotation_to_graph\n"
    "from claimgraph.graph.backends.terms import to_oxigraph\n"
    "iri, graph = annotation_to_graph(sys.argv[1])\n"
    "g = ox.NamedNode(str(iri))\n"
    "quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in graph]\n"
    "store = ox.Store(sys.argv[2]); store.extend(quads); store.flush()\n")


def steps(db: str) -> dict[str, list[list[str]]]:
    """name -> the commands of one run on a fresh copy ``db`` (only the last one is timed)."""
    python = sys.executable
    cli = [python, "-c", CLI, "--store", f"oxigraph:{db}"]
    return {
        "claimgraph load (article + ledger)": [cli + ["load", "--example"]],
        "claimgraph load --no-ledger": [cli + ["load", "--no-ledger", "--example"]],
        "claimgraph ledger refresh after it": [cli + ["load", "--no-ledger", "--example"],
                                               cli + ["ledger", "refresh"]],
        "the same refresh, written in full": [
            cli + ["load", "--no-ledger", "--example"],
            [python, "-c", CLI_FULL_REWRITE, "--store", f"oxigraph:{db}", "ledger", "refresh"]],
        "claimgraph ledger refresh, nothing changed": [cli + ["load", "--example"],
                                                       cli + ["ledger", "refresh"]],
        "raw pyoxigraph extend of the article": [[python, "-c", RAW_EXTEND, str(ARTICLE), db]],
    }


def measure(data: Path, runs: int, timeout: float) -> dict:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    result: dict = {"data": data.name, "steps": {}}
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        base = Path(tmp) / "base"
        print(f"  claimgraph load {data.name}", file=sys.stderr, flush=True)
        done = run_measured([sys.executable, "-c", CLI, "--store", f"oxigraph:{base}", "load",
                             str(data)], env=env, timeout=timeout)
        if done.returncode != 0:
            raise SystemExit(f"loading {data} failed: {done.stderr.strip()[-500:]}")
        result["base"] = {"seconds": done.seconds, "peak_rss": done.peak_rss}
        seconds: dict[str, list[float]] = {}
        rss: dict[str, list[float]] = {}
        for run in range(runs):
            for name, commands in steps(str(Path(tmp) / "run")).items():
                print(f"  {name}: run {run + 1}/{runs}", file=sys.stderr, flush=True)
                copy = Path(tmp) / "run"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(base, copy)
                for number, argv in enumerate(commands, start=1):
                    done = run_measured(argv, env=env, timeout=timeout)
                    if done.returncode != 0:
                        raise SystemExit(f"{name} failed (exit {done.returncode}): "
                                         f"{done.stderr.strip()[-500:]}")
                seconds.setdefault(name, []).append(done.seconds)
                rss.setdefault(name, []).append(float(done.peak_rss))
        shutil.rmtree(Path(tmp) / "run", ignore_errors=True)
    result["steps"] = {name: {"seconds": Figure(seconds[name]).to_dict(),
                              "peak_rss": Figure(rss[name]).to_dict()} for name in seconds}
    return result


def markdown(result: dict, runs: int) -> str:
    base = result["base"]
    lines = [f"A store loaded from `{result['data']}` with `claimgraph load` "
             f"({base['seconds']:.1f} s, peak RSS {base['peak_rss'] / 2**20:,.0f} MiB), then, on "
             f"a fresh copy of it for each of {runs} runs, the seed article "
             f"(`claimgraph load --example`, 1,359 triples); median (min-max) of the runs.", "",
             "| step | seconds | peak RSS (MiB) |", "|---|---:|---:|"]
    for name, figures in result["steps"].items():
        sec, rss = figures["seconds"], figures["peak_rss"]
        lines.append(f"| {name} | {spread(sec, '.2f')} | {spread(rss, ',.0f', 2**-20)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="an N-Quads file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    result = measure(args.data, args.runs, args.timeout)
    print(json.dumps(result, indent=1) if args.json else markdown(result, args.runs))


if __name__ == "__main__":
    main()
