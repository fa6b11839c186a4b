"""The endpoint benchmark's floor: a bare Flask app under gunicorn over raw pyoxigraph.

The reference the endpoint issue measured ("a bare Flask + gunicorn app over pyoxigraph"), run
beside claimgraph and rdflib-endpoint in bench/bench_endpoint.py, so that the cost of what
claimgraph adds is a figure of the same run. ``/sparql`` takes ``query`` by GET or POST form,
evaluates it in the web process on a pyoxigraph memory store holding the union of the data's
named graphs as a set (each distinct triple once in the default graph: what claimgraph's served
copy reads for a query that names no graph, graph/backends/union_copy.py), and answers in SPARQL
JSON written by pyoxigraph itself. Nothing else: no process isolation, time limit, result limit,
query checks, content negotiation, request log or CORS, and so no protection either (any query
can hold or crash it). A baseline to measure, never a server to deploy.

    gunicorn -k gthread --preload 'bench.bare_endpoint:create_app("data.nq")'
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Flask, Response, request

JSON = "application/sparql-results+json"


def union_store(path: str) -> ox.Store:
    """A memory store whose default graph holds each distinct triple of the N-Quads (or TriG)
    file at ``path`` once, whatever graphs held it."""
    fmt = ox.RdfFormat.TRIG if path.endswith(".trig") else ox.RdfFormat.N_QUADS
    store = ox.Store()
    store.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object)
                      for quad in ox.parse(path=path, format=fmt))
    return store


def create_app(path: str) -> Flask:
    """The bare endpoint over the data at ``path``."""
    store = union_store(path)
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        query = request.values.get("query")
        if query is None:
            return Response("no query\n", status=400, mimetype="text/plain")
        try:
            answer = store.query(query)
            if isinstance(answer, ox.QueryTriples):
                return Response("only SELECT and ASK\n", status=400, mimetype="text/plain")
            body = answer.serialize(format=ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            return Response(f"{error}\n", status=400, mimetype="text/plain")
        return Response(body, content_type=JSON)

    return app
