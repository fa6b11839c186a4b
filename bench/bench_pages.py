"""Benchmark entity pages on a large graph: server time to render the busiest speaker's page.

Starts ``claimgraph serve`` (gunicorn, one web worker) on an existing store, finds the person with
the most statements and the place with the most statements about it, and times ``GET
/id/<path>.html`` (page 1 and the last page of statements) from one client on 127.0.0.1, so the
time is the server's: every query of the page, the labelling and the template. It also times each
page query (claimgraph/server/web/sparql/*.rq) alone through /sparql, to show where the time goes.
Reports medians with min and max as Markdown on stdout; diagnostics go to stderr.

    python bench/bench_pages.py --store oxigraph:DIR [--requests 15] [--snapshot-mode memory,disk]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_endpoint import free_port, log, start, stop, wait_ready  # noqa: E402

from claimgraph.server.web import store_access as sa  # noqa: E402

BUSIEST = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT ?entity (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st cg:%s ?entity . ?entity a %s }
GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1"""
ID = "https://w3id.org/claimgraph/id/"


def get(base: str, path: str, accept: str = "text/html") -> tuple[float, int, bytes]:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": accept})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status, body


def sparql(base: str, query: str) -> tuple[float, list[dict]]:
    elapsed, status, body = get(base, "/sparql?query=" + urllib.parse.quote(query),
                                "application/sparql-results+json")
    if status != 200:
        raise RuntimeError(f"query failed ({status}): {body[:300]!r}")
    return elapsed, json.loads(body)["results"]["bindings"]


def timed(fn, count: int) -> dict[str, float]:
    times = [fn() for _ in range(count)]
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def page_queries(entity: str, role: str, total: int, size: int) -> dict[str, str]:
    last = max(0, (max(1, -(-total // size)) - 1) * size)
    return {
        "outgoing": sa.render("outgoing", this=entity, limit=5000),
        "incoming": sa.render("incoming", this=entity, limit=501),
        f"count-{role}": sa.render(f"count-{role}", this=entity),
        f"statements-{role} (page 1)": sa.render(f"statements-{role}", this=entity, limit=size,
                                                 offset=0),
        f"statements-{role} (last page)": sa.render(f"statements-{role}", this=entity,
                                                    limit=size, offset=last),
    }


def bench_mode(args: argparse.Namespace, mode: str) -> list[str]:
    port = free_port()
    env = {**os.environ, "CLAIMGRAPH_LOG_LEVEL": "WARNING", "CLAIMGRAPH_SNAPSHOT_MODE": mode,
           "CLAIMGRAPH_SLOW_QUERY_MS": "60000"}
    server = start([sys.executable, "-c", "from claimgraph.cli import main; main()", "--store",
                    args.store, "serve", "--port", str(port), "--workers", "1"], env)
    base = f"http://127.0.0.1:{port}"
    lines = []
    try:
        started = time.monotonic()
        wait_ready(base)
        log(f"{mode}: server ready in {time.monotonic() - started:.1f} s")
        for role, predicate, cls in (("by", "speaker", "<http://xmlns.com/foaf/0.1/Person>"),
                                     ("about", "about", "<http://schema.org/Place>")):
            _, rows = sparql(base, BUSIEST % (predicate, cls))
            entity, total = rows[0]["entity"]["value"], int(rows[0]["n"]["value"])
            path = "/id/" + entity[len(ID):] + ".html"
            pages = max(1, -(-total // args.page_size))
            key = f"{role}_page"
            views = [("page 1", path)]
            if pages > 1:
                views.append((f"page {pages} (last)", f"{path}?{key}={pages}"))
            for label, url in views:
                status = get(base, url)[1]              # warm-up, and check it renders
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
                stats = timed(lambda: get(base, url)[0], args.requests)
                lines.append(f"| {mode} | `{entity[len(ID):]}` ({total} statements {role} it) | "
                             f"whole page, {label} | {stats['median']:.0f} | "
                             f"{stats['min']:.0f}-{stats['max']:.0f} |")
                log(lines[-1])
            for name, query in page_queries(entity, role, total, args.page_size).items():
                sparql(base, query)
                stats = timed(lambda: sparql(base, query)[0], args.requests)
                lines.append(f"| {mode} | `{entity[len(ID):]}` | query {name} | "
                             f"{stats['median']:.1f} | {stats['min']:.1f}-{stats['max']:.1f} |")
                log(lines[-1])
    finally:
        stop(server)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="store URL, e.g. oxigraph:/data/1m")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per row")
    parser.add_argument("--snapshot-mode", default="memory,disk",
                        help="comma-separated SNAPSHOT_MODE values to measure")
    parser.add_argument("--page-size", type=int, default=50,
                        help="statements per page (as the entity page uses)")
    parser.add_argument("--quiet", action="store_true", help="silence server logs")
    args = parser.parse_args()
    lines = []
    for mode in args.snapshot_mode.split(","):
        lines += bench_mode(args, mode)
    print(f"Store: `{args.store}`; {args.requests} requests per row after one warm-up, one client "
          f"on 127.0.0.1, gunicorn 1 web worker; times in ms (median, min-max).\n")
    print("| mode | entity | what | median ms | min-max ms |")
    print("|---|---|---|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
