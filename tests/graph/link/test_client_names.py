"""The polite client (retries, back-off, caches, batching, User-Agent) and name normalization."""

from __future__ import annotations

import pytest

from claimgraph.graph.link.candidates import lookup_literals
from claimgraph.graph.link.client import EndpointError, SparqlClient
from claimgraph.graph.link.model import Entity, WD
from claimgraph.graph.link.linker import Linker
from claimgraph.graph.link.names import name_key, surface_variants, transliterate, RU_TABLE

QUERY = "SELECT ?label WHERE { <http://www.wikidata.org/entity/Q212> " \
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@pytest.mark.parametrize("a,b", [
    ("Kupiansk", "Kupyansk"), ("Kupiansk", "Kupjansk"), ("Kupiansk", "Kupyans'k"),
    ("Kupiansk", "Куп’янськ"), ("Kupiansk", "Купянск"), ("Huliaipole", "Hulyaipole"),
    ("Huliaipole", "Huliai-Pole"), ("Huliaipole", "Guljaj-Pole"), ("Huliaipole", "Гуляйполе"),
    ("Kostiantynivka", "Kostyantynivka"), ("Konstantinovka", "Константиновка"),
    ("Kostiantynivka", "Костянтинівка"), ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelensky"),
    ("Zaporizhzhia", "Zaporizhia"), ("Myrnohrad", "Мирноград"), ("the Kremlin", "Kremlin"),
    ("Vladimir Putin", "Владимир Путин"), ("Donets'k", "Donetsk"), ("Dnipro", "Дніпро"),
    ("Dnipro", "Днипро"), ("Mirnograd", "Myrnohrad"), ("Pokrovsk", "POKROVSK"),
])
def test_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a,b", [("Pokrovsk", "Myrnohrad"), ("Kupiansk", "Vovchansk"),
                                 ("Kostiantynivka", "Konstantinovka"), ("Russia", "Belarus")])
def test_different_names_differ(a, b):
    assert name_key(a) != name_key(b)


def test_surface_variants():
    assert {"Kupiansk", "Kupyansk"} <= surface_variants("Kupiansk")
    assert {"Pokrovsk", "Pokrovs’k", "Pokrovs'k"} <= surface_variants("Pokrovs'k")
    assert {"Huliaipole", "Gulyaypole"} <= surface_variants("Гуляйполе")
    assert "Kremlin" in surface_variants("the Kremlin")
    assert transliterate("Константиновка", RU_TABLE) == "Konstantinovka"
    assert transliterate("Костянтинівка") == "Kostiantynivka"
    literals = lookup_literals("Купянск")
    assert {lit.language for lit in literals if str(lit) == "Купянск"} == {"uk", "ru", "mul"}
    assert {lit.language for lit in literals if str(lit) == "Kupyansk"} == {"en", "mul"}


def test_client_names_itself_and_caches(endpoint, tmp_path):
    client = SparqlClient(endpoint.url, cache_dir=tmp_path)
    first = client.select(QUERY)
    assert {str(r["label"]) for r in first} == {"Ukraine", "Україна", "Украина"}
    assert client.select(QUERY) == first
    assert endpoint.requests == 1
    assert endpoint.user_agents[0].startswith("claimgraph/")
    again = SparqlClient(endpoint.url, cache_dir=tmp_path)  # the on-disk cache answers
    assert again.select(QUERY) == first and endpoint.requests == 1


def test_client_retries_with_backoff(endpoint):
    waits: list[float] = []
    endpoint.fail_next = 2
    client = SparqlClient(endpoint.url, backoff=0.5, sleep=waits.append)
    assert len(client.select(QUERY)) == 3
    assert waits == [0.5, 1.0] and endpoint.requests == 3


def test_client_gives_up_and_does_not_retry_a_bad_query(endpoint):
    endpoint.fail_next = 10
    client = SparqlClient(endpoint.url, retries=2, sleep=lambda s: None)
    with pytest.raises(EndpointError, match="gave up after 3 attempts.*503"):
        client.select(QUERY)
    endpoint.fail_next, endpoint.requests = 0, 0
    with pytest.raises(EndpointError, match="HTTP 400"):
        client.select("SELECT nonsense")
    assert endpoint.requests == 1


def test_unreachable_endpoint_is_a_clear_error():
    client = SparqlClient("http://127.0.0.1:9/sparql", retries=1, sleep=lambda s: None,
                          timeout=(1, 1))
    with pytest.raises(EndpointError, match="127.0.0.1:9.*gave up after 2 attempts"):
        client.select(QUERY)


def test_long_queries_are_posted_and_small_batches_give_the_same_answer(endpoint):
    entities = [Entity(WD[f"x{n}"], "City", name) for n, name in
                enumerate(["Pokrovsk", "Kupiansk", "Huliaipole", "Vovchansk", "Myrnohrad"])]
    big = Linker(SparqlClient(endpoint.url), batch_size=500).decide(entities)
    requests_big = endpoint.requests
    small = Linker(SparqlClient(endpoint.url), batch_size=5).decide(entities)
    assert endpoint.requests - requests_big > requests_big
    assert [[s.candidate.item for s in d.ranked] for d in big] == \
        [[s.candidate.item for s in d.ranked] for d in small]
