"""The graph ``link`` or ``enrich`` may write: a new one, one under its own namespace
(``…/id/linkset/``, ``…/id/enrichment/``), or one the same command wrote before.

Both replace their graph as a unit, so a graph that holds anything else (an article, a file's
graph, the other command's output) or one claimgraph keeps itself (the claim ledger, the
watches, a staging graph: claimgraph.graph.reserved) would be lost. Checked before the first
request to the endpoint.
"""

from __future__ import annotations

from rdflib import URIRef

from claimgraph.graph.link.model import ENRICHMENT_BASE, LINKSET_BASE, render, sparql_term
from claimgraph.graph.reserved import STAGING_REASON, reserved_graphs
from claimgraph.graph.store import STAGING_PREFIX, Store


def refusal(store: Store, graph: str, writer: str) -> str | None:
    """Why ``writer`` (``link`` or ``enrich``) may not replace ``graph`` in ``store``, or None."""
    if graph.startswith(STAGING_PREFIX):
        return f"<{graph}> {STAGING_REASON}"
    reserved = reserved_graphs()
    if graph in reserved:
        what = reserved[graph].split(";")[0]
        return f"<{graph}> is the graph {what}; `{writer}` would replace it"
    namespaces = {"link": str(LINKSET_BASE), "enrich": str(ENRICHMENT_BASE)}
    if graph.startswith(namespaces[writer]) or graph not in store.graphs():
        return None
    for other, namespace in namespaces.items():
        if graph.startswith(namespace):
            return (f"<{graph}> is under {namespace}, where `{other}` writes; `{writer}` "
                    "would replace it: give a graph of its own")
    rows = store.query(render("graph-writer", graph=sparql_term(URIRef(graph)),
                              activity=sparql_term(URIRef(f"{graph}#activity")))).rows
    found = str(rows[0]["writer"]) if rows else None
    if found == writer:
        return None
    what = f"the output of `{found}`" if found else "data that `link` and `enrich` did not write"
    return (f"<{graph}> holds {what} ({store.count(graph):,} triples), which `{writer}` would "
            f"replace: give a graph of its own, or drop that one first (`claimgraph drop {graph}`)")
