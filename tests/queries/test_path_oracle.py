"""The path query against networkx's shortest paths, on random graphs.

The search reads a frontier's incoming relations first and stops before the outgoing ones when
the two searches meet (claimgraph/queries/path.py): these graphs check that what it returns is
still a shortest chain, made of triples that are there, on graphs whose relations point both
ways, repeat across named graphs (Oxigraph's union default graph gives such a triple once per
graph), mix in relations the path does not follow, and span several frontier batches.
"""

from __future__ import annotations

import random
import re

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from claimgraph.graph.store import open_store
from claimgraph.queries import path
from claimgraph.queries.catalog import Catalog
from claimgraph.queries.links import LinkIndex
from claimgraph.queries.params import ParameterError

CG = "https://w3id.org/claimgraph/ontology#"
FOLLOWED = ["speaker", "about", "disputes", "reports", "asserts", "claimedLocation", "locatedIn",
            "memberOf", "adjacentTo"]
IGNORED = ["source", "linkSource", "pairSpeaker"]


def _node(i: int) -> URIRef:
    return URIRef(f"urn:t:n{i}")


def random_graph(seed: int) -> tuple[dict[str, list[tuple]], nx.Graph, int]:
    """Named graphs of random triples, the undirected graph of the followed ones, node count."""
    rnd = random.Random(seed)
    nodes = rnd.randint(2, 40)
    graphs: dict[str, list[tuple]] = {f"urn:t:g{g}": [] for g in range(rnd.randint(1, 4))}
    followed = nx.Graph()
    followed.add_nodes_from(range(nodes))
    hub = rnd.randrange(nodes)
    for _ in range(rnd.randint(0, nodes * 2)):
        a = hub if rnd.random() < 0.3 else rnd.randrange(nodes)
        b = rnd.randrange(nodes)
        if a == b:
            continue
        relation = rnd.choice(FOLLOWED + IGNORED)
        triple = (_node(a), URIRef(CG + relation), _node(b))
        for graph in rnd.sample(sorted(graphs), rnd.choice([1, 1, len(graphs)])):
            graphs[graph].append(triple)
        if relation in FOLLOWED:
            followed.add_edge(a, b)
    graphs["urn:t:g0"].append((_node(0), URIRef(CG + "about"), Literal("not a node")))
    return graphs, followed, nodes


class SparqlOnly:
    """The store seen only through its Store methods: the search reads by rq/path.rq, as on
    the embedded store on disk (``url`` oxigraph:) or any other store (``url`` sparql:, where
    the incoming links are looked up relation by relation)."""

    def __init__(self, store, url: str = "oxigraph:sparql-only") -> None:
        self.store, self.url = store, url

    def query(self, *args, **kwargs):
        return self.store.query(*args, **kwargs)


def test_the_relations_read_are_those_of_the_query():
    body = Catalog.load().get("path").body
    named = set(re.findall(r"cg:(\w+)", body.split("FILTER(?relation IN")[1].split("))")[0]))
    assert body.count("FILTER(?relation IN") == 2
    assert {CG + name for name in named} == path.RELATIONS
    # the member that looks each relation up, for a small frontier: the same relations
    looked_up = re.findall(r"\{ \?node cg:(\w+) \?neighbour BIND\(cg:(\w+) AS \?relation\) \}", body)
    assert all(a == b for a, b in looked_up)
    assert sorted(CG + a for a, _ in looked_up) == sorted(path.RELATIONS)
    # and the one that looks each incoming relation up, for a store other than Oxigraph
    looked_in = re.findall(r"\{ \?neighbour cg:(\w+) \?node BIND\(cg:(\w+) AS \?relation\) \}", body)
    assert all(a == b for a, b in looked_in)
    assert sorted(CG + a for a, _ in looked_in) == sorted(path.RELATIONS)


def _index(store, reading: str = "indexes"):
    catalog = Catalog.load()
    source = store if reading == "indexes" else SparqlOnly(store)
    return LinkIndex.build(source, path.ORDERED_RELATIONS, catalog.system("path-links"))


@pytest.mark.parametrize("batch,reading,few", [
    (path.BATCH, "indexes", path.FEW), (path.BATCH, "sparql", path.FEW), (2, "sparql", path.FEW),
    (path.BATCH, "sparql", 0), (2, "sparql", 10**6), (path.BATCH, "link index", path.FEW),
    (path.BATCH, "remote sparql", path.FEW), (2, "remote sparql", 0)])
def test_shortest_chains_match_networkx(monkeypatch, batch, reading, few):
    # few: 0, every outgoing half read by the member that filters; 10**6, by the one that looks
    # each relation up; "remote sparql": the incoming halves by the one that looks each up too
    monkeypatch.setattr(path, "BATCH", batch)
    monkeypatch.setattr(path, "FEW", few)
    body = Catalog.load().get("path").body
    checked = 0
    for seed in range(60):
        graphs, followed, nodes = random_graph(seed)
        triples = {t for ts in graphs.values() for t in ts}
        rnd = random.Random(seed)
        with open_store("memory:") as store:
            store.replace_graphs(graphs)
            searched = (SparqlOnly(store) if reading == "sparql" else
                        SparqlOnly(store, "sparql:http://127.0.0.1:1/sparql")
                        if reading == "remote sparql" else store)
            index = _index(store) if reading == "link index" else None
            for _ in range(6):
                start, goal = rnd.randrange(nodes), rnd.randrange(nodes)
                max_hops = rnd.choice([2, 4, 6])
                steps = path.find_path(searched, body, str(_node(start)), str(_node(goal)), max_hops,
                                       index)
                try:
                    expected = nx.shortest_path_length(followed, start, goal)
                except nx.NetworkXNoPath:
                    expected = None
                where = f"seed {seed}: n{start} -> n{goal}, max_hops {max_hops}"
                if expected is None or expected > max_hops or start == goal:
                    assert steps == [], where
                    continue
                assert len(steps) == expected, where
                assert steps[0][0] == str(_node(start)) and steps[-1][2] == str(_node(goal)), where
                for (a, relation, b, forward), nxt in zip(steps, steps[1:] + [None]):
                    subject, obj = (a, b) if forward else (b, a)
                    assert (URIRef(subject), URIRef(CG + relation), URIRef(obj)) in triples, where
                    assert relation in FOLLOWED, where
                    assert nxt is None or nxt[0] == b, where
                checked += 1
    assert checked > 100


def test_a_search_that_gives_up_says_so(monkeypatch):
    # a hub with many neighbours, the goal two steps beyond one of them
    hub, goal = _node(0), _node(99)
    triples = [(_node(i), URIRef(CG + "speaker"), hub) for i in range(1, 30)]
    triples.append((_node(7), URIRef(CG + "about"), _node(98)))
    triples.append((_node(98), URIRef(CG + "locatedIn"), goal))
    body = Catalog.load().get("path").body
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g": triples})
        assert len(path.find_path(store, body, str(hub), str(goal), 6)) == 3
        monkeypatch.setattr(path, "MAX_VISITED", 10)
        with pytest.raises(ParameterError, match="gave up"):
            path.find_path(store, body, str(hub), str(goal), 6)
        # a search that has used up max_hops has its answer, however much it read: no chain
        assert path.find_path(store, body, str(hub), str(goal), 1) == []


def test_both_readings_give_the_same_chains(monkeypatch):
    """The store's indexes, the SPARQL query and the link index (built either way) give the same
    rows, so the same chain (not just one of the same length) on every random graph."""
    body = Catalog.load().get("path").body
    compared = 0
    for seed in range(60):
        graphs, _, nodes = random_graph(seed)
        rnd = random.Random(seed + 1000)
        with open_store("memory:") as store:
            store.replace_graphs(graphs)
            for _ in range(6):
                start, goal = str(_node(rnd.randrange(nodes))), str(_node(rnd.randrange(nodes)))
                by_index = path.find_path(store, body, start, goal, 6)
                for few in (0, path.FEW, 10**6):
                    monkeypatch.setattr(path, "FEW", few)
                    assert by_index == path.find_path(SparqlOnly(store), body, start, goal, 6), \
                        (seed, few)
                for index in (_index(store), _index(store, "sparql")):
                    assert by_index == path.find_path(store, body, start, goal, 6, index), seed
                compared += bool(by_index)
    assert compared > 100


def test_the_index_reading_leaves_out_a_write_in_progress():
    """A graph hidden while a write fills it (OxigraphStore._hidden) is not read by either."""
    body = Catalog.load().get("path").body
    a, b, c = _node(1), _node(2), _node(3)
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g1": [(a, URIRef(CG + "about"), b)],
                              "urn:t:g2": [(b, URIRef(CG + "about"), c)]})
        assert len(path.find_path(store, body, str(a), str(c), 6)) == 2
        store._hidden = frozenset({"urn:t:g2"})
        assert path.find_path(store, body, str(a), str(c), 6) == []
        assert path.find_path(SparqlOnly(store), body, str(a), str(c), 6) == []
