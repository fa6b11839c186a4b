"""The ontology parses, documents every term, types every IRI it uses, and loads in owlready2."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from claimgraph.ontology.model import CG, ONTOLOGY_IRI, load_ontology, owlready_world, version_iri

# Properties deliberately without a domain, and why (keep docs/ontology-reference.md in step).
OPEN_DOMAIN = {
    CG.confidence: "any assertion (statement, claim, role, link) can carry a confidence",
    CG.slug: "every minted resource has a slug",
    CG.wikidata: "actors, locations, negotiations and operations all have Wikidata items",
    CG.recordedAt: "the claim ledger's status changes and watches both have a transaction time",
    CG.displayLabel: "whatever has an rdfs:label (actor, place, claim, document) has one to show",
}
# No property is deliberately without a range.
OPEN_RANGE: dict = {}

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


def cg_terms(g):
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(CG))})


def test_parses_with_version_iri(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert str(version_iri(ontology)).startswith("https://w3id.org/claimgraph/ontology/")
    assert len(ontology) > 500


def test_every_term_has_english_label_and_comment(ontology):
    missing = []
    for term in cg_terms(ontology):
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in ontology.objects(term, prop) if isinstance(v, Literal)]
            if not any(v.language == "en" and str(v).strip() for v in values):
                missing.append(f"{term} {prop}")
    assert missing == []


def test_every_term_used_is_defined(ontology):
    """A cg: IRI in object position that is never described is a typo."""
    used = {o for o in ontology.objects() if isinstance(o, URIRef) and o.startswith(str(CG))}
    defined = set(cg_terms(ontology))
    assert sorted(used - defined) == []


def test_properties_have_domain_and_range(ontology):
    problems = []
    for ptype in PROPERTY_TYPES:
        for prop in sorted(ontology.subjects(RDF.type, ptype)):
            if not str(prop).startswith(str(CG)):
                continue
            if ontology.value(prop, RDFS.domain) is None and prop not in OPEN_DOMAIN:
                problems.append(f"{prop} has no rdfs:domain")
            if ontology.value(prop, RDFS.range) is None and prop not in OPEN_RANGE:
                problems.append(f"{prop} has no rdfs:range")
            if ontology.value(prop, RDFS.domain) is not None and prop in OPEN_DOMAIN:
                problems.append(f"{prop} is listed as open but has a domain")
    assert problems == []


def test_every_iri_in_an_axiom_is_declared(ontology):
    """OWL 2 DL: each class, property and datatype an axiom mentions carries its type."""
    declared = set(ontology.subjects(RDF.type, None))
    builtin = {OWL.Thing, OWL.Nothing, RDFS.Literal, XSD.string, XSD.boolean, XSD.integer,
               XSD.decimal, XSD.anyURI, XSD.dateTime, RDF.PlainLiteral}
    axioms = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
              OWL.equivalentClass, OWL.onProperty)
    undeclared = set()
    for prop in axioms:
        for s, o in ontology.subject_objects(prop):
            for node in (s, o):
                if isinstance(node, URIRef) and node not in declared and node not in builtin:
                    undeclared.add(node)
    for lst in ontology.objects(None, OWL.unionOf):
        for node in ontology.items(lst):
            if isinstance(node, URIRef) and node not in declared and node not in builtin:
                undeclared.add(node)
    assert sorted(undeclared) == []


def test_no_iri_is_both_object_and_datatype_property(ontology):
    both = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) & set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert both == set()


def test_object_properties_range_over_classes_and_datatype_properties_over_datatypes(ontology):
    classes = set(ontology.subjects(RDF.type, OWL.Class)) | {OWL.Thing}
    datatypes = set(ontology.subjects(RDF.type, RDFS.Datatype)) | {
        XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.anyURI, XSD.dateTime, RDF.PlainLiteral}
    wrong = []
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ontology.objects(prop, RDFS.range):
            if isinstance(rng, URIRef) and rng not in classes:
                wrong.append(f"{prop} ranges over {rng}, not a class")
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ontology.objects(prop, RDFS.range):
            if isinstance(rng, URIRef) and rng not in datatypes:
                wrong.append(f"{prop} ranges over {rng}, not a datatype")
    assert sorted(wrong) == []


def test_controlled_vocabularies_are_skos_schemes(ontology):
    for cls, scheme in ((CG.StatementKind, CG.statementKinds), (CG.ClaimStatus, CG.claimStatuses),
                        (CG.ControlType, CG.controlTypes), (CG.Outcome, CG.outcomes)):
        members = set(ontology.subjects(RDF.type, cls))
        assert members, cls
        assert members == set(ontology.subjects(SKOS.inScheme, scheme))
        assert all(ontology.value(m, SKOS.prefLabel) is not None for m in members)


def test_standard_alignments(ontology):
    """The alignments the interchange contract relies on are stated."""
    expected = [
        (CG.Actor, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Agent")),
        (CG.Statement, RDFS.subClassOf, URIRef("http://schema.org/Claim")),
        (CG.Quotation, RDFS.subClassOf, URIRef("http://schema.org/Quotation")),
        (CG.Location, RDFS.subClassOf, URIRef("http://www.opengis.net/ont/geosparql#Feature")),
        (CG.speaker, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
        (CG.source, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
        (CG.about, RDFS.subPropertyOf, URIRef("http://schema.org/about")),
        (CG.party, RDFS.subPropertyOf, URIRef("http://schema.org/attendee")),
        (CG.locatedIn, RDFS.subPropertyOf, URIRef("http://schema.org/containedInPlace")),
        (CG.during, RDFS.subPropertyOf, URIRef("http://www.w3.org/2006/time#hasTime")),
        (CG.TextSpan, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#SpecificResource")),
    ]
    assert [t for t in expected if t not in ontology] == []


def test_owlready2_loads_it():
    world = owlready_world()
    assert world["https://w3id.org/claimgraph/ontology#Statement"] is not None
    assert world["https://w3id.org/claimgraph/ontology#speaker"] is not None
    assert world.ontology.base_iri.startswith("https://w3id.org/claimgraph/ontology")


def test_load_returns_fresh_graphs():
    a, b = load_ontology(), load_ontology()
    a.add((BNode(), RDFS.label, Literal("x")))
    assert len(a) == len(b) + 1
