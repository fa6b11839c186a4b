"""Content negotiation for resource pages: which representation a request wants, and RDF output.

Representations of a minted resource, by suffix or ``Accept`` (HTML first, so a bare ``*/*``
gets the page): ``.html`` text/html, ``.json`` the page's data (Datasette-style machine twin),
``.ttl`` text/turtle, ``.jsonld`` application/ld+json, ``.nt`` application/n-triples,
``.rdf`` application/rdf+xml.
"""

from __future__ import annotations

from flask import Request

from claimgraph.server import graphwriter
from claimgraph.server.web.vocab import PREFIXES

# suffix -> (media type, graphwriter format or None for non-RDF)
FORMATS: dict[str, tuple[str, str | None]] = {
    "html": ("text/html", None),
    "json": ("application/json", None),
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "jsonld"),
    "nt": ("application/n-triples", "ntriples"),
    "rdf": ("application/rdf+xml", "rdfxml"),
}
_BY_TYPE = {media: suffix for suffix, (media, _) in FORMATS.items()}
_ALIASES = {"application/xhtml+xml": "html", "application/x-turtle": "ttl",
            "application/json-ld": "jsonld", "text/n-triples": "nt", "application/xml": "rdf",
            "text/xml": "rdf"}
RDF_SUFFIXES = tuple(s for s, (_, fmt) in FORMATS.items() if fmt)


def split_suffix(path: str) -> tuple[str, str | None]:
    """``("person/x", "ttl")`` for ``person/x.ttl``; the suffix is None when there is none."""
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in FORMATS and stem:
        return stem, suffix
    return path, None


def negotiate(request: Request) -> str | None:
    """The suffix of the representation ``request``'s Accept header prefers, None if none fits."""
    accept = request.accept_mimetypes
    if not accept or not request.headers.get("Accept", "").strip():
        return "html"
    offered = [media for media, _ in FORMATS.values()] + list(_ALIASES)
    best = accept.best_match(offered)
    if best is None:
        return None
    return _BY_TYPE.get(best) or _ALIASES[best]


def wants_json(request: Request) -> bool:
    """Whether a client asks for JSON rather than HTML (the machine twin of a page)."""
    if not request.headers.get("Accept"):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and \
        request.accept_mimetypes["application/json"] > request.accept_mimetypes["text/html"]


def serialize(graph: graphwriter.GraphAnswer, suffix: str) -> tuple[bytes, str]:
    """``graph`` in the RDF format of ``suffix``, with its media type: the store's terms as they
    are, IRIs named with the site's prefixes (JSON-LD compacted with them); Unwritable if that
    format cannot carry it (see graphwriter.py)."""
    media, fmt = FORMATS[suffix]
    assert fmt is not None, suffix
    body = graphwriter.write(graph, fmt, prefixes=PREFIXES, compact=True)
    charset = "; charset=utf-8" if fmt != "rdfxml" else ""
    return body, media + charset
