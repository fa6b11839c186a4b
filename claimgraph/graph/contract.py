"""Materialize the interchange contract and the simple entailments users query without a reasoner.

The store always holds, next to claimgraph's own triples, the standard ones that generic SPARQL
users and external tools understand (schema.org, PROV-O, FOAF, GeoSPARQL, SKOS, owl:sameAs), so
nobody has to learn our vocabulary. They follow from the ontology's axioms, which this module
applies forward to a document's graph:

- superclass types (``rdfs:subClassOf``): a cg:Person is a foaf:Person, foaf:Agent, schema:Person;
- super-properties (``rdfs:subPropertyOf``): cg:speaker gives prov:wasAttributedTo, cg:about
  gives schema:about, cg:locatedIn gives schema:containedInPlace, cg:party gives schema:attendee;
- inverse (``owl:inverseOf``) and symmetric properties: cg:disputes / cg:disputedBy;
- transitive properties: cg:locatedIn, so a city is in its oblast's country too;
- a few contract rules that are not subsumption: cg:url gives schema:url (an IRI), labels of
  actors and places are also their foaf:name / schema:name.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS

CG = Namespace("https://w3id.org/claimgraph/ontology#")
SCHEMA = Namespace("http://schema.org/")


class _Axioms:
    """The ontology's subclass, subproperty, inverse, symmetric and transitive axioms, closed."""

    def __init__(self, ontology: Graph) -> None:
        self.superclasses = _closure(ontology, RDFS.subClassOf)
        self.superproperties = _closure(ontology, RDFS.subPropertyOf)
        self.inverses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in ontology.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.inverses[a].add(b)
                self.inverses[b].add(a)
        for p in ontology.subjects(RDF.type, OWL.SymmetricProperty):
            if isinstance(p, URIRef):
                self.inverses[p].add(p)
        self.transitive = {p for p in ontology.subjects(RDF.type, OWL.TransitiveProperty)
                           if isinstance(p, URIRef)}


def _closure(ontology: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(relation):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[sub].add(sup)
    closed: dict[URIRef, set[URIRef]] = {}
    for term in list(direct):
        seen: set[URIRef] = set()
        stack = list(direct[term])
        while stack:
            nxt = stack.pop()
            if nxt not in seen:
                seen.add(nxt)
                stack.extend(direct.get(nxt, ()))
        closed[term] = seen
    return closed


@lru_cache(maxsize=1)
def axioms() -> _Axioms:
    """The closed axioms of the packaged ontology (parsed once per process)."""
    text = resources.files("claimgraph.ontology").joinpath("claimgraph.ttl").read_text("utf-8")
    return _Axioms(Graph().parse(data=text, format="turtle"))


def materialize(graph: Graph) -> Graph:
    """Add the contract and entailment triples to ``graph`` (in place) and return it."""
    ax = axioms()
    added: list[tuple] = []
    for s, p, o in graph:
        if p == RDF.type and isinstance(o, URIRef):
            added.extend((s, RDF.type, sup) for sup in ax.superclasses.get(o, ()))
        elif isinstance(p, URIRef):
            for inverse in ax.inverses.get(p, ()):
                if isinstance(o, URIRef):
                    added.append((o, inverse, s))
    for triple in added:
        graph.add(triple)

    for p in ax.transitive:
        _close_transitive(graph, p)

    added = []
    for s, p, o in graph:
        if isinstance(p, URIRef):
            added.extend((s, sup, o) for sup in ax.superproperties.get(p, ()))
    for triple in added:
        graph.add(triple)

    for s, url in list(graph.subject_objects(CG.url)):
        graph.add((s, SCHEMA.url, URIRef(str(url))))
    for cls in (FOAF.Agent, SCHEMA.Place, SCHEMA.Event):
        for s in list(graph.subjects(RDF.type, cls)):
            for label in list(graph.objects(s, RDFS.label)):
                graph.add((s, SCHEMA.name, label))
                if cls == FOAF.Agent:
                    graph.add((s, FOAF.name, label))
    return graph


def _close_transitive(graph: Graph, p: URIRef) -> None:
    edges: dict = defaultdict(set)
    for s, o in graph.subject_objects(p):
        edges[s].add(o)
    for start in list(edges):
        seen: set = set()
        stack = list(edges[start])
        while stack:
            nxt = stack.pop()
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                stack.extend(edges.get(nxt, ()))
        for target in seen:
            graph.add((start, p, target))


__all__ = ["materialize", "axioms"]
