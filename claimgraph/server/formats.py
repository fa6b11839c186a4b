"""The format registry: names and MIME types of every answer format, and content negotiation.

Each ``Format`` says which kinds of result it can carry (``select``/``ask`` for SPARQL results,
``graph`` for RDF graphs), its MIME type, other MIME types clients use for it, the short names a
``format=`` parameter may use, and its serializer. Negotiation is a lookup in ``REGISTRY``:
``negotiate(accept_header, kind)`` implements RFC 9110 Accept matching (q-values, ``type/*`` and
``*/*``, most specific range wins), breaking ties by the client's order, then ours.
``prefers_html`` tells a browser (which gets a page) from a client that wants data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from claimgraph.server import serializers as ser
from claimgraph.server.graphwriter import graph_serializer

RESULTS = frozenset({"select", "ask"})
GRAPH = frozenset({"graph"})


@dataclass(frozen=True)
class Format:
    """One answer format (see module docstring)."""

    name: str
    kinds: frozenset[str]
    mimetype: str
    serialize: ser.Serializer
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    w3c_iri: str | None = None      # http://www.w3.org/ns/formats/..., for service descriptions
    extra_params: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        if self.mimetype.startswith("text/") or self.mimetype.endswith(("json", "xml")):
            return f"{self.mimetype}; charset=utf-8"
        return self.mimetype

    def media_types(self) -> tuple[str, ...]:
        return (self.mimetype, *self.aliases)


W3C = "http://www.w3.org/ns/formats/"

# Order is preference: the first format of a kind is the default for "*/*" or no Accept.
REGISTRY: tuple[Format, ...] = (
    Format("sparql-json", RESULTS, "application/sparql-results+json", ser.sparql_json,
           ("json", "srj"), ("application/json",), W3C + "SPARQL_Results_JSON"),
    Format("sparql-xml", RESULTS, "application/sparql-results+xml", ser.sparql_xml,
           ("xml", "srx"), ("application/xml", "text/xml"), W3C + "SPARQL_Results_XML"),
    Format("csv", RESULTS, "text/csv", ser.sparql_csv, ("csv",), (), W3C + "SPARQL_Results_CSV"),
    Format("tsv", RESULTS, "text/tab-separated-values", ser.sparql_tsv, ("tsv",), (),
           W3C + "SPARQL_Results_TSV"),
    Format("turtle", GRAPH, "text/turtle", graph_serializer("turtle"), ("turtle", "ttl"),
           ("application/x-turtle",), W3C + "Turtle"),
    Format("ntriples", GRAPH, "application/n-triples", graph_serializer("ntriples"),
           ("ntriples", "nt", "n-triples"), ("text/plain",), W3C + "N-Triples"),
    Format("nquads", GRAPH, "application/n-quads", graph_serializer("nquads"),
           ("nquads", "nq", "n-quads"), (), W3C + "N-Quads"),
    Format("trig", GRAPH, "application/trig", graph_serializer("trig"), ("trig",), (),
           W3C + "TriG"),
    Format("jsonld", GRAPH, "application/ld+json", graph_serializer("jsonld"),
           ("jsonld", "json-ld", "json"), ("application/json",), W3C + "JSON-LD"),
    Format("rdfxml", GRAPH, "application/rdf+xml", graph_serializer("rdfxml"),
           ("rdfxml", "rdf", "xml", "rdf+xml"), ("application/xml", "text/xml"), W3C + "RDF_XML"),
)


def formats_for(kind: str) -> list[Format]:
    """The formats that can carry a result of ``kind`` (``select``, ``ask`` or ``graph``)."""
    return [fmt for fmt in REGISTRY if kind in fmt.kinds]


def by_name(name: str, kind: str) -> Format | None:
    """The format a ``format=`` value names for ``kind``: a short name, or a MIME type."""
    # a "+" written unencoded in a URL arrives as a space: application/sparql-results xml
    wanted = name.strip().lower().replace(" ", "+")
    for fmt in formats_for(kind):
        if wanted == fmt.name or wanted in fmt.names or wanted in fmt.media_types():
            return fmt
    return None


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header."""

    type: str
    subtype: str
    q: float
    order: int

    def specificity(self, mimetype: str) -> int:
        """-1 if this range does not match ``mimetype``; else 0 (*/*), 1 (type/*) or 2 (exact)."""
        mtype, _, msub = mimetype.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed elements are skipped, a bad q counts as 0."""
    ranges: list[MediaRange] = []
    for order, element in enumerate((header or "").split(",")):
        params = [part.strip() for part in element.split(";")]
        media = params[0].lower()
        if "/" not in media:
            if media == "*":        # some clients send a bare "*"
                media = "*/*"
            else:
                continue
        mtype, _, subtype = media.partition("/")
        if not mtype or not subtype or (mtype == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(mtype, subtype, q, order))
    return ranges


def quality(ranges: Iterable[MediaRange], mimetype: str) -> tuple[float, int, int]:
    """(q, specificity, -order) of the most specific range matching ``mimetype``; q=0 if none."""
    best: tuple[int, MediaRange] | None = None
    for media_range in ranges:
        spec = media_range.specificity(mimetype)
        if spec >= 0 and (best is None or spec > best[0]):
            best = (spec, media_range)
    if best is None:
        return (0.0, -1, 0)
    return (best[1].q, best[0], -best[1].order)


def negotiate(accept: str | None, kind: str,
              candidates: Iterable[Format] | None = None) -> Format | None:
    """The best format of ``kind`` for an Accept header, or None if none is acceptable.

    No Accept header (or an empty one) means anything: our first format of that kind.
    """
    if candidates is None:
        return _negotiate_cached(accept, kind)
    return _negotiate(accept, list(candidates))


@lru_cache(maxsize=512)
def _negotiate_cached(accept: str | None, kind: str) -> Format | None:
    # Clients send the same few Accept headers again and again; matching one against every
    # format costs more than the rest of a cheap query's request handling in the web process.
    return _negotiate(accept, formats_for(kind))


def _negotiate(accept: str | None, formats: list[Format]) -> Format | None:
    if not accept or not accept.strip():
        return formats[0] if formats else None
    ranges = parse_accept(accept)
    if not ranges:
        return formats[0] if formats else None
    best: tuple[tuple[float, int, int, int], Format] | None = None
    for preference, fmt in enumerate(formats):
        # A format matched through an alias counts a little less than one matched through its
        # own type, however specific the range: "text/*" is text/csv before SPARQL XML's
        # alias text/xml, which would answer as application/sparql-results+xml.
        for alias_rank, mimetype in enumerate(fmt.media_types()):
            q, spec, order = quality(ranges, mimetype)
            if q <= 0:
                continue
            key = (q, spec, order if alias_rank == 0 else order - 1000, -preference)
            if best is None or key > best[0]:
                best = (key, fmt)
    return best[1] if best else None


def prefers_html(accept: str | None, kinds: Iterable[str]) -> bool:
    """Whether an Accept header is a browser's: it names ``text/html`` itself and ranks it above
    every type that can carry an answer of ``kinds`` (by q, then by how specific the matching
    range is). A tie goes to the data, so a client that names a result type as high as
    ``text/html``, or accepts only ``*/*``, or sends no Accept, gets data."""
    if not accept or "text/html" not in accept.lower():
        return False
    return _prefers_html_cached(accept, tuple(kinds))


@lru_cache(maxsize=512)
def _prefers_html_cached(accept: str, kinds: tuple[str, ...]) -> bool:
    ranges = parse_accept(accept)
    html = quality(ranges, "text/html")
    best_data = max((quality(ranges, media)[:2] for kind in kinds for fmt in formats_for(kind)
                     for media in fmt.media_types()), default=(0.0, -1))
    return html[0] > 0 and html[1] == 2 and html[:2] > best_data


def acceptable_types(kind: str) -> str:
    """The MIME types offered for ``kind``, for a 406 message."""
    return ", ".join(fmt.mimetype for fmt in formats_for(kind))

# Formats the Graph Store accepts in uploads (see rdfinput.py), for the service description.
UPLOAD_W3C = (W3C + "Turtle", W3C + "N-Triples", W3C + "RDF_XML", W3C + "JSON-LD")
