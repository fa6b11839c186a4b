"""Benchmark: the actor-network projection (SPARQL) and PageRank, against a naive triple walk.

On a generated graph (``bench/generate_network.py``) loaded into an on-disk Oxigraph store, one
run measures, each as the median of ``--runs`` repetitions:

- ``projection``: ``claimgraph.graph.network.actor_network`` (the aggregate SPARQL query plus the
  node-attribute queries, through the Store interface);
- ``naive walk``: the same network built by looping over ``quads_for_pattern`` in Python (the
  baseline), checked to give the same edges and weights;
- ``pagerank``: weighted PageRank over the projected network.

Peak memory is measured in one extra repetition of each under ``tracemalloc`` (Python heap only;
Oxigraph's own allocations are not seen), and the process's peak RSS is reported at the end.

    PYTHONPATH=. python bench/bench_network.py --triples 100000 --runs 5
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

import networkx as nx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_network import generate  # noqa: E402

from claimgraph.graph import network as net  # noqa: E402
from claimgraph.graph.store import Store, open_store  # noqa: E402

CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
P = {name: ox.NamedNode(CG + name) for name in (
    "speaker", "about", "disputes", "disputedBy", "reports", "reportedBy", "Actor")}


def naive_actor_network(store: ox.Store) -> nx.DiGraph:
    """The actor network by walking triples one pattern at a time (the baseline)."""
    def objects(s, p):
        return {q.object for q in store.quads_for_pattern(s, p, None)}

    def subjects(p, o):
        return {q.subject for q in store.quads_for_pattern(None, p, o)}

    speaker = {q.subject: q.object for q in store.quads_for_pattern(None, P["speaker"], None)}
    actor: dict[Any, bool] = {}

    def is_actor(node) -> bool:
        if node not in actor:
            actor[node] = any(True for _ in store.quads_for_pattern(node, RDF_TYPE, P["Actor"]))
        return actor[node]

    counts: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for st, source in speaker.items():
        for target in objects(st, P["about"]):
            if target != source and is_actor(target):
                counts[(source, target)]["spoke_about"].add(st)
        for relation, forward, backward in (("disputed", "disputes", "disputedBy"),
                                            ("reported", "reports", "reportedBy")):
            for other in objects(st, P[forward]) | subjects(P[backward], st):
                target = speaker.get(other)
                if target is not None and target != source:
                    counts[(source, target)][relation].add(st)
    graph = nx.DiGraph()
    for (source, target), by_relation in counts.items():
        relations = {k: len(v) for k, v in by_relation.items()}
        graph.add_edge(source.value, target.value, weight=sum(relations.values()),
                       relations=relations)
    # The same node attributes the projection gives: label, classes, statements, mentions.
    for node in graph:
        iri = ox.NamedNode(node)
        labels = sorted(q.object.value for q in store.quads_for_pattern(iri, LABEL, None))
        types = {q.object.value for q in store.quads_for_pattern(iri, RDF_TYPE, None)}
        graph.nodes[node].update(
            label=labels[-1] if labels else node,
            classes=" ".join(sorted(t[len(CG):] for t in types if t.startswith(CG))),
            statements=len(subjects(P["speaker"], iri)), mentions=len(subjects(P["about"], iri)))
    return graph


def open_bench_store(path: str) -> tuple[Store, str]:
    return open_store(f"oxigraph:{path}", read_only=True), "claimgraph oxigraph backend"


def timed(func: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_python_mb(func: Callable[[], Any]) -> float:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="an N-Quads file to use instead of generating")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        data = args.data or Path(tmp) / "graph.nq"
        if not args.data:
            with data.open("w", encoding="utf-8") as out:
                generate(args.triples, args.seed, out)
        path = str(Path(tmp) / "store")
        loader = ox.Store(path)
        loader.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        loader.flush()
        quads = len(loader)
        del loader
        store, backend = open_bench_store(path)
        raw = ox.Store.read_only(path)

        project = lambda: net.actor_network(store)  # noqa: E731
        naive = lambda: naive_actor_network(raw)  # noqa: E731
        t_project, graph = timed(project, args.runs)
        t_naive, baseline = timed(naive, args.runs)
        t_rank, _ = timed(lambda: net.pagerank(graph), args.runs)
        same = {(u, v): d["relations"] for u, v, d in graph.edges(data=True)} == \
            {(u, v): d["relations"] for u, v, d in baseline.edges(data=True)} and all(
                graph.nodes[n][k] == baseline.nodes[n][k] for n in baseline
                for k in ("label", "classes", "statements", "mentions"))
        m_project, m_naive = peak_python_mb(project), peak_python_mb(naive)
        m_rank = peak_python_mb(lambda: net.pagerank(graph))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Actor network on {quads:,} quads ({graph.number_of_nodes():,} actors, "
          f"{graph.number_of_edges():,} edges); store: {backend}; median of {args.runs} runs; "
          f"projection and naive walk agree on every edge and node attribute: {same}\n")
    print("| step | median time (s) | peak Python heap (MiB) | naive time / this time |")
    print("|---|---:|---:|---:|")
    print(f"| projection (SPARQL) | {t_project:.3f} | {m_project:.1f} | "
          f"{t_naive / t_project:.2f} |")
    print(f"| naive triple walk (baseline) | {t_naive:.3f} | {m_naive:.1f} | 1.00 |")
    print(f"| PageRank on the projection | {t_rank:.3f} | {m_rank:.1f} | |")
    print(f"\nPeak RSS of the whole process: {rss:.0f} MiB")
    if not same:
        sys.exit("the projection and the naive walk disagree")


if __name__ == "__main__":
    main()
