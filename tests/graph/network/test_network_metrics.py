"""Every metric on the synthetic graph of ``network_synthetic.py``, against values worked by hand.

Actor network (A -> B: 2 statements about B; B -> C: 1 about C; C -> A: C's denial disputes A's
statement 1; D -> E: 1 about E; E -> F: E's statement reports F's statement 7). Two components:
the weighted 3-cycle A, B, C and the path D - E - F.
"""

from __future__ import annotations

import networkx as nx
import pytest
from network_synthetic import A, B, C, D, DOC2, E, F, S

from claimgraph.graph import network as net

A, B, C, D, E, F = map(str, (A, B, C, D, E, F))


@pytest.fixture(scope="module")
def actors(synthetic_store):
    return net.actor_network(synthetic_store)


def test_edges_and_weights(actors):
    assert {(u, v): d["weight"] for u, v, d in actors.edges(data=True)} == {
        (A, B): 2, (B, C): 1, (C, A): 1, (D, E): 1, (E, F): 1}
    assert actors[C][A]["relations"] == {"disputed": 1}
    assert actors[E][F]["relations"] == {"reported": 1}
    assert actors[A][B]["spoke_about"] == 2 and actors[A][B]["disputed"] == 0


def test_degree_and_strength(actors):
    values = net.degree(actors)
    assert {n: v["degree"] for n, v in values.items()} == {A: 2, B: 2, C: 2, D: 1, E: 2, F: 1}
    assert {n: v["in_degree"] for n, v in values.items()} == {A: 1, B: 1, C: 1, D: 0, E: 1, F: 1}
    # strength: weights of all incident edges
    assert {n: v["strength"] for n, v in values.items()} == {A: 3, B: 3, C: 2, D: 1, E: 2, F: 1}


def test_pagerank(actors):
    # By hand, damping 0.85, N = 6, F dangling (its mass spread evenly). Every node receives
    # u = 0.15/6 + 0.85 * PR(F)/6 from teleport and F; then D = u, E = u + 0.85 D = 1.85 u,
    # F = u + 0.85 E = 2.5725 u, and on the cycle (all of a node's weight goes to the next)
    # PR(A) = u + 0.85 PR(C) with A = B = C, so A = u / 0.15. The sum is 1:
    # u (3 / 0.15 + 1 + 1.85 + 2.5725) = 25.4225 u = 1.
    u = 1 / 25.4225
    expected = {A: u / 0.15, B: u / 0.15, C: u / 0.15, D: u, E: 1.85 * u, F: 2.5725 * u}
    got = net.pagerank(actors)
    assert got == pytest.approx(expected, abs=1e-5)
    assert net.rank(actors, "pagerank", top=4)[3]["iri"] == F


def test_betweenness(actors):
    # Only E lies between two others (D and F); normalized by the (6-1)(6-2)/2 = 10 pairs.
    assert net.betweenness(actors) == pytest.approx({A: 0, B: 0, C: 0, D: 0, E: 0.1, F: 0})


def test_components_and_ego(actors):
    assert net.components(actors) == [{A, B, C}, {D, E, F}]
    assert set(net.ego(actors, A)) == {A, B, C}
    assert set(net.ego(actors, D, radius=1)) == {D, E}
    assert set(net.ego(actors, D, radius=2)) == {D, E, F}
    with pytest.raises(net.UnknownEntity):
        net.ego(actors, "https://example.org/none")


@pytest.mark.parametrize("method", net.COMMUNITY_METHODS)
def test_communities(actors, method):
    # Modularity by hand (weights: AB 2, BC 1, CA 1, DE 1, EF 1; m = 6): the two components give
    # 4/6 - (8/12)^2 + 2/6 - (4/12)^2 = 4/9; splitting off F gives only 23/72.
    found = net.communities(actors, method, seed=7)
    assert found == [{A, B, C}, {D, E, F}]
    assert found == net.communities(actors, method, seed=7)
    undirected = net.analysis.undirected(actors)
    assert nx.community.modularity(undirected, found) == pytest.approx(4 / 9)


def test_stats(actors):
    s = net.stats(actors)
    assert (s["nodes"], s["edges"], s["components"], s["largest_component"]) == (6, 5, 2, 3)
    assert s["total_weight"] == 6
    assert s["density"] == pytest.approx(5 / 30)
    assert s["relations"] == {"disputed": 1, "reported": 1, "spoke_about": 4}


def test_path_explained(synthetic_store):
    # A - statement 1 (A's) - statement 4 (C's denial disputing it) - C: 3 links, shorter than
    # A - s1 - B - s3 - C.
    result = net.path(net.claim_graph(synthetic_store), A, C)
    assert [n["iri"] for n in result["nodes"]] == [A, str(S[1]), str(S[4]), C]
    assert [(s["relation"], s["direction"]) for s in result["steps"]] == [
        ("speaker", "backward"), ("disputes", "backward"), ("speaker", "forward")]
    assert result["explanation"] == ("statement 1 was said by Person A; statement 4 disputes "
                                     "statement 1; statement 4 was said by Person C")
    assert [(s["speaker"], s["kind"]) for s in result["statements"]] == [(A, "claim"),
                                                                         (C, "denial")]
    with pytest.raises(net.NoPath):
        net.path(net.claim_graph(synthetic_store), A, D)


def test_filters(synthetic_store):
    # s1 2025-01-10 (out), s2 reported 2025-02 (counts as 2025-02-01: in), s3 2025-03-01 (in),
    # the rest undated (out).
    dated = net.actor_network(synthetic_store, net.Filters.make("2025-02-01", "2025-03-31"))
    assert {(u, v): d["weight"] for u, v, d in dated.edges(data=True)} == {(A, B): 1, (B, C): 1}
    upto = net.actor_network(synthetic_store, net.Filters.make(date_to="2025-01-31"))
    assert list(upto.edges) == [(A, B)]
    second = net.actor_network(synthetic_store, net.Filters.make(sources=[str(DOC2)]))
    assert set(second) == {D, E, F}
    slug = net.actor_network(synthetic_store, net.Filters.make(sources=["synthetic-two"]))
    assert set(slug.edges) == set(second.edges)
    denials = net.actor_network(synthetic_store, net.Filters.make(kinds=["denial"]))
    assert list(denials.edges) == [(C, A)]
    heavy = net.actor_network(synthetic_store, net.Filters.make(min_weight=2))
    assert list(heavy.edges) == [(A, B)]


def test_statement_network(synthetic_store):
    g = net.statement_network(synthetic_store)
    assert {(u, v): d["relation"] for u, v, d in g.edges(data=True)} == {
        (str(S[4]), str(S[1])): "disputes", (str(S[6]), str(S[7])): "reports"}
    assert g.nodes[str(S[1])]["date"] == "2025-01-10"


def test_the_roles_are_actor_location_and_every_node_category():
    from claimgraph.graph.network.nodes import CATEGORIES

    assert set(net.ROLES) == {"actor", "location"} | {name for name, _ in CATEGORIES}
