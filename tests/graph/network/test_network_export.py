"""Exports read back with networkx (and csv), attribute values and types preserved."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from network_store import MALOMUZH, PUTIN

from claimgraph.graph import network as net


@pytest.fixture(scope="module")
def actors(seed_store):
    return net.actor_network(seed_store)


@pytest.fixture(scope="module")
def claims(seed_store):
    return net.claim_graph(seed_store)


def _same_structure(original: nx.Graph, back: nx.Graph) -> None:
    assert set(back.nodes) == set(original.nodes)
    assert sorted(back.edges) == sorted(original.edges)


@pytest.mark.parametrize("fmt, read", [
    ("graphml", lambda text: nx.read_graphml(io.StringIO(text))),
    ("gexf", lambda text: nx.read_gexf(io.BytesIO(text.encode("utf-8")))),
])
def test_xml_formats_keep_attribute_types(actors, fmt, read):
    back = read(net.export(actors, fmt))
    assert back.is_directed()
    _same_structure(actors, back)
    node = back.nodes[PUTIN]
    assert node["label"] == "Vladimir Putin" and node["class"] == "Person"
    assert node["is_actor"] is True and node["is_location"] is False
    assert isinstance(node["statements"], int) and node["statements"] == 3
    edge = back[MALOMUZH][PUTIN]
    assert edge["relations"] == "disputed=1;reported=2;spoke_about=4"
    assert isinstance(edge["spoke_about"], int) and edge["spoke_about"] == 4
    # GEXF defines an edge's weight as a float; GraphML keeps the int.
    assert edge["weight"] == 7
    assert isinstance(edge["weight"], int if fmt == "graphml" else float)
    for _, data in back.nodes(data=True):
        assert None not in data.values()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_keep_typed_multigraph(claims, fmt):
    text = net.export(claims, fmt)
    back = nx.read_graphml(io.StringIO(text)) if fmt == "graphml" else \
        nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert back.is_multigraph()
    assert back.number_of_edges() == claims.number_of_edges()
    relations = sorted(d["relation"] for *_, d in back.edges(data=True))
    assert relations == sorted(d["relation"] for *_, d in claims.edges(data=True))


def test_node_link_json(actors, claims):
    back = nx.node_link_graph(json.loads(net.export(actors, "node-link")), edges="edges")
    _same_structure(actors, back)
    assert back[MALOMUZH][PUTIN]["relations"] == {"disputed": 1, "reported": 2, "spoke_about": 4}
    assert back.nodes[PUTIN] == actors.nodes[PUTIN]
    multi = nx.node_link_graph(json.loads(net.export(claims, "node-link")), edges="edges")
    assert multi.is_multigraph() and multi.number_of_edges() == claims.number_of_edges()


def test_cytoscape_json(actors):
    data = json.loads(net.export(actors, "cytoscape"))
    assert {"nodes", "edges"} <= set(data["elements"])
    assert all("id" in e["data"] and "source" in e["data"] for e in data["elements"]["edges"])
    assert all(n["data"]["label"] for n in data["elements"]["nodes"])
    back = nx.cytoscape_graph(data, name="label", ident="id")
    _same_structure(actors, back)
    assert back[MALOMUZH][PUTIN]["weight"] == 7


def test_csv_node_and_edge_lists(actors):
    nodes = list(csv.DictReader(io.StringIO(net.export(actors, "csv-nodes"))))
    edges = list(csv.DictReader(io.StringIO(net.export(actors, "csv-edges"))))
    back = nx.DiGraph()
    back.add_nodes_from((row["Id"], row) for row in nodes)
    back.add_weighted_edges_from((row["Source"], row["Target"], int(row["Weight"]))
                                 for row in edges)
    _same_structure(actors, back)
    assert back[MALOMUZH][PUTIN]["weight"] == 7
    assert back.nodes[PUTIN]["Label"] == "Vladimir Putin"
    assert {row["Type"] for row in edges} == {"Directed"}
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]


def test_unknown_format(actors):
    with pytest.raises(net.NetworkError, match="format"):
        net.export(actors, "pajek")
