"""The W3C Entity Reconciliation Service API (version 0.2, as OpenRefine speaks it) at /reconcile.

- ``GET /reconcile`` without queries: the service manifest (JSONP with ``callback=``);
- ``GET|POST /reconcile`` with ``queries`` (a JSON object of query objects, form field or query
  parameter, as OpenRefine sends batches) or ``query`` (one query string or object);
- ``GET /reconcile/preview?id=city/pokrovsk``: a small HTML card of the entity;
- ``GET /reconcile/suggest/entity|type|property?prefix=…``: auto-completion.

Matching is in ``claimgraph.graph.link.reconcile``. The entities are read from the store and
kept for ``RECONCILE_CACHE_SECONDS`` (default 30) per application. Errors have the server's one
shape, ``{"error": {"status", "title", "detail"}}``.
"""

from __future__ import annotations

import html
import json
import re
import time
from typing import Any

from flask import Blueprint, Response, current_app, request

from claimgraph import __version__
from claimgraph.graph.link.model import ID, Entity, read_entities
from claimgraph.graph.link.reconcile import (PROPERTIES, TYPES, ReconcileError, describe,
                                             entity_id, reconcile, suggest)

bp = Blueprint("reconcile", __name__)
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
MAX_QUERIES = 100
DEFAULT_TYPES = ["Person", "Organization", "State", "City", "Region"]


def _error(status: int, detail: str) -> Response:
    titles = {400: "Bad Request", 404: "Not Found", 503: "Service Unavailable"}
    body = {"error": {"status": status, "title": titles.get(status, "Error"), "detail": detail}}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _json(data: Any) -> Response:
    text = json.dumps(data, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback:
        if not _CALLBACK.match(callback) or len(callback) > 100:
            return _error(400, "'callback' must be a JavaScript identifier path")
        return Response(f"/**/{callback}({text});", mimetype="application/javascript")
    response = Response(text, mimetype="application/json")
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def _store() -> Any:
    """The application's store, read through the server's query workers."""
    from claimgraph.server.store_view import get_store

    return get_store()


def _entities() -> list[Entity]:
    ttl = float(current_app.config.get("RECONCILE_CACHE_SECONDS", 30))
    cached = current_app.extensions.get("claimgraph.reconcile.entities")
    if cached and time.monotonic() - cached[0] < ttl:
        return cached[1]
    entities = read_entities(_store())
    current_app.extensions["claimgraph.reconcile.entities"] = (time.monotonic(), entities)
    return entities


def manifest() -> dict[str, Any]:
    """The service manifest, with URLs on this request's host."""
    root = request.url_root.rstrip("/")
    return {
        "versions": ["0.1", "0.2"],
        "name": "claimgraph actors and places",
        "identifierSpace": str(ID),
        "schemaSpace": "https://w3id.org/claimgraph/ontology#",
        "serviceVersion": __version__,
        "defaultTypes": [{"id": t, "name": t} for t in DEFAULT_TYPES],
        "view": {"url": f"{ID}{{{{id}}}}"},
        "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": 400, "height": 120},
        "suggest": {kind: {"service_url": root, "service_path": f"/reconcile/suggest/{kind}"}
                    for kind in ("entity", "type", "property")},
    }


def _parse(raw: str, what: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReconcileError(f"'{what}' is not valid JSON: {exc.msg} at character {exc.pos}"
                             ) from exc
    except RecursionError:  # json raises this, not JSONDecodeError, on very deep nesting
        raise ReconcileError(f"'{what}' is nested too deeply to be a reconciliation query"
                             ) from None


@bp.route("/reconcile", methods=["GET", "POST"])
def service() -> Response:
    """The manifest, or the answers to ``queries`` / ``query``."""
    raw_batch, raw_one = request.values.get("queries"), request.values.get("query")
    if raw_batch is None and raw_one is None:
        return _json(manifest())
    try:
        entities = _entities()
        if raw_batch is not None:
            batch = _parse(raw_batch, "queries")
            if not isinstance(batch, dict) or not batch:
                raise ReconcileError("'queries' must be a non-empty JSON object of query objects")
            if len(batch) > MAX_QUERIES:
                raise ReconcileError(f"at most {MAX_QUERIES} queries per request")
            out = {}
            for key, query in batch.items():
                try:
                    out[key] = {"result": [r.to_json() for r in reconcile(query, entities)]}
                except ReconcileError as exc:
                    raise ReconcileError(f"query {key!r}: {exc}") from exc
            return _json(out)
        query = _parse(raw_one, "query") if raw_one.lstrip().startswith("{") \
            else {"query": raw_one}
        return _json({"result": [r.to_json() for r in reconcile(query, entities)]})
    except ReconcileError as exc:
        return _error(400, str(exc))


@bp.route("/reconcile/preview")
def preview() -> Response:
    """A small HTML card for one entity."""
    wanted = request.args.get("id", "")
    entity = next((e for e in _entities() if entity_id(e) == wanted), None)
    if entity is None:
        return _error(404, f"no actor or place with id {wanted!r}")
    esc = html.escape
    rows = [f"<p>{esc(describe(entity))}</p>"]
    if entity.aliases:
        rows.append(f"<p>Also: {esc(', '.join(entity.aliases[:8]))}</p>")
    links = [s for s in entity.same_as if s.startswith("http")]
    if links:
        rows.append("<p>" + " ".join(f'<a href="{esc(s)}" target="_blank">{esc(s.rsplit("/", 1)[-1] or s)}</a>'
                                     for s in links) + "</p>")
    body = (f'<!doctype html><html><head><meta charset="utf-8"><title>{esc(entity.label)}</title>'
            f'</head><body style="margin:0;font:13px sans-serif"><h3 style="margin:4px 0">'
            f'<a href="{esc(str(entity.iri))}" target="_blank">{esc(entity.label)}</a></h3>'
            + "".join(rows) + "</body></html>")
    return Response(body, mimetype="text/html")


def _paging() -> tuple[int, int]:
    try:
        cursor = int(request.args.get("cursor", 0))
        limit = int(request.args.get("limit", 10))
    except ValueError as exc:
        raise ReconcileError("'cursor' and 'limit' must be integers") from exc
    if cursor < 0 or not 1 <= limit <= 100:
        raise ReconcileError("'cursor' must be at least 0 and 'limit' between 1 and 100")
    return cursor, limit


@bp.route("/reconcile/suggest/<kind>")
def suggest_service(kind: str) -> Response:
    """Auto-complete entities (optionally of a ``type``), types or properties by ``prefix``."""
    prefix = request.args.get("prefix")
    if kind not in ("entity", "type", "property"):
        return _error(404, f"no suggest service {kind!r}; there are entity, type and property")
    if prefix is None:
        return _error(400, "'prefix' is required")
    try:
        cursor, limit = _paging()
        if kind == "entity":
            types = request.args.getlist("type") or None
            if types and not set(types) <= set(TYPES):
                raise ReconcileError(f"unknown type; known types: {', '.join(TYPES)}")
            found = suggest(prefix, _entities(), types, limit, cursor)
            return _json({"result": [{"id": entity_id(e), "name": e.label,
                                      "description": describe(e),
                                      "notable": [{"id": e.cls, "name": e.cls}]}
                                     for e in found]})
        pool = {t: t for t in TYPES} if kind == "type" else PROPERTIES
        key = prefix.casefold()
        hits = [k for k in sorted(pool) if key in k.casefold() or key in pool[k].casefold()]
        return _json({"result": [{"id": k, "name": k, "description": pool[k]}
                                 for k in hits[cursor:cursor + limit]]})
    except ReconcileError as exc:
        return _error(400, str(exc))
