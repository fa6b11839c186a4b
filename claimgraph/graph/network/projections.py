"""Projections of the RDF graph into networkx, each built from a few SPARQL queries.

- :func:`actor_network` — DiGraph of actors; A -> B weighted by the statements in which A spoke
  about B, disputed a statement of B's, or reported a statement of B's.
- :func:`actor_location_network` — DiGraph actor -> location, weighted by the statements in which
  the actor spoke about the place or asserted a claim located there.
- :func:`statement_network` — DiGraph of statements linked by disputes, supports, reports and
  contradicts.
- :func:`claim_graph` — MultiDiGraph of statements, their speakers, what they are about and the
  claims they assert; paths between entities are found in it.
- :func:`neighbourhood` — typed MultiDiGraph of an entity and everything within N hops.

Aggregated edges carry ``weight`` (int), ``relations`` ({relation: count}, flattened on export)
and one int attribute per relation kind; nodes carry the attributes of :mod:`.nodes`. Statement
filters (:class:`Filters`) select the statement that makes each edge; ``min_weight`` drops
lighter edges after aggregation, then nodes left without edges.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from claimgraph.graph.network.names import PROJECTION_NAMES
from claimgraph.graph.network.nodes import annotate, local_name
from claimgraph.graph.network.sparql import Filters, NetworkError, check_iri, select, \
    select_chunked
from claimgraph.graph.store import Store

ACTOR_RELATIONS = ("spoke_about", "disputed", "reported")
LOCATION_RELATIONS = ("spoke_about", "claimed")
STATEMENT_RELATIONS = ("disputes", "supports", "reports", "contradicts")
MAX_HOPS = 4


def _describe(filters: Filters) -> str:
    parts = [f"{name}={value}" for name, value in (
        ("date_from", filters.date_from), ("date_to", filters.date_to),
        ("kinds", ",".join(filters.kinds)), ("sources", ",".join(filters.sources)),
        ("min_weight", filters.min_weight or "")) if value]
    return ";".join(parts)


def _aggregated(store: Store, query: str, relations: tuple[str, ...], filters: Filters,
                name: str, source_var: str = "source", count_var: str | None = "count"
                ) -> nx.DiGraph:
    weights: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in select(store, query, filters).rows:
        relation = str(row["relation"])
        count = int(row[count_var]) if count_var else 1
        pair = (str(row[source_var]), str(row["target"]))
        weights[pair][relation] = weights[pair].get(relation, 0) + count
    graph = nx.DiGraph(name=name, projection=name, filters=_describe(filters))
    for (source, target), counts in sorted(weights.items()):
        weight = sum(counts.values())
        if weight < filters.min_weight:
            continue
        graph.add_edge(source, target, weight=weight, relations=dict(sorted(counts.items())),
                       relation=",".join(sorted(counts)),
                       **{kind: counts.get(kind, 0) for kind in relations})
    return annotate(graph, store)


def actor_network(store: Store, filters: Filters | None = None) -> nx.DiGraph:
    """Who speaks about, disputes or reports whom (see the module docstring)."""
    return _aggregated(store, "actor_edges", ACTOR_RELATIONS, filters or Filters(), "actors")


def actor_location_network(store: Store, filters: Filters | None = None) -> nx.DiGraph:
    """Who speaks about or claims which place (see the module docstring)."""
    return _aggregated(store, "actor_location_edges", LOCATION_RELATIONS, filters or Filters(),
                       "actor-location")


def statement_network(store: Store, filters: Filters | None = None) -> nx.DiGraph:
    """Statements linked by disputes, supports, reports, contradicts (see the module docstring)."""
    return _aggregated(store, "statement_edges", STATEMENT_RELATIONS, filters or Filters(),
                       "statements", source_var="st", count_var=None)


def _typed(rows: list[dict], graph: nx.MultiDiGraph) -> None:
    for s, p, o in sorted((str(r["s"]), str(r["p"]), str(r["o"])) for r in rows):
        relation = local_name(p)
        if not graph.has_edge(s, o, key=relation):
            graph.add_edge(s, o, key=relation, relation=relation, predicate=p, weight=1)


def claim_graph(store: Store, filters: Filters | None = None) -> nx.MultiDiGraph:
    """Statements, their speakers, topics, linked statements and asserted claims, typed."""
    filters = filters or Filters()
    graph = nx.MultiDiGraph(name="claims", projection="claims", filters=_describe(filters))
    _typed(select(store, "claim_edges", filters).rows, graph)
    return annotate(graph, store)


def neighbourhood(store: Store, entity: str, hops: int = 1,
                  filters: Filters | None = None) -> nx.MultiDiGraph:
    """The entity and every resource within ``hops`` links of it, with typed edges.

    One query per hop, and one more for the links among the outermost nodes, so the result is
    the subgraph induced by the nodes within reach. With statement filters set, statements that
    fail them are dropped and not expanded further.
    """
    check_iri(entity, "entity")
    if not 0 <= hops <= MAX_HOPS:
        raise NetworkError(f"{hops} is out of range (expected 0 to {MAX_HOPS})", "hops")
    filters = filters or Filters()
    graph = nx.MultiDiGraph(name=f"neighbourhood of {entity}", projection="neighbourhood",
                            filters=_describe(filters), centre=entity, hops=hops)
    graph.add_node(entity)
    seen, frontier, dropped = {entity}, {entity}, set()
    for _ in range(hops):
        rows = list(select_chunked(store, "neighbourhood_hop", frontier))
        new = {str(r[v]) for r in rows for v in ("s", "o")} - seen - dropped
        if filters.active and new:
            statements = {str(r["st"]) for r in select_chunked(store, "statement_info", new)}
            passing = {str(r["st"]) for r in select_chunked(store, "statement_pass", statements,
                                                             filters)}
            dropped |= statements - passing
            new -= dropped
        seen |= new
        _typed([r for r in rows if str(r["s"]) in seen and str(r["o"]) in seen], graph)
        frontier = new
        if not frontier:
            break
    else:
        # The links among the outermost nodes, so the result is the induced subgraph.
        if hops:
            rows = select_chunked(store, "neighbourhood_hop", frontier)
            _typed([r for r in rows if str(r["s"]) in seen and str(r["o"]) in seen], graph)
    return annotate(graph, store)


def build(store: Store, projection: str = "actors", filters: Filters | None = None,
          entity: str | None = None, hops: int = 1) -> nx.Graph:
    """The projection named ``projection`` (see PROJECTION_NAMES); ``neighbourhood`` needs
    ``entity`` (an IRI) and ``hops``."""
    if projection == "neighbourhood":
        if not entity:
            raise NetworkError("the neighbourhood projection needs an entity", "entity")
        return neighbourhood(store, entity, hops, filters)
    builders = {"actors": actor_network, "actor-location": actor_location_network,
                "statements": statement_network, "claims": claim_graph}
    if projection not in builders:
        raise NetworkError(f"{projection!r} is not one of " + ", ".join(PROJECTION_NAMES),
                           "projection")
    return builders[projection](store, filters)
