"""Write a projection as GraphML, GEXF, node-link JSON, Cytoscape.js JSON or CSV node/edge lists.

GraphML and GEXF keep one XML type per attribute, so attributes are flattened first: the
``relations`` dict becomes the string ``disputed=1;spoke_about=3`` (the counts are also separate
int attributes), None values are dropped, and graph attributes that are not str/int/float/bool are
written as strings. The JSON formats keep ``relations`` as an object. CSV follows Gephi's
spreadsheet import: nodes ``Id,Label,…``, edges ``Source,Target,Type,Id,Label,Weight,…``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from claimgraph.graph.network.names import FORMATS
from claimgraph.graph.network.sparql import NetworkError
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
               "node-link": "application/json", "cytoscape": "application/json",
               "csv-nodes": "text/csv", "csv-edges": "text/csv"}
EXTENSIONS = {"graphml": "graphml", "gexf": "gexf", "node-link": "json",
              "cytoscape": "cyjs", "csv-nodes": "nodes.csv", "csv-edges": "edges.csv"}
_SCALARS = (str, int, float, bool)


def _flat_value(value: Any) -> Any:
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set)):
        return ";".join(sorted(map(str, value)))
    return value if isinstance(value, _SCALARS) else str(value)


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes are all str, int, float or bool (no None)."""
    flat = graph.__class__()
    flat.graph.update({k: _flat_value(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat_value(v) for k, v in data.items() if v is not None})
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        attrs = {k: _flat_value(v) for k, v in data.items() if v is not None}
        if graph.is_multigraph():
            flat.add_edge(u, v, key=key, **attrs)
        else:
            flat.add_edge(u, v, **attrs)
    return flat


def _json_ready(graph: nx.Graph) -> nx.Graph:
    copy = graph.copy()
    copy.graph = {k: _flat_value(v) for k, v in graph.graph.items() if v is not None}
    return copy


def node_link(graph: nx.Graph) -> dict[str, Any]:
    """networkx node-link data (``nodes``, ``edges``), readable by ``nx.node_link_graph``."""
    return nx.node_link_data(_json_ready(graph), edges="edges")


def cytoscape(graph: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js JSON (``elements.nodes``/``elements.edges``, each ``{"data": …}``)."""
    data = nx.cytoscape_data(_json_ready(graph), name="label", ident="id")
    for node in data["elements"]["nodes"]:
        node["data"]["label"] = node["data"].get("name", node["data"]["id"])
    for number, edge in enumerate(data["elements"]["edges"]):
        edge["data"].setdefault("id", f"e{number}")
    return data


def _csv(header: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def csv_nodes(graph: nx.Graph) -> str:
    """The node list as CSV: Id, Label, then every other attribute (sorted)."""
    flat = flatten(graph)
    keys = sorted({k for _, d in flat.nodes(data=True) for k in d} - {"label"})
    rows = [{"Id": n, "Label": d.get("label", n), **{k: d.get(k, "") for k in keys}}
            for n, d in flat.nodes(data=True)]
    return _csv(["Id", "Label", *keys], rows)


def csv_edges(graph: nx.Graph) -> str:
    """The edge list as CSV: Source, Target, Type, Id, Label (relation), Weight, then the rest."""
    flat = flatten(graph)
    edges = list(flat.edges(keys=True, data=True)) if flat.is_multigraph() else \
        [(u, v, None, d) for u, v, d in flat.edges(data=True)]
    keys = sorted({k for *_, d in edges for k in d} - {"relation", "weight"})
    kind = "Directed" if flat.is_directed() else "Undirected"
    rows = [{"Source": u, "Target": v, "Type": kind, "Id": f"e{i}",
             "Label": d.get("relation", key or ""), "Weight": d.get("weight", 1),
             **{k: d.get(k, "") for k in keys}} for i, (u, v, key, d) in enumerate(edges)]
    return _csv(["Source", "Target", "Type", "Id", "Label", "Weight", *keys], rows)


def export(graph: nx.Graph, fmt: str) -> str:
    """The graph in format ``fmt`` (one of FORMATS), as text."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(flatten(graph))) + "\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(flatten(graph))) + "\n"
    if fmt == "node-link":
        return json.dumps(node_link(graph), ensure_ascii=False, indent=1)
    if fmt == "cytoscape":
        return json.dumps(cytoscape(graph), ensure_ascii=False, indent=1)
    if fmt == "csv-nodes":
        return csv_nodes(graph)
    if fmt == "csv-edges":
        return csv_edges(graph)
    raise NetworkError(f"{fmt!r} is not one of {', '.join(FORMATS)}", "format")
