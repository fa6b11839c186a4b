"""Network analysis of the claim graph: SPARQL projections into networkx, metrics and exports.

Python API::

    from claimgraph.graph.network import Filters, actor_network, rank, path, export
    g = actor_network(store, Filters.make(kinds=["denial"], min_weight=2))
    rank(g, "pagerank", top=5)
    path(claim_graph(store), resolve(store, "Malomuzh"), resolve(store, "Pokrovsk"))
    export(g, "graphml")

Projections (``projections.py``) come from the ``.rq`` queries in this folder; analysis
(``analysis.py``) and exports (``export.py``) work on any networkx graph they return.
"""

from __future__ import annotations

from typing import Callable

import networkx as nx

from claimgraph.graph.network.analysis import COMMUNITY_METHODS, METRICS, NoPath, \
    betweenness, communities, components, degree, ego, pagerank, path, rank, scores, stats
from claimgraph.graph.network.export import FORMATS, export
from claimgraph.graph.network.projections import actor_location_network, actor_network, \
    claim_graph, neighbourhood, statement_network
from claimgraph.graph.network.resolve import AmbiguousName, resolve
from claimgraph.graph.network.sparql import Filters, NetworkError, UnknownEntity
from claimgraph.graph.store import Store

PROJECTIONS: dict[str, Callable[..., nx.Graph]] = {
    "actors": actor_network, "actor-location": actor_location_network,
    "statements": statement_network, "claims": claim_graph,
}
PROJECTION_NAMES = (*PROJECTIONS, "neighbourhood")


def build(store: Store, projection: str = "actors", filters: Filters | None = None,
          entity: str | None = None, hops: int = 1) -> nx.Graph:
    """The projection named ``projection`` (see PROJECTION_NAMES); ``neighbourhood`` needs
    ``entity`` (an IRI) and ``hops``."""
    if projection == "neighbourhood":
        if not entity:
            raise NetworkError("the neighbourhood projection needs an entity")
        return neighbourhood(store, entity, hops, filters)
    if projection not in PROJECTIONS:
        raise NetworkError(f"projection: {projection!r} is not one of "
                           + ", ".join(PROJECTION_NAMES))
    return PROJECTIONS[projection](store, filters)


__all__ = ["AmbiguousName", "COMMUNITY_METHODS", "FORMATS", "Filters", "METRICS", "NetworkError",
           "NoPath", "PROJECTIONS", "PROJECTION_NAMES", "actor_location_network",
           "actor_network", "betweenness", "build", "claim_graph", "communities", "components",
           "degree", "ego", "export", "neighbourhood", "pagerank", "path", "rank", "resolve",
           "scores", "stats", "statement_network", "UnknownEntity"]
