"""Graph data for the graph view and ``claimgraph viz``: nodes and edges as JSON-able dicts.

A graph comes from an entity's neighbourhood (expanded hop by hop), from a named catalog query
(CONSTRUCT results give their triples; SELECT rows link the resources in each row), or from any
QueryResult. Nodes carry label, category (colour), statement kind, claim status and date, so the
view can filter by kind and date without asking again.
"""

from __future__ import annotations

from typing import Any, Iterable

from rdflib import Literal, URIRef

from claimgraph.graph.contract import axioms
from claimgraph.graph.store import QueryResult, Store
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.iris import href
from claimgraph.server.web.vocab import category, legend, term_label

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MAX_EDGES = 400
LABEL_COLUMNS = ("kind", "relation", "predicate", "property", "link")


class GraphBuilder:
    """Accumulates edges between IRIs, then describes the nodes in a few batched queries."""

    def __init__(self, store: Store | None = None, max_edges: int = MAX_EDGES) -> None:
        self.store = store
        self.max_edges = max_edges
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.nodes: set[str] = set()
        self.truncated = False

    def add_node(self, iri: str) -> None:
        self.nodes.add(iri)

    def add_edge(self, source: str, prop: str, target: str, label: str | None = None) -> None:
        key = (source, prop, target)
        if key in self.edges or source == target:
            return
        # The store holds inverse relations materialized (holdsRole / roleHolder): draw one.
        if any((target, str(inverse), source) in self.edges
               for inverse in axioms().inverses.get(URIRef(prop), ())):
            return
        if len(self.edges) >= self.max_edges:
            self.truncated = True
            return
        self.nodes.update((source, target))
        self.edges[key] = {"id": f"e{len(self.edges)}", "source": source, "target": target,
                           "property": prop, "label": label or term_label(prop)}

    def add_neighbourhood(self, iri: str, limit: int = 150) -> None:
        self.add_node(iri)
        for row in sa.run("neighbourhood", self.store, this=iri, limit=limit).rows:
            self.add_edge(str(row["s"]), str(row["p"]), str(row["o"]))

    def add_result(self, result: QueryResult) -> None:
        if result.kind == "graph" and result.graph is not None:
            for s, p, o in result.graph:
                if isinstance(s, URIRef) and isinstance(o, URIRef) and str(p) != RDF_TYPE:
                    self.add_edge(str(s), str(p), str(o))
            return
        for row in result.rows:
            iris = [(name, str(row[name])) for name in result.variables
                    if isinstance(row.get(name), URIRef)]
            label = next((str(row[c]) for c in LABEL_COLUMNS
                          if isinstance(row.get(c), Literal)), None)
            for name, iri in iris:
                self.add_node(iri)
            for name, iri in iris[1:]:
                self.add_edge(iris[0][1], f"column:{name}", iri, label or name)

    def build(self, focus: Iterable[str] = ()) -> dict[str, Any]:
        ids = sorted(self.nodes)
        names = sa.labels(ids, self.store)
        types = sa.types_of(ids, self.store)
        facets: dict[str, dict[str, Any]] = {}
        for chunk in (ids[i:i + 300] for i in range(0, len(ids), 300)):
            for row in sa.run("node-facets", self.store, iris=chunk).rows:
                entry = facets.setdefault(str(row["s"]), {})
                for key in ("kind", "status", "date"):
                    if row.get(key) is not None and key not in entry:
                        value = str(row[key])
                        entry[key] = value.rsplit("#", 1)[-1] if key != "date" else value
        focus_set = set(focus)
        nodes = []
        for iri in ids:
            key, cat_label, colour = category(types.get(iri, []))
            nodes.append({"id": iri, "label": names.get(iri, iri), "href": href(iri),
                          "category": key, "category_label": cat_label, "colour": colour,
                          "kind": facets.get(iri, {}).get("kind"),
                          "status": facets.get(iri, {}).get("status"),
                          "date": facets.get(iri, {}).get("date"),
                          "focus": iri in focus_set})
        used = {n["category"] for n in nodes}
        return {"nodes": nodes, "edges": list(self.edges.values()),
                "legend": [c for c in legend() if c["key"] in used],
                "kinds": sorted({n["kind"] for n in nodes if n["kind"]}),
                "truncated": self.truncated}


def neighbourhood_graph(iris: list[str], store: Store | None = None, hops: int = 1) -> dict:
    """The graph around ``iris``: ``hops`` rounds of one-hop expansion."""
    builder = GraphBuilder(store)
    frontier = list(iris)
    seen: set[str] = set()
    for _ in range(max(1, hops)):
        for iri in frontier:
            if iri not in seen:
                seen.add(iri)
                builder.add_neighbourhood(iri)
        frontier = sorted(builder.nodes - seen)
    return builder.build(focus=iris)


def result_graph(result: QueryResult, store: Store | None = None) -> dict:
    """The graph of a query result (see GraphBuilder.add_result)."""
    builder = GraphBuilder(store)
    builder.add_result(result)
    return builder.build()
