"""Entity resolution (names, aliases, IRIs, prefixed names) and autocomplete search."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from claimgraph.queries import ParameterError, Resolver, search
from claimgraph.queries.catalog import Catalog
from claimgraph.queries.resolve import normalize
from tests.queries.oxistore import store_with

ID = "https://w3id.org/claimgraph/id/"


@pytest.fixture
def resolver(seed):
    return Resolver(seed, Catalog.load().system("resolve"))


def test_normalize():
    assert normalize("  Kupyans’k ") == "kupyansk"
    assert normalize("Tålsmark") == normalize("talsmark") == "talsmark"
    assert normalize("Donetsk_region") == "donetsk region"
    assert normalize("Huliai-Pole") == "huliai pole"


@pytest.mark.parametrize("type_, text, expected", [
    ("location", "pokrovsk", "city/pokrovsk"),
    ("location", "Kupyansk", "city/kupiansk"),
    ("location", "KUPIANSK", "city/kupiansk"),
    ("location", "Pokrovs'k", "city/pokrovsk"),
    ("location", "Покровськ", "city/pokrovsk"),
    ("location", "donetsk region", "region/donetsk-oblast"),
    ("actor", "Putin", "person/vladimir-putin"),
    ("actor", "malomuzh", "person/mykola-malomuzh"),
    ("actor", "Mykola Malomuzh", "person/mykola-malomuzh"),
    ("actor", "mykola-malomuzh", "person/mykola-malomuzh"),   # slug
    ("actor", "Washington", "country/united-states"),         # alias, among actors only
    ("entity", "Washington, D.C.", "city/washington"),        # the city's own alias
    ("entity", "Pokrovsk", "city/pokrovsk"),                  # a label no one else has as alias
    ("location", "Москва", "city/moscow"),
    ("actor", "Moscow", "country/russia"),
    ("actor", "Malom", "person/mykola-malomuzh"),             # a unique prefix
    ("actor", "id:person/vladimir-putin", "person/vladimir-putin"),
    ("actor", "wd:Q7747", "person/vladimir-putin"),            # via owl:sameAs
    ("actor", ID + "person/vladimir-putin", "person/vladimir-putin"),
    ("statement", "not-actually-happening", None),
])
def test_resolve(resolver, type_, text, expected):
    iri = resolver.resolve("p", type_, text)
    if expected is None:
        assert str(iri).startswith(ID + "statement/")
    else:
        assert iri == URIRef(ID + expected)


@pytest.mark.parametrize("text, other", [("Washington", "United States"), ("Moscow", "Russia")])
def test_a_label_that_is_another_entitys_alias_is_ambiguous(resolver, text, other):
    """The article says "Moscow" and "Washington" for the states (metonymy): they are the
    cities' labels and the states' aliases, so "what was said about Moscow?" must not silently
    answer with the city, about which nothing was said."""
    with pytest.raises(ParameterError) as error:
        resolver.resolve("entity", "entity", text)
    assert "ambiguous" in error.value.reason and other in error.value.reason
    assert error.value.ambiguous
    assert {c["label"] for c in error.value.candidates} == {text, other}


def test_type_restricts_resolution(resolver):
    with pytest.raises(ParameterError) as error:
        resolver.resolve("actor", "actor", "Pokrovsk")
    assert error.value.name == "actor" and "no actor named" in error.value.reason


def test_unknown_name_lists_candidates(resolver):
    with pytest.raises(ParameterError) as error:
        resolver.resolve("location", "location", "oblast")
    assert "no location named" in error.value.reason and not error.value.ambiguous
    labels = {c["label"] for c in error.value.candidates}
    assert labels == {"Donetsk Oblast", "Kharkiv Oblast", "Zaporizhzhia Oblast"}


def test_ambiguous_prefix_lists_candidates(resolver):
    with pytest.raises(ParameterError) as error:
        resolver.resolve("location", "location", "K")
    assert "ambiguous" in error.value.reason and error.value.ambiguous
    assert {"Kupiansk", "Kostiantynivka", "Kharkiv Oblast"} <= {
        c["label"] for c in error.value.candidates}


def test_an_unknown_name_that_says_ambiguous_is_not_ambiguous(resolver):
    # callers read the flag, not the wording: the reason quotes the name the user typed
    with pytest.raises(ParameterError) as error:
        resolver.resolve("entity", "entity", "ambiguous nobodyxyz")
    assert "no entity named" in error.value.reason and not error.value.ambiguous


def test_search_ranks_exact_then_prefix_then_substring(seed):
    hits = search(seed, "russia", 10)
    assert hits[0]["label"] == "Russia" and hits[0]["match"] == "exact"
    matches = [h["match"] for h in hits]
    order = ["exact", "prefix", "word prefix", "substring"]
    assert [order.index(m) for m in matches] == sorted(order.index(m) for m in matches)
    assert {"Russian Armed Forces", "Russian officials"} <= {h["label"] for h in hits}
    assert len(search(seed, "russia", 2)) == 2
    assert search(seed, "kupyan")[0]["entity"] == ID + "city/kupiansk"   # alias prefix
    assert search(seed, "") == [] and search(seed, "zzzz") == []


def test_resolver_sees_new_names_after_a_load():
    graph = Graph()
    town = URIRef(ID + "city/newtown")
    graph.add((town, RDF.type, URIRef("https://w3id.org/claimgraph/ontology#Location")))
    graph.add((town, RDFS.label, Literal("Newtown")))
    store = store_with(("http://example.org/g1", graph))
    resolver = Resolver(store, Catalog.load().system("resolve"))
    assert resolver.resolve("l", "location", "newtown") == town
    with pytest.raises(ParameterError):
        resolver.resolve("l", "location", "Oldtown")
    other = Graph()
    old = URIRef(ID + "city/oldtown")
    other.add((old, RDF.type, URIRef("https://w3id.org/claimgraph/ontology#Location")))
    other.add((old, RDFS.label, Literal("Oldtown")))
    store.replace_graph("http://example.org/g2", other)
    assert resolver.resolve("l", "location", "oldtown") == old
