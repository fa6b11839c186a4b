"""Benchmark the SPARQL endpoint against rdflib-endpoint serving the same data, in the same run.

For a cheap lookup (bench/queries/endpoint-cheap.rq), a relationship query about one entity
(endpoint-about.rq: who is reported speaking about the most discussed place) and a whole-graph
relationship aggregation (endpoint-mid.rq), and for the catalog's relationship queries (``catalog``:
who said what, about whom, who disputes whom, the actor network, track records, claims about a
place; each request one of them for one of several actors or places, in a fixed shuffled list
sent through ``/sparql`` as the SPARQL text the catalog runs), at 1 and 8 concurrent clients, it
measures requests
per second and p50/p99 latency for ``claimgraph serve`` (gunicorn over an on-disk Oxigraph store,
in the chosen SNAPSHOT_MODE), for rdflib-endpoint (FastAPI + uvicorn over an in-memory rdflib
Dataset with a union default graph) and for the floor, a bare Flask app under the same gunicorn
settings evaluating queries in the web process on raw pyoxigraph (bench/bare_endpoint.py: no
isolation, limits or checks), reporting the median of several runs (with the min and max of
requests/s) as Markdown on stdout. Diagnostics go to stderr.

The load comes from ``wrk`` (a C load generator: keep-alive HTTP/1.1 connections, one per
client, ``--latency`` percentiles) when it is installed (``apt-get install wrk``), else from
Python client processes (``http.client``); ``--client`` chooses. Both servers are measured with
the same client. Clients run on the same machine and share its cores with the servers, so the
figures compare servers in one run; the Python clients use much more CPU per request than wrk,
which lowers the servers' figures with them. claimgraph runs with its default log level (INFO:
every request is logged) unless ``--log-level`` says otherwise.

    python bench/bench_endpoint.py --data graph.nq [--runs 3] [--duration 5] [--clients 1,8]
        [--store oxigraph:DIR] [--snapshot-mode memory] [--queries cheap,about,mid,catalog]
        [--client auto|wrk|python] [--no-rdflib] [--no-bare]

The catalog workload is timed as whole passes over its list, by Python client threads
(whichever ``--client``): claimgraph repeats the list until ``--duration`` has passed, rdflib-endpoint,
whose requests take seconds to hours each, answers it once (its figure is that one pass) or is
stopped after ``--rdflib-budget`` seconds, and its figure is then an upper bound. The catalog's
listings read orders the claim ledger derives, so with ``catalog`` both servers get the data
with the ledger derived (``--store`` must then hold it too; without ``--store`` it is loaded).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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

    graphs: dict[str, list] = {}
    for quad in ox.parse(path=str(data), format=rdf_format(data)[0]):
        graphs.setdefault(quad.graph_name.value, []).append(
            (quad.subject, quad.predicate, quad.object))   # the store takes pyoxigraph's terms
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


# The catalog's relationship queries and the parameter that names their actor or place.
RELATIONSHIP_QUERIES = [("statements-by", "actor"), ("statements-about", "entity"),
                        ("disputes", "actor"), ("contradictions", "actor"),
                        ("actor-network", "actor"), ("track-record", "actor"),
                        ("recurring-claims", "actor"), ("claims-about-location", "location")]
# Which actors and places, by rank of how much is said by or about them: the busiest, a
# frequent one and a middling one.
RANKS = (0, 5, 50)
PICK_SPEAKERS = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT ?entity (COUNT(?statement) AS ?n) WHERE { ?statement cg:speaker ?entity }
GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1000"""
PICK_CITIES = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT ?entity (COUNT(?statement) AS ?n) WHERE { ?statement cg:about ?entity . ?entity a cg:City }
GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1000"""


def catalog_queries(base: str) -> list[str]:
    """The catalog workload: each relationship query for each picked actor or place, shuffled
    (the SPARQL texts, which run_passes POSTs: most are longer than a request line may be)."""
    from claimgraph.graph.store import open_store
    from claimgraph.queries.runner import QueryRunner

    speakers, cities = _entities(base, PICK_SPEAKERS), _entities(base, PICK_CITIES)
    picked = {"actor": [speakers[min(r, len(speakers) - 1)] for r in RANKS],
              "location": [cities[min(r, len(cities) - 1)] for r in RANKS]}
    picked["entity"] = picked["actor"]
    # full IRIs: the runner renders them without looking anything up in its (empty) store
    runner = QueryRunner(open_store("memory:"))
    queries = [runner.sparql_for(name, {param: entity})
               for name, param in RELATIONSHIP_QUERIES for entity in picked[param]]
    random.Random(1).shuffle(queries)
    return queries


def run_passes(base: str, queries: list[str], clients: int, duration: float,
               passes: int | None = None, budget: float | None = None) -> dict[str, float]:
    """POST ``queries`` (form-encoded, as SPARQL clients send a long query) from ``clients``
    threads in whole passes over the list: ``passes`` of them, or as many as start within
    ``duration`` seconds (at least one). Requests/s over all passes. Not GET: the catalog's
    texts, comments included, are mostly over the 8,190 bytes gunicorn allows a request line
    (a 414 that closes the connection, and the next request on it fails).

    With ``budget`` (seconds) and ``passes``, the passes are stopped when the budget runs out:
    the requests then waiting for an answer, and those not yet sent, are counted as
    ``stopped``, and ``rps`` is an upper bound (``bound``): all the passes' requests over the
    time spent, which the whole passes would have exceeded. The latencies then count each
    unanswered request at the time it had waited, so p50 and p99 are lower bounds. The server
    may still be computing an abandoned request: restart it before measuring it again."""
    bodies = [urllib.parse.urlencode({"query": text}) for text in queries]
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    lock = threading.Lock()
    issued, latencies, errors, waited = [0], [], [0], []
    started = time.monotonic()
    deadline = started + budget if budget and passes else None

    def next_index() -> int | None:
        with lock:
            n = issued[0]
            if n % len(bodies) == 0 and n and (
                    n // len(bodies) >= passes if passes else time.monotonic() - started >= duration):
                return None
            if deadline is not None and time.monotonic() >= deadline:
                return None
            issued[0] += 1
            return n % len(bodies)

    def timeout() -> float:
        return 600.0 if deadline is None else max(0.001, deadline - time.monotonic())

    def work() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout())
        while (index := next_index()) is not None:
            began = time.perf_counter()
            if connection.sock is not None:
                connection.sock.settimeout(timeout())
            connection.timeout = timeout()
            try:
                connection.request("POST", "/sparql", body=bodies[index], headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                if deadline is not None and time.monotonic() >= deadline:
                    with lock:
                        waited.append(time.perf_counter() - began)
                    break
                connection = http.client.HTTPConnection(host, int(port), timeout=timeout())
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stopped = len(bodies) * passes - len(latencies) - errors[0] if deadline is not None else 0
    timed = sorted(latencies + waited) if stopped else sorted(latencies)
    result = {"rps": len(latencies) / elapsed, "errors": errors[0], "n": len(latencies),
              "stopped": stopped, "bound": bool(stopped)}
    if stopped:
        result["rps"] = len(bodies) * passes / elapsed
    if not timed:
        return {**result, "p50": float("nan"), "p99": float("nan")}
    return {**result, "p50": timed[len(timed) // 2] * 1000,
            "p99": timed[min(len(timed) - 1, int(len(timed) * 0.99))] * 1000}


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()  # type: ignore[union-attr]
    return float(number) * _WRK_UNITS[unit]


def run_wrk(base: str, query: str, clients: int, duration: float) -> dict[str, float]:
    """The same measurement as ``run_load``, by wrk (one keep-alive connection per client)."""
    url = base + "/sparql?query=" + urllib.parse.quote(query)
    output = subprocess.run(
        ["wrk", f"-t{min(clients, os.cpu_count() or 1)}", f"-c{clients}",
         f"-d{max(1, round(duration))}s", "--latency", "--timeout", "120s",
         "-H", "Accept: application/sparql-results+json", url],
        capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore
            * (total - errors) / max(total, 1),
            "p50": _wrk_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),  # type: ignore
            "p99": _wrk_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),  # type: ignore
            "errors": errors, "n": total - errors}


def wrk_version() -> str:
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (result.stdout + result.stderr).split("[")[0].strip() or "wrk"


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
    parser.add_argument("--threads", type=int, default=4, help="threads per web worker")
    parser.add_argument("--query-workers", type=int, default=2, help="query processes each")
    parser.add_argument("--snapshot-mode", default="auto", choices=["auto", "memory", "disk"],
                        help="claimgraph's SNAPSHOT_MODE")
    parser.add_argument("--queries", default="cheap,about,mid",
                        help="which of cheap, about, mid, catalog to run")
    parser.add_argument("--rdflib-budget", type=float, default=600,
                        help="seconds for rdflib-endpoint's pass over the catalog workload; "
                        "a pass stopped at it gives an upper bound on its rate (default 600)")
    parser.add_argument("--rdflib-clients", default=None,
                        help="client counts for rdflib-endpoint (default: --clients)")
    parser.add_argument("--only-rdflib", action="store_true", help="skip claimgraph")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare Flask + pyoxigraph floor (bench/bare_endpoint.py)")
    parser.add_argument("--serve-script", help="run claimgraph from this script, not -m")
    parser.add_argument("--quiet", action="store_true", help="silence server logs")
    parser.add_argument("--client", default="auto", choices=["auto", "wrk", "python"],
                        help="load generator: wrk, Python processes, or wrk if installed")
    parser.add_argument("--log-level", default="INFO",
                        help="claimgraph's LOG_LEVEL (INFO, the default, logs every request)")
    args = parser.parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    if use_wrk and not shutil.which("wrk"):
        parser.error("--client wrk: wrk is not installed (apt-get install wrk)")
    measure = run_wrk if use_wrk else run_load
    client_name = wrk_version() if use_wrk else "Python http.client processes"
    if args.queries == "catalog":
        client_name = "Python client threads (the catalog workload always uses them)"
    clients = [int(c) for c in args.clients.split(",")]
    wanted = args.queries.split(",")
    tmp = tempfile.mkdtemp(prefix="bench-endpoint-")
    store_url = args.store or f"oxigraph:{tmp}/store"
    served_data = args.data
    if "catalog" in wanted:
        if args.store:
            parser.error("--queries catalog loads --data with the claim ledger itself: "
                         "leave out --store")
        from bench.bench_queries import load_served

        log("deriving the claim ledger and loading the store ...")
        load_served(args.data, Path(tmp) / "store")
        served_data = Path(tmp) / "with-ledger.nq"   # written by load_served
    elif not args.store:
        load_store(args.data, store_url)

    entity_query = (QUERIES / "endpoint-entity.rq").read_text()
    mid = (QUERIES / "endpoint-mid.rq").read_text()
    servers: dict[str, tuple[str, subprocess.Popen]] = {}
    commands: dict[str, list[str]] = {}
    port = free_port()
    launcher = [sys.executable, args.serve_script] if args.serve_script else \
        [sys.executable, "-c", "from claimgraph.cli import main; main()"]
    env = {**os.environ, "CLAIMGRAPH_LOG_LEVEL": args.log_level, "CLAIMGRAPH_SLOW_QUERY_MS": "60000",
           "CLAIMGRAPH_SNAPSHOT_MODE": args.snapshot_mode, "CLAIMGRAPH_QUERY_TIMEOUT": "300"}
    if not args.only_rdflib:
        commands["claimgraph"] = launcher + [
            "--store", store_url, "serve", "--port", str(port), "--workers", str(args.workers),
            "--threads", str(args.threads), "--query-workers", str(args.query_workers)]
        servers["claimgraph"] = (f"http://127.0.0.1:{port}", start(commands["claimgraph"], env))
    if not args.no_rdflib:
        port = free_port()
        commands["rdflib-endpoint"] = [sys.executable, "-c", RDFLIB_ENDPOINT, str(served_data),
                                       rdf_format(served_data)[1], str(port)]
        servers["rdflib-endpoint"] = (f"http://127.0.0.1:{port}",
                                      start(commands["rdflib-endpoint"]))
    if not args.no_bare and not args.only_rdflib:
        port = free_port()
        commands[BARE] = bare_command(served_data, port, args.workers, args.threads)
        servers[BARE] = (f"http://127.0.0.1:{port}",
                         start(commands[BARE], {**os.environ, "PYTHONPATH": str(HERE.parent)}))
    rows = []
    load_before = "n/a"
    try:
        for name, (base, _) in servers.items():
            wait_ready(base)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        first = next(iter(servers.values()))[0]
        entity = _first_entity(first, entity_query)
        place = _first_entity(first, (QUERIES / "endpoint-place.rq").read_text())
        cheap = (QUERIES / "endpoint-cheap.rq").read_text().replace("$ENTITY", entity)
        about = (QUERIES / "endpoint-about.rq").read_text().replace("$ENTITY", place)
        log(f"cheap lookup of {entity}; relationship query about {place}")
        chosen = [(label, query) for key, label, query in (
            ("cheap", "cheap lookup", cheap), ("about", "relationship about one entity", about),
            ("mid", "whole-graph aggregation", mid)) if key in wanted]
        if "catalog" in wanted:
            queries = catalog_queries(first)
            log(f"catalog relationship queries: {len(queries)} requests a pass")
            chosen.append((CATALOG_LABEL, queries))
        for name, (base, _) in servers.items():
            counts = clients if name != "rdflib-endpoint" or not args.rdflib_clients else \
                [int(c) for c in args.rdflib_clients.split(",")]
            for label, query in chosen:
                if label == CATALOG_LABEL:
                    # rdflib-endpoint answers the list once (its requests take seconds)
                    one_pass = name == "rdflib-endpoint"
                    if not one_pass:
                        run_passes(base, query, 1, 0, passes=1)      # warm-up
                    for count in counts:
                        runs = [run_passes(base, query, count, args.duration,
                                           passes=1 if one_pass else None,
                                           budget=args.rdflib_budget if one_pass else None)
                                for _ in range(1 if one_pass else args.runs)]
                        rows.append(_row(runs, name, label, count))
                        log(f"{name} {label} x{count}: {'under ' if rows[-1]['bound'] else ''}"
                            f"{_rate(rows[-1]['rps'])} req/s, {rows[-1]['stopped']} requests "
                            "unanswered when stopped")
                        if rows[-1]["stopped"] and count != counts[-1]:
                            # it may still be computing what the client gave up on
                            log(f"restarting {name} ...")
                            stop(servers[name][1])
                            servers[name] = (base, start(commands[name]))
                            wait_ready(base)
                    continue
                measure(base, query, 1, min(1.0, args.duration))     # warm-up
                for count in counts:
                    runs = [measure(base, query, count, args.duration) for _ in range(args.runs)]
                    rows.append(_row(runs, name, label, count))
                    log(f"{name} {label} x{count}: {rows[-1]['rps']:.1f} req/s")
    finally:
        for _, process in servers.values():
            stop(process)
    print(f"Data: `{args.data.name}`; {args.runs} runs of {args.duration:g} s each, medians; "
          f"claimgraph: gunicorn {args.workers} workers x {args.threads} threads x "
          f"{args.query_workers} query processes, SNAPSHOT_MODE={args.snapshot_mode}, "
          f"LOG_LEVEL={args.log_level}; {BARE}: the same gunicorn workers and threads, queries "
          "evaluated in the web process on the union of the data's graphs as a set, no "
          f"isolation, limits or checks (bench/bare_endpoint.py); client: {client_name}; "
          f"{os.cpu_count()} CPUs shared by servers and clients; load average before: "
          f"{load_before}.\n")
    if "catalog" in wanted:
        print(f"Catalog relationship queries: {len(chosen[-1][1])} requests a pass (each of "
              f"{', '.join(name for name, _ in RELATIONSHIP_QUERIES)} for the actors or cities "
              f"ranked {', '.join(str(r + 1) for r in RANKS)} by statements), in a fixed "
              "shuffled order, by Python client threads; claimgraph and the bare floor repeat "
              f"the pass for {args.duration:g} s in each run, rdflib-endpoint answers it once, "
              "or is stopped "
              f"after {args.rdflib_budget:g} s (then its req/s is an upper bound, \"<\": the "
              "pass's requests over the time spent; p50 and p99 count each unanswered request "
              "at the time it had waited, lower bounds, \">=\"; \"stopped\" counts the "
              "requests unanswered or not sent, and the server is restarted before its next "
              f"pass). Both serve `{args.data.name}` with the claim ledger derived.\n")
    print("| server | query | clients | req/s | req/s min-max | p50 ms | p99 ms | requests "
          "| errors | stopped |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        under, over = ("< ", ">= ") if row["bound"] else ("", "")
        print(f"| {row['server']} | {row['query']} | {row['clients']} | {under}{_rate(row['rps'])}"
              f" | {under}{_rate(row['min'])}-{_rate(row['max'])} | {over}{row['p50']:.1f} | "
              f"{over}{row['p99']:.1f} | {row['n']} | {row['errors']} | {row['stopped']} |")
    failed = [row for row in rows if row["errors"]]
    for row in failed:
        log(f"{row['server']} {row['query']} x{row['clients']}: {row['errors']} requests failed "
            f"(not 200, or no answer within the client's 600 s): its figures are of the others")
    if any(row["server"] == "claimgraph" for row in failed):
        raise SystemExit("claimgraph failed requests: the figures above are not of the workload")


CATALOG_LABEL = "catalog relationship queries"
BARE = "bare Flask + pyoxigraph"


def bare_command(data: Path, port: int, workers: int, threads: int) -> list[str]:
    """gunicorn serving bench/bare_endpoint.py over ``data``, with claimgraph's worker and thread
    counts; ``--preload``: the workers share the master's store, as claimgraph's share its copy."""
    return [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers",
            str(workers), "--threads", str(threads), "--preload", "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", f"bench.bare_endpoint:create_app({str(data)!r})"]


def _rate(rps: float) -> str:
    return f"{rps:.1f}" if rps >= 10 else f"{rps:.3g}"   # rdflib-endpoint's catalog rate ~0.1


def _row(runs: list[dict], server: str, label: str, clients: int) -> dict:
    """One table row: the median of the runs' figures, the min and max of requests/s."""
    row = {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99")}
    row.update(min=min(r["rps"] for r in runs), max=max(r["rps"] for r in runs), server=server,
               query=label, clients=clients, errors=sum(r["errors"] for r in runs),
               n=sum(r["n"] for r in runs), stopped=sum(r.get("stopped", 0) for r in runs),
               bound=any(r.get("bound") for r in runs))
    return row


def _entities(base: str, query: str) -> list[str]:
    import json

    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=900)
    connection.request("GET", "/sparql?query=" + urllib.parse.quote(query),
                       headers={"Accept": "application/sparql-results+json"})
    bindings = json.loads(connection.getresponse().read())["results"]["bindings"]
    if not bindings:
        raise SystemExit("the data has no entity for: " + query.splitlines()[0])
    return [b["entity"]["value"] for b in bindings]


def _first_entity(base: str, query: str) -> str:
    return _entities(base, query)[0]


if __name__ == "__main__":
    main()
