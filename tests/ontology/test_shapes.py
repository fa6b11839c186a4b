"""The SHACL shapes accept the worked example and refuse broken data with messages that say why."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from claimgraph.ontology.model import CG, CGSH, FOAF, GEO, OA, SCHEMA, SH
from claimgraph.ontology.shapes import contract_shapes, validate

from .conftest import DOC, iri

PUTIN_SAYS = iri("statement/putin-announced-captures")
MALOMUZH_SAYS = iri("statement/not-actually-happening")


@pytest.fixture
def check(shapes, hierarchy):
    def run(g: Graph, contract: bool = True) -> list[str]:
        return validate(g, contract=contract, shapes=shapes, hierarchy=hierarchy)
    return run


def some(messages: list[str], *needles: str) -> list[str]:
    """The messages containing all needles; fails if there is none."""
    hits = [m for m in messages if all(n in m for n in needles)]
    assert hits, f"{needles} not in:\n" + "\n".join(messages)
    return hits


def one(messages: list[str], *needles: str) -> str:
    """The single message containing all needles (fails listing the messages otherwise)."""
    hits = [m for m in messages if all(n in m for n in needles)]
    assert len(hits) == 1, f"{needles} not exactly once in:\n" + "\n".join(messages)
    return hits[0]


def test_shapes_parse_and_name_only_ontology_terms(shapes, ontology):
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) > 20
    used = {o for o in shapes.objects() if isinstance(o, URIRef) and o.startswith(str(CG))}
    used |= {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)
             and p.startswith(str(CG))}
    defined = set(ontology.subjects())
    assert sorted(used - defined) == []


def test_every_ontology_class_with_instances_in_data_is_targeted_or_covered(shapes, ontology):
    """Every top-level cg: class of data has a shape (subclasses are reached via the hierarchy)."""
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in (CG.Statement, CG.Actor, CG.Role, CG.CheckableClaim, CG.Location, CG.SourceDocument,
                CG.TextSpan, CG.Negotiation, CG.NegotiatingPosition, CG.MilitaryOperation,
                CG.Communication):
        assert cls in targeted, cls


def test_the_worked_example_is_valid(check, example):
    assert check(example) == []


def test_contract_shapes_can_be_left_out(check, example, shapes):
    assert len(contract_shapes(shapes)) >= 6
    g = example
    g.remove((iri("person/vladimir-putin"), RDF.type, FOAF.Agent))
    msg = one(check(g), "vladimir-putin", "foaf:Agent")
    assert "(Vladimir Putin)" in msg and "contract" in msg
    assert check(g, contract=False) == []


def test_statement_needs_exactly_one_speaker_that_is_an_actor(check, example):
    example.remove((PUTIN_SAYS, CG.speaker, None))
    msg = one(check(example, contract=False), "putin-announced-captures", "cg:speaker")
    assert "exactly one speaker" in msg and "MinCount" in msg
    assert "(he has already announced the capture" in msg  # the focus node's text, as its label

    example.add((PUTIN_SAYS, CG.speaker, iri("person/vladimir-putin")))
    example.add((PUTIN_SAYS, CG.speaker, iri("person/mykola-malomuzh")))
    one(check(example, contract=False), "putin-announced-captures", "cg:speaker", "MaxCount")

    example.remove((PUTIN_SAYS, CG.speaker, None))
    example.add((PUTIN_SAYS, CG.speaker, iri("city/pokrovsk")))
    msg = one(check(example, contract=False), "putin-announced-captures", "cg:speaker", "Class")
    assert "speaker is an actor" in msg and "city/pokrovsk" in msg


def test_statement_needs_a_source_document_and_a_plain_string_text(check, example):
    example.remove((PUTIN_SAYS, CG.source, None))
    example.set((PUTIN_SAYS, CG.text, Literal("he has already announced", lang="en")))
    messages = check(example, contract=False)
    one(messages, "putin-announced-captures", "cg:source", "MinCount")
    one(messages, "putin-announced-captures", "cg:text", "Datatype")


def test_kind_must_come_from_the_list(check, example):
    example.set((PUTIN_SAYS, CG.kind, CG.rumour))
    msg = one(check(example), "putin-announced-captures", "cg:kind")
    assert "cg:rumour" in msg and "StatementKind list" in msg


def test_dates_must_be_dates(check, example):
    example.add((PUTIN_SAYS, CG.dateSaid, Literal("2025-11-20")))
    example.set((iri("role/malomuzh-szru-chief"), CG.endDate, Literal("last year")))
    messages = check(example)
    one(messages, "putin-announced-captures", "cg:dateSaid", "xsd:date")
    one(messages, "malomuzh-szru-chief", "cg:endDate", "last year")


def test_coordinates_must_be_a_wkt_point_on_the_globe(check, example):
    geom = iri("city/pokrovsk-geometry")
    example.set((geom, GEO.asWKT, Literal("LINESTRING(37 48, 38 49)", datatype=GEO.wktLiteral)))
    one(check(example), "pokrovsk-geometry", "geo:asWKT", "POINT(long lat)")
    example.set((geom, GEO.asWKT, Literal("POINT(37.17706 48.28014)")))  # a plain string
    one(check(example), "pokrovsk-geometry", "geo:asWKT", "Datatype")
    example.set((geom, GEO.asWKT, Literal("POINT(237.1 48.2)", datatype=GEO.wktLiteral)))
    one(check(example), "pokrovsk-geometry", "off the globe")
    example.set((geom, GEO.asWKT, Literal("POINT(37.1 -90.5)", datatype=GEO.wktLiteral)))
    one(check(example), "pokrovsk-geometry", "off the globe")
    example.set((geom, GEO.asWKT, Literal(
        "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> Point(-180 90.0)", datatype=GEO.wktLiteral)))
    assert check(example) == []


def test_span_selectors_must_match_the_source_text(check, example):
    span = iri("statement/putin-announced-captures-span")
    position = next(s for s in example.objects(span, OA.hasSelector)
                    if (s, RDF.type, OA.TextPositionSelector) in example)
    example.set((position, OA.start, Literal(2028)))
    example.set((position, OA.end, Literal(2090)))
    msg = one(check(example), "full text (cg:fullText) at characters 2028-2090")
    assert msg.startswith("<https://w3id.org/claimgraph/id/statement/putin-announced-captures-span>")
    example.set((position, OA.end, Literal(2100)))
    one(check(example), "putin-announced-captures-span", "62 characters long but the position selector spans 72")


def test_span_needs_both_selectors_and_integer_offsets(check, example):
    span = iri("statement/not-actually-happening-span")
    for sel in list(example.objects(span, OA.hasSelector)):
        if (sel, RDF.type, OA.TextQuoteSelector) in example:
            example.remove((span, OA.hasSelector, sel))
        else:
            example.set((sel, OA.start, Literal("1916")))
    messages = check(example)
    one(messages, "not-actually-happening-span", "oa:hasSelector", "TextQuoteSelector")
    one(messages, "oa:start", "is an integer", "[Or")


def test_span_must_come_from_the_statements_source(check, example):
    example.set((iri("statement/putin-announced-captures-span"), OA.hasSource,
                 iri("document/another")))
    example.add((iri("document/another"), RDF.type, CG.NewsArticle))
    example.add((iri("document/another"), CG.headline, Literal("Another")))
    messages = check(example, contract=False)
    # sh:equals reports the values found on either side only: the wrong and the right source.
    hits = some(messages, "putin-announced-captures-span", "the source (cg:source) of the statement")
    assert len(hits) == 2 and all("[Equals" in m for m in hits)


def test_roles_need_a_holder_and_a_title(check, example):
    role = iri("role/malomuzh-szru-chief")
    example.remove((role, CG.roleTitle, None))
    example.remove((role, CG.roleHolder, None))
    messages = check(example)
    one(messages, "malomuzh-szru-chief", "cg:roleTitle", "MinCount")
    one(messages, "malomuzh-szru-chief", "cg:roleHolder", "MinCount")
    one(messages, "malomuzh-szru-chief", "^cg:holdsRole", "Equals")


def test_checkable_claims_need_a_status_from_the_list(check, example):
    claim = iri("claim/russia-captured-pokrovsk")
    example.remove((claim, CG.status, None))
    one(check(example), "Russia captured Pokrovsk", "cg:status", "MinCount")
    example.add((claim, CG.status, CG.probablyTrue))
    one(check(example), "Russia captured Pokrovsk", "cg:status", "In")


def test_deadline_failures_cannot_exceed_deadlines(check, example):
    claim = iri("claim/pokrovsk-deadlines")
    for p, o in ((RDF.type, CG.DeadlineClaim), (CG.setBy, iri("person/vladimir-putin")),
                 (CG.deadlineCount, Literal(16)), (CG.failedCount, Literal(17)),
                 (CG.status, CG.expired), (CG.outcome, CG.failed)):
        example.add((claim, p, o))
    example.add((PUTIN_SAYS, CG.asserts, claim))
    one(check(example), "pokrovsk-deadlines", "cg:failedCount", "LessThanOrEquals")


def test_positions_are_held_by_parties(check, example):
    talks = iri("negotiation/russia-us-peace-talks")
    position = iri("position/ukraine-in-talks")
    example.add((talks, CG.hasPosition, position))
    example.add((position, RDF.type, CG.NegotiatingPosition))
    example.add((position, CG.heldBy, iri("country/ukraine")))
    example.add((position, CG.goal, Literal("No territorial concessions")))
    msg = one(check(example), "russia-us-peace-talks", "not a party")
    assert "country/ukraine" in msg


def test_negotiations_need_two_parties(check, example):
    talks = iri("negotiation/russia-us-peace-talks")
    example.remove((talks, CG.party, iri("country/united-states")))
    one(check(example, contract=False), "russia-us-peace-talks", "cg:party", "at least two parties")


def test_documents_need_a_headline(check, example):
    example.remove((DOC, CG.headline, None))
    one(check(example), "tsn-2972918-malomuzh-six-axes", "cg:headline", "MinCount")


def test_statements_cannot_dispute_and_support_the_same_statement(check, example):
    example.add((MALOMUZH_SAYS, CG.supports, PUTIN_SAYS))
    one(check(example), "not-actually-happening", "cg:disputes", "Disjoint")
    example.add((PUTIN_SAYS, CG.disputes, PUTIN_SAYS))
    msg = one(check(example), "putin-announced-captures", "linked to itself")
    assert msg.startswith("<https://w3id.org/claimgraph/id/statement/putin-announced-captures> (he")
    assert "ontology#disputes" in msg


def test_subclass_instances_are_targeted(check, example):
    """A quotation typed only cg:Quotation is still checked as a statement."""
    example.remove((MALOMUZH_SAYS, RDF.type, CG.Statement))
    assert check(example) == []
    example.remove((MALOMUZH_SAYS, CG.cue, None))
    example.remove((MALOMUZH_SAYS, CG.text, None))
    one(check(example, contract=False), "not-actually-happening", "cg:text", "MinCount")


def test_contract_statement_triples(check, example):
    example.remove((MALOMUZH_SAYS, SCHEMA.about, iri("city/pokrovsk")))
    example.remove((MALOMUZH_SAYS, RDF.type, SCHEMA.Quotation))
    example.set((PUTIN_SAYS, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"),
                 iri("person/mykola-malomuzh")))
    messages = check(example)
    one(messages, "not-actually-happening", "schema:about", "city/pokrovsk", "Equals")
    one(messages, "not-actually-happening", "schema:Quotation", "[Or")
    one(messages, "not-actually-happening", "a cg:Quotation is explicitly a schema:Quotation")
    # sh:equals reports each value found on one side only: here one of each.
    hits = [m for m in messages if "putin-announced-captures" in m and "[Equals" in m]
    assert len(hits) == 2 and all("prov:wasAttributedTo" in m for m in hits)


def test_contract_location_and_links(check, example):
    city = iri("city/pokrovsk")
    example.remove((city, SCHEMA.containedInPlace, None))
    example.remove((city, RDF.type, GEO.Feature))
    example.remove((city, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1000446")))
    example.add((city, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q1000446")))
    messages = check(example)
    one(messages, "(Pokrovsk)", "schema:containedInPlace")
    one(messages, "(Pokrovsk)", "geo:Feature")
    one(messages, "(Pokrovsk)", "owl:sameAs", "Wikidata entity")
    one(messages, "(Pokrovsk)", "cg:wikidata Q1000446 has no owl:sameAs")


def test_contained_in_place_may_say_more_than_the_parent(check, example):
    # `claimgraph enrich` copies a linked item's country into schema:containedInPlace: the
    # contract's sh:equals with cg:locatedIn refused every enrichment of a river or a city
    city = iri("city/pokrovsk")
    example.add((city, SCHEMA.containedInPlace, URIRef("http://www.wikidata.org/entity/Q212")))
    assert not [m for m in check(example) if "containedInPlace" in m]


def test_quotation_contract(check, example):
    example.remove((MALOMUZH_SAYS, RDF.type, CG.Quotation))
    example.remove((MALOMUZH_SAYS, RDF.type, SCHEMA.Quotation))
    msg = one(check(example), "not-actually-happening", "direct quotation")
    assert "[Or" in msg
    assert check(example, contract=False) == []


def test_a_dataset_is_validated_as_the_union_of_its_graphs(check, example):
    from rdflib import Dataset

    ds = Dataset()
    graph = ds.graph(DOC)
    for t in example:
        graph.add(t)
    assert check(ds) == []


def test_web_addresses_must_be_http(check, example):
    putin = iri("person/vladimir-putin")
    example.add((putin, SCHEMA.url, URIRef("https://en.wikipedia.org/wiki/Vladimir_Putin")))
    example.add((putin, SCHEMA.url, Literal("HTTP://kremlin.ru/", datatype=XSD.anyURI)))
    assert check(example, contract=False) == []
    example.add((putin, SCHEMA.url, URIRef("javascript:alert(document.cookie)")))
    example.add((putin, SCHEMA.url, Literal("data:text/html,<script>x</script>",
                                            datatype=XSD.anyURI)))
    messages = check(example, contract=False)
    assert len(messages) == 2
    one(messages, "(Vladimir Putin)", "schema:url is an http(s) address", "javascript:alert")
    one(messages, "(Vladimir Putin)", "schema:url is an http(s) address", "data:text/html")
