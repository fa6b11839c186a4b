"""Paged catalog queries (limit/offset cut inside the query, on orders the ledger derives): pages
concatenate to the whole listing, ``limit=0`` is every row, the default is the first page, and the
derived links and pairs agree with the statements, counted here in Python."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest

from claimgraph.graph import ledger
from claimgraph.graph.store import open_store
from claimgraph.graph.synthetic import SyntheticGraph
from claimgraph.queries.runner import QueryRunner

PAGED = ["actor-network", "contradictions", "recurring-claims", "track-record", "timeline",
         "claim-status", "locations"]
CG = "https://w3id.org/claimgraph/ontology#"
FOAF_AGENT = "http://xmlns.com/foaf/0.1/Agent"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("paging") / "world.nq"
    with open(path, "w", encoding="utf-8") as out:
        SyntheticGraph(60_000, 3).write(out)
    store = open_store("memory:")
    store.load_file(str(path), "application/n-quads", default_graph="urn:unused")
    ledger.refresh(store, as_of=datetime.date(2026, 1, 1),
                   now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    return store


def rows(runner: QueryRunner, name: str, params: dict) -> list[tuple]:
    result = runner.execute(name, params).result
    # GROUP_CONCAT's order is the engine's to choose: compare the joined lists sorted
    return [tuple("; ".join(sorted(str(v).split("; "))) if v is not None else None
                  for v in (row.get(c) for c in result.variables)) for row in result.rows]


def pairs_of(store, predicate: str) -> list[tuple[str, str]]:
    result = store.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")
    return [(str(r["s"]), str(r["o"])) for r in result.rows]


@pytest.mark.parametrize("name", PAGED)
def test_pages_concatenate_to_the_whole_listing(world, name):
    runner = QueryRunner(world)
    whole = rows(runner, name, {"limit": 0})
    assert len(whole) > 20
    pages, offset = [], 0
    while page := rows(runner, name, {"limit": 7, "offset": offset}):
        pages += page
        offset += 7
    assert pages == whole


@pytest.mark.parametrize("name", ["actor-network", "contradictions", "claim-status", "timeline"])
def test_the_default_is_the_first_page(world, name):
    runner = QueryRunner(world)
    limit = int(runner.catalog.get(name).param("limit").default)
    assert rows(runner, name, {}) == rows(runner, name, {"limit": 0})[:limit]


def test_actor_network_links_are_the_statements_counted(world):
    speakers = defaultdict(set)
    for statement, speaker in pairs_of(world, CG + "speaker"):
        speakers[statement].add(speaker)
    agents = {s for s, o in pairs_of(world, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
              if o == FOAF_AGENT}
    counted = defaultdict(set)
    for statement, target in pairs_of(world, CG + "about"):
        for source in speakers[statement]:
            if target in agents and source != target:
                counted[(source, target, "spoke about")].add(statement)
    for predicate, relation in (("disputes", "disputed"), ("reports", "reported"),
                                ("supports", "supported")):
        for statement, other in pairs_of(world, CG + predicate):
            for source in speakers[statement]:
                for target in speakers[other] - {source}:
                    counted[(source, target, relation)].add(statement)
    runner = QueryRunner(world)
    links = runner.run("actor-network", limit=0)
    assert {(r["source"], r["target"], r["relation"]): r["weight"] for r in links} == {
        key: len(statements) for key, statements in counted.items()}
    weights = [r["weight"] for r in links]
    assert weights == sorted(weights, reverse=True)
    heavy = runner.run("actor-network", limit=0, min_weight=2)
    assert heavy == [r for r in links if r["weight"] >= 2] and heavy
    someone = links[0]["source"]
    assert runner.run("actor-network", limit=0, actor=someone) == [
        r for r in links if someone in (r["source"], r["target"])]


def test_contradiction_pairs_are_the_disputes(world):
    speakers = defaultdict(set)
    for statement, speaker in pairs_of(world, CG + "speaker"):
        speakers[statement].add(speaker)
    expected = {(s, o) for s, o in pairs_of(world, CG + "disputes")
                if any(a != b for a in speakers[s] for b in speakers[o])}
    assert not pairs_of(world, CG + "contradicts")  # the synthetic world only disputes
    records = QueryRunner(world).run("contradictions", limit=0)
    assert {(r["statement"], r["other_statement"]) for r in records} == expected
    keys = [(r["relation"], r["statement"], r["other_statement"]) for r in records]
    assert keys == sorted(keys)


def test_location_counts_are_the_statements_claims_and_operations_counted(world):
    places = {s for s, o in pairs_of(world, RDF_TYPE) if o == CG + "Location"}
    statements = {s for s, o in pairs_of(world, RDF_TYPE) if o == CG + "Statement"}
    expected = {}
    for column, predicate, counted in (("mentions", "about", statements),
                                       ("claims", "claimedLocation", None),
                                       ("targeted", "targets", None)):
        for subject, place in set(pairs_of(world, CG + predicate)):
            if place in places and (counted is None or subject in counted):
                expected.setdefault(place, {"mentions": 0, "claims": 0, "targeted": 0})
                expected[place][column] += 1
    records = QueryRunner(world).run("locations", limit=0)
    assert len(records) == len(places)
    got = {r["location"]: {c: r[c] for c in ("mentions", "claims", "targeted")} for r in records
           if (r["mentions"], r["claims"], r["targeted"]) != (0, 0, 0)}
    assert got == expected and any(c["claims"] for c in got.values())


def test_recurring_claims_figures_are_the_statements_counted(world):
    speakers, sources, dates = defaultdict(set), defaultdict(set), {}
    for statement, speaker in pairs_of(world, CG + "speaker"):
        speakers[statement].add(speaker)
    for statement, source in pairs_of(world, CG + "source"):
        sources[statement].add(source)
    for statement, date in pairs_of(world, CG + "dateReported"):
        dates[statement] = date
    assert not pairs_of(world, CG + "dateSaid")  # the synthetic world reports its dates
    copies = {s for s, _ in pairs_of(world, CG + "copyOf")}
    asserting = defaultdict(set)
    for statement, claim in pairs_of(world, CG + "asserts"):
        if speakers[statement] and sources[statement]:
            asserting[claim].add(statement)
    records = QueryRunner(world).run("recurring-claims", limit=0, min_statements=1)
    assert len(records) == len(asserting)
    for r in records:
        said = asserting[r["claim"]]
        assert r["statements"] == len(said - copies), r
        assert r["copies"] == len(said & copies), r
        assert r["speakers"] == len(set().union(*(speakers[s] for s in said))), r
        assert r["documents"] == len(set().union(*(sources[s] for s in said))), r
        when = sorted(dates[s] for s in said if s in dates)
        assert (r["first_date"], r["last_date"]) == ((when[0], when[-1]) if when else (None, None))


TIMELINE_PLAIN = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?statement WHERE {
  ?statement cg:speaker ?speaker ; cg:kind ?k ; cg:text ?text ; cg:source ?source .
  OPTIONAL { ?statement cg:dateSaid ?said }
  OPTIONAL { ?statement cg:dateReported ?reported }
  OPTIONAL { ?source cg:datePublished ?published }
  OPTIONAL { ?statement cg:span/oa:hasSelector/oa:start ?start }
  BIND(STR(COALESCE(?said, ?reported, ?published)) AS ?dkey)
}
ORDER BY (!BOUND(?dkey)) ?dkey ?source ?start ?statement"""


def test_timeline_order_derived_by_the_ledger_is_the_sparql_order(world):
    """Without parameters the timeline follows cg:timelineOrder (derived in Python at refresh):
    the same statements in the same order as the plain query sorting them in SPARQL."""
    plain = [str(r["statement"]) for r in world.query(TIMELINE_PLAIN).rows]
    answer = QueryRunner(world).execute("timeline", {"limit": 0}).result
    assert [str(r["statement"]) for r in answer.rows] == plain and len(plain) > 1000


def busiest_speaker(store) -> str:
    row = store.query(f"SELECT ?s (COUNT(?st) AS ?n) WHERE {{ ?st <{CG}speaker> ?s }} "
                      "GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1").rows[0]
    return str(row["s"])


@pytest.mark.parametrize("name, param, column, page", [
    ("statements-by", "actor", 0, 40), ("timeline", "entity", 1, 45), ("disputes", "actor", None, 4)])
def test_an_actors_listing_pages_concatenate_to_all_of_it(world, name, param, column, page):
    """Pages of the busiest speaker's listing concatenate to the whole (limit=0); those cut on
    the ledger's positions (statements-by, and timeline with an entity and no range) are the
    timeline's order restricted to the speaker's statements."""
    runner, actor = QueryRunner(world), busiest_speaker(world)
    whole = rows(runner, name, {param: actor, "limit": 0})
    assert len(whole) > 10
    pages = [r for offset in range(0, len(whole), page)
             for r in rows(runner, name, {param: actor, "limit": page, "offset": offset})]
    assert pages == whole
    if column is not None:
        mine = {r[column] for r in whole}
        timeline = [str(r["statement"]) for r in world.query(TIMELINE_PLAIN).rows]
        assert [r[column] for r in whole] == [s for s in timeline if s in mine]
        assert len(whole) > 100


def test_statements_by_one_kind_is_every_row_of_that_kind(world):
    """The every-row form (limit=0, a query of its own) and the pages agree with a kind too."""
    runner, actor = QueryRunner(world), busiest_speaker(world)
    every = rows(runner, "statements-by", {"actor": actor, "limit": 0})
    claims = rows(runner, "statements-by", {"actor": actor, "kind": "claim", "limit": 0})
    assert claims == [r for r in every if r[1] == "claim"] and 10 < len(claims) < len(every)
    pages = [r for offset in range(0, len(claims), 9)
             for r in rows(runner, "statements-by",
                           {"actor": actor, "kind": "claim", "limit": 9, "offset": offset})]
    assert pages == claims


def test_statements_by_without_a_ledger_lists_every_statement(tmp_path):
    """Loaded with --no-ledger, no statement has a position yet: all are listed, by IRI."""
    path = tmp_path / "world.nq"
    with open(path, "w", encoding="utf-8") as out:
        SyntheticGraph(20_000, 5).write(out)
    store = open_store("memory:")
    store.load_file(str(path), "application/n-quads", default_graph="urn:unused")
    actor = busiest_speaker(store)
    expected = sorted(str(r["st"]) for r in store.query(
        f"SELECT ?st WHERE {{ ?st <{CG}speaker> <{actor}> }}").rows)
    got = [r[0] for r in rows(QueryRunner(store), "statements-by", {"actor": actor, "limit": 0})]
    assert got == expected and len(got) > 10


def test_a_location_is_listed_once_under_its_display_label(tmp_path):
    """The order of locations is by each one's display label (its English label before smaller
    ones in other languages; unlabelled first), one row each."""
    path = tmp_path / "places.trig"
    path.write_text(f"""@prefix cg: <{CG}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:g> {{
  <urn:p:zed> a cg:Location ; rdfs:label "Zed"@en, "Alpha"@de, "Alpha"@fr .
  <urn:p:beta> a cg:Location ; rdfs:label "Beta" .
  <urn:p:nameless> a cg:Location .
}}""", encoding="utf-8")
    store = open_store("memory:")
    store.load_file(str(path), "application/trig", default_graph="urn:unused")
    ledger.refresh(store)  # the page reads the positions it derives, as `claimgraph load` does
    runner = QueryRunner(store)
    listed = [(str(r["location"]), r.get("label") and str(r["label"]))
              for r in runner.execute("locations", {}).result.rows]
    assert listed == [("urn:p:nameless", None), ("urn:p:beta", "Beta"), ("urn:p:zed", "Zed")]
    assert [r[:2] for r in rows(runner, "locations", {"limit": 0})] == \
        [(iri, label) for iri, label in listed]


DISPUTES_DIRECT = f"""PREFIX cg: <{CG}>
SELECT ?statement ?relation ?disputing_statement ?disputed_by WHERE {{
  {{ ?statement cg:speaker ?actor .
     ?disputing_statement cg:disputes ?statement ; cg:speaker ?disputed_by .
     OPTIONAL {{ ?disputing_statement cg:contradicts ?statement BIND(true AS ?c) }}
     BIND(IF(BOUND(?c), "contradicts", "disputes") AS ?relation) }}
  UNION
  {{ ?statement cg:speaker ?actor ; cg:asserts ?claim .
     ?disputing_statement cg:evidenceAgainst ?claim ; cg:speaker ?disputed_by .
     FILTER NOT EXISTS {{ ?claim a cg:DeadlineClaim }}
     FILTER NOT EXISTS {{ ?disputing_statement cg:disputes ?statement }}
     BIND("evidence against" AS ?relation) }}
  FILTER EXISTS {{ ?statement cg:speaker ?speaker FILTER(?speaker != ?disputed_by) }}
}}"""


def test_the_listed_disputes_are_those_the_statements_give(world):
    """disputes reads the entries the ledger derives: for every actor with disputes, the same
    rows as following the actor's statements to their disputes, in the order of their columns."""
    runner = QueryRunner(world)
    actors = [str(r["a"]) for r in world.query(
        f"SELECT DISTINCT ?a WHERE {{ ?e <{CG}disputeActor> ?a }} ORDER BY ?a").rows]
    speakers = {str(r["a"]) for r in world.query(
        f"SELECT DISTINCT ?a WHERE {{ ?d <{CG}disputes> ?s . ?s <{CG}speaker> ?a }}").rows}
    assert len(actors) > 20 and set(actors) == speakers
    columns = ("statement", "relation", "disputing_statement", "disputed_by")
    for actor in actors:
        direct = sorted({tuple(str(r[c]) for c in columns) for r in world.query(
            DISPUTES_DIRECT.replace("?actor", f"<{actor}>")).rows})
        listed = [tuple(str(r[c]) for c in columns) for r in
                  runner.execute("disputes", {"actor": actor, "limit": 0}).result.rows]
        assert listed == direct, actor
        page = runner.execute("disputes", {"actor": actor, "limit": 3, "offset": 1}).result.rows
        assert [tuple(str(r[c]) for c in columns) for r in page] == direct[1:4]
    silent = busiest_speaker(world) + "-nobody"
    assert runner.execute("disputes", {"actor": silent}).result.rows == []
