"""A bounded load test on 127.0.0.1: concurrent readers and one writer against a live server.

``run_load`` generates a synthetic graph (``claimgraph bench generate``), loads it into a disk
store, starts ``claimgraph serve`` and then, for a fixed number of read requests, has CLIENTS
threads send a mix of reads (search, SPARQL lookups, named queries, entity pages, graph-store
counts) while one writer PUTs, replaces and deletes documents through the Graph Store protocol.

Consistency: document k is always written with one of a known set of sizes, one triple of it a
marker; before each write the writer adds the new size to ``allowed[k]``. A reader counting the
quads of document k must find 0 or one of those sizes, and the marker iff the count is not 0:
a document is seen whole or not at all. Memory: the summed RSS of the server's processes after
a warm-up is compared with the same after the run.

Run by tests/reliability/test_load.py (``make soak`` for the 1M-triple run) or directly:
``python -m tests.reliability.loadtest --triples 1000000 --clients 16 --requests 20000``.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.reliability.live import LiveServer
from tests.reliability.support import TOKEN, cli

MARKER = "urn:claimgraph:loadtest:marker"
DOC = "urn:claimgraph:loadtest:doc:{}"
SIZES = (40, 400, 1200)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def summary(self) -> dict[str, object]:
        every = sorted(x for values in self.latencies.values() for x in values)
        out: dict[str, object] = {"requests": len(every), "errors": len(self.errors),
                                  "inconsistent": len(self.inconsistent), "writes": self.writes,
                                  "p50_ms": _pct(every, 50), "p99_ms": _pct(every, 99)}
        out["by_kind"] = {kind: {"n": len(v), "p50_ms": _pct(sorted(v), 50),
                                 "p99_ms": _pct(sorted(v), 99)}
                          for kind, v in sorted(self.latencies.items())}
        return out


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    return round(1000 * values[min(len(values) - 1, int(len(values) * pct / 100))], 1)


def document(k: int, size: int) -> str:
    lines = [f"<{DOC.format(k)}> <{MARKER}> \"{k}/{size}\" ."]
    lines += [f"<urn:lt:{k}:s{i}> <urn:lt:p> \"value {i} of document {k}\" ."
              for i in range(size - 1)]
    return "\n".join(lines)


def rss_kib(server: LiveServer) -> int:
    total = 0
    for pid in [server.process.pid, *server.descendants()]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class Reader:
    """One client: its own session, a deterministic mix of reads."""

    def __init__(self, base: str, names: list[str], allowed: dict[int, set[int]],
                 stats: Stats, seed: int) -> None:
        self.base, self.names, self.allowed, self.stats = base, names, allowed, stats
        self.session = requests.Session()
        self.random = random.Random(seed)

    def _get(self, kind: str, path: str, params: dict[str, str],
             accept: str = "application/json") -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.session.get(self.base + path, params=params, timeout=60,
                                        headers={"Accept": accept})
        except requests.RequestException as exc:
            self.stats.errors.append(f"{kind}: {exc}")
            return None
        self.stats.add(kind, time.perf_counter() - started)
        if response.status_code != 200:
            self.stats.errors.append(f"{kind} {path} {params}: {response.status_code} "
                                     f"{response.text[:200]}")
            return None
        return response

    def one(self) -> None:
        pick = self.random.random()
        name = self.random.choice(self.names)
        if pick < 0.25:
            self._get("search", "/api/search", {"q": name.split()[0][:4], "limit": "10"})
        elif pick < 0.45:
            self._get("sparql-lookup", "/sparql", {"query": (
                "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "
                f"{json.dumps(name)} }} LIMIT 5")}, "application/sparql-results+json")
        elif pick < 0.55:
            self._get("named-query", "/api/queries/statements-by", {"actor": name})
        elif pick < 0.65:
            self._get("sparql-aggregate", "/sparql", {"query": (
                "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type "
                "ORDER BY DESC(?n) LIMIT 10")}, "application/sparql-results+json")
        else:
            self.consistency()

    def consistency(self) -> None:
        k = self.random.choice(sorted(self.allowed))
        allowed = set(self.allowed[k])     # read the allowed sizes before the count
        response = self._get("doc-count", "/sparql", {"query": (
            f"SELECT (COUNT(*) AS ?n) (SUM(IF(?p = <{MARKER}>, 1, 0)) AS ?m) "
            f"WHERE {{ GRAPH <{DOC.format(k)}> {{ ?s ?p ?o }} }}")},
            "application/sparql-results+json")
        if response is None:
            return
        row = response.json()["results"]["bindings"][0]
        n = int(row["n"]["value"])
        m = int(row.get("m", {"value": "0"})["value"])
        allowed |= self.allowed[k]         # and any size written while we counted
        if n not in allowed or (n > 0) != (m == 1):
            self.stats.inconsistent.append(f"document {k}: {n} quads, {m} markers; "
                                           f"allowed {sorted(allowed)}")


def writer(base: str, allowed: dict[int, set[int]], stats: Stats, stop: threading.Event,
           seed: int, pause: float) -> None:
    session = requests.Session()
    rnd = random.Random(seed)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    while not stop.is_set():
        k = rnd.choice(sorted(allowed))
        graph = {"graph": DOC.format(k)}
        started = time.perf_counter()
        if rnd.random() < 0.2:
            response = session.delete(base + "/rdf-graph-store", params=graph, headers=auth,
                                      timeout=120)
            ok = response.status_code in (204, 404)
        else:
            size = rnd.choice(SIZES) + k
            allowed[k].add(size)
            response = session.put(base + "/rdf-graph-store", params=graph, timeout=120,
                                   data=document(k, size).encode(),
                                   headers={**auth, "Content-Type": "application/n-triples"})
            ok = response.status_code in (201, 204)
        stats.add("write", time.perf_counter() - started)
        stats.writes += 1
        if not ok:
            stats.errors.append(f"write {k}: {response.status_code} {response.text[:200]}")
        stop.wait(pause)


def prepare_store(folder: Path, triples: int) -> str:
    url = f"oxigraph:{folder / 'store'}"
    data = folder / "bench.nq"
    generated = cli("bench", "generate", "--triples", str(triples), "--out", str(data),
                    timeout=1800)
    assert generated.returncode == 0, generated.stderr
    loaded = cli("--store", url, "load", "--no-ledger", "--example", str(data), timeout=3600)
    assert loaded.returncode == 0, loaded.stderr
    data.unlink()
    return url


def actor_names(base: str) -> list[str]:
    response = requests.get(base + "/sparql", timeout=120, params={"query": (
        "SELECT DISTINCT ?l WHERE { ?a a <http://xmlns.com/foaf/0.1/Person> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 200")},
        headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    names = [b["l"]["value"] for b in response.json()["results"]["bindings"]]
    assert names, "the generated graph has no labelled persons"
    return names


def run_load(folder: Path, *, triples: int, clients: int, requests_total: int,
             documents: int = 20, workers: int = 2, threads: int = 8,
             write_pause: float = 0.5) -> dict[str, object]:
    """See the module docstring; returns the summary (latencies, errors, RSS, rates)."""
    url = prepare_store(folder, triples)
    server = LiveServer(url, folder / "server.log", token=TOKEN, workers=workers,
                        threads=threads, extra_env={"CLAIMGRAPH_LOG_LEVEL": "WARNING"})
    try:
        names = actor_names(server.url)
        allowed: dict[int, set[int]] = {k: {0} for k in range(documents)}
        stats = Stats()
        per_client = requests_total // clients

        def read(seed: int, count: int, into: Stats) -> None:
            reader = Reader(server.url, names, allowed, into, seed)
            for _ in range(count):
                reader.one()

        warm = Stats()                       # warm-up: caches, worker processes, snapshots
        _threads(clients, lambda i: read(1000 + i, max(20, per_client // 10), warm))
        time.sleep(1)
        rss_before = rss_kib(server)
        stop = threading.Event()
        write_thread = threading.Thread(target=writer,
                                        args=(server.url, allowed, stats, stop, 7,
                                              write_pause))
        started = time.monotonic()
        write_thread.start()
        _threads(clients, lambda i: read(i, per_client, stats))
        elapsed = time.monotonic() - started
        stop.set()
        write_thread.join(timeout=300)
        time.sleep(1)
        rss_after = rss_kib(server)
        summary = stats.summary()
        reads = summary["requests"] - len(stats.latencies.get("write", []))
        summary.update({"triples": triples, "clients": clients, "seconds": round(elapsed, 1),
                        "write_pause_s": write_pause,
                        "reads_per_s": round(reads / elapsed, 1),
                        "rss_before_mib": round(rss_before / 1024, 1),
                        "rss_after_mib": round(rss_after / 1024, 1),
                        "rss_change": round((rss_after - rss_before) / rss_before, 3),
                        "error_samples": stats.errors[:5],
                        "inconsistent_samples": stats.inconsistent[:5],
                        "warmup_errors": len(warm.errors)})
        return summary
    finally:
        server.stop()


def _threads(n: int, target) -> None:
    pool = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--write-pause", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run_load(Path(folder), triples=args.triples, clients=args.clients,
                                  requests_total=args.requests, write_pause=args.write_pause),
                         indent=1))


if __name__ == "__main__":
    main()
