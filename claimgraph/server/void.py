"""``/.well-known/void``: a VoID description of the dataset the endpoint serves.

It states the size (triples, entities, classes, properties, distinct subjects and objects), the
named graphs (one per source document, as ``void:subset``s with their sizes), the vocabularies
used, a few example resources, the SPARQL endpoint, and the linkset of ``owl:sameAs`` links to
Wikidata. The statistics come from the .rq queries in ``rq/``, run through the query workers like
any query, and are cached until the next write (or for ``VOID_CACHE_SECONDS``).
"""

from __future__ import annotations

import time
from importlib import resources

from flask import Blueprint, Response, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from claimgraph.graph.store import QueryResult
from claimgraph.server import formats
from claimgraph.server.errors import ApiError
from claimgraph.server.service import get_service

bp = Blueprint("void", __name__)

VOID = Namespace("http://rdfs.org/ns/void#")
WIKIDATA = URIRef("http://www.wikidata.org/entity/")
VOID_CACHE_SECONDS = 300.0


def _rq(name: str) -> str:
    return resources.files("claimgraph.server").joinpath("rq", f"{name}.rq").read_text("utf-8")


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1] if cut > 0 else iri


def build_void(base: str, endpoint: str) -> Graph:
    """The VoID graph of the current store; ``base`` is the dataset IRI, ``endpoint`` /sparql."""
    pool = get_service().pool
    stats = pool.records(_rq("void-stats"))[0]
    classes = pool.records(_rq("void-classes"))
    properties = [row["property"] for row in pool.records(_rq("void-properties"))]
    graphs = pool.records(_rq("void-graphs"))
    examples = pool.records(_rq("void-examples"))
    links = pool.records(_rq("void-wikidata-links"))[0]["links"]

    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    dataset = URIRef(base)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("claimgraph", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Who said what, about whom and where, in view of which negotiations: statements from "
        "reporting on the Russia-Ukraine war and its diplomacy.", lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    graph.add((dataset, VOID.uriSpace, Literal("https://w3id.org/claimgraph/id/")))
    for key, prop in (("triples", VOID.triples), ("entities", VOID.entities),
                      ("properties", VOID.properties), ("subjects", VOID.distinctSubjects),
                      ("objects", VOID.distinctObjects)):
        graph.add((dataset, prop, Literal(int(stats[key] or 0), datatype=XSD.integer)))
    graph.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    graph.add((dataset, VOID.documents, Literal(int(stats["graphs"] or 0), datatype=XSD.integer)))
    vocabularies = {_namespace(str(row["class"])) for row in classes} | \
        {_namespace(str(p)) for p in properties}
    for vocabulary in sorted(vocabularies):
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for row in classes:
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(str(row["class"]))))
        graph.add((partition, VOID.entities, Literal(int(row["instances"]), datatype=XSD.integer)))
    for row in graphs:
        subset = URIRef(str(row["graph"]))
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, Literal(int(row["triples"]), datatype=XSD.integer)))
    for row in examples:
        graph.add((dataset, VOID.exampleResource, URIRef(str(row["resource"]))))
    linkset = URIRef(base + "#wikidata-links")
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((linkset, VOID.subjectsTarget, dataset))
    graph.add((linkset, VOID.objectsTarget, WIKIDATA))
    graph.add((linkset, VOID.linkPredicate, OWL.sameAs))
    graph.add((linkset, VOID.triples, Literal(int(links or 0), datatype=XSD.integer)))
    graph.add((dataset, VOID.subset, linkset))
    return graph


@bp.route("/.well-known/void", methods=["GET"])
def void() -> Response:
    fmt_name = request.args.get("format")
    fmt = formats.by_name(fmt_name, "graph") if fmt_name else \
        formats.negotiate(request.headers.get("Accept"), "graph")
    if fmt is None:
        if fmt_name:
            raise ApiError(400, f"unknown format {fmt_name!r}")
        raise ApiError(406, "VoID is available as " + formats.acceptable_types("graph"))
    service = get_service()
    base = url_for("void.void", _external=True)
    key = (base, service.pool.generation.value)
    cached = service.void_cache.get("graph")
    if not cached or cached[0] != key or time.monotonic() - cached[1] > VOID_CACHE_SECONDS:
        cached = (key, time.monotonic(), build_void(base, url_for("sparql.sparql",
                                                                  _external=True)))
        service.void_cache["graph"] = cached
    body = fmt.serialize(QueryResult(kind="graph", graph=cached[2]))
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response
