"""The Flask application factory and the list of blueprints it registers.

``create_app(config)`` merges the configuration (defaults, file, ``CLAIMGRAPH_*`` environment,
then ``config``; see config.py), sets up the SPARQL service (store, query workers, writer; see
service.py), registers every blueprint named in ``BLUEPRINTS``, the one error handler, CORS for
reads and the request log. Run it with ``claimgraph serve`` (gunicorn), never Flask's dev server.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from typing import Any, Mapping

from flask import Flask, Response, g, request

from claimgraph.server.config import load_config
from claimgraph.server.errors import loggable, register_error_handlers
from claimgraph.server.service import EXTENSION, SparqlService
from claimgraph.server.store_view import get_store

__all__ = ["BLUEPRINTS", "create_app", "get_store"]

# "module:attribute" of each blueprint; other parts of claimgraph append theirs here.
BLUEPRINTS: list[str] = [
    "claimgraph.server.ratelimit:bp",   # first: refuses over-limit requests before other work
    "claimgraph.server.sparql:bp",
    "claimgraph.server.graphstore:bp",
    "claimgraph.server.void:bp",
    "claimgraph.server.api:bp",
    "claimgraph.server.reconcile:bp",
    "claimgraph.server.pages:bp",
    "claimgraph.server.graph_api:bp",
    "claimgraph.server.ledger_api:bp",
]

access_log = logging.getLogger("claimgraph.server.access")


def _setup_logging(level: str) -> None:
    logger = logging.getLogger("claimgraph")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level.upper())


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the claimgraph web application (see the module docstring)."""
    settings = load_config(config)
    app = Flask(__name__)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = int(settings["MAX_BODY"])
    app.json.sort_keys = False
    _setup_logging(str(settings["LOG_LEVEL"]))
    app.extensions[EXTENSION] = SparqlService.from_config(app.config)
    register_error_handlers(app)
    for spec in BLUEPRINTS:
        module_name, _, attribute = spec.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _after(response: Response) -> Response:
        _cors(app, response)
        _no_content_type_without_content(response)
        elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        # The path only, never the query string or headers: they may carry tokens or long queries.
        access_log.info("%s %s %d %.1fms %s", loggable(request.method), loggable(request.path),
                        response.status_code, elapsed, request.remote_addr or "-")
        return response

    return app


def _cors(app: Flask, response: Response) -> None:
    """Allow cross-origin reads: GET/HEAD anywhere, POST where the view says it only reads."""
    origin = app.config.get("CORS")
    if not origin:
        return
    view = app.view_functions.get(request.endpoint or "")
    read_post = bool(getattr(view, "cors_post", False))
    if request.method in ("GET", "HEAD") or (request.method == "POST" and read_post):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Content-Type, Content-Length"
        if origin != "*":
            response.vary.add("Origin")
    elif request.method == "OPTIONS" and view is not None:
        route_methods = request.url_rule.methods if request.url_rule is not None else set()
        shared = [m for m in ("GET", "HEAD", "POST")
                  if m in (route_methods or ()) and (m != "POST" or read_post)]
        if not shared:      # a write-only route (/update): no cross-origin request is allowed
            return
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = ", ".join([*shared, "OPTIONS"])
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"


def _no_content_type_without_content(response: Response) -> None:
    """A 204, and an empty 201 or OPTIONS answer, carry no Content-Type: Flask gives every
    response ``text/html`` unless told otherwise, which would describe a body that is not there."""
    if response.status_code == 204 or (
            (response.status_code == 201 or request.method == "OPTIONS")
            and response.mimetype == "text/html" and not response.is_streamed
            and not response.get_data()):
        del response.headers["Content-Type"]


def cors_read_post(view: Any) -> Any:
    """Mark a view whose POST only reads (e.g. a SPARQL query), so CORS allows it."""
    view.cors_post = True
    return view
