"""Namespaces, term constants and loaders for the claimgraph ontology and its SHACL shapes.

Everything that needs the ontology as data goes through here: ``load_ontology()`` and
``load_shapes()`` parse the packaged Turtle files (found with importlib.resources, so they work
after a plain ``pip install``), and ``owlready_world()`` puts the ontology, plus optional data,
into a fresh owlready2 World for the reasoners.
"""

from __future__ import annotations

import io
from importlib import resources
from importlib.abc import Traversable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

CG = Namespace("https://w3id.org/claimgraph/ontology#")
CGSH = Namespace("https://w3id.org/claimgraph/shapes#")
CGID = Namespace("https://w3id.org/claimgraph/id/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
OWL_TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
DBPEDIA = Namespace("http://dbpedia.org/resource/")

ONTOLOGY_IRI = URIRef("https://w3id.org/claimgraph/ontology")
SHAPES_IRI = URIRef("https://w3id.org/claimgraph/shapes")

#: Prefixes bound on every graph this package produces, in a stable order.
PREFIXES: dict[str, Namespace] = {
    "cg": CG,
    "cgsh": CGSH,
    "schema": SCHEMA,
    "prov": PROV,
    "foaf": FOAF,
    "geo": GEO,
    "oa": OA,
    "time": OWL_TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "void": VOID,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "vann": VANN,
    "wd": WD,
}

# The controlled vocabularies, in the order the ontology lists them.
STATEMENT_KINDS = tuple(CG[k] for k in (
    "claim", "assessment", "announcement", "prediction", "denial", "threat", "demand", "deadline",
    "other"))
CLAIM_STATUSES = tuple(CG[k] for k in (
    "asserted", "unverified", "disputed", "confirmed", "refuted", "expired"))
CONTROL_TYPES = (CG.capture, CG.control)
OUTCOMES = (CG.met, CG.failed, CG.pending)

WKT_LITERAL = GEO.wktLiteral


def ontology_path() -> Traversable:
    """The packaged ontology file, claimgraph/ontology/claimgraph.ttl."""
    return resources.files("claimgraph.ontology") / "claimgraph.ttl"


def shapes_path() -> Traversable:
    """The packaged SHACL shapes file, claimgraph/ontology/shapes.ttl."""
    return resources.files("claimgraph.ontology") / "shapes.ttl"


def bind_prefixes(g: Graph) -> Graph:
    """Bind the project's prefixes on ``g`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _parse(path: Traversable) -> Graph:
    g = bind_prefixes(Graph())
    g.parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=str(ONTOLOGY_IRI))
    return g


def load_ontology() -> Graph:
    """Parse the ontology into a new rdflib Graph (about a thousand triples)."""
    return _parse(ontology_path())


def load_shapes() -> Graph:
    """Parse the SHACL shapes into a new rdflib Graph."""
    return _parse(shapes_path())


def version_iri(ontology: Graph | None = None) -> URIRef:
    """The ontology's owl:versionIRI."""
    g = ontology if ontology is not None else load_ontology()
    value = g.value(ONTOLOGY_IRI, OWL.versionIRI)
    if not isinstance(value, URIRef):
        raise ValueError("the ontology has no owl:versionIRI")
    return value


def label(g: Graph, node: URIRef, lang: str = "en") -> str | None:
    """The node's rdfs:label in ``lang`` (or an untagged one), else None."""
    fallback = None
    for value in g.objects(node, RDFS.label):
        if isinstance(value, Literal):
            if value.language == lang:
                return str(value)
            if value.language is None and fallback is None:
                fallback = str(value)
    return fallback


def owlready_world(extra: Graph | None = None):
    """A fresh owlready2 World holding the ontology and, if given, the triples of ``extra``.

    Each call builds its own World (an in-memory quadstore), so worlds never leak between calls.
    The graphs are handed over as N-Triples, which owlready2 parses natively. The returned
    object is an ``owlready2.World``; its ``ontology`` attribute is the loaded ontology.
    """
    import owlready2  # imported here: it is slow to import and only the reasoners need it

    world = owlready2.World()
    onto = world.get_ontology(str(ONTOLOGY_IRI))
    onto.load(fileobj=io.BytesIO(load_ontology().serialize(format="nt", encoding="utf-8")),
              format="ntriples")
    if extra is not None and len(extra):
        data = world.get_ontology("https://w3id.org/claimgraph/id/reasoning-input")
        data.load(fileobj=io.BytesIO(extra.serialize(format="nt", encoding="utf-8")),
                  format="ntriples")
    world.ontology = onto
    return world
