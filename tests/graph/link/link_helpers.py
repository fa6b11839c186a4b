"""Helpers for the linking tests: a live SPARQL endpoint on 127.0.0.1 over pyoxigraph, the
decoy data we add to the reference extract, and helpers to strip and collect hand-entered links."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from claimgraph.graph.link.model import CG

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "wikidata-seed.ttl"

# Test data of our own: a second "Pokrovsk" in another oblast, far from the real one, and a
# human whose name is that of a city. Their IRIs are deliberately not Wikidata's.
DECOYS = """
@prefix wd:   <http://www.wikidata.org/entity/> .
@prefix wdt:  <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix geo:  <http://www.opengis.net/ont/geosparql#> .
@prefix t:    <http://example.org/test-decoy/> .
t:pokrovsk-dnipropetrovsk wdt:P31 wd:Q515 ; wdt:P17 wd:Q212 ; wdt:P131 wd:Q170672 ;
    rdfs:label "Pokrovsk"@en , "Покровськ"@uk ;
    wdt:P625 "Point(35.0 48.4)"^^geo:wktLiteral .
t:vovchansk-the-person wdt:P31 wd:Q5 ; rdfs:label "Vovchansk"@en .
"""


class _QuietHandler(WSGIRequestHandler):
    def log(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass


class SparqlTestEndpoint:
    """A SPARQL 1.1 protocol query endpoint (GET, POST form, POST sparql-query) over pyoxigraph,
    served by werkzeug in a thread. It counts requests, keeps their User-Agent headers and can
    be told to fail the next N requests with 503, to test retries."""

    def __init__(self, *turtle: str) -> None:
        self.store = ox.Store()
        for text in turtle:
            self.store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        self.requests = 0
        self.user_agents: list[str] = []
        self.fail_next = 0
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True,
                                   request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _app(self, environ, start_response):  # type: ignore[no-untyped-def]
        request = Request(environ)
        self.requests += 1
        self.user_agents.append(request.headers.get("User-Agent", ""))
        if self.fail_next > 0:
            self.fail_next -= 1
            return Response("busy", status=503, headers={"Retry-After": "0"})(
                environ, start_response)
        if request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        else:
            query = request.values.get("query")
        if not query:
            return Response("no query", status=400)(environ, start_response)
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            return Response(str(exc), status=400)(environ, start_response)
        if isinstance(result, ox.QueryBoolean):
            body = b'{"head":{},"boolean":%s}' % (b"true" if bool(result) else b"false")
        else:
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")(environ, start_response)

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(5)


def unlinked_copy(graph: Graph) -> Graph:
    """The graph without owl:sameAs and cg:wikidata triples."""
    out = Graph()
    for s, p, o in graph:
        if p not in (OWL.sameAs, CG.wikidata):
            out.add((s, p, o))
    return out


def truth(graph: Graph) -> dict[URIRef, URIRef]:
    """Entity -> the Wikidata item the hand annotation links it to."""
    return {s: o for s, o in graph.subject_objects(OWL.sameAs)  # type: ignore[misc]
            if str(o).startswith("http://www.wikidata.org/entity/")}
