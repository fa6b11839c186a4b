"""The app the web tests run: the real create_app when the server package has it, otherwise a
minimal Flask app with the pages blueprint and test-only stand-ins for /sparql and /api/search
(so the pages can be tested before the endpoint and catalog land)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, Response, render_template, request

from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
from claimgraph.graph.store import Store


def seeded_store() -> Store:
    """A memory store holding the bundled seed annotation(s)."""
    try:
        from claimgraph.graph.store import open_store
        store = open_store("memory:")
    except Exception:  # the backend is not in the tree yet
        from tests.server.memstore import MemoryStore
        store = MemoryStore()
    for path in bundled_annotations():
        graph_iri, graph = annotation_to_graph(Path(path))
        store.replace_graph(graph_iri, graph)
    return store


def make_app(store: Store) -> Flask:
    """The app under test, with ``store``."""
    try:
        from claimgraph.server.app import create_app
    except ImportError:
        return _minimal_app(store)
    app = create_app({"STORE": store, "TESTING": True})
    from claimgraph.server import pages
    if "pages" not in app.blueprints:
        app.register_blueprint(pages.bp)
    return app


def _minimal_app(store: Store) -> Flask:
    from claimgraph.server import pages
    app = Flask("claimgraph.server")
    app.config.update(STORE=store, TESTING=True)
    app.extensions["claimgraph.store"] = store
    app.register_blueprint(pages.bp)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:  # test stand-in: SPARQL JSON results only
        query = request.values.get("query")
        if not query:
            return Response(render_template("sparql.html"), mimetype="text/html")
        result = store.query(query)
        if result.kind == "ask":
            body = {"head": {}, "boolean": result.boolean}
        else:
            bindings = []
            for row in result.rows:
                binding = {}
                for name, term in row.items():
                    kind = "uri" if term.__class__.__name__ == "URIRef" else "literal"
                    binding[name] = {"type": kind, "value": str(term)}
                bindings.append(binding)
            body = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return Response(json.dumps(body), mimetype="application/sparql-results+json")

    try:
        from claimgraph.server.api import bp as api_bp
    except ImportError:
        api_bp = None
    if api_bp is not None:
        app.register_blueprint(api_bp)
        return app

    @app.route("/api/search")
    def search() -> Response:  # test stand-in until the API blueprint is in the tree
        q = request.args.get("q", "").lower()
        rows = store.query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                           "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l }").rows
        hits = [{"entity": str(r["s"]), "label": str(r["l"])} for r in rows
                if str(r["l"]).lower().startswith(q)][:10]
        return Response(json.dumps({"q": q, "results": hits}), mimetype="application/json")

    return app
