"""Network analysis of the claim graph: SPARQL projections into networkx, metrics and exports.

Python API::

    from claimgraph.graph import network as net
    g = net.actor_network(store, net.Filters.make(kinds=["denial"], min_weight=2))
    net.rank(g, "pagerank", top=5)
    net.path(net.claim_graph(store), net.resolve(store, "Malomuzh"), net.resolve(store, "Pokrovsk"))
    net.export(g, "graphml")

Projections (``projections.py``) come from the ``.rq`` queries in this folder; analysis
(``analysis.py``) and exports (``formats.py``) work on any networkx graph they return. Names are
loaded on first use, so that importing the package (as the command line does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from claimgraph.graph.network.names import COMMUNITY_METHODS, FORMATS, METRICS, \
    PROJECTION_NAMES, ROLES

_WHERE = {
    "analysis": ("NoPath", "betweenness", "communities", "components", "degree", "ego",
                 "pagerank", "path", "rank", "scores", "stats"),
    "formats": ("export",),
    "projections": ("actor_location_network", "actor_network", "build", "claim_graph",
                    "neighbourhood", "statement_network"),
    "entities": ("AmbiguousName", "resolve"),
    "sparql": ("Filters", "NetworkError", "UnknownEntity", "unknown_sources"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        module = importlib.import_module(f"{__name__}.{_MODULE_OF[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMUNITY_METHODS", "FORMATS", "METRICS", "PROJECTION_NAMES", *sorted(_MODULE_OF)]
