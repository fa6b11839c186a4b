"""The ontology reference as data: every term with its label, comment, anchors and axioms.

Read from the packaged ontology (claimgraph/ontology/claimgraph.ttl), so the page always
matches the ontology the server ships.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from claimgraph.server.web.iris import href
from claimgraph.server.web.vocab import CG, compact, ontology, term_label

SECTIONS = [("classes", "Classes", [OWL.Class]),
            ("object-properties", "Object properties", [OWL.ObjectProperty]),
            ("datatype-properties", "Datatype properties", [OWL.DatatypeProperty]),
            ("datatypes", "Datatypes", [RDFS.Datatype]),
            ("individuals", "Values (named individuals)", [])]


def _ref(term: Any) -> dict[str, str] | None:
    if isinstance(term, BNode):
        return None
    return {"iri": str(term), "label": term_label(str(term)), "compact": compact(str(term)),
            "href": href(str(term))}


def _refs(graph: Any, s: URIRef, p: URIRef) -> list[dict[str, str]]:
    return sorted((r for r in (_ref(o) for o in graph.objects(s, p)) if r),
                  key=lambda r: r["compact"])


def _union_of(graph: Any, s: URIRef) -> list[dict[str, str]]:
    """The members of the union ``s`` is equivalent to (cg:CalendarDate: xsd:date, ...)."""
    members = []
    for equivalent in graph.objects(s, OWL.equivalentClass):
        for head in graph.objects(equivalent, OWL.unionOf):
            members += [r for r in (_ref(m) for m in Collection(graph, head)) if r]
    return members


def _term(graph: Any, s: URIRef) -> dict[str, Any]:
    comment = next((str(c) for c in graph.objects(s, RDFS.comment)), "")
    return {"iri": str(s), "anchor": str(s)[len(CG):], "label": term_label(str(s)),
            "compact": compact(str(s)), "comment": comment,
            "types": [r for r in _refs(graph, s, RDF.type)
                      if r["iri"] not in (str(OWL.Class), str(OWL.ObjectProperty),
                                          str(OWL.DatatypeProperty), str(RDFS.Datatype))],
            "superclasses": _refs(graph, s, RDFS.subClassOf),
            "superproperties": _refs(graph, s, RDFS.subPropertyOf),
            "domain": _refs(graph, s, RDFS.domain), "range": _refs(graph, s, RDFS.range),
            "inverse": _refs(graph, s, OWL.inverseOf), "union_of": _union_of(graph, s),
            "subclasses": sorted((r for r in (_ref(x) for x in graph.subjects(RDFS.subClassOf, s))
                                  if r), key=lambda r: r["compact"]),
            "instances": sorted((r for r in (_ref(x) for x in graph.subjects(RDF.type, s))
                                 if r and r["iri"].startswith(CG)), key=lambda r: r["compact"])}


def reference() -> dict[str, Any]:
    """The ontology's header and its terms by section."""
    graph = ontology()
    onto = URIRef(CG.rstrip("#"))
    header = {"iri": str(onto), "label": str(graph.value(onto, RDFS.label) or "claimgraph"),
              "comment": str(graph.value(onto, RDFS.comment) or ""),
              "version": str(graph.value(onto, OWL.versionInfo) or "")}
    placed: set[URIRef] = set()
    sections = []
    for key, title, classes in SECTIONS:
        if classes:
            terms = {s for c in classes for s in graph.subjects(RDF.type, c)}
        else:
            terms = {s for s, o in graph.subject_objects(RDF.type)
                     if (o, RDF.type, OWL.Class) in graph and str(o).startswith(CG)}
        terms = sorted((t for t in terms if isinstance(t, URIRef) and str(t).startswith(CG)
                        and t not in placed), key=lambda t: str(t).lower())
        placed.update(terms)
        sections.append({"key": key, "title": title, "terms": [_term(graph, t) for t in terms]})

    return {"ontology": header, "sections": sections}
