"""A VoID description of a claimgraph dump, with its licence, so the graph can be published as
linked data (https://www.w3.org/TR/void/).

``void_description(store, dumps=[...], license=...)`` describes the whole store as one
``void:Dataset``: its size (triples, distinct subjects and objects, properties), a class
partition, each named graph as a subset (a source document, a linkset, an enrichment), the
linksets as ``void:Linkset`` subsets with their targets, the dump files, the SPARQL endpoint and
the IRI space. ``write_void(path, graph)`` writes it as Turtle. The store helper's
``claimgraph export --all`` calls these to write ``void.ttl`` beside the dump.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from claimgraph import __version__
from claimgraph.graph.annotation_rdf import stable_hash
from claimgraph.graph.link.model import ID, LINKSET_BASE, render
from claimgraph.graph.store import Store

DATASET = ID["dataset"]
# The annotations are claimgraph's; enrichment graphs hold Wikidata facts, which are CC0.
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = ["https://w3id.org/claimgraph/ontology#", "http://schema.org/",
                "http://www.w3.org/ns/prov#", "http://xmlns.com/foaf/0.1/",
                "http://www.opengis.net/ont/geosparql#", "http://www.w3.org/2004/02/skos/core#",
                "http://www.w3.org/ns/oa#"]


def void_description(store: Store, *, dumps: list[str], license: str = DEFAULT_LICENSE,
                     sparql_endpoint: str | None = None, dataset: URIRef = DATASET,
                     title: str = "claimgraph: who said what, about whom and where",
                     modified: dt.datetime | None = None) -> Graph:
    """The VoID description of the store's contents and of the dump files ``dumps`` (URLs)."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(title, lang="en")))
    g.add((dataset, DCTERMS.license, URIRef(license)))
    g.add((dataset, DCTERMS.modified, Literal(
        (modified or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0),
        datatype=XSD.dateTime)))
    g.add((dataset, DCTERMS.creator, Literal(f"claimgraph {__version__}")))
    g.add((dataset, VOID.uriSpace, Literal(str(ID))))
    g.add((dataset, FOAF.homepage, URIRef("https://w3id.org/claimgraph")))
    for vocabulary in VOCABULARIES:
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for dump in dumps:
        g.add((dataset, VOID.dataDump, URIRef(dump)))
    if sparql_endpoint:
        g.add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    for row in store.query(render("void_stats")).rows:
        what, key, n = str(row["what"]), row.get("key"), int(row["n"])  # type: ignore[arg-type]
        if what == "class" and isinstance(key, URIRef):
            part = URIRef(f"{dataset}#class-{stable_hash(key)}")
            g.add((dataset, VOID.classPartition, part))
            g.add((part, VOID["class"], key))
            g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
        elif what == "graph" and isinstance(key, URIRef):
            g.add((dataset, VOID.subset, key))
            g.add((key, VOID.triples, Literal(n, datatype=XSD.integer)))
            if str(key).startswith(str(LINKSET_BASE)):
                _describe_linkset(store, g, key)
            else:
                g.add((key, RDF.type, VOID.Dataset))
        elif what in ("triples", "distinctSubjects", "distinctObjects", "properties"):
            g.add((dataset, VOID[what], Literal(n, datatype=XSD.integer)))
    return g


def _describe_linkset(store: Store, g: Graph, linkset: URIRef) -> None:
    g.add((linkset, RDF.type, VOID.Linkset))
    own = store.triples(str(linkset))
    for p in (VOID.linkPredicate, VOID.objectsTarget, DCTERMS.created):
        for o in own.objects(linkset, p):
            g.add((linkset, p, o))
    for target in own.objects(linkset, VOID.objectsTarget):
        for endpoint in own.objects(target, VOID.sparqlEndpoint):
            g.add((target, VOID.sparqlEndpoint, endpoint))
    g.add((linkset, VOID.subjectsTarget, DATASET))


def write_void(path: str | Path, graph: Graph) -> Path:
    """Write the description as Turtle (atomically) and return the path."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    tmp.replace(target)
    return target
