"""Benchmark the SPARQL endpoint against rdflib-endpoint serving the same data, in the same run.

For a cheap lookup (bench/queries/endpoint-cheap.rq) and a mid relationship query
(endpoint-mid.rq), at 1 and 8 concurrent clients, it measures requests per second and p50/p99
latency for ``claimgraph serve`` (gunicorn over an on-disk Oxigraph store) and for rdflib-endpoint
(FastAPI + uvicorn over an in-memory rdflib Dataset with a union default graph), reporting the
median of several runs as Markdown on stdout. Clients are separate processes (keep-alive HTTP/1.1,
``http.client``) on the same machine, so they share its cores with the servers: figures are for
comparing servers in one run, not absolute capacity. Diagnostics go to stderr.

    python bench/bench_endpoint.py --data graph.nq [--runs 3] [--duration 5] [--clients 1,8]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
RDFLIB_ENDPOINT = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format=sys.argv[2])
app = SparqlEndpoint(graph=dataset, path="/sparql")
print("loaded", len(dataset), file=sys.stderr, flush=True)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rdf_format(path: Path) -> tuple[ox.RdfFormat, str]:
    suffix = path.suffix.lower()
    return {".nq": (ox.RdfFormat.N_QUADS, "nquads"), ".trig": (ox.RdfFormat.TRIG, "trig")}.get(
        suffix, (ox.RdfFormat.N_QUADS, "nquads"))


def load_store(data: Path, url: str) -> None:
    """Load every named graph of ``data`` into the store at ``url`` through the Store interface."""
    from claimgraph.graph.store import open_store
    from claimgraph.server.rdfinput import _term

    graphs: dict[str, list] = {}
    for quad in ox.parse(path=str(data), format=rdf_format(data)[0]):
        graphs.setdefault(quad.graph_name.value, []).append(
            (_term(quad.subject, ""), _term(quad.predicate, ""), _term(quad.object, "")))
    with open_store(url) as store:
        for graph_iri, triples in graphs.items():
            store.replace_graph(graph_iri, triples)
    log(f"loaded {sum(map(len, graphs.values()))} triples in {len(graphs)} graphs into {url}")


def wait_ready(base: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(*urllib.parse.urlsplit(base).netloc.split(":"),
                                                    timeout=5)
            connection.request("GET", "/sparql?query=" + urllib.parse.quote("ASK {}"),
                               headers={"Accept": "application/sparql-results+json"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{base} did not become ready")


def client(base: str, path: str, deadline: float, results: mp.Queue) -> None:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    latencies, errors = [], 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=120)
    results.put((latencies, errors))


def run_load(base: str, query: str, clients: int, duration: float) -> dict[str, float]:
    path = "/sparql?query=" + urllib.parse.quote(query)
    results: mp.Queue = mp.Queue()
    started = time.monotonic()
    deadline = started + duration
    processes = [mp.Process(target=client, args=(base, path, deadline, results))
                 for _ in range(clients)]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    elapsed = time.monotonic() - started
    for process in processes:
        process.join()
    latencies = sorted(x for lat, _ in collected for x in lat)
    errors = sum(e for _, e in collected)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors, "n": 0}
    return {"rps": len(latencies) / elapsed, "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "errors": errors, "n": len(latencies)}


def start(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    log("starting: " + " ".join(command[:3]) + " ...")
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL if "--quiet" in sys.argv else None,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="N-Quads (.nq) or TriG file")
    parser.add_argument("--store", help="use this existing store URL instead of loading --data")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per run")
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--workers", type=int, default=2, help="claimgraph web workers")
    parser.add_argument("--query-workers", type=int, default=2, help="query processes each")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument("--serve-script", help="run claimgraph from this script, not -m")
    parser.add_argument("--quiet", action="store_true", help="silence server logs")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    tmp = tempfile.mkdtemp(prefix="bench-endpoint-")
    store_url = args.store or f"oxigraph:{tmp}/store"
    if not args.store:
        load_store(args.data, store_url)

    entity_query = (QUERIES / "endpoint-entity.rq").read_text()
    mid = (QUERIES / "endpoint-mid.rq").read_text()
    servers: dict[str, tuple[str, subprocess.Popen]] = {}
    port = free_port()
    launcher = [sys.executable, args.serve_script] if args.serve_script else \
        [sys.executable, "-c", "from claimgraph.cli import main; main()"]
    env = {**os.environ, "CLAIMGRAPH_LOG_LEVEL": "WARNING", "CLAIMGRAPH_SLOW_QUERY_MS": "60000"}
    servers["claimgraph"] = (f"http://127.0.0.1:{port}", start(
        launcher + ["--store", store_url, "serve", "--port", str(port), "--workers",
                    str(args.workers), "--query-workers", str(args.query_workers)], env))
    if not args.no_rdflib:
        port = free_port()
        servers["rdflib-endpoint"] = (f"http://127.0.0.1:{port}", start(
            [sys.executable, "-c", RDFLIB_ENDPOINT, str(args.data), rdf_format(args.data)[1],
             str(port)]))
    rows = []
    try:
        for name, (base, _) in servers.items():
            wait_ready(base)
        entity = _first_entity(servers["claimgraph"][0], entity_query)
        cheap = (QUERIES / "endpoint-cheap.rq").read_text().replace("$ENTITY", entity)
        for name, (base, _) in servers.items():
            for label, query in (("cheap lookup", cheap), ("mid relationship", mid)):
                run_load(base, query, 1, min(1.0, args.duration))     # warm-up
                for count in clients:
                    runs = [run_load(base, query, count, args.duration) for _ in range(args.runs)]
                    row = {key: statistics.median(r[key] for r in runs)
                           for key in ("rps", "p50", "p99")}
                    row.update(server=name, query=label, clients=count,
                               errors=sum(r["errors"] for r in runs),
                               n=sum(r["n"] for r in runs))
                    log(f"{name} {label} x{count}: {row['rps']:.1f} req/s")
                    rows.append(row)
    finally:
        for _, process in servers.values():
            stop(process)
    print(f"Data: `{args.data.name}`; {args.runs} runs of {args.duration:g} s each, medians; "
          f"claimgraph: gunicorn {args.workers} workers x {args.query_workers} query processes; "
          f"{os.cpu_count()} CPUs shared by servers and clients.\n")
    print("| server | query | clients | req/s | p50 ms | p99 ms | requests | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['server']} | {row['query']} | {row['clients']} | {row['rps']:.1f} | "
              f"{row['p50']:.1f} | {row['p99']:.1f} | {row['n']} | {row['errors']} |")


def _first_entity(base: str, query: str) -> str:
    import json

    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", "/sparql?query=" + urllib.parse.quote(query),
                       headers={"Accept": "application/sparql-results+json"})
    bindings = json.loads(connection.getresponse().read())["results"]["bindings"]
    if not bindings:
        raise SystemExit("the data has no foaf:Person to look up")
    return bindings[0]["entity"]["value"]


if __name__ == "__main__":
    main()
