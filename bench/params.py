"""Parameters for every catalog query on a synthetic graph (claimgraph/graph/synthetic.py).

The generator is deterministic, so the busiest speaker (Zipf rank 1), the first city, the first
negotiation and the first statement of a ``(triples, seed)`` graph are known without querying it.
Entities are passed as full IRIs, so that name resolution is not part of what is timed.
"""

from __future__ import annotations

from claimgraph.graph.synthetic import ID, SyntheticGraph


def catalog_params(triples: int, seed: int, catalog) -> dict[str, dict[str, str]]:
    """For each query in ``catalog``: the parameters it runs with on the synthetic graph."""
    world = SyntheticGraph(triples, seed)
    top, second = world.people[0].iri, world.people[1].iri
    values = {"actor": top, "entity": top, "location": world.cities[0].iri,
              "negotiation": world.negotiations[0].iri,
              "statement": f"{ID}statement/syn0000001s0", "from": top, "to": second}
    chosen: dict[str, dict[str, str]] = {}
    for query in catalog.list():
        # Required parameters only: a query without its optional filters is its heaviest form.
        wanted = {p.name for p in query.params if p.required}
        chosen[query.name] = {name: values[name] for name in sorted(wanted) if name in values}
    return chosen
