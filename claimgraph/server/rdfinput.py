"""Parsing RDF request bodies (Graph Store uploads) safely into rdflib triples.

Bodies are parsed with Oxigraph's parsers (through pyoxigraph), not rdflib's: they never fetch
a remote JSON-LD context, never expand XML external entities (XXE) and are fast. Oxigraph does
expand internal XML entities, though, and slows down with the square of the nesting depth, so an
RDF/XML body first passes the check ``claimgraph load`` makes of RDF/XML files
(graph/xmlcheck.py): no DOCTYPE, at most ``MAX_DEPTH`` levels of elements. Blank nodes get
labels unique to the upload, so that they cannot merge with blank nodes already in the store.

The triples stay pyoxigraph terms, which the store writes as they are: as ``claimgraph load``
does, an upload is stored exactly as sent. (Made into rdflib terms, literals would be rewritten
to rdflib's canonical form, ``"01"^^xsd:integer`` becoming ``"1"``, and an ill-typed one such as
``"x"^^xsd:integer``, which RDF allows, would log a traceback.) A literal over
``MAX_LITERAL_CHARS`` is refused, as the loader refuses it.
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox

from claimgraph.graph.backends.terms import MAX_LITERAL_CHARS
from claimgraph.graph.xmlcheck import XmlRefused, check_rdf_xml
from claimgraph.server.errors import ApiError

UPLOAD_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

UploadTerm = ox.NamedNode | ox.BlankNode | ox.Literal
UploadTriple = tuple[UploadTerm, UploadTerm, UploadTerm]


def _term(term: object, bnode_prefix: str, mimetype: str) -> UploadTerm:
    if isinstance(term, ox.NamedNode):
        return term
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(bnode_prefix + term.value)
    if isinstance(term, ox.Literal):
        if len(term.value) > MAX_LITERAL_CHARS:
            raise ApiError(400, f"the {mimetype} body holds a literal of {len(term.value):,} "
                                f"characters; the limit is {MAX_LITERAL_CHARS:,} characters (as "
                                "for claimgraph load)")
        return term
    raise ApiError(400, "RDF 1.2 triple terms are not supported in uploads")


def parse_body(data: bytes, mimetype: str, base_iri: str) -> list[UploadTriple]:
    """The triples of an upload; 415 for a format we do not read, 400 naming the error's place."""
    rdf_format = UPLOAD_FORMATS.get(mimetype.lower())
    if rdf_format is None:
        raise ApiError(415, f"cannot read {mimetype or 'a body without Content-Type'}; send one "
                            "of: " + ", ".join(UPLOAD_FORMATS))
    if rdf_format == ox.RdfFormat.RDF_XML and data.strip():   # empty: no triples, as elsewhere
        try:
            check_rdf_xml(data)
        except XmlRefused as exc:
            raise ApiError(400, f"the {mimetype} body, line {exc.line}: {exc.reason}") from None
    prefix = f"u{uuid.uuid4().hex[:12]}"
    triples: list[UploadTriple] = []
    try:
        for quad in ox.parse(input=data, format=rdf_format, base_iri=base_iri):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise ApiError(400, "the upload names a graph; a Graph Store upload holds "
                                    "triples only")
            triples.append((_term(quad.subject, prefix, mimetype),
                            _term(quad.predicate, prefix, mimetype),
                            _term(quad.object, prefix, mimetype)))
    except SyntaxError as exc:
        raise ApiError(400, f"the {mimetype} body is not valid: {exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the {mimetype} body could not be read: {exc}") from None
    return triples
