"""A minimal SPARQL 1.1 protocol server over pyoxigraph, for testing the ``sparql:`` backend.

It speaks the real protocol over HTTP on 127.0.0.1 (GET and form/direct POST queries and updates,
``default-graph-uri`` / ``named-graph-uri``, content negotiation, 400 on syntax errors) and runs
queries that name no graph over the union of the named graphs, as Virtuoso does.
"""

from __future__ import annotations

import threading
from typing import Iterator

import pyoxigraph as ox
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def _app(store: ox.Store):
    @Request.application
    def app(request: Request) -> Response:
        form = request.form if request.method == "POST" else request.args
        content_type = (request.mimetype or "").lower()
        query = form.get("query") or request.args.get("query")
        update = form.get("update")
        if request.method == "POST" and content_type == "application/sparql-query":
            query = request.get_data(as_text=True)
        if request.method == "POST" and content_type == "application/sparql-update":
            update = request.get_data(as_text=True)
        try:
            if update is not None:
                store.update(update)
                return Response(status=204)
            if query is None:
                return Response("missing query", status=400)
            defaults = form.getlist("default-graph-uri") + request.args.getlist("default-graph-uri")
            named = form.getlist("named-graph-uri") + request.args.getlist("named-graph-uri")
            options: dict = {}
            if defaults or named:
                options["default_graph"] = [ox.NamedNode(g) for g in defaults]
                options["named_graphs"] = [ox.NamedNode(g) for g in named]
            elif " FROM " not in query.upper():
                options["use_default_graph_as_union"] = True
            result = store.query(query, **options)
        except SyntaxError as error:
            return Response(f"syntax error: {error}", status=400)
        accept = request.headers.get("Accept", "")
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            if "application/sparql-results+json" not in accept:
                return Response("not acceptable", status=406)
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
            return Response(body, content_type="application/sparql-results+json")
        if "application/n-triples" not in accept:
            return Response("not acceptable", status=406)
        body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        return Response(body, content_type="application/n-triples")

    return app


class SparqlProtocolServer:
    """Serve a fresh in-memory pyoxigraph store at ``self.url`` until ``stop()``."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self._server = make_server("127.0.0.1", 0, _app(self.store), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(5)


def serve() -> Iterator[SparqlProtocolServer]:
    """A generator usable as a pytest fixture body."""
    server = SparqlProtocolServer()
    try:
        yield server
    finally:
        server.stop()
