"""Answer a page request as HTML or as its JSON twin, and the 404 page for unknown resources."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, render_template, request

from claimgraph.server.web.rdfformats import wants_json


def respond(template: str, data: dict[str, Any], fmt: str | None = None,
            status: int = 200) -> Response:
    """``data`` as JSON when ``fmt`` is ``json`` (a ``.json`` URL) or the client prefers JSON;
    otherwise ``template`` rendered with ``data`` (as ``page``)."""
    if fmt == "json" or (fmt is None and wants_json(request)):
        body = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        response = Response(body, status=status, mimetype="application/json")
    else:
        response = Response(render_template(template, page=data, **data), status=status,
                            mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


TITLES = {400: "Bad Request", 404: "Not Found", 406: "Not Acceptable"}


def _browser(fmt: str | None) -> bool:
    if fmt == "html":
        return True
    if fmt is not None:
        return False
    accept = request.headers.get("Accept", "")
    return not accept or ("text/html" in accept and request.accept_mimetypes.best_match(
        ["text/html", "application/json"]) == "text/html")


def error(status: int, detail: str, fmt: str | None = None, iri: str | None = None,
          parameter: str | None = None) -> Response:
    """An error answer: an HTML page for browsers, the API's one error shape
    ``{"error": {"status", "title", "detail"}}`` for everything else, naming the ``parameter``
    that was wrong, as /api/queries does."""
    title = TITLES.get(status, "Error")
    if _browser(fmt):
        html = render_template("error.html", status=status, title=title, detail=detail, iri=iri)
        response = Response(html, status=status, mimetype="text/html")
    else:
        shape: dict[str, Any] = {"status": status, "title": title, "detail": detail}
        if parameter is not None:
            shape["parameter"] = parameter
        body = json.dumps({"error": shape})
        response = Response(body, status=status, mimetype="application/json")
    response.headers["Vary"] = "Accept"
    return response


def not_found(detail: str, fmt: str | None = None, iri: str | None = None) -> Response:
    """The 404 answer for an unknown resource or page."""
    return error(404, detail, fmt, iri)
