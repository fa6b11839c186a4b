"""The projections on the seed article: the facts the issue names, and the filters."""

from __future__ import annotations

import networkx as nx
import pytest
from network_store import ID, MALOMUZH, POKROVSK, PUTIN, load_seed

from claimgraph.graph import network as net

DOC = ID + "document/tsn-2972918-malomuzh-six-axes"


def test_putin_and_malomuzh_are_connected(seed_store):
    g = net.actor_network(seed_store)
    assert g.has_edge(MALOMUZH, PUTIN)
    edge = g[MALOMUZH][PUTIN]
    # spoke about Putin in 4 statements; disputed 1 statement (of 2 Putin statements, both in
    # "not-actually-happening"); reported Putin in 2 statements.
    assert edge["relations"] == {"disputed": 1, "reported": 2, "spoke_about": 4}
    assert edge["weight"] == 7
    assert nx.has_path(g.to_undirected(), MALOMUZH, PUTIN)
    assert g.nodes[PUTIN]["label"] == "Vladimir Putin" and g.nodes[PUTIN]["class"] == "Person"


def test_pokrovsk_ranks_first_among_locations_by_claims(seed_store):
    g = net.actor_location_network(seed_store)
    top = net.rank(g, "strength", top=None, role="location")
    by_strength = net.rank(g, "strength", top=3, role="location")
    assert by_strength[0]["iri"] == POKROVSK
    assert by_strength[0]["score"] == 8  # 6 statements about it + 2 asserting claims there
    assert by_strength[0]["score"] > by_strength[1]["score"]
    claimed = {v: d["claimed"] for _, v, d in g.edges(data=True) if d["claimed"]}
    assert max(claimed, key=claimed.get) == POKROVSK and claimed[POKROVSK] == 2
    assert all(r["iri"] != MALOMUZH for r in top)  # speakers are not locations
    assert {r["iri"] for r in top} >= {ID + "city/myrnohrad", ID + "area/left-bank"}


def test_path_from_malomuzh_to_pokrovsk_runs_through_his_statements(seed_store):
    result = net.path(net.claim_graph(seed_store), MALOMUZH, POKROVSK)
    assert result["length"] == 2
    assert result["statements"], "the path must run through a statement"
    for statement in result["statements"]:
        assert statement["speaker"] == MALOMUZH
        assert "Pokrovsk" in statement["text"]
    assert [s["relation"] for s in result["steps"]] == ["speaker", "about"]
    assert result["explanation"].endswith("is about Pokrovsk")


def test_statement_network(seed_store):
    g = net.statement_network(seed_store)
    assert g.number_of_edges() == 5
    relations = sorted(d["relation"] for *_, d in g.edges(data=True))
    assert relations == ["disputes", "disputes", "disputes,reports", "disputes,reports",
                         "reports"]
    assert all(g.nodes[n]["category"] == "statement" and g.nodes[n]["speaker"] for n in g)


def test_kind_source_and_weight_filters(seed_store):
    denial = net.actor_network(seed_store, net.Filters.make(kinds=["denial"]))
    assert list(denial.edges) == [(MALOMUZH, PUTIN)]
    assert denial[MALOMUZH][PUTIN]["relations"] == {"disputed": 1, "reported": 1,
                                                    "spoke_about": 1}
    other = net.actor_network(seed_store, net.Filters.make(sources=["other-doc"]))
    assert other.number_of_nodes() == 0
    same = net.actor_network(seed_store, net.Filters.make(sources=[DOC]))
    assert same.number_of_edges() == net.actor_network(seed_store).number_of_edges()
    heavy = net.actor_network(seed_store, net.Filters.make(min_weight=4))
    assert sorted(heavy.edges) == [(MALOMUZH, ID + "country/russia"), (MALOMUZH, PUTIN)]
    # the seed has no dates: any date bound leaves nothing
    dated = net.actor_network(seed_store, net.Filters.make(date_from="2000-01-01"))
    assert dated.number_of_edges() == 0


@pytest.mark.parametrize("field, kwargs", [
    ("kinds", {"kinds": ["gossip"]}), ("sources", {"sources": ["<bad>"]}),
    ("date_from", {"date_from": "2025-02-30"}), ("min_weight", {"min_weight": "heavy"}),
    ("date_from", {"date_from": "2025-03-01", "date_to": "2025-01-01"}),
])
def test_bad_filters_are_refused(field, kwargs):
    with pytest.raises(net.NetworkError, match=field):
        net.Filters.make(**kwargs)


def test_the_neighbourhood_leaves_out_the_ledger_and_the_watches(seed_store):
    # the ledger's status changes, listings and status terms and the watches were 20 nodes of
    # category "other" around Pokrovsk at 2 hops (changeOf, linkSource, pairStatement, watches)
    from claimgraph.graph import ledger
    from claimgraph.graph.ledger.watch import add_watch
    from claimgraph.graph.store import open_store

    store = open_store("memory:")
    try:
        load_seed(store)
        ledger.refresh(store)
        add_watch(store, POKROVSK)
        for hops in (1, 2):
            g = net.neighbourhood(store, POKROVSK, hops)
            assert not [n for n in g if n.startswith((ID + "ledger/", ID + "watch/",
                                                      "https://w3id.org/claimgraph/ontology#"))]
            assert "other" not in {g.nodes[n]["category"] for n in g}
            # the same nodes as without the ledger: its derived actor-claim links add edges only
            assert set(g) == set(net.neighbourhood(seed_store, POKROVSK, hops))
    finally:
        store.close()


def test_neighbourhood(seed_store):
    assert list(net.neighbourhood(seed_store, POKROVSK, 0).nodes) == [POKROVSK]
    g = net.neighbourhood(seed_store, POKROVSK, 1)
    assert ID + "region/donetsk-oblast" in g and ID + "area/pokrovsk-northwestern-sector" in g
    statements = [n for n in g if g.nodes[n]["category"] == "statement"]
    assert len(statements) == 6
    assert MALOMUZH not in g  # two hops away
    undirected = g.to_undirected()
    assert all(nx.shortest_path_length(undirected, POKROVSK, n) <= 1 for n in g)
    assert g.has_edge(ID + "city/pokrovsk", ID + "region/donetsk-oblast", key="locatedIn")
    two = net.neighbourhood(seed_store, POKROVSK, 2)
    assert MALOMUZH in two and set(g) < set(two)
    only_deadlines = net.neighbourhood(seed_store, POKROVSK, 1,
                                       net.Filters.make(kinds=["deadline"]))
    kept = [n for n in only_deadlines if only_deadlines.nodes[n]["category"] == "statement"]
    assert [only_deadlines.nodes[n]["kind"] for n in kept] == ["deadline"]


def test_resolve_names(seed_store):
    assert net.resolve(seed_store, "putin") == PUTIN
    assert net.resolve(seed_store, "Mykola Malomuzh") == MALOMUZH
    assert net.resolve(seed_store, "person/vladimir-putin") == PUTIN
    assert net.resolve(seed_store, "Москва") == ID + "city/moscow"
    # the city's label and, for the state (metonymy), an alias of Russia: ambiguous
    with pytest.raises(net.AmbiguousName, match="Moscow.*Russia"):
        net.resolve(seed_store, "Moscow")
    with pytest.raises(net.UnknownEntity):
        net.resolve(seed_store, 'nobody"} UNION { ?s ?p ?o')
    with pytest.raises(net.UnknownEntity):   # the flag decides, not the words of the name
        net.resolve(seed_store, "ambiguousxyz")
    with pytest.raises(net.UnknownEntity):
        net.resolve(seed_store, ID + "person/nobody")
