"""The path search's in-memory link index (claimgraph/queries/links.py) and when it is kept."""

from __future__ import annotations

import random

from rdflib import URIRef

from claimgraph.graph.store import open_store
from claimgraph.queries import path
from claimgraph.queries.catalog import Catalog
from claimgraph.queries.links import LinkIndex
from claimgraph.queries.runner import QueryRunner
from tests.queries.test_path_oracle import CG, SparqlOnly, _node, random_graph


def _web(i: int) -> URIRef:
    # the runner resolves only IRIs with an authority (urn:... is read as a name)
    return URIRef(f"http://example.org/n{i}")


def _build(store):
    return LinkIndex.build(store, path.ORDERED_RELATIONS, Catalog.load().system("path-links"))


def test_the_index_gives_what_the_store_gives_for_every_node():
    for seed in range(40):
        graphs, _, nodes = random_graph(seed)
        with open_store("memory:") as store:
            store.replace_graphs(graphs)
            built = {"indexes": _build(store), "sparql": _build(SparqlOnly(store))}
            everyone = [str(_node(i)) for i in range(nodes + 1)]   # one that names nothing
            for incoming in (True, False):
                expected = sorted(store.links(everyone, path.RELATIONS, incoming=incoming))
                for how, index in built.items():
                    got = index.links(everyone, incoming=incoming)
                    assert sorted(got) == expected, (seed, how, incoming)
                    assert len(got) == len(set(got)), (seed, how)


def test_each_nodes_links_come_in_the_search_order():
    graphs, _, nodes = random_graph(7)
    with open_store("memory:") as store:
        store.replace_graphs(graphs)
        index = _build(store)
        priority = {relation: i for i, relation in enumerate(path.ORDERED_RELATIONS)}
        for i in range(nodes):
            for incoming in (True, False):
                rows = index.links([str(_node(i))], incoming=incoming)
                keys = [(priority[relation], neighbour) for _, relation, neighbour in rows]
                assert keys == sorted(keys)


def test_a_graph_hidden_by_a_write_in_progress_is_left_out():
    a, b, c = _node(1), _node(2), _node(3)
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g1": [(a, URIRef(CG + "about"), b)],
                              "urn:t:g2": [(b, URIRef(CG + "about"), c)]})
        assert len(_build(store).links([str(b)], incoming=False)) == 1
        store._hidden = frozenset({"urn:t:g2"})
        assert _build(store).links([str(b)], incoming=False) == []


def test_a_kept_index_is_built_once_and_again_after_a_write(monkeypatch):
    a, b, c, d = (_web(i) for i in range(4))
    about = URIRef(CG + "about")
    builds = []
    real = LinkIndex.build.__func__

    def counting(cls, *args):
        builds.append(1)
        return real(cls, *args)

    monkeypatch.setattr(LinkIndex, "build", classmethod(counting))
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g1": [(a, about, b), (b, about, c), (c, about, d)]})
        runner = QueryRunner(store)
        assert runner.paths.keep_index      # in-memory stores keep one by default
        first = runner.run("path", **{"from": str(a), "to": str(d)})
        again = runner.run("path", **{"from": str(a), "to": str(d)})
        assert len(first) == len(again) == 3 and len(builds) == 1
        store.replace_graphs({"urn:t:g2": [(a, about, d)]})
        assert len(runner.run("path", **{"from": str(a), "to": str(d)})) == 1
        assert len(builds) == 2


def test_an_on_disk_store_is_searched_without_an_index(tmp_path):
    a, b = _web(1), _web(2)
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        store.replace_graphs({"urn:t:g": [(a, URIRef(CG + "about"), b)]})
        runner = QueryRunner(store)
        assert not runner.paths.keep_index and runner.paths.index() is None
        assert len(runner.run("path", **{"from": str(a), "to": str(b)})) == 1


def test_random_searches_agree_with_and_without_the_index():
    rnd, found = random.Random(3), 0
    for seed in range(20):
        graphs, _, nodes = random_graph(seed)
        graphs = {g: [tuple(URIRef(str(t).replace("urn:t:", "http://example.org/"))
                            if isinstance(t, URIRef) else t for t in triple) for triple in ts]
                  for g, ts in graphs.items()}
        with open_store("memory:") as store:
            store.replace_graphs(graphs)
            kept = QueryRunner(store, keep_path_index=True)
            plain = QueryRunner(store, keep_path_index=False)
            for _ in range(5):
                ends = {"from": str(_node(rnd.randrange(nodes))),
                        "to": str(_node(rnd.randrange(nodes)))}
                ends = {k: v.replace("urn:t:", "http://example.org/") for k, v in ends.items()}
                answer = kept.run("path", **ends)
                assert answer == plain.run("path", **ends), seed
                found += bool(answer)
    assert found > 20
