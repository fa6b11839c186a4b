"""``/api/graph/…``: the network analysis of ``claimgraph graph`` over HTTP, as JSON.

Endpoints (GET): ``stats``, ``rank``, ``communities``, ``path``, ``export?format=``. Every one
takes the projection parameters ``projection`` (actors, actor-location, statements, claims,
neighbourhood), ``entity`` and ``hops`` (neighbourhood), ``from``/``to`` (dates), ``kind`` and
``source`` (repeatable or comma-separated), ``min_weight``, and ``ego``/``radius``. ``rank``
adds ``metric``, ``top``, ``role``; ``communities`` ``method``, ``seed``, ``resolution``; ``path``
``start`` and ``end`` (IRIs or names; the claims projection unless ``projection`` is given).
Errors are ``{"error": {"status", "title", "detail"}}``: 400 bad input, 404 unknown entity or no
path, 503 store unavailable.

The store is the server's read-only served store (``claimgraph.server.app.get_store``), so the
queries run in the query workers with the server's time and size limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from flask import Blueprint, Response, jsonify, request
from werkzeug.http import HTTP_STATUS_CODES

from claimgraph.graph import network as net
from claimgraph.graph.store import Store

if TYPE_CHECKING:
    import networkx as nx

bp = Blueprint("graph_api", __name__)
MAX_TOP = 10_000


class BadRequest(ValueError):
    """A query parameter that is missing or malformed."""


def _error(status: int, detail: str) -> Response:
    response = jsonify({"error": {"status": status, "title": HTTP_STATUS_CODES.get(status, ""),
                                  "detail": detail}})
    response.status_code = status
    return response


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name}: {raw!r} is not an integer") from None
    if not low <= value <= high:
        raise BadRequest(f"{name}: {value} is out of range ({low} to {high})")
    return value


def _float(name: str, default: float) -> float:
    raw = request.args.get(name)
    try:
        return default if raw in (None, "") else float(raw)
    except ValueError:
        raise BadRequest(f"{name}: {raw!r} is not a number") from None


def _list(name: str) -> list[str]:
    return [part.strip() for raw in request.args.getlist(name) for part in raw.split(",")
            if part.strip()]


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = request.args.get(name) or default
    if value not in choices:
        raise BadRequest(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


def _with_store(func: Callable[[Store], Any]) -> Response:
    from claimgraph.server.app import get_store

    try:
        return func(get_store())
    except BadRequest as exc:
        return _error(400, str(exc))
    except (net.UnknownEntity, net.NoPath) as exc:
        return _error(404, str(exc))
    except net.NetworkError as exc:
        return _error(400, str(exc))


def _graph(store: Store, default_projection: str = "actors") -> nx.Graph:
    projection = _choice("projection", default_projection, net.PROJECTION_NAMES)
    filters = net.Filters.make(request.args.get("from"), request.args.get("to"), _list("kind"),
                               _list("source"), _float("min_weight", 0))
    entity = request.args.get("entity")
    centre = net.resolve(store, entity) if entity else None
    graph = net.build(store, projection, filters, centre, _int("hops", 1, 0, 4))
    if request.args.get("ego"):
        graph = net.ego(graph, net.resolve(store, request.args["ego"]),
                        _int("radius", 1, 1, 10))
    return graph


@bp.get("/api/graph/stats")
def stats() -> Response:
    """Size, density, components and counts of a projection."""
    return _with_store(lambda store: jsonify(net.stats(_graph(store))))


@bp.get("/api/graph/rank")
def rank() -> Response:
    """The most central nodes by ``metric``."""
    def run(store: Store) -> Response:
        metric = _choice("metric", "pagerank", net.METRICS)
        top = _int("top", 10, 1, MAX_TOP)
        graph = _graph(store)
        return jsonify({"metric": metric,
                        "results": net.rank(graph, metric, top, request.args.get("role"))})
    return _with_store(run)


@bp.get("/api/graph/communities")
def communities() -> Response:
    """Seeded communities of a projection, largest first."""
    def run(store: Store) -> Response:
        method = _choice("method", "louvain", net.COMMUNITY_METHODS)
        seed = _int("seed", 42, 0, 2**31 - 1)
        resolution = _float("resolution", 1.0)
        graph = _graph(store)
        found = [[{"iri": n, "label": graph.nodes[n].get("label", n)} for n in sorted(c)]
                 for c in net.communities(graph, method, seed, resolution)]
        return jsonify({"method": method, "seed": seed, "communities": found})
    return _with_store(run)


@bp.get("/api/graph/path")
def path() -> Response:
    """The shortest path between ``start`` and ``end``, explained by its statements."""
    def run(store: Store) -> Response:
        start, end = request.args.get("start"), request.args.get("end")
        if not start or not end:
            raise BadRequest("start and end are required (IRIs or names)")
        source, target = net.resolve(store, start), net.resolve(store, end)
        return jsonify(net.path(_graph(store, "claims"), source, target))
    return _with_store(run)


@bp.get("/api/graph/export")
def export() -> Response:
    """The projection as ``format`` (graphml, gexf, node-link, cytoscape, csv-nodes, csv-edges)."""
    def run(store: Store) -> Response:
        fmt = _choice("format", "node-link", net.FORMATS)
        graph = _graph(store)
        body = net.export(graph, fmt)
        from claimgraph.graph.network.formats import EXTENSIONS, MEDIA_TYPES

        name = f"claimgraph-{graph.graph.get('projection', 'graph')}.{EXTENSIONS[fmt]}"
        return Response(body, mimetype=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return _with_store(run)
