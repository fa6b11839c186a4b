"""``/api/graph/…``: the network analysis of ``claimgraph graph`` over HTTP, as JSON.

Endpoints (GET): ``stats``, ``rank``, ``communities``, ``path``, ``export?format=``. Every one
takes the projection parameters ``projection`` (actors, actor-location, statements, claims,
neighbourhood), ``entity`` and ``hops`` (neighbourhood), ``from``/``to`` (dates), ``kind`` and
``source`` (repeatable or comma-separated), ``min_weight``, and ``ego``/``radius``. ``rank``
adds ``metric``, ``top``, ``role``; ``communities`` ``method``, ``seed``, ``resolution``; ``path``
``start`` and ``end`` (IRIs or names; the claims projection unless ``projection`` is given).
``PARAMETERS`` and ``ENDPOINTS`` say which; openapi.py describes them from the same tables.

As the command refuses them, a parameter the endpoint does not take, one given twice (but
``kind`` and ``source``), a malformed value and a ``source`` no statement comes from are a 400
in the server's one error shape, with ``parameter`` naming it; a name that matches nothing is a
404 naming its parameter, an entity outside the projection or no path a 404, a store that fails
a 503.

The store is the server's read-only served store (``claimgraph.server.app.get_store``), so the
queries run in the query workers with the server's time and size limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from flask import Blueprint, Response, current_app, jsonify, request

from claimgraph.graph import network as net
from claimgraph.graph.store import Store, StoreError
from claimgraph.server.api import error_response

if TYPE_CHECKING:
    import networkx as nx

bp = Blueprint("graph_api", __name__)
MAX_TOP = 10_000
MAX_SEED = 2**31 - 1
ENTITY_DOC = "an IRI, a segment/slug path (person/vladimir-putin) or a name, alias or slug"

# Every parameter: (JSON schema, description). The integer ranges are the ones checked.
PARAMETERS: dict[str, tuple[dict[str, Any], str]] = {
    "projection": ({"enum": list(net.PROJECTION_NAMES)},
                   "Which network to build (default actors; claims for path)."),
    "entity": ({"type": "string", "maxLength": 500},
               f"Centre of the neighbourhood projection (required by it): {ENTITY_DOC}."),
    "hops": ({"type": "integer", "minimum": 0, "maximum": 4, "default": 1},
             "Radius of the neighbourhood projection."),
    "from": ({"type": "string", "format": "date"},
             "Only statements dated on or after (YYYY-MM-DD)."),
    "to": ({"type": "string", "format": "date"},
           "Only statements dated on or before (YYYY-MM-DD)."),
    "kind": ({"type": "array", "items": {"type": "string", "maxLength": 500}},
             "Only statements of these kinds (repeatable or comma-separated): claim, denial, "
             "assessment, …"),
    "source": ({"type": "array", "items": {"type": "string", "maxLength": 500}},
               "Only statements from these documents (repeatable or comma-separated): a "
               "document IRI or slug that some statement comes from."),
    "min_weight": ({"type": "number", "minimum": 0, "default": 0}, "Drop lighter edges."),
    "ego": ({"type": "string", "maxLength": 500},
            f"Keep only the ego network of this entity: {ENTITY_DOC}."),
    "radius": ({"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
               "Radius of the ego network."),
    "metric": ({"enum": list(net.METRICS), "default": "pagerank"}, "The centrality measure."),
    "top": ({"type": "integer", "minimum": 1, "maximum": MAX_TOP, "default": 10},
            "How many nodes."),
    "role": ({"enum": list(net.ROLES)},
             "Only nodes of this role: an actor, a location, or a node category."),
    "method": ({"enum": list(net.COMMUNITY_METHODS), "default": "louvain"},
               "The community detection method."),
    "seed": ({"type": "integer", "minimum": 0, "maximum": MAX_SEED, "default": 42},
             "The random seed, so that a run repeats."),
    "resolution": ({"type": "number", "exclusiveMinimum": 0, "default": 1.0},
                   "Louvain's resolution: above 1 favours smaller communities."),
    "start": ({"type": "string", "maxLength": 500}, f"Where the path starts: {ENTITY_DOC}."),
    "end": ({"type": "string", "maxLength": 500}, f"Where the path ends: {ENTITY_DOC}."),
    "format": ({"enum": list(net.FORMATS), "default": "node-link"}, "The export format."),
}
PROJECTION_PARAMETERS = ("projection", "entity", "hops", "from", "to", "kind", "source",
                         "min_weight", "ego", "radius")
# Each endpoint's own parameters, after the projection ones; path requires both of its own.
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "stats": (), "rank": ("metric", "top", "role"),
    "communities": ("method", "seed", "resolution"), "path": ("start", "end"),
    "export": ("format",)}
REQUIRED = {"path": ("start", "end")}
REPEATABLE = ("kind", "source")
# The network module's names of the filters, and the parameters that set them
_PARAMETER_OF_FIELD = {"date_from": "from", "date_to": "to", "kinds": "kind",
                       "sources": "source"}


class BadRequest(ValueError):
    """A query parameter that is unknown, missing, malformed or names nothing (``status``)."""

    def __init__(self, parameter: str, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.parameter, self.status = parameter, status


def _bad(parameter: str, reason: str, status: int = 400) -> BadRequest:
    return BadRequest(parameter, f"parameter {parameter!r}: {reason}", status)


def _check_names(endpoint: str) -> None:
    """Refuse a parameter the endpoint does not take, or one given twice."""
    allowed = (*PROJECTION_PARAMETERS, *ENDPOINTS[endpoint])
    for name in request.args:
        if name not in allowed:
            raise BadRequest(name, f"unknown parameter {name[:40]!r}: /api/graph/{endpoint} "
                                   "takes " + ", ".join(allowed))
        count = len(request.args.getlist(name))
        if count > 1 and name not in REPEATABLE:
            raise BadRequest(name, f"parameter {name!r} is given {count} times")
    for name in REQUIRED.get(endpoint, ()):
        if not request.args.get(name, "").strip():
            raise _bad(name, "is required (an IRI or a name)")


def _int(name: str) -> int:
    schema = PARAMETERS[name][0]
    raw = request.args.get(name)
    if raw is None or raw == "":
        return schema["default"]
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, f"{raw[:40]!r} is not an integer") from None
    if not schema["minimum"] <= value <= schema["maximum"]:
        raise _bad(name, f"{value} is out of range ({schema['minimum']} to "
                         f"{schema['maximum']})")
    return value


def _float(name: str, default: float) -> float:
    raw = request.args.get(name)
    try:
        return default if raw in (None, "") else float(raw)
    except ValueError:
        raise _bad(name, f"{raw[:40]!r} is not a number") from None


def _list(name: str) -> list[str]:
    return [part.strip() for raw in request.args.getlist(name) for part in raw.split(",")
            if part.strip()]


def _choice(name: str, default: str | None = None) -> str | None:
    choices = PARAMETERS[name][0]["enum"]
    value = request.args.get(name) or default
    if value is not None and value not in choices:
        raise _bad(name, f"{value[:40]!r} is not one of {', '.join(choices)}")
    return value


def _entity(store: Store, name: str) -> str:
    """The IRI the parameter ``name`` names; 404 when it names nothing, 400 when several."""
    try:
        return net.resolve(store, request.args[name])
    except net.NetworkError as exc:
        raise _bad(name, exc.reason, 404 if isinstance(exc, net.UnknownEntity) else 400) \
            from None


def _node(graph: nx.Graph, name: str, iri: str) -> str:
    """``iri`` (what the parameter ``name`` named) when it is a node of ``graph``; else 404."""
    if iri not in graph:
        raise _bad(name, f"{iri} is not a node of the {graph.graph.get('name', '')} graph", 404)
    return iri


def _with_store(endpoint: str, func: Callable[[Store], Any]) -> Response:
    from claimgraph.server.app import get_store

    try:
        _check_names(endpoint)
        return func(get_store())
    except BadRequest as exc:
        return error_response(exc.status, str(exc), parameter=exc.parameter)
    except (net.UnknownEntity, net.NoPath) as exc:
        return error_response(404, str(exc))
    except net.NetworkError as exc:
        if exc.field is None:
            return error_response(400, str(exc))
        parameter = _PARAMETER_OF_FIELD.get(exc.field, exc.field)
        return error_response(400, f"parameter {parameter!r}: {exc.reason}",
                              parameter=parameter)
    except StoreError as exc:
        current_app.logger.error("store error in /api/graph/%s: %s", endpoint, exc)
        return error_response(503, "the store could not answer")


def _graph(store: Store, default_projection: str = "actors") -> nx.Graph:
    projection = _choice("projection", default_projection)
    hops, radius = _int("hops"), _int("radius")
    filters = net.Filters.make(request.args.get("from"), request.args.get("to"), _list("kind"),
                               _list("source"), _float("min_weight", 0))
    unknown = net.unknown_sources(store, filters)
    if unknown:
        raise _bad("source", "no statement in the store comes from "
                             + ", ".join(f"<{iri}>" for iri in unknown))
    if projection == "neighbourhood" and not request.args.get("entity"):
        raise _bad("entity", "is required by the neighbourhood projection")
    centre = _entity(store, "entity") if request.args.get("entity") else None
    graph = net.build(store, projection, filters, centre, hops)
    if request.args.get("ego"):
        graph = net.ego(graph, _node(graph, "ego", _entity(store, "ego")), radius)
    return graph


@bp.get("/api/graph/stats")
def stats() -> Response:
    """Size, density, components and counts of a projection."""
    return _with_store("stats", lambda store: jsonify(net.stats(_graph(store))))


@bp.get("/api/graph/rank")
def rank() -> Response:
    """The most central nodes by ``metric``."""
    def run(store: Store) -> Response:
        metric, top, role = _choice("metric", "pagerank"), _int("top"), _choice("role")
        graph = _graph(store)
        return jsonify({"metric": metric, "results": net.rank(graph, metric, top, role)})
    return _with_store("rank", run)


@bp.get("/api/graph/communities")
def communities() -> Response:
    """Seeded communities of a projection, largest first."""
    def run(store: Store) -> Response:
        method = _choice("method", "louvain")
        seed = _int("seed")
        resolution = _float("resolution", 1.0)
        graph = _graph(store)
        found = [[{"iri": n, "label": graph.nodes[n].get("label", n)} for n in sorted(c)]
                 for c in net.communities(graph, method, seed, resolution)]
        return jsonify({"method": method, "seed": seed, "communities": found})
    return _with_store("communities", run)


@bp.get("/api/graph/path")
def path() -> Response:
    """The shortest path between ``start`` and ``end``, explained by its statements."""
    def run(store: Store) -> Response:
        source, target = _entity(store, "start"), _entity(store, "end")
        graph = _graph(store, "claims")
        return jsonify(net.path(graph, _node(graph, "start", source), _node(graph, "end", target)))
    return _with_store("path", run)


@bp.get("/api/graph/export")
def export() -> Response:
    """The projection as ``format`` (graphml, gexf, node-link, cytoscape, csv-nodes, csv-edges)."""
    def run(store: Store) -> Response:
        fmt = _choice("format", "node-link")
        graph = _graph(store)
        body = net.export(graph, fmt)
        from claimgraph.graph.network.formats import EXTENSIONS, MEDIA_TYPES

        name = f"claimgraph-{graph.graph.get('projection', 'graph')}.{EXTENSIONS[fmt]}"
        return Response(body, mimetype=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return _with_store("export", run)
