"""Profile every catalog query on one store with realistic parameters picked from the data.

Not the benchmark (that is bench_queries.py, with its rdflib baseline); a tuning aid: it picks
the busiest and a middling speaker, the most-mentioned city and region, a statement, a date
range and a negotiation from the store, runs each named query with them several times and
prints the median, min and max wall time and the number of rows, plus the cost of name
resolution. Usage::

    python bench/profile_catalog.py oxigraph:/tmp/store [--runs 5] [--only NAME ...] [--json F]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from claimgraph.graph.store import open_store
from claimgraph.queries.runner import QueryRunner

PICK = {
    "speakers": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?s (COUNT(?st) AS ?n) WHERE { ?st cg:speaker ?s } GROUP BY ?s ORDER BY DESC(?n) ?s""",
    "cities": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?c (COUNT(?st) AS ?n) WHERE { ?c a cg:City . ?st cg:about ?c }
        GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1""",
    "regions": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?c (COUNT(?cl) AS ?n) WHERE { ?c a cg:Region . ?p cg:locatedIn ?c .
        ?cl cg:claimedLocation ?p } GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1""",
    "statement": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?s WHERE { ?s cg:speaker ?x ; cg:source ?d } ORDER BY ?s LIMIT 1 OFFSET 5000""",
    "negotiation": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?n WHERE { ?n a cg:Negotiation } ORDER BY ?n LIMIT 1""",
    "dates": """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT (MIN(STR(?d)) AS ?lo) (MAX(STR(?d)) AS ?hi) WHERE { ?s cg:dateSaid|cg:dateReported ?d }""",
}


def pick(store) -> dict[str, str]:
    """Parameters from the data: busiest/mid speaker, city, region, statement, dates."""
    speakers = store.query(PICK["speakers"]).records()
    one = {k: store.query(PICK[k]).records()[0] for k in ("cities", "regions", "statement",
                                                          "negotiation", "dates")}
    lo, hi = str(one["dates"]["lo"]), str(one["dates"]["hi"])
    middle = f"{(int(lo[:4]) + int(hi[:4])) // 2}"
    return {"busiest": str(speakers[0]["s"]), "busiest_n": speakers[0]["n"],
            "second": str(speakers[1]["s"]),
            "mid": str(speakers[len(speakers) // 2]["s"]), "mid_n": speakers[len(speakers) // 2]["n"],
            "city": str(one["cities"]["c"]), "region": str(one["regions"]["c"]),
            "statement": str(one["statement"]["s"]), "negotiation": str(one["negotiation"]["n"]),
            "from": f"{middle}-03-01", "to": f"{middle}-03-31"}


def cases(p: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    """(label, query, params) for every catalog query ("all": every row of a paged listing)."""
    return [
        ("statements-by busiest", "statements-by", {"actor": p["busiest"]}),
        ("statements-by mid", "statements-by", {"actor": p["mid"]}),
        ("statements-by busiest all", "statements-by", {"actor": p["busiest"], "limit": "0"}),
        ("statements-by mid all", "statements-by", {"actor": p["mid"], "limit": "0"}),
        ("statements-about city", "statements-about", {"entity": p["city"]}),
        ("statements-about busiest", "statements-about", {"entity": p["busiest"]}),
        ("disputes busiest", "disputes", {"actor": p["busiest"]}),
        ("claims-about-location city", "claims-about-location", {"location": p["city"]}),
        ("claims-about-location region", "claims-about-location", {"location": p["region"]}),
        ("deadlines city", "deadlines", {"location": p["city"]}),
        ("deadlines region", "deadlines", {"location": p["region"]}),
        ("targets", "targets", {}),
        ("targets busiest", "targets", {"actor": p["busiest"]}),
        ("negotiations", "negotiations", {}),
        ("negotiations one", "negotiations", {"negotiation": p["negotiation"]}),
        ("actor-network", "actor-network", {}),
        ("actor-network busiest", "actor-network", {"actor": p["busiest"]}),
        ("actor-network mid", "actor-network", {"actor": p["mid"]}),
        ("actor-network all", "actor-network", {"limit": "0"}),
        ("path mid->city", "path", {"from": p["mid"], "to": p["city"]}),
        # the benchmark's form (bench/params.py): the two busiest speakers
        ("path busiest->second", "path", {"from": p["busiest"], "to": p["second"]}),
        ("timeline city", "timeline", {"entity": p["city"]}),
        ("timeline range", "timeline", {"from": p["from"], "to": p["to"]}),
        ("timeline busiest+range", "timeline", {"entity": p["busiest"], "from": p["from"],
                                                "to": p["to"]}),
        ("timeline", "timeline", {}),
        ("timeline busiest", "timeline", {"entity": p["busiest"]}),
        ("timeline range all", "timeline", {"from": p["from"], "to": p["to"], "limit": "0"}),
        ("timeline page 50", "timeline", {"offset": "5000"}),
        ("sources", "sources", {"statement": p["statement"]}),
        ("roles", "roles", {}),
        ("roles busiest", "roles", {"actor": p["busiest"]}),
        ("external-links", "external-links", {}),
        ("external-links busiest", "external-links", {"entity": p["busiest"]}),
        ("locations", "locations", {}),
        ("locations all", "locations", {"limit": "0"}),
        ("contradictions", "contradictions", {}),
        ("contradictions busiest", "contradictions", {"actor": p["busiest"]}),
        ("contradictions all", "contradictions", {"limit": "0"}),
        ("claim-status", "claim-status", {}),
        ("claim-status region", "claim-status", {"location": p["region"]}),
        ("claim-status all", "claim-status", {"limit": "0"}),
        ("expired-deadlines", "expired-deadlines", {}),
        ("expired-deadlines region", "expired-deadlines", {"location": p["region"]}),
        ("recurring-claims", "recurring-claims", {}),
        ("recurring-claims busiest", "recurring-claims", {"actor": p["busiest"]}),
        ("recurring-claims all", "recurring-claims", {"limit": "0"}),
        ("track-record", "track-record", {}),
        ("track-record busiest", "track-record", {"actor": p["busiest"]}),
        ("track-record all", "track-record", {"limit": "0"}),
    ]


def timed(fn, runs: int, budget: float) -> tuple[list[float], object]:
    """Run ``fn`` once to warm up, then up to ``runs`` times (fewer past ``budget`` seconds)."""
    start = time.perf_counter()
    out = fn()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs if first * runs < budget else max(1, int(budget // max(first, 1e-9)))):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per case at most")
    ap.add_argument("--only", nargs="*", help="case labels or query names to run")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--no-resolve", action="store_true", help="skip the name-resolution timing")
    args = ap.parse_args(argv)
    store = open_store(args.store, read_only=True)
    params = pick(store)
    print(json.dumps(params, indent=1), file=sys.stderr)
    runner = QueryRunner(store)
    results = {}
    for label, name, given in cases(params):
        if args.only and label not in args.only and name not in args.only:
            continue
        # a catalog without paging (an older checkout) runs "all" cases in their only form
        given = {k: v for k, v in given.items() if runner.catalog.get(name).param(k)}
        # the answer as its user gets it: evaluated and made into records
        times, records = timed(lambda: runner.execute(name, given).records(), args.runs,
                               args.budget)
        rows = len(records)
        results[label] = {"median": statistics.median(times), "min": min(times),
                          "max": max(times), "runs": len(times), "rows": rows}
        print(f"{label:32s} {statistics.median(times) * 1000:9.1f} ms  "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)})  "
              f"{rows} rows", flush=True)
    if not args.no_resolve:
        fresh = QueryRunner(store)
        times, _ = timed(lambda: QueryRunner(store).resolver.names(), 3, args.budget)
        results["resolve: first lookup (load names)"] = {"median": statistics.median(times)}
        label = store.query(
            "SELECT ?l WHERE { <%s> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
            % params["busiest"]).records()[0]["l"]
        times, _ = timed(lambda: fresh.resolver.resolve("actor", "actor", label), args.runs * 4,
                         args.budget)
        results["resolve: cached lookup"] = {"median": statistics.median(times)}
        for key in ("resolve: first lookup (load names)", "resolve: cached lookup"):
            print(f"{key:32s} {results[key]['median'] * 1000:9.1f} ms")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"params": params, "results": results}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
