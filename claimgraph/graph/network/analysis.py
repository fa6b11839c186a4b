"""Analysis of a projection: centrality, communities, components, ego networks and paths.

Conventions, so that results can be checked by hand: ``degree`` counts edges (both directions,
parallel edges each); ``strength`` sums their ``weight``; PageRank follows edge direction and
weight (damping 0.85); betweenness and communities work on the undirected graph with parallel
edges merged (weights summed), betweenness ignoring weight because weights are counts, not
distances; components are weakly connected ones. Communities are seeded, so they repeat.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Hashable

import networkx as nx

from claimgraph.graph.network.names import COMMUNITY_METHODS, METRICS, ROLES
from claimgraph.graph.network.sparql import NetworkError, UnknownEntity

DEFAULT_SEED = 42

PHRASES = {
    "speaker": "{s} was said by {o}", "about": "{s} is about {o}",
    "disputes": "{s} disputes {o}", "supports": "{s} supports {o}",
    "reports": "{s} reports {o}", "contradicts": "{s} contradicts {o}",
    "asserts": "{s} asserts {o}", "claimedLocation": "{s} is located at {o}",
    "claimedParty": "{s} is made by the party {o}", "setBy": "{s} was set by {o}",
    "spoke_about": "{s} spoke about {o}", "disputed": "{s} disputed a statement of {o}",
    "reported": "{s} reported a statement of {o}", "claimed": "{s} made a claim located at {o}",
}


class NoPath(NetworkError):
    """The two entities are not connected in the graph."""


def undirected(graph: nx.Graph) -> nx.Graph:
    """A simple undirected copy of ``graph`` with the weights of merged edges summed."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        weight = data.get("weight", 1)
        if out.has_edge(u, v):
            out[u][v]["weight"] += weight
        else:
            out.add_edge(u, v, weight=weight)
    return out


def _check_node(graph: nx.Graph, node: Hashable) -> None:
    if node not in graph:
        raise UnknownEntity(f"{node} is not a node of the {graph.graph.get('name', '')} graph")


def degree(graph: nx.Graph) -> dict[Hashable, dict[str, float]]:
    """degree, in_degree, out_degree and strength (weighted degree) of every node."""
    directed = graph.is_directed()
    return {n: {"degree": graph.degree(n),
                "in_degree": graph.in_degree(n) if directed else graph.degree(n),
                "out_degree": graph.out_degree(n) if directed else graph.degree(n),
                "strength": graph.degree(n, weight="weight")} for n in graph}


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[Hashable, float]:
    """Weighted PageRank (empty dict for an empty graph)."""
    return nx.pagerank(graph, alpha=alpha, weight="weight") if len(graph) else {}


def betweenness(graph: nx.Graph) -> dict[Hashable, float]:
    """Normalized betweenness centrality on the undirected, unweighted graph."""
    return nx.betweenness_centrality(undirected(graph), weight=None, normalized=True)


def communities(graph: nx.Graph, method: str = "louvain", seed: int = DEFAULT_SEED,
                resolution: float = 1.0) -> list[set[Hashable]]:
    """Communities, largest first (ties by smallest node id), seeded so that they repeat."""
    if method not in COMMUNITY_METHODS:
        raise NetworkError(f"{method!r} is not one of {', '.join(COMMUNITY_METHODS)}", "method")
    if not 0 < resolution < math.inf:  # NaN and 0 or less gave nonsense, silently
        raise NetworkError(f"{resolution} is not a positive number", "resolution")
    simple = undirected(graph)
    if method == "louvain":
        found = nx.community.louvain_communities(simple, weight="weight", seed=seed,
                                                 resolution=resolution)
    else:
        found = nx.community.asyn_lpa_communities(simple, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def components(graph: nx.Graph) -> list[set[Hashable]]:
    """(Weakly) connected components, largest first (ties by smallest node id)."""
    found = nx.weakly_connected_components(graph) if graph.is_directed() \
        else nx.connected_components(graph)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def ego(graph: nx.Graph, node: Hashable, radius: int = 1) -> nx.Graph:
    """The subgraph of everything within ``radius`` links of ``node``, in either direction."""
    _check_node(graph, node)
    return nx.ego_graph(graph, node, radius=radius, undirected=True)


def scores(graph: nx.Graph, metric: str) -> dict[Hashable, float]:
    """One metric for every node (see METRICS)."""
    if metric not in METRICS:
        raise NetworkError(f"{metric!r} is not one of {', '.join(METRICS)}", "metric")
    if metric == "pagerank":
        return pagerank(graph)
    if metric == "betweenness":
        return betweenness(graph)
    return {n: values[metric] for n, values in degree(graph).items()}


def _selector(role: str | None) -> Callable[[dict], bool]:
    if not role:
        return lambda attrs: True
    if role not in ROLES:
        raise NetworkError(f"{role!r} is not one of {', '.join(ROLES)}", "role")
    if role in ("actor", "location"):
        return lambda attrs: bool(attrs.get(f"is_{role}"))
    return lambda attrs: attrs.get("category") == role


def rank(graph: nx.Graph, metric: str = "pagerank", top: int | None = 10,
         role: str | None = None) -> list[dict[str, Any]]:
    """The ``top`` nodes by ``metric``, highest first (ties by IRI), optionally only those of a
    role: ``actor``, ``location`` or a node category (``statement``, ``claim`` ...)."""
    values = scores(graph, metric)
    keep = _selector(role)
    rows = [{"iri": str(n), "label": graph.nodes[n].get("label", str(n)),
             "class": graph.nodes[n].get("class", ""), "score": values[n]}
            for n in graph if keep(graph.nodes[n])]
    rows.sort(key=lambda r: (-r["score"], r["iri"]))
    return rows[:top] if top else rows


def _relations(graph: nx.Graph, u: Hashable, v: Hashable) -> list[str]:
    if not graph.has_edge(u, v):
        return []
    if graph.is_multigraph():
        return sorted(str(k) for k in graph[u][v])
    data = graph[u][v]
    return sorted(data.get("relations") or {data.get("relation", "linked"): 1})


def path(graph: nx.Graph, source: Hashable, target: Hashable) -> dict[str, Any]:
    """The shortest path between two nodes, ignoring direction, explained link by link.

    ``steps`` gives each link with its relation and direction and a sentence; ``statements``
    the statements the path runs through, with their speaker, kind, source and text.
    """
    _check_node(graph, source)
    _check_node(graph, target)
    view = graph.to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(view, source, target)
    except nx.NetworkXNoPath:
        raise NoPath(f"no path between {source} and {target}") from None
    label = lambda n: graph.nodes[n].get("label", str(n))  # noqa: E731
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        links = [(u, v, r) for r in _relations(graph, u, v)] + \
                [(v, u, r) for r in _relations(graph, v, u)]
        s, o, relation = links[0]
        steps.append({
            "from": str(u), "to": str(v), "relation": relation,
            "direction": "forward" if s == u else "backward",
            "relations": [r for _, _, r in links],
            "sentence": PHRASES.get(relation, "{s} " + relation + " {o}").format(
                s=label(s), o=label(o))})
    keys = ("label", "kind", "speaker", "speaker_label", "source", "date", "text")
    statements = [{"iri": str(n), **{k: graph.nodes[n].get(k, "") for k in keys}}
                  for n in nodes if graph.nodes[n].get("category") == "statement"]
    return {"source": str(source), "target": str(target), "length": len(nodes) - 1,
            "nodes": [{"iri": str(n), "label": label(n),
                       "category": graph.nodes[n].get("category", "")} for n in nodes],
            "steps": steps, "statements": statements,
            "explanation": "; ".join(step["sentence"] for step in steps)}


def stats(graph: nx.Graph) -> dict[str, Any]:
    """Size, density, weight, components and counts by node category and edge relation."""
    comps = components(graph)
    categories: dict[str, int] = {}
    for _, attrs in graph.nodes(data=True):
        categories[attrs.get("category", "")] = categories.get(attrs.get("category", ""), 0) + 1
    relations: dict[str, int] = {}
    for *_, data in graph.edges(data=True):
        for relation, count in (data.get("relations") or {data.get("relation", ""): 1}).items():
            relations[relation] = relations.get(relation, 0) + count
    return {"projection": graph.graph.get("projection", ""),
            "filters": graph.graph.get("filters", ""),
            "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "directed": graph.is_directed(), "density": nx.density(graph) if len(graph) else 0.0,
            "total_weight": graph.size(weight="weight"), "components": len(comps),
            "largest_component": len(comps[0]) if comps else 0,
            "categories": dict(sorted(categories.items())),
            "relations": dict(sorted(relations.items()))}
